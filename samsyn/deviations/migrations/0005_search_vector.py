"""Free-text search served by an index (issue 16): the Swedish full-text vector of a case's
title, description, proposed measure and analysis is stored in `search_vector`, kept by a
trigger on every insert and on every update of those columns (retention's purge included), and
indexed with GIN. PostgreSQL only; on SQLite the column stays empty and search is icontains."""

import django.contrib.postgres.search
from django.db import migrations

VECTOR = """
    setweight(to_tsvector('swedish', coalesce({row}.title, '')), 'A')
    || setweight(to_tsvector('swedish', coalesce({row}.description, '')), 'B')
    || setweight(to_tsvector('swedish', coalesce({row}.proposed_measure, '')), 'C')
    || setweight(to_tsvector('swedish', coalesce({row}.analysis, '')), 'C')
"""


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Filling half a million rows outlasts the application's statement timeout.
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    schema_editor.execute(
        f"""
        CREATE FUNCTION deviations_search_vector() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := {VECTOR.format(row="NEW")};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER deviations_search_vector
            BEFORE INSERT OR UPDATE OF title, description, proposed_measure, analysis
            ON deviations_deviation
            FOR EACH ROW EXECUTE FUNCTION deviations_search_vector();
        UPDATE deviations_deviation d SET search_vector = {VECTOR.format(row="d")};
        CREATE INDEX deviations_deviation_search_vector
            ON deviations_deviation USING gin (search_vector);
        """
    )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        DROP INDEX IF EXISTS deviations_deviation_search_vector;
        DROP TRIGGER IF EXISTS deviations_search_vector ON deviations_deviation;
        DROP FUNCTION IF EXISTS deviations_search_vector();
        """
    )


class Migration(migrations.Migration):
    dependencies = [
        ("deviations", "0004_status_changes_moved_to_case_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="deviation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_create, _drop),
    ]
