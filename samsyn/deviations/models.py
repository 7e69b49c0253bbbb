"""Deviations between care providers (DOMAIN.md section 2; seeds 003 and 004).

A deviation is an event where a county-wide agreement, statutory sub-agreement or other
governing document was not followed between two care providers (the addendum presentation,
#HoSavtal2027). The
classification is data kept by county administrators, shaped to make MedControl PRO's
failures impossible (the 2024 report on deviations in cooperation): a patient consequence is always
chosen, an "other"
value is always explained, and a case closes only with a measure or a reasoned decision
that none is needed.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.models import ConstraintsReadOwnFields
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CareUnit, CooperationArea, Party, SubRegion

_TEXT = [no_personal_identity_number]


# ---------------------------------------------------------------- classification


class ClassificationValue(models.Model):
    """A value a county administrator maintains; retired values stay readable on old cases."""

    name = models.CharField(_("name"), max_length=120, unique=True, validators=_TEXT)
    description = models.CharField(
        _("definition"),
        max_length=400,
        blank=True,
        validators=_TEXT,
        help_text=_("What the value means, shown beside the choice on the report form."),
    )
    examples = models.TextField(
        _("examples"),
        blank=True,
        default="",
        validators=_TEXT,
        help_text=_("One or two short examples, one per line."),
    )
    is_other = models.BooleanField(
        _("is an “other” value"),
        default=False,
        help_text=_(
            "Whoever chooses the value must write an explanation (as the county's "
            "2024 report on deviations in cooperation asks)."
        ),
    )
    is_active = models.BooleanField(
        _("can be chosen"), default=True, help_text=_("Deactivated values still show on old cases.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name if self.is_active else gettext("{name} (expired)").format(name=self.name)

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class Category(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Cause(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = _("cause")
        verbose_name_plural = _("causes")


class PatientConsequence(ClassificationValue):
    """A step on the harm scale: none, risk of harm (near miss), mild … death. Every
    consequence axis of a case (actual physical, actual psychological, potential) is graded
    on it (issue 19 item 2)."""

    severity = models.PositiveSmallIntegerField(
        _("severity"), default=0, help_text=_("0 = none, higher = more serious.")
    )

    class Meta(ClassificationValue.Meta):
        verbose_name = _("consequence for the patient")
        verbose_name_plural = _("consequences for the patient")


class OrganisationConsequence(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = _("consequence for the organisation")
        verbose_name_plural = _("consequences for the organisation")


# ---------------------------------------------------------------- the case


class EventType(models.TextChoices):
    """What kind of report it is (issue 19 item 1); what each kind asks is written once, in
    consequences.ASKED."""

    DEVIATION = "deviation", _("Deviation")
    NEAR_MISS = "near_miss", _("Near miss")
    RISK = "risk", _("Risk")
    GOOD_COOPERATION = "good_cooperation", _("Good cooperation")


class Status(models.TextChoices):
    """The guideline's four duties as states: identify, analyse, act, follow up (the addendum
    presentation, #HoSavtal2027)."""

    REGISTERED = "registered", _("Registered")
    SENT = "sent", _("Sent to the receiving care provider")
    ACKNOWLEDGED = "acknowledged", _("Received")
    ANALYSED = "analysed", _("Analysed")
    MEASURES_DECIDED = "measures_decided", _("Measures decided")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")
    # The receiver sent it back (wrong receiver, not a deviation in cooperation): the
    # reporting side re-routes or closes it (issue 17).
    RETURNED = "returned", _("Sent back to the reporting side")
    # A report of good cooperation: positive feedback for the receiver to read, no handling
    # duty (issue 19 item 1): feedback → closed.
    FEEDBACK = "feedback", _("Positive feedback to read")


OPEN_STATUSES = [s for s in Status if s != Status.CLOSED]
# With the receiver, before closing: the states in which the answer is awaited.
ANSWER_STATUSES = [
    Status.SENT,
    Status.ACKNOWLEDGED,
    Status.ANALYSED,
    Status.MEASURES_DECIDED,
    Status.FOLLOWED_UP,
]


