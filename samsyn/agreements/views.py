"""Pages of the agreement registry: everyone in the county reads, county administrators edit."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.agreements import selectors
from samsyn.agreements.forms import (
    DecisionForm,
    DocumentForm,
    RegimeLookupForm,
    SectionForm,
    TerminationForm,
    VersionForm,
)
from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
)
from samsyn.agreements.services import (
    adoption_decision_record,
    document_save,
    document_section_save,
    document_version_create,
    document_version_update,
    termination_preview,
    termination_register,
)
from samsyn.audit.display import action_label
from samsyn.core.access import grant_for
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.ids import id_param
from samsyn.parties.models import Party

BRANCH_TAGS = {
    selectors.Branch.AGREEMENT: ("done", gettext_lazy("The agreement applies")),
    selectors.Branch.PREVIOUS_AGREEMENT: ("done", gettext_lazy("An earlier agreement applies")),
    selectors.Branch.NOT_APPROVED: ("serious", gettext_lazy("The agreement is not approved")),
    selectors.Branch.REGION_NOT_APPROVED: (
        "serious",
        gettext_lazy("The region has not approved"),
    ),
    selectors.Branch.TERMINATED: ("serious", gettext_lazy("The agreement is terminated")),
    selectors.Branch.NO_AGREEMENT: ("warning", gettext_lazy("No agreement")),
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


def _describe(event, party_names: dict[str, str]) -> str:
    """A line of display text for an audit event; the event itself keeps raw values (party
    codes), shown here by the party's name."""
    data = event.data or {}
    after, before = data.get("after") or {}, data.get("before") or {}
    status_label = dict(AdoptionDecision.Status.choices)
    party = party_names.get(data.get("party", ""), data.get("party", ""))
    if event.action.startswith("agreements.decision"):
        text = status_label.get(after.get("status"), "")
        if before:
            text = f"{status_label.get(before.get('status'), '')} → {text}"
        if after.get("decision_date"):
            text += f" ({after['decision_date']})"
        if after.get("reference"):
            text += f", {after['reference']}"
        return f"{party}: {text}"
    if event.action.startswith("agreements.termination"):
        return _("{party}: notice of termination {notified}, ceases to apply after {ends}").format(
            party=party, notified=after.get("notified_on", ""), ends=after.get("ends_on", "")
        )
    if event.action.startswith("agreements.version"):
        if after.get("valid_to"):
            return _("Version {version}: valid from {start} up to and including {end}").format(
                version=after.get("version", ""),
                start=after.get("valid_from", ""),
                end=after["valid_to"],
            )
        return _("Version {version}: valid from {start}").format(
            version=after.get("version", ""), start=after.get("valid_from", "")
        )
    return action_label(event.action)


def document_detail(request, code):
    county_ids = _county_ids(request)
    try:
        document = selectors.document_for_county(county_ids=county_ids, code=code)
    except GoverningDocument.DoesNotExist as exc:
        raise Http404 from exc
    events = selectors.document_history(document=document)
    codes = {(e.data or {}).get("party") for e in events} - {None}
    party_names = dict(Party.objects.filter(code__in=codes).values_list("code", "name"))
    history = [
        (event, action_label(event.action), _describe(event, party_names)) for event in events
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
        status=form_status(form),
    )


@login_not_required
def regime_json(request):
    """The old JSON lookup: it moved to the API (kod → party, datum → date)."""
    query = urlencode({"party": request.GET.get("kod", ""), "date": request.GET.get("datum", "")})
    return redirect(f"/api/v1/governing?{query}", permanent=True)


def decision_record(request):
    county_id = _require_edit(request)
    initial = {}
    party_id = id_param(request.GET, "huvudman")
    if party_id is not None:
        initial["party"] = party_id
        existing = AdoptionDecision.objects.filter(party_id=party_id).order_by("-pk").first()
        if existing:
            initial.update(
                document=existing.document_id,
                status=existing.status,
                decision_date=existing.decision_date,
                reference=existing.reference,
            )
    form = DecisionForm(posted(request), initial=initial, county_id=county_id)
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
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The decision of {party} is saved: {status}.").format(
                    party=decision.party.name, status=decision.get_status_display()
                ),
            )
            return redirect(reverse("agreements:overview") + f"?dokument={decision.document.code}")
    return render(
        request, "agreements/decision_form.html", {"form": form}, status=form_status(form)
    )


def termination_create(request):
    county_id = _require_edit(request)
    form = TerminationForm(posted(request), county_id=county_id)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                preview = {
                    "party": data["party"],
                    "document": data["document"],
                    "ends_on": termination_preview(
                        party=data["party"],
                        document=data["document"],
                        notified_on=data["notified_on"],
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
                        "The termination is registered: {document} ceases to apply to {party} "
                        "after {ends}."
                    ).format(
                        document=termination.document.title,
                        party=termination.party.name,
                        ends=termination.ends_on.isoformat(),
                    ),
                )
                return redirect("agreements:document", code=termination.document.code)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
    return render(
        request,
        "agreements/termination_form.html",
        {"form": form, "preview": preview},
        status=form_status(form),
    )


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
    form = VersionForm(posted(request), initial=initial)
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
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Version {version} is saved.").format(version=version.version)
            )
            return redirect("agreements:document", code=document.code)
    return render(
        request,
        "agreements/version_form.html",
        {"form": form, "document": document, "existing": existing},
        status=form_status(form),
    )


def _document_to_edit(request, code) -> GoverningDocument:
    county_id = _require_edit(request)
    try:
        return selectors.document_for_county(county_ids={county_id}, code=code)
    except GoverningDocument.DoesNotExist as exc:
        raise Http404 from exc


def document_edit(request, code=None):
    """Add a governing document of the county (no code) or change one's type, title, owner,
    parent and rules (issue 23 item 4). A document stops applying when its last version ends;
    it is never deleted."""
    if code is None:
        document = GoverningDocument(county_id=_require_edit(request))
        initial = None
    else:
        document = _document_to_edit(request, code)
        initial = {name: getattr(document, name) for name in DocumentForm.base_fields}
    form = DocumentForm(
        posted(request), initial=initial, county_id=document.county_id, document=document
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if document.pk is None:
            document.code = data.pop("code")
        try:
            document = document_save(actor=request.actor, document=document, data=data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if document.pk:
                document.refresh_from_db()
        else:
            messages.success(request, _("“{title}” is saved.").format(title=document.title))
            return redirect("agreements:document", code=document.code)
    return render(
        request,
        "agreements/document_form.html",
        {"form": form, "document": document},
        status=form_status(form),
    )


def section_edit(request, code, pk=None):
    """Add a numbered section to a document (no pk) or change its number and heading."""
    document = _document_to_edit(request, code)
    if pk is not None:
        section = DocumentSection.objects.filter(document=document, pk=pk).first()
        if section is None:
            raise Http404
        initial = {"number": section.number, "title": section.title}
    else:
        section, initial = DocumentSection(document=document), None
    form = SectionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document_section_save(actor=request.actor, section=section, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
            if section.pk:
                section.refresh_from_db()
        else:
            messages.success(request, _("Section {number} is saved.").format(number=section.number))
            return redirect(
                f"{reverse('agreements:document', args=[document.code])}#sections-title"
            )
    return render(
        request,
        "agreements/section_form.html",
        {"form": form, "document": document, "section": section},
        status=form_status(form),
    )
