"""Who may see and handle disagreements (seed 003: "Varje part ska ha en organisation").

- The people on the ladder are the managers (steps 1–3) of the two parties: they see and
  handle the case, whichever of their party's providers they sit at. Handlers and reporters
  of deviations do not see disagreements: a deviation is handed over to the managers.
- Step 3 outcomes (economic settlement, general court, agreement at step 3) are recorded only
  by a step 3 manager (highest management or political level) of one of the parties.
- County analysts read every case in their county, and write nothing.
- The lessons library (Vägledande lösningar) is readable by everyone signed in.
- Economic agreements: seen by the managers and administrators of the two parties and by
  county analysts; made by step 2/3 managers and administrators of a party.
"""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

R = Role
_MANAGERS = {
    R.MANAGER_STEP1: Scope.PARTY,
    R.MANAGER_STEP2: Scope.PARTY,
    R.MANAGER_STEP3: Scope.PARTY,
}

register_permissions(
    {
        "disagreements.view": {**_MANAGERS, R.COUNTY_ANALYST: Scope.COUNTY},
        "disagreements.handle": dict(_MANAGERS),
        "disagreements.decide_step3": {R.MANAGER_STEP3: Scope.PARTY},
        "disagreements.economic_agreements.view": {
            **_MANAGERS,
            R.ADMINISTRATOR: Scope.PARTY,
            R.COUNTY_ANALYST: Scope.COUNTY,
        },
        "disagreements.economic_agreements.edit": {
            R.MANAGER_STEP2: Scope.PARTY,
            R.MANAGER_STEP3: Scope.PARTY,
            R.ADMINISTRATOR: Scope.PARTY,
        },
    }
)
