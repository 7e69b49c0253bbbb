"""The patient and the regulator on a deviation (issue 18), the reads: who may see the
patient's identity and the attachments, when the receiver's lex Maria assessment is asked for,
and who is asked. Writes are in services/patient.py.

- *Patient data* (the protected patient reference and the attachments) belongs to the handlers
  of the two units involved: `patient_data_side()` is judged with "deviations.patient_data"
  (deviations/access.py says who, and why a provider-wide handler counts).
- *Lex Maria*: only the provider where the harm arose may report it to IVO, so the duty lands
  on the receiver: its patient-safety lead (MAS, chief physician), else the party's deviation
  coordinator, shown as a gap (never nobody, as routing).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samsyn.core.access import Scope, grant_for, roles_with
from samsyn.core.kept import kept_on
from samsyn.deviations.consequences import unknown_axes, worst_known_severity
from samsyn.deviations.models import (
    OPEN_STATUSES,
    Deviation,
    LexMaria,
    ProviderSide,
    Status,
)
from samsyn.parties.models import Membership

PATIENT_DATA = "deviations.patient_data"
ASSESS = "deviations.assess_lex_maria"


# ---------------------------------------------------------------- patient data


def patient_data_side(deviation: Deviation) -> ProviderSide:
    """The two units involved: their handlers (a unit's, or the provider's provider-wide
    ones), and a side's party coordinator only where routing makes it that side's receiver.

    Kept on the case for its providers and units: the case page asks it three times (the
    patient section, the attachments, their permission); one query for both sides (issue 16)."""
    key = (
        deviation.reporting_provider_id,
        deviation.reporting_unit_id,
        deviation.counterpart_provider_id,
        deviation.receiving_unit_id,
    )
    return kept_on(deviation, "_patient_data_side", key, lambda: _patient_data_side(deviation))


def _patient_data_side(deviation: Deviation) -> ProviderSide:
    from samsyn.deviations.services.routing import COORDINATOR, receiving_levels

    sides = [
        (deviation.reporting_provider, deviation.reporting_unit),
        (deviation.counterpart_provider, deviation.receiving_unit),
    ]
    parties = [
        provider.party_id
        for (provider, _unit), level in zip(sides, receiving_levels(sides), strict=True)
        if level == COORDINATOR
    ]
    return ProviderSide(
        deviation.reporting_provider_id,
        deviation.counterpart_provider_id,
        units=deviation.access_unit_ids(),
        parties=parties,
    )


def has_patient_reference(deviation: Deviation) -> bool:
    """Whether a reference is kept (said to everyone who sees the case; the number is not)."""
    from samsyn.deviations.models import PatientReference

    return PatientReference.objects.filter(deviation=deviation).exists()


# ---------------------------------------------------------------- lex Maria


def lex_maria_asked(deviation: Deviation) -> bool:
    """An assessment is asked for when a consequence for the patient, actual (physical or
    psychological) or potential, is "Måttlig vårdskada" or worse
    (settings.LEX_MARIA_MIN_SEVERITY), or is still "not known yet" (issues 18 and 19: the
    axes and what is unknown are read in one place, deviations/consequences.py)."""
    worst = worst_known_severity(deviation) or 0
    return worst >= settings.LEX_MARIA_MIN_SEVERITY or bool(unknown_axes(deviation))


def lex_maria_due_for(deviation: Deviation, today: datetime.date | None = None):
    """The date the assessment is due: kept if already set, else from today; None when no
    assessment is asked for."""
    if not lex_maria_asked(deviation):
        return None
    today = today or timezone.localdate()
    return deviation.lex_maria_due or today + datetime.timedelta(
        days=settings.LEX_MARIA_ASSESSMENT_DAYS
    )


def lex_maria_pending(deviation: Deviation) -> bool:
    """Asked for and not decided: nothing recorded yet, or still being investigated. Such a
    case cannot be closed (services.deviation_close)."""
    return bool(deviation.lex_maria_due) and deviation.lex_maria in ("", LexMaria.INVESTIGATING)


def lex_maria_overdue(deviation: Deviation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if not lex_maria_pending(deviation):
        return False
    due = (
        deviation.lex_maria_review_date
        if deviation.lex_maria == LexMaria.INVESTIGATING
        else deviation.lex_maria_due
    )
    return bool(due) and due < today


def _patient_safety(**where) -> QuerySet:
    roles = roles_with(ASSESS, Scope.INVOLVED, Scope.UNIT)
    return Membership.objects.filter(role__in=roles, user__is_active=True, **where)


def lex_maria_gap(deviation: Deviation) -> bool:
    """The receiving provider has no patient-safety lead: its party's coordinator is asked.

    Kept on the case for its receiving provider: the case page asks it for each lex Maria
    move it judges and for the patient section (issue 16)."""
    provider_id = deviation.counterpart_provider_id
    return kept_on(
        deviation,
        "_lex_maria_gap",
        provider_id,
        lambda: not _patient_safety(provider_id=provider_id).exists(),
    )


def patient_safety_gaps(*, county_ids=(), party_ids=()) -> QuerySet:
    """Active care providers (in these counties, or of these parties) with no active
    patient-safety lead: their lex Maria assessments reach only their party's deviation
    coordinator, or nobody (`nobody_assesses` is true where the party has none either)."""
    from samsyn.parties.models import CareProvider

    coordinator = Membership.objects.filter(
        role__in=roles_with(ASSESS, Scope.PARTY),
        user__is_active=True,
        provider__party=OuterRef("party"),
    )
    return (
        CareProvider.objects.filter(is_active=True)
        .filter(Q(party__county__in=county_ids) | Q(party__in=party_ids))
        .filter(~Exists(_patient_safety(provider=OuterRef("pk"))))
        .annotate(nobody_assesses=~Exists(coordinator))
        .select_related("party")
        .order_by("-nobody_assesses", "party__name", "name")
    )


def lex_maria_side(deviation: Deviation) -> ProviderSide:
    """Who assesses: the receiving provider's patient-safety lead; where it has none, its
    party's deviation coordinator (never nobody)."""
    parties = [deviation.counterpart_provider.party_id] if lex_maria_gap(deviation) else []
    return ProviderSide(deviation.counterpart_provider_id, parties=parties)


