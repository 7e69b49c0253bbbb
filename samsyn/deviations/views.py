"""Pages for deviations: thin, every rule is in services and selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samsyn.agreements.models import DocumentSection
from samsyn.audit.services import read_record, read_record_export
from samsyn.core.access import can
from samsyn.deviations import exports, services
from samsyn.deviations.forms import (
    AnalyseForm,
    CommentForm,
    DeviationFilterForm,
    FollowUpForm,
    LiftForm,
    MeasureDoneForm,
    MeasureForm,
    NoMeasureForm,
    NoteForm,
    ReportForm,
    errors_to_form,
)
from samsyn.deviations.governance import documents_citable
from samsyn.deviations.models import Measure, Status
from samsyn.deviations.selectors import (
    PAGE_SIZE,
    deviation_get_for,
    deviation_timeline,
)
from samsyn.deviations.selectors import (
    deviation_list as deviation_list_select,
)
from samsyn.parties.models import Role


def _filtered(request):
    form = DeviationFilterForm(request.GET or None)
    return form, deviation_list_select(actor=request.actor, filters=form.filters())


@require_GET
def deviation_list(request):
    """The inbox: every case the person may see, with filters, search, sorting and pages."""
    if not can(request.actor, "deviations.view"):
        raise PermissionDenied
    form, qs = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "deviations/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_report": can(request.actor, "deviations.report"),
        },
    )


def _export(request, fmt: str):
    if not can(request.actor, "deviations.view"):
        raise PermissionDenied
    _form, qs = _filtered(request)
    rows = list(qs.values_list("pk", "reporting_provider__party__county_id"))
    read_record_export(
        actor=request.actor,
        object_type="deviations.deviation",
        rows=rows,
        detail=f"{fmt}, {len(rows)} avvikelser, filter: {request.GET.urlencode()}",
    )
    return exports.deviations_csv(qs) if fmt == "csv" else exports.deviations_xlsx(qs)


@require_GET
def deviation_export_csv(request):
    return _export(request, "csv")


@require_GET
def deviation_export_xlsx(request):
    return _export(request, "xlsx")


def deviation_report(request):
    """Report a deviation: one page, finished in under two minutes."""
    actor = request.actor
    providers = actor.providers(Role.REPORTER, Role.HANDLER)
    if not providers:
        raise PermissionDenied
    county = providers[0].party.county
    form = ReportForm(request.POST or None, providers=providers, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deviation = services.deviation_report(actor=actor, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if deviation.document_governed:
                messages.success(
                    request,
                    _("Tack! Avvikelsen %(ref)s är skickad till %(provider)s.")
                    % {"ref": deviation.reference, "provider": deviation.counterpart_provider},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Avvikelsen %(ref)s är skickad, men observera: %(note)s Kontrollera att "
                        "du valt rätt dokument."
                    )
                    % {"ref": deviation.reference, "note": deviation.document_governed_note},
                )
            return redirect(deviation)
    status = 400 if form.errors else 200
    return render(request, "deviations/report.html", {"form": form}, status=status)


@require_GET
def document_sections(request):
    """The sections of one document as <option>s, for the report form's htmx swap."""
    providers = request.actor.providers(Role.REPORTER, Role.HANDLER)
    sections = DocumentSection.objects.none()
    if providers and request.GET.get("document", "").isdigit():
        documents = documents_citable(county=providers[0].party.county)
        sections = DocumentSection.objects.filter(
            document__in=documents, document_id=int(request.GET["document"])
        )
    return render(request, "deviations/_section_options.html", {"sections": sections})


# ---------------------------------------------------------------- the case page

# action slug -> (form class, service call, success message)
ACTIONS = {
    "kvittera": (
        NoteForm,
        lambda a, d, f: services.deviation_acknowledge(
            actor=a, deviation=d, expected_version=f["version"], note=f["note"]
        ),
        _("Avvikelsen är kvitterad som mottagen."),
    ),
    "analysera": (
        AnalyseForm,
        lambda a, d, f: services.deviation_analyse(
            actor=a,
            deviation=d,
            expected_version=f["version"],
            causes=f["causes"],
            analysis=f["analysis"],
            event_analysis=f.form.event_analysis(),
        ),
        _("Analysen är sparad."),
    ),
    "atgard": (
        MeasureForm,
        lambda a, d, f: services.measure_add(
            actor=a,
            deviation=d,
            owner_provider=f["owner_provider"],
            description=f["description"],
            due_date=f["due_date"],
        ),
        _("Åtgärden är tillagd."),
    ),
    "ingen-atgard": (
        NoMeasureForm,
        lambda a, d, f: services.deviation_record_no_measure(
            actor=a, deviation=d, expected_version=f["version"], reason=f["no_measure_reason"]
        ),
        _("Beslutet att ingen åtgärd behövs är sparat."),
    ),
    "besluta": (
        NoteForm,
        lambda a, d, f: services.deviation_decide_measures(
            actor=a, deviation=d, expected_version=f["version"], note=f["note"]
        ),
        _("Åtgärderna är beslutade."),
    ),
    "folj-upp": (
        FollowUpForm,
        lambda a, d, f: services.deviation_follow_up(
            actor=a, deviation=d, expected_version=f["version"], follow_up=f["follow_up"]
        ),
        _("Uppföljningen är sparad."),
    ),
    "avsluta": (
        NoteForm,
        lambda a, d, f: services.deviation_close(
            actor=a, deviation=d, expected_version=f["version"], note=f["note"]
        ),
        _("Avvikelsen är avslutad."),
    ),
    "lyft": (
        LiftForm,
        lambda a, d, f: services.deviation_lift(
            actor=a,
            deviation=d,
            expected_version=f["version"],
            level=f["lifted_level"],
            reason=f["lifted_reason"],
        ),
        _("Avvikelsen är lyft."),
    ),
    "kommentar": (
        CommentForm,
        lambda a, d, f: services.comment_add(actor=a, deviation=d, text=f["text"]),
        _("Meddelandet är skickat."),
    ),
}


