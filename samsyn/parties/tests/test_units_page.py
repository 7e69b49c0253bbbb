"""County administrators keep the care providers' units on an in-app page, into the trail."""

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
        reverse("parties:units"), {"provider": boras.pk, "name": "Hemtjänst Norr"}
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
        reverse("parties:units"), {"provider": boras.pk, "name": "Hemtjänst Norr"}
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


def test_a_party_administrator_does_not_keep_units(client, make_person, boras):
    client.force_login(make_person(boras, Role.ADMINISTRATOR, username="admin.b"))
    assert client.get(reverse("parties:units")).status_code == 403
