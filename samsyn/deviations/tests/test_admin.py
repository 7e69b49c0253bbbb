"""County administrators keep the classification in the admin (the 2024 report on deviations in
cooperation); each change is in
the audit trail (issue 8)."""

from samsyn.audit.models import AuditEvent
from samsyn.deviations.models import Category


def test_retiring_a_category_in_the_admin_is_recorded_and_keeps_the_value(client, personas):
    category = Category.objects.get(name="Synpunkter och klagomål")
    client.force_login(personas["county_admin"])
    response = client.post(
        f"/admin/deviations/category/{category.pk}/change/",
        {
            "name": category.name,
            "order": category.order,
            "description": category.description,
            **({"is_other": "on"} if category.is_other else {}),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.is_active is False
    event = AuditEvent.objects.get(
        action="admin.deviations.category.changed", object_id=str(category.pk)
    )
    assert event.data == {"before": {"is_active": True}, "after": {"is_active": False}}


def test_saving_without_a_change_records_nothing(client, personas):
    category = Category.objects.get(name="Annat")
    client.force_login(personas["county_admin"])
    client.post(
        f"/admin/deviations/category/{category.pk}/change/",
        {
            "name": category.name,
            "order": category.order,
            "is_active": "on",
            "description": category.description,
            **({"is_other": "on"} if category.is_other else {}),
        },
    )
    assert not AuditEvent.objects.filter(action="admin.deviations.category.changed").exists()
