"""Writes for the registry itself: the shipped reference data, the documents with their
sections (kept in the app by the county administrator, issue 23 item 4) and their versions."""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, DocumentVersion, GoverningDocument
from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import as_actor, grant_for
from samsyn.core.reference_files import reference_file
from samsyn.core.services import fields_set, saved_unless_taken
from samsyn.parties.models import County

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

VERSION_ENDS_BEFORE_START = _("The end date cannot be before the start date.")
VERSION_OVERLAPS = _(
    "The version overlaps version {version} ({start} – {end}) of the same document; versions "
    "of a document may not apply at the same time."
)
VERSION_LABEL_TAKEN = _("The document already has a version {version}.")
DOCUMENT_NOT_YOURS = _("Only the county's administrators keep its governing documents.")
DOCUMENT_CODE_TAKEN = _("The county already has a document with this short code.")
DOCUMENT_PARENT_LOOP = _("A document cannot belong to itself or to a document under it.")
DOCUMENT_PARENT_OTHER_COUNTY = _("Choose one of the county's own documents.")
SECTION_NUMBER_TAKEN = _("The document already has a section with this number.")
# The fields of a document the county administrator changes in the app (its county and short
# code stay: the code is its address and how the trail names it).
DOCUMENT_FIELDS = (
    "kind",
    "title",
    "owner",
    "parent",
    "requires_adoption",
    "notice_period_months",
    "agreement_period_months",
    "prolongation_months",
    "answer_days",
    "adoption_deadline",
    "description",
)
REGISTRY_COUNTY_UNKNOWN = _(
    "There is no county with the code ”{code}”; load the reference data for the parties first."
)
REGISTRY_PARENT_UNKNOWN = _(
    "The document ”{code}” belongs to ”{parent}”, which is not in the file."
)


def _version_check(*, document: GoverningDocument, instance: DocumentVersion) -> None:
    """Versions of one document never overlap in time and never end before they start."""
    if instance.valid_to is not None and instance.valid_to < instance.valid_from:
        raise ValidationError({"valid_to": VERSION_ENDS_BEFORE_START})
    others = document.versions.exclude(pk=instance.pk) if document.pk else []
    for other in others:
        if other.version == instance.version:
            raise ValidationError({"version": VERSION_LABEL_TAKEN.format(version=other.version)})
        starts_before_other_ends = other.valid_to is None or instance.valid_from <= other.valid_to
        ends_after_other_starts = instance.valid_to is None or other.valid_from <= instance.valid_to
        if starts_before_other_ends and ends_after_other_starts:
            raise ValidationError(
                {
                    "valid_from": VERSION_OVERLAPS.format(
                        version=other.version,
                        start=other.valid_from.isoformat(),
                        end=(
                            other.valid_to.isoformat()
                            if other.valid_to
                            else gettext("until further notice")
                        ),
                    )
                }
            )


def _version_data(version: DocumentVersion) -> dict:
    return {
        "version": version.version,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "decided_on": version.decided_on,
        "url": version.url,
    }


@transaction.atomic
def document_version_create(
    *,
    actor,
    document: GoverningDocument,
    version: str,
    valid_from: date,
    valid_to: date | None = None,
    decided_on: date | None = None,
    url: str = "",
) -> DocumentVersion:
    """Add a version; refused if it overlaps another version of the document (DOMAIN.md 1)."""
    instance = DocumentVersion(
        document=document,
        version=version,
        valid_from=valid_from,
        valid_to=valid_to,
        decided_on=decided_on,
        url=url,
    )
    _version_check(document=document, instance=instance)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action="agreements.version.created",
        target=document,
        data={"version_id": instance.pk, "after": _version_data(instance)},
    )
    return instance


@transaction.atomic
def document_version_update(*, actor, version: DocumentVersion, data: dict) -> DocumentVersion:
    """Change a version's label, dates or link; the same overlap rule as on create."""
    instance = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    before = _version_data(instance)
    for name in ("version", "valid_from", "valid_to", "decided_on", "url"):
        if name in data:
            setattr(instance, name, data[name])
    _version_check(document=instance.document, instance=instance)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action="agreements.version.changed",
        target=instance.document,
        data={"version_id": instance.pk, "before": before, "after": _version_data(instance)},
    )
    return instance


def _keeps_documents(actor, county_id) -> None:
    if not (
        getattr(actor.user, "is_superuser", False)
        or county_id in grant_for(actor, "agreements.edit").county_ids
    ):
        raise PermissionDenied(DOCUMENT_NOT_YOURS)


def _document_data(document: GoverningDocument) -> dict:
    """The document's fields as the trail keeps them: ids and ISO dates, the description as
    free text (shown only as changed)."""
    data = {"code": document.code}
    for name in DOCUMENT_FIELDS:
        value = getattr(document, GoverningDocument._meta.get_field(name).attname)
        data["parent_id" if name == "parent" else name] = (
            value.isoformat() if isinstance(value, date) else value
        )
    return data


def _parent_check(document: GoverningDocument, parent) -> None:
    if parent is None:
        return
    if parent.county_id != document.county_id:
        raise ValidationError({"parent": DOCUMENT_PARENT_OTHER_COUNTY})
    ancestor = parent
    while ancestor is not None:  # the chain upward never reaches the document itself
        if document.pk is not None and ancestor.pk == document.pk:
            raise ValidationError({"parent": DOCUMENT_PARENT_LOOP})
        ancestor = ancestor.parent


