"""History from the old system (issue 21 items 5 and 6; decision "history import mapping").

A profile says how one old system's export is read: which of its columns holds each column of
the layout, and which of its words mean which of Samsyn's values. Both are data the county
administrator keeps in the administration, so a MedControl PRO export with its own headers
and words imports without a change of code. An import run keeps the uploaded file, its dry
run's report and its outcome.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import CountyWideObject
from samsyn.core.privacy import no_personal_identity_number
from samsyn.history.layout import COLUMNS, MAPPED_KINDS

_TEXT = [no_personal_identity_number]


class ImportProfile(CountyWideObject, models.Model):
    access_county_lookup = "county"

    county = models.ForeignKey(
        "parties.County", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("source system"),
        max_length=60,
        validators=_TEXT,
        help_text=_("Shown on every imported case, e.g. “MedControl PRO”."),
    )

    class Meta:
        verbose_name = _("import profile")
        verbose_name_plural = _("import profiles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="history_profile_unique_name")
        ]

    def __str__(self):
        return self.name


class ColumnMapping(models.Model):
    profile = models.ForeignKey(ImportProfile, on_delete=models.CASCADE, related_name="columns")
    field = models.CharField(
        _("column of the layout"),
        max_length=40,
        choices=[(c.key, c.header) for c in COLUMNS],
    )
    column = models.CharField(_("the old system's column"), max_length=120, validators=_TEXT)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["profile", "field"], name="history_column_once")
        ]

    def __str__(self):
        return f"{self.column} → {self.get_field_display()}"


class ValueMapping(models.Model):
    class Kind(models.TextChoices):
        PROVIDER = MAPPED_KINDS[0], _("care provider")
        DOCUMENT = MAPPED_KINDS[1], _("governing document (short code)")
        CATEGORY = MAPPED_KINDS[2], _("category")
        CONSEQUENCE = MAPPED_KINDS[3], _("consequence for the patient")
        ORGANISATION = MAPPED_KINDS[4], _("consequence for the organisation")
        EVENT_TYPE = MAPPED_KINDS[5], _("type of report")

    profile = models.ForeignKey(ImportProfile, on_delete=models.CASCADE, related_name="values")
    kind = models.CharField(_("kind of value"), max_length=30, choices=Kind.choices)
    source_value = models.CharField(_("the old system's value"), max_length=200, validators=_TEXT)
    target = models.CharField(
        _("Samsyn's value"),
        max_length=200,
        blank=True,
        validators=_TEXT,
        help_text=_(
            "The name in Samsyn (the short code of a document). Empty: the value means “not "
            "recorded”."
        ),
    )

    class Meta:
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")
        ordering = ["kind", "source_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "source_value"], name="history_value_once"
            )
        ]

    def __str__(self):
        return f"{self.source_value} → {self.target or '–'}"


class ImportRun(models.Model):
    class State(models.TextChoices):
        CHECKED = "checked", _("dry run done")
        RUNNING = "running", _("being imported")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("nothing imported")

    access_county_lookup = "profile__county"

    profile = models.ForeignKey(
        ImportProfile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="runs"
    )
    file = models.FileField(_("file"), upload_to="history-imports/")
    file_name = models.CharField(_("file name"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    # The last run's figures and its first rows' outcomes (ImportReport.as_json).
    report = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def access_county_id(self):
        return self.profile.county_id

    def access_party_ids(self):
        return []

    def access_provider_ids(self):
        return []
