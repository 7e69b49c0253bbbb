"""Pages for disagreements: thin views that fetch through selectors and call services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from samsyn.audit.services import read_record, read_record_export
from samsyn.core.access import can
from samsyn.disagreements import forms, services
from samsyn.disagreements.exports import export_response
from samsyn.disagreements.models import Disagreement
from samsyn.disagreements.selectors import (
    acting_party_ids,
    disagreements_filtered,
    disagreements_visible_to,
    disagreements_waiting_for,
    lessons_similar_to,
)
from samsyn.parties.models import Role


def start_section(actor) -> list[dict]:
    """Start page: "Oenigheter som väntar på dig" for the managers on the ladder."""
    if not can(actor, "disagreements.handle"):
        return []
    waiting = disagreements_waiting_for(actor)
    items = [
        {
            "label": f"{'TVIST – ' if d.is_dispute else ''}{d.reference} {d.title} "
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


def _case(request, pk) -> Disagreement:
    """Every case page fetches through the same selector as the list: a stranger gets 404."""
    return get_object_or_404(disagreements_visible_to(request.actor), pk=pk)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's Swedish errors on the form's fields (or above it)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def disagreement_list(request):
    if not can(request.actor, "disagreements.view"):
        raise PermissionDenied
    form = forms.FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = disagreements_filtered(request.actor, filters=filters)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = list(qs.values_list("pk", "county_id"))
        read_record_export(
            actor=request.actor,
            object_type="disagreements.disagreement",
            rows=rows,
            detail=f"{fmt}, {len(rows)} oenigheter, filter: {request.GET.urlencode()}",
        )
        return export_response(qs, fmt=fmt)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disagreements/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": can(request.actor, "disagreements.handle"),
        },
    )


def _initial_from_deviation(request) -> dict:
    """`?deviation=<id>`: start from a deviation the providers could not resolve (seed 003).
    Fetched through the deviations selector, so a stranger's deviation is a 404."""
    from samsyn.deviations.selectors import deviation_get_for

    pk = request.GET.get("deviation", "")
    if not pk:
        return {}
    deviation = deviation_get_for(request.actor, pk)
    own = acting_parties_of(request.actor)
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


def acting_parties_of(actor) -> set[int]:
    return actor.party_ids(Role.MANAGER_STEP1, Role.MANAGER_STEP2, Role.MANAGER_STEP3)


def disagreement_create(request):
    if not can(request.actor, "disagreements.handle"):
        raise PermissionDenied
    initial = _initial_from_deviation(request)
    form = forms.DisagreementCreateForm(request.POST or None, actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.disagreement_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
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
    )


def _linked_deviations(actor, d) -> list[dict]:
    """Every linked deviation by reference; title and link only where the viewer may see it."""
    visible = set(_visible_deviations(actor).filter(disagreements=d).values_list("pk", flat=True))
    return [{"deviation": dev, "visible": dev.pk in visible} for dev in d.deviations.order_by("pk")]


def disagreement_detail(request, pk):
    d = _case(request, pk)
    read_record(actor=request.actor, target=d, channel="page")
    steps = d.steps.prefetch_related("participants", "meetings").order_by("id")
    may_handle = can(request.actor, "disagreements.handle", d)
    return render(
        request,
        "disagreements/detail.html",
        {
            "d": d,
            "steps": steps,
            "comments": d.comments.select_related("author"),
            "documents": d.documents.all(),
            "sections": d.sections.select_related("document"),
            "linked_deviations": _linked_deviations(request.actor, d),
            "similar": lessons_similar_to(disagreement=d) if d.is_active else [],
            "may_handle": may_handle,
            "actions": actions_for(request.actor, d),
            "may_decide_step3": can(request.actor, "disagreements.decide_step3", d),
            "acting_parties": acting_party_ids(request.actor, d),
            "comment_form": forms.CommentForm(),
            "settlement": getattr(d, "settlement", None),
            "court": getattr(d, "court_referral", None),
            "lesson": getattr(d, "lesson", None),
            "today": timezone.localdate(),
        },
    )


def _visible_deviations(actor):
    from samsyn.deviations.selectors import deviations_visible_to

    return deviations_visible_to(actor)


def actions_for(actor, d: Disagreement) -> list[tuple[str, str]]:
    """The actions this person can take on the case now, as (label, url); mirrors the services."""
    if not can(actor, "disagreements.handle", d):
        return []
    top = can(actor, "disagreements.decide_step3", d)

    def url(action):
        return reverse("disagreements:action", args=[d.pk, action])

    S = Disagreement.Status
    items = []
    if d.status == S.OPEN:
        items.append(("Anteckna ett möte", url("meeting")))
        items.append(("Deltagare och sista datum för steget", url("step")))
        if d.patient_affected:
            items.append(
                (
                    "Ändra den tillfälliga lösningen"
                    if d.temporary_solution
                    else "Registrera tillfällig lösning",
                    url("temporary_solution"),
                )
            )
        if d.current_step < 3:
            items.append(("Registrera att parterna är överens (löst)", url("resolve")))
            items.append((f"Eskalera till steg {d.current_step + 1}", url("escalate")))
        if d.current_step == 1 and not d.skip_proposed_by_party_id:
            items.append(("Föreslå att hoppa över steg 2", url("skip_propose")))
        if d.current_step == 3 and top:
            items.append(("Registrera överenskommelse på högsta nivå", url("resolve")))
            items.append(("Registrera ekonomisk reglering", url("settlement")))
            items.append(("Hänskjut till allmän domstol", url("court")))
        items.append(("Ändra uppgifter", url("edit")))
    elif d.status == S.IN_COURT:
        items.append(("Anteckna ett möte", url("meeting")))
        if top:
            items.append(("Registrera dom", url("judgment")))
    elif d.status == S.RESOLVED:
        items.append(("Avsluta med lärdom", url("close")))
    if d.status in (S.RESOLVED, S.CLOSED) and d.resolution == Disagreement.Resolution.AGREEMENT:
        items.append(("Återöppna ärendet", url("reopen")))
    if can(actor, "disagreements.economic_agreements.edit", d):
        items.append(
            (
                "Registrera en ekonomisk överenskommelse för parterna",
                reverse("disagreements:economic_agreement_create") + f"?oenighet={d.pk}",
            )
        )
    return items


