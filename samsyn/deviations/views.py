"""Pages for deviations: thin, every rule is in services and selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from samsyn.agreements.models import DocumentSection
from samsyn.attachments.forms import AttachForm
from samsyn.attachments.services import attachments_of
from samsyn.audit.selectors import case_trail_url
from samsyn.audit.services import query_for_log, read_record, read_record_export
from samsyn.cases.views import ActionForm, CaseActions, case_action
from samsyn.core.access import can
from samsyn.core.case_page import case_page_related
from samsyn.core.forms import form_status, initial_from_data, posted, service_errors_to_form
from samsyn.core.ids import id_param
from samsyn.core.keyset import (
    CURSOR_PARAM,
    keyset_page,
    legacy_page_redirect,
    query_without_position,
)
from samsyn.deviations import exports, services
from samsyn.deviations.consequences import consequence_rows, unknown_before_closing
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
)
from samsyn.deviations.governance import documents_citable
from samsyn.deviations.models import EventType, LiftedLevel, Measure, Status
from samsyn.deviations.patient import (
    PATIENT_DATA,
    has_patient_reference,
    lex_maria_gap,
    lex_maria_overdue,
    patient_data_side,
)
from samsyn.deviations.patient_forms import LexMariaForm, PatientReferenceViewForm
from samsyn.deviations.receiving_forms import (
    RECEIVING_FORMS,
    AcknowledgeForm,
    receivers_sentence,
)
from samsyn.deviations.selectors import (
    PAGE_SIZE,
    deviation_get_for,
    deviation_list_rows,
    deviation_ordering,
    deviation_timeline,
    providers_reporting_for,
)
from samsyn.deviations.selectors import (
    deviation_list as deviation_list_select,
)
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.deviations.worklist import my_reports
from samsyn.parties.models import CareProvider, CareUnit


@require_GET
def deviation_list(request):
    """The inbox: every case the person may see, with filters, search, sorting and pages."""
    if not can(request.actor, "deviations.view"):
        raise PermissionDenied
    if request.GET.get("view") == "reported":  # one's own reports have one page
        return redirect("deviations:my_reports")
    form = DeviationFilterForm(request.GET or None)
    filters = form.filters()
    qs = deviation_list_rows(deviation_list_select(actor=request.actor, filters=filters))
    ordering = deviation_ordering(filters)
    moved = legacy_page_redirect(request, qs, ordering=ordering, size=PAGE_SIZE)
    if moved:
        return moved
    page = keyset_page(qs, ordering=ordering, cursor=request.GET.get(CURSOR_PARAM), size=PAGE_SIZE)
    return render(
        request,
        "deviations/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_position(request),
            "today": timezone.localdate(),
            "can_report": can(request.actor, "deviations.report"),
        },
        status=form_status(form),
    )


def _export(request, fmt: str):
    """The filtered list as a file; the read log gets one row holding every case id in it."""
    if not can(request.actor, "deviations.view"):
        raise PermissionDenied
    form = DeviationFilterForm(request.GET or None)
    filters = form.filters()
    qs = deviation_list_select(actor=request.actor, filters=filters)
    read_record_export(
        actor=request.actor,
        object_type="deviations.deviation",
        cases=qs,
        detail=f"{fmt}, {qs.count()} avvikelser, filter: {query_for_log(request.GET)}",
    )
    ordering = deviation_ordering(filters)
    if fmt == "csv":
        return exports.deviations_csv(qs, ordering=ordering)
    return exports.deviations_xlsx(qs, ordering=ordering)


@require_GET
def deviation_export_csv(request):
    return _export(request, "csv")


@require_GET
def deviation_export_xlsx(request):
    return _export(request, "xlsx")


# The report page's address per type (?typ=tillbud): Swedish words users see.
TYPE_SLUGS = {
    "avvikelse": EventType.DEVIATION,
    "tillbud": EventType.NEAR_MISS,
    "risk": EventType.RISK,
    "god-samverkan": EventType.GOOD_COOPERATION,
}
# The report page's heading and introduction per type.
TYPE_TEXTS = {
    EventType.DEVIATION: (
        _("Report a deviation between care providers"),
        _(
            "A deviation is when an agreement, an arrangement or another governing document was "
            "not followed between two care providers."
        ),
    ),
    EventType.NEAR_MISS: (
        _("Report a near miss between care providers"),
        _(
            "A near miss is an event that could have harmed the patient but did not: it was "
            "caught in time."
        ),
    ),
    EventType.RISK: (
        _("Report a risk between care providers"),
        _(
            "A risk is an unsafe condition between the care providers: nothing has happened "
            "yet, but it could."
        ),
    ),
    EventType.GOOD_COOPERATION: (
        _("Tell about good cooperation"),
        _(
            "Tell the other care provider about cooperation that worked well, so that it can "
            "be repeated. It reaches them as positive feedback; nothing needs to be handled."
        ),
    ),
}


def _report_type(request) -> str:
    posted_type = request.POST.get("event_type") if request.method == "POST" else None
    if posted_type in EventType.values:
        return posted_type
    return TYPE_SLUGS.get(request.GET.get("typ", ""), EventType.DEVIATION)


@sensitive_post_parameters("patient_reference")
def deviation_report(request):
    """Report a deviation, near miss, risk or good cooperation: one page per type, finished
    in under two minutes. The patient's number is hidden from error reports (issue 18)."""
    actor = request.actor
    providers = providers_reporting_for(actor)
    if not providers:
        raise PermissionDenied
    county = providers[0].party.county
    event_type = _report_type(request)
    files = request.FILES if request.method == "POST" else None
    form = ReportForm(
        posted(request), files, providers=providers, county=county, event_type=event_type
    )
    if request.method == "POST" and REFRESH_DOCUMENTS in request.POST:
        # Without script: the page again with what was typed, the documents ordered for the
        # chosen counterpart and date (issue 24 item 6); nothing is validated or saved yet.
        form = ReportForm(
            initial=initial_from_data(form, request.POST),
            providers=providers,
            county=county,
            event_type=event_type,
        )
    elif request.method == "POST" and form.is_valid():
        try:
            deviation = services.deviation_report(actor=actor, report=form.report())
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            if deviation.document_governed:
                messages.success(
                    request,
                    _("Thank you! %(ref)s has been sent to %(provider)s.")
                    % {"ref": deviation.reference, "provider": deviation.counterpart_provider},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Deviation %(ref)s has been sent, but note: %(note)s Check that you "
                        "chose the right document."
                    )
                    % {"ref": deviation.reference, "note": deviation.document_governed_note},
                )
            return redirect(deviation)
    form.order_documents()
    context = {
        "form": form,
        "types": [(slug, EventType(t).label, t == event_type) for slug, t in TYPE_SLUGS.items()],
        "event_type": event_type,
        "heading": TYPE_TEXTS[event_type][0],
        "intro": TYPE_TEXTS[event_type][1],
    }
    return render(request, "deviations/report.html", context, status=form_status(form))


