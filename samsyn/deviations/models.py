"""Deviations between care providers (DOMAIN.md section 2; seeds 003 and 004).

A deviation is an event where a county-wide agreement, statutory sub-agreement or other
governing document was not followed between two care providers (seed 003). The
classification is data kept by county administrators, shaped to make MedControl PRO's
failures impossible (seed 004): a patient consequence is always chosen, an "other"
value is always explained, and a case closes only with a measure or a reasoned decision
that none is needed.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CareUnit

_TEXT = [no_personal_identity_number]


# ---------------------------------------------------------------- classification


class ClassificationValue(models.Model):
    """A value a county administrator maintains; retired values stay readable on old cases."""

    name = models.CharField("namn", max_length=120, unique=True, validators=_TEXT)
    description = models.CharField("förklaring", max_length=300, blank=True, validators=_TEXT)
    is_other = models.BooleanField(
        "är ett ”annat”-värde",
        default=False,
        help_text="Den som väljer värdet måste skriva en förklaring (seed 004).",
    )
    is_active = models.BooleanField(
        "kan väljas", default=True, help_text="Avaktiverade värden syns kvar på gamla ärenden."
    )
    order = models.PositiveSmallIntegerField("ordning", default=100)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name if self.is_active else f"{self.name} (utgången)"


class Category(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = "kategori"
        verbose_name_plural = "kategorier"


class Cause(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = "orsak"
        verbose_name_plural = "orsaker"


class PatientConsequence(ClassificationValue):
    """A step on the harm scale: none, risk of harm (near miss), mild … death."""

    severity = models.PositiveSmallIntegerField(
        "allvarlighetsgrad", default=0, help_text="0 = ingen, högre = allvarligare."
    )

    class Meta(ClassificationValue.Meta):
        verbose_name = "konsekvens för patienten"
        verbose_name_plural = "konsekvenser för patienten"


class OrganisationConsequence(ClassificationValue):
    class Meta(ClassificationValue.Meta):
        verbose_name = "konsekvens för organisationen"
        verbose_name_plural = "konsekvenser för organisationen"


# ---------------------------------------------------------------- the case


class Status(models.TextChoices):
    """The guideline's four duties as states: identify, analyse, act, follow up (seed 003)."""

    REGISTERED = "registered", "Registrerad"
    SENT = "sent", "Skickad till motparten"
    ACKNOWLEDGED = "acknowledged", "Mottagen"
    ANALYSED = "analysed", "Analyserad"
    MEASURES_DECIDED = "measures_decided", "Åtgärder beslutade"
    FOLLOWED_UP = "followed_up", "Uppföljd"
    CLOSED = "closed", "Avslutad"
    # The receiver sent it back (wrong receiver, not a deviation in cooperation): the
    # reporting side re-routes or closes it (issue 17).
    RETURNED = "returned", _("Sent back to the reporting side")


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


class LiftedLevel(models.TextChoices):
    """Organisational shortcomings are lifted to where measures can be taken (seed 003)."""

    SUB_REGIONAL = "sub_regional", "Delregional nivå"
    COUNTY = "county", "Länsnivå"


