"""Pages for disagreements: thin views that fetch through selectors and call services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.attachments.forms import AttachForm
from samsyn.attachments.services import attachments_may_see, attachments_of
from samsyn.audit.selectors import case_trail_url
from samsyn.audit.services import query_for_log, read_record, read_record_export
from samsyn.cases.views import ActionForm, CaseActions, case_action
from samsyn.core.access import can, grant_for
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.ids import id_param
from samsyn.core.keyset import (
    CURSOR_PARAM,
    keyset_page,
    legacy_page_redirect,
    query_without_position,
)
from samsyn.deviations.selectors import deviation_get_for, deviations_visible_to
from samsyn.disagreements import forms, services
from samsyn.disagreements.exports import export_response
from samsyn.disagreements.models import StepProtocol
from samsyn.disagreements.protocol_pdf import protocol_context, protocol_pdf
from samsyn.disagreements.selectors import (
    LIST_ORDERING,
    disagreement_get_for,
    disagreement_history,
    disagreement_list_rows,
    disagreements_filtered,
    documents_not_binding,
    lessons_similar_to,
    patient_answers_of,
    protocols_open_for,
)
from samsyn.disagreements.services.protocols import content_hash, protocol_content
from samsyn.disagreements.workflow import (
    DISAGREEMENT_WORKFLOW,
    NOT_LISTED,
    step_owner_party_ids,
)

PAGE_SIZE = 50


def disagreement_list(request):
    if not can(request.actor, "disagreements.view"):
        raise PermissionDenied
    form = forms.FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = disagreements_filtered(request.actor, filters=filters)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        read_record_export(
            actor=request.actor,
            object_type="disagreements.disagreement",
            cases=qs,
            detail=f"{fmt}, {qs.count()} oenigheter, filter: {query_for_log(request.GET)}",
        )
        return export_response(qs, fmt=fmt)
    qs = disagreement_list_rows(qs)
    moved = legacy_page_redirect(request, qs, ordering=LIST_ORDERING, size=PAGE_SIZE)
    if moved:
        return moved
    page = keyset_page(
        qs, ordering=LIST_ORDERING, cursor=request.GET.get(CURSOR_PARAM), size=PAGE_SIZE
    )
    return render(
        request,
        "disagreements/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_position(request),
            "may_create": can(request.actor, "disagreements.handle"),
        },
        status=form_status(form),
    )


def _initial_from_deviation(request) -> dict:
    """`?deviation=<id>`: start from a deviation the providers could not resolve (the addendum
    presentation, #HoSavtal2027).
    Fetched through the deviations selector, so a stranger's deviation is a 404."""
    pk = id_param(request.GET, "deviation")
    if pk is None:
        return {}
    deviation = deviation_get_for(request.actor, pk)
    own = grant_for(request.actor, "disagreements.handle").party_ids
    sides = [deviation.reporting_provider, deviation.counterpart_provider]
    mine = next((p for p in sides if p.party_id in own), sides[0])
    other = sides[1] if mine == sides[0] else sides[0]
    return {
        "provider_a": mine.pk,
        "provider_b": other.pk,
        "title": deviation.title,
        "deviations": [deviation.pk],
        "patient_affected": deviation.patient_affected,
        "deviation_reference": deviation.reference,
        "documents": [deviation.document_id] if deviation.document_id else [],
        "sections": [deviation.section_id] if deviation.section_id else [],
    }


def disagreement_create(request):
    if not can(request.actor, "disagreements.handle"):
        raise PermissionDenied
    initial = _initial_from_deviation(request)
    form = forms.DisagreementCreateForm(posted(request), actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.disagreement_create(actor=request.actor, case=form.registration())
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(
                request,
                gettext("Disagreement {reference} is registered at step 1.").format(
                    reference=d.reference
                ),
            )
            return redirect("disagreements:detail", pk=d.pk)
    return render(
        request,
        "disagreements/form.html",
        {
            "form": form,
            "title": gettext("Raise a disagreement"),
            "cancel_url": reverse("disagreements:list"),
            "similar_url": reverse("disagreements:similar"),
            "notice": (
                gettext(
                    "The disagreement starts from deviation {reference}, which the care "
                    "providers could not resolve. Link more deviations if the disagreement "
                    "is based on several."
                ).format(reference=initial["deviation_reference"])
                if initial
                else ""
            ),
            "intro": gettext(
                "A disagreement is when there is no common view on a question between "
                "two parties. It can be based on one or more deviations, or on none. "
                "The main principle is that it is resolved at first-line manager level "
                "(step 1)."
            ),
        },
        status=form_status(form),
    )


def _linked_deviations(actor, d) -> list[dict]:
    """Every linked deviation by reference; title and link only where the viewer may see it."""
    visible = set(_visible_deviations(actor).filter(disagreements=d).values_list("pk", flat=True))
    return [{"deviation": dev, "visible": dev.pk in visible} for dev in d.deviations.order_by("pk")]


def disagreement_detail(request, pk):
    return _detail(request, disagreement_get_for(request.actor, pk))


def _detail(request, d, comment_form=None):
    """The case page; `comment_form` is a comment sent with errors, shown again with them."""
    actor = request.actor
    read_record(actor=actor, target=d, channel="page")
    steps = (
        d.steps.select_related("protocol", "protocol__confirmed_a_by", "protocol__confirmed_b_by")
        .prefetch_related("participants", "meetings")
        .order_by("id")
    )
    steps = list(steps)
    moves = {m.code: m for m in DISAGREEMENT_WORKFLOW.moves_available(actor, d)}
    primary = next((m for m in moves.values() if m.primary_for(d)), None)
    return render(
        request,
        "disagreements/detail.html",
        {
            "d": d,
            "steps": steps,
            "comments": d.comments.select_related("author"),
            "documents": d.documents.all(),
            "sections": d.sections.select_related("document"),
            "not_binding": documents_not_binding(disagreement=d),
            "linked_deviations": _linked_deviations(actor, d),
            "similar": lessons_similar_to(disagreement=d) if d.is_active else [],
            "current_step": next((step for step in steps if not step.outcome), None),
            # The next step as the page's primary button, the other moves folded (issue 24).
            "primary_move": _move_link(d, primary) if primary else None,
            "other_moves": [
                _move_link(d, move)
                for code, move in moves.items()
                if code not in NOT_LISTED and move is not primary
            ],
            "may_agree_economically": can(actor, "disagreements.economic_agreements.edit", d),
            "may_decide_step3": can(actor, "disagreements.decide_step3", d),
            "skip_answer": "skip_accept" in moves,
            # The answers to a proposal, but the one that is the next step (its button).
            "primary_code": primary.code if primary else "",
            "proposal_answer": {
                code: _action_url(d, moves[code])
                for code in ("resolve_confirm", "settlement_confirm", "proposal_decline")
                if code in moves and moves[code] is not primary
            },
            "patient_update_url": _action_url(d, moves["temporary_solution"])
            if "temporary_solution" in moves
            else "",
            "claims": d.claims.select_related("claimant", "document", "section"),
            "patient_answers": patient_answers_of(d),
            "documents_attached": _attachments(actor, d, "attach" in moves),
            "comment_form": comment_form
            or (ACTIONS.form(d, "comment", actor) if "comment" in moves else None),
            "settlement": getattr(d, "settlement", None),
            "court": getattr(d, "court_referral", None),
            "lesson": getattr(d, "lesson", None),
            "history": disagreement_history(disagreement=d)[::-1],  # newest first
            "audit_url": case_trail_url(actor, d),
            "today": timezone.localdate(),
        },
        status=form_status(comment_form),
    )


def _attachments(actor, d, may_attach: bool) -> dict:
    """The case's documents for the managers of both parties; only how many for a reader who
    sees the case but not its documents (a county analyst); the form for the step owners."""
    return {
        "may_see": attachments_may_see(actor, d),
        "items": list(attachments_of(actor=actor, case=d)),
        "count": d.attachments.count(),
        "form": ACTIONS.form(d, "attach", actor) if may_attach else None,
    }


def _visible_deviations(actor):
    return deviations_visible_to(actor)


def _action_url(d, move) -> str:
    return reverse("disagreements:action", args=[d.pk, move.slug])


def _move_link(d, move) -> dict:
    return {"label": move.label_for(d), "url": _action_url(d, move)}


def _edit_initial(d, actor) -> dict:
    return {
        "title": d.title,
        "question": d.question,
        "position_a": d.position_a,
        "position_b": d.position_b,
        "category": d.category_id,
        "area": d.area_id,
        "documents": list(d.documents.all()),
        "sections": list(d.sections.all()),
        "patient_affected": d.patient_affected,
        "deviations": list(d.deviations.filter(pk__in=_visible_deviations(actor).values("pk"))),
    }


def _step_initial(d, actor) -> dict:
    step = d.steps.get(outcome="")
    return {"participants": list(step.participants.all()), "deadline": step.deadline}


def _render(request, d, code, form, status):
    """A comment is written on the case page; a protocol's forms on the protocol's page; every
    other move has its own page."""
    if code == "comment":
        return _detail(request, d, comment_form=form)
    if code in PROTOCOL_MOVES:
        protocol = _protocol_of_form(d, form)
        if protocol is not None:
            read_record(actor=request.actor, target=d, channel="page", detail="protocol")
            key = "position_form" if code == "protocol_position" else "confirm_form"
            return _protocol_page(request, d, protocol, status=status, **{key: form})
    entry = ACTIONS.forms[code]
    context = {
        "d": d,
        "form": form,
        "title": entry.title,
        "submit": entry.submit or entry.title,
        "action": code,
    }
    if request.htmx and request.method == "GET":
        # Fetched into its fold on the case page (issue 24), which was read already.
        return render(request, "disagreements/_action_body.html", {**context, "fragment": True})
    # The page shows the case (patient box, prefilled text): a read of the case like its page.
    read_record(actor=request.actor, target=d, channel="page", detail=code)
    return render(request, "disagreements/action.html", context, status=status)


def _protocol_of_form(d, form):
    """The protocol a protocol form is about: as sent, else as offered."""
    pk = form.data.get("protocol") if form.is_bound else form.initial.get("protocol")
    try:
        return StepProtocol.objects.select_related("step").get(pk=pk, step__disagreement=d)
    except (StepProtocol.DoesNotExist, ValueError, TypeError):
        return None


def _page(form, service, title, success, **kwargs) -> ActionForm:
    return ActionForm(form, service, success, title=title, **kwargs)


SAVE = _("Save")
# Each move's page: its form, its service, the page's title and what is said afterwards.
ACTIONS = CaseActions(
    workflow=DISAGREEMENT_WORKFLOW,
    case_for=disagreement_get_for,
    render=_render,
    post_only=frozenset({"comment"}),
    forms={
        "edit": _page(
            forms.DisagreementEditForm,
            services.disagreement_update,
            _("Change details"),
            _("The details are saved."),
            submit=SAVE,
            initial=_edit_initial,
        ),
        "temporary_solution": _page(
            forms.TemporarySolutionForm,
            services.temporary_solution_set,
            _("Interim solution for the patient"),
            _("The interim solution is saved."),
            submit=SAVE,
            initial=lambda d, actor: {
                "text": d.temporary_solution,
                "valid_from": d.temporary_solution_from,
            },
        ),
        "step": _page(
            forms.StepForm,
            services.step_update,
            _("Participants and last date"),
            _("The step is updated."),
            submit=SAVE,
            initial=_step_initial,
        ),
        "meeting": _page(
            forms.MeetingForm,
            services.meeting_add,
            _("Note a meeting"),
            _("The meeting is noted."),
            submit=SAVE,
        ),
        "escalate": _page(
            forms.ReasonForm,
            services.disagreement_escalate,
            _("Escalate to the next step"),
            _("The case has gone to the next step."),
        ),
        "skip_propose": _page(
            forms.ReasonForm,
            services.step_skip_propose,
            _("Propose to skip step 2"),
            _("The proposal has been sent to the other party."),
        ),
        "skip_accept": _page(
            forms.MoveForm,
            services.step_skip_accept,
            _("Approve skipping step 2"),
            _("Step 2 is skipped; the case is now a dispute at step 3."),
        ),
        "skip_decline": _page(
            forms.MoveForm,
            services.step_skip_decline,
            _("Decline skipping step 2"),
            _("The proposal is declined."),
        ),
        "resolve": _page(
            forms.SolutionForm,
            services.disagreement_resolve,
            _("Propose the solution"),
            _(
                "The proposal is sent to the other party. It binds both parties when their step "
                "owner has confirmed it."
            ),
        ),
        "settlement": _page(
            forms.SettlementForm,
            services.settlement_record,
            _("Economic settlement"),
            _("The economic settlement is registered."),
        ),
        "court": _page(
            forms.CourtForm,
            services.court_refer,
            _("Refer to a general court"),
            _("The dispute is registered as referred to a general court."),
        ),
        "judgment": _page(
            forms.JudgmentForm,
            services.court_judgment_record,
            _("Register judgment"),
            _("The judgment is registered."),
        ),
        "close": _page(
            forms.CloseForm,
            services.disagreement_close,
            _("Close with a lesson"),
            _("The case is closed and the solution is in Guiding solutions."),
            initial=lambda d, actor: {"title": d.title, "solution": d.solution},
        ),
        "reopen": _page(
            forms.ReasonForm,
            services.disagreement_reopen,
            _("Reopen the case"),
            _("The case is reopened."),
        ),
        "comment": ActionForm(
            forms.CommentForm, services.comment_add, _("The comment is saved."), anchor="thread"
        ),
        "resolve_confirm": _page(
            forms.MoveForm,
            services.resolution_confirm,
            _("Confirm the proposed solution"),
            _("The solution is confirmed by both parties. Now write the lesson and close."),
        ),
        "settlement_confirm": _page(
            forms.MoveForm,
            services.settlement_confirm,
            _("Confirm the economic settlement"),
            _("The economic settlement is confirmed by both parties."),
        ),
        "proposal_decline": _page(
            forms.MoveForm,
            services.proposal_decline,
            _("Decline the proposal"),
            _("The proposal is declined; the case goes on at its step."),
        ),
        "claim": _page(
            forms.ClaimForm,
            services.claim_present,
            _("Claim for economic settlement"),
            _("The claim is presented; the other party has been asked to answer it."),
            submit=_("Present the claim"),
        ),
        "claim_answer": _page(
            forms.ClaimAnswerForm,
            services.claim_answer,
            _("Answer the claim"),
            _("The answer is saved."),
            submit=_("Save the answer"),
        ),
        "attach": _page(
            AttachForm,
            services.disagreement_attach,
            _("Attach documents"),
            _("The documents are attached."),
            anchor="documents",
        ),
        "protocol_position": _page(
            forms.ProtocolPositionForm,
            services.protocol_position_write,
            _("Your party's position in the step protocol"),
            _("Your party's position is saved in the protocol."),
            submit=SAVE,
            initial=lambda d, actor: _position_initial(d, actor, None),
        ),
        "protocol_confirm": _page(
            forms.ProtocolConfirmForm,
            services.protocol_confirm,
            _("Confirm the step protocol"),
            _("You have confirmed the protocol for your party."),
            submit=_("Confirm the protocol for my party"),
        ),
    },
)

PROTOCOL_MOVES = {"protocol_position", "protocol_confirm"}


def _position_initial(d, actor, protocol) -> dict:
    """The position form starts from the actor's own party's part of the protocol."""
    protocol = protocol or protocols_open_for(actor, d).first()
    if protocol is None:
        return {}
    mine = step_owner_party_ids(actor, d, protocol.step.number)
    side = "a" if d.party_a_id in mine else "b"
    return {
        "protocol": protocol.pk,
        "party": d.party_a_id if side == "a" else d.party_b_id,
        **{
            name: getattr(protocol, f"{name}_{side}")
            for name in ("position", "facts", "document", "section")
        },
    }


def _protocol_page(request, d, protocol, *, position_form=None, confirm_form=None, status=200):
    """A step's protocol as it stands (generated from the case), with the forms the person may
    use: their own party's position, and the confirmation for their own party."""
    actor = request.actor
    sent = position_form if position_form is not None else confirm_form
    content = protocol_content(protocol)
    owned = step_owner_party_ids(actor, d, protocol.step.number)
    open_for_me = bool(owned) and not protocol.is_frozen
    may_write = open_for_me and DISAGREEMENT_WORKFLOW.allows(actor, d, "protocol_position")
    if may_write and position_form is None:
        position_form = forms.ProtocolPositionForm(
            initial=_position_initial(d, actor, protocol), case=d, actor=actor
        )
    if open_for_me and confirm_form is None:
        party = d.party_a_id if d.party_a_id in owned else d.party_b_id
        confirm_form = forms.ProtocolConfirmForm(
            initial={"protocol": protocol.pk, "party": party, "seen_hash": content_hash(content)},
            case=d,
            actor=actor,
        )
    return render(
        request,
        "disagreements/protocol.html",
        {
            **protocol_context(d, protocol, content),
            # The form that was sent, when it is shown again with its errors.
            "form": sent,
            "position_form": position_form if may_write else None,
            "confirm_form": confirm_form if open_for_me else None,
            "ready": bool(protocol.step.outcome),
        },
        status=status,
    )


def protocol_detail(request, pk, protocol_id):
    d = disagreement_get_for(request.actor, pk)
    protocol = get_object_or_404(
        StepProtocol.objects.select_related("step"), pk=protocol_id, step__disagreement=d
    )
    read_record(actor=request.actor, target=d, channel="page", detail="protocol")
    return _protocol_page(request, d, protocol)


def protocol_pdf_download(request, pk, protocol_id):
    """The confirmed protocol as a typeset PDF (only once both parties have confirmed it)."""
    d = disagreement_get_for(request.actor, pk)
    protocol = get_object_or_404(
        StepProtocol.objects.select_related("step"),
        pk=protocol_id,
        step__disagreement=d,
        frozen_at__isnull=False,
    )
    read_record(actor=request.actor, target=d, channel="page", detail="protocol pdf")
    response = HttpResponse(protocol_pdf(d, protocol), content_type="application/pdf")
    filename = f"{d.reference}-protokoll-steg-{protocol.step.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def disagreement_action(request, pk, action):
    """A move on a case, through the one dispatcher: its page, then its service."""
    return case_action(request, pk, action, actions=ACTIONS)
