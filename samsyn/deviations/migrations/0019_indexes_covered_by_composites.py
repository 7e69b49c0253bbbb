import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Single-column indexes that a composite index starting with the same column makes redundant
# (decision 0031): every write and every bulk load paid for them; no query needs them.
class Migration(migrations.Migration):
    dependencies = [
        ("deviations", "0018_report_index_carries_review_date"),
        ("parties", "0009_staff_only_superusers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="deviation",
            name="deviations__event_d_eddeea_idx",
        ),
        # The foreign keys lose their own index, nothing else: only the index is dropped
        # (AlterField would also drop and re-add each constraint, checking every row again).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="deviation",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.cooperationarea",
                        verbose_name="cooperation area",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="counterpart_provider",
                    field=models.ForeignKey(
                        db_index=False,
                        help_text="The care provider that receives the deviation and is responsible for the case.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deviations_received",
                        to="parties.careprovider",
                        verbose_name="receiving care provider",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.party",
                        verbose_name="municipality concerned",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="receiving_unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="If you know it: the unit of the care provider that should receive the case.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deviations_received",
                        to="parties.careunit",
                        verbose_name="receiving unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="reporter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deviations_reported",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="reporting_provider",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deviations_reported",
                        to="parties.careprovider",
                        verbose_name="reporting care provider",
                    ),
                ),
                migrations.AlterField(
                    model_name="deviation",
                    name="reporting_unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deviations_reported",
                        to="parties.careunit",
                        verbose_name="reporting unit",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_area_id_5d97d22c"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_area_id_5d97d22c" ON "deviations_deviation" ("area_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_counterpart_provider_id_05fa4fb1"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_counterpart_provider_id_05fa4fb1" ON "deviations_deviation" ("counterpart_provider_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_municipality_id_56e53e88"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_municipality_id_56e53e88" ON "deviations_deviation" ("municipality_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_receiving_unit_id_ce1d6291"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_receiving_unit_id_ce1d6291" ON "deviations_deviation" ("receiving_unit_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_reporter_id_717e0376"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_reporter_id_717e0376" ON "deviations_deviation" ("reporter_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_reporting_provider_id_018bb239"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_reporting_provider_id_018bb239" ON "deviations_deviation" ("reporting_provider_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "deviations_deviation_reporting_unit_id_9ac90416"',
                    'CREATE INDEX IF NOT EXISTS "deviations_deviation_reporting_unit_id_9ac90416" ON "deviations_deviation" ("reporting_unit_id")',
                ),
            ],
        ),
    ]
