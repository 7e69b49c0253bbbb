"""Issue 23's story in a real browser: Borås Stad's administrator invites a nurse and gives her
the reporter role on the new pages; she (through Borås's Entra ID) and a hospital handler
(through SITHS at Inera's IdP) sign in through real OpenID Connect providers on loopback, each
sees exactly their own cases, and each signs out (here and at the provider)."""

import json

import pytest

from tests.browser.conftest import OIDC_SECRET_ENV, live_shell
from tests.browser.helpers import assert_accessible, fill_form_by_label
from tests.oidc_provider.server import TestProvider

pytestmark = pytest.mark.browser

SARA_OID = "7c1e9a52-3b4d-4f6e-8a70-1b2c3d4e5f60"
HANNA_HSA_ID = "SE2321000131-E000000000555"
SAS_HANDLER_COMMISSION = "SE2321000131-C-SAS-AVVIKELSER"


@pytest.fixture(scope="module")
def story(app_url):
    """Two test providers whose redirect URIs are the live server's; their rows in its DB."""
    redirect = {
        "redirect_uris": [f"{app_url}/logga-in/oidc/svar/"],
        "post_logout_redirect_uris": [f"{app_url}/logga-in/"],
    }
    entra = TestProvider(
        name="boras-entra",
        accounts={
            "sara": {
                "oid": SARA_OID,
                "given_name": "Sara",
                "family_name": "Sjöberg",
                "email": "sara.sjoberg@boras.example",
            }
        },
        scopes={"entra": ["oid"]},
        **redirect,
    ).start()
    inera = TestProvider(
        name="inera",
        accounts={
            "hanna": {
                "employeeHsaId": HANNA_HSA_ID,
                "commissionHsaId": SAS_HANDLER_COMMISSION,
                "given_name": "Hanna",
                "family_name": "Holm",
            }
        },
        scopes={"hsa": ["employeeHsaId", "commissionHsaId"]},
        **redirect,
    ).start()
    config = {
        "providers": [
            {
                "slug": "boras-entra-test",
                "name": "Borås Stads konto (test)",
                "issuer": entra.issuer,
                "client_id": entra.client_id,
                "secret_env": OIDC_SECRET_ENV,
                "scopes": "openid profile email entra",
                "claim_id": "oid",
                "claim_assignments": "",
                "roles_from_claims": False,
                "order": 1,
                "party": "boras",
            },
            {
                "slug": "inera-test",
                "name": "SITHS-kort (test)",
                "issuer": inera.issuer,
                "client_id": inera.client_id,
                "secret_env": OIDC_SECRET_ENV,
                "scopes": "openid profile email hsa",
                "claim_id": "employeeHsaId",
                "claim_assignments": "commissionHsaId",
                "roles_from_claims": True,
                "order": 0,
                "party": "region",
                "mappings": [SAS_HANDLER_COMMISSION],
            },
        ]
    }
    cases = live_shell(
        "tests.browser.oidc_setup",
        "OIDC_SETUP",
        extra_env={"SAMSYN_E2E_OIDC_SETUP": json.dumps(config)},
    )
    yield cases
    entra.stop()
    inera.stop()


def _sign_in_through(page, provider_name: str, login: str):
    page.goto("/logga-in/")
    page.get_by_role("link", name=f"Logga in med {provider_name}").click()
    page.get_by_label("Login").fill(login)  # the test provider's own page
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url("**/")
    assert page.url.endswith("/"), page.url


def _sees_exactly_own_cases(page, cases):
    shared = page.goto(f"/avvikelser/{cases['shared']}/")
    assert shared.status == 200
    other = page.goto(f"/avvikelser/{cases['other']}/")
    assert other.status == 404


def _sign_out_here_and_at_the_provider(page):
    page.goto("/")
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's page
    page.wait_for_url("**/logga-in/")
    page.goto("/")
    assert "/logga-in/" in page.url  # signed out of Samsyn


def test_a_municipality_invites_a_nurse_and_both_sides_sign_in_through_their_providers(
    story, new_context, login
):
    # Borås Stad's administrator invites the nurse by her id at Borås's Entra ID.
    admin = new_context().new_page()
    login(admin, "admin.boras")
    admin.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personer").click()
    admin.get_by_role("link", name="Bjud in en person").click()
    admin.get_by_role("button", name="Bjud in").click()  # empty first: the error state
    assert_accessible(admin, "people-invite-errors")
    fill_form_by_label(
        admin,
        {
            "Förnamn": "Sara",
            "Efternamn": "Sjöberg",
            "Inloggningstjänst": "Borås Stads konto (test)",
            "HSA-id eller id hos inloggningstjänsten": SARA_OID,
            "Vårdgivare": "Borås Stad",
            "Roll": "Rapportör",
            # A reporter sees her own reports and her unit's cases (inner secrecy).
            "Enhet": "Hemtjänst Norr (Borås Stad)",
        },
    )
    admin.get_by_role("button", name="Bjud in").click()
    admin.get_by_role("heading", name="Sara Sjöberg").wait_for()
    assert "Rapportör" in admin.get_by_role("table").inner_text()
    assert_accessible(admin, "people-person")

    # The nurse signs in through Borås's Entra ID; the hospital handler through SITHS.
    sara = new_context().new_page()
    _sign_in_through(sara, "Borås Stads konto (test)", "sara")
    assert "Sara Sjöberg" in sara.locator(".site-header__user").inner_text()
    hanna = new_context().new_page()
    _sign_in_through(hanna, "SITHS-kort (test)", "hanna")
    assert "Hanna Holm" in hanna.locator(".site-header__user").inner_text()

    for person in (sara, hanna):
        _sees_exactly_own_cases(person, story)
        _sign_out_here_and_at_the_provider(person)


def test_the_sign_in_page_offers_the_providers_and_passes_axe(story, page):
    page.goto("/logga-in/")
    assert page.get_by_role("link", name="Logga in med SITHS-kort (test)").is_visible()
    assert_accessible(page, "login-with-providers")