# Each action: (form, service, page title, success message, initial values from the case).
ACTIONS = {
    "edit": (
        forms.DisagreementEditForm,
        services.disagreement_update,
        "Ändra uppgifter",
        "Uppgifterna är sparade.",
        lambda d, actor: {
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
        },
    ),
    "temporary_solution": (
        forms.TemporarySolutionForm,
        services.temporary_solution_set,
        "Tillfällig lösning för patienten",
        "Den tillfälliga lösningen är sparad.",
        lambda d, actor: {"text": d.temporary_solution, "valid_from": d.temporary_solution_from},
    ),
    "step": (
        forms.StepForm,
        services.step_update,
        "Deltagare och sista datum",
        "Steget är uppdaterat.",
        lambda d, actor: {
            "participants": list(d.steps.get(outcome="").participants.all()),
            "deadline": d.steps.get(outcome="").deadline,
        },
    ),
    "meeting": (
        forms.MeetingForm,
        services.meeting_add,
        "Anteckna ett möte",
        "Mötet är antecknat.",
        lambda d, actor: {},
    ),
    "escalate": (
        forms.ReasonForm,
        services.disagreement_escalate,
        "Eskalera till nästa steg",
        "Ärendet har gått till nästa steg.",
        lambda d, actor: {},
    ),
    "skip_propose": (
        forms.ReasonForm,
        services.step_skip_propose,
        "Föreslå att hoppa över steg 2",
        "Förslaget är skickat till den andra parten.",
        lambda d, actor: {},
    ),
    "skip_accept": (
        forms.VersionedForm,
        services.step_skip_accept,
        "Godkänn att hoppa över steg 2",
        "Steg 2 är överhoppat; ärendet är nu en tvist på steg 3.",
        lambda d, actor: {},
    ),
    "skip_decline": (
        forms.VersionedForm,
        services.step_skip_decline,
        "Avböj att hoppa över steg 2",
        "Förslaget är avböjt.",
        lambda d, actor: {},
    ),
    "resolve": (
        forms.SolutionForm,
        services.disagreement_resolve,
        "Registrera lösning",
        "Lösningen är registrerad. Skriv nu lärdomen och avsluta.",
        lambda d, actor: {},
    ),
    "settlement": (
        forms.SettlementForm,
        services.settlement_record,
        "Ekonomisk reglering",
        "Den ekonomiska regleringen är registrerad.",
        lambda d, actor: {},
    ),
    "court": (
        forms.CourtForm,
        services.court_refer,
        "Hänskjut till allmän domstol",
        "Tvisten är registrerad som hänskjuten till allmän domstol.",
        lambda d, actor: {},
    ),
    "judgment": (
        forms.JudgmentForm,
        services.court_judgment_record,
        "Registrera dom",
        "Domen är registrerad.",
        lambda d, actor: {},
    ),
    "close": (
        forms.CloseForm,
        services.disagreement_close,
        "Avsluta med lärdom",
        "Ärendet är avslutat och lösningen finns i Vägledande lösningar.",
        lambda d, actor: {"title": d.title, "solution": d.solution},
    ),
    "reopen": (
        forms.ReasonForm,
        services.disagreement_reopen,
        "Återöppna ärendet",
        "Ärendet är återöppnat.",
        lambda d, actor: {},
    ),
}


def disagreement_action(request, pk, action):
    """One page per action on a case: the form, then the service; errors stay on the form."""
    d = _case(request, pk)  # a stranger gets 404 whatever the action
    if action not in ACTIONS:
        raise Http404
    if not can(request.actor, "disagreements.handle", d):
        raise PermissionDenied
    form_class, service, title, success, initial = ACTIONS[action]
    form = form_class(
        request.POST or None,
        disagreement=d,
        actor=request.actor,
        initial={"version": d.version, **initial(d, request.actor)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.actor, disagreement=d, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("disagreements:detail", pk=d.pk)
    # The page shows the case (patient box, prefilled text): a read of the case like its page.
    read_record(actor=request.actor, target=d, channel="page", detail=action)
    return render(
        request,
        "disagreements/action.html",
        {
            "d": d,
            "form": form,
            "title": title,
            "action": action,
        },
    )


@require_POST
def comment_add(request, pk):
    d = _case(request, pk)
    if not can(request.actor, "disagreements.handle", d):
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.actor, disagreement=d, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Kommentaren är sparad.")
    else:
        messages.error(request, "Skriv en kommentar.")
    return redirect(reverse("disagreements:detail", args=[d.pk]) + "#thread")
