"""The registry of governing documents and of who is bound by them (DOMAIN.md section 1).

Dates and rules are data: the 2017 agreement, the 2027 agreement and another county's
documents are rows, never constants in code.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import CountyWideObject
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import County, Party


class GoverningDocument(CountyWideObject, models.Model):
    access_county_lookup = "county"

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Health and medical care agreement")
        SUB_AGREEMENT = "sub_agreement", _("Sub-agreement")
        GUIDELINE = "guideline", _("County-wide guideline")
        ROUTINE = "routine", _("Routine")
        REGION_FORMATION_AGREEMENT = "region_formation_agreement", _("Region formation agreement")
        PRIMARY_CARE_AGREEMENT = "primary_care_agreement", _("Primary care agreement")
        LAW = "law", _("Law")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    code = models.CharField(_("short code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    requires_adoption = models.BooleanField(
        _("requires a decision by each principal"),
        default=False,
        help_text=_(
            "An agreement or sub-agreement binds a municipality only once it has approved it."
        ),
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), null=True, blank=True
    )
    # The agreement period (avtalstid) runs from the first version's start; a document that is
    # not terminated is prolonged automatically, one prolongation period at a time (the joint
    # steering group's notes of 2025-08-12).
    agreement_period_months = models.PositiveSmallIntegerField(
        _("agreement period (months)"),
        null=True,
        blank=True,
        help_text=_("The first agreement period, counted from the first version's start date."),
    )
    prolongation_months = models.PositiveSmallIntegerField(
        _("prolongation (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Unless terminated, the agreement is prolonged automatically by this many months at "
            "a time."
        ),
    )
    # The county's routine for deviations in cooperation gives the receiver a fixed time to
    # answer with measures taken or planned (Göteborg's: 60 days); a document may set its own.
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer a deviation"),
        default=60,
        db_default=60,
        help_text=_(
            "The receiver of a deviation against this document answers within this many days."
        ),
    )
    adoption_deadline = models.DateField(
        _("decision deadline"),
        null=True,
        blank=True,
        help_text=_(
            "When every principal must have decided, e.g. 31 May 2026 (as the "
            "presentation on the addendum to the agreement, #HoSavtal2027, says)."
        ),
    )
    description = models.TextField(
        _("description"), blank=True, validators=[no_personal_identity_number]
    )

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="document_unique_code"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="document_not_own_parent"),
        ]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """One version of a document with its validity; versions of a document never overlap."""

    access_county_lookup = "document__county"

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=40)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to and including"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    url = models.URLField(_("link to the document"), blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
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

    access_county_lookup = "document__county"

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(_("section"), max_length=20)
    title = models.CharField(_("heading"), max_length=300)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="section_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class AdoptionDecision(models.Model):
    """A party's council decision on a document that requires adoption."""

    access_county_lookup = "party__county"

    class Status(models.TextChoices):
        PENDING = "pending", _("No decision yet")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    class Body(models.TextChoices):
        MUNICIPAL_COUNCIL = "kommunfullmaktige", _("Municipal council")
        REGIONAL_COUNCIL = "regionfullmaktige", _("Regional council")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="decisions")
    document = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, related_name="decisions"
    )
    status = models.CharField(_("decision"), max_length=20, choices=Status.choices)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    body = models.CharField(_("decision-making body"), max_length=30, choices=Body.choices)
    reference = models.CharField(
        _("reference number/paragraph"),
        max_length=100,
        blank=True,
        validators=[no_personal_identity_number],
    )

    class Meta:
        verbose_name = _("adoption decision")
        verbose_name_plural = _("adoption decisions")
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

    access_county_lookup = "party__county"

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="terminations")
    document = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, related_name="terminations"
    )
    notified_on = models.DateField(_("notice of termination received"))
    ends_on = models.DateField(_("ceases to apply after"))
    reference = models.CharField(
        _("reference number/paragraph"),
        max_length=100,
        blank=True,
        validators=[no_personal_identity_number],
    )

    class Meta:
        verbose_name = _("termination")
        verbose_name_plural = _("terminations")
        ordering = ["ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["party", "document"], name="termination_one_per_party"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("notified_on")), name="termination_ends_after_notice"
            ),
        ]

    def __str__(self):
        return _("{party} terminates {code}").format(party=self.party, code=self.document.code)
