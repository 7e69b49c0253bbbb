"""Forms for disagreement pages: they collect input; the services decide (and name errors)."""

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core import forms as core_forms
from samsyn.core.access import grant_for
from samsyn.core.forms import (
    AmountConfirmationMixin,
    AmountField,
    CaseForm,
    CaseNumbersField,
    DateField,
    FilterableCheckboxes,
    StyledFormMixin,
)
from samsyn.deviations.models import Deviation
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.disagreements.access import STEP_ROLES
from samsyn.disagreements.models import Category, Claim, Disagreement, StepProtocol, step_name
from samsyn.disagreements.selectors import party_people, protocols_open_for
from samsyn.disagreements.services import (
    ClaimTerms,
    DisagreementRegistration,
    EconomicAgreementTerms,
    SettlementTerms,
)
from samsyn.disagreements.services.claims import NOT_A_CLAIM_OF_CASE
from samsyn.parties.models import CareProvider, CooperationArea, Party

TEXT = forms.Textarea(attrs={"rows": 4})
CHOOSE = _("Choose")


class NamedEmptyChoiceMixin:
    """A list's empty choice says "Välj", not Django's "---------" (read aloud as dashes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                field.empty_label = CHOOSE


class SectionChoiceField(forms.ModelMultipleChoiceField):
    widget = FilterableCheckboxes

    def label_from_instance(self, obj):
        return f"{obj.document.code} {obj.number} {obj.title}"


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    widget = FilterableCheckboxes

    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


def _deviations_for(actor):
    return deviations_visible_to(actor).order_by("-event_date", "-pk")


DEVIATIONS_HELP = _(
    "The case numbers of the deviations the disagreement is based on, e.g. AVV-00018, "
    "AVV-00020 (only deviations you have access to). A disagreement can also exist without "
    "a deviation."
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
        label=_("Governing documents concerned"),
        required=False,
        queryset=GoverningDocument.objects,
    )
    sections = SectionChoiceField(
        label=_("Sections concerned"), queryset=DocumentSection.objects, required=False
    )
    deviations = CaseNumbersField(
        label=_("Linked deviations"),
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
            "temporary_solution_none",
            "temporary_solution",
            "temporary_solution_from",
        ]
        widgets = {
            "question": TEXT,
            "position_a": TEXT,
            "position_b": TEXT,
            "temporary_solution": TEXT,
        }
        field_classes = {"temporary_solution_from": DateField}
        help_texts = {
            "provider_a": _("Your principal's care provider raising the question."),
            "provider_b": _("The other party's care provider."),
            "patient_affected": _(
                "Then say below how the patient's needs are met while the parties disagree."
            ),
            "temporary_solution_none": _("Tick only if the patient's needs are met without one."),
            "temporary_solution": _(
                "Who does what for the patient meanwhile – or, if none is needed, why."
            ),
            "temporary_solution_from": _("Not needed when no interim solution is needed."),
        }
        labels = {
            "temporary_solution": _("Interim solution, or why none is needed"),
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
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("The question where there is no common view"), widget=TEXT)
    position_a = forms.CharField(label=_("Position, party A"), widget=TEXT)
    position_b = forms.CharField(label=_("Position, other party"), widget=TEXT, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects)
    area = forms.ModelChoiceField(
        label=_("Area of cooperation"), queryset=CooperationArea.objects, required=False
    )
    documents = DocumentChoiceField(
        label=_("Governing documents concerned"), required=False, queryset=GoverningDocument.objects
    )
    sections = SectionChoiceField(
        label=_("Sections concerned"), queryset=DocumentSection.objects, required=False
    )
    patient_affected = forms.BooleanField(label=_("A patient is affected"), required=False)
    deviations = CaseNumbersField(
        label=_("Linked deviations"),
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

    none_needed = forms.BooleanField(
        label=_("No interim solution is needed"),
        required=False,
        help_text=_("Tick only if the patient's needs are met without one."),
    )
    text = forms.CharField(
        label=_("Interim solution, or why none is needed"),
        widget=TEXT,
        required=False,
        help_text=_("Who does what for the patient meanwhile – or, if none is needed, why."),
    )
    valid_from = DateField(
        label=_("Applies from"),
        required=False,
        help_text=_("Not needed when no interim solution is needed."),
    )


class _CaseSides(NamedEmptyChoiceMixin, CaseForm):
    """A move made for one of the case's two parties, chosen by the person."""

    party = forms.ModelChoiceField(label=_("For party"), queryset=Party.objects)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        d = self.case
        self.fields["party"].queryset = Party.objects.filter(pk__in=[d.party_a_id, d.party_b_id])
        mine = grant_for(self.actor, "disagreements.handle").party_ids
        own = next((p for p in (d.party_a_id, d.party_b_id) if p in mine), None)
        self.fields["party"].initial = own


class ProtocolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return step_name(obj.step.number)


class ProtocolPositionForm(_CaseSides):
    """A party's own part of a step protocol: its position and basis."""

    service_error_fields = {
        f"{name}_{side}": name
        for name in ("position", "facts", "document", "section")
        for side in ("a", "b")
    }

    # The protocol page it is written on (the ladder links each step's page).
    protocol = ProtocolChoiceField(
        label=_("Protocol for step"),
        queryset=StepProtocol.objects.none(),
        widget=forms.HiddenInput,
    )
    position = forms.CharField(label=_("Your party's position"), widget=TEXT, required=False)
    facts = forms.CharField(
        label=_("Factual basis"),
        widget=TEXT,
        required=False,
        help_text=_("What happened, when: the facts the position rests on. No patient details."),
    )
    document = forms.ModelChoiceField(
        label=_("Contractual basis: governing document"),
        queryset=GoverningDocument.objects,
        required=False,
    )
    section = forms.ModelChoiceField(
        label=_("Contractual basis: section"), queryset=DocumentSection.objects, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].queryset = protocols_open_for(self.actor, self.case)
        self.fields["document"].queryset = _documents(self.case.county_id)
        self.fields["section"].queryset = _sections(self.case.county_id)
        self.fields["section"].label_from_instance = lambda s: (
            f"{s.document.code} {s.number} {s.title}"
        )
        self.fields["document"].label_from_instance = lambda d: f"{d.code} – {d.title}"


class ProtocolConfirmForm(_CaseSides):
    """Confirm a step protocol for one's own party; the hash says which text was read."""

    protocol = forms.ModelChoiceField(
        queryset=StepProtocol.objects.none(), widget=forms.HiddenInput
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].queryset = StepProtocol.objects.filter(step__disagreement=self.case)


