"""Forms for disagreement pages: they collect input; the services decide (and name errors)."""

import uuid

from django import forms
from django.db.models import Q

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core import forms as core_forms
from samsyn.core.access import grant_for
from samsyn.core.forms import AmountConfirmationMixin, AmountField, CaseForm, StyledFormMixin
from samsyn.deviations.models import Deviation
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.disagreements.access import STEP_ROLES
from samsyn.disagreements.models import Category, Disagreement, step_name
from samsyn.disagreements.selectors import party_people
from samsyn.disagreements.services import (
    DisagreementRegistration,
    EconomicAgreementTerms,
    SettlementTerms,
)
from samsyn.parties.models import CareProvider, CooperationArea, Party

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 4})
CHOOSE = "Välj"


class NamedEmptyChoiceMixin:
    """A list's empty choice says "Välj", not Django's "---------" (read aloud as dashes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                field.empty_label = CHOOSE


class SectionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 8})

    def label_from_instance(self, obj):
        return f"{obj.document.code} {obj.number} {obj.title}"


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 8})

    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


class DeviationChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 6})

    def label_from_instance(self, obj):
        return (
            f"{obj.reference} {obj.title} ({obj.reporting_provider} → "
            f"{obj.counterpart_provider}, {obj.event_date:%Y-%m-%d})"
        )


def _deviations_for(actor):
    return deviations_visible_to(actor).order_by("-event_date", "-pk")


DEVIATIONS_HELP = (
    "Avvikelser som oenigheten bygger på (du ser bara dem du har behörighet "
    "till). En oenighet kan också finnas utan avvikelse."
)


def _person_label(user) -> str:
    providers = sorted({m.provider.name for m in user.memberships.all()})
    return f"{user.get_full_name() or user.username} ({', '.join(providers)})"


def _documents(county_id):
    return GoverningDocument.objects.filter(county_id=county_id).order_by("code")


def _sections(county_id):
    return (
        DocumentSection.objects.filter(document__county_id=county_id)
        .select_related("document")
        .order_by("document__code", "number")
    )


class DisagreementFieldsMixin:
    """The fields a case shares between registering and changing it."""

    def setup_case_fields(self, county_id):
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["area"].queryset = CooperationArea.objects.filter(county_id=county_id)
        self.fields["documents"].queryset = _documents(county_id)
        self.fields["sections"].queryset = _sections(county_id)


class DisagreementCreateForm(
    NamedEmptyChoiceMixin, StyledFormMixin, DisagreementFieldsMixin, forms.ModelForm
):
    documents = DocumentChoiceField(
        label="Berörda styrdokument",
        required=False,
        queryset=GoverningDocument.objects,
        help_text="Håll ned Ctrl (Cmd på Mac) för att välja flera.",
    )
    sections = SectionChoiceField(
        label="Berörda avsnitt",
        queryset=DocumentSection.objects,
        required=False,
        help_text="Håll ned Ctrl (Cmd på Mac) för att välja flera.",
    )
    deviations = DeviationChoiceField(
        label="Kopplade avvikelser",
        required=False,
        queryset=Deviation.objects.none(),
        help_text=DEVIATIONS_HELP,
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Disagreement
        fields = [
            "provider_a",
            "provider_b",
            "title",
            "question",
            "position_a",
            "position_b",
            "category",
            "area",
            "deviations",
            "documents",
            "sections",
            "patient_affected",
            "temporary_solution",
            "temporary_solution_from",
        ]
        widgets = {
            "question": TEXT,
            "position_a": TEXT,
            "position_b": TEXT,
            "temporary_solution": TEXT,
            "temporary_solution_from": DATE,
        }
        help_texts = {
            "provider_a": "Din huvudmans vårdgivare som tar upp frågan.",
            "provider_b": "Den andra partens vårdgivare.",
            "patient_affected": "Då måste en tillfällig lösning finnas innan steg 2.",
        }

    def __init__(self, *args, actor, **kwargs):
        kwargs["initial"] = {"submission_token": uuid.uuid4(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        own = grant_for(actor, "disagreements.handle").party_ids
        counties = actor.county_ids()
        county_id = next(iter(counties), None)
        providers = CareProvider.objects.filter(is_active=True).select_related("party")
        self.fields["provider_a"].queryset = providers.filter(party_id__in=own)
        self.fields["provider_b"].queryset = providers.filter(
            party__county_id__in=counties
        ).exclude(party_id__in=own)
        self.setup_case_fields(county_id)
        self.fields["deviations"].queryset = _deviations_for(actor)

    def _post_clean(self):
        # The service validates the whole case (and says so in Swedish); skip ModelForm's.
        pass

    def registration(self) -> DisagreementRegistration:
        """The validated form as the service's typed input."""
        data = dict(self.cleaned_data)
        for name in ("documents", "sections", "deviations"):
            data[name] = tuple(data.get(name) or ())
        return DisagreementRegistration(**data)


