"""The people who report and handle the generated cases: everyone already registered
(the demo people among them) plus generated colleagues, scaled to each provider's volume.

Generated people cannot sign in (unusable password); they exist so that reports, moves and
the trail name a person, as they would in a county.
"""

import math
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from samsyn.demo.generator.audit import SYSTEM, Actor
from samsyn.parties.models import Membership, Role

FIRST_NAMES = [
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Linnea",
    "Johanna",
    "Elin",
    "Ida",
    "Malin",
    "Sofia",
    "Helena",
    "Camilla",
    "Jenny",
    "Annika",
    "Eva",
    "Lena",
    "Åsa",
    "Frida",
    "Hanna",
    "Erik",
    "Lars",
    "Johan",
    "Anders",
    "Peter",
    "Mikael",
    "Fredrik",
    "Daniel",
    "Jonas",
    "Ali",
    "Ahmed",
    "Mohammed",
    "Leila",
    "Amina",
    "Zeynep",
    "Nora",
    "Elsa",
    "Oskar",
    "Viktor",
    "Maja",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Axelsson",
    "Jakobsson",
    "Lundgren",
    "Mattsson",
    "Holm",
    "Sandberg",
    "Forsberg",
    "Ekström",
    "Hassan",
    "Ali",
    "Yilmaz",
    "Nguyen",
]


UNUSABLE = "!"  # Django's prefix of a password nobody can sign in with
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    provider_id: int
    full_name: str
    actor: Actor


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _target_counts(kind: str, yearly: float) -> dict[str, int]:
    """How many people a provider needs per role for `yearly` cases it is part of."""

    def clamp(value, low, high):
        return max(low, min(high, math.ceil(value)))

    if kind == "not_care":
        return {}
    return {
        Role.REPORTER: clamp(yearly / 60, 2, 80),
        Role.HANDLER: clamp(yearly / 1500, 1, 10),
        Role.MANAGER_STEP1: clamp(yearly / 4000, 1, 6),
        Role.MANAGER_STEP2: clamp(yearly / 20000, 1, 3),
        Role.MANAGER_STEP3: 1,
    }


class Staff:
    """Everyone who can act for each provider, by role."""

    def __init__(self):
        self.by_role: dict[tuple[int, str], list[Person]] = {}

    def people(self, provider_id: int, role: str) -> list[Person]:
        return self.by_role.get((provider_id, role), [])

    def person(self, username: str, provider_id: int, role: str) -> Person:
        """A named person (a demo person in a story) in one of their roles."""
        for person in self.people(provider_id, role):
            if person.actor.username == username:
                return person
        raise LookupError(f"{username} has no role {role} at provider {provider_id}")

    def pick(self, rng, provider_id: int, *roles: str) -> Person:
        for role in roles:
            people = self.by_role.get((provider_id, role))
            if people:
                return people[int(rng.random() * len(people))]
        raise LookupError(f"no {roles} at provider {provider_id}")


def _actor_of(user, memberships) -> Actor:
    """The audit fields of a person, exactly as audit_record derives them."""
    return Actor(
        user_id=user.pk,
        username=user.username,
        provider_name=", ".join(sorted({m.provider.name for m in memberships}))[:150],
        roles=", ".join(sorted({m.role for m in memberships}))[:200],
    )


def staff_load(
    *, world, writer, audit, rng, yearly_volume: dict[int, float], at: int, clock
) -> Staff:
    """Read who is registered, then add generated people where a provider has too few."""
    staff = Staff()
    memberships: dict[int, list] = {}
    for m in Membership.objects.filter(provider__party__county=world.county).select_related(
        "provider", "user"
    ):
        memberships.setdefault(m.user_id, []).append(m)
    for user_memberships in memberships.values():
        user = user_memberships[0].user
        if not user.is_active:
            continue
        actor = _actor_of(user, user_memberships)
        for m in user_memberships:
            person = Person(user.pk, m.provider_id, user.get_full_name() or user.username, actor)
            staff.by_role.setdefault((m.provider_id, m.role), []).append(person)

    User = get_user_model()
    taken = set(User.objects.values_list("username", flat=True))
    users = writer.table(
        User,
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ],
    )
    grants = writer.table(Membership, ["id", "user_id", "provider_id", "unit_id", "role"])
    for provider in world.providers.values():
        wanted = _target_counts(provider.kind, yearly_volume.get(provider.id, 0))
        for role, count in wanted.items():
            for _ in range(count - len(staff.people(provider.id, role))):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                base = f"{_ascii(first)}.{_ascii(last)}"
                username, n = base, 1
                while username in taken:
                    n += 1
                    username = f"{base}{n}"
                taken.add(username)
                user_id, membership_id = users.new_id(), grants.new_id()
                password = UNUSABLE + "".join(rng.choices(LETTERS, k=40))
                users.add(
                    (
                        user_id,
                        password,
                        None,
                        False,
                        username,
                        first,
                        last,
                        f"{username}@example.se",
                        False,
                        True,
                        clock.ts(at),
                    )
                )
                grants.add((membership_id, user_id, provider.id, None, role))
                actor = Actor(user_id, username, provider.name, str(role))
                staff.by_role.setdefault((provider.id, role), []).append(
                    Person(user_id, provider.id, f"{first} {last}", actor)
                )
                audit.add(
                    at=at,
                    actor=SYSTEM,
                    action="parties.membership.granted",
                    object_type="parties.membership",
                    object_id=membership_id,
                    data={"user": username, "provider_id": provider.id, "role": str(role)},
                    county_id=None,
                )
    return staff
