"""Each party runs its own people on Swedish pages in the app, through the people services
(parties/services.py) and the permission table."""

import pytest
from django.core import mail
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.identity.models import ExternalIdentity, IdentityProvider
from samsyn.parties.models import CareProvider, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def boras_admin(make_person, boras, client):
    admin = make_person(boras, Role.ADMINISTRATOR, username="admin.boras")
    client.force_login(admin)
    return admin


@pytest.fixture
def entra(boras):
    row = IdentityProvider.objects.create(
        slug="boras-entra",
        name="Borås Stads konto",
        issuer="https://login.example/boras/v2.0",
        client_id="samsyn",
        secret_env="BORAS_SECRET",
        claim_id="oid",
    )
    row.parties.set([boras.party])
    return row


def _invite(client, **data):
    return client.post(reverse("parties:invite"), data)


def test_a_municipal_administrator_invites_a_nurse_by_her_id_and_gives_her_the_reporter_role(
    client, boras_admin, boras, entra
):
    response = _invite(
        client,
        first_name="Sara",
        last_name="Sjöberg",
        identity_provider=entra.pk,
        subject="0f3a5c2e-8d7b",
        provider=boras.pk,
        role=Role.REPORTER,
    )

    identity = ExternalIdentity.objects.get(provider=entra, subject="0f3a5c2e-8d7b")
    sara = identity.user
    assert response.status_code == 302
    assert response.url == reverse("parties:person", args=[sara.pk])
    assert list(sara.memberships.values_list("provider", "role")) == [(boras.pk, Role.REPORTER)]
    assert not sara.has_usable_password()
    assert mail.outbox == []  # she signs in through Entra ID: no password link
    assert AuditEvent.objects.filter(action="parties.person.created", user=boras_admin).exists()
    page = client.get(response.url).content.decode()
    assert "Sara Sjöberg" in page and "Rapportör" in page


