"""Who may see or do what: the one place for access rules.

Roles come from memberships (a person's role at a care provider). Each permission
below maps roles to a *scope*:

- UNIT: the object involves the unit (enhet) where the person holds that role, or the person
  owns it (reported it themselves) at a provider where they hold the role; a role held at a
  provider without a unit reaches the whole provider, as INVOLVED does (a provider-wide
  handler, say);
- OWN_UNIT: as UNIT, but never the whole provider: a role held at no unit reaches only what
  the person owns (a reporter without a unit sees her own reports, nothing else);
- INVOLVED: the object involves one of the providers where the person has that role
  (a deviation's reporting or counterpart provider, say);
- PARTY: the object involves the party (huvudman) of such a provider;
- AREA: the object involves a party of the cooperation area (delregional vårdsamverkan) the
  person holds the role for (`Membership.area`; objects answer `access_area_ids()`);
- COUNTY: every object in the counties of the person's providers.

Objects tell what they involve by three methods: `access_provider_ids()`,
`access_party_ids()` and `access_county_id()`; objects that have units and an owner add
`access_unit_ids()` and `access_owner_ids()` (users). Selectors use `grant_for()` to filter
lists with the same rule that `can()` applies to one object, so a list and a detail
page can never disagree. docs/access.md shows this table; the tests check it against
expectations written out by hand (core/tests/test_access_table.py).

Roles are named only here and in each app's access module: everywhere else a decision asks
the table (`can`, `grant_for`, `roles_with`); core/tests/test_roles_only_in_access.py holds it.
"""

from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Q

from samsyn.parties.models import Membership, Role


class Scope(Enum):
    UNIT = "unit"
    OWN_UNIT = "own_unit"
    INVOLVED = "involved"
    PARTY = "party"
    AREA = "area"
    COUNTY = "county"


R = Role
# The people of a care provider who work with cases (not its administrators, not the county).
STAFF = (R.REPORTER, R.HANDLER, R.MANAGER_STEP1, R.MANAGER_STEP2, R.MANAGER_STEP3)

PERMISSIONS: dict[str, dict[Role, Scope]] = {
    # The agreement registry is public within the county; only county administrators edit it.
    "agreements.view": {r: Scope.COUNTY for r in Role},
    "agreements.edit": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # People and the party's organisation: who works where, in which role, and the units of
    # its care providers (issue 17 item 1: kept by the party's administrator).
    "parties.manage_people": {R.ADMINISTRATOR: Scope.PARTY, R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # Giving or taking a county-wide role (COUNTY_WIDE_ROLES), or managing a person who holds
    # one: a party administrator must not be able to make someone a county administrator.
    "parties.grant_county_roles": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # The registry of the county: parties, sub-regions, areas and care providers.
    "parties.edit": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # Classification (categories, causes, consequences) is maintained county-wide.
    "classification.edit": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # The read log is reviewed by county administrators (patient data law).
    "audit.review": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    # The Django admin is for superusers only (core/admin_site.py): no role reaches it.
    # The statements the law asks for (accessibility, personal data): shown to everyone,
    # their text maintained by county administrators.
    "core.statements.edit": {R.COUNTY_ADMINISTRATOR: Scope.COUNTY},
}


# Roles that reach a whole county: only "parties.grant_county_roles" may give or take them.
COUNTY_WIDE_ROLES = frozenset({R.COUNTY_ANALYST, R.COUNTY_ADMINISTRATOR})
# The roles a care provider's own system may hold through a machine account (issue 21): it
# reports deviations and receives them for its provider, and nothing more.
MACHINE_ROLES = (R.REPORTER, R.HANDLER)


def register_permissions(permissions: dict[str, dict[Role, Scope]]) -> None:
    """Each app adds its own rows (deviations.*, disagreements.*) from its access module."""
    for code, roles in permissions.items():
        if code in PERMISSIONS:
            raise ValueError(f"Permission {code} is defined twice")
        PERMISSIONS[code] = roles


class CountyWideObject:
    """An object of a county as a whole (a governing document, an import profile, an outgoing
    message): no party or provider owns it, so only COUNTY scope reaches it. A model mixes
    this in instead of writing the three answers again."""

    def access_county_id(self):
        return self.county_id

    def access_party_ids(self):
        return []

    def access_provider_ids(self):
        return []


@dataclass
class Grant:
    """What a permission allows an actor, as sets a selector can filter on."""

    provider_ids: set[int] = field(default_factory=set)
    party_ids: set[int] = field(default_factory=set)
    county_ids: set[int] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)
    area_ids: set[int] = field(default_factory=set)
    # Objects the actor owns (a deviation they reported) are reached through UNIT and
    # OWN_UNIT scope, at the providers where the actor holds such a role (owner_provider_ids):
    # a report made for one provider is not reached through a role at another.
    owner_ids: set[int] = field(default_factory=set)
    owner_provider_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(
            self.provider_ids
            or self.party_ids
            or self.county_ids
            or self.unit_ids
            or self.area_ids
            or self.owner_ids
        )


