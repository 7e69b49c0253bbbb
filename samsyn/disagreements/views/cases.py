"""Pages for disagreements: thin views that fetch through selectors and call services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
from samsyn.disagreements import forms, services
from samsyn.disagreements.exports import export_response
from samsyn.disagreements.models import Disagreement
from samsyn.disagreements.selectors import (
    LIST_ORDERING,
    disagreement_history,
    disagreement_list_rows,
    disagreements_filtered,
    disagreements_visible_to,
    disagreements_waiting_for,
    documents_not_binding,
    lessons_similar_to,
)
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW, NOT_LISTED

PAGE_SIZE = 50


def start_section(actor) -> list[dict]:
    """Start page: "Oenigheter som väntar på dig" for the managers on the ladder."""
    if not can(actor, "disagreements.handle"):
        return []
    waiting = disagreements_waiting_for(actor)
    items = [
        {
            "label": f"{d.listed_reference} {d.title} "
            f"(steg {d.current_step}, {d.get_status_display().lower()})",
            "url": reverse("disagreements:detail", args=[d.pk]),
        }
        for d in waiting
    ]
    return [
        {
            "title": "Oenigheter som väntar på dig",
            "text": "" if items else "Inga oenigheter väntar på dig just nu.",
            "items": items,
            "links": [
                ("Alla oenigheter", reverse("disagreements:list")),
                ("Ta upp en ny oenighet", reverse("disagreements:create")),
            ],
        }
    ]


def disagreement_get_for(actor, pk) -> Disagreement:
    """Every case page fetches through the same selector as the list: a stranger gets 404."""
    return get_object_or_404(disagreements_visible_to(actor), pk=pk)


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
    """`?deviation=<id>`: start from a deviation the providers could not resolve (seed 003).
    Fetched through the deviations selector, so a stranger's deviation is a 404."""
    from samsyn.deviations.selectors import deviation_get_for

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
            messages.success(request, f"Oenigheten {d.reference} är registrerad på steg 1.")
            return redirect("disagreements:detail", pk=d.pk)
    return render(
        request,
        "disagreements/form.html",
        {
            "form": form,
            "title": "Ta upp en oenighet",
            "cancel_url": reverse("disagreements:list"),
            "similar_url": reverse("disagreements:similar"),
            "notice": (
                f"Oenigheten utgår från avvikelse {initial['deviation_reference']}, som "
                "vårdgivarna inte kunde lösa. Koppla fler avvikelser om oenigheten bygger "
                "på flera."
                if initial
                else ""
            ),
            "intro": "En oenighet är när samsyn saknas i en fråga mellan två parter. Den kan bygga "
            "på en eller flera avvikelser, eller på ingen. Huvudprincipen är att den löses "
            "på första linjens chefsnivå (steg 1).",
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
    steps = d.steps.prefetch_related("participants", "meetings").order_by("id")
    moves = {m.code: m for m in DISAGREEMENT_WORKFLOW.moves_available(actor, d)}
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
            "actions": [
                (move.label_for(d), _action_url(d, move))
                for code, move in moves.items()
                if code not in NOT_LISTED
            ],
            "may_agree_economically": can(actor, "disagreements.economic_agreements.edit", d),
            "may_decide_step3": can(actor, "disagreements.decide_step3", d),
            "skip_answer": "skip_accept" in moves,
            "comment_form": comment_form
            or (ACTIONS.form(d, "comment", actor) if "comment" in moves else None),
            "settlement": getattr(d, "settlement", None),
            "court": getattr(d, "court_referral", None),
            "lesson": getattr(d, "lesson", None),
            "history": disagreement_history(disagreement=d),
            "today": timezone.localdate(),
        },
        status=form_status(comment_form),
    )


def _visible_deviations(actor):
    from samsyn.deviations.selectors import deviations_visible_to

    return deviations_visible_to(actor)


