"""Administrators lift the login lockouts of the people they manage in the app (issue 23
item 4), instead of deleting django-axes rows in the Django admin."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.parties import services
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db


def _fail_to_sign_in(username: str, times: int) -> None:
    browser = Client()
    for _ in range(times):
        browser.post(reverse("login"), {"username": username, "password": "fel-lösenord"})


@pytest.fixture
def nurse(make_person, boras):
    return make_person(boras, Role.REPORTER, username="sjukskoterska.boras")


@pytest.fixture
def boras_admin(make_person, boras):
    return make_person(boras, Role.ADMINISTRATOR, username="admin.boras")


def test_a_party_administrator_sees_a_locked_out_nurse_and_unlocks_her(client, boras_admin, nurse):
    _fail_to_sign_in(nurse.username, settings.AXES_FAILURE_LIMIT)
    client.force_login(boras_admin)
    page = client.get(reverse("parties:lockouts")).content.decode()
    assert nurse.username in page and "Låst till" in page
    response = client.post(reverse("parties:unlock", args=[nurse.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=nurse.username).exists()
    event = AuditEvent.objects.get(action="parties.person.login_unlocked")
    assert event.data == {"username": nurse.username, "attempts_removed": 1}
    nurse.set_password("rätt-lösenord-123")
    nurse.save()
    assert (
        Client()
        .post(reverse("login"), {"username": nurse.username, "password": "rätt-lösenord-123"})
        .status_code
        == 302
    )


def test_the_lockouts_of_people_one_does_not_manage_are_neither_shown_nor_lifted(
    client, boras_admin, make_person, sas
):
    stranger = make_person(sas, Role.HANDLER, username="handlaggare.sas")
    _fail_to_sign_in(stranger.username, settings.AXES_FAILURE_LIMIT)
    client.force_login(boras_admin)
    assert stranger.username not in client.get(reverse("parties:lockouts")).content.decode()
    assert client.post(reverse("parties:unlock", args=[stranger.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.person_login_unlock(actor=actor_for(boras_admin), person=stranger)
    assert AccessAttempt.objects.filter(username=stranger.username).exists()


def test_the_county_administrator_sees_the_countys_lockouts_and_a_reporter_gets_403(
    client, personas, nurse
):
    _fail_to_sign_in(nurse.username, 2)
    client.force_login(personas["county_admin"])
    page = client.get(reverse("parties:lockouts")).content.decode()
    assert nurse.username in page and "Låst till" not in page
    client.force_login(personas["reporter"])
    assert client.get(reverse("parties:lockouts")).status_code == 403
    assert client.post(reverse("parties:unlock", args=[nurse.pk])).status_code == 403


def test_the_lockouts_page_is_linked_from_the_people_page(client, boras_admin):
    client.force_login(boras_admin)
    assert reverse("parties:lockouts") in client.get(reverse("parties:people")).content.decode()