@dataclass
class Actor:
    """A signed-in person with their memberships; made once per request by the middleware."""

    user: object
    memberships: list[Membership]

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def provider_ids(self, *roles: str) -> set[int]:
        return {m.provider_id for m in self.memberships if not roles or m.role in roles}

    def providers(self, *roles: str) -> list:
        seen = {}
        for m in self.memberships:
            if not roles or m.role in roles:
                seen.setdefault(m.provider_id, m.provider)
        return list(seen.values())

    def party_ids(self, *roles: str) -> set[int]:
        return {m.provider.party_id for m in self.memberships if not roles or m.role in roles}

    def unit_ids(self, *roles: str) -> set[int]:
        """The units where the person holds these roles (roles held at a unit only)."""
        return {m.unit_id for m in self.memberships if m.unit_id and (not roles or m.role in roles)}

    def provider_wide_ids(self, *roles: str) -> set[int]:
        """The providers where the person holds these roles at no particular unit."""
        return {
            m.provider_id
            for m in self.memberships
            if not m.unit_id and (not roles or m.role in roles)
        }

    def county_ids(self, *roles: str) -> set[int]:
        return {
            m.provider.party.county_id for m in self.memberships if not roles or m.role in roles
        }


def as_actor(actor_or_user) -> Actor | None:
    """Services accept an Actor (request.actor), a user, or None for the system."""
    if actor_or_user is None or isinstance(actor_or_user, Actor):
        return actor_or_user
    return actor_for(actor_or_user)


def actor_for(user) -> Actor:
    if not getattr(user, "is_authenticated", False):
        return Actor(user=user, memberships=[])
    memberships = list(
        Membership.objects.filter(user=user, provider__is_active=True).select_related(
            "provider__party", "unit"
        )
    )
    return Actor(user=user, memberships=memberships)


def grant_for(actor: Actor, permission: str) -> Grant:
    """The providers, parties and counties in which the actor holds this permission."""
    grant = Grant()
    if not actor.is_authenticated:
        return grant
    for role, scope in PERMISSIONS[permission].items():
        if scope in (Scope.UNIT, Scope.OWN_UNIT):
            grant.unit_ids |= actor.unit_ids(role)
            if scope is Scope.UNIT:
                grant.provider_ids |= actor.provider_wide_ids(role)
            if getattr(actor.user, "pk", None) and actor.has_role(role):
                grant.owner_ids.add(actor.user.pk)
                grant.owner_provider_ids |= actor.provider_ids(role)
        elif scope is Scope.INVOLVED:
            grant.provider_ids |= actor.provider_ids(role)
        elif scope is Scope.PARTY:
            grant.party_ids |= actor.party_ids(role)
        elif scope is Scope.AREA:
            grant.area_ids |= {m.area_id for m in actor.memberships if m.role == role and m.area_id}
        elif scope is Scope.COUNTY:
            grant.county_ids |= actor.county_ids(role)
    return grant


def roles_with(permission: str, *scopes: Scope) -> list[str]:
    """The roles that hold a permission (at these scopes, or whatever their scope): to find
    the people to tell (a provider's handlers are the people in a role holding
    "deviations.handle" there)."""
    return [
        str(role)
        for role, scope in PERMISSIONS[permission].items()
        if not scopes or scope in scopes
    ]


def can(actor: Actor, permission: str, obj=None) -> bool:
    """May the actor do this (to this object)? Without an object: anywhere at all."""
    grant = grant_for(actor, permission)
    if obj is None:
        return bool(grant)
    if grant.county_ids and obj.access_county_id() in grant.county_ids:
        return True
    if grant.party_ids & set(obj.access_party_ids()):
        return True
    if grant.provider_ids & set(obj.access_provider_ids()):
        return True
    if grant.unit_ids and grant.unit_ids & set(_ids(obj, "access_unit_ids")):
        return True
    if grant.area_ids and grant.area_ids & set(_ids(obj, "access_area_ids")):
        return True
    return _owns(grant, obj)


def _owns(grant: Grant, obj) -> bool:
    """The actor owns the object, at a provider where they hold the role (UNIT, OWN_UNIT)."""
    if not grant.owner_ids & set(_ids(obj, "access_owner_ids")):
        return False
    return bool(grant.owner_provider_ids & set(obj.access_provider_ids()))


def _ids(obj, method: str) -> list:
    """What an object says it involves, if it has units or an owner at all."""
    found = getattr(obj, method, None)
    return [i for i in found() if i] if found else []


def in_counties(model, county_ids) -> Q:
    """A filter for rows of `model` in these counties, along the model's
    `access_county_lookup` (e.g. "party__county" for a care provider)."""
    return Q(**{f"{model.access_county_lookup}__in": county_ids})
