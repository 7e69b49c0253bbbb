import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import samsyn.core.privacy


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Transition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("move", models.CharField(max_length=40, verbose_name="steg")),
                ("from_state", models.CharField(blank=True, max_length=40, verbose_name="från")),
                ("to_state", models.CharField(max_length=40, verbose_name="till")),
                (
                    "at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="tidpunkt"
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        validators=[samsyn.core.privacy.no_personal_identity_number],
                        verbose_name="kommentar",
                    ),
                ),
                (
                    "data",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="av",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "händelse i ärendet",
                "verbose_name_plural": "händelser i ärendet",
                "ordering": ["at", "id"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "at"],
                        name="cases_trans_content_b41a7a_idx",
                    )
                ],
            },
        ),
    ]