class ClaimForm(CaseForm):
    amount = AmountField(
        label=_("Amount claimed in kronor"),
        required=False,
        help_text=_("For example 96 600 or 96 600,50."),
    )
    facts = forms.CharField(
        label=_("Factual basis"),
        widget=TEXT,
        required=False,
        help_text=_("What happened, when, and what it cost. No patient details."),
    )
    document = forms.ModelChoiceField(
        label=_("Contractual basis: governing document"),
        queryset=GoverningDocument.objects,
        required=False,
    )
    section = forms.ModelChoiceField(
        label=_("Contractual basis: section"), queryset=DocumentSection.objects, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = _documents(self.case.county_id)
        self.fields["section"].queryset = _sections(self.case.county_id)
        self.fields["section"].label_from_instance = lambda s: (
            f"{s.document.code} {s.number} {s.title}"
        )
        self.fields["document"].label_from_instance = lambda d: f"{d.code} – {d.title}"
        self.fields["document"].empty_label = CHOOSE
        self.fields["section"].empty_label = CHOOSE

    def service_kwargs(self) -> dict:
        return {"terms": ClaimTerms(**self.cleaned_data)}


class ClaimAnswerForm(CaseForm):
    # Offered: the claims still waiting for an answer. Any claim of the case is accepted here
    # and judged by the service: the same answer sent twice is one answer, and other words on
    # a claim answered meanwhile are refused there, in words.
    claim = forms.ModelChoiceField(
        label=_("Claim"),
        queryset=Claim.objects.none(),
        error_messages={"invalid_choice": NOT_A_CLAIM_OF_CASE},
    )
    answer = forms.CharField(
        label=_("Your party's answer"),
        widget=TEXT,
        required=False,
        help_text=_("Do you accept the claim, in whole or in part? On what grounds?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        claims = Claim.objects.filter(disagreement=self.case).select_related("claimant")
        offered = forms.ModelChoiceField(queryset=claims.filter(answer=""), empty_label=None)
        self.fields["claim"].queryset = claims
        self.fields["claim"].widget.choices = offered.choices


class ReasonForm(MoveForm):
    # The reason is kept on the step (escalate), the proposal (skip) or the new step (reopen).
    service_error_fields = {
        "outcome_text": "reason",
        "skip_reason": "reason",
        "opened_reason": "reason",
    }

    reason = forms.CharField(label=_("Reason"), widget=TEXT)


class SolutionForm(MoveForm):
    service_error_fields = {"proposal_text": "solution"}

    solution = forms.CharField(label=_("Agreed solution"), widget=TEXT)


class StepForm(NamedEmptyChoiceMixin, CaseForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants from both parties"),
        queryset=party_people(party_ids=[]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = DateField(label=_("Last date for the step"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        d = self.case
        self.fields["participants"].queryset = party_people(
            party_ids=[d.party_a_id, d.party_b_id]
        ).prefetch_related("memberships__provider")
        self.fields["participants"].label_from_instance = _person_label


class MeetingForm(CaseForm):
    held_on = DateField(label=_("Meeting date"))
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was said and what did the parties arrive at? No patient details."),
    )


class _CaseParties(MoveForm):
    def case_parties(self):
        return Party.objects.filter(pk__in=[self.case.party_a_id, self.case.party_b_id])


class SettlementForm(AmountConfirmationMixin, _CaseParties):
    payer = forms.ModelChoiceField(label=_("Paying party"), queryset=Party.objects)
    payee = forms.ModelChoiceField(label=_("Receiving party"), queryset=Party.objects)
    amount = AmountField(
        label=_("Amount in kronor"), help_text=_("For example 96 600 or 96 600,50.")
    )
    basis = forms.CharField(label=_("Grounds for the settlement"), widget=TEXT)
    decided_on = DateField(label=_("Decision date"))
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)

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
        label=_("Court"),
        max_length=150,
        help_text=_("For example: the name of the district court."),
    )
    case_number = forms.CharField(label=_("Case number"), max_length=50)
    referred_on = DateField(label=_("Date"))


class JudgmentForm(MoveForm):
    judgment = forms.CharField(label=_("The judgment in brief"), widget=TEXT)
    judgment_on = DateField(label=_("Date of judgment"))


class CloseForm(MoveForm):
    title = forms.CharField(label=_("Title in Guiding solutions"), max_length=200)
    solution = forms.CharField(
        label=_("The solution, written for the whole county"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the solution so that other parties can use it. No patient details."),
    )
    lesson = forms.CharField(
        label=_("Lesson"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What can others learn from the case? What should be done differently from now on?"
        ),
    )


class CommentForm(CaseForm):
    body = forms.CharField(label=_("New comment"), widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search in title and question"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Disagreement.Status.choices],
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), (1, _("Step 1")), (2, _("Step 2")), (3, _("Step 3"))],
    )
    party = forms.ModelChoiceField(
        label=_("Party"), required=False, queryset=Party.objects, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects, empty_label=_("All")
    )
    dispute_only = forms.BooleanField(label=_("Disputes only (step 3)"), required=False)


class LessonSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Free text"), required=False)
    document = forms.ModelChoiceField(
        label=_("Governing documents"),
        required=False,
        queryset=GoverningDocument.objects.order_by("code"),
        empty_label=_("All"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects, empty_label=_("All")
    )
    area = forms.ModelChoiceField(
        label=_("Area of cooperation"),
        required=False,
        queryset=CooperationArea.objects,
        empty_label=_("All"),
    )


class EconomicAgreementForm(NamedEmptyChoiceMixin, StyledFormMixin, forms.Form):
    party_a = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects)
    party_b = forms.ModelChoiceField(label=_("Other party"), queryset=Party.objects)
    area = forms.CharField(
        label=_("Area"), max_length=200, help_text=_("Which area the agreement covers.")
    )
    responsibility = forms.CharField(label=_("Responsibility"), widget=TEXT)
    compensation = forms.CharField(label=_("Compensation"), widget=TEXT)
    valid_from = DateField(label=_("Applies from"))
    valid_to = DateField(label=_("Applies until and including"), required=False)
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)

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
        label=_("Step"),
        coerce=int,
        choices=[(step, step_name(step)) for step in STEP_ROLES],
    )
    user = forms.ModelChoiceField(label=_("Person"), queryset=party_people(party_ids=[]))
    provider = forms.ModelChoiceField(label=_("Care provider"), queryset=CareProvider.objects)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = party_people(party_ids=[party.pk])
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.fields["provider"].queryset = CareProvider.objects.filter(
            Q(party=party) & Q(is_active=True)
        )
