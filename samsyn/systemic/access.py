"""Who may see and keep systemic issues in cooperation (issue 19 item 5).

- The coordinators group cases that share a cause into one systemic issue and keep it: the
  sub-regional coordinators for their cooperation area (the issue's area), the county
  coordinators for the county. They group the cases they see: the cases lifted to their level.
- County analysts read every systemic issue of their county.
- The managers of the parties of the member cases read it, and lift it to the ladder as one
  disagreement (the ladder is theirs: "disagreements.handle", judged on the issue).
"""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

R = Role
_MANAGE = {R.SUBREGIONAL_COORDINATOR: Scope.AREA, R.COUNTY_COORDINATOR: Scope.COUNTY}

register_permissions(
    {
        "systemic.manage": dict(_MANAGE),
        "systemic.view": {
            **_MANAGE,
            R.COUNTY_ANALYST: Scope.COUNTY,
            R.MANAGER_STEP1: Scope.PARTY,
            R.MANAGER_STEP2: Scope.PARTY,
            R.MANAGER_STEP3: Scope.PARTY,
        },
    }
)
