"""A classification value changed in the Django admin (superusers only since issue 23 item 4;
county administrators use /avvikelser/klassificering/) is in the audit trail (issue 8)."""

import pytest
from django.contrib.auth import get_user_model

from samsyn.audit.models import AuditEvent
from samsyn.deviations.models import Category


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.se", "x-9-long-pass")


def test_retiring_a_category_in_the_admin_is_recorded_and_keeps_the_value(client, root):
    category = Category.objects.get(name="Synpunkter och klagomål")
    client.force_login(root)
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


def test_saving_without_a_change_records_nothing(client, root):
    category = Category.objects.get(name="Annat")
    client.force_login(root)
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
