"""The county as the generator sees it: parties, care providers, classification values,
governing documents, and which documents governed a pair of parties on a date.

Read once from the database (reference data, agreement registry, classification), so every
row the generator writes points at real rows and cites what the registry says governed.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.agreements.selectors import governing_documents_on
from samsyn.demo.generator import county_profiles as profiles
from samsyn.demo.generator.randomness import Weighted
from samsyn.deviations import models as dm
from samsyn.disagreements.models import Category as DisagreementCategory
from samsyn.parties.models import CareProvider, CooperationArea, County, Party

NO_COUNTY = _("Reference data is missing: run `manage.py load_reference_data` first.")
NO_REGISTRY = _("The agreement registry is missing: run `manage.py load_agreement_registry` first.")


@dataclass
class ProviderInfo:
    id: int
    name: str
    party_id: int
    kind: str  # profiles.HOSPITAL, PRIMARY_CARE, DENTAL, NOT_CARE, or "municipality"


@dataclass
class MunicipalityInfo:
    party: Party
    provider: ProviderInfo
    area_id: int | None
    area_name: str
    hospitals: Weighted  # which hospitals its patients come home from


@dataclass
class Classification:
    """The county's classification values by name (deviations app), as ids."""

    categories: dict[str, int]
    causes: dict[str, int]
    patient: dict[str, int]
    organisation: dict[str, int]
    other_category: int
    disagreement_categories: dict[str, int]


@dataclass
class World:
    county: County
    region: Party
    municipalities: list[MunicipalityInfo]
    municipality_weights: Weighted
    providers: dict[int, ProviderInfo]
    by_kind: dict[str, list[ProviderInfo]]
    primary_care: Weighted
    dental: Weighted
    classification: Classification
    # (document code, section number) -> (document id, section id); (code, "") -> (id, None)
    citations: dict[tuple[str, str], tuple[int, int | None]]
    samsyn_from: datetime.date
    regimes: "RegimeCache | None" = None  # set by generate(), which knows the period


class RegimeCache:
    """Which documents governed a municipality and the region on a day of the period.

    The agreements app's selector answers, once per party for each stretch of days over which
    the registry does not change for it (a version starts or ends, the party or the region
    decides, a termination takes effect): a handful of questions per party for ten years,
    however many cases cite a document.
    """

    def __init__(self, county: County, clock, last_day: int):
        self.clock, self.last_day = clock, last_day
        self._cache: dict[int, tuple[list[int], list[frozenset]]] = {}
        self.lookups = 0
        one_day = datetime.timedelta(days=1)
        shared, starts = set(), {}
        for document_id, valid_from, valid_to in DocumentVersion.objects.filter(
            document__county=county
        ).values_list("document_id", "valid_from", "valid_to"):
            shared.add(valid_from)
            starts[document_id] = min(valid_from, starts.get(document_id, valid_from))
            if valid_to:
                shared.add(valid_to + one_day)
        self._shared = shared
        self._own: dict[int, set] = {}
        for party_id, document_id, day in AdoptionDecision.objects.filter(
            party__county=county, decision_date__isnull=False
        ).values_list("party_id", "document_id", "decision_date"):
            # A decision taken before its document applies changes nothing until the document
            # starts, and that start is a change already.
            if document_id in starts and day > starts[document_id]:
                self._own.setdefault(party_id, set()).add(day)
        for party_id, ends_on in Termination.objects.filter(party__county=county).values_list(
            "party_id", "ends_on"
        ):
            self._own.setdefault(party_id, set()).add(ends_on + one_day)
        self._region_id = Party.objects.get(county=county, kind=Party.Kind.REGION).pk
        self._parties = {p.pk: p for p in Party.objects.filter(county=county)}

    def _stretches(self, party_id: int) -> tuple[list[int], list[frozenset]]:
        clock = self.clock
        changes = (
            self._shared | self._own.get(party_id, set()) | self._own.get(self._region_id, set())
        )
        starts = [0, *sorted({d for c in changes if 0 < (d := clock.day_of(c)) <= self.last_day})]
        answers = []
        for start in starts:
            self.lookups += 1
            regime = governing_documents_on(
                party=self._parties[party_id], on_date=clock.date(start)
            )
            answers.append(frozenset(regime.document_ids))
        return starts, answers

    def prepare(self, party_ids) -> None:
        """Ask for every party up front (the questions are the slow part, not the answers)."""
        for party_id in party_ids:
            if party_id not in self._cache:
                self._cache[party_id] = self._stretches(party_id)

    def document_ids(self, party_id: int, day: int) -> frozenset:
        cached = self._cache.get(party_id)
        if cached is None:
            cached = self._cache[party_id] = self._stretches(party_id)
        starts, answers = cached
        return answers[bisect.bisect_right(starts, day) - 1]


def _by_name(model) -> dict[str, int]:
    return dict(model.objects.filter(is_active=True).values_list("name", "pk"))


