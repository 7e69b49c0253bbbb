"""Sign-in through real OpenID Connect providers on loopback (tests/oidc_provider): no mocked
HTTP. Each refusal gives a clear Swedish page, changes nothing and is logged and recorded."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from samsyn.audit.models import AuditEvent
from samsyn.identity.models import ExternalIdentity
from samsyn.identity.services import REFUSALS, identity_link
from samsyn.identity.tests.conftest import ANNA_HSA_ID, SARA_OID
from samsyn.parties.models import Role
from samsyn.parties.services import person_create, person_deactivate

pytestmark = pytest.mark.django_db
User = get_user_model()


def _refused(response, code):
    assert response.status_code in (400, 403), response.status_code
    html = response.content.decode()
    assert "Du loggades inte in" in html
    assert escape(str(REFUSALS[code])) in html
    assert "_auth_user_id" not in response.wsgi_request.session
    event = AuditEvent.objects.filter(action="identity.sign_in.refused").last()
    assert event is not None and event.data["reason"] == code
    return event


def _roles(user):
    return {(m.provider.name, m.role) for m in user.memberships.select_related("provider")}


def test_a_region_handler_signs_in_with_her_siths_assignment_and_gets_its_role(
    client, inera, sas, oidc_sign_in
):
    response = oidc_sign_in(inera, "anna")

    assert response.status_code == 302 and response.url == "/"
    anna = ExternalIdentity.objects.get(provider=inera, subject=ANNA_HSA_ID).user
    assert response.wsgi_request.session["_auth_user_id"] == str(anna.pk)
    assert (anna.first_name, anna.last_name) == ("Anna", "Andersson")
    assert not anna.has_usable_password()
    assert _roles(anna) == {(sas.name, Role.HANDLER)}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"parties.person.created", "identity.identity.linked", "identity.signed_in"} <= actions
    assert client.get("/").status_code == 200


def test_the_same_hsa_id_signs_in_as_the_same_person_never_by_e_mail(
    client, inera, oidc_sign_in, make_person, sas
):
    # Someone else with Anna's e-mail address is not Anna.
    other = make_person(sas, Role.REPORTER, username="impostor")
    other.email = "anna.andersson@vgregion.example"
    other.save()

    oidc_sign_in(inera, "anna")
    client.post("/logga-ut/")
    oidc_sign_in(inera, "anna")

    identity = ExternalIdentity.objects.get(provider=inera, subject=ANNA_HSA_ID)
    assert identity.user != other
    assert User.objects.filter(identities__provider=inera).count() == 1


def test_a_changed_assignment_replaces_the_role_at_the_next_sign_in_and_the_trail_says_so(
    client, inera, sas, oidc_sign_in
):
    oidc_sign_in(inera, "anna")
    client.post("/logga-ut/")

    response = oidc_sign_in(inera, "anna-moved")

    assert response.status_code == 302
    anna = ExternalIdentity.objects.get(provider=inera, subject=ANNA_HSA_ID).user
    assert _roles(anna) == {(sas.name, Role.REPORTER)}
    revoked = AuditEvent.objects.get(action="parties.membership.revoked")
    assert revoked.data["role"] == Role.HANDLER


def test_a_person_whose_assignments_map_to_no_provider_gets_a_clear_page_and_no_account(
    client, inera, oidc_sign_in
):
    response = oidc_sign_in(inera, "bertil")

    event = _refused(response, "unmapped")
    assert event.data["provider"] == "inera"
    assert not User.objects.filter(identities__provider=inera).exists()
    assert not User.objects.filter(first_name="Bertil").exists()


@pytest.mark.parametrize("login", ["tamper-anna", "expired-anna", "foreign-anna", "audience-anna"])
def test_a_tampered_expired_foreign_or_misaddressed_id_token_is_refused(
    client, inera, oidc_sign_in, login, caplog
):
    response = oidc_sign_in(inera, login)

    event = _refused(response, "token_invalid")
    assert not ExternalIdentity.objects.exists()
    assert "OIDC sign-in refused" in caplog.text
    assert event.data["detail"]


def test_a_replayed_callback_is_refused(client, inera):
    started = client.get("/logga-in/oidc/inera/")
    callback = inera.server.sign_in(started.url, "anna").removeprefix("http://testserver")
    assert client.get(callback).status_code == 302
    client.post("/logga-ut/")

    _refused(client.get(callback), "state_unknown")


def test_a_code_answered_to_another_sign_ins_state_is_refused(client, inera):
    """Two sign-ins started; the code of the first comes back with the state of the second:
    its nonce and PKCE verifier do not match, so nothing is signed in."""
    first = client.get("/logga-in/oidc/inera/")
    second = client.get("/logga-in/oidc/inera/")
    first_callback = inera.server.sign_in(first.url, "anna")
    code = parse_qs(urlparse(first_callback).query)["code"][0]
    other_state = parse_qs(urlparse(second.url).query)["state"][0]

    response = client.get("/logga-in/oidc/svar/", {"code": code, "state": other_state})

    _refused(response, "token_invalid")


def test_a_callback_nobody_started_is_refused(client, inera):
    _refused(client.get("/logga-in/oidc/svar/", {"code": "x", "state": "y"}), "state_unknown")


def test_a_provider_whose_discovery_names_another_issuer_is_not_used(client, inera):
    inera.issuer = inera.issuer + "/"
    inera.save()

    response = client.get("/logga-in/oidc/inera/")

    assert response.status_code == 502
    assert escape(str(REFUSALS["provider_unreachable"])) in response.content.decode()


def test_the_cancelled_sign_in_at_the_provider_is_a_clear_page(client, inera):
    started = client.get("/logga-in/oidc/inera/")
    state = parse_qs(urlparse(started.url).query)["state"][0]

    response = client.get("/logga-in/oidc/svar/", {"error": "access_denied", "state": state})

    _refused(response, "provider_error")


# --- a municipality's Entra ID: only invited people, roles given in Samsyn ------------------


@pytest.fixture
def sara(entra, boras):
    person = person_create(
        actor=None,
        username="sara",
        email="",
        provider=boras,
        role=Role.REPORTER,
        password_link=False,
    )
    identity_link(actor=None, person=person, provider=entra, subject=SARA_OID)
    return person


def test_an_invited_municipal_nurse_signs_in_with_her_entra_account(
    client, entra, sara, boras, oidc_sign_in
):
    response = oidc_sign_in(entra, "sara")

    assert response.status_code == 302
    assert response.wsgi_request.session["_auth_user_id"] == str(sara.pk)
    assert _roles(sara) == {(boras.name, Role.REPORTER)}


def test_someone_the_municipality_did_not_invite_is_refused(client, entra, oidc_sign_in):
    _refused(oidc_sign_in(entra, "stranger"), "unknown_person")
    assert not User.objects.filter(first_name="Okänd").exists()


def test_a_deactivated_person_cannot_sign_in_through_the_provider(
    client, entra, sara, oidc_sign_in
):
    person_deactivate(actor=None, person=sara)

    _refused(oidc_sign_in(entra, "sara"), "inactive")


def test_a_provider_cannot_vouch_for_a_person_of_a_party_it_does_not_serve(
    client, entra, sara, sas, oidc_sign_in
):
    entra.parties.set([sas.party])

    _refused(oidc_sign_in(entra, "sara"), "not_vouched")


def test_sign_out_ends_the_session_here_and_at_the_provider(client, entra, sara, oidc_sign_in):
    oidc_sign_in(entra, "sara")

    response = client.post("/logga-ut/")

    assert response.status_code == 302
    assert response.url.startswith(f"{entra.issuer}/session/end?")
    query = parse_qs(urlparse(response.url).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/logga-in/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/").status_code == 302  # signed out here


def test_the_next_page_asked_for_is_where_the_sign_in_ends(client, entra, sara, oidc_sign_in):
    response = oidc_sign_in(entra, "sara", query="?next=/aviseringar/")

    assert response.url == "/aviseringar/"


def test_claims_the_person_form_would_refuse_are_left_out_not_a_failed_sign_in(inera, sas):
    from samsyn.identity.services import identity_sign_in
    from samsyn.identity.tests.conftest import SAS_HANDLER_COMMISSION

    claims = {
        "employeeHsaId": "SE2321000131-E000000000999",
        "commissionHsaId": SAS_HANDLER_COMMISSION,
        "given_name": "Greta",
    }
    person = identity_sign_in(provider=inera, claims=claims)

    again = identity_sign_in(provider=inera, claims={**claims, "email": "inte-en-adress"})

    assert again == person
    again.refresh_from_db()
    assert again.email == "" and again.first_name == "Greta"
