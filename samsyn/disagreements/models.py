"""Disagreement and dispute: the escalation ladder, step 3 outcomes and lessons (DOMAIN.md §3, §4).

Oenighet: two parties lack a shared view on a question (the addendum presentation, #HoSavtal2027,
"Definition"). It is
handled on an escalation ladder: step 1 first-line management, step 2 the next level,
step 3 (tvist, dispute) the highest management or political level of each party. The
states and the moves between them are the table in `workflow.py` (the case engine); the
services in `services/` are the only code that moves a case.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.amounts import sek
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CooperationArea, County, Party

FREE_TEXT = [no_personal_identity_number]


class Category(models.Model):
    """What a disagreement is about (in- och utskrivning, läkaransvar …); kept by administrators."""

    name = models.CharField(_("name"), max_length=100, unique=True, validators=FREE_TEXT)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("disagreement category")
        verbose_name_plural = _("disagreement categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Disagreement(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Ongoing")
        IN_COURT = "in_court", _("Referred to a general court")
        RESOLVED = "resolved", _("Resolved – lesson outstanding")
        CLOSED = "closed", _("Closed")

    class Resolution(models.TextChoices):
        AGREEMENT = "agreement", _("Agreed solution")
        ECONOMIC_SETTLEMENT = "economic_settlement", _("Economic settlement")
        COURT_JUDGMENT = "court_judgment", _("Judgment in a general court")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    # Side A raised the disagreement; side B is the counterpart. Each side is a care provider
    # of a party (a municipality is its own provider; VGR has many).
    party_a = models.ForeignKey(
        Party,
        verbose_name=_("party raising the question"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider_a = models.ForeignKey(
        CareProvider,
        verbose_name=_("care provider (party A)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_b = models.ForeignKey(
        Party, verbose_name=_("receiving care provider"), on_delete=models.PROTECT, related_name="+"
    )
    provider_b = models.ForeignKey(
        CareProvider,
        verbose_name=_("care provider (other party)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("heading"), max_length=200, validators=FREE_TEXT)
    question = models.TextField(
        _("the question where there is no common view"),
        validators=FREE_TEXT,
        help_text=_("Describe the question without patient details."),
    )
    position_a = models.TextField(_("position, party A"), validators=FREE_TEXT)
    position_b = models.TextField(_("position, other party"), blank=True, validators=FREE_TEXT)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("area of cooperation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        GoverningDocument,
        verbose_name=_("governing documents concerned"),
        blank=True,
        related_name="+",
    )
    sections = models.ManyToManyField(
        DocumentSection, verbose_name=_("sections concerned"), blank=True, related_name="+"
    )
    # A disagreement may rest on one or more deviations, or on none (the addendum presentation,
    # #HoSavtal2027, "Definition").
    deviations = models.ManyToManyField(
        "deviations.Deviation",
        verbose_name=_("deviations the disagreement is based on"),
        blank=True,
        related_name="disagreements",
    )
    patient_affected = models.BooleanField(_("a patient is affected"), default=False)
    # The patient first (the addendum presentation, #HoSavtal2027): who does what for the patient
    # meanwhile, from when.
    temporary_solution = models.TextField(
        _("interim solution"),
        blank=True,
        validators=FREE_TEXT,
        help_text=_("Who does what for the patient while the case is handled."),
    )
    temporary_solution_from = models.DateField(
        _("interim solution applies from"), null=True, blank=True
    )
    # The answer may instead be that no interim solution is needed: then the text says why.
    temporary_solution_none = models.BooleanField(_("no interim solution is needed"), default=False)
    # What binds both parties (an agreed solution, an economic settlement) is proposed by one
    # party and takes effect only when the other party's step owner confirms it.
    proposal_kind = models.CharField(
        _("proposal awaiting confirmation"),
        max_length=20,
        choices=[("resolve", _("Agreed solution")), ("settlement", _("Economic settlement"))],
        blank=True,
    )
    proposal_text = models.TextField(_("proposed solution"), blank=True, validators=FREE_TEXT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    current_step = models.PositiveSmallIntegerField(_("step"), default=1)
    is_dispute = models.BooleanField(_("dispute"), default=False)
    resolution = models.CharField(
        _("outcome"), max_length=30, choices=Resolution.choices, blank=True
    )
    solution = models.TextField(_("agreed solution"), blank=True, validators=FREE_TEXT)
    # A proposal to skip step 2, waiting for the other party's agreement (the addendum
    # presentation, #HoSavtal2027: the ladder).
    skip_reason = models.TextField(
        _("reason for skipping a step"), blank=True, validators=FREE_TEXT
    )
    skip_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    skip_proposed_by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The registration form's one-time key: a double-submitted form creates one case.
    submission_token = models.UUIDField(
        _("submission key"), null=True, blank=True, unique=True, editable=False
    )
    # The case's moves (workflow.py), in the one history every case type shares.
    transitions = GenericRelation("cases.Transition", related_query_name="disagreement")
    # Documents the step owners attach (issue 18), in the attachments every case type shares.
    attachments = GenericRelation("attachments.Attachment", related_query_name="disagreement")

    class Meta:
        verbose_name = _("disagreement")
        verbose_name_plural = _("disagreements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_a=F("party_b")), name="disagreement_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(current_step__gte=1, current_step__lte=3),
                name="disagreement_step_1_to_3",
            ),
            # Once at step 3 it is a dispute, and stays one (the addendum presentation,
            # #HoSavtal2027: tvist).
            models.CheckConstraint(
                condition=Q(current_step__lt=3) | Q(is_dispute=True),
                name="disagreement_step3_is_dispute",
            ),
            # The patient first: past step 1 an affected patient has a temporary solution.
            models.CheckConstraint(
                condition=Q(patient_affected=False)
                | Q(current_step=1)
                | (
                    ~Q(temporary_solution="")
                    & (Q(temporary_solution_from__isnull=False) | Q(temporary_solution_none=True))
                ),
                name="disagreement_patient_has_temporary_solution",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="disagreement_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_court"]) | ~Q(resolution=""),
                name="disagreement_resolved_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "current_step"]),
            # Each party's cases by status: the managers' list and inbox.
            models.Index(fields=["party_a", "status"]),
            models.Index(fields=["party_b", "status"]),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    REFERENCE_PREFIX = "OE"  # the case number users see and type: OE-12

    def get_absolute_url(self):
        return reverse("disagreements:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.REFERENCE_PREFIX}-{self.pk}"

    @property
    def listed_reference(self) -> str:
        """The case number as text lists and notifications show it: a dispute (step 3) says so
        wherever it is listed, as the tag `_dispute_tag.html` does on pages."""
        return f"{gettext('TVIST')} – {self.reference}" if self.is_dispute else self.reference

    def access_provider_ids(self):
        return [self.provider_a_id, self.provider_b_id]

    def access_party_ids(self):
        return [self.party_a_id, self.party_b_id]

    def access_county_id(self):
        return self.county_id

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_COURT)

    @property
    def needs_temporary_solution(self) -> bool:
        return self.patient_affected and not self.temporary_solution

    @property
    def has_patient_answer(self) -> bool:
        """The patient's needs are answered: an interim solution from a date, or why none is
        needed."""
        return bool(self.temporary_solution.strip()) and bool(
            self.temporary_solution_from or self.temporary_solution_none
        )

    def other_party(self, party_id: int):
        return self.party_b if party_id == self.party_a_id else self.party_a


class EscalationStep(models.Model):
    """One pass of a case through one step of the ladder; a reopened case gets a new row."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Ongoing")
        RESOLVED = "resolved", _("Resolved")
        ESCALATED = "escalated", _("Escalated")
        SKIPPED = "skipped", _("Skipped by agreement")

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    started_on = models.DateField(_("start date"))
    deadline = models.DateField(_("done by"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("solution or reason"), blank=True, validators=FREE_TEXT)
    # Why this pass began, when it is not the first: reopening is recorded, never silent.
    opened_reason = models.TextField(_("reason for reopening"), blank=True, validators=FREE_TEXT)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalation ladder step")
        verbose_name_plural = _("escalation ladder step")
        ordering = ["disagreement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3), name="step_number_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("started_on")), name="step_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | (~Q(outcome_text="") & Q(ended_on__isnull=False)),
                name="step_outcome_has_text_and_date",
            ),
            models.UniqueConstraint(
                fields=["disagreement"], condition=Q(outcome=""), name="step_one_open_per_case"
            ),
        ]
        # The daily sweep for open steps past their deadline.
        indexes = [models.Index(fields=["outcome", "deadline"])]

    def __str__(self):
        return gettext("Step {number}").format(number=self.number)

    @property
    def level_label(self) -> str:
        return STEP_LEVELS[self.number]