def lex_maria_assessors(deviation: Deviation) -> list:
    """The people asked for the assessment (to tell them): the receiving provider's
    patient-safety leads, else (`lex_maria_gap`) its party's coordinator. The leads are read
    at once, not asked about first (issue 16)."""
    people = get_user_model().objects
    memberships = _patient_safety(provider_id=deviation.counterpart_provider_id)
    if leads := list(people.filter(pk__in=memberships.values("user"))):
        return leads
    memberships = Membership.objects.filter(
        role__in=roles_with(ASSESS, Scope.PARTY),
        user__is_active=True,
        provider__party_id=deviation.counterpart_provider.party_id,
    )
    return list(people.filter(pk__in=memberships.values("user")))


def lex_maria_waiting(actor) -> QuerySet[Deviation]:
    """The open cases whose lex Maria assessment waits for this person: their provider's, or
    (a coordinator) their party's providers' that have no patient-safety lead."""
    grant = grant_for(actor, ASSESS)
    if not grant:
        return Deviation.objects.none()
    mine = Q(counterpart_provider__in=grant.provider_ids)
    if grant.party_ids:
        nobody = ~Exists(_patient_safety(provider=OuterRef("counterpart_provider")))
        mine |= Q(counterpart_provider__party__in=grant.party_ids) & nobody
    return (
        Deviation.objects.filter(mine, lex_maria_due__isnull=False)
        .filter(status__in=[s for s in OPEN_STATUSES if s != Status.REGISTERED])
        .filter(lex_maria__in=["", LexMaria.INVESTIGATING])
        .order_by("lex_maria_due", "pk")
    )
