"""Reads of the agreement registry; the regime rule lives here (DOMAIN.md section 1, the joint
steering group's meeting notes of 2025-08-12).

The registry is public within the county (permission agreements.view), so these reads are
not filtered per actor beyond the county.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.audit.models import AuditEvent
from samsyn.parties.models import CareProvider, County, Party

Kind = GoverningDocument.Kind
# What governs a municipality and the region without an adopted agreement (the steering
# group's notes of 2025-08-12).
FALLBACK_KINDS = (Kind.REGION_FORMATION_AGREEMENT, Kind.PRIMARY_CARE_AGREEMENT, Kind.LAW)
COUNTY_WIDE_KINDS = (Kind.GUIDELINE, Kind.ROUTINE)
# Made between the region and each municipality, one by one (the same notes: the agreement
# "upphör att gälla mellan den aktuella kommunen och VGR"): they bind no two municipalities to
# each other. County-wide guidelines and routines, and the law, bind every care provider.
REGION_AND_MUNICIPALITY_KINDS = (
    Kind.AGREEMENT,
    Kind.SUB_AGREEMENT,
    Kind.REGION_FORMATION_AGREEMENT,
    Kind.PRIMARY_CARE_AGREEMENT,
)
PAIR_OTHER_COUNTY = _("{document} does not apply in the county the parties belong to.")
PAIR_NOT_BOUND = _(
    "{document} applies between the region and each municipality on its own, not between two "
    "municipalities: it does not bind {party_a} and {party_b} to each other."
)
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


# ---------------------------------------------------------------- the regime rule: the decision


@dataclass
class RegimeFacts:
    """What the regime rule decided and the facts behind it, before they are put into words."""

    party: Party
    on_date: date
    branch: Branch
    documents: list[GoverningDocument]
    fallback: list[GoverningDocument]
    agreement: GoverningDocument | None = None
    # The terminated parts: the agreement itself (TERMINATED) or sub-agreements.
    ended: list[tuple[GoverningDocument, Termination]] = field(default_factory=list)
    region: Party | None = None
    decision: AdoptionDecision | None = None  # the party's decision on the agreement
    newer: GoverningDocument | None = None  # an agreement that starts after the date


@dataclass
class _Adoption:
    """The decisions and terminations of a party and its region, judged on one date."""

    on_date: date
    decisions: dict[tuple[int, int], AdoptionDecision]
    terminations: dict[int, Termination]

    @classmethod
    def of(cls, *, party: Party, region: Party, on_date: date) -> "_Adoption":
        return cls(
            on_date=on_date,
            decisions={
                (d.party_id, d.document_id): d
                for d in AdoptionDecision.objects.filter(party__in={party.pk, region.pk})
            },
            terminations={t.document_id: t for t in Termination.objects.filter(party=party)},
        )

    def decision(self, who: Party, document: GoverningDocument) -> AdoptionDecision | None:
        return self.decisions.get((who.pk, document.pk))

    def approved(self, who: Party, document: GoverningDocument) -> bool:
        decision = self.decision(who, document)
        return bool(
            decision
            and decision.status == AdoptionDecision.Status.APPROVED
            and decision.decision_date <= self.on_date
        )

    def ended(self, document: GoverningDocument) -> Termination | None:
        termination = self.terminations.get(document.pk)
        return termination if termination and termination.ends_on < self.on_date else None


def regime_decide(
    *,
    party: Party,
    on_date: date,
    documents: list[GoverningDocument] | None = None,
    region: Party | None = None,
) -> RegimeFacts:
    """The regime rule itself (DOMAIN.md 1): which branch applies and which documents govern.

    Approved by both and in force: the agreement, its sub-agreements not terminated, the
    county-wide guidelines and routines in force. Not approved, or terminated and past the end
    date: only Regionbildningsavtalet incl. Primärvårdsavtalet and HSL (the steering group's
    notes of 2025-08-12). Before a newer agreement starts: what was in force then. The region
    is bound by what it approved itself. Everything comes from rows; nothing is hard-coded.
    `documents` (`documents_of_county`) and `region` when the caller has read them already.
    """
    docs = documents if documents is not None else documents_of_county(county_id=party.county_id)
    in_force = [d for d in docs if version_on(d, on_date) is not None]
    fallback = sorted(
        (d for d in in_force if d.kind in FALLBACK_KINDS),
        key=lambda d: FALLBACK_KINDS.index(d.kind),
    )
    facts = RegimeFacts(party, on_date, Branch.NO_AGREEMENT, fallback, fallback)
    agreements = sorted(
        (d for d in in_force if d.kind == Kind.AGREEMENT),
        key=lambda d: version_on(d, on_date).valid_from,
        reverse=True,
    )
    if not agreements:
        return facts
    facts.agreement = agreement = agreements[0]
    facts.region = region or Party.objects.get(county_id=party.county_id, kind=Party.Kind.REGION)
    adoption = _Adoption.of(party=party, region=facts.region, on_date=on_date)
    facts.decision = adoption.decision(party, agreement)
    if agreement.requires_adoption:
        if not party.is_region and not adoption.approved(facts.region, agreement):
            facts.branch = Branch.REGION_NOT_APPROVED
            return facts
        if not adoption.approved(party, agreement):
            facts.branch = Branch.NOT_APPROVED
            return facts
    termination = adoption.ended(agreement)
    if termination:
        facts.branch, facts.ended = Branch.TERMINATED, [(agreement, termination)]
        return facts
    children = []
    for child in in_force:
        if child.parent_id != agreement.pk:
            continue
        if (ended := adoption.ended(child)) is not None:
            facts.ended.append((child, ended))
        elif not child.requires_adoption or adoption.approved(party, child):
            children.append(child)
    county_wide = [d for d in in_force if d.kind in COUNTY_WIDE_KINDS]
    facts.documents = [agreement, *children, *county_wide, *fallback]
    newer = [
        d
        for d in docs
        if d.kind == Kind.AGREEMENT and (start := _first_start(d)) is not None and start > on_date
    ]
    facts.newer = min(newer, key=_first_start) if newer else None
    facts.branch = Branch.PREVIOUS_AGREEMENT if facts.newer else Branch.AGREEMENT
    return facts


# ---------------------------------------------------------------- the regime rule: in words


def _titles(documents: list[GoverningDocument]) -> str:
    """ "A, including B, and C": the documents named with the parts that belong to them."""
    ids = {d.pk for d in documents}
    titles = []
    for d in documents:
        if d.parent_id in ids:
            continue
        title = d.title
        for part in (c.title for c in documents if c.parent_id == d.pk):
            title = gettext("{title}, including {part},").format(title=title, part=part)
        titles.append(title)
    if not titles:
        return gettext("no registered document")
    if len(titles) == 1:
        return titles[0].rstrip(",")
    return gettext("{first} and {last}").format(
        first=", ".join(titles[:-1]), last=titles[-1].rstrip(",")
    )


def _not_approved_reason(facts: RegimeFacts, fallback: str) -> str:
    decision, party = facts.decision, facts.party.name
    if decision and decision.status == AdoptionDecision.Status.APPROVED:
        text = gettext("{party} approved the agreement only on {day} – {fallback}.")
    elif decision and decision.decision_date:
        text = gettext("{party} has not approved the agreement (decision {day}) – {fallback}.")
    else:
        text = gettext("{party} has not decided on the agreement – {fallback}.")
    day = decision.decision_date.isoformat() if decision and decision.decision_date else ""
    return text.format(party=party, day=day, fallback=fallback)


def _agreement_reason(facts: RegimeFacts) -> str:
    agreement = facts.agreement
    if facts.branch is Branch.PREVIOUS_AGREEMENT:
        return gettext("On {day}, {agreement} applied; {newer} applies only from {start}.").format(
            day=facts.on_date.isoformat(),
            agreement=agreement.title,
            newer=facts.newer.title,
            start=_first_start(facts.newer).isoformat(),
        )
    if not agreement.requires_adoption:
        return gettext("{agreement} applies.").format(agreement=agreement.title)
    return gettext(
        "{party} has approved the agreement (decision {day}) – {agreement} applies with its "
        "sub-agreements and the county-wide governing documents."
    ).format(
        party=facts.party.name,
        day=facts.decision.decision_date.isoformat(),
        agreement=agreement.title,
    )


def regime_reason(facts: RegimeFacts) -> str:
    """Why the rule answered as it did, in the reader's language."""
    fallback = gettext("only {titles} apply").format(titles=_titles(facts.fallback))
    party = facts.party.name
    if facts.branch is Branch.NO_AGREEMENT:
        return gettext(
            "No health and medical care agreement applied on {day} – {fallback}."
        ).format(day=facts.on_date.isoformat(), fallback=fallback)
    if facts.branch is Branch.REGION_NOT_APPROVED:
        return gettext(
            "The regional council of {region} has not approved {agreement} – {fallback}."
        ).format(region=facts.region.name, agreement=facts.agreement.title, fallback=fallback)
    if facts.branch is Branch.NOT_APPROVED:
        return _not_approved_reason(facts, fallback)
    if facts.branch is Branch.TERMINATED:
        termination = facts.ended[0][1]
        return gettext(
            "{party} terminated the agreement on {notified}; it applied up to and including "
            "{ends} – {fallback}."
        ).format(
            party=party,
            notified=termination.notified_on.isoformat(),
            ends=termination.ends_on.isoformat(),
            fallback=fallback,
        )
    reason = _agreement_reason(facts)
    for child, termination in facts.ended:
        reason += " " + gettext(
            "{party} has terminated {document}; it applied up to and including {ends}."
        ).format(party=party, document=child.title, ends=termination.ends_on.isoformat())
    return reason


