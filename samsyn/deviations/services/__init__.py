"""Writes for deviations, by topic; import from here (`services.deviation_report`).

- reporting: report and route to the counterpart
- lifecycle: acknowledge, analyse, measures, follow up, close, lift
- thread: comments between the providers
- common: who handles, who is told, deadlines
"""

from samsyn.deviations.services.common import *  # noqa: F403
from samsyn.deviations.services.lifecycle import *  # noqa: F403
from samsyn.deviations.services.reporting import *  # noqa: F403
from samsyn.deviations.services.thread import *  # noqa: F403