@transaction.atomic
def document_save(*, actor, document: GoverningDocument, data: dict) -> GoverningDocument:
    """Add a governing document of the county (unsaved `document` with county and code) or
    change one's type, title, owner, parent and rules (agreements.edit in its county). A
    document is never deleted: it stops applying when its last version ends (valid to)."""
    actor = as_actor(actor)
    _keeps_documents(actor, document.county_id)
    adding = document.pk is None
    if adding:
        document.code = (document.code or "").strip()
        taken = GoverningDocument.objects.filter(county_id=document.county_id, code=document.code)
        if document.code and taken.exists():
            raise ValidationError({"code": DOCUMENT_CODE_TAKEN})
    _parent_check(document, data.get("parent"))
    before = {} if adding else _document_data(document)
    fields_set(document, DOCUMENT_FIELDS, data)
    document.full_clean(validate_constraints=False)
    saved_unless_taken(document.save, field="code", message=DOCUMENT_CODE_TAKEN)
    after = _document_data(document)
    if before != after:
        audit_record(
            actor=actor,
            action="agreements.document.created" if adding else "agreements.document.changed",
            target=document,
            data=audit_changes(before=before, after=after, free_text=["description"]),
        )
    return document


@transaction.atomic
def document_section_save(*, actor, section: DocumentSection, number: str, title: str):
    """Add a numbered section to a document (unsaved `section`) or change its number and
    heading (agreements.edit). Sections are never deleted: deviations cite them."""
    actor = as_actor(actor)
    document = section.document
    _keeps_documents(actor, document.county_id)
    number, title = (number or "").strip(), (title or "").strip()
    others = DocumentSection.objects.filter(document=document, number=number)
    if others.exclude(pk=section.pk).exists():
        raise ValidationError({"number": SECTION_NUMBER_TAKEN})
    adding = section.pk is None
    before = {} if adding else {"number": section.number, "title": section.title}
    section.number, section.title = number, title
    section.full_clean(validate_constraints=False)
    saved_unless_taken(section.save, field="number", message=SECTION_NUMBER_TAKEN)
    after = {"number": section.number, "title": section.title}
    if before != after:
        audit_record(
            actor=actor,
            action="agreements.section.added" if adding else "agreements.section.changed",
            target=document,
            data={"section_id": section.pk, **audit_changes(before=before, after=after)},
        )
    return section


def agreement_registry_file(name: str) -> dict:
    """A registry file by name in agreements/reference/ or by path."""
    return reference_file(name, directory=REFERENCE_DIR)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def agreement_registry_load(*, data: dict) -> dict[str, int]:
    """Load a county's governing documents, versions and sections; idempotent (same rows twice).

    Rows are matched on (county, code), (document, version) and (document, number); one
    transaction, so a bad file saves nothing. Decisions and terminations are never touched.
    """
    try:
        county = County.objects.get(code=data["county"])
    except County.DoesNotExist as exc:
        raise ValidationError(REGISTRY_COUNTY_UNKNOWN.format(code=data["county"])) from exc
    codes = {doc["code"] for doc in data["documents"]}
    documents: dict[str, GoverningDocument] = {}
    # Parents first, so a child's parent exists when the child is saved.
    ordered = sorted(data["documents"], key=lambda doc: doc.get("parent") is not None)
    for doc in ordered:
        parent_code = doc.get("parent")
        if parent_code and parent_code not in codes:
            raise ValidationError(
                REGISTRY_PARENT_UNKNOWN.format(code=doc["code"], parent=parent_code)
            )
        document = GoverningDocument.objects.filter(county=county, code=doc["code"]).first()
        document = document or GoverningDocument(county=county, code=doc["code"])
        document.kind = doc["kind"]
        document.title = doc["title"]
        document.owner = doc.get("owner", "")
        document.parent = documents.get(parent_code) if parent_code else None
        document.requires_adoption = doc.get("requires_adoption", False)
        document.notice_period_months = doc.get("notice_period_months")
        document.agreement_period_months = doc.get("agreement_period_months")
        document.prolongation_months = doc.get("prolongation_months")
        document.adoption_deadline = _parse_date(doc.get("adoption_deadline"))
        document.description = doc.get("description", "")
        document.full_clean()
        document.save()
        documents[doc["code"]] = document
        for ver in doc.get("versions", []):
            instance = DocumentVersion.objects.filter(
                document=document, version=ver["version"]
            ).first() or DocumentVersion(document=document, version=ver["version"])
            instance.valid_from = _parse_date(ver["valid_from"])
            instance.valid_to = _parse_date(ver.get("valid_to"))
            instance.decided_on = _parse_date(ver.get("decided_on"))
            instance.url = ver.get("url", "")
            _version_check(document=document, instance=instance)
            instance.full_clean()
            instance.save()
        for sec in doc.get("sections", []):
            DocumentSection.objects.update_or_create(
                document=document, number=sec["number"], defaults={"title": sec["title"]}
            )
    return {
        "documents": GoverningDocument.objects.filter(county=county).count(),
        "versions": DocumentVersion.objects.filter(document__county=county).count(),
        "sections": DocumentSection.objects.filter(document__county=county).count(),
    }
