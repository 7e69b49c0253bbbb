"""Administrators maintain the mapping table (assignment → role) on an in-app page, only for
roles they may give by hand, into the trail; the next sign-in follows it."""

import pytest
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.identity.models import ClaimMapping, IdentityProvider
from samsyn.identity.services import claim_mapping_add
from samsyn.parties.models import CareProvider, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_idp(sas):
    row = IdentityProvider.objects.create(
        slug="inera",
        name="SITHS-kort (Inera)",
        issuer="https://idp.example/oidc",
        client_id="samsyn",
        secret_env="INERA_SECRET",
        claim_id="employeeHsaId",
        claim_assignments="commissionHsaId",
        roles_from_claims=True,
    )
    row.parties.set([sas.party])
    return row


@pytest.fixture
def region_admin(make_person, sas, client):
    admin = make_person(sas, Role.ADMINISTRATOR, username="admin.vgr")
    client.force_login(admin)
    return admin


def test_a_region_administrator_maps_an_assignment_to_the_handler_role(
    client, region_admin, region_idp, sas
):
    response = client.post(
        reverse("identity_mappings"),
        {
            "identity_provider": region_idp.pk,
            "value": "SE2321000131-C-1",
            "provider": sas.pk,
            "role": Role.HANDLER,
        },
    )

    assert response.status_code == 302
    mapping = ClaimMapping.objects.get(value="SE2321000131-C-1")
    assert (mapping.care_provider, mapping.role) == (sas, Role.HANDLER)
    assert AuditEvent.objects.filter(action="identity.mapping.added", user=region_admin).exists()
    assert "SE2321000131-C-1" in client.get(reverse("identity_mappings")).content.decode()


def test_a_party_administrator_cannot_map_to_a_county_wide_role(client, region_admin, region_idp):
    koncern = CareProvider.objects.get(name="Koncernkontoret")

    response = client.post(
        reverse("identity_mappings"),
        {
            "identity_provider": region_idp.pk,
            "value": "SE2321000131-C-2",
            "provider": koncern.pk,
            "role": Role.COUNTY_ADMINISTRATOR,
        },
    )

    assert response.status_code == 400
    assert not ClaimMapping.objects.exists()


def test_a_mapping_outside_the_providers_parties_is_a_form_error(
    client, personas, region_idp, boras
):
    client.force_login(personas["county_admin"])

    response = client.post(
        reverse("identity_mappings"),
        {
            "identity_provider": region_idp.pk,
            "value": "X-1",
            "provider": boras.pk,
            "role": Role.REPORTER,
        },
    )

    assert response.status_code == 400
    assert "får inte gå i god för den här vårdgivaren" in response.content.decode()


def test_removing_a_mapping_is_recorded_and_others_mappings_are_not_found(
    client, region_admin, region_idp, sas, make_person, boras
):
    mapping = claim_mapping_add(
        actor=None, provider=region_idp, value="C-9", care_provider=sas, role=Role.REPORTER
    )
    outsider = make_person(boras, Role.ADMINISTRATOR, username="admin.boras")

    client.force_login(outsider)
    assert client.post(reverse("identity_mapping_remove", args=[mapping.pk])).status_code == 404
    client.force_login(region_admin)
    client.post(reverse("identity_mapping_remove", args=[mapping.pk]))

    assert not ClaimMapping.objects.exists()
    assert AuditEvent.objects.filter(action="identity.mapping.removed").exists()


def test_people_without_the_administrator_role_get_403(client, personas):
    client.force_login(personas["handler"])
    assert client.get(reverse("identity_mappings")).status_code == 403
