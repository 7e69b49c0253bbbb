"""What goes wrong between whom: the catalogue each generated case is drawn from.

A scenario holds everything that must agree within one case (the 2024 report on deviations in
cooperation, DOMAIN.md §2): who
reports whom (a municipality reports the region's hospital, primary care or dental care for
*their* failure, and the region reports the municipality for the municipality's), the
category, the likely causes and consequences, the documents that can be cited, and the
Swedish texts for the report, the analysis and the measures. Shares follow the county's 2024
report: municipalities most often report "Läkemedel i vårdens övergångar", the region
"Vård och behandling"; discharge and information transfer are the most common events;
communication between providers is the most common cause.

Texts use the slots of vocabulary.py ({avdelning}, {enhet}, {tid} …) and
{motpart}/{rapportor} for the two providers' names.
"""

from samsyn.demo.generator.scenarios.base import *  # noqa: F403 - values and citations
from samsyn.demo.generator.scenarios.base import DeviationScenario
from samsyn.demo.generator.scenarios.case_texts import *  # noqa: F403 - shared case texts
from samsyn.demo.generator.scenarios.municipality_reports import MUNICIPALITY_REPORTS
from samsyn.demo.generator.scenarios.region_reports import REGION_REPORTS

DEVIATION_SCENARIOS: list[DeviationScenario] = [*MUNICIPALITY_REPORTS, *REGION_REPORTS]
