"""A care provider's own system as an account of its own (issue 21 item 2): made by the
provider's administrator, no password, tokens made on its page, limited to that provider."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.api.models import ApiToken
from samsyn.api.services import api_token_create
from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.parties.models import MachineAccount, Role
from samsyn.parties.services import machine_account_create, password_link_send

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def boras_admin(make_person, boras, client):
    admin = make_person(boras, Role.ADMINISTRATOR, username="admin.boras")
    client.force_login(admin)
    return admin


@pytest.fixture
def sas_system(personas, sas, make_person):
    """SÄS's incident system, handling SÄS's cases, made by SÄS's administrator."""
    sas_admin = make_person(sas, Role.ADMINISTRATOR, username="admin.sas")
    return machine_account_create(
        actor=sas_admin, provider=sas, name="Regionens avvikelsesystem", role=Role.HANDLER
    )


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _token(admin, machine) -> str:
    return api_token_create(
        actor=actor_for(admin),
        name="Produktion",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        user=machine.user,
    ).secret


def test_an_administrator_adds_a_system_account_that_has_no_password(client, boras_admin, boras):
    answer = client.post(
        reverse("parties:machine_add"),
        {"name": "Lifecare, Borås", "provider": boras.pk, "role": Role.REPORTER},
    )

    machine = MachineAccount.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("parties:person", args=[machine.user_id])
    assert machine.provider == boras and machine.user.username == "system.lifecare-boras"
    assert not machine.user.has_usable_password()
    assert list(machine.user.memberships.values_list("role", flat=True)) == [Role.REPORTER]
    assert AuditEvent.objects.filter(action="parties.machine_account.created").exists()


def test_a_system_account_cannot_sign_in_nor_get_a_password_link(boras_admin, boras):
    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )
    machine.user.email = "system@boras.example"
    machine.user.save()

    signed_in = Client().post(
        reverse("login"), {"username": machine.user.username, "password": "samsyn-demo-2027"}
    )
    assert signed_in.status_code == 400 and "_auth_user_id" not in signed_in.client.session
    with pytest.raises(ValidationError):
        password_link_send(actor=boras_admin, person=machine.user)


def test_the_token_is_shown_once_on_the_systems_page_and_works_for_the_api(
    client, boras_admin, boras
):
    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )
    page = reverse("parties:person", args=[machine.user_id])

    made = client.post(
        reverse("parties:machine_token", args=[machine.user_id]),
        {"token-name": "Produktion", "token-expires_on": _in_days(30)},
    )
    secret = made.content.decode().split("<code>samsyn_")[1].split("</code>")[0]
    again = client.get(page).content.decode()
    token = ApiToken.objects.get(user=machine.user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer samsyn_{secret}")

    assert made.status_code == 200 and token.name == "Produktion"
    assert secret not in again and token.prefix in again
    assert api.get("/api/v1/deviations").status_code == 200


def test_a_systems_token_reads_its_providers_cases_and_not_anothers(
    personas, sent_case, sas, sas_system, skovde, make_person
):
    sas_admin = User.objects.get(username="admin.sas")
    skovde_admin = make_person(skovde, Role.ADMINISTRATOR, username="admin.skovde")
    skovde_system = machine_account_create(
        actor=skovde_admin, provider=skovde, name="Treserva", role=Role.HANDLER
    )
    own = Client(HTTP_AUTHORIZATION=f"Bearer {_token(sas_admin, sas_system)}")
    other = Client(HTTP_AUTHORIZATION=f"Bearer {_token(skovde_admin, skovde_system)}")

    assert own.get(f"/api/v1/deviations/{sent_case.pk}").status_code == 200
    assert other.get(f"/api/v1/deviations/{sent_case.pk}").status_code == 404
    assert sent_case.pk not in [d["id"] for d in other.get("/api/v1/deviations").json()["items"]]


def test_a_system_account_holds_only_a_reporting_or_handling_role_at_its_own_provider(
    client, boras_admin, boras, make_person
):
    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )
    page = reverse("parties:person", args=[machine.user_id])

    manager = client.post(page, {"provider": boras.pk, "role": Role.MANAGER_STEP1})
    with pytest.raises(ValidationError):
        machine_account_create(
            actor=boras_admin, provider=boras, name="Chef", role=Role.ADMINISTRATOR
        )

    assert manager.status_code == 400
    assert "Välj ett giltigt alternativ" in manager.content.decode()
    assert list(machine.user.memberships.values_list("role", flat=True)) == [Role.REPORTER]


