"""Starting categories for disagreements; county administrators change them in the admin.

Taken from the most common events between providers in the 2024 report on deviations in cooperation and the sub-agreements
named in DOMAIN.md; they are data, not code.
"""

from django.db import migrations

CATEGORIES = [
    "In- och utskrivning",
    "Informationsöverföring",
    "Läkaransvar i kommunal primärvård",
    "Betalningsansvar",
    "Hjälpmedel och läkemedel",
    "Psykisk funktionsnedsättning och beroende",
    "Munhälsa och tandvård",
    "Samordnad individuell plan (SIP)",
    "Tolkning av avtal eller överenskommelse",
]


def add(apps, schema_editor):
    Category = apps.get_model("disagreements", "Category")
    for name in CATEGORIES:
        Category.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("disagreements", "Category").objects.filter(name__in=CATEGORIES).delete()


class Migration(migrations.Migration):
    dependencies = [("disagreements", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
