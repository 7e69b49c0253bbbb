"""County administrators maintain providers, areas and people in the Django admin."""

from django.contrib.auth import get_user_model

from samsyn.parties.models import CareProvider, CooperationArea, Party, Role


def test_county_administrator_adds_a_private_primary_care_unit(client, personas):
    client.force_login(personas["county_admin"])
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    response = client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": vgr.pk,
            "kind": "private",
            "name": "Vårdcentralen Hjärtat Borås",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
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
            "party": boras.party_id,
            "kind": "municipal",
            "name": "Borås Stad",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
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
            "username": "lonely",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2026-11-25",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-user": person.pk,
            "memberships-0-provider": boras.pk,
            "memberships-0-role": "reporter",
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 200
    assert "minst en vårdgivare" in response.content.decode()
    assert get_user_model().objects.get(pk=person.pk).memberships.count() == 1


# --- admin changes are in the audit trail (issue 8: every create and change) ---------------


def _trail(action):
    from samsyn.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=action)


def test_area_membership_changed_in_the_admin_is_in_the_trail(client, personas):
    client.force_login(personas["county_admin"])
    area = CooperationArea.objects.get(name="Lerum/Alingsås (SAMLA)")
    ale = Party.objects.get(code="1440")
    before = sorted(area.members.values_list("pk", flat=True))
    client.post(
        f"/admin/parties/cooperationarea/{area.pk}/change/",
        {"county": area.county_id, "name": area.name, "members": [*before, ale.pk]},
    )
    event = _trail("admin.parties.cooperationarea.changed").get(object_id=str(area.pk))
    assert event.username == "countyadmin"
    assert event.data == {
        "before": {"members": before},
        "after": {"members": sorted([*before, ale.pk])},
    }


def test_a_role_given_and_taken_in_the_admin_is_in_the_trail(
    client, personas, make_person, boras, sas
):
    client.force_login(personas["county_admin"])
    person = make_person(boras, Role.REPORTER, username="tvårollig")
    kept = person.memberships.get()
    common = {
        "username": "tvårollig",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-11-25",
        "date_joined_1": "10:00:00",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": kept.pk,
        "memberships-0-user": person.pk,
        "memberships-0-provider": boras.pk,
        "memberships-0-role": "reporter",
    }
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            **common,
            "memberships-TOTAL_FORMS": "2",
            "memberships-1-user": person.pk,
            "memberships-1-provider": sas.pk,
            "memberships-1-role": "handler",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    granted = person.memberships.get(provider=sas)
    created = _trail("admin.parties.membership.created").get(object_id=str(granted.pk))
    assert created.data["after"]["role"] == "handler"
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            **common,
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "2",
            "memberships-1-id": granted.pk,
            "memberships-1-user": person.pk,
            "memberships-1-provider": sas.pk,
            "memberships-1-role": "handler",
            "memberships-1-DELETE": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not person.memberships.filter(provider=sas).exists()
    deleted = _trail("admin.parties.membership.deleted").get(object_id=str(granted.pk))
    assert deleted.data["before"]["provider_id"] == sas.pk


def test_a_provider_added_in_the_admin_is_in_the_trail_with_a_swedish_label(client, personas):
    from samsyn.audit.display import action_label

    client.force_login(personas["county_admin"])
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": vgr.pk,
            "kind": "private",
            "name": "Vårdcentralen Spåret",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    provider = CareProvider.objects.get(name="Vårdcentralen Spåret")
    event = _trail("admin.parties.careprovider.created").get(object_id=str(provider.pk))
    assert event.data["after"]["name"] == "Vårdcentralen Spåret"
    assert action_label(event.action) == "Vårdgivare skapad i administrationen"
