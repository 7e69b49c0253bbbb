import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Single-column indexes that a composite index starting with the same column makes redundant
# (decision 0031): every write and every bulk load paid for them; no query needs them.
class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_shared_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The foreign keys lose their own index, nothing else: only the index is dropped
        # (AlterField would also drop and re-add each constraint, checking every row again).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "core_notification_user_id_6e341aac"',
                    'CREATE INDEX IF NOT EXISTS "core_notification_user_id_6e341aac" ON "core_notification" ("user_id")',
                ),
            ],
        ),
    ]
