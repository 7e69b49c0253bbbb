"""Who may see and handle disagreements (the addendum presentation, #HoSavtal2027: "Varje part ska
ha en organisation").

- The people on the ladder are the managers (steps 1–3) of the two parties: they see and
  handle the case, whichever of their party's providers they sit at. Handlers and reporters
  of deviations do not see disagreements: a deviation is handed over to the managers.
- Each step of the ladder is held by that step's managers ("disagreements.handle_step1/2/3"):
  they are told when the case reaches their step, and it waits for them there.
- Step 3 outcomes (economic settlement, general court, agreement at step 3) are recorded only
  by a step 3 manager (highest management or political level) of one of the parties.
- County analysts read every case in their county, and write nothing.
- Documents attached to a disagreement (issue 18) are seen by the managers of the two parties
  at every step ("disagreements.attachments": the people on the case's ladder, so step 2 and 3
  read what step 1 attached), and added by the owners of the case's current step (the move's
  `offered`, and its service). Not county analysts: a document may hold what the free-text
  guard cannot check (a patient's name in a scanned letter), and the analysts' reading is the
  case's text. Not the lessons library, not other parties, not deviation handlers.
- The lessons library (Vägledande lösningar) is readable by everyone signed in, for their own
  county: a lesson is written for county-wide sharing, not across counties.
- Economic agreements: seen by the managers and administrators of the two parties and by
  county analysts; made by step 2/3 managers and administrators of a party.
- The people who work for a party (not the county-wide roles) can take part in a step's
  meetings and be appointed to the party's organisation ("disagreements.take_part").
"""

from samsyn.core.access import STAFF, Scope, register_permissions
from samsyn.parties.models import Role

R = Role
# The role that holds each step of the ladder: appointing a person to step N gives it.
STEP_ROLES = {1: R.MANAGER_STEP1, 2: R.MANAGER_STEP2, 3: R.MANAGER_STEP3}
_MANAGERS = {role: Scope.PARTY for role in STEP_ROLES.values()}

register_permissions(
    {
        "disagreements.view": {**_MANAGERS, R.COUNTY_ANALYST: Scope.COUNTY},
        "disagreements.handle": dict(_MANAGERS),
        **{
            f"disagreements.handle_step{step}": {role: Scope.PARTY}
            for step, role in STEP_ROLES.items()
        },
        "disagreements.decide_step3": {R.MANAGER_STEP3: Scope.PARTY},
        "disagreements.attachments": dict(_MANAGERS),
        "disagreements.lessons.view": {role: Scope.COUNTY for role in R},
        "disagreements.take_part": {
            **{role: Scope.PARTY for role in STAFF},
            R.ADMINISTRATOR: Scope.PARTY,
        },
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


def step_role(step: int) -> str:
    """The role a person is given to hold this step for their party."""
    return STEP_ROLES[step]


def step_of_role(role: str) -> int | None:
    """Which step of the ladder a role holds, if any."""
    return next((step for step, r in STEP_ROLES.items() if r == role), None)
