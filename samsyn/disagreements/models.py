"""Disagreement and dispute: the escalation ladder, step 3 outcomes and lessons (DOMAIN.md §3, §4).

Oenighet: two parties lack a shared view on a question (seed 003, "Definition"). It is
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
from django.utils.translation import gettext

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.amounts import sek
from samsyn.core.privacy import no_personal_identity_number
from samsyn.parties.models import CareProvider, CooperationArea, County, Party

FREE_TEXT = [no_personal_identity_number]


class Category(models.Model):
    """What a disagreement is about (in- och utskrivning, läkaransvar …); kept by administrators."""

    name = models.CharField("namn", max_length=100, unique=True, validators=FREE_TEXT)
    is_active = models.BooleanField("används", default=True)

    class Meta:
        verbose_name = "kategori för oenighet"
        verbose_name_plural = "kategorier för oenighet"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Disagreement(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Pågår"
        IN_COURT = "in_court", "Hänskjuten till allmän domstol"
        RESOLVED = "resolved", "Löst – lärdom återstår"
        CLOSED = "closed", "Avslutad"

    class Resolution(models.TextChoices):
        AGREEMENT = "agreement", "Överenskommen lösning"
        ECONOMIC_SETTLEMENT = "economic_settlement", "Ekonomisk reglering"
        COURT_JUDGMENT = "court_judgment", "Dom i allmän domstol"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    # Side A raised the disagreement; side B is the counterpart. Each side is a care provider
    # of a party (a municipality is its own provider; VGR has many).
    party_a = models.ForeignKey(
        Party, verbose_name="part som tar upp frågan", on_delete=models.PROTECT, related_name="+"
    )
    provider_a = models.ForeignKey(
        CareProvider,
        verbose_name="vårdgivare (part A)",
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_b = models.ForeignKey(
        Party, verbose_name="motpart", on_delete=models.PROTECT, related_name="+"
    )
    provider_b = models.ForeignKey(
        CareProvider,
        verbose_name="vårdgivare (motpart)",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("rubrik", max_length=200, validators=FREE_TEXT)
    question = models.TextField(
        "frågan där samsyn saknas",
        validators=FREE_TEXT,
        help_text="Beskriv frågan utan patientuppgifter.",
    )
    position_a = models.TextField("ståndpunkt, part A", validators=FREE_TEXT)
    position_b = models.TextField("ståndpunkt, motpart", blank=True, validators=FREE_TEXT)
    category = models.ForeignKey(
        Category, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        CooperationArea,
        verbose_name="samverkansområde",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        GoverningDocument, verbose_name="berörda styrdokument", blank=True, related_name="+"
    )
    sections = models.ManyToManyField(
        DocumentSection, verbose_name="berörda avsnitt", blank=True, related_name="+"
    )
    # A disagreement may rest on one or more deviations, or on none (seed 003, "Definition").
    deviations = models.ManyToManyField(
        "deviations.Deviation",
        verbose_name="avvikelser som oenigheten bygger på",
        blank=True,
        related_name="disagreements",
    )
    patient_affected = models.BooleanField("en patient berörs", default=False)
    # The patient first (seed 003): who does what for the patient meanwhile, from when.
    temporary_solution = models.TextField(
        "tillfällig lösning",
        blank=True,
        validators=FREE_TEXT,
        help_text="Vem gör vad för patienten under tiden ärendet hanteras.",
    )
    temporary_solution_from = models.DateField(
        "tillfällig lösning gäller från", null=True, blank=True
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    current_step = models.PositiveSmallIntegerField("steg", default=1)
    is_dispute = models.BooleanField("tvist", default=False)
    resolution = models.CharField("utfall", max_length=30, choices=Resolution.choices, blank=True)
    solution = models.TextField("överenskommen lösning", blank=True, validators=FREE_TEXT)
    # A proposal to skip step 2, waiting for the other party's agreement (seed 003: the ladder).
    skip_reason = models.TextField("skäl att hoppa över steg", blank=True, validators=FREE_TEXT)
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
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    closed_at = models.DateTimeField("avslutad", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The registration form's one-time key: a double-submitted form creates one case.
    submission_token = models.UUIDField(
        "inskickningsnyckel", null=True, blank=True, unique=True, editable=False
    )
    # The case's moves (workflow.py), in the one history every case type shares.
    transitions = GenericRelation("cases.Transition", related_query_name="disagreement")

    class Meta:
        verbose_name = "oenighet"
        verbose_name_plural = "oenigheter"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_a=F("party_b")), name="disagreement_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(current_step__gte=1, current_step__lte=3),
                name="disagreement_step_1_to_3",
            ),
            # Once at step 3 it is a dispute, and stays one (seed 003: tvist).
            models.CheckConstraint(
                condition=Q(current_step__lt=3) | Q(is_dispute=True),
                name="disagreement_step3_is_dispute",
            ),
            # The patient first: past step 1 an affected patient has a temporary solution.
            models.CheckConstraint(
                condition=Q(patient_affected=False)
                | Q(current_step=1)
                | (~Q(temporary_solution="") & Q(temporary_solution_from__isnull=False)),
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
        return f"Oenighet {self.pk}: {self.title}"

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

    def other_party(self, party_id: int):
        return self.party_b if party_id == self.party_a_id else self.party_a


class EscalationStep(models.Model):
    """One pass of a case through one step of the ladder; a reopened case gets a new row."""

    class Outcome(models.TextChoices):
        PENDING = "", "Pågår"
        RESOLVED = "resolved", "Löst"
        ESCALATED = "escalated", "Eskalerad"
        SKIPPED = "skipped", "Överhoppad efter överenskommelse"

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("steg")
    started_on = models.DateField("startdatum")
    deadline = models.DateField("senast klart")
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="deltagare", blank=True, related_name="+"
    )
    outcome = models.CharField("utfall", max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField("lösning eller skäl", blank=True, validators=FREE_TEXT)
    # Why this pass began, when it is not the first: reopening is recorded, never silent.
    opened_reason = models.TextField("skäl till återöppning", blank=True, validators=FREE_TEXT)
    ended_on = models.DateField("avslutat", null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "steg i eskaleringstrappan"
        verbose_name_plural = "steg i eskaleringstrappan"
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
        return f"Steg {self.number}"

    @property
    def level_label(self) -> str:
        return STEP_LEVELS[self.number]


STEP_LEVELS = {
    1: "Första linjens chef",
    2: "Nästa ledningsnivå",
    3: "Högsta lednings- eller politiska nivå (tvist)",
}


def step_name(number: int) -> str:
    """ "Steg 2 – nästa ledningsnivå": a step as lists and the organisation page name it."""
    return f"Steg {number} – {STEP_LEVELS[number][0].lower()}{STEP_LEVELS[number][1:]}"


class StepMeeting(models.Model):
    """A meeting between the parties at one step, with its notes."""

    step = models.ForeignKey(EscalationStep, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("mötesdatum")
    notes = models.TextField("anteckningar", validators=FREE_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "möte"
        verbose_name_plural = "möten"
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"Möte {self.held_on}"


class Comment(models.Model):
    """The case thread: what the people on the ladder write to each other."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("kommentar", validators=FREE_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Kommentar {self.pk}"


