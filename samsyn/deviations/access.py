"""Who may see and do what with deviations (DOMAIN.md section 2, issue "Access").

- Staff of the reporting or the counterpart provider see the case (INVOLVED); county
  analysts see every case in their county, read-only (COUNTY); nobody else.
- Reporters and handlers report for their own provider.
- Only handlers of the responsible provider (the counterpart) acknowledge, analyse,
  decide measures, follow up, close and lift: services ask `can(actor,
  "deviations.handle", deviation.responsible_side)`.
- Staff of both providers comment in the thread.
"""

from samsyn.core.access import STAFF, Scope, register_permissions
from samsyn.parties.models import Role

register_permissions(
    {
        "deviations.view": {
            **{role: Scope.INVOLVED for role in STAFF},
            Role.COUNTY_ANALYST: Scope.COUNTY,
        },
        "deviations.report": {Role.REPORTER: Scope.INVOLVED, Role.HANDLER: Scope.INVOLVED},
        "deviations.handle": {Role.HANDLER: Scope.INVOLVED},
        "deviations.comment": {role: Scope.INVOLVED for role in STAFF},
    }
)