class Position(models.TextChoices):
    """The receiver's view of the reporter's description, given when it acknowledges."""

    AGREES = "agrees", _("Agrees with the description")
    PARTLY = "partly", _("Agrees in part")
    DISPUTES = "disputes", _("Disputes the description")


class Verdict(models.TextChoices):
    """The reporting side's view of the receiver's answer: accepted, or questioned once."""

    ACCEPTED = "accepted", _("Answer accepted")
    QUESTIONED = "questioned", _("Answer questioned")


class ReturnReason(models.TextChoices):
    """Why a receiver sends a case back to the reporting side."""

    WRONG_RECEIVER = "wrong_receiver", _("Wrong receiver")
    NOT_IN_COOPERATION = "not_in_cooperation", _("Not a deviation in cooperation")


class LiftDecision(models.TextChoices):
    """What the coordinators at the level a case was lifted to decided (issue 17 item 5)."""

    ACCEPTED = "accepted", _("Taken up by the coordinators")
    MORE_ASKED = "more_asked", _("The coordinators ask for more")
    RETURNED = "returned", _("Sent back by the coordinators")


# A lifted case still waits for its coordinators' decision (Deviation.awaits_lift_decision).
LIFT_UNDECIDED = ("", LiftDecision.MORE_ASKED)


class LexMaria(models.TextChoices):
    """The receiving provider's patient-safety lead's assessment of a lex Maria report to IVO
    (issue 18): only the provider where the harm arose may report it."""

    REPORTED = "reported", _("Reported to IVO")
    NOT_REPORTED = "not_reported", _("Not reported")
    INVESTIGATING = "investigating", _("Being investigated")


class LiftedLevel(models.TextChoices):
    """Organisational shortcomings are lifted to where measures can be taken (the addendum
    presentation, #HoSavtal2027)."""

    SUB_REGIONAL = "sub_regional", _("Subregional level")
    COUNTY = "county", _("County level")