def test_invited_by_e_mail_the_person_gets_a_link_to_choose_a_password(
    client, boras_admin, boras, delivered
):
    with delivered():
        response = _invite(
            client,
            first_name="Nils",
            last_name="Nord",
            email="nils.nord@boras.example",
            provider=boras.pk,
            role=Role.HANDLER,
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nils.nord@boras.example"]]


def test_the_same_invitation_posted_twice_makes_one_person(client, boras_admin, boras):
    data = {
        "first_name": "Nils",
        "last_name": "Nord",
        "email": "nils.nord@boras.example",
        "provider": boras.pk,
        "role": Role.HANDLER,
    }
    _invite(client, **data)
    again = _invite(client, **data)

    assert again.status_code == 400
    assert "Någon i Samsyn har redan den här e-postadressen." in again.content.decode()
    assert Membership.objects.filter(user__email="nils.nord@boras.example").count() == 1


def test_an_invitation_without_e_mail_or_id_is_a_swedish_form_error_that_keeps_what_was_typed(
    client, boras_admin, boras
):
    response = _invite(
        client, first_name="Nils", last_name="Nord", provider=boras.pk, role=Role.HANDLER
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Fyll i personens e-postadress" in html
    assert 'value="Nord"' in html


def test_a_municipal_administrator_cannot_give_roles_at_another_party(client, boras_admin, sas):
    response = _invite(
        client,
        first_name="Per",
        last_name="Persson",
        email="per@example.se",
        provider=sas.pk,
        role=Role.HANDLER,
    )

    assert response.status_code == 400
    assert not Membership.objects.filter(provider=sas, user__email="per@example.se").exists()


def test_a_party_administrator_cannot_make_someone_a_county_administrator(
    client, boras_admin, boras
):
    response = _invite(
        client,
        first_name="Per",
        last_name="Persson",
        email="per@example.se",
        provider=boras.pk,
        role=Role.COUNTY_ADMINISTRATOR,
    )

    assert response.status_code == 400
    assert not Membership.objects.filter(role=Role.COUNTY_ADMINISTRATOR, provider=boras).exists()


def test_people_without_the_administrator_role_get_403(client, personas):
    client.force_login(personas["handler"])

    assert client.get(reverse("parties:people")).status_code == 403
    assert client.get(reverse("parties:invite")).status_code == 403


def test_a_person_of_another_party_is_not_found(client, boras_admin, personas):
    other = personas["counterpart_handler"]  # Södra Älvsborgs Sjukhus, the region

    assert client.get(reverse("parties:person", args=[other.pk])).status_code == 404
    response = client.post(reverse("parties:deactivate", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_the_list_shows_only_the_administrators_own_people(client, boras_admin, personas):
    html = client.get(reverse("parties:people")).content.decode()

    assert "reporter" in html and "handler" in html
    assert "counterpart" not in html and "outsider" not in html


def test_give_and_take_a_role_on_the_person_page(client, boras_admin, boras, personas):
    reporter = personas["reporter"]
    url = reverse("parties:person", args=[reporter.pk])

    given = client.post(url, {"provider": boras.pk, "role": Role.HANDLER})
    handler_role = reporter.memberships.get(role=Role.HANDLER)
    taken = client.post(reverse("parties:role_remove", args=[reporter.pk, handler_role.pk]))

    assert given.status_code == 302 and taken.status_code == 302
    assert list(reporter.memberships.values_list("role", flat=True)) == [Role.REPORTER]
    assert AuditEvent.objects.filter(action="parties.membership.revoked").exists()


def test_the_last_role_is_not_taken_the_page_says_deactivate_instead(client, boras_admin, personas):
    reporter = personas["reporter"]
    only = reporter.memberships.get()

    response = client.post(reverse("parties:role_remove", args=[reporter.pk, only.pk]), follow=True)

    assert "Inaktivera personen i stället." in response.content.decode()
    assert reporter.memberships.count() == 1


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_history(client, boras_admin, personas):
    reporter = personas["reporter"]
    reporter.set_password("ett-langt-losenord-2027")
    reporter.save()

    client.post(reverse("parties:deactivate", args=[reporter.pk]))
    client.logout()
    response = client.post(
        reverse("login"), {"username": "reporter", "password": "ett-langt-losenord-2027"}
    )

    reporter.refresh_from_db()
    assert not reporter.is_active
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="parties.person.deactivated").exists()
    assert reporter.memberships.exists()


def test_an_administrator_cannot_deactivate_herself(client, boras_admin):
    page = client.get(reverse("parties:person", args=[boras_admin.pk]))
    response = client.post(reverse("parties:deactivate", args=[boras_admin.pk]), follow=True)

    # She is not among the people she manages unless she manages herself; either way: refused.
    boras_admin.refresh_from_db()
    assert boras_admin.is_active
    assert page.status_code in (200, 404) and response.status_code in (200, 404)


def test_the_menu_shows_people_only_to_administrators(client, boras_admin, personas):
    assert 'href="/personer/"' in client.get("/").content.decode()
    client.force_login(personas["reporter"])
    assert 'href="/personer/"' not in client.get("/").content.decode()


def test_a_county_administrator_manages_people_of_every_party_in_the_county(client, personas, sas):
    client.force_login(personas["county_admin"])

    html = client.get(reverse("parties:people")).content.decode()

    assert "counterpart" in html and "reporter" in html
    assert CareProvider.objects.filter(pk=sas.pk).exists()


def test_an_identity_provider_of_another_principal_is_not_offered_nor_taken(
    client, boras_admin, boras, sas
):
    region_idp = IdentityProvider.objects.create(
        slug="inera",
        name="SITHS-kort (Inera)",
        issuer="https://idp.example/oidc",
        client_id="samsyn",
        secret_env="INERA_SECRET",
    )
    region_idp.parties.set([sas.party])

    page = client.get(reverse("parties:invite")).content.decode()
    response = _invite(
        client,
        first_name="Sara",
        last_name="Sjöberg",
        identity_provider=region_idp.pk,
        subject="SE2321000131-E1",
        provider=boras.pk,
        role=Role.REPORTER,
    )

    assert "SITHS-kort (Inera)" not in page
    assert response.status_code == 400
    assert not ExternalIdentity.objects.exists()


def test_the_invitation_service_refuses_a_provider_that_may_not_vouch_for_the_party(boras, sas):
    from django.core.exceptions import ValidationError

    from samsyn.identity.services import person_invite

    region_idp = IdentityProvider.objects.create(
        slug="inera",
        name="SITHS",
        issuer="https://idp.example/oidc",
        client_id="samsyn",
        secret_env="INERA_SECRET",
    )
    region_idp.parties.set([sas.party])

    with pytest.raises(ValidationError) as refused:
        person_invite(
            actor=None,
            username="sara",
            provider=boras,
            role=Role.REPORTER,
            identity_provider=region_idp,
            subject="SE2321000131-E1",
        )
    assert "identity_provider" in refused.value.message_dict
