"""Reads for parties and providers."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from samsyn.core.access import COUNTY_WIDE_ROLES, can, grant_for
from samsyn.core.selectors import ORDER_ADMINISTER
from samsyn.parties.models import (
    CareProvider,
    CooperationArea,
    MachineAccount,
    Membership,
    Party,
    Role,
)

# --- who may manage whom: the one rule the services, the admin and later the
# in-app administration pages share ----------------------------------------------------------

MANAGE_PEOPLE = "parties.manage_people"
GRANT_COUNTY_ROLES = "parties.grant_county_roles"


def _is_superuser(actor) -> bool:
    return bool(getattr(getattr(actor, "user", None), "is_superuser", False))


def memberships_managed_by(actor) -> QuerySet[Membership]:
    """The roles the actor may give, change or take: at providers within their
    "parties.manage_people" grant, and county-wide roles only with "parties.grant_county_roles"."""
    if _is_superuser(actor):
        return Membership.objects.all()
    people = grant_for(actor, MANAGE_PEOPLE)
    county_roles = grant_for(actor, GRANT_COUNTY_ROLES)
    inside = Q(provider__party__county_id__in=people.county_ids) | Q(
        provider__party_id__in=people.party_ids
    )
    county_role_allowed = ~Q(role__in=COUNTY_WIDE_ROLES) | Q(
        provider__party__county_id__in=county_roles.county_ids
    )
    return Membership.objects.filter(inside & county_role_allowed)


def people_managed_by(actor) -> QuerySet:
    """The people an actor may see and change in the administration: every role they hold is
    one the actor manages (so nobody reaches a person who also works in another county or
    holds a role above the actor's reach). Superusers are managed only by superusers."""
    User = get_user_model()
    if _is_superuser(actor):
        return User.objects.all()
    managed = memberships_managed_by(actor)
    outside = Membership.objects.exclude(pk__in=managed.values("pk"))
    return User.objects.filter(is_superuser=False, pk__in=managed.values("user_id")).exclude(
        pk__in=outside.values("user_id")
    )


def machine_account_of(user) -> MachineAccount | None:
    """The system account behind a user (issue 21), or None for a person."""
    try:
        return user.machine_account
    except MachineAccount.DoesNotExist:
        return None


def login_lockouts_managed_by(actor, *, now=None) -> list[dict]:
    """The failed sign-ins (django-axes) of the people the actor manages, newest first: who,
    how many failures, and until when they are locked out (None when they are not)."""
    from axes.models import AccessAttempt

    now = now or timezone.now()
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = list(
        AccessAttempt.objects.filter(
            username__in=people_managed_by(actor).values("username")
        ).order_by("-attempt_time")
    )
    usernames = {attempt.username for attempt in attempts}
    people = {p.username: p for p in get_user_model().objects.filter(username__in=usernames)}
    rows: dict[str, dict] = {}
    for attempt in attempts:
        row = rows.setdefault(
            attempt.username,
            {"person": people[attempt.username], "failures": 0, "last": attempt.attempt_time},
        )
        row["failures"] += attempt.failures_since_start
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        until = attempt.attempt_time + cool_off
        if locked and until > now:
            row["locked_until"] = max(row.get("locked_until") or until, until)
    for row in rows.values():
        row.setdefault("locked_until", None)
    return sorted(rows.values(), key=lambda r: (r["locked_until"] is None, -r["last"].timestamp()))


def providers_managed_by(actor) -> QuerySet[CareProvider]:
    """Where the actor may give people roles."""
    if _is_superuser(actor):
        return CareProvider.objects.all()
    grant = grant_for(actor, MANAGE_PEOPLE)
    return CareProvider.objects.filter(
        Q(party__county_id__in=grant.county_ids) | Q(party_id__in=grant.party_ids)
    )


def roles_grantable_by(actor, *, provider: CareProvider) -> list[str]:
    """The roles the actor may give at this provider (none outside their reach)."""
    if _is_superuser(actor):
        return list(Role.values)
    if not can(actor, MANAGE_PEOPLE, provider):
        return []
    county_wide = can(actor, GRANT_COUNTY_ROLES, provider)
    return [r for r in Role.values if county_wide or r not in COUNTY_WIDE_ROLES]


def people_start_section(actor) -> list[dict]:
    """The start page of a party administrator: the people and roles they manage, and where."""
    if not can(actor, MANAGE_PEOPLE):
        return []
    managed = people_managed_by(actor).filter(is_active=True)
    people = managed.count()
    roles = memberships_managed_by(actor).count()
    # A party's administrator sees whom they invited who has not signed in yet (the link may
    # not have been found, or has run out); for the county's administrator that is everyone
    # the parties invite, so it is left to the parties.
    pending = []
    if not grant_for(actor, MANAGE_PEOPLE).county_ids:
        waiting = managed.filter(last_login__isnull=True).order_by("-date_joined", "pk")
        pending = list(waiting[:10])
    invite = (gettext("Invite a person"), reverse("parties:invite"))
    return [
        {
            "title": gettext("People and roles you administer"),
            "text": gettext(
                "You add the people of your care providers, give and remove their roles and "
                "send them a link to choose a password. Now: {people}, {roles}."
            ).format(
                people=ngettext("{n} person", "{n} people", people).format(n=people),
                roles=ngettext("{n} role", "{n} roles", roles).format(n=roles),
            ),
            "items": [
                {
                    "label": gettext("{name} ({username}) has not signed in yet").format(
                        name=person.get_full_name() or person.username, username=person.username
                    ),
                    "url": reverse("parties:person", args=[person.pk]),
                }
                for person in pending
            ],
            "links": [
                (gettext("People and their roles"), reverse("parties:people")),
                invite,
                (gettext("Login lockouts"), reverse("parties:lockouts")),
            ],
            "primary": invite,
            "order": ORDER_ADMINISTER + 5,
        }
    ]


# --- a case's place in the county (issue 20 item 1) -------------------------------------------


def place_of(*, reporting: CareProvider, receiving: CareProvider) -> dict:
    """The municipality a case between two providers concerns, its sub-region and its
    cooperation area, as fields for the case: the municipal side of a region–municipality case,
    the reporting side's when both are municipal, none when both are the region's. Read when the
    case is reported (or re-routed) and kept, so a later change of area membership does not
    rewrite the figures of past years. Area membership has no dated history, so the membership
    of the day stands for the event date (the case is reported soon after its event)."""
    parties = [
        p
        for p in Party.objects.filter(
            pk__in=[reporting.party_id, receiving.party_id]
        ).select_related("sub_region")
        if p.kind == Party.Kind.MUNICIPALITY
    ]
    if not parties:
        return {"municipality": None, "sub_region": None, "area": None}
    municipality = next((p for p in parties if p.pk == reporting.party_id), parties[0])
    area = CooperationArea.objects.filter(members=municipality).order_by("pk").first()
    return {
        "municipality": municipality,
        "sub_region": municipality.sub_region,
        "area": area,
    }