REFRESH_DOCUMENTS = "_documents"


@require_GET
def report_documents(request):
    """The report form's document list for the counterpart and event date chosen so far
    (htmx): those that governed the two parties that day first, and a warning when the chosen
    one did not."""
    providers = providers_reporting_for(request.actor)
    if not providers:
        raise PermissionDenied
    form = ReportForm(
        initial=request.GET.dict(),
        providers=providers,
        county=providers[0].party.county,
        event_type=_report_type(request),
    )
    form.order_documents()
    template = "deviations/_report_documents.html"
    if request.GET.get("part") == "warning":
        template = "deviations/_report_document_warning.html"
    return render(request, template, {"form": form})


@require_GET
def document_sections(request):
    """The sections of one document as <option>s, for the report form's htmx swap."""
    providers = providers_reporting_for(request.actor)
    document_id = id_param(request.GET, "document")
    sections = DocumentSection.objects.none()
    if providers and document_id:
        documents = documents_citable(county=providers[0].party.county)
        sections = DocumentSection.objects.filter(document__in=documents, document_id=document_id)
    return render(request, "deviations/_section_options.html", {"sections": sections})


# ---------------------------------------------------------------- the case page


def _lift_initial(deviation, actor) -> dict:
    """Lifting goes up: offer the next level."""
    return {
        "lifted_level": LiftedLevel.COUNTY if deviation.lifted_level else LiftedLevel.SUB_REGIONAL
    }


