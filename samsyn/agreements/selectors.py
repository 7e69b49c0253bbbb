"""Reads of the agreement registry; the regime rule lives here (DOMAIN.md section 1, seed 001).

The registry is public within the county (permission agreements.view), so these reads are
not filtered per actor beyond the county.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db import models
from django.db.models import Prefetch, QuerySet

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.parties.models import CareProvider, County, Party

Kind = GoverningDocument.Kind
# What governs a municipality and the region without an adopted agreement (seed 001).
FALLBACK_KINDS = (Kind.REGION_FORMATION_AGREEMENT, Kind.PRIMARY_CARE_AGREEMENT, Kind.LAW)
COUNTY_WIDE_KINDS = (Kind.GUIDELINE, Kind.ROUTINE)
DISPLAY_KIND_ORDER = (
    Kind.AGREEMENT,
    Kind.SUB_AGREEMENT,
    Kind.GUIDELINE,
    Kind.ROUTINE,
    *FALLBACK_KINDS,
)


def _versions() -> Prefetch:
    return Prefetch("versions", queryset=DocumentVersion.objects.order_by("valid_from"))


class Branch(StrEnum):
    """Which branch of the regime rule gave the answer."""

    AGREEMENT = "agreement"  # adopted by both parties and in force
    PREVIOUS_AGREEMENT = "previous_agreement"  # the date is before a newer agreement starts
    NOT_APPROVED = "not_approved"  # the party rejected or has not decided
    REGION_NOT_APPROVED = "region_not_approved"  # the regional council has not approved
    TERMINATED = "terminated"  # the party terminated and the end date has passed
    NO_AGREEMENT = "no_agreement"  # no agreement was in force on the date


@dataclass
class Regime:
    """What governs the relationship between a party and the region of its county on a date."""

    party: Party
    on_date: date
    branch: Branch
    reason: str
    documents: list[GoverningDocument] = field(default_factory=list)
    agreement: GoverningDocument | None = None
    ended: list[tuple[GoverningDocument, Termination]] = field(default_factory=list)

    @property
    def document_ids(self) -> set[int]:
        return {d.pk for d in self.documents}

    def as_dict(self) -> dict:
        """The shape of the JSON view (and of the API later)."""
        return {
            "party": {"code": self.party.code, "name": self.party.name, "kind": self.party.kind},
            "date": self.on_date.isoformat(),
            "branch": self.branch.value,
            "reason": self.reason,
            "documents": [
                {
                    "code": d.code,
                    "title": d.title,
                    "kind": d.kind,
                    "parent": d.parent.code if d.parent_id else None,
                    "version": (v.version if (v := version_on(d, self.on_date)) else None),
                }
                for d in self.documents
            ],
        }


def version_on(document: GoverningDocument, on_date: date) -> DocumentVersion | None:
    """The version of the document in force on the date (versions never overlap)."""
    for version in document.versions.all():
        ends = version.valid_to
        if version.valid_from <= on_date and (ends is None or on_date <= ends):
            return version
    return None


def _first_start(document: GoverningDocument) -> date | None:
    starts = [v.valid_from for v in document.versions.all()]
    return min(starts) if starts else None


def documents_of_county(*, county_id: int) -> list[GoverningDocument]:
    return list(
        GoverningDocument.objects.filter(county_id=county_id)
        .select_related("parent")
        .prefetch_related(_versions())
    )


def _titles(documents: list[GoverningDocument]) -> str:
    """ "A, inklusive B, och C": a document named with the parts that belong to it."""
    ids = {d.pk for d in documents}
    titles = []
    for d in documents:
        if d.parent_id in ids:
            continue
        parts = [c.title for c in documents if c.parent_id == d.pk]
        titles.append(d.title + "".join(f", inklusive {p}," for p in parts))
    if len(titles) <= 1:
        return "".join(titles).rstrip(",") or "inget registrerat dokument"
    return ", ".join(titles[:-1]) + " och " + titles[-1].rstrip(",")


def _decision_text(decision: AdoptionDecision | None) -> str:
    if decision is None or decision.status == AdoptionDecision.Status.PENDING:
        return "inte fattat beslut om"
    return "inte godkänt"


def governing_documents_on(*, party: Party, on_date: date) -> Regime:
    """Which documents govern `party` and the region of its county on `on_date` (DOMAIN.md 1).

    Approved by both and in force: the agreement, its sub-agreements not terminated, the
    county-wide guidelines and routines in force. Not approved, or terminated and past the end
    date: only Regionbildningsavtalet incl. Primärvårdsavtalet and HSL (seed 001). Before a newer
    agreement starts: what was in force then. The region is bound by what it approved itself.
    Everything comes from rows (dates, kinds, decisions); nothing is hard-coded.
    """
    docs = documents_of_county(county_id=party.county_id)
    in_force = [d for d in docs if version_on(d, on_date) is not None]
    fallback = sorted(
        (d for d in in_force if d.kind in FALLBACK_KINDS),
        key=lambda d: FALLBACK_KINDS.index(d.kind),
    )
    fallback_text = "endast " + _titles(fallback) + " gäller"
    agreements = sorted(
        (d for d in in_force if d.kind == Kind.AGREEMENT),
        key=lambda d: version_on(d, on_date).valid_from,
        reverse=True,
    )
    day = on_date.isoformat()

    def regime(branch, reason, documents, agreement=None, ended=()):
        return Regime(party, on_date, branch, reason, documents, agreement, list(ended))

    if not agreements:
        return regime(
            Branch.NO_AGREEMENT,
            f"Inget hälso- och sjukvårdsavtal gällde den {day} – {fallback_text}.",
            fallback,
        )
    agreement = agreements[0]
    region = Party.objects.get(county_id=party.county_id, kind=Party.Kind.REGION)
    decisions = {
        (d.party_id, d.document_id): d
        for d in AdoptionDecision.objects.filter(party__in={party.pk, region.pk})
    }
    terminations = {t.document_id: t for t in Termination.objects.filter(party=party)}

    def approved(who: Party, document: GoverningDocument) -> bool:
        decision = decisions.get((who.pk, document.pk))
        return bool(
            decision
            and decision.status == AdoptionDecision.Status.APPROVED
            and decision.decision_date <= on_date
        )

    def ended(document: GoverningDocument) -> Termination | None:
        termination = terminations.get(document.pk)
        return termination if termination and termination.ends_on < on_date else None

    if agreement.requires_adoption:
        if not party.is_region and not approved(region, agreement):
            return regime(
                Branch.REGION_NOT_APPROVED,
                f"Regionfullmäktige i {region.name} har inte godkänt {agreement.title} – "
                f"{fallback_text}.",
                fallback,
                agreement,
            )
        if not approved(party, agreement):
            decision = decisions.get((party.pk, agreement.pk))
            if decision and decision.status == AdoptionDecision.Status.APPROVED:
                what = f"godkände avtalet först {decision.decision_date.isoformat()}"
            elif decision and decision.decision_date:
                what = f"har inte godkänt avtalet (beslut {decision.decision_date.isoformat()})"
            else:
                what = "har inte fattat beslut om avtalet"
            return regime(
                Branch.NOT_APPROVED, f"{party.name} {what} – {fallback_text}.", fallback, agreement
            )
    termination = ended(agreement)
    if termination:
        return regime(
            Branch.TERMINATED,
            f"{party.name} sade upp avtalet {termination.notified_on.isoformat()}; det gällde "
            f"till och med {termination.ends_on.isoformat()} – {fallback_text}.",
            fallback,
            agreement,
            [(agreement, termination)],
        )

    children, ended_children = [], []
    for child in in_force:
        if child.parent_id != agreement.pk:
            continue
        if (t := ended(child)) is not None:
            ended_children.append((child, t))
        elif not child.requires_adoption or approved(party, child):
            children.append(child)
    county_wide = [d for d in in_force if d.kind in COUNTY_WIDE_KINDS]
    documents = [agreement, *children, *county_wide, *fallback]

    newer = [
        d
        for d in docs
        if d.kind == Kind.AGREEMENT and (start := _first_start(d)) is not None and start > on_date
    ]
    if newer:
        newer.sort(key=_first_start)
        reason = (
            f"Den {day} gällde {agreement.title}; {newer[0].title} gäller först från "
            f"{_first_start(newer[0]).isoformat()}."
        )
        branch = Branch.PREVIOUS_AGREEMENT
    else:
        if agreement.requires_adoption:
            decision = decisions[(party.pk, agreement.pk)]
            reason = (
                f"{party.name} har godkänt avtalet (beslut {decision.decision_date.isoformat()}) – "
                f"{agreement.title} gäller med överenskommelser och länsgemensamma styrdokument."
            )
        else:
            reason = f"{agreement.title} gäller."
        branch = Branch.AGREEMENT
    for child, t in ended_children:
        reason += (
            f" {party.name} har sagt upp {child.title}; den gällde till och med "
            f"{t.ends_on.isoformat()}."
        )
    return regime(branch, reason, documents, agreement, ended_children)


def document_in_force(*, document: GoverningDocument, on_date: date) -> bool:
    return (
        DocumentVersion.objects.filter(document=document, valid_from__lte=on_date)
        .exclude(valid_to__lt=on_date)
        .exists()
    )


def document_governs(
    *,
    document: GoverningDocument,
    provider_a: CareProvider,
    provider_b: CareProvider,
    on_date: date,
) -> tuple[bool, str]:
    """Did the document govern these two care providers on the date? (DOMAIN.md 1, deviations)

    A municipality's provider: the document must govern that municipality's relation with the
    region (both municipalities when both are). Two providers of the region: a county-wide
    document in force, or what the region itself approved. (True, "") or (False, Swedish reason).
    """
    day = on_date.isoformat()
    parties = [provider_a.party, provider_b.party]
    if any(p.county_id != document.county_id for p in parties):
        return False, f"{document.title} gäller inte i det län som vårdgivarna hör till."
    if not document_in_force(document=document, on_date=on_date):
        return False, f"{document.title} gällde inte den {day}."
    municipalities = list({p.pk: p for p in parties if not p.is_region}.values())
    if not municipalities:
        if document.kind in (*COUNTY_WIDE_KINDS, *FALLBACK_KINDS):
            return True, ""
        regime = governing_documents_on(party=parties[0], on_date=on_date)
        if document.pk in regime.document_ids:
            return True, ""
        return False, (
            f"{document.title} gällde inte för regionens vårdgivare den {day}: {regime.reason}"
        )
    for party in municipalities:
        regime = governing_documents_on(party=party, on_date=on_date)
        if document.pk not in regime.document_ids:
            return False, (
                f"{document.title} gällde inte mellan {party.name} och regionen den {day}: "
                f"{regime.reason}"
            )
    return True, ""


def documents_for_citation(*, county: County | int) -> QuerySet[GoverningDocument]:
    """Documents that have numbered sections, with the sections, for a select list of citations."""
    county_id = county.pk if isinstance(county, County) else county
    return (
        GoverningDocument.objects.filter(county_id=county_id, sections__isnull=False)
        .distinct()
        .select_related("parent")
        .prefetch_related(
            Prefetch("sections", queryset=DocumentSection.objects.order_by("number")),
            _versions(),
        )
        .order_by("kind", "title")
    )


def documents_list(*, county_id: int) -> QuerySet[GoverningDocument]:
    """The registry as listed on the document page, parents before children."""
    return (
        GoverningDocument.objects.filter(county_id=county_id)
        .select_related("parent")
        .prefetch_related(_versions())
        .order_by("kind", "title")
    )


def document_for_county(*, county_ids: set[int], code: str) -> GoverningDocument:
    """One document of the actor's counties, by code; others raise DoesNotExist (a 404)."""
    if "\x00" in code:  # PostgreSQL refuses NUL in text: no such document, not a 500
        raise GoverningDocument.DoesNotExist
    return (
        GoverningDocument.objects.select_related("parent", "county")
        .prefetch_related(
            _versions(),
            Prefetch("sections", queryset=DocumentSection.objects.order_by("number")),
            "children",
        )
        .get(county_id__in=county_ids, code=code)
    )


