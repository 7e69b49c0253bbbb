"""A real OpenID Connect provider on loopback for each kind the county uses: one that speaks
like Inera's IdP (HSA-id, the chosen assignment) and one like a municipality's Entra ID (oid,
app roles). Started once per test session; each test gets its own provider rows."""

import pytest

from samsyn.identity.models import ClaimMapping, IdentityProvider
from samsyn.parties.models import CareProvider, Role
from tests.oidc_provider.server import CLIENT_SECRET, TestProvider

CALLBACK = "http://testserver/logga-in/oidc/svar/"
AFTER_LOGOUT = "http://testserver/logga-in/"

ANNA_HSA_ID = "SE2321000131-E000000000101"
SAS_HANDLER_COMMISSION = "SE2321000131-C-SAS-HANDLER"
SAS_REPORTER_COMMISSION = "SE2321000131-C-SAS-REPORTER"
SARA_OID = "0f3a5c2e-8d7b-4e61-9a40-5a7c0d1e2f30"


def _anna(**changes):
    return {
        "employeeHsaId": ANNA_HSA_ID,
        "commissionHsaId": SAS_HANDLER_COMMISSION,
        "given_name": "Anna",
        "family_name": "Andersson",
        "email": "anna.andersson@vgregion.example",
        **changes,
    }


INERA_ACCOUNTS = {
    "anna": _anna(),
    # The same person (same HSA-id) who chose another assignment at the IdP.
    "anna-moved": _anna(commissionHsaId=SAS_REPORTER_COMMISSION),
    "bertil": {
        "employeeHsaId": "SE2321000131-E000000000102",
        "commissionHsaId": "SE2321000131-C-NOT-IN-SAMSYN",
        "given_name": "Bertil",
        "family_name": "Berg",
    },
    "tamper-anna": _anna(),
    "expired-anna": _anna(),
    "foreign-anna": _anna(),
    "audience-anna": _anna(),
}
ENTRA_ACCOUNTS = {
    "sara": {
        "oid": SARA_OID,
        "given_name": "Sara",
        "family_name": "Sjöberg",
        "email": "sara.sjoberg@boras.example",
        "roles": ["Samsyn.User"],
    },
    "stranger": {"oid": "11111111-2222-3333-4444-555555555555", "given_name": "Okänd"},
}


@pytest.fixture(scope="session")
def inera_server():
    server = TestProvider(
        name="inera",
        accounts=INERA_ACCOUNTS,
        scopes={"hsa": ["employeeHsaId", "commissionHsaId"]},
        redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[AFTER_LOGOUT],
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def entra_server():
    server = TestProvider(
        name="entra",
        accounts=ENTRA_ACCOUNTS,
        scopes={"entra": ["oid", "roles"]},
        redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[AFTER_LOGOUT],
    ).start()
    yield server
    server.stop()


@pytest.fixture
def inera(inera_server, sas, monkeypatch):
    """Inera's IdP for the region: roles come from the chosen assignment."""
    monkeypatch.setenv("SAMSYN_TEST_INERA_SECRET", CLIENT_SECRET)
    row = IdentityProvider.objects.create(
        slug="inera",
        name="SITHS-kort (Inera)",
        issuer=inera_server.issuer,
        client_id=inera_server.client_id,
        secret_env="SAMSYN_TEST_INERA_SECRET",
        scopes="openid profile email hsa",
        claim_id="employeeHsaId",
        claim_assignments="commissionHsaId",
        roles_from_claims=True,
    )
    row.parties.set([sas.party])
    ClaimMapping.objects.create(
        provider=row, value=SAS_HANDLER_COMMISSION, care_provider=sas, role=Role.HANDLER
    )
    ClaimMapping.objects.create(
        provider=row, value=SAS_REPORTER_COMMISSION, care_provider=sas, role=Role.REPORTER
    )
    row.server = inera_server
    return row


@pytest.fixture
def entra(entra_server, boras, monkeypatch):
    """Borås's Entra ID: only people Borås's administrator invited; roles given in Samsyn."""
    monkeypatch.setenv("SAMSYN_TEST_ENTRA_SECRET", CLIENT_SECRET)
    row = IdentityProvider.objects.create(
        slug="boras-entra",
        name="Borås Stads konto (Entra ID)",
        issuer=entra_server.issuer,
        client_id=entra_server.client_id,
        secret_env="SAMSYN_TEST_ENTRA_SECRET",
        scopes="openid profile email entra",
        claim_id="oid",
        claim_assignments="roles",
        roles_from_claims=False,
        order=1,
    )
    row.parties.set([boras.party])
    row.server = entra_server
    return row


@pytest.fixture
def oidc_sign_in(client):
    """oidc_sign_in(provider_row, login) -> Samsyn's answer to the provider's callback."""

    def sign_in(row, login, query=""):
        started = client.get(f"/logga-in/oidc/{row.slug}/{query}")
        assert started.status_code == 302, started
        callback = row.server.sign_in(started.url, login)
        assert callback.startswith(CALLBACK), callback
        return client.get(callback.removeprefix("http://testserver"))

    return sign_in


@pytest.fixture
def koncern(reference_data):
    return CareProvider.objects.get(name="Koncernkontoret")
