"""Writes of the agreement registry, split by topic; import from here."""

from samsyn.agreements.services.adoption import (  # noqa: F401
    DECISION_AFTER_TERMINATION,
    DECISION_DATE_REQUIRED,
    DECISION_DOCUMENT_NEEDS_NO_ADOPTION,
    DECISION_PARTY_OTHER_COUNTY,
    DECISION_PARTY_UNKNOWN,
    DECISION_WRONG_BODY,
    TERMINATION_ALREADY,
    TERMINATION_BEFORE_DECISION,
    TERMINATION_NOT_APPROVED,
    TERMINATION_NOT_TERMINABLE,
    TERMINATION_ONLY_MUNICIPALITY,
    TERMINATION_PARENT_TERMINATED,
    TERMINATION_PERIOD_OVER,
    add_months,
    adoption_decision_record,
    agreement_period_ends,
    termination_end_date,
    termination_register,
)
from samsyn.agreements.services.registry import (  # noqa: F401
    REGISTRY_COUNTY_UNKNOWN,
    REGISTRY_PARENT_UNKNOWN,
    VERSION_ENDS_BEFORE_START,
    VERSION_LABEL_TAKEN,
    VERSION_OVERLAPS,
    agreement_registry_file,
    agreement_registry_load,
    document_version_create,
    document_version_update,
)