def _render(request, deviation, code, form, status):
    """One move's form: fetched by htmx when its fold on the case page is opened (issue 24:
    the case page no longer draws every form), or as its own page without script and when a
    form is sent with errors. The comment is written on the case page."""
    if code == "comment":
        return _detail(
            request, deviation, bound=(DEVIATION_WORKFLOW.slug(code), form), status=status
        )
    context = {"deviation": deviation, "d": deviation, "form": form, "action": form.move.slug}
    if request.htmx and request.method == "GET":
        return render(request, "deviations/_action_form.html", context)
    read_record(actor=request.actor, target=deviation, channel="page", detail=code)
    summary, intro = MOVE_TEXTS.get(code, ("", ""))
    context.update(title=summary or form.move.label_for(deviation), intro=intro)
    return render(request, "deviations/action.html", context, status=status)


# What the case page says about a move: its fold's summary (default: its label) and a line
# before its form (issue 24: the forms are folded and fetched when opened).
MOVE_TEXTS = {
    "acknowledge": (
        "",
        _(
            "Confirm that your care provider has received the deviation and is responsible "
            "for analysing it."
        ),
    ),
    "add_measure": (_("Add a measure"), ""),
    "decide_measures": (
        _("Decide measures"),
        _(
            "When the measures are added, or you have given reasons why no measure is needed, "
            "decide them here. The reporter is told."
        ),
    ),
    "no_measure": (_("No measure needed? Give the reasons for the decision"), ""),
    "follow_up": (_("Follow up"), ""),
    "close": (_("Close the case"), ""),
    "read_feedback": (
        "",
        _(
            "Positive feedback needs no handling: read it, share it with those who took part, "
            "and mark it as read. The reporter is told."
        ),
    ),
    "lift": (_("Organisational shortcoming? Lift the case to subregional or county level"), ""),
    "answer": (
        _("Answer the reporting side"),
        _(
            "Say what you found and the measures taken or planned. The reporter and the "
            "reporting unit get your answer."
        ),
    ),
    "accept_answer": (
        _("The receiver's answer"),
        _("Accept the answer, or question it once with a reason."),
    ),
    "question_answer": (_("Question the answer"), ""),
    "reroute": (_("Send to another receiver"), ""),
    "withdraw": (_("Not a deviation in cooperation? Close the case"), ""),
    "pass_on": (_("Another unit should handle it? Pass it on"), ""),
    "send_back": (_("Wrong receiver? Send it back"), ""),
    "reclassify": (_("Re-classify the case"), ""),
    "accept_lift": (
        _("The case is lifted to your level"),
        _(
            "Take it up, ask the parties for more, or send it back with a reason. Both parties "
            "see your decision."
        ),
    ),
    "assess_lex_maria": (
        "",
        _(
            "The case cannot be closed until the event is assessed as reported to IVO or not "
            "reported."
        ),
    ),
}


def _move_link(deviation, move) -> dict:
    summary, intro = MOVE_TEXTS.get(move.code, ("", ""))
    return {
        "label": move.label_for(deviation),
        "url": reverse("deviations:action", args=[deviation.pk, move.slug]),
        "summary": summary,
        "intro": intro,
    }