def governing_documents_on(
    *,
    party: Party,
    on_date: date,
    documents: list[GoverningDocument] | None = None,
    region: Party | None = None,
) -> Regime:
    """Which documents govern `party` and the region of its county on `on_date`, and why
    (DOMAIN.md 1): the rule's decision (`regime_decide`) with its reason in words."""
    facts = regime_decide(party=party, on_date=on_date, documents=documents, region=region)
    agreement = facts.agreement if facts.branch is not Branch.NO_AGREEMENT else None
    return Regime(
        party=party,
        on_date=on_date,
        branch=facts.branch,
        reason=regime_reason(facts),
        documents=facts.documents,
        agreement=agreement,
        ended=facts.ended,
    )


def document_in_force(*, document: GoverningDocument, on_date: date) -> bool:
    return (
        DocumentVersion.objects.filter(document=document, valid_from__lte=on_date)
        .exclude(valid_to__lt=on_date)
        .exists()
    )


def document_binds_pair(
    *, document: GoverningDocument, party_a: Party, party_b: Party
) -> tuple[bool, str]:
    """Can the document bind these two parties to each other at all, whatever the date?
    (docs/decisions/0007)

    The agreement, its sub-agreements, Regionbildningsavtalet and Primärvårdsavtalet bind
    the region and each municipality, not two municipalities to each other; county-wide
    guidelines, routines and the law bind every party of the county. Deviations and
    disagreements both ask here. (True, "") or (False, the reason in words).
    """
    if party_a.county_id != document.county_id or party_b.county_id != document.county_id:
        return False, PAIR_OTHER_COUNTY.format(document=document.title)
    if (
        document.kind in REGION_AND_MUNICIPALITY_KINDS
        and party_a.pk != party_b.pk
        and not party_a.is_region
        and not party_b.is_region
    ):
        return False, PAIR_NOT_BOUND.format(
            document=document.title, party_a=party_a.name, party_b=party_b.name
        )
    return True, ""