class Deviation(ConstraintsReadOwnFields, models.Model):
    # Looked up by the index (reporting_provider, -created_at) below: none of its own (0031).
    reporting_provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("reporting care provider"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="deviations_reported",
    )
    # Looked up by the index (counterpart_provider, -created_at) below: none of its own (0031).
    counterpart_provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("receiving care provider"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="deviations_received",
        help_text=_(
            "The care provider that receives the deviation and is responsible for the case."
        ),
    )
    # Looked up by the index (reporter, status) below: none of its own (0031).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="deviations_reported",
    )
    event_date = models.DateField(_("event date"))
    # The case's place in the county (issue 20 item 1; parties.selectors.place_of): the
    # municipality it concerns, its sub-region and cooperation area, kept as they were when it
    # was reported, so every figure can be cut by area without rewriting past years.
    # Looked up by the index (municipality, event_date) below: none of its own (0031).
    municipality = models.ForeignKey(
        Party,
        verbose_name=_("municipality concerned"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    sub_region = models.ForeignKey(
        SubRegion,
        verbose_name=_("sub-region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Looked up by the index (area, event_date) below: none of its own (0031).
    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("cooperation area"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("heading"), max_length=150, validators=_TEXT)
    description = models.TextField(_("what happened"), validators=_TEXT)
    document = models.ForeignKey(
        GoverningDocument,
        verbose_name=_("governing document not followed"),
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    section = models.ForeignKey(
        DocumentSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
    )
    # What document_governs() answered when the case was reported: kept, so the warning
    # stays on the case even if the registry is corrected later.
    document_governed = models.BooleanField(
        _("the document applied between the parties"), default=True
    )
    document_governed_note = models.CharField(
        _("why the document did not apply"), max_length=300, blank=True, validators=_TEXT
    )
    event_type = models.CharField(
        _("type of report"),
        max_length=20,
        choices=EventType.choices,
        default=EventType.DEVIATION,
        db_default=EventType.DEVIATION,
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    # The category as the reporter chose it, kept when an analyst re-codes the case (issue 19
    # item 4); empty while the case has never been re-coded.
    reported_category = models.ForeignKey(
        Category,
        verbose_name=_("category as reported"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secondary_category = models.ForeignKey(
        Category,
        verbose_name=_("secondary category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional, where the event falls under two categories."),
    )
    # The consequence axes (issue 19 item 2; decision "consequence axes"): empty on an axis
    # the report's type asks means "not known yet"; on one it does not ask, "not asked".
    patient_consequence = models.ForeignKey(
        PatientConsequence,
        verbose_name=_("actual consequence for the patient: physical harm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    psychological_consequence = models.ForeignKey(
        PatientConsequence,
        verbose_name=_("actual consequence for the patient: psychological harm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    potential_consequence = models.ForeignKey(
        PatientConsequence,
        verbose_name=_("potential consequence for the patient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_consequence = models.ForeignKey(
        OrganisationConsequence,
        verbose_name=_("consequence for the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    causes = models.ManyToManyField(Cause, verbose_name=_("causes"), blank=True, related_name="+")
    other_explanation = models.TextField(
        _("explanation of “other”"),
        blank=True,
        validators=_TEXT,
        help_text=_("Required when you choose an “other” value."),
    )
    proposed_measure = models.TextField(_("suggested measure"), blank=True, validators=_TEXT)
    patient_affected = models.BooleanField(_("the patient was affected"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    ack_due = models.DateField(_("to be acknowledged by"), null=True, blank=True)
    analysis_due = models.DateField(_("to be analysed by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("received"), null=True, blank=True)
    analysed_at = models.DateTimeField(_("analysed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)

    analysis = models.TextField(
        _("analysis (causes at system level)"),
        blank=True,
        validators=_TEXT,
        help_text=_("Describe underlying causes and system shortcomings, not individuals."),
    )
    no_measure_reason = models.TextField(
        _("reasoning why no measure is needed"), blank=True, validators=_TEXT
    )
    no_measure_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    no_measure_at = models.DateTimeField(_("decided"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, validators=_TEXT)

    lifted_level = models.CharField(
        _("lifted to level"), max_length=20, choices=LiftedLevel.choices, blank=True
    )
    lifted_reason = models.TextField(_("reason for lifting"), blank=True, validators=_TEXT)

    # ------------------------------------------------ the receiving side (issue 17)
    # Looked up by the index (reporting_unit, status) below: none of its own (0031).
    reporting_unit = models.ForeignKey(
        CareUnit,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="deviations_reported",
    )
    # Looked up by the index (receiving_unit, status) below: none of its own (0031).
    receiving_unit = models.ForeignKey(
        CareUnit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="deviations_received",
        help_text=_("If you know it: the unit of the care provider that should receive the case."),
    )
    position = models.CharField(
        _("the receiver's view of the description"),
        max_length=20,
        choices=Position.choices,
        blank=True,
        db_default="",
    )
    receiver_account = models.TextField(
        _("the receiver's account"),
        blank=True,
        db_default="",
        validators=_TEXT,
        help_text=_("What happened as the receiving unit sees it."),
    )
    disputed_document = models.ForeignKey(
        GoverningDocument,
        verbose_name=_("governing document the receiver relies on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disputed_section = models.ForeignKey(
        DocumentSection,
        verbose_name=_("section the receiver relies on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_due = models.DateField(_("to be answered by"), null=True, blank=True)
    answer = models.TextField(
        _("answer: measures taken or planned"), blank=True, db_default="", validators=_TEXT
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    verdict = models.CharField(
        _("the reporting side's view of the answer"),
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        db_default="",
    )
    question_reason = models.TextField(
        _("why the answer is questioned"), blank=True, db_default="", validators=_TEXT
    )
    questioned_at = models.DateTimeField(_("questioned"), null=True, blank=True)
    return_reason = models.CharField(
        _("sent back as"), max_length=30, choices=ReturnReason.choices, blank=True, db_default=""
    )
    return_note = models.TextField(
        _("why it was sent back"), blank=True, db_default="", validators=_TEXT
    )

    lift_decision = models.CharField(
        _("the coordinators' decision"),
        max_length=20,
        choices=LiftDecision.choices,
        blank=True,
        db_default="",
    )
    lift_decision_note = models.TextField(
        _("the coordinators' reason"), blank=True, db_default="", validators=_TEXT
    )
    lift_decided_at = models.DateTimeField(_("decided by the coordinators"), null=True, blank=True)

    # ------------------------------------------------ the lex Maria duty (issue 18)
    lex_maria_due = models.DateField(_("lex Maria assessment due by"), null=True, blank=True)
    lex_maria = models.CharField(
        _("lex Maria assessment"),
        max_length=20,
        choices=LexMaria.choices,
        blank=True,
        db_default="",
    )
    lex_maria_ivo_date = models.DateField(_("reported to IVO on"), null=True, blank=True)
    lex_maria_ivo_reference = models.CharField(
        _("IVO's reference"), max_length=60, blank=True, db_default="", validators=_TEXT
    )
    lex_maria_reason = models.TextField(
        _("why it is not reported"), blank=True, db_default="", validators=_TEXT
    )
    lex_maria_review_date = models.DateField(_("to be reviewed by"), null=True, blank=True)
    lex_maria_assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    # ------------------------------------------------ imported history (issue 21 item 5)
    # The system a case was imported from ("MedControl PRO") and its id there: empty on a case
    # reported in Samsyn. The same source id twice is one case, so a re-import adds nothing.
    import_source = models.CharField(
        _("imported from"), max_length=60, blank=True, db_default="", validators=_TEXT
    )
    source_id = models.CharField(
        _("id in the source system"), max_length=80, blank=True, db_default="", validators=_TEXT
    )

    version = models.PositiveIntegerField(default=1)
    submission_token = models.UUIDField(
        _("submission key"), default=uuid.uuid4, unique=True, editable=False
    )
    # The free text as a Swedish full-text vector, kept by a PostgreSQL trigger on every write
    # (migration 0005, with its GIN index); always empty on SQLite, where search is icontains.
    search_vector = SearchVectorField(null=True, editable=False)
    # The case's moves (workflow.py), in the one history every case type shares.
    transitions = GenericRelation("cases.Transition", related_query_name="deviation")
    # Documents attached to the case (issue 18), in the attachments every case type shares.
    attachments = GenericRelation("attachments.Attachment", related_query_name="deviation")

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reporting_provider=F("counterpart_provider")),
                name="deviation_two_different_providers",
            ),
            models.CheckConstraint(
                condition=Q(lifted_level="") | ~Q(lifted_reason=""),
                name="deviation_lifted_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="deviation_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(no_measure_by__isnull=True) | ~Q(no_measure_reason=""),
                name="deviation_no_measure_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(verdict="questioned") | ~Q(question_reason=""),
                name="deviation_questioned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_note=""),
                name="deviation_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(secondary_category__isnull=True) | ~Q(secondary_category=F("category")),
                name="deviation_secondary_category_differs",
            ),
            models.CheckConstraint(
                condition=~Q(event_type="good_cooperation")
                | Q(
                    patient_consequence__isnull=True,
                    psychological_consequence__isnull=True,
                    potential_consequence__isnull=True,
                ),
                name="deviation_good_cooperation_has_no_harm_grade",
            ),
            # A lex Maria assessment carries what each answer needs (issue 18).
            models.CheckConstraint(
                condition=~Q(lex_maria="reported")
                | (Q(lex_maria_ivo_date__isnull=False) & ~Q(lex_maria_ivo_reference="")),
                name="deviation_lex_maria_reported_has_date_and_reference",
            ),
            models.CheckConstraint(
                condition=~Q(lex_maria="not_reported") | ~Q(lex_maria_reason=""),
                name="deviation_lex_maria_not_reported_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(lex_maria="investigating") | Q(lex_maria_review_date__isnull=False),
                name="deviation_lex_maria_investigating_has_review_date",
            ),
            models.UniqueConstraint(
                fields=["import_source", "source_id"],
                condition=~Q(source_id=""),
                name="deviation_unique_source_id",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "ack_due"]),
            models.Index(fields=["status", "analysis_due"]),
            models.Index(fields=["reporting_provider", "-created_at"]),
            models.Index(fields=["counterpart_provider", "-created_at"]),
            # The handler's inbox, the reporter's own open cases, the period filter and the
            # county-wide newest-first list of analysts.
            models.Index(fields=["counterpart_provider", "status"]),
            # The reporting side's open cases: the start page's to-do list of a handler who also
            # reports (issue 17), which otherwise visits every case the provider ever reported.
            models.Index(fields=["reporting_provider", "status"]),
            models.Index(fields=["reporter", "status"]),
            # No index on event_date alone: the report's covering index below starts with it
            # (0031); whoever drops that index must put (event_date) back.
            # The county report's cuts by area (decision "county report aggregates").
            models.Index(fields=["area", "event_date"]),
            models.Index(fields=["municipality", "event_date"]),
            # The list's default order, covering the columns its usual filters and the access
            # rule read: a keyset page finds its ids by an index-only scan (core/keyset.py),
            # past the newer cases a period or status filter skips, without visiting the table.
            models.Index(
                fields=["-created_at", "-id"],
                include=["event_date", "status", "reporting_provider", "counterpart_provider"],
                name="deviation_newest_covering",
            ),
            models.Index(fields=["receiving_unit", "status"]),
            models.Index(fields=["reporting_unit", "status"]),
            # The county report's aggregates over a period (followup/report.py) read every
            # column they count from this index alone (an index-only scan of the year's
            # entries instead of its rows, search vector and texts): 8.8 → 1.9 s for a year
            # at 500,000 cases (bench/README.md). One column more and the scan visits the
            # table again (lex_maria_review_date did, for the report's counts and each
            # indicator's): followup's test_report_index_covers_the_columns_it_counts says which.
            models.Index(
                fields=["event_date"],
                include=[
                    "id",
                    "reporting_provider",
                    "counterpart_provider",
                    "event_type",
                    "category",
                    "reported_category",
                    "patient_consequence",
                    "psychological_consequence",
                    "potential_consequence",
                    "organisation_consequence",
                    "status",
                    "no_measure_by",
                    "answered_at",
                    "answer_due",
                    "position",
                    "verdict",
                    "lex_maria",
                    "lex_maria_due",
                    "lex_maria_review_date",
                    "created_at",
                    "acknowledged_at",
                    "closed_at",
                    "municipality",
                    "sub_region",
                    "area",
                ],
                name="deviation_report_covering_v2",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("deviations:detail", args=[self.pk])

    REFERENCE_PREFIX = "AVV"  # the case number users see and type: AVV-00018

    @property
    def reference(self) -> str:
        prefix = self.REFERENCE_PREFIX
        return f"{prefix}-{self.pk:05d}" if self.pk else f"{prefix}-ny"

    # Access: both providers are involved; the county is the reporting provider's. Inside a
    # provider the case belongs to its two units and to the person who reported it (issue 17).
    def access_provider_ids(self):
        return [self.reporting_provider_id, self.counterpart_provider_id]

    def access_party_ids(self):
        return [self.reporting_provider.party_id, self.counterpart_provider.party_id]

    def access_county_id(self):
        return self.reporting_provider.party.county_id

    def access_unit_ids(self):
        return [u for u in (self.reporting_unit_id, self.receiving_unit_id) if u]

    def access_owner_ids(self):
        return [self.reporter_id]

    @property
    def responsible_side(self) -> "ProviderSide":
        """The receiver: the receiving unit's handlers when it has one, else the provider's
        own (provider-wide) handlers, and the party's deviation coordinator."""
        return ProviderSide(
            self.counterpart_provider_id,
            units=[self.receiving_unit_id] if self.receiving_unit_id else [],
            parties=[self.counterpart_provider.party_id],
        )

    @property
    def reporting_side(self) -> "ProviderSide":
        """The reporting provider (its unit), its party's coordinator and the reporter herself
        (a reporter without a unit answers for her own report: accepts or questions the
        answer, re-routes or closes it when sent back)."""
        return ProviderSide(
            self.reporting_provider_id,
            units=[self.reporting_unit_id] if self.reporting_unit_id else [],
            parties=[self.reporting_provider.party_id],
            owners=[self.reporter_id] if self.reporter_id else [],
        )

    @property
    def lift_side(self) -> "LiftSide":
        """Where a lifted case lands: the cooperation areas of its parties while lifted to the
        sub-regional level, the county while lifted to the county level (issue 17 item 5)."""
        return LiftSide(self)

    def access_area_ids(self):
        return self.lift_side.access_area_ids()

    # The receiving side (issue 17): the answer and the reporting side's view of it.
    def answer_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status in ANSWER_STATUSES
            and self.answered_at is None
            and bool(self.answer_due)
            and self.answer_due < today
        )

    @property
    def may_be_answered(self) -> bool:
        """Not answered yet, or questioned since the answer (one more answer)."""
        if self.answered_at is None:
            return True
        return self.verdict == Verdict.QUESTIONED and self.questioned_at > self.answered_at

    @property
    def awaits_verdict(self) -> bool:
        """Answered, and the reporting side has not accepted it (it may question it once)."""
        if self.answered_at is None or self.verdict == Verdict.ACCEPTED:
            return False
        return not self.verdict or self.answered_at > self.questioned_at

    @property
    def awaits_lift_decision(self) -> bool:
        """Lifted, and its coordinators have neither taken it up nor sent it back (asking for
        more keeps it theirs to decide)."""
        return bool(self.lifted_level) and self.lift_decision in LIFT_UNDECIDED

    @property
    def in_dispute(self) -> bool:
        """Disputed in part or whole by the receiver, or its answer questioned."""
        return self.position in (Position.PARTLY, Position.DISPUTES) or (
            self.verdict == Verdict.QUESTIONED
        )

    # Deadlines (the addendum presentation's duties with the configured days; see
    # services.deadlines_for).
    def ack_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == Status.SENT and bool(self.ack_due) and self.ack_due < today

    def analysis_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status in (Status.SENT, Status.ACKNOWLEDGED)
            and bool(self.analysis_due)
            and self.analysis_due < today
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.ack_overdue(today) or self.analysis_overdue(today) or self.answer_overdue(today)

    @property
    def next_deadline(self) -> datetime.date | None:
        """The date the responsible side must act by now: acknowledge, then analyse; and
        answer the reporting side until it has (issue 17), whichever comes first."""
        if self.status == Status.SENT:
            return self.ack_due
        unanswered = self.status in ANSWER_STATUSES and self.answered_at is None
        dates = [
            self.analysis_due if self.status == Status.ACKNOWLEDGED else None,
            self.answer_due if unanswered else None,
        ]
        return min((d for d in dates if d), default=None)

    @property
    def is_imported(self) -> bool:
        return bool(self.import_source)

    @property
    def is_good_cooperation(self) -> bool:
        return self.event_type == EventType.GOOD_COOPERATION

    @property
    def has_no_measure_decision(self) -> bool:
        return bool(self.no_measure_by_id and self.no_measure_reason)


class ProviderSide:
    """Some providers of a case seen alone, so can() asks "does the actor hold the permission
    *there*?" (the responsible side of a deviation, who answers for a measure)."""

    def __init__(self, *provider_ids: int, units=(), parties=(), owners=()):
        self.provider_ids = list(provider_ids)
        self.unit_ids, self.party_ids, self.owner_ids = list(units), list(parties), list(owners)

    def access_provider_ids(self):
        # A side with a unit is reached through the unit, not the provider as a whole: a
        # provider-wide role reaches it through the provider (Grant.provider_ids).
        return self.provider_ids

    def access_party_ids(self):
        return self.party_ids

    def access_unit_ids(self):
        return self.unit_ids

    def access_owner_ids(self):
        return self.owner_ids

    def access_county_id(self):
        return None


class LiftSide:
    """A lifted case seen by the coordinators of its level only (like ProviderSide)."""

    def __init__(self, deviation: Deviation):
        self.deviation = deviation

    def access_provider_ids(self):
        return []

    def access_party_ids(self):
        return []

    def access_area_ids(self):
        d = self.deviation
        if d.lifted_level != LiftedLevel.SUB_REGIONAL:
            return []
        from samsyn.parties.models import CooperationArea

        parties = [d.reporting_provider.party_id, d.counterpart_provider.party_id]
        return list(
            CooperationArea.objects.filter(members__in=parties).values_list("pk", flat=True)
        )

    def access_county_id(self):
        d = self.deviation
        return (
            d.reporting_provider.party.county_id if d.lifted_level == LiftedLevel.COUNTY else None
        )

    def forum(self) -> str:
        """The forum the case is lifted to, by name: its parties' sub-regional cooperation
        groups, or the county's patient-safety forum (reference data, issue 17 item 5)."""
        d = self.deviation
        if d.lifted_level == LiftedLevel.COUNTY:
            county = d.reporting_provider.party.county
            return county.patient_safety_forum or county.name
        if d.lifted_level != LiftedLevel.SUB_REGIONAL:
            return ""
        from samsyn.parties.models import CooperationArea

        parties = [d.reporting_provider.party_id, d.counterpart_provider.party_id]
        areas = CooperationArea.objects.filter(members__in=parties).distinct().order_by("name")
        return ", ".join(areas.values_list("name", flat=True))


class Measure(models.Model):
    """What a provider will do so the event does not happen again (the duty to act)."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="measures")
    owner_provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("responsible care provider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("measure"), validators=_TEXT)
    due_date = models.DateField(_("due by"))
    done_date = models.DateField(_("carried out"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_date", "id"]
        indexes = [
            # The measures not done yet, by case and due date: the start page's to-do list asks
            # which of a handler's open cases have one due soon (issue 16); most measures are
            # done, so the index is small and answers without visiting the table.
            models.Index(
                fields=["deviation", "due_date"],
                condition=models.Q(done_date__isnull=True),
                name="measure_not_done_due",
            ),
            # The measures done, by case: the county report asks for every case of a year
            # whether one of its measures is done, and this answers without visiting the table.
            models.Index(
                fields=["deviation"],
                condition=models.Q(done_date__isnull=False),
                name="measure_done_of_deviation",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_date is None and self.due_date < (today or timezone.localdate())

    @property
    def answering_side(self) -> ProviderSide:
        """Who answers for the measure: its owner and the case's responsible provider."""
        deviation = self.deviation
        return ProviderSide(
            self.owner_provider_id,
            deviation.counterpart_provider_id,
            units=[deviation.receiving_unit_id] if deviation.receiving_unit_id else [],
            parties=[deviation.counterpart_provider.party_id],
        )


class Comment(models.Model):
    """The thread both providers write in."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("writer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("for care provider"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("message"), validators=_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class PatientReference(models.Model):
    """The patient's personnummer or samordningsnummer, kept apart from the case and encrypted
    at rest (issue 18; core/encryption.py): seen only by the handlers of the two units involved
    (deviations/patient.py), each view in the read log with a reason. It is never a field of
    the case, so no list, search, export, notification or API answer can carry it."""

    deviation = models.OneToOneField(
        Deviation, on_delete=models.CASCADE, related_name="patient_reference"
    )
    # A Fernet token of the normalised number (YYYYMMDD-NNNN), never the number itself.
    token = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("protected patient reference")
        verbose_name_plural = _("protected patient references")

    def __str__(self):
        return gettext("Patient reference of {reference}").format(
            reference=self.deviation.reference
        )


class EventAnalysis(models.Model):
    """An optional händelseanalys (the addendum presentation, #HoSavtal2027: 'Händelseanalys kan
    användas som metod')."""

    deviation = models.OneToOneField(
        Deviation, on_delete=models.CASCADE, related_name="event_analysis"
    )
    conducted_on = models.DateField(_("carried out"))
    participants = models.TextField(
        _("participating functions"),
        blank=True,
        validators=_TEXT,
        help_text=_("Functions and care providers, not names of individuals."),
    )
    findings = models.TextField(_("result"), validators=_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("event analysis")
        verbose_name_plural = _("event analyses")

    def __str__(self):
        return gettext("Event analysis {reference}").format(reference=self.deviation.reference)


class CategorySuggestionModel(models.Model):
    """The county's trained category suggestion (issue 19 item 4; deviations/suggestions.py):
    the TF-IDF vocabulary and the linear classifier's weights as JSON, written by the
    `train_category_suggestions` command and read by the report form without training."""

    county = models.OneToOneField(
        "parties.County", on_delete=models.CASCADE, related_name="category_suggestion_model"
    )
    trained_at = models.DateTimeField(_("trained"), default=timezone.now)
    case_count = models.PositiveIntegerField(_("cases learnt from"), default=0)
    weights = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("category suggestion model")
        verbose_name_plural = _("category suggestion models")

    def __str__(self):
        return f"{self.county}: {self.case_count} ({self.trained_at:%Y-%m-%d})"