# The moves taken on the case page: each form, its service and what is said afterwards.
FORMS = {
    "acknowledge": ActionForm(
        AcknowledgeForm,
        services.deviation_acknowledge,
        _("The deviation is acknowledged as received."),
    ),
    "analyse": ActionForm(AnalyseForm, services.deviation_analyse, _("The analysis is saved.")),
    "add_measure": ActionForm(MeasureForm, services.measure_add, _("The measure is added.")),
    "no_measure": ActionForm(
        NoMeasureForm,
        services.deviation_record_no_measure,
        _("The decision that no measure is needed is saved."),
    ),
    "decide_measures": ActionForm(
        NoteForm, services.deviation_decide_measures, _("The measures are decided.")
    ),
    "follow_up": ActionForm(
        FollowUpForm, services.deviation_follow_up, _("The follow-up is saved.")
    ),
    "close": ActionForm(NoteForm, services.deviation_close, _("The deviation is closed.")),
    "read_feedback": ActionForm(
        NoteForm, services.deviation_read_feedback, _("The feedback is marked as read.")
    ),
    "lift": ActionForm(
        LiftForm, services.deviation_lift, _("The deviation is lifted."), initial=_lift_initial
    ),
    "comment": ActionForm(CommentForm, services.comment_add, _("The message is sent.")),
    **RECEIVING_FORMS,
    # The patient and the regulator (issue 18).
    "assess_lex_maria": ActionForm(
        LexMariaForm,
        services.deviation_assess_lex_maria,
        _("The lex Maria assessment is recorded."),
        anchor="patient",
    ),
    "attach": ActionForm(
        AttachForm, services.deviation_attach, _("The documents are attached."), anchor="patient"
    ),
}
# Each move's form has its own address: folded on the case page and fetched when opened, or
# a page of its own; only the thread's message is written on the case page itself.
ACTIONS = CaseActions(
    workflow=DEVIATION_WORKFLOW,
    case_for=deviation_get_for,
    forms=FORMS,
    render=_render,
    prefixed=True,
    post_only=frozenset({"comment"}),
)
# Moves shown in a section of their own on the case page, not among its actions.
_OWN_SECTION = {"comment", "attach", "assess_lex_maria"}


def _measures(request, deviation, measure_form, today) -> list[dict]:
    """Each measure, and whether this person may mark it done (who answers for it)."""
    return [
        {
            "measure": m,
            "overdue": m.is_overdue(today),
            "can_mark_done": m.done_date is None
            and DEVIATION_WORKFLOW.allows(
                request.actor, deviation, "complete_measure", scope=m.answering_side
            ),
            "form": measure_form
            if measure_form is not None and measure_form.prefix == f"m{m.pk}"
            else MeasureDoneForm(initial={"done_date": today}, prefix=f"m{m.pk}"),
        }
        # The case's measures, read once with the page (_detail); each knows its case.
        for m in deviation.measures.all()
    ]


def _patient(request, deviation, shown: str = "", view_form=None) -> dict:
    """The patient section (issue 18): whether a reference is kept, and for the handlers of
    the two units involved the way to see it and the attachments; the lex Maria duty."""
    actor = request.actor
    may_see = can(actor, PATIENT_DATA, patient_data_side(deviation))
    attachments = list(attachments_of(actor=actor, case=deviation)) if may_see else []
    return {
        "has_reference": has_patient_reference(deviation),
        "may_see": may_see,
        "shown": shown,
        "view_form": view_form or PatientReferenceViewForm(),
        "attachments": attachments,
        "attachment_count": len(attachments) if may_see else deviation.attachments.count(),
        "lex_maria_gap": bool(deviation.lex_maria_due) and lex_maria_gap(deviation),
        "lex_maria_overdue": lex_maria_overdue(deviation),
    }


def _case_moves(actor, deviation) -> dict:
    """What this person can do on the case, from the case engine: the next step (the page's one
    primary button), the other moves (folded, their forms fetched when opened), and the
    forms drawn on the page itself (the thread, the patient section)."""
    moves = [m for m in DEVIATION_WORKFLOW.moves_available(actor, deviation) if m.code in FORMS]
    primary = next((m for m in moves if m.primary_for(deviation)), None)
    return {
        "primary": _move_link(deviation, primary) if primary else None,
        "others": [
            _move_link(deviation, m)
            for m in moves
            if m is not primary and m.code not in _OWN_SECTION
        ],
        "inline": {
            m.slug: ACTIONS.form(deviation, m.code, actor) for m in moves if m.code in _OWN_SECTION
        },
    }


