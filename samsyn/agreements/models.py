"""The registry of governing documents and of who is bound by them (DOMAIN.md section 1).

Dates and rules are data: the 2017 agreement, the 2027 agreement and another county's
documents are rows, never constants in code.
"""

from django.db import models
from django.db.models import F, Q

from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import County, Party


class GoverningDocument(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Hälso- och sjukvårdsavtal"
        SUB_AGREEMENT = "sub_agreement", "Överenskommelse"
        GUIDELINE = "guideline", "Länsgemensam riktlinje"
        ROUTINE = "routine", "Rutin"
        REGION_FORMATION_AGREEMENT = "region_formation_agreement", "Regionbildningsavtal"
        PRIMARY_CARE_AGREEMENT = "primary_care_agreement", "Primärvårdsavtal"
        LAW = "law", "Lag"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("typ", max_length=40, choices=Kind.choices)
    code = models.CharField("kortkod", max_length=40)
    title = models.CharField("titel", max_length=300)
    owner = models.CharField("ägare", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="hör till",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    requires_adoption = models.BooleanField(
        "kräver beslut av varje huvudman",
        default=False,
        help_text="Avtal och överenskommelser gäller en kommun först när den har godkänt dem.",
    )
    notice_period_months = models.PositiveSmallIntegerField(
        "uppsägningstid (månader)", null=True, blank=True
    )
    # The agreement period (avtalstid) runs from the first version's start; a document that is
    # not terminated is prolonged automatically, one prolongation period at a time (seed 001).
    agreement_period_months = models.PositiveSmallIntegerField(
        "avtalstid (månader)",
        null=True,
        blank=True,
        help_text="Första avtalsperioden, räknad från första versionens startdatum.",
    )
    prolongation_months = models.PositiveSmallIntegerField(
        "förlängning (månader)",
        null=True,
        blank=True,
        help_text="Om avtalet inte sägs upp förlängs det automatiskt med så många månader i taget.",
    )
    adoption_deadline = models.DateField(
        "sista dag för beslut",
        null=True,
        blank=True,
        help_text="När alla huvudmän ska ha fattat beslut, t.ex. 31 maj 2026 (seed 003).",
    )
    description = models.TextField(
        "beskrivning", blank=True, validators=[no_personal_identity_number]
    )

    class Meta:
        verbose_name = "styrande dokument"
        verbose_name_plural = "styrande dokument"
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="document_unique_code"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="document_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def access_county_id(self):
        return self.county_id

    def access_party_ids(self):
        return []

    def access_provider_ids(self):
        return []


class DocumentVersion(models.Model):
    """One version of a document with its validity; versions of a document never overlap."""

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField("version", max_length=40)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med", null=True, blank=True)
    decided_on = models.DateField("beslutad", null=True, blank=True)
    url = models.URLField("länk till dokumentet", blank=True)

    class Meta:
        verbose_name = "version"
        verbose_name_plural = "versioner"
        ordering = ["document", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="version_unique_label"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="version_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["document", "valid_from", "valid_to"])]

    def __str__(self):
        return f"{self.document} {self.version}"


class DocumentSection(models.Model):
    """A numbered section of a document, so a deviation can cite exactly what was not followed."""

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField("avsnitt", max_length=20)
    title = models.CharField("rubrik", max_length=300)

    class Meta:
        verbose_name = "avsnitt"
        verbose_name_plural = "avsnitt"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="section_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class AdoptionDecision(models.Model):
    """A party's council decision on a document that requires adoption."""

    class Status(models.TextChoices):
        PENDING = "pending", "Inget beslut ännu"
        APPROVED = "approved", "Godkänt"
        REJECTED = "rejected", "Inte godkänt"

    class Body(models.TextChoices):
        MUNICIPAL_COUNCIL = "kommunfullmaktige", "Kommunfullmäktige"
        REGIONAL_COUNCIL = "regionfullmaktige", "Regionfullmäktige"

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="decisions")
    document = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, related_name="decisions"
    )
    status = models.CharField("beslut", max_length=20, choices=Status.choices)
    decision_date = models.DateField("beslutsdatum", null=True, blank=True)
    body = models.CharField("beslutande organ", max_length=30, choices=Body.choices)
    reference = models.CharField(
        "diarienummer/paragraf",
        max_length=100,
        blank=True,
        validators=[no_personal_identity_number],
    )

    class Meta:
        verbose_name = "beslut om antagande"
        verbose_name_plural = "beslut om antagande"
        ordering = ["document", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["party", "document"], name="decision_one_per_party"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decision_date__isnull=False),
                name="decision_has_date_unless_pending",
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.get_status_display()} ({self.document.code})"


class Termination(models.Model):
    """A party's notice of termination of a document; it ends on `ends_on` for that party only."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="terminations")
    document = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, related_name="terminations"
    )
    notified_on = models.DateField("uppsägning mottagen")
    ends_on = models.DateField("upphör att gälla efter")
    reference = models.CharField(
        "diarienummer/paragraf",
        max_length=100,
        blank=True,
        validators=[no_personal_identity_number],
    )

    class Meta:
        verbose_name = "uppsägning"
        verbose_name_plural = "uppsägningar"
        ordering = ["ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["party", "document"], name="termination_one_per_party"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("notified_on")), name="termination_ends_after_notice"
            ),
        ]

    def __str__(self):
        return f"{self.party} säger upp {self.document.code}"