STEP_LEVELS = {
    1: _("First-line manager"),
    2: _("Next management level"),
    3: _("Highest management or political level (dispute)"),
}


def step_name(number: int) -> str:
    """ "Step 2 – next management level": a step as lists and the organisation page name it."""
    level = str(STEP_LEVELS[number])
    return gettext("Step {number} – {level}").format(
        number=number, level=level[:1].lower() + level[1:]
    )


class StepMeeting(models.Model):
    """A meeting between the parties at one step, with its notes."""

    step = models.ForeignKey(EscalationStep, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("meeting date"))
    notes = models.TextField(_("notes"), validators=FREE_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on", "id"]

    def __str__(self):
        return gettext("Meeting {date}").format(date=self.held_on)


class Comment(models.Model):
    """The case thread: what the people on the ladder write to each other."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), validators=FREE_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return gettext("Comment {number}").format(number=self.pk)


class EconomicSettlement(models.Model):
    """Ekonomisk reglering: a step 3 outcome, money from one party to the other (the addendum
    presentation, #HoSavtal2027)."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="settlement"
    )
    payer = models.ForeignKey(
        Party, verbose_name=_("paying party"), on_delete=models.PROTECT, related_name="+"
    )
    payee = models.ForeignKey(
        Party, verbose_name=_("receiving party"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    basis = models.TextField(_("grounds for the settlement"), validators=FREE_TEXT)
    decided_on = models.DateField(_("decision date"))
    reference = models.CharField(
        _("reference number"), max_length=100, blank=True, validators=FREE_TEXT
    )
    # Binding on both parties only once the other party's step 3 owner has confirmed it.
    proposed_by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("economic settlement")
        verbose_name_plural = _("economic settlements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="settlement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(payer=F("payee")), name="settlement_payer_is_not_payee"
            ),
        ]

    def __str__(self):
        return gettext("{payer} pays {amount} to {payee}").format(
            payer=self.payer, amount=sek(self.amount), payee=self.payee
        )

    @property
    def amount_display(self) -> str:
        return sek(self.amount)


class CourtReferral(models.Model):
    """Vidare hantering i allmän domstol: a step 3 outcome; the judgment is recorded later."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="court_referral"
    )
    court = models.CharField(_("court"), max_length=150, validators=FREE_TEXT)
    case_number = models.CharField(_("case number"), max_length=50, validators=FREE_TEXT)
    referred_on = models.DateField(_("date"))
    judgment = models.TextField(_("the judgment in brief"), blank=True, validators=FREE_TEXT)
    judgment_on = models.DateField(_("date of judgment"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral to a general court")
        verbose_name_plural = _("referrals to a general court")
        constraints = [
            models.CheckConstraint(
                condition=Q(judgment_on__isnull=True) | ~Q(judgment=""),
                name="court_judgment_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.court} {self.case_number}"


class Lesson(models.Model):
    """A solution and its lesson, written for county-wide sharing (Vägledande lösningar, the
    addendum presentation, #HoSavtal2027).

    Copied out of the case when it closes, so everyone signed in may read the library
    without seeing the case itself.
    """

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="lesson"
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("heading"), max_length=200, validators=FREE_TEXT)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("area of cooperation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        GoverningDocument, verbose_name=_("governing document"), blank=True, related_name="+"
    )
    sections = models.ManyToManyField(
        DocumentSection, verbose_name=_("section"), blank=True, related_name="+"
    )
    step_reached = models.PositiveSmallIntegerField(_("highest step"))
    resolution = models.CharField(
        _("outcome"), max_length=30, choices=Disagreement.Resolution.choices
    )
    solution = models.TextField(_("the solution"), validators=FREE_TEXT)
    lesson = models.TextField(_("lesson"), validators=FREE_TEXT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("guiding solution")
        verbose_name_plural = _("guiding solutions")
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(solution="") & ~Q(lesson=""), name="lesson_has_solution_and_lesson"
            ),
        ]

    def __str__(self):
        return self.title


class EconomicAgreement(models.Model):
    """Ekonomisk överenskommelse: a voluntary agreement on responsibility and compensation in an
    area, made at any time, with or without a dispute (the joint steering group's notes of
    2025-08-12)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    party_a = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    party_b = models.ForeignKey(
        Party, verbose_name=_("other party"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField(_("area"), max_length=200, validators=FREE_TEXT)
    responsibility = models.TextField(_("responsibility"), validators=FREE_TEXT)
    compensation = models.TextField(_("compensation"), validators=FREE_TEXT)
    valid_from = models.DateField(_("applies from"))
    valid_to = models.DateField(_("applies until and including"), null=True, blank=True)
    reference = models.CharField(
        _("reference number"), max_length=100, blank=True, validators=FREE_TEXT
    )
    disagreement = models.ForeignKey(
        Disagreement,
        verbose_name=_("belongs to disagreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="economic_agreements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("economic agreement")
        verbose_name_plural = _("economic agreements")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_a=F("party_b")), name="economic_agreement_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="economic_agreement_valid_to_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.area} ({self.party_a} – {self.party_b})"

    def access_provider_ids(self):
        return []

    def access_party_ids(self):
        return [self.party_a_id, self.party_b_id]

    def access_county_id(self):
        return self.county_id


class PatientAnswer(models.Model):
    """One version of the answer to "how are the patient's needs met meanwhile?": kept for
    every change, so the case shows who changed it and when (the addendum: the patient's needs
    are met without unnecessary delay and never affected by the dispute)."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.CASCADE, related_name="patient_answers"
    )
    step = models.PositiveSmallIntegerField(_("step"))
    none_needed = models.BooleanField(_("no interim solution is needed"), default=False)
    text = models.TextField(_("interim solution"), validators=FREE_TEXT)
    valid_from = models.DateField(_("applies from"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("answer on the patient's needs")
        verbose_name_plural = _("answers on the patient's needs")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") & (Q(valid_from__isnull=False) | Q(none_needed=True)),
                name="patient_answer_complete",
            ),
        ]

    def __str__(self):
        on = timezone.localdate(self.at)
        return gettext("Answer on the patient's needs {date}").format(date=on)


class StepProtocol(models.Model):
    """The written protocol that ends a step of the ladder: generated from the case, each party
    writes its own position and its factual and contractual basis; both parties' step owners
    confirm it, and then it is frozen (its content and hash kept, the hash in the audit trail).
    """

    step = models.OneToOneField(EscalationStep, on_delete=models.CASCADE, related_name="protocol")
    position_a = models.TextField(_("position, party A"), blank=True, validators=FREE_TEXT)
    facts_a = models.TextField(_("factual basis, party A"), blank=True, validators=FREE_TEXT)
    document_a = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    section_a = models.ForeignKey(
        DocumentSection, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position_b = models.TextField(_("position, other party"), blank=True, validators=FREE_TEXT)
    facts_b = models.TextField(_("factual basis, other party"), blank=True, validators=FREE_TEXT)
    document_b = models.ForeignKey(
        GoverningDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    section_b = models.ForeignKey(
        DocumentSection, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_a_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_a_at = models.DateTimeField(null=True, blank=True)
    confirmed_b_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_b_at = models.DateTimeField(null=True, blank=True)
    # Set at the first confirmation: the text confirmed, and its SHA-256 (the second party
    # confirms that text); frozen when both have.
    content = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("step protocol")
        verbose_name_plural = _("step protocols")
        constraints = [
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True)
                | (
                    Q(confirmed_a_at__isnull=False)
                    & Q(confirmed_b_at__isnull=False)
                    & ~Q(content_hash="")
                ),
                name="protocol_frozen_is_confirmed_by_both",
            ),
        ]

    def __str__(self):
        return gettext("Protocol, step {number}").format(number=self.step.number)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Claim(models.Model):
    """A claim for economic settlement: the amount, its factual and contractual basis; the
    other party answers it in writing before step 3 decides."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(
        Party, verbose_name=_("claiming party"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    facts = models.TextField(_("factual basis"), validators=FREE_TEXT)
    document = models.ForeignKey(
        GoverningDocument,
        verbose_name=_("contractual basis: governing document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    section = models.ForeignKey(
        DocumentSection,
        verbose_name=_("contractual basis: section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answer_due = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True, validators=FREE_TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("claim for economic settlement")
        verbose_name_plural = _("claims for economic settlement")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(condition=~Q(facts=""), name="claim_has_facts"),
        ]

    def __str__(self):
        return gettext("Claim of {amount} by {party}").format(
            amount=sek(self.amount), party=self.claimant
        )

    @property
    def amount_display(self) -> str:
        return sek(self.amount)