def _action_url(d, move) -> str:
    return reverse("disagreements:action", args=[d.pk, move.slug])


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
    """A comment is written on the case page; every other move has its own page."""
    if code == "comment":
        return _detail(request, d, comment_form=form)
    # The page shows the case (patient box, prefilled text): a read of the case like its page.
    read_record(actor=request.actor, target=d, channel="page", detail=code)
    entry = ACTIONS.forms[code]
    return render(
        request,
        "disagreements/action.html",
        {
            "d": d,
            "form": form,
            "title": entry.title,
            "submit": entry.submit or entry.title,
            "action": code,
        },
        status=status,
    )


def _page(form, service, title, success, **kwargs) -> ActionForm:
    return ActionForm(form, service, success, title=title, **kwargs)


SAVE = _("Spara")
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
            "Ändra uppgifter",
            "Uppgifterna är sparade.",
            submit=SAVE,
            initial=_edit_initial,
        ),
        "temporary_solution": _page(
            forms.TemporarySolutionForm,
            services.temporary_solution_set,
            "Tillfällig lösning för patienten",
            "Den tillfälliga lösningen är sparad.",
            submit=SAVE,
            initial=lambda d, actor: {
                "text": d.temporary_solution,
                "valid_from": d.temporary_solution_from,
            },
        ),
        "step": _page(
            forms.StepForm,
            services.step_update,
            "Deltagare och sista datum",
            "Steget är uppdaterat.",
            submit=SAVE,
            initial=_step_initial,
        ),
        "meeting": _page(
            forms.MeetingForm,
            services.meeting_add,
            "Anteckna ett möte",
            "Mötet är antecknat.",
            submit=SAVE,
        ),
        "escalate": _page(
            forms.ReasonForm,
            services.disagreement_escalate,
            "Eskalera till nästa steg",
            "Ärendet har gått till nästa steg.",
        ),
        "skip_propose": _page(
            forms.ReasonForm,
            services.step_skip_propose,
            "Föreslå att hoppa över steg 2",
            "Förslaget är skickat till den andra parten.",
        ),
        "skip_accept": _page(
            forms.MoveForm,
            services.step_skip_accept,
            "Godkänn att hoppa över steg 2",
            "Steg 2 är överhoppat; ärendet är nu en tvist på steg 3.",
        ),
        "skip_decline": _page(
            forms.MoveForm,
            services.step_skip_decline,
            "Avböj att hoppa över steg 2",
            "Förslaget är avböjt.",
        ),
        "resolve": _page(
            forms.SolutionForm,
            services.disagreement_resolve,
            "Registrera lösning",
            "Lösningen är registrerad. Skriv nu lärdomen och avsluta.",
        ),
        "settlement": _page(
            forms.SettlementForm,
            services.settlement_record,
            "Ekonomisk reglering",
            "Den ekonomiska regleringen är registrerad.",
        ),
        "court": _page(
            forms.CourtForm,
            services.court_refer,
            "Hänskjut till allmän domstol",
            "Tvisten är registrerad som hänskjuten till allmän domstol.",
        ),
        "judgment": _page(
            forms.JudgmentForm,
            services.court_judgment_record,
            "Registrera dom",
            "Domen är registrerad.",
        ),
        "close": _page(
            forms.CloseForm,
            services.disagreement_close,
            "Avsluta med lärdom",
            "Ärendet är avslutat och lösningen finns i Vägledande lösningar.",
            initial=lambda d, actor: {"title": d.title, "solution": d.solution},
        ),
        "reopen": _page(
            forms.ReasonForm,
            services.disagreement_reopen,
            "Återöppna ärendet",
            "Ärendet är återöppnat.",
        ),
        "comment": ActionForm(
            forms.CommentForm, services.comment_add, "Kommentaren är sparad.", anchor="thread"
        ),
    },
)


def disagreement_action(request, pk, action):
    """A move on a case, through the one dispatcher: its page, then its service."""
    return case_action(request, pk, action, actions=ACTIONS)
