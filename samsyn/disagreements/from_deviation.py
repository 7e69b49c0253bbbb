"""A disputed deviation opens a disagreement in one step (issue 17 item 3): the move, its form,
its service and its page, owned by this app because it knows both case types (deviations know
nothing of disagreements, so this app adds the move to the deviation's table of moves).

A case the receiver disputes (in part or whole), or whose answer the reporting side questioned,
is offered to the managers of either party: one form (what the disagreement is about) opens a
disagreement at ladder step 1 with both accounts, the cited documents and the deviation carried
over, through `disagreement_create`. Sent twice, it is one disagreement.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from samsyn.cases.workflow import Move
from samsyn.core.access import grant_for
from samsyn.core.forms import CaseForm, DateField, form_status, service_errors_to_form
from samsyn.deviations.models import OPEN_STATUSES, Position
from samsyn.deviations.selectors import deviation_get_for
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.disagreements.models import Category, Disagreement
from samsyn.disagreements.services import DisagreementRegistration, disagreement_create

CODE = "open_disagreement"
CATEGORY_REQUIRED = _("Choose what the disagreement is about.")
NOT_IN_DISPUTE = _(
    "A disagreement is opened from a case the receiver disputes, or whose answer is questioned."
)
MANAGERS_ONLY = gettext_noop(
    "Only a manager of one of the two parties can open a disagreement (step 1 of the ladder)."
)
NOT_NOW = gettext_noop("A disagreement is opened from an open case.")


def _disputed_without_disagreement(deviation, actor) -> bool:
    return deviation.in_dispute and not deviation.disagreements.exists()


# The row in the deviation's table: a manager of either party (judged on the deviation).
OPEN_FROM_DEVIATION = Move(
    CODE,
    "oppna-oenighet",
    _("Open a disagreement"),
    [s for s in OPEN_STATUSES if s != "returned"],
    "disagreements.handle",
    offered=_disputed_without_disagreement,
    action="deviations.deviation.disagreement_opened",
    done=_("A disagreement was opened from the case"),
    denied=MANAGERS_ONLY,
    not_now=NOT_NOW,
)


def register() -> None:
    DEVIATION_WORKFLOW.add_move(OPEN_FROM_DEVIATION)


def _accounts(deviation) -> tuple[str, str]:
    """The reporting side's account and the receiver's, as they stand in the case."""
    reporting = [deviation.description]
    if deviation.question_reason:
        reporting.append(
            gettext("Why the answer was questioned: {text}").format(text=deviation.question_reason)
        )
    receiving = []
    if deviation.position:
        receiving.append(f"{Position(deviation.position).label}.")
    receiving += [t for t in (deviation.receiver_account, deviation.answer) if t]
    return "\n\n".join(reporting), "\n\n".join(receiving)


def _registration(actor, deviation, category, token, patient: dict) -> DisagreementRegistration:
    reporting_text, receiving_text = _accounts(deviation)
    sides = [
        (deviation.reporting_provider, reporting_text),
        (deviation.counterpart_provider, receiving_text),
    ]
    if (
        deviation.reporting_provider.party_id
        not in grant_for(actor, "disagreements.handle").party_ids
    ):
        sides.reverse()  # the receiving side raises it
    (provider_a, position_a), (provider_b, position_b) = sides
    documents = [d for d in (deviation.document, deviation.disputed_document) if d]
    sections = [s for s in (deviation.section, deviation.disputed_section) if s]
    return DisagreementRegistration(
        provider_a=provider_a,
        provider_b=provider_b,
        title=deviation.title,
        question=gettext("The parties do not share a view of deviation {reference}.").format(
            reference=deviation.reference
        ),
        position_a=position_a,
        position_b=position_b,
        category=category,
        documents=tuple({d.pk: d for d in documents}.values()),
        sections=tuple({s.pk: s for s in sections}.values()),
        deviations=(deviation,),
        patient_affected=deviation.patient_affected,
        submission_token=token,
        **(patient if deviation.patient_affected else {}),
    )


@transaction.atomic
def disagreement_from_deviation(
    *, actor, deviation, category, submission_token: uuid.UUID | None = None, **patient
):
    """Open a disagreement at step 1 from a disputed or questioned deviation, with both
    accounts and the cited documents; the deviation's history records the move. When the
    patient is affected, `patient` answers at once how their needs are met
    (temporary_solution, temporary_solution_from, temporary_solution_none)."""
    DEVIATION_WORKFLOW.move_check(actor=actor, case=deviation, code=CODE)
    existing = deviation.disagreements.order_by("pk").first()
    if existing is not None:
        return existing  # sent twice: one disagreement
    if not deviation.in_dispute:
        raise ValidationError(NOT_IN_DISPUTE, code="not_in_dispute")
    if category is None:
        raise ValidationError({"category": CATEGORY_REQUIRED})
    disagreement = disagreement_create(
        actor=actor,
        case=_registration(actor, deviation, category, submission_token or uuid.uuid4(), patient),
    )
    DEVIATION_WORKFLOW.transition(
        actor=actor, case=deviation, code=CODE, facts={"disagreement": disagreement.pk}
    )
    return disagreement


PATIENT_HELP = {
    "temporary_solution_none": _("Tick only if the patient's needs are met without one."),
    "temporary_solution": _(
        "Who does what for the patient meanwhile – or, if none is needed, why."
    ),
    "temporary_solution_from": _("Not needed when no interim solution is needed."),
}


class FromDeviationForm(CaseForm):
    category = forms.ModelChoiceField(
        label=_("What is the disagreement about?"),
        queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={"required": CATEGORY_REQUIRED},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        if getattr(self.case, "patient_affected", False):
            # The patient's needs are met at once: asked when the disagreement is opened.
            self.fields.update(
                forms.fields_for_model(
                    Disagreement,
                    fields=[
                        "temporary_solution_none",
                        "temporary_solution",
                        "temporary_solution_from",
                    ],
                    widgets={
                        "temporary_solution": forms.Textarea(attrs={"rows": 3}),
                    },
                    field_classes={"temporary_solution_from": DateField},
                    labels={"temporary_solution": _("Interim solution, or why none is needed")},
                    help_texts=PATIENT_HELP,
                )
            )
            self.style_fields()


def offered_form(actor, deviation) -> FromDeviationForm | None:
    """The form for the deviation page's box, when this person may take the move now."""
    if not DEVIATION_WORKFLOW.allows(actor, deviation, CODE):
        return None
    return FromDeviationForm(case=deviation, actor=actor)


@require_POST
def disagreement_from_deviation_view(request, pk):
    """The box's form: a stranger gets 404, a non-manager 403; errors come back on the field."""
    actor = request.actor
    deviation = deviation_get_for(actor, pk)
    DEVIATION_WORKFLOW.permit(actor=actor, case=deviation, code=CODE)
    form = FromDeviationForm(request.POST, case=deviation, actor=actor)
    if form.is_valid():
        try:
            disagreement = disagreement_from_deviation(
                actor=actor, deviation=deviation, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            return redirect(disagreement)
    return render(
        request,
        "disagreements/from_deviation.html",
        {"form": form, "deviation": deviation},
        status=form_status(form),
    )