def _in_force(document: GoverningDocument, on_date: date, documents: list | None) -> bool:
    """`document_in_force`, answered from the county's documents when they were read."""
    if documents is None:
        return document_in_force(document=document, on_date=on_date)
    listed = next((d for d in documents if d.pk == document.pk), None)
    return listed is not None and version_on(listed, on_date) is not None


def document_governs(
    *,
    document: GoverningDocument,
    provider_a: CareProvider,
    provider_b: CareProvider,
    on_date: date,
) -> tuple[bool, str]:
    """Did the document govern these two care providers on the date? (DOMAIN.md 1, deviations)

    First the pair rule (`document_binds_pair`). A municipality's provider: the document must
    govern that municipality's relation with the region. Two providers of the region: a
    county-wide document in force, or what the region itself approved. (True, "") or
    (False, the reason in words).
    """
    day = on_date.isoformat()
    parties = [provider_a.party, provider_b.party]
    bound, reason = document_binds_pair(document=document, party_a=parties[0], party_b=parties[1])
    if not bound:
        return False, reason
    municipalities = list({p.pk: p for p in parties if not p.is_region}.values())
    county_wide = document.kind in (*COUNTY_WIDE_KINDS, *FALLBACK_KINDS)
    # The regime rule (below) reads the county's documents with their versions: read first,
    # they also say whether this one was in force; the region is at hand if it is a party.
    read = {"documents": None, "region": next((p for p in parties if p.is_region), None)}
    if municipalities or not county_wide:
        read["documents"] = documents_of_county(county_id=document.county_id)
    if not _in_force(document, on_date, read["documents"]):
        return False, gettext("{document} did not apply on {day}.").format(
            document=document.title, day=day
        )
    if not municipalities:
        if county_wide:
            return True, ""
        regime = governing_documents_on(party=parties[0], on_date=on_date, **read)
        if document.pk in regime.document_ids:
            return True, ""
        return False, gettext(
            "{document} did not apply to the region's care providers on {day}: {reason}"
        ).format(document=document.title, day=day, reason=regime.reason)
    for party in municipalities:
        regime = governing_documents_on(party=party, on_date=on_date, **read)
        if document.pk not in regime.document_ids:
            return False, gettext(
                "{document} did not apply between {party} and the region on {day}: {reason}"
            ).format(document=document.title, party=party.name, day=day, reason=regime.reason)
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


