import django.db.models.deletion
from django.db import migrations, models


# Single-column indexes that a composite index starting with the same column makes redundant
# (decision 0031): every write and every bulk load paid for them; no query needs them.
class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_transition_send_back_index"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The foreign keys lose their own index, nothing else: only the index is dropped
        # (AlterField would also drop and re-add each constraint, checking every row again).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="transition",
                    name="content_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "cases_transition_content_type_id_d373a793"',
                    'CREATE INDEX IF NOT EXISTS "cases_transition_content_type_id_d373a793" ON "cases_transition" ("content_type_id")',
                ),
            ],
        ),
    ]
