"""The receiving side's forms on the case page (issue 17): they parse; the services judge, and
their refusals come back on these fields (named as the services name them)."""

from functools import partial

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.cases.views import ActionForm
from samsyn.core.forms import QuickSelect, VersionedForm
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import consequences
from samsyn.deviations.forms import (
    DescribedRadioSelect,
    ListedChoiceField,
    classification_choices,
    consequence_fields,
)
from samsyn.deviations.governance import documents_citable
from samsyn.deviations.models import (
    Category,
    LiftDecision,
    OrganisationConsequence,
    Position,
    ReturnReason,
)
from samsyn.deviations.services import receiving, routing
from samsyn.parties.models import CareProvider, CareUnit

_TEXT = [no_personal_identity_number]


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


COMMENT = _("Comment")


def _note(label=COMMENT, required=False, message=None):
    return forms.CharField(
        label=label,
        required=required,
        validators=_TEXT,
        widget=_textarea(2),
        error_messages={"required": message} if message else {},
    )


class AcknowledgeForm(VersionedForm):
    """Acknowledging asks the receiver's view of the description (issue 17 item 3)."""

    position = forms.ChoiceField(
        label=_("Do you agree with the description?"),
        choices=Position.choices,
        widget=forms.RadioSelect,
        error_messages={"required": receiving.POSITION_REQUIRED},
    )
    receiver_account = forms.CharField(
        label=_("Your account of what happened"),
        required=False,
        validators=_TEXT,
        widget=_textarea(),
        help_text=_("Needed when you agree in part or dispute the description."),
    )
    disputed_document = forms.ModelChoiceField(
        widget=QuickSelect,
        label=_("The governing document you rely on"),
        queryset=None,
        required=False,
        empty_label=_("No document"),
        help_text=_("Needed when you dispute the description."),
    )
    disputed_section = forms.ModelChoiceField(
        widget=QuickSelect,
        label=_("Section"),
        queryset=None,
        required=False,
        empty_label=_("No section"),
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        documents = documents_citable(county=self.case.reporting_provider.party.county_id)
        self.fields["disputed_document"].queryset = documents
        from samsyn.agreements.models import DocumentSection

        self.fields["disputed_section"].queryset = DocumentSection.objects.filter(
            document__in=documents
        ).select_related("document")
        self.fields["disputed_section"].label_from_instance = lambda s: f"{s.document.code} {s}"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "expected_version": d["version"],
            "note": d["note"],
            "position": d["position"],
            "account": d["receiver_account"],
            "document": d["disputed_document"],
            "section": d["disputed_section"],
        }