def citable_since(*, county: County | int) -> date | None:
    """The day the oldest document that can be cited in the county came into force."""
    county_id = county.pk if isinstance(county, County) else county
    return DocumentVersion.objects.filter(
        document__county_id=county_id, document__sections__isnull=False
    ).aggregate(first=models.Min("valid_from"))["first"]


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
    total = AdoptionCount(label=gettext("Total"))
    region_label = gettext("The region")
    groups: dict[str, AdoptionCount] = {}
    waiting, rejected = [], []
    for who in parties.order_by("sub_region__name", "name"):
        label = region_label if who.is_region else who.sub_region.name
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
        by_sub_region=sorted(groups.values(), key=lambda g: (g.label == region_label, g.label)),
        waiting=sorted(waiting, key=lambda pair: pair[0].name),
        rejected=sorted(rejected, key=lambda pair: pair[0].name),
        terminations=terminations,
    )


def document_history(*, document: GoverningDocument) -> list:
    """The audit trail of a document, its decisions and its terminations, newest first."""
    decision_ids = [str(pk) for pk in document.decisions.values_list("pk", flat=True)]
    termination_ids = [str(pk) for pk in document.terminations.values_list("pk", flat=True)]
    return list(
        AuditEvent.objects.filter(
            models.Q(object_type=GoverningDocument._meta.label_lower, object_id=str(document.pk))
            | models.Q(object_type=AdoptionDecision._meta.label_lower, object_id__in=decision_ids)
            | models.Q(object_type=Termination._meta.label_lower, object_id__in=termination_ids)
        ).order_by("-id")[:200]
    )
