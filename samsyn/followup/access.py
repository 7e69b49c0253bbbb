"""Who sees the follow-up of a region–municipality pair or a cooperation area (issue 19 item 6).

The pair view is what a sub-regional cooperation meeting needs on the screen: figures about
the deviations, measures, disagreements and economic agreements between the region and one
municipality (or the municipalities of one cooperation area), and the documents that govern
them today.

- County analysts and the county coordinators see every pair and area of their county.
- A sub-regional coordinator sees the pairs and the area of the cooperation area they hold
  the role for.
- The parties' own managers (steps 1–3), deviation coordinators and patient-safety leads see
  the pairs their party belongs to: the region's see every pair, a municipality's see its own
  pair with the region. An area's view belongs to its coordinators, the county and the region
  (one member municipality does not see its neighbours' disagreements).

The county's annual report (issue 20 item 2) is the county's: its analysts and county
coordinators see it whole. Each cooperation area's yearly reflection (item 3) is written by the
sub-regional coordinators of that area; the report shows every area's to its readers.

The county's dashboard (item 4) has the report's readers. Each care provider's own compilation
(item 5) is read by the provider's own administrators, handlers, deviation coordinators and
patient-safety function, for that provider only: counts, so a handler held at one unit sees the
provider's figures per unit but never a case of another unit.

A disagreement's title shows only to those who may see the disagreement itself; the rest of
the page is counts.
"""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

R = Role
register_permissions(
    {
        "followup.pair_view": {
            R.COUNTY_ANALYST: Scope.COUNTY,
            R.COUNTY_COORDINATOR: Scope.COUNTY,
            R.SUBREGIONAL_COORDINATOR: Scope.AREA,
            R.MANAGER_STEP1: Scope.PARTY,
            R.MANAGER_STEP2: Scope.PARTY,
            R.MANAGER_STEP3: Scope.PARTY,
            R.DEVIATION_COORDINATOR: Scope.PARTY,
            R.PATIENT_SAFETY: Scope.PARTY,
        },
        "followup.county_report": {
            R.COUNTY_ANALYST: Scope.COUNTY,
            R.COUNTY_COORDINATOR: Scope.COUNTY,
        },
        "followup.reflection_write": {
            R.SUBREGIONAL_COORDINATOR: Scope.AREA,
        },
        "followup.provider_compilation": {
            R.ADMINISTRATOR: Scope.INVOLVED,
            R.HANDLER: Scope.INVOLVED,
            R.DEVIATION_COORDINATOR: Scope.INVOLVED,
            R.PATIENT_SAFETY: Scope.INVOLVED,
        },
    }
)
