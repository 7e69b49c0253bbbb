"""One way to say "not known yet": an empty consequence axis (decision 0014), read by the lex
Maria trigger too. The extra value "Ännu inte känd" that the patient branch added (a
classification value flagged `is_unknown`) goes; a case that used it keeps "not known yet"
as an empty axis."""

from django.db import migrations


def unknown_value_to_empty_axis(apps, schema_editor):
    PatientConsequence = apps.get_model("deviations", "PatientConsequence")
    Deviation = apps.get_model("deviations", "Deviation")
    unknown = list(PatientConsequence.objects.filter(is_unknown=True).values_list("pk", flat=True))
    if not unknown:
        return
    for axis in ("patient_consequence", "psychological_consequence", "potential_consequence"):
        Deviation.objects.filter(**{f"{axis}__in": unknown}).update(**{axis: None})
    PatientConsequence.objects.filter(pk__in=unknown).delete()


class Migration(migrations.Migration):
    dependencies = [("deviations", "0010_merge_classification_and_patient")]

    operations = [
        migrations.RunPython(unknown_value_to_empty_axis, migrations.RunPython.noop),
        migrations.RemoveField(model_name="patientconsequence", name="is_unknown"),
    ]
