"""The Django admin is for superusers only (issue 23 item 4): the staff flag that county
administrators got with their role goes; it now follows the superuser flag."""

from django.conf import settings
from django.db import migrations


def staff_follows_superuser(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0008_machine_account"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(staff_follows_superuser, migrations.RunPython.noop)]
