"""Writes for deviations, by topic; import from here (`services.deviation_report`).

- reporting: report and route to the counterpart
- lifecycle: acknowledge, analyse, measures, follow up, close, lift
- thread: comments between the providers
- guidance: the classification's definitions and examples (administrators)
- common: who handles, who is told, deadlines
- patient: the protected patient reference, the lex Maria assessment, attachments (issue 18)
- routing: who receives a case (unit, provider, coordinator; never nobody)
- receiving: the receiving side's moves (pass on, send back, the answer, the reporting
  side's view of it, the coordinators' decision on a lifted case)
- imported: a closed case of the old system (issue 21 item 5)
- recoding: an analyst re-codes "Annat" cases from the re-coding queue (issue 19)
"""

from samsyn.deviations.services.common import *  # noqa: F403
from samsyn.deviations.services.guidance import *  # noqa: F403
from samsyn.deviations.services.imported import *  # noqa: F403
from samsyn.deviations.services.lifecycle import *  # noqa: F403
from samsyn.deviations.services.patient import *  # noqa: F403
from samsyn.deviations.services.receiving import *  # noqa: F403
from samsyn.deviations.services.recoding import *  # noqa: F403
from samsyn.deviations.services.reporting import *  # noqa: F403
from samsyn.deviations.services.routing import (  # noqa: F401
    receivers_at,
    receivers_of,
    receiving_gaps,
)
from samsyn.deviations.services.thread import *  # noqa: F403