def test_the_service_refuses_a_role_at_another_provider_for_a_system_account(
    boras_admin, boras, sas, personas
):
    from samsyn.parties.services import membership_grant

    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )

    with pytest.raises(ValidationError) as refused:
        membership_grant(actor=None, user=machine.user, provider=sas, role=Role.HANDLER)

    assert "egen vårdgivare" in " ".join(refused.value.messages)
    assert machine.user.memberships.count() == 1


def test_another_partys_administrator_neither_sees_the_system_nor_makes_its_tokens(
    personas, sas_system, make_person, boras, client
):
    boras_admin = make_person(boras, Role.ADMINISTRATOR, username="admin.boras")
    client.force_login(boras_admin)

    page = client.get(reverse("parties:person", args=[sas_system.user_id]))
    posted = client.post(
        reverse("parties:machine_token", args=[sas_system.user_id]),
        {"token-name": "Stöld", "token-expires_on": _in_days(30)},
    )
    with pytest.raises(PermissionDenied):
        _token(boras_admin, sas_system)

    assert page.status_code == 404 and posted.status_code == 404
    assert not ApiToken.objects.exists()


def test_an_administrator_cannot_make_a_token_for_a_person(boras_admin, personas):
    with pytest.raises(PermissionDenied):
        api_token_create(
            actor=actor_for(boras_admin),
            name="Som om jag vore rapportören",
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
            user=personas["reporter"],
        )
    assert not ApiToken.objects.exists()


def test_a_deactivated_systems_token_is_refused(personas, sas_system):
    from samsyn.parties.services import person_deactivate

    sas_admin = User.objects.get(username="admin.sas")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(sas_admin, sas_system)}")
    assert api.get("/api/v1/deviations").status_code == 200

    person_deactivate(actor=sas_admin, person=sas_system.user)

    assert api.get("/api/v1/deviations").status_code == 401


def test_a_revoked_systems_token_is_refused(client, boras_admin, boras):
    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )
    secret = _token(boras_admin, machine)
    token = ApiToken.objects.get(user=machine.user)

    answer = client.post(reverse("parties:machine_token_revoke", args=[machine.user_id, token.pk]))

    assert answer.status_code == 302
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/deviations").status_code == 401
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Detta fält måste fyllas i."),
        ({"name": "Pelles system 19121212-1212"}, "personnummer"),
        ({"name": "Pelles system 19121212–1212"}, "personnummer"),
    ],
)
def test_a_refused_system_account_form_keeps_what_was_typed(
    client, boras_admin, boras, data, message
):
    sent = {"provider": boras.pk, "role": Role.REPORTER, **data}

    answer = client.post(reverse("parties:machine_add"), sent)

    html = answer.content.decode()
    assert answer.status_code == 400 and message in html
    assert data.get("name", "") in html
    assert not MachineAccount.objects.exists()


def test_a_token_form_with_a_past_date_is_a_form_error(client, boras_admin, boras):
    machine = machine_account_create(
        actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER
    )

    answer = client.post(
        reverse("parties:machine_token", args=[machine.user_id]),
        {"token-name": "Produktion", "token-expires_on": "２０２０-０１-０１"},
    )

    assert answer.status_code == 400
    assert "framtiden" in answer.content.decode() and not ApiToken.objects.exists()


def test_the_same_system_posted_twice_makes_one_account(client, boras_admin, boras):
    sent = {"name": "Lifecare", "provider": boras.pk, "role": Role.REPORTER}

    first = client.post(reverse("parties:machine_add"), sent)
    second = client.post(reverse("parties:machine_add"), {**sent, "name": "LIFECARE"})

    assert first.status_code == 302 and second.status_code == 400
    assert "redan ett systemkonto" in second.content.decode()
    assert MachineAccount.objects.count() == 1


def test_people_list_marks_the_system_account(client, boras_admin, boras):
    machine_account_create(actor=boras_admin, provider=boras, name="Lifecare", role=Role.REPORTER)

    html = client.get(reverse("parties:people")).content.decode()

    assert "Lifecare" in html and "Systemkonto" in html


def test_reporters_cannot_add_system_accounts(client, personas, boras):
    client.force_login(personas["reporter"])

    answer = client.post(
        reverse("parties:machine_add"),
        {"name": "Lifecare", "provider": boras.pk, "role": Role.REPORTER},
    )

    assert answer.status_code == 403 and not MachineAccount.objects.exists()
