"""PostgreSQL refuses TRUNCATE on both trail tables (issue 14): the row-level append-only
trigger of 0003 does not fire on TRUNCATE, so a statement-level trigger does."""

from django.db import migrations

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_readevent")


def _create_truncate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        # The function of 0003 raises for any operation, so statement triggers can use it too.
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION samsyn_audit_append_only();"
        )


def _drop_truncate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_append_only_and_county"),
    ]

    operations = [
        migrations.RunPython(_create_truncate_triggers, _drop_truncate_triggers),
    ]
