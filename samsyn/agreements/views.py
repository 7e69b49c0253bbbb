"""Pages of the agreement registry: everyone in the county reads, county administrators edit."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.agreements import selectors
from samsyn.agreements.forms import DecisionForm, RegimeLookupForm, TerminationForm, VersionForm
from samsyn.agreements.models import AdoptionDecision, DocumentVersion, GoverningDocument
from samsyn.agreements.services import (
    adoption_decision_record,
    document_version_create,
    document_version_update,
    termination_end_date,
    termination_register,
)
from samsyn.core.access import grant_for
from samsyn.parties.models import Party

BRANCH_TAGS = {
    selectors.Branch.AGREEMENT: ("done", gettext_lazy("Avtalet gäller")),
    selectors.Branch.PREVIOUS_AGREEMENT: ("done", gettext_lazy("Tidigare avtal gäller")),
    selectors.Branch.NOT_APPROVED: ("serious", gettext_lazy("Avtalet är inte godkänt")),
    selectors.Branch.REGION_NOT_APPROVED: ("serious", gettext_lazy("Regionen har inte godkänt")),
    selectors.Branch.TERMINATED: ("serious", gettext_lazy("Avtalet är uppsagt")),
    selectors.Branch.NO_AGREEMENT: ("warning", gettext_lazy("Inget avtal")),
}
ACTION_LABELS = {
    "agreements.decision.recorded": gettext_lazy("Beslut registrerat"),
    "agreements.decision.changed": gettext_lazy("Beslut ändrat"),
    "agreements.termination.registered": gettext_lazy("Uppsägning registrerad"),
    "agreements.version.created": gettext_lazy("Ny version"),
    "agreements.version.changed": gettext_lazy("Version ändrad"),
}


def _county_ids(request) -> set[int]:
    county_ids = grant_for(request.actor, "agreements.view").county_ids
    if not county_ids:
        raise PermissionDenied
    return county_ids


def _county_id(request) -> int:
    return min(_county_ids(request))


def _may_edit(request, county_id: int) -> bool:
    return county_id in grant_for(request.actor, "agreements.edit").county_ids


def _require_edit(request) -> int:
    county_id = _county_id(request)
    if not _may_edit(request, county_id):
        raise PermissionDenied
    return county_id


def _apply_errors(form, exc: ValidationError) -> None:
    """Service errors onto the form: on the field they name, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def document_list(request):
    county_id = _county_id(request)
    documents = selectors.documents_list(county_id=county_id)
    today = date.today()
    rows = sorted(
        ((d, selectors.version_on(d, today), d.versions.all()) for d in documents),
        key=lambda row: selectors.DISPLAY_KIND_ORDER.index(row[0].kind),
    )
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row[0].get_kind_display(), []).append(row)
    return render(
        request,
        "agreements/document_list.html",
        {"groups": groups, "today": today, "may_edit": _may_edit(request, county_id)},
    )


def _describe(event) -> str:
    """A line of display text for an audit event; the event itself keeps raw values."""
    data = event.data or {}
    after, before = data.get("after") or {}, data.get("before") or {}
    status_label = dict(AdoptionDecision.Status.choices)
    if event.action.startswith("agreements.decision"):
        text = f"{data.get('party', '')}: "
        if before:
            text += f"{status_label.get(before.get('status'), '')} → "
        text += status_label.get(after.get("status"), "")
        if after.get("decision_date"):
            text += f" ({after['decision_date']})"
        if after.get("reference"):
            text += f", {after['reference']}"
        return text
    if event.action.startswith("agreements.termination"):
        return _("%(party)s: uppsägning %(notified)s, upphör efter %(ends)s") % {
            "party": data.get("party", ""),
            "notified": after.get("notified_on", ""),
            "ends": after.get("ends_on", ""),
        }
    if event.action.startswith("agreements.version"):
        text = _("Version %(version)s: gäller från %(start)s") % {
            "version": after.get("version", ""),
            "start": after.get("valid_from", ""),
        }
        if after.get("valid_to"):
            text += _(" till och med %(end)s") % {"end": after["valid_to"]}
        return text
    return event.action


def document_detail(request, code):
    county_ids = _county_ids(request)
    try:
        document = selectors.document_for_county(county_ids=county_ids, code=code)
    except GoverningDocument.DoesNotExist as exc:
        raise Http404 from exc
    history = [
        (event, ACTION_LABELS.get(event.action, event.action), _describe(event))
        for event in selectors.document_history(document=document)
    ]
    decisions = document.decisions.select_related("party").order_by("party__kind", "party__name")
    terminations = document.terminations.select_related("party").order_by("ends_on")
    return render(
        request,
        "agreements/document_detail.html",
        {
            "document": document,
            "current": selectors.version_on(document, date.today()),
            "decisions": decisions,
            "terminations": terminations,
            "history": history,
            "may_edit": _may_edit(request, document.county_id),
        },
    )


def adoption_overview(request):
    county_id = _county_id(request)
    candidates = list(selectors.adoption_documents(county_id=county_id))
    if not candidates:
        raise Http404
    chosen = next((d for d in candidates if d.code == request.GET.get("dokument")), candidates[0])
    overview = selectors.adoption_overview(document=chosen)
    return render(
        request,
        "agreements/overview.html",
        {
            "overview": overview,
            "documents": candidates,
            "today": date.today(),
            "may_edit": _may_edit(request, county_id),
        },
    )


