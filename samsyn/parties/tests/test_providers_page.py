"""The county administrator keeps the county's care providers in the app (issue 23 item 4):
add one under a principal, rename it, set its type, make it inactive; never delete it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.parties import services
from samsyn.parties.models import CareProvider, CooperationArea, Party

pytestmark = pytest.mark.django_db


def test_the_county_administrator_adds_a_private_provider_under_the_region(client, personas):
    region = Party.objects.get(kind=Party.Kind.REGION, county__code="14")
    client.force_login(personas["county_admin"])
    assert client.get(reverse("parties:provider_create")).status_code == 200
    response = client.post(
        reverse("parties:provider_create"),
        {"party": region.pk, "name": " Vårdcentralen Ekdalen ", "kind": "private"},
    )
    assert response.status_code == 302
    provider = CareProvider.objects.get(name="Vårdcentralen Ekdalen")
    assert (provider.party, provider.kind, provider.is_active) == (region, "private", True)
    assert AuditEvent.objects.filter(action="parties.provider.added").exists()
    assert "Vårdcentralen Ekdalen" in client.get(reverse("parties:providers")).content.decode()


def test_renaming_and_deactivating_a_provider_keeps_its_principal_and_its_row(
    client, personas, boras
):
    client.force_login(personas["county_admin"])
    url = reverse("parties:provider_edit", args=[boras.pk])
    response = client.post(url, {"name": "Borås Stad, vård och omsorg", "kind": boras.kind})
    assert response.status_code == 302
    party = boras.party
    boras.refresh_from_db()
    assert (boras.name, boras.is_active, boras.party) == (
        "Borås Stad, vård och omsorg",
        False,
        party,
    )
    event = AuditEvent.objects.get(action="parties.provider.changed")
    assert event.data["after"] == {"name": "Borås Stad, vård och omsorg", "is_active": False}


def test_a_name_the_principal_already_has_is_refused_on_the_field(client, personas, boras):
    other = CareProvider.objects.create(party=boras.party, name="Borås hemtjänst", kind="municipal")
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("parties:provider_edit", args=[other.pk]),
        {"name": boras.name, "kind": "municipal", "is_active": "on"},
    )
    assert response.status_code == 400
    assert str(services.PROVIDER_NAME_TAKEN) in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Borås hemtjänst"


@pytest.mark.parametrize("name", ["", "19121212–1212"], ids=["empty", "personnummer-en-dash"])
def test_the_add_form_refuses_what_it_cannot_keep_with_a_400(client, personas, boras, name):
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("parties:provider_create"),
        {"party": boras.party.pk, "name": name, "kind": "private"},
    )
    assert response.status_code == 400
    assert not CareProvider.objects.filter(kind="private", party=boras.party).exists()


def test_another_countys_provider_is_404_and_a_party_administrator_gets_403(
    client, personas, varmland, make_person, boras
):
    from samsyn.parties.models import Role

    client.force_login(personas["county_admin"])
    foreign = varmland["municipal_provider"]
    assert client.get(reverse("parties:provider_edit", args=[foreign.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.provider_change(
            actor=actor_for(personas["county_admin"]), provider=foreign, data={"name": "X"}
        )
    client.force_login(make_person(boras, Role.ADMINISTRATOR, username="admin.boras"))
    assert client.get(reverse("parties:providers")).status_code == 403
    assert client.post(reverse("parties:provider_create"), {}).status_code == 403


def test_a_provider_cannot_be_added_under_another_countys_principal(personas, varmland):
    foreign_party = varmland["municipal_provider"].party
    with pytest.raises(PermissionDenied):
        services.provider_add(
            actor=actor_for(personas["county_admin"]), party=foreign_party, name="X", kind="private"
        )
    with pytest.raises(ValidationError):
        services.provider_add(
            actor=actor_for(personas["county_admin"]),
            party=Party.objects.get(kind=Party.Kind.REGION, county__code="14"),
            name="",
            kind="private",
        )


# --- cooperation areas -------------------------------------------------------------------------


def test_the_county_administrator_adds_an_area_and_moves_a_municipality_into_it(
    client, personas, boras
):
    client.force_login(personas["county_admin"])
    url = reverse("parties:area_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Sjuhärad norra", "members": [boras.party.pk]})
    assert response.status_code == 302
    area = CooperationArea.objects.get(name="Sjuhärad norra")
    assert list(area.members.all()) == [boras.party]
    assert AuditEvent.objects.get(action="parties.area.added").data == {
        "name": "Sjuhärad norra",
        "members": [boras.party.code],
    }
    response = client.post(reverse("parties:area_edit", args=[area.pk]), {"name": "Sjuhärad N"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.members.count()) == ("Sjuhärad N", 0)
    changed = AuditEvent.objects.get(action="parties.area.changed").data
    assert changed["before"]["members"] == [boras.party.code] and changed["after"]["members"] == []


def test_an_area_name_the_county_has_and_a_region_member_are_refused(personas, boras):
    taken = CooperationArea.objects.filter(county=boras.party.county).first()
    admin = actor_for(personas["county_admin"])
    with pytest.raises(ValidationError) as refused:
        services.area_save(
            actor=admin, area=CooperationArea(county=taken.county), name=taken.name, members=[]
        )
    assert refused.value.message_dict == {"name": [str(services.AREA_NAME_TAKEN)]}
    region = Party.objects.get(kind=Party.Kind.REGION, county=taken.county)
    with pytest.raises(ValidationError):
        services.area_save(actor=admin, area=taken, name=taken.name, members=[region])


def test_another_countys_area_is_404_on_the_page_and_refused_by_the_service(
    client, personas, varmland
):
    foreign = CooperationArea.objects.create(county=varmland["county"], name="Värmland väst")
    client.force_login(personas["county_admin"])
    assert client.get(reverse("parties:area_edit", args=[foreign.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.area_save(
            actor=actor_for(personas["county_admin"]), area=foreign, name="X", members=[]
        )


# --- the county's patient-safety forum ----------------------------------------------------------


def test_the_county_administrator_names_the_countys_forum(client, personas, boras):
    county = boras.party.county
    client.force_login(personas["county_admin"])
    url = reverse("parties:forum_edit", args=[county.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"patient_safety_forum": " Länets patientsäkerhetsråd "})
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.patient_safety_forum == "Länets patientsäkerhetsråd"
    event = AuditEvent.objects.get(action="parties.county.forum_renamed")
    assert event.data["after"] == {"patient_safety_forum": "Länets patientsäkerhetsråd"}
    assert (
        client.post(url, {"patient_safety_forum": "Länets patientsäkerhetsråd"}).status_code == 302
    )
    assert AuditEvent.objects.filter(action="parties.county.forum_renamed").count() == 1
    assert "Länets patientsäkerhetsråd" in client.get(reverse("parties:providers")).content.decode()


def test_the_forum_form_refuses_a_personnummer_and_others_are_refused(
    client, personas, boras, varmland, make_person
):
    from samsyn.parties.models import Role

    county = boras.party.county
    before = county.patient_safety_forum
    client.force_login(personas["county_admin"])
    url = reverse("parties:forum_edit", args=[county.pk])
    assert client.post(url, {"patient_safety_forum": "19121212–1212"}).status_code == 400
    assert client.post(url, {"patient_safety_forum": "x" * 151}).status_code == 400
    foreign = reverse("parties:forum_edit", args=[varmland["county"].pk])
    assert client.get(foreign).status_code == 404
    client.force_login(make_person(boras, Role.ADMINISTRATOR, username="admin.boras"))
    assert client.post(url, {"patient_safety_forum": "X"}).status_code == 403
    county.refresh_from_db()
    assert county.patient_safety_forum == before
