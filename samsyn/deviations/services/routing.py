"""Who receives a deviation (issue 17 item 1): never nobody.

A case goes to its receiving unit's handlers; else to the provider's own handlers (those who
hold the handler role at no particular unit); else to the deviation coordinator of the
provider's party. A provider where none of these exists is a gap: reporting to it is refused
with a message saying so, and the county administrator sees it in the list of gaps.

Who counts as a handler comes from the permission table ("deviations.handle"): a role held at
unit scope is a unit's or a provider's handler, one held at party scope is the coordinator.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import Scope, roles_with
from samsyn.parties.models import CareProvider, CareUnit, Membership

HANDLE = "deviations.handle"

UNIT, PROVIDER, COORDINATOR = "unit", "provider", "coordinator"
LEVEL_LABELS = {
    UNIT: _("the handlers of {unit}"),
    PROVIDER: _("the deviation handlers of {provider}"),
    COORDINATOR: _("the deviation coordinator of {party}"),
}
NOBODY_RECEIVES = _(
    "Nobody receives deviations at {provider} yet: it has no deviation handler and "
    "{party} has no deviation coordinator. The county administrator sees this as a gap; "
    "contact them, or choose another receiver."
)
UNIT_OF_OTHER_PROVIDER = _("The unit belongs to another care provider than the one you chose.")
UNIT_INACTIVE = _("The unit is no longer active. Choose another unit or leave it empty.")


@dataclass
class Receivers:
    """Who receives a case at a provider (and unit), and how it was found."""

    level: str  # UNIT, PROVIDER, COORDINATOR, or "" (nobody)
    users: list = field(default_factory=list)
    provider: CareProvider | None = None
    unit: CareUnit | None = None

    def __bool__(self) -> bool:
        return bool(self.users)

    @property
    def label(self) -> str:
        """Who will receive it, as the report form says it."""
        if not self.level:
            return ""
        return gettext(str(LEVEL_LABELS[self.level])).format(
            unit=self.unit, provider=self.provider, party=self.provider.party
        )


def _people(memberships: Q) -> list:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, pk__in=Membership.objects.filter(memberships).values("user")
        )
        .order_by("last_name", "first_name", "username")
    )


def _unit_roles() -> list[str]:
    return roles_with(HANDLE, Scope.UNIT, Scope.INVOLVED)


def _coordinator_roles() -> list[str]:
    return roles_with(HANDLE, Scope.PARTY)


def receivers_at(*, provider: CareProvider, unit: CareUnit | None = None) -> Receivers:
    """The people a case to this provider (and unit) goes to, the first level that has any."""
    roles = _unit_roles()
    if unit is not None:
        if users := _people(Q(provider=provider, unit=unit, role__in=roles)):
            return Receivers(UNIT, users, provider, unit)
    if users := _people(Q(provider=provider, unit__isnull=True, role__in=roles)):
        return Receivers(PROVIDER, users, provider, unit)
    if users := _people(Q(provider__party_id=provider.party_id, role__in=_coordinator_roles())):
        return Receivers(COORDINATOR, users, provider, unit)
    return Receivers("", [], provider, unit)


def receiving_levels(sides: list[tuple[CareProvider, CareUnit | None]]) -> list[str]:
    """`receivers_at(…).level` of each (provider, unit) in one query, without loading the
    people: the case page asks it of both sides on every view (patient.patient_data_side).
    Reads who holds a receiving role where (a few rows per unit and role), not who they are."""
    roles, coordinators = set(_unit_roles()), set(_coordinator_roles())
    held = set(
        Membership.objects.filter(user__is_active=True)
        .filter(
            Q(provider__in={p.pk for p, _unit in sides}, role__in=roles)
            | Q(provider__party__in={p.party_id for p, _unit in sides}, role__in=coordinators)
        )
        .values_list("provider_id", "unit_id", "provider__party_id", "role")
        .distinct()
    )

    at = {(p, u) for p, u, _party, role in held if role in roles}

    def level(provider, unit) -> str:
        if unit is not None and (provider.pk, unit.pk) in at:
            return UNIT
        if (provider.pk, None) in at:
            return PROVIDER
        if any(party == provider.party_id and role in coordinators for *_, party, role in held):
            return COORDINATOR
        return ""

    return [level(provider, unit) for provider, unit in sides]


def receiving_level(*, provider: CareProvider, unit: CareUnit | None = None) -> str:
    """`receivers_at(…).level` in one query, without loading the people."""
    return receiving_levels([(provider, unit)])[0]


def receivers_of(deviation) -> list:
    """The people who receive and handle this case now."""
    return receivers_at(
        provider=deviation.counterpart_provider, unit=deviation.receiving_unit
    ).users


def reporting_unit_people(deviation) -> list:
    """The reporter and the reporting unit's handlers (else the reporting provider's, else the
    coordinator): who hears the outcome (issue 17 item 4)."""
    side = receivers_at(provider=deviation.reporting_provider, unit=deviation.reporting_unit)
    return [deviation.reporter, *side.users]


def unit_problem(*, provider: CareProvider | None, unit: CareUnit | None) -> str | None:
    """A unit must be an active unit of the chosen provider."""
    if unit is None or provider is None:
        return None
    if unit.provider_id != provider.pk:
        return str(UNIT_OF_OTHER_PROVIDER)
    if not unit.is_active:
        return str(UNIT_INACTIVE)
    return None


def nobody_receives(provider: CareProvider) -> str:
    return gettext(str(NOBODY_RECEIVES)).format(provider=provider, party=provider.party)


def _active_member(roles, **where) -> QuerySet:
    return Membership.objects.filter(role__in=roles, user__is_active=True, **where)


def receiving_gaps(*, county_ids) -> QuerySet[CareProvider]:
    """Active providers in these counties that nobody receives deviations for: no handler of
    the provider as a whole and no coordinator of its party (issue 17 item 1)."""
    provider_wide = _active_member(_unit_roles(), provider=OuterRef("pk"), unit__isnull=True)
    coordinator = _active_member(_coordinator_roles(), provider__party=OuterRef("party"))
    return (
        CareProvider.objects.filter(is_active=True, party__county__in=county_ids)
        .filter(~Exists(provider_wide), ~Exists(coordinator))
        .select_related("party")
        .order_by("party__name", "name")
    )