class PassOnForm(VersionedForm):
    unit = forms.ModelChoiceField(
        widget=QuickSelect,
        label=_("Unit to pass the case on to"),
        queryset=None,
        empty_label=_("Choose a unit"),
        error_messages={
            "required": receiving.UNIT_REQUIRED,
            "invalid_choice": _("Choose one of the units in the list."),
        },
    )
    note = _note(_("Why (shown in the case's history)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = CareUnit.objects.filter(provider=self.case.counterpart_provider, is_active=True)
        # The unit it is with is not offered; sent (twice), the service judges it.
        self.fields["unit"].queryset = (
            units if self.is_bound else units.exclude(pk=self.case.receiving_unit_id)
        )
        self.fields["unit"].label_from_instance = lambda unit: unit.name  # all of one provider


class SendBackForm(VersionedForm):
    reason = forms.ChoiceField(
        label=_("Why is it sent back?"),
        choices=ReturnReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": receiving.RETURN_REASON_REQUIRED},
    )
    note = _note(_("Explain, so the reporting side can act"), True, receiving.RETURN_NOTE_REQUIRED)


class RerouteForm(VersionedForm):
    provider = forms.ModelChoiceField(
        widget=QuickSelect,
        label=_("Which care provider should receive it?"),
        queryset=None,
        empty_label=_("Choose a care provider"),
        error_messages={"required": _("Choose the care provider the deviation concerns.")},
    )
    unit = forms.ModelChoiceField(
        widget=QuickSelect,
        label=_("Unit, if you know it"),
        queryset=None,
        required=False,
        empty_label=_("No particular unit"),
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        county = self.case.reporting_provider.party.county_id
        self.fields["provider"].queryset = CareProvider.objects.filter(
            party__county=county, is_active=True
        ).exclude(pk=self.case.reporting_provider_id)
        self.fields["unit"].queryset = CareUnit.objects.filter(
            provider__party__county=county, is_active=True
        ).select_related("provider")


class WithdrawForm(VersionedForm):
    note = _note(_("Why is the case closed?"), True, receiving.CLOSE_NOTE_REQUIRED)


class AnswerForm(VersionedForm):
    answer = forms.CharField(
        label=_("Your answer: what you found, and the measures taken or planned"),
        validators=_TEXT,
        widget=_textarea(4),
        error_messages={"required": receiving.ANSWER_REQUIRED},
    )


class AcceptAnswerForm(VersionedForm):
    """Accepting needs nothing but the button."""


class QuestionAnswerForm(VersionedForm):
    question_reason = forms.CharField(
        label=_("Why do you question the answer?"),
        validators=_TEXT,
        widget=_textarea(),
        error_messages={"required": receiving.QUESTION_REASON_REQUIRED},
    )

    def service_kwargs(self) -> dict:
        return {
            "expected_version": self.cleaned_data["version"],
            "reason": self.cleaned_data["question_reason"],
        }


class ReclassifyForm(VersionedForm):
    """Re-classify, and set a consequence that was not known at reporting (issue 19): the
    fields the case's type asks, each value with its definition beside it."""

    # The category and the organisation's consequence as radio buttons with each value's
    # definition beside it, as on the report form (the harm axes' ConsequenceField too).
    category = ListedChoiceField(
        widget=DescribedRadioSelect, label=_("Category"), queryset=Category.objects.none()
    )
    secondary_category = ListedChoiceField(
        widget=QuickSelect,
        label=_("Secondary category, if two fit"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No secondary category"),
    )
    organisation_consequence = ListedChoiceField(
        widget=DescribedRadioSelect,
        label=_("Consequence for the organisation"),
        queryset=OrganisationConsequence.objects.none(),
    )
    reason = _note(
        _("Why is the classification changed?"), True, receiving.RECLASSIFY_REASON_REQUIRED
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(consequence_fields())
        for name in consequences.asked(self.case.event_type).fields_left_out:
            self.fields.pop(name, None)
        self.order_fields(
            ["category", "secondary_category", *consequences.HARM_AXES, "organisation_consequence"]
        )
        classification_choices(self, retired_refused_by_service=True)


class LiftDecisionForm(VersionedForm):
    note = _note(_("Reason, shown to both parties"))


class LiftReasonForm(VersionedForm):
    note = _note(
        _("What do you ask for, or why is it sent back? Shown to both parties"),
        True,
        receiving.LIFT_DECISION_NOTE_REQUIRED,
    )


def reclassify_initial(deviation, actor) -> dict:
    """The case's classification now; an empty axis shows as "Not known yet"."""
    initial = {
        name: getattr(deviation, f"{name}_id")
        for name in ("category", "secondary_category", "organisation_consequence")
    }
    for name in consequences.HARM_AXES:
        initial[name] = getattr(deviation, f"{name}_id") or consequences.UNKNOWN_VALUE
    return initial


def receivers_sentence(provider, unit=None) -> str:
    """Who will receive a report to this provider (and unit), said before it is sent."""
    receivers = routing.receivers_at(provider=provider, unit=unit)
    if not receivers:
        return routing.nobody_receives(provider)
    sentence = gettext("It will be received by %(who)s.") % {"who": receivers.label}
    if unit is not None and receivers.level != routing.UNIT:
        # The reporter chose a unit: say why someone else receives it.
        alone = gettext("%(unit)s has no deviation handler of its own.") % {"unit": unit.name}
        sentence = f"{alone} {sentence}"
    return sentence


# The receiving side's moves on the case page: form, service, what is said afterwards.
RECEIVING_FORMS = {
    "pass_on": ActionForm(
        PassOnForm, receiving.deviation_pass_on, _("The case is passed on to the unit.")
    ),
    "send_back": ActionForm(
        SendBackForm,
        receiving.deviation_send_back,
        _("The case is sent back to the reporting side."),
    ),
    "reroute": ActionForm(
        RerouteForm, receiving.deviation_reroute, _("The case is sent to the new receiver.")
    ),
    "withdraw": ActionForm(WithdrawForm, receiving.deviation_withdraw, _("The case is closed.")),
    "answer": ActionForm(
        AnswerForm, receiving.deviation_answer, _("Your answer is sent to the reporting side.")
    ),
    "accept_answer": ActionForm(
        AcceptAnswerForm, receiving.deviation_accept_answer, _("You accepted the answer.")
    ),
    "question_answer": ActionForm(
        QuestionAnswerForm,
        receiving.deviation_question_answer,
        _("You questioned the answer. The receiver is told."),
    ),
    "reclassify": ActionForm(
        ReclassifyForm,
        receiving.deviation_reclassify,
        _("The case is re-classified; the history keeps the original."),
        initial=reclassify_initial,
    ),
    "accept_lift": ActionForm(
        LiftDecisionForm,
        partial(receiving.deviation_lift_decide, decision=LiftDecision.ACCEPTED),
        _("You took the lifted case up. Both parties are told."),
    ),
    "ask_more_on_lift": ActionForm(
        LiftReasonForm,
        partial(receiving.deviation_lift_decide, decision=LiftDecision.MORE_ASKED),
        _("You asked the parties for more."),
    ),
    "return_lift": ActionForm(
        LiftReasonForm,
        partial(receiving.deviation_lift_decide, decision=LiftDecision.RETURNED),
        _("You sent the lifted case back. Both parties are told."),
    ),
}