def regime_lookup(request):
    county_id = _county_id(request)
    form = RegimeLookupForm(request.GET or None, county_id=county_id)
    regime = None
    if form.is_bound and form.is_valid():
        regime = selectors.governing_documents_on(
            party=form.cleaned_data["party"], on_date=form.cleaned_data["on_date"]
        )
    tag = BRANCH_TAGS.get(regime.branch) if regime else None
    rows = []
    if regime:
        rows = [(d, selectors.version_on(d, regime.on_date)) for d in regime.documents]
    return render(
        request,
        "agreements/regime.html",
        {"form": form, "regime": regime, "tag": tag, "rows": rows},
    )


def _json_error(message: str, status: int, field: str | None = None) -> JsonResponse:
    body = {"fel": message}
    if field:
        body["falt"] = field
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@login_not_required
def regime_json(request):
    """The regime as JSON (the shape the /api/v1 endpoint will keep); signed-in users only."""
    if not request.user.is_authenticated:
        return _json_error(_("Du måste vara inloggad."), 401)
    county_ids = grant_for(request.actor, "agreements.view").county_ids
    if not county_ids:
        return _json_error(_("Du har inte behörighet att se avtalsregistret."), 403)
    code = request.GET.get("kod", "").strip()
    raw_date = request.GET.get("datum", "").strip()
    if not code:
        return _json_error(_("Ange huvudmannens kod, t.ex. kod=1480."), 400, "kod")
    if "\x00" in code:  # PostgreSQL refuses NUL in text: answer like any bad input
        return _json_error(_("Koden innehåller otillåtna tecken."), 400, "kod")
    party = Party.objects.filter(code=code, county_id__in=county_ids).first()
    if party is None:
        return _json_error(
            _("Det finns ingen huvudman med koden %(code)s.") % {"code": code}, 404, "kod"
        )
    try:
        on_date = date.fromisoformat(raw_date) if len(raw_date) == 10 else None
    except ValueError:
        on_date = None
    if on_date is None:
        return _json_error(
            _("Datumet måste vara ett giltigt datum skrivet ÅÅÅÅ-MM-DD, t.ex. datum=2027-03-01."),
            400,
            "datum",
        )
    regime = selectors.governing_documents_on(party=party, on_date=on_date)
    return JsonResponse(regime.as_dict(), json_dumps_params={"ensure_ascii": False})


def decision_record(request):
    county_id = _require_edit(request)
    initial = {}
    party_id = request.GET.get("huvudman")
    if party_id and party_id.isdigit():
        initial["party"] = party_id
        existing = AdoptionDecision.objects.filter(party_id=party_id).order_by("-pk").first()
        if existing:
            initial.update(
                document=existing.document_id,
                status=existing.status,
                decision_date=existing.decision_date,
                reference=existing.reference,
            )
    form = DecisionForm(request.POST or None, initial=initial, county_id=county_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = adoption_decision_record(
                actor=request.actor,
                party=data["party"],
                document=data["document"],
                status=data["status"],
                decision_date=data["decision_date"],
                reference=data["reference"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Beslutet för %(party)s är sparat: %(status)s.")
                % {"party": decision.party.name, "status": decision.get_status_display()},
            )
            return redirect(reverse("agreements:overview") + f"?dokument={decision.document.code}")
    return render(request, "agreements/decision_form.html", {"form": form})


def termination_create(request):
    county_id = _require_edit(request)
    form = TerminationForm(request.POST or None, county_id=county_id)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                preview = {
                    "party": data["party"],
                    "document": data["document"],
                    "ends_on": termination_end_date(
                        document=data["document"], notified_on=data["notified_on"]
                    ),
                }
            else:
                termination = termination_register(
                    actor=request.actor,
                    party=data["party"],
                    document=data["document"],
                    notified_on=data["notified_on"],
                    reference=data["reference"],
                )
                messages.success(
                    request,
                    _(
                        "Uppsägningen är registrerad: %(document)s upphör att gälla för "
                        "%(party)s efter %(ends)s."
                    )
                    % {
                        "document": termination.document.title,
                        "party": termination.party.name,
                        "ends": termination.ends_on.isoformat(),
                    },
                )
                return redirect("agreements:document", code=termination.document.code)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return render(request, "agreements/termination_form.html", {"form": form, "preview": preview})


def version_edit(request, code, pk=None):
    """Add a version (pk None) or change one; the overlap rule is the service's."""
    county_id = _require_edit(request)
    try:
        document = selectors.document_for_county(county_ids={county_id}, code=code)
    except GoverningDocument.DoesNotExist as exc:
        raise Http404 from exc
    existing = None
    if pk is not None:
        existing = DocumentVersion.objects.filter(document=document, pk=pk).first()
        if existing is None:
            raise Http404
    initial = (
        {name: getattr(existing, name) for name in VersionForm.base_fields} if existing else None
    )
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if existing:
                version = document_version_update(
                    actor=request.actor, version=existing, data=form.cleaned_data
                )
            else:
                version = document_version_create(
                    actor=request.actor, document=document, **form.cleaned_data
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(version)s är sparad.") % {"version": version.version}
            )
            return redirect("agreements:document", code=document.code)
    return render(
        request,
        "agreements/version_form.html",
        {"form": form, "document": document, "existing": existing},
    )