class Deviation(models.Model):
    reporting_provider = models.ForeignKey(
        CareProvider,
        verbose_name="rapporterande vårdgivare",
        on_delete=models.PROTECT,
        related_name="deviations_reported",
    )
    counterpart_provider = models.ForeignKey(
        CareProvider,
        verbose_name="motpart",
        on_delete=models.PROTECT,
        related_name="deviations_received",
        help_text="Den vårdgivare som inte följde avtalet och som ansvarar för ärendet.",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rapportör",
        on_delete=models.PROTECT,
        related_name="deviations_reported",
    )
    event_date = models.DateField("händelsedatum")
    title = models.CharField("rubrik", max_length=150, validators=_TEXT)
    description = models.TextField("vad hände", validators=_TEXT)
    document = models.ForeignKey(
        GoverningDocument,
        verbose_name="styrande dokument som inte följdes",
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    section = models.ForeignKey(
        DocumentSection,
        verbose_name="avsnitt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
    )
    # What document_governs() answered when the case was reported: kept, so the warning
    # stays on the case even if the registry is corrected later.
    document_governed = models.BooleanField("dokumentet gällde mellan parterna", default=True)
    document_governed_note = models.CharField(
        "varför dokumentet inte gällde", max_length=300, blank=True, validators=_TEXT
    )
    category = models.ForeignKey(
        Category, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    patient_consequence = models.ForeignKey(
        PatientConsequence,
        verbose_name="konsekvens för patienten",
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_consequence = models.ForeignKey(
        OrganisationConsequence,
        verbose_name="konsekvens för organisationen",
        on_delete=models.PROTECT,
        related_name="+",
    )
    causes = models.ManyToManyField(Cause, verbose_name="orsaker", blank=True, related_name="+")
    other_explanation = models.TextField(
        "förklaring av ”annat”",
        blank=True,
        validators=_TEXT,
        help_text="Krävs när du väljer ett ”annat”-värde.",
    )
    proposed_measure = models.TextField("förslag på åtgärd", blank=True, validators=_TEXT)
    patient_affected = models.BooleanField("patienten påverkades", default=False)

    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)
    ack_due = models.DateField("ska kvitteras senast", null=True, blank=True)
    analysis_due = models.DateField("ska vara analyserad senast", null=True, blank=True)
    acknowledged_at = models.DateTimeField("mottagen", null=True, blank=True)
    analysed_at = models.DateTimeField("analyserad", null=True, blank=True)
    closed_at = models.DateTimeField("avslutad", null=True, blank=True)
    reminded_on = models.DateField("senast påmind", null=True, blank=True)

    analysis = models.TextField(
        "analys (orsaker på systemnivå)",
        blank=True,
        validators=_TEXT,
        help_text="Beskriv bakomliggande orsaker och systembrister, inte enskilda personer.",
    )
    no_measure_reason = models.TextField(
        "motivering till att ingen åtgärd behövs", blank=True, validators=_TEXT
    )
    no_measure_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beslutad av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    no_measure_at = models.DateTimeField("beslutad", null=True, blank=True)
    follow_up = models.TextField("uppföljning", blank=True, validators=_TEXT)

    lifted_level = models.CharField(
        "lyft till nivå", max_length=20, choices=LiftedLevel.choices, blank=True
    )
    lifted_reason = models.TextField("skäl för att lyfta", blank=True, validators=_TEXT)

    # ------------------------------------------------ the receiving side (issue 17)
    reporting_unit = models.ForeignKey(
        CareUnit,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations_reported",
    )
    receiving_unit = models.ForeignKey(
        CareUnit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
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

    version = models.PositiveIntegerField(default=1)
    submission_token = models.UUIDField(
        "inskickningsnyckel", default=uuid.uuid4, unique=True, editable=False
    )
    # The case's moves (workflow.py), in the one history every case type shares.
    transitions = GenericRelation("cases.Transition", related_query_name="deviation")

    class Meta:
        verbose_name = "avvikelse"
        verbose_name_plural = "avvikelser"
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
        ]
        indexes = [
            models.Index(fields=["status", "ack_due"]),
            models.Index(fields=["status", "analysis_due"]),
            models.Index(fields=["reporting_provider", "-created_at"]),
            models.Index(fields=["counterpart_provider", "-created_at"]),
            # The handler's inbox, the reporter's own open cases, the period filter and the
            # county-wide newest-first list of analysts.
            models.Index(fields=["counterpart_provider", "status"]),
            models.Index(fields=["reporter", "status"]),
            models.Index(fields=["event_date"]),
            models.Index(fields=["-created_at"]),
            models.Index(fields=["receiving_unit", "status"]),
            models.Index(fields=["reporting_unit", "status"]),
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
        """The reporting provider (its unit) and its party's coordinator."""
        return ProviderSide(
            self.reporting_provider_id,
            units=[self.reporting_unit_id] if self.reporting_unit_id else [],
            parties=[self.reporting_provider.party_id],
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
    def in_dispute(self) -> bool:
        """Disputed in part or whole by the receiver, or its answer questioned."""
        return self.position in (Position.PARTLY, Position.DISPUTES) or (
            self.verdict == Verdict.QUESTIONED
        )

    # Deadlines (seed 003's duties with the configured days; see services.deadlines_for).
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
        """The date the responsible side must act by now: acknowledge, then analyse."""
        if self.status == Status.SENT:
            return self.ack_due
        if self.status == Status.ACKNOWLEDGED:
            return self.analysis_due
        return None

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


class Measure(models.Model):
    """What a provider will do so the event does not happen again (the duty to act)."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="measures")
    owner_provider = models.ForeignKey(
        CareProvider,
        verbose_name="ansvarig vårdgivare",
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField("åtgärd", validators=_TEXT)
    due_date = models.DateField("klar senast")
    done_date = models.DateField("genomförd", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "åtgärd"
        verbose_name_plural = "åtgärder"
        ordering = ["due_date", "id"]

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
        verbose_name="skribent",
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_provider = models.ForeignKey(
        CareProvider,
        verbose_name="för vårdgivare",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    text = models.TextField("meddelande", validators=_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class EventAnalysis(models.Model):
    """An optional händelseanalys (seed 003: 'Händelseanalys kan användas som metod')."""

    deviation = models.OneToOneField(
        Deviation, on_delete=models.CASCADE, related_name="event_analysis"
    )
    conducted_on = models.DateField("genomförd")
    participants = models.TextField(
        "deltagande funktioner",
        blank=True,
        validators=_TEXT,
        help_text="Funktioner och vårdgivare, inte namn på enskilda.",
    )
    findings = models.TextField("resultat", validators=_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "händelseanalys"
        verbose_name_plural = "händelseanalyser"

    def __str__(self):
        return f"Händelseanalys {self.deviation.reference}"