class EconomicSettlement(models.Model):
    """Ekonomisk reglering: a step 3 outcome, money from one party to the other (seed 003)."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="settlement"
    )
    payer = models.ForeignKey(
        Party, verbose_name="betalande part", on_delete=models.PROTECT, related_name="+"
    )
    payee = models.ForeignKey(
        Party, verbose_name="mottagande part", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)
    basis = models.TextField("grund för regleringen", validators=FREE_TEXT)
    decided_on = models.DateField("beslutsdatum")
    reference = models.CharField("diarienummer", max_length=100, blank=True, validators=FREE_TEXT)

    class Meta:
        verbose_name = "ekonomisk reglering"
        verbose_name_plural = "ekonomiska regleringar"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="settlement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(payer=F("payee")), name="settlement_payer_is_not_payee"
            ),
        ]

    def __str__(self):
        return f"{self.payer} betalar {sek(self.amount)} till {self.payee}"

    @property
    def amount_display(self) -> str:
        return sek(self.amount)


class CourtReferral(models.Model):
    """Vidare hantering i allmän domstol: a step 3 outcome; the judgment is recorded later."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="court_referral"
    )
    court = models.CharField("domstol", max_length=150, validators=FREE_TEXT)
    case_number = models.CharField("målnummer", max_length=50, validators=FREE_TEXT)
    referred_on = models.DateField("datum")
    judgment = models.TextField("domen i korthet", blank=True, validators=FREE_TEXT)
    judgment_on = models.DateField("domsdatum", null=True, blank=True)

    class Meta:
        verbose_name = "hänskjutning till allmän domstol"
        verbose_name_plural = "hänskjutningar till allmän domstol"
        constraints = [
            models.CheckConstraint(
                condition=Q(judgment_on__isnull=True) | ~Q(judgment=""),
                name="court_judgment_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.court} {self.case_number}"


class Lesson(models.Model):
    """A solution and its lesson, written for county-wide sharing (Vägledande lösningar, seed 003).

    Copied out of the case when it closes, so everyone signed in may read the library
    without seeing the case itself.
    """

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="lesson"
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("rubrik", max_length=200, validators=FREE_TEXT)
    category = models.ForeignKey(
        Category, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        CooperationArea,
        verbose_name="samverkansområde",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        GoverningDocument, verbose_name="styrdokument", blank=True, related_name="+"
    )
    sections = models.ManyToManyField(
        DocumentSection, verbose_name="avsnitt", blank=True, related_name="+"
    )
    step_reached = models.PositiveSmallIntegerField("högsta steg")
    resolution = models.CharField("utfall", max_length=30, choices=Disagreement.Resolution.choices)
    solution = models.TextField("lösningen", validators=FREE_TEXT)
    lesson = models.TextField("lärdom", validators=FREE_TEXT)
    published_at = models.DateTimeField("publicerad", null=True, blank=True)

    class Meta:
        verbose_name = "vägledande lösning"
        verbose_name_plural = "vägledande lösningar"
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
    area, made at any time, with or without a dispute (seed 001)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    party_a = models.ForeignKey(
        Party, verbose_name="part", on_delete=models.PROTECT, related_name="+"
    )
    party_b = models.ForeignKey(
        Party, verbose_name="andra part", on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField("område", max_length=200, validators=FREE_TEXT)
    responsibility = models.TextField("ansvar", validators=FREE_TEXT)
    compensation = models.TextField("ersättning", validators=FREE_TEXT)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med", null=True, blank=True)
    reference = models.CharField("diarienummer", max_length=100, blank=True, validators=FREE_TEXT)
    disagreement = models.ForeignKey(
        Disagreement,
        verbose_name="hör till oenighet",
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
        verbose_name = "ekonomisk överenskommelse"
        verbose_name_plural = "ekonomiska överenskommelser"
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
