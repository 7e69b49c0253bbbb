"""The party's administrator and the county administrator keep the care providers' units on an
in-app page (issue 17 item 1, issue 23 item 4): add, set the kind, mark inactive, remove one
nobody uses; into the trail."""

import pytest
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.parties.models import CareUnit, Membership, Role

pytestmark = pytest.mark.django_db


def test_a_county_administrator_adds_a_unit_and_it_can_be_chosen_for_a_role(
    client, personas, boras
):
    client.force_login(personas["county_admin"])

    response = client.post(
        reverse("parties:units"),
        {"provider": boras.pk, "name": "Hemtjänst Norr", "kind": "home_care"},
    )

    unit = CareUnit.objects.get(provider=boras, name="Hemtjänst Norr")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Hemtjänst Norr" in page
    assert AuditEvent.objects.filter(action="parties.unit.added").exists()
    person_page = client.get(reverse("parties:person", args=[personas["reporter"].pk]))
    assert f'value="{unit.pk}"' in person_page.content.decode()


def test_the_same_unit_twice_is_a_swedish_form_error(client, personas, boras):
    client.force_login(personas["county_admin"])
    CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")

    response = client.post(
        reverse("parties:units"),
        {"provider": boras.pk, "name": "Hemtjänst Norr", "kind": "home_care"},
    )

    assert response.status_code == 400
    assert CareUnit.objects.filter(name="Hemtjänst Norr").count() == 1


def test_a_unit_in_use_stays_and_the_page_says_why(client, personas, boras):
    client.force_login(personas["county_admin"])
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Syd")
    Membership.objects.filter(user=personas["reporter"]).update(unit=unit)

    response = client.post(reverse("parties:unit_delete", args=[unit.pk]), follow=True)

    assert CareUnit.objects.filter(pk=unit.pk).exists()
    assert "Enheten används" in response.content.decode()
    assert not AuditEvent.objects.filter(action="parties.unit.removed").exists()


def test_an_unused_unit_is_removed_into_the_trail(client, personas, boras):
    client.force_login(personas["county_admin"])
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Väst")

    client.post(reverse("parties:unit_delete", args=[unit.pk]))

    assert not CareUnit.objects.filter(pk=unit.pk).exists()
    assert AuditEvent.objects.filter(action="parties.unit.removed").exists()


@pytest.mark.parametrize("who", ["reporter", "handler"])
def test_others_get_403(client, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("parties:units")).status_code == 403


def test_a_party_administrator_keeps_the_units_of_her_own_party_only(
    client, make_person, boras, sas
):
    client.force_login(make_person(boras, Role.ADMINISTRATOR, username="admin.b"))
    page = client.get(reverse("parties:units"))
    assert page.status_code == 200
    assert "Borås Stad" in page.content.decode()
    assert "Södra Älvsborgs Sjukhus" not in page.content.decode()

    added = client.post(
        reverse("parties:units"),
        {"provider": boras.pk, "name": "Hemtjänst Norr", "kind": CareUnit.Kind.HOME_CARE},
    )
    assert added.status_code == 302
    assert CareUnit.objects.get(provider=boras, name="Hemtjänst Norr").kind == "home_care"

    refused = client.post(
        reverse("parties:units"), {"provider": sas.pk, "name": "Avdelning 1", "kind": "ward"}
    )
    assert refused.status_code == 400
    assert not CareUnit.objects.filter(provider=sas).exists()
    ward = CareUnit.objects.create(provider=sas, name="Avdelning 12")
    edit = reverse("parties:unit_edit", args=[ward.pk])
    assert client.post(edit, {f"enhet-{ward.pk}-kind": "ward"}).status_code == 404
    ward.refresh_from_db()
    assert ward.kind == CareUnit.Kind.OTHER and ward.is_active


def test_the_administrator_sets_the_kind_and_marks_a_unit_inactive_into_the_trail(
    client, make_person, boras
):
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    client.force_login(make_person(boras, Role.ADMINISTRATOR, username="admin.b"))
    prefix = f"enhet-{unit.pk}"

    response = client.post(
        reverse("parties:unit_edit", args=[unit.pk]), {f"{prefix}-kind": "home_care"}
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.kind == CareUnit.Kind.HOME_CARE and not unit.is_active
    event = AuditEvent.objects.get(action="parties.unit.changed")
    assert event.data["before"] == {"is_active": True, "kind": "other"}
    assert event.data["after"] == {"is_active": False, "kind": "home_care"}
    page = client.get(response.url).content.decode()
    assert "Inaktiv" in page and "Hemtjänst Norr" in page


def test_an_unknown_kind_is_a_swedish_message_on_the_field_and_nothing_changes(
    client, personas, boras
):
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    client.force_login(personas["county_admin"])
    prefix = f"enhet-{unit.pk}"

    response = client.post(
        reverse("parties:unit_edit", args=[unit.pk]),
        {f"{prefix}-kind": "castle", f"{prefix}-is_active": "on"},
    )

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    unit.refresh_from_db()
    assert unit.kind == CareUnit.Kind.OTHER and unit.is_active
    assert not AuditEvent.objects.filter(action="parties.unit.changed").exists()


def test_saving_a_unit_unchanged_writes_nothing_to_the_trail(client, personas, boras):
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Norr", kind="home_care")
    client.force_login(personas["county_admin"])
    prefix = f"enhet-{unit.pk}"
    client.post(
        reverse("parties:unit_edit", args=[unit.pk]),
        {f"{prefix}-kind": "home_care", f"{prefix}-is_active": "on"},
    )
    assert not AuditEvent.objects.filter(action="parties.unit.changed").exists()
