"""The county administrator keeps the county's indicators and the deadline for the areas'
reflections in the app (issue 20 item 6, issue 23 item 4), no longer in the Django admin."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.followup import services
from samsyn.followup.models import Indicator, ReflectionDeadline
from samsyn.parties.models import CooperationArea, Role

pytestmark = pytest.mark.django_db

INDICATOR = {
    "name": "Andel klassade Annat",
    "description": "Följs för att se om klassificeringen räcker.",
    "measure": "share_other",
    "target": "7,5",
    "direction": "lower",
    "order": "1",
    "is_active": "on",
}


def test_the_county_administrator_adds_an_indicator_and_hides_it(client, personas, boras):
    client.force_login(personas["county_admin"])
    assert client.get(reverse("followup:settings")).status_code == 200
    area = CooperationArea.objects.filter(county=boras.party.county).first()
    response = client.post(reverse("followup:indicator_create"), {**INDICATOR, "area": area.pk})
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Andel klassade Annat")
    assert (indicator.county, indicator.area, indicator.target) == (
        boras.party.county,
        area,
        Decimal("7.50"),
    )
    added = AuditEvent.objects.get(action="followup.indicator.added")
    assert added.data["after"]["description"] == "[fritext ändrad]"
    response = client.post(
        reverse("followup:indicator_edit", args=[indicator.pk]),
        {**INDICATOR, "area": area.pk, "target": "7.50", "is_active": ""},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert not indicator.is_active
    changed = AuditEvent.objects.get(action="followup.indicator.changed")
    assert changed.data == {"before": {"is_active": True}, "after": {"is_active": False}}
    page = client.get(reverse("followup:settings")).content.decode()
    assert "Andel klassade Annat" in page


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": "19121212–1212"},
        {"description": "Patient 19121212–1212 föll"},
        {"target": "sju"},
        {"measure": "nonsense"},
        {"order": "-1"},
        {"target": "-1"},
    ],
    ids=[
        "empty-name",
        "personnummer-en-dash",
        "personnummer-in-text",
        "text-target",
        "measure",
        "order",
        "negative-target",
    ],
)
def test_the_indicator_form_refuses_what_it_cannot_keep_with_a_400(client, personas, changes):
    client.force_login(personas["county_admin"])
    response = client.post(reverse("followup:indicator_create"), {**INDICATOR, **changes})
    assert response.status_code == 400
    assert not Indicator.objects.exists()


def test_an_indicator_sent_twice_is_added_once(client, personas):
    client.force_login(personas["county_admin"])
    assert client.post(reverse("followup:indicator_create"), INDICATOR).status_code == 302
    again = client.post(reverse("followup:indicator_create"), INDICATOR)
    assert again.status_code == 400
    assert str(services.INDICATOR_NAME_TAKEN) in again.content.decode()
    assert Indicator.objects.count() == 1


def test_unicode_digits_in_the_target_are_read_as_digits(client, personas):
    client.force_login(personas["county_admin"])
    response = client.post(reverse("followup:indicator_create"), {**INDICATOR, "target": "١٢"})
    assert response.status_code == 302
    assert Indicator.objects.get().target == Decimal("12")


def test_another_countys_area_cannot_be_the_cut(client, personas, varmland):
    from samsyn.parties.models import CooperationArea as Area

    foreign = Area.objects.create(county=varmland["county"], name="Värmland väst")
    client.force_login(personas["county_admin"])
    response = client.post(reverse("followup:indicator_create"), {**INDICATOR, "area": foreign.pk})
    assert response.status_code == 400
    assert not Indicator.objects.exists()


def test_a_deadline_is_set_once_per_year_and_after_the_year(client, personas, boras):
    client.force_login(personas["county_admin"])
    url = reverse("followup:deadline_create")
    assert client.post(url, {"year": "2026", "due_on": "2027–03–31"}).status_code == 302
    deadline = ReflectionDeadline.objects.get()
    assert (deadline.county, deadline.due_on) == (boras.party.county, datetime.date(2027, 3, 31))
    assert AuditEvent.objects.get(action="followup.deadline.added").data == {
        "year": 2026,
        "due_on": "2027-03-31",
    }
    again = client.post(url, {"year": "2026", "due_on": "2027-04-30"})  # a double submit
    assert again.status_code == 400
    assert str(services.DEADLINE_YEAR_TAKEN) in again.content.decode()
    early = client.post(url, {"year": "2027", "due_on": "2027-03-31"})
    assert early.status_code == 400
    assert str(services.DEADLINE_BEFORE_YEAR) in early.content.decode()
    assert client.post(url, {}).status_code == 400
    edit = reverse("followup:deadline_edit", args=[deadline.pk])
    assert client.post(edit, {"year": "2026", "due_on": "2027-04-15"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(2027, 4, 15)
    assert ReflectionDeadline.objects.count() == 1


def test_others_are_refused_and_another_countys_rows_are_404(
    client, personas, varmland, make_person, boras
):
    foreign = ReflectionDeadline.objects.create(
        county=varmland["county"], year=2026, due_on=datetime.date(2027, 3, 31)
    )
    client.force_login(personas["county_admin"])
    assert client.get(reverse("followup:deadline_edit", args=[foreign.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.reflection_deadline_save(
            actor=actor_for(personas["county_admin"]),
            deadline=foreign,
            year=2026,
            due_on=datetime.date(2027, 5, 1),
        )
    for person in (
        personas["analyst"],
        make_person(boras, Role.ADMINISTRATOR, username="admin.boras"),
    ):
        client.force_login(person)
        assert client.get(reverse("followup:settings")).status_code == 403
        assert client.post(reverse("followup:indicator_create"), INDICATOR).status_code == 403
    assert not Indicator.objects.exists()