def _detail(request, deviation, bound=None, measure_form=None, status=200, patient=None):
    """The case page; `bound` (slug, form) is the thread's message or `measure_form` a measure
    sent with errors; `patient` the patient section when the reader asked to see the identity."""
    actor = request.actor
    read_record(actor=actor, target=deviation, channel="page")
    # Read once for the timeline, the measures and the facts (each asked them again).
    prefetch_related_objects(
        [deviation], Prefetch("measures", Measure.objects.select_related("owner_provider"))
    )
    moves = _case_moves(actor, deviation)
    forms = moves["inline"]
    if bound is not None:
        forms[bound[0]] = bound[1]
    today = timezone.localdate()
    return render(
        request,
        "deviations/detail.html",
        {
            "deviation": deviation,
            "forms": forms,
            "primary_move": moves["primary"],
            "other_moves": moves["others"],
            "history": deviation_timeline(deviation=deviation)[::-1],  # newest first
            "audit_url": case_trail_url(actor, deviation),
            "measures": _measures(request, deviation, measure_form, today),
            "measure_form": measure_form,
            "comments": deviation.comments.select_related("author", "author_provider"),
            "causes": deviation.causes.all(),
            "harm": consequence_rows(deviation),
            "unknown_reminder": (
                unknown_before_closing(deviation) if deviation.status != Status.CLOSED else ""
            ),
            "event_analysis": getattr(deviation, "event_analysis", None),
            "today": today,
            "is_read_only": not (forms or moves["primary"] or moves["others"]),
            # What other apps show on the case page, through core's registry.
            "related": case_page_related(request, deviation),
            "patient": patient or _patient(request, deviation),
        },
        status=status,
    )


@require_GET
def deviation_detail(request, pk):
    """The case page: facts, warning, deadlines, timeline, measures, thread and actions."""
    return _detail(request, deviation_get_for(request.actor, pk))


def deviation_action(request, pk, action):
    """A move on the case page (kvittera, analysera, …), through the one dispatcher."""
    return case_action(request, pk, action, actions=ACTIONS)


@require_POST
def patient_reference_show(request, pk):
    """ "Visa patientens identitet": the handlers of the two units involved pick a reason; the
    number is shown in this answer only (never in a URL, a redirect or a cache) and the view is
    in the read log with the reason."""
    deviation = deviation_get_for(request.actor, pk)  # 404 for strangers
    form = PatientReferenceViewForm(request.POST)
    shown = ""
    if form.is_valid():
        try:
            shown = services.patient_reference_view(
                actor=request.actor, deviation=deviation, **form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
    patient = _patient(request, deviation, shown=shown, view_form=form)
    response = _detail(request, deviation, patient=patient, status=form_status(form))
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def measure_done(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    deviation = deviation_get_for(request.actor, measure.deviation_id)  # 404 for strangers
    form = MeasureDoneForm(request.POST, prefix=f"m{measure.pk}")
    if form.is_valid():
        try:
            services.measure_mark_done(
                actor=request.actor, measure=measure, done_date=form.cleaned_data["done_date"]
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "already_done":
                # A double click, or a colleague was first: what they asked for is done.
                messages.info(request, " ".join(exc.messages))
                return redirect(deviation)
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The measure is marked as carried out."))
            return redirect(deviation)
    return _detail(request, deviation, measure_form=form, status=400)


@require_GET
def receivers_shown(request):
    """Who will receive a report to the chosen provider and unit, for the report form (htmx):
    never nobody, and the reporter is told before sending."""
    providers = providers_reporting_for(request.actor)
    if not providers:
        raise PermissionDenied
    county = providers[0].party.county_id
    provider = CareProvider.objects.filter(
        pk=id_param(request.GET, "counterpart_provider"), party__county=county, is_active=True
    ).first()
    unit = CareUnit.objects.filter(
        pk=id_param(request.GET, "receiving_unit"), provider=provider
    ).first()
    return HttpResponse(escape(receivers_sentence(provider, unit)) if provider else "")


@require_GET
def my_reports_page(request):
    """ "Mina rapporter": the person's own reports with their status and answer (issue 17)."""
    if not can(request.actor, "deviations.report"):
        raise PermissionDenied
    qs = my_reports(request.actor).select_related("receiving_unit")
    return render(
        request,
        "deviations/my_reports.html",
        {
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("sida")),
            "today": timezone.localdate(),
            "can_report": True,
        },
    )
