"""The cache table (settings.CACHE_TABLE) for CACHE_BACKEND=database, made whatever settings
migrate runs under: the migration may run with the development settings and the servers with
the production ones (the drills and the bench do), and production uses the database cache by
default. Django's own createcachetable makes it (idempotent)."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.CACHE_TABLE, False)


def drop(apps, schema_editor):
    table = schema_editor.quote_name(settings.CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_statements_first_text")]

    operations = [migrations.RunPython(create, drop)]
