"""Who may see and do what with deviations (DOMAIN.md section 2, issues "Access" and 17).

- Inner secrecy (issue 17 item 6): reporters see their own reports and the cases of their
  unit, never the whole provider (OWN_UNIT: a reporter without a unit sees her own reports
  only); handlers see the cases of their unit, or of the whole provider when they hold the
  role at no particular unit (the provider-wide handler); managers see their provider's
  cases; the party's deviation coordinator sees the cases of every provider of the party;
  county analysts see every case in their county, read-only. Exports follow the same rule.
- Reporters and handlers report for their own provider (a new report is their own, at the
  provider where they hold the role).
- Only the receiver handles the case: the receiving unit's handlers, the provider-wide
  handlers and the party's deviation coordinator (who receives what nobody else would):
  services ask `can(actor, "deviations.handle", deviation.responsible_side)`.
- The reporting side answers for its own report: it accepts or questions the receiver's
  answer and re-routes or closes a case sent back ("deviations.report" on
  `deviation.reporting_side`, which holds the reporter too).
- Everyone who sees the case writes in its thread.
- A lifted case lands with the coordinators of its level: the sub-regional coordinators of the
  parties' cooperation areas, or the county coordinators ("deviations.coordinate_lift" on
  `deviation.lift_side`); a coordinator of another area is refused.
- The patient's identity and the attachments (issue 18) are seen by the handlers of the two
  units involved only ("deviations.patient_data" on `patient_data_side(deviation)`): the
  reporting unit's and the receiving unit's handlers, and a provider-wide handler of either
  provider (the provider's own handlers, who receive a case when its unit has none); the
  party's deviation coordinator only where it is the receiver on its side (no handler at the
  unit nor at the provider, routing.py's order). Not county analysts, not managers, not other
  units, not the reporter as such, not the patient-safety lead.
- The lex Maria assessment is the receiving provider's patient-safety lead's (MAS, chief
  physician): "deviations.assess_lex_maria" on `lex_maria_side(deviation)`; where the provider
  has none, its party's deviation coordinator (shown as a gap). The patient-safety lead sees
  every case of its provider and writes in its thread.
- County analysts re-code "Annat" cases of their county to a category that can be chosen
  (issue 19 item 4): "deviations.recode", the one thing they write on a case.
"""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

R = Role
_MANAGERS = {role: Scope.INVOLVED for role in (R.MANAGER_STEP1, R.MANAGER_STEP2, R.MANAGER_STEP3)}
# Who sees a case, and writes in its thread.
_SEE = {
    R.REPORTER: Scope.OWN_UNIT,
    R.HANDLER: Scope.UNIT,
    **_MANAGERS,
    R.DEVIATION_COORDINATOR: Scope.PARTY,
    R.PATIENT_SAFETY: Scope.INVOLVED,
}

register_permissions(
    {
        "deviations.view": {**_SEE, R.COUNTY_ANALYST: Scope.COUNTY},
        "deviations.report": {
            R.REPORTER: Scope.OWN_UNIT,
            R.HANDLER: Scope.UNIT,
            R.DEVIATION_COORDINATOR: Scope.PARTY,
        },
        "deviations.handle": {R.HANDLER: Scope.UNIT, R.DEVIATION_COORDINATOR: Scope.PARTY},
        "deviations.comment": dict(_SEE),
        # Lifted cases land with the coordinators of the level (issue 17 item 5), judged on
        # `deviation.lift_side`: they see the case while it is lifted to their level and take
        # it up, ask for more or send it back.
        "deviations.coordinate_lift": {
            R.SUBREGIONAL_COORDINATOR: Scope.AREA,
            R.COUNTY_COORDINATOR: Scope.COUNTY,
        },
        # Issue 18: the patient reference and attachments, judged on patient_data_side();
        # the lex Maria assessment, judged on lex_maria_side().
        "deviations.patient_data": {
            R.HANDLER: Scope.UNIT,
            R.DEVIATION_COORDINATOR: Scope.PARTY,
        },
        # Issue 19 item 4: county analysts re-code "Annat" cases from the re-coding queue
        # (the category only; the history keeps the original).
        "deviations.recode": {R.COUNTY_ANALYST: Scope.COUNTY},
        # Issue 21 item 5: the county administrator imports the history of the old system
        # and exports the county's cases in the same layout.
        "deviations.import_history": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
        "deviations.assess_lex_maria": {
            R.PATIENT_SAFETY: Scope.INVOLVED,
            R.DEVIATION_COORDINATOR: Scope.PARTY,
        },
    }
)