def adoption_documents(*, county_id: int) -> QuerySet[GoverningDocument]:
    """Documents every party decides on, newest first (the 2027 agreement)."""
    return (
        GoverningDocument.objects.filter(county_id=county_id, requires_adoption=True)
        .prefetch_related(_versions())
        .order_by("-adoption_deadline", "title")
    )


@dataclass
class AdoptionCount:
    label: str
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    undecided: int = 0  # no decision registered at all

    @property
    def not_decided(self) -> int:
        return self.pending + self.undecided

    @property
    def total(self) -> int:
        return self.approved + self.rejected + self.pending + self.undecided

    def add(self, decision: AdoptionDecision | None) -> None:
        if decision is None:
            self.undecided += 1
        else:
            setattr(self, decision.status, getattr(self, decision.status) + 1)


@dataclass
class AdoptionOverview:
    document: GoverningDocument
    total: AdoptionCount
    by_sub_region: list[AdoptionCount]
    waiting: list[tuple[Party, AdoptionDecision | None]]
    rejected: list[tuple[Party, AdoptionDecision]]
    terminations: list[Termination]


def adoption_overview(*, document: GoverningDocument) -> AdoptionOverview:
    """Beslutsläge: approved, rejected and pending per sub-region, and who has not decided."""
    decisions = {d.party_id: d for d in document.decisions.all()}
    parties = Party.objects.filter(county_id=document.county_id).select_related("sub_region")
    total = AdoptionCount(label="Totalt")
    groups: dict[str, AdoptionCount] = {}
    waiting, rejected = [], []
    for who in parties.order_by("sub_region__name", "name"):
        label = "Regionen" if who.is_region else who.sub_region.name
        decision = decisions.get(who.pk)
        total.add(decision)
        groups.setdefault(label, AdoptionCount(label=label)).add(decision)
        if decision is None or decision.status == AdoptionDecision.Status.PENDING:
            waiting.append((who, decision))
        elif decision.status == AdoptionDecision.Status.REJECTED:
            rejected.append((who, decision))
    terminations = list(
        Termination.objects.filter(document__in=[document, *document.children.all()])
        .select_related("party", "document")
        .order_by("ends_on", "party__name")
    )
    return AdoptionOverview(
        document=document,
        total=total,
        by_sub_region=sorted(groups.values(), key=lambda g: (g.label == "Regionen", g.label)),
        waiting=sorted(waiting, key=lambda pair: pair[0].name),
        rejected=sorted(rejected, key=lambda pair: pair[0].name),
        terminations=terminations,
    )


def document_history(*, document: GoverningDocument) -> list:
    """The audit trail of a document, its decisions and its terminations, newest first."""
    from samsyn.audit.models import AuditEvent

    decision_ids = [str(pk) for pk in document.decisions.values_list("pk", flat=True)]
    termination_ids = [str(pk) for pk in document.terminations.values_list("pk", flat=True)]
    return list(
        AuditEvent.objects.filter(
            models.Q(object_type=GoverningDocument._meta.label_lower, object_id=str(document.pk))
            | models.Q(object_type=AdoptionDecision._meta.label_lower, object_id__in=decision_ids)
            | models.Q(object_type=Termination._meta.label_lower, object_id__in=termination_ids)
        ).order_by("-id")[:200]
    )


def decision_history(*, decision: AdoptionDecision) -> list:
    from samsyn.audit.selectors import audit_events_for

    return list(audit_events_for(target=decision))
