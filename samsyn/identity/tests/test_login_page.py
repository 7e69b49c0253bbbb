"""The sign-in page offers the identity providers in use; the password form follows
settings.LOCAL_PASSWORD_LOGIN (on for development and the demo, off or superusers-only in
production)."""

import pytest

from samsyn.identity.models import IdentityProvider
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(db):
    IdentityProvider.objects.create(
        slug="inera",
        name="SITHS-kort (Inera)",
        issuer="https://idp.example/oidc",
        client_id="samsyn",
        secret_env="INERA_SECRET",
        order=0,
    )
    IdentityProvider.objects.create(
        slug="old",
        name="Gammal tjänst",
        issuer="https://old.example",
        client_id="x",
        secret_env="OLD_SECRET",
        enabled=False,
    )


def test_the_sign_in_page_offers_each_identity_provider_in_use(client, providers):
    html = client.get("/logga-in/").content.decode()

    assert "Logga in med SITHS-kort (Inera)" in html
    assert 'href="/logga-in/oidc/inera/"' in html
    assert "Gammal tjänst" not in html
    assert 'name="password"' in html  # on by default (development, the demo)


def test_a_provider_not_in_use_cannot_be_started(client, providers):
    assert client.get("/logga-in/oidc/old/").status_code == 404


def test_with_local_login_off_there_is_no_password_form_and_a_posted_one_is_refused(
    client, providers, settings, make_person, boras
):
    settings.LOCAL_PASSWORD_LOGIN = "off"
    person = make_person(boras, Role.REPORTER, username="rita")
    person.set_password("ett-langt-losenord-2027")
    person.save()

    page = client.get("/logga-in/").content.decode()
    response = client.post(
        "/logga-in/", {"username": "rita", "password": "ett-langt-losenord-2027"}
    )

    assert 'name="password"' not in page
    assert "Demoanvändare" not in page
    assert response.status_code == 400
    assert "Logga in via din organisations inloggningstjänst." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_local_login_for_superusers_only_staff_must_use_the_provider(
    client, providers, settings, make_person, boras, django_user_model
):
    settings.LOCAL_PASSWORD_LOGIN = "superusers"
    person = make_person(boras, Role.REPORTER, username="rita")
    person.set_password("ett-langt-losenord-2027")
    person.save()
    django_user_model.objects.create_superuser("root", "root@example.se", "ett-langt-losenord-2027")

    refused = client.post("/logga-in/", {"username": "rita", "password": "ett-langt-losenord-2027"})
    assert refused.status_code == 400
    assert "_auth_user_id" not in client.session

    allowed = client.post("/logga-in/", {"username": "root", "password": "ett-langt-losenord-2027"})
    assert allowed.status_code == 302


def test_the_django_admins_password_form_follows_the_setting_too(
    client, settings, make_person, boras, django_user_model
):
    settings.LOCAL_PASSWORD_LOGIN = "superusers"
    koncern_admin = make_person(
        boras.__class__.objects.get(name="Koncernkontoret"),
        Role.COUNTY_ADMINISTRATOR,
        username="lan",
    )
    koncern_admin.set_password("ett-langt-losenord-2027")
    koncern_admin.save()

    response = client.post(
        "/admin/login/", {"username": "lan", "password": "ett-langt-losenord-2027"}
    )

    assert response.status_code == 200  # the admin shows its form again
    assert "_auth_user_id" not in client.session
