import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Single-column indexes that a composite index starting with the same column makes redundant
# (decision 0031): every write and every bulk load paid for them; no query needs them.
class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_export_case_ids"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The foreign keys lose their own index, nothing else: only the index is dropped
        # (AlterField would also drop and re-add each constraint, checking every row again).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="readevent",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_readevent_user_id_b3bed570"',
                    'CREATE INDEX IF NOT EXISTS "audit_readevent_user_id_b3bed570" ON "audit_readevent" ("user_id")',
                ),
            ],
        ),
    ]
