"""County administrators maintain providers, areas and people in the Django admin."""

from django.contrib.auth import get_user_model

from samsyn.parties.models import CareProvider, CooperationArea, Party, Role


def test_county_administrator_adds_a_private_primary_care_unit(client, personas):
    client.force_login(personas["county_admin"])
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    response = client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": vgr.pk, "kind": "private", "name": "Vårdcentralen Hjärtat Borås",
            "is_active": "on",
            "units-TOTAL_FORMS": "0", "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CareProvider.objects.filter(name="Vårdcentralen Hjärtat Borås", party=vgr).exists()


def test_a_duplicate_provider_is_refused_in_the_admin(client, personas, boras):
    client.force_login(personas["county_admin"])
    before = CareProvider.objects.count()
    response = client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": boras.party_id, "kind": "municipal", "name": "Borås Stad",
            "is_active": "on", "units-TOTAL_FORMS": "0", "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert CareProvider.objects.count() == before


def test_county_administrator_edits_area_membership(client, personas):
    client.force_login(personas["county_admin"])
    area = CooperationArea.objects.get(name="Lerum/Alingsås (SAMLA)")
    ale = Party.objects.get(code="1440")
    members = [*area.members.values_list("pk", flat=True), ale.pk]
    response = client.post(
        f"/admin/parties/cooperationarea/{area.pk}/change/",
        {"county": area.county_id, "name": area.name, "members": members},
    )
    assert response.status_code == 302
    assert area.members.filter(pk=ale.pk).exists()


def test_saving_a_person_without_any_provider_is_refused_in_the_admin(
    client, personas, make_person, boras
):
    client.force_login(personas["county_admin"])
    person = make_person(boras, Role.REPORTER, username="lonely")
    membership = person.memberships.get()
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            "username": "lonely", "first_name": "", "last_name": "", "email": "",
            "is_active": "on", "date_joined_0": "2026-11-25", "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk, "memberships-0-user": person.pk,
            "memberships-0-provider": boras.pk, "memberships-0-role": "reporter",
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 200
    assert "minst en vårdgivare" in response.content.decode()
    assert get_user_model().objects.get(pk=person.pk).memberships.count() == 1