def _samsyn_from(county: County) -> datetime.date:
    """When the county-wide guideline on deviations between providers applies (the addendum
    presentation, #HoSavtal2027):
    the start of the Samsyn era in the data, read from the registry (2027-01-01 in VG)."""
    guideline = (
        GoverningDocument.objects.filter(county=county, code="RL-AVVIKELSER")
        .prefetch_related("versions")
        .first()
    )
    starts = [v.valid_from for v in guideline.versions.all()] if guideline else []
    return min(starts) if starts else datetime.date(2027, 1, 1)


def world_load(*, county: County | None = None) -> World:
    county = county or County.objects.order_by("pk").first()
    if county is None:
        raise RuntimeError(NO_COUNTY)
    if not GoverningDocument.objects.filter(county=county).exists():
        raise RuntimeError(NO_REGISTRY)
    profile = profiles.PROFILES.get(county.code, {})
    kinds = profile.get("provider_kinds", {})
    region = Party.objects.get(county=county, kind=Party.Kind.REGION)

    providers: dict[int, ProviderInfo] = {}
    by_kind: dict[str, list[ProviderInfo]] = {}
    for p in CareProvider.objects.filter(party__county=county, is_active=True).order_by("pk"):
        if p.party_id == region.pk:
            kind = kinds.get(p.name) or profiles.provider_kind_guess(p.name)
        else:
            kind = "municipality"
        info = ProviderInfo(id=p.pk, name=p.name, party_id=p.party_id, kind=kind)
        providers[p.pk] = info
        by_kind.setdefault(kind, []).append(info)
    hospitals = by_kind.get(profiles.HOSPITAL, [])
    if not hospitals:
        raise RuntimeError(
            gettext("The region has no care provider that can be a hospital in the demo data.")
        )
    hospital_by_name = {h.name: h for h in hospitals}

    area_of: dict[int, CooperationArea] = {}
    # The first area by id, as parties.selectors.place_of takes it for a case's place.
    areas = CooperationArea.objects.filter(county=county).order_by("pk")
    for area in areas.prefetch_related("members"):
        for member in area.members.all():
            area_of.setdefault(member.pk, area)
    catchment = profile.get("catchment", {})
    population = profile.get("population", {})
    first_provider = {}
    for info in providers.values():
        if info.kind == "municipality":
            first_provider.setdefault(info.party_id, info)
    municipalities = []
    for party in Party.objects.filter(county=county, kind=Party.Kind.MUNICIPALITY).order_by("code"):
        if party.pk not in first_provider:
            continue
        area = area_of.get(party.pk)
        weights = catchment.get(area.name if area else "", {})
        served = [(hospital_by_name[n], w) for n, w in weights.items() if n in hospital_by_name]
        municipalities.append(
            MunicipalityInfo(
                party=party,
                provider=first_provider[party.pk],
                area_id=area.pk if area else None,
                area_name=area.name if area else "",
                hospitals=Weighted(served or [(h, 1) for h in hospitals]),
            )
        )
    if not municipalities:
        raise RuntimeError(NO_COUNTY)

    def named_or_all(kind, weights):
        found = by_kind.get(kind, [])
        chosen = [(p, weights.get(p.name, 0)) for p in found if weights.get(p.name)]
        return Weighted(chosen or [(p, 1) for p in (found or hospitals)])

    classification = Classification(
        categories=_by_name(dm.Category),
        causes=_by_name(dm.Cause),
        patient=_by_name(dm.PatientConsequence),
        organisation=_by_name(dm.OrganisationConsequence),
        other_category=dm.Category.objects.filter(is_other=True, is_active=True)
        .values_list("pk", flat=True)
        .first(),
        disagreement_categories=_by_name(DisagreementCategory),
    )
    citations: dict[tuple[str, str], tuple[int, int | None]] = {}
    for doc_id, code in GoverningDocument.objects.filter(county=county).values_list("pk", "code"):
        citations[(code, "")] = (doc_id, None)
    for section_id, doc_id, code, number in DocumentSection.objects.filter(
        document__county=county
    ).values_list("pk", "document_id", "document__code", "number"):
        citations[(code, number)] = (doc_id, section_id)

    world = World(
        county=county,
        region=region,
        municipalities=municipalities,
        municipality_weights=Weighted(
            [(m, population.get(m.party.code, 10_000)) for m in municipalities]
        ),
        providers=providers,
        by_kind=by_kind,
        primary_care=named_or_all(profiles.PRIMARY_CARE, profile.get("primary_care", {})),
        dental=named_or_all(profiles.DENTAL, {}),
        classification=classification,
        citations=citations,
        samsyn_from=_samsyn_from(county),
    )
    return world


def regional_provider(world: World, municipality: MunicipalityInfo, side: str, rng):
    """The regional provider a case between this municipality and the region concerns."""
    if side == profiles.PRIMARY_CARE:
        return world.primary_care.pick(rng)
    if side == profiles.DENTAL:
        return world.dental.pick(rng)
    return municipality.hospitals.pick(rng)
