import datetime

import pytest
from django.test import Client
from django.utils import timezone

from samsyn.api.services import api_token_create
from samsyn.core.access import actor_for
from samsyn.deviations.models import Status


@pytest.fixture
def token_for(db):
    """token_for(user, name="…") -> the secret of a fresh personal token of that user."""

    def make(user, name="Testsystem", days=30):
        made = api_token_create(
            actor=actor_for(user),
            name=name,
            expires_on=timezone.localdate() + datetime.timedelta(days=days),
        )
        return made.secret

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user) -> a test client that sends that user's token with every request."""

    def make(user):
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")

    return make


@pytest.fixture
def sent_case(case_in):
    """A deviation Borås reported about SÄS, sent and waiting for SÄS's handlers."""
    return case_in(Status.SENT)