class MoveForm(NamedEmptyChoiceMixin, core_forms.VersionedForm):
    """A move that changes the case: the version the person saw goes with it; a list's empty
    choice says "Välj"."""


class DisagreementEditForm(DisagreementFieldsMixin, MoveForm):
    title = forms.CharField(label="Rubrik", max_length=200)
    question = forms.CharField(label="Frågan där samsyn saknas", widget=TEXT)
    position_a = forms.CharField(label="Ståndpunkt, part A", widget=TEXT)
    position_b = forms.CharField(label="Ståndpunkt, motpart", widget=TEXT, required=False)
    category = forms.ModelChoiceField(label="Kategori", queryset=Category.objects)
    area = forms.ModelChoiceField(
        label="Samverkansområde", queryset=CooperationArea.objects, required=False
    )
    documents = DocumentChoiceField(
        label="Berörda styrdokument", required=False, queryset=GoverningDocument.objects
    )
    sections = SectionChoiceField(
        label="Berörda avsnitt", queryset=DocumentSection.objects, required=False
    )
    patient_affected = forms.BooleanField(label="En patient berörs", required=False)
    deviations = DeviationChoiceField(
        label="Kopplade avvikelser",
        required=False,
        queryset=Deviation.objects.none(),
        help_text=DEVIATIONS_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_case_fields(self.case.county_id)
        self.fields["deviations"].queryset = _deviations_for(self.actor)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        return {"expected_version": data.pop("version"), "data": data}


class TemporarySolutionForm(MoveForm):
    service_error_fields = {"temporary_solution": "text", "temporary_solution_from": "valid_from"}

    text = forms.CharField(
        label="Tillfällig lösning",
        widget=TEXT,
        help_text="Vem gör vad för patienten under tiden ärendet hanteras.",
    )
    valid_from = forms.DateField(label="Gäller från", widget=DATE)


class ReasonForm(MoveForm):
    # The reason is kept on the step (escalate), the proposal (skip) or the new step (reopen).
    service_error_fields = {
        "outcome_text": "reason",
        "skip_reason": "reason",
        "opened_reason": "reason",
    }

    reason = forms.CharField(label="Skäl", widget=TEXT)


class SolutionForm(MoveForm):
    solution = forms.CharField(label="Överenskommen lösning", widget=TEXT)


class StepForm(NamedEmptyChoiceMixin, CaseForm):
    participants = forms.ModelMultipleChoiceField(
        label="Deltagare från båda parter",
        queryset=party_people(party_ids=[]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label="Sista datum för steget", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        d = self.case
        self.fields["participants"].queryset = party_people(
            party_ids=[d.party_a_id, d.party_b_id]
        ).prefetch_related("memberships__provider")
        self.fields["participants"].label_from_instance = _person_label


class MeetingForm(CaseForm):
    held_on = forms.DateField(label="Mötesdatum", widget=DATE)
    notes = forms.CharField(
        label="Anteckningar",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Vad sades och vad kom parterna fram till? Inga patientuppgifter.",
    )


class _CaseParties(MoveForm):
    def case_parties(self):
        return Party.objects.filter(pk__in=[self.case.party_a_id, self.case.party_b_id])


class SettlementForm(AmountConfirmationMixin, _CaseParties):
    payer = forms.ModelChoiceField(label="Betalande part", queryset=Party.objects)
    payee = forms.ModelChoiceField(label="Mottagande part", queryset=Party.objects)
    amount = AmountField(label="Belopp i kronor", help_text="Till exempel 96 600 eller 96 600,50.")
    basis = forms.CharField(label="Grund för regleringen", widget=TEXT)
    decided_on = forms.DateField(label="Beslutsdatum", widget=DATE)
    reference = forms.CharField(label="Diarienummer", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = self.case_parties()
        self.fields["payee"].queryset = self.case_parties()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        version = data.pop("version")
        return {"expected_version": version, "terms": SettlementTerms(**data)}


class CourtForm(MoveForm):
    court = forms.CharField(
        label="Domstol", max_length=150, help_text="Till exempel Borås tingsrätt."
    )
    case_number = forms.CharField(label="Målnummer", max_length=50)
    referred_on = forms.DateField(label="Datum", widget=DATE)


class JudgmentForm(MoveForm):
    judgment = forms.CharField(label="Domen i korthet", widget=TEXT)
    judgment_on = forms.DateField(label="Domsdatum", widget=DATE)


class CloseForm(MoveForm):
    title = forms.CharField(label="Rubrik i Vägledande lösningar", max_length=200)
    solution = forms.CharField(
        label="Lösningen, skriven för hela länet",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Beskriv lösningen så att andra parter kan använda den. Inga patientuppgifter.",
    )
    lesson = forms.CharField(
        label="Lärdom",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vad kan andra lära av ärendet? Vad ska göras annorlunda framöver?",
    )


class CommentForm(CaseForm):
    body = forms.CharField(label="Ny kommentar", widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Sök i rubrik och fråga", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Alla")] + list(Disagreement.Status.choices)
    )
    step = forms.TypedChoiceField(
        label="Steg",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Alla"), (1, "Steg 1"), (2, "Steg 2"), (3, "Steg 3")],
    )
    party = forms.ModelChoiceField(
        label="Part", required=False, queryset=Party.objects, empty_label="Alla"
    )
    category = forms.ModelChoiceField(
        label="Kategori", required=False, queryset=Category.objects, empty_label="Alla"
    )
    dispute_only = forms.BooleanField(label="Bara tvister (steg 3)", required=False)


class LessonSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Fritext", required=False)
    document = forms.ModelChoiceField(
        label="Styrdokument",
        required=False,
        queryset=GoverningDocument.objects.order_by("code"),
        empty_label="Alla",
    )
    category = forms.ModelChoiceField(
        label="Kategori", required=False, queryset=Category.objects, empty_label="Alla"
    )
    area = forms.ModelChoiceField(
        label="Samverkansområde",
        required=False,
        queryset=CooperationArea.objects,
        empty_label="Alla",
    )


class EconomicAgreementForm(NamedEmptyChoiceMixin, StyledFormMixin, forms.Form):
    party_a = forms.ModelChoiceField(label="Part", queryset=Party.objects)
    party_b = forms.ModelChoiceField(label="Andra part", queryset=Party.objects)
    area = forms.CharField(
        label="Område", max_length=200, help_text="Vilket område överenskommelsen gäller."
    )
    responsibility = forms.CharField(label="Ansvar", widget=TEXT)
    compensation = forms.CharField(label="Ersättning", widget=TEXT)
    valid_from = forms.DateField(label="Gäller från", widget=DATE)
    valid_to = forms.DateField(label="Gäller till och med", widget=DATE, required=False)
    reference = forms.CharField(label="Diarienummer", required=False, max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        counties = actor.county_ids()
        parties = Party.objects.filter(county_id__in=counties)
        own = grant_for(actor, "disagreements.economic_agreements.edit").party_ids
        self.fields["party_a"].queryset = parties.filter(pk__in=own) if own else parties
        self.fields["party_b"].queryset = parties

    def terms(self) -> EconomicAgreementTerms:
        return EconomicAgreementTerms(**self.cleaned_data)


class AppointForm(NamedEmptyChoiceMixin, StyledFormMixin, forms.Form):
    step = forms.TypedChoiceField(
        label="Steg",
        coerce=int,
        choices=[(step, step_name(step)) for step in STEP_ROLES],
    )
    user = forms.ModelChoiceField(label="Person", queryset=party_people(party_ids=[]))
    provider = forms.ModelChoiceField(label="Vårdgivare", queryset=CareProvider.objects)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = party_people(party_ids=[party.pk])
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.fields["provider"].queryset = CareProvider.objects.filter(
            Q(party=party) & Q(is_active=True)
        )
