"""Cases of every app for the sweeps over all pages (forms, cache headers)."""

import pytest

from samsyn.deviations.models import Status
from samsyn.deviations.tests.factories import deviation_in, document_make
from samsyn.disagreements.tests.factories import open_case
from samsyn.parties.models import Role

# Where each deviation action is offered: the case is brought to this status first.
DEVIATION_ACTION_STATUS = {
    "kvittera": Status.SENT,
    "analysera": Status.ACKNOWLEDGED,
    "atgard": Status.ANALYSED,
    "ingen-atgard": Status.ANALYSED,
    "besluta": Status.ANALYSED,
    "folj-upp": Status.MEASURES_DECIDED,
    "avsluta": Status.FOLLOWED_UP,
    "lyft": Status.ACKNOWLEDGED,
    "kommentar": Status.SENT,
}


@pytest.fixture
def world(personas, boras, sas, make_person):
    """A case in every state the deviation actions need, a disagreement at step 1, a document."""
    document = document_make()
    deviations = {
        status: deviation_in(
            status,
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document,
        )
        for status in set(DEVIATION_ACTION_STATUS.values())
    }
    people = {
        **personas,
        "manager1": make_person(boras, Role.MANAGER_STEP1, username="chef1.form"),
        "manager2": make_person(boras, Role.MANAGER_STEP2, username="chef2.form"),
        "manager3": make_person(boras, Role.MANAGER_STEP3, username="chef3.form"),
        "administrator": make_person(boras, Role.ADMINISTRATOR, username="admin.form"),
    }
    return {
        "deviations": deviations,
        "people": people,
        "document": document,
        "measure": deviations[Status.MEASURES_DECIDED].measures.get(),
        "disagreement": open_case(people["manager1"], boras, sas),
    }