class _Data(dict):
    """cleaned_data that also knows its form (for AnalyseForm.event_analysis)."""

    def __init__(self, form):
        super().__init__(form.cleaned_data)
        self.form = form


def _available_actions(actor, deviation) -> list[str]:
    """Which forms to show; the services decide again when a form is sent."""
    actions = []
    if can(actor, "deviations.handle", deviation.responsible_side):
        status = deviation.status
        actions += {
            Status.SENT: ["kvittera"],
            Status.ACKNOWLEDGED: ["analysera"],
            Status.ANALYSED: ["atgard", "besluta"]
            + (
                []
                if deviation.has_no_measure_decision or deviation.measures.exists()
                else ["ingen-atgard"]
            ),
            Status.MEASURES_DECIDED: ["atgard", "folj-upp"],
            Status.FOLLOWED_UP: ["atgard", "avsluta"],
        }.get(status, [])
        if status != Status.CLOSED:
            actions.append("lyft")
    if can(actor, "deviations.comment", deviation):
        actions.append("kommentar")
    return actions


def _form_for(action, deviation, data=None):
    form_class = ACTIONS[action][0]
    kwargs = {"deviation": deviation} if form_class is MeasureForm else {}
    initial = {"version": deviation.version}
    if action == "lyft":
        initial["lifted_level"] = "county" if deviation.lifted_level else "sub_regional"
    return form_class(data, initial=initial, prefix=action, **kwargs)


def _detail(request, deviation, bound=None, status=200):
    actor = request.actor
    read_record(actor=actor, target=deviation, channel="page")
    forms = {a: _form_for(a, deviation) for a in _available_actions(actor, deviation)}
    if bound is not None:
        forms[bound[0]] = bound[1]
    today = timezone.localdate()
    handler_providers = actor.provider_ids(Role.HANDLER)
    can_handle = can(actor, "deviations.handle", deviation.responsible_side)
    measures = [
        {
            "measure": m,
            "overdue": m.is_overdue(today),
            "can_mark_done": m.done_date is None
            and deviation.status != Status.CLOSED
            and (can_handle or m.owner_provider_id in handler_providers),
            "form": MeasureDoneForm(initial={"done_date": today}, prefix=f"m{m.pk}"),
        }
        for m in deviation.measures.select_related("owner_provider")
    ]
    return render(
        request,
        "deviations/detail.html",
        {
            "deviation": deviation,
            "forms": forms,
            "timeline": deviation_timeline(deviation=deviation),
            "measures": measures,
            "comments": deviation.comments.select_related("author", "author_provider"),
            "causes": deviation.causes.all(),
            "event_analysis": getattr(deviation, "event_analysis", None),
            "today": today,
            "can_handle": can_handle,
            "is_read_only": not forms,
            "has_steps": any(action != "kommentar" for action in forms),
        },
        status=status,
    )


@require_GET
def deviation_detail(request, pk):
    """The case page: facts, warning, deadlines, timeline, measures, thread and actions."""
    return _detail(request, deviation_get_for(request.actor, pk))


@require_POST
def deviation_action(request, pk, action):
    deviation = deviation_get_for(request.actor, pk)
    if action not in ACTIONS:
        raise Http404
    form = _form_for(action, deviation, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action][1](request.actor, deviation, _Data(form))
        except ValidationError as exc:
            deviation = deviation_get_for(request.actor, pk)  # show what is saved now
            if exc.code == "concurrent_edit" and "version" in form.fields:
                # Keep what they wrote, now against the version they are shown: sending
                # again is a choice made after seeing the other person's change.
                data = request.POST.copy()
                data[form.add_prefix("version")] = deviation.version
                form = _form_for(action, deviation, data)
                form.is_valid()
            errors_to_form(form, exc)
        else:
            messages.success(request, ACTIONS[action][2])
            return redirect(deviation)
    return _detail(request, deviation, bound=(action, form), status=400)


@require_POST
def measure_done(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    deviation_get_for(request.actor, measure.deviation_id)  # 404 for strangers
    form = MeasureDoneForm(request.POST, prefix=f"m{measure.pk}")
    if form.is_valid():
        try:
            services.measure_mark_done(
                actor=request.actor, measure=measure, done_date=form.cleaned_data["done_date"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Åtgärden är markerad som genomförd."))
    else:
        messages.error(request, _("Ange ett giltigt datum."))
    return redirect(measure.deviation)
