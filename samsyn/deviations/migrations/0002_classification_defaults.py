from django.db import migrations


def load(apps, schema_editor):
    from samsyn.deviations.classification import classification_defaults_load

    classification_defaults_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("deviations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
