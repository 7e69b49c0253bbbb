"""Writes for disagreements, split by topic; import from here."""

from samsyn.disagreements.services.attachments import disagreement_attach  # noqa: F401
from samsyn.disagreements.services.cases import (  # noqa: F401
    DisagreementRegistration,
    comment_add,
    disagreement_create,
    disagreement_update,
    temporary_solution_set,
)
from samsyn.disagreements.services.claims import (  # noqa: F401
    ClaimTerms,
    claim_answer,
    claim_present,
)
from samsyn.disagreements.services.economic_agreements import (  # noqa: F401
    EconomicAgreementTerms,
    economic_agreement_create,
)
from samsyn.disagreements.services.ladder import (  # noqa: F401
    disagreement_escalate,
    disagreement_reopen,
    disagreement_resolve,
    meeting_add,
    proposal_decline,
    resolution_confirm,
    step_skip_accept,
    step_skip_decline,
    step_skip_propose,
    step_update,
    steps_remind_overdue,
)
from samsyn.disagreements.services.lessons import disagreement_close, lesson_publish  # noqa: F401
from samsyn.disagreements.services.organisation import (  # noqa: F401
    organisation_appoint,
    organisation_remove,
)
from samsyn.disagreements.services.protocols import (  # noqa: F401
    protocol_confirm,
    protocol_position_write,
)
from samsyn.disagreements.services.step3 import (  # noqa: F401
    SettlementTerms,
    court_judgment_record,
    court_refer,
    settlement_confirm,
    settlement_record,
)
