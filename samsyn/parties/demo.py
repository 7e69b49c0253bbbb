"""Demo people, one or more per role, so a newcomer can sign in and see each role's pages."""

from django.contrib.auth import get_user_model

from samsyn.parties.models import CareProvider, Role
from samsyn.parties.services import membership_grant

DEMO_PASSWORD = "samsyn-demo-2027"

# username, first name, last name, provider, role
DEMO_PEOPLE = [
    ("rapportor", "Rut", "Rapportör", "Borås Stad", Role.REPORTER),
    ("handlaggare.boras", "Hanna", "Handläggare", "Borås Stad", Role.HANDLER),
    ("handlaggare.sas", "Sami", "Handläggare", "Södra Älvsborgs Sjukhus", Role.HANDLER),
    ("chef1.boras", "Cecilia", "Enhetschef", "Borås Stad", Role.MANAGER_STEP1),
    ("chef2.boras", "Carl", "Verksamhetschef", "Borås Stad", Role.MANAGER_STEP2),
    ("chef3.boras", "Clara", "Förvaltningschef", "Borås Stad", Role.MANAGER_STEP3),
    ("chef1.sas", "Sven", "Vårdenhetschef", "Södra Älvsborgs Sjukhus", Role.MANAGER_STEP1),
    ("chef2.sas", "Stina", "Verksamhetschef", "Södra Älvsborgs Sjukhus", Role.MANAGER_STEP2),
    ("chef3.sas", "Sara", "Sjukhusdirektör", "Södra Älvsborgs Sjukhus", Role.MANAGER_STEP3),
    ("analytiker", "Anna", "Analytiker", "Koncernkontoret", Role.COUNTY_ANALYST),
    ("admin.boras", "Adam", "Administratör", "Borås Stad", Role.ADMINISTRATOR),
    ("lansadmin", "Lena", "Länsadministratör", "Koncernkontoret", Role.COUNTY_ADMINISTRATOR),
]


def demo_users() -> list[tuple[str, str]]:
    """(username, label) of each demo person, for the login page in development."""
    return [(u, f"{Role(role).label}, {provider}") for u, _f, _l, provider, role in DEMO_PEOPLE]


def demo_people_load(people) -> None:
    """Create each (username, first, last, provider name, role) person once; idempotent."""
    User = get_user_model()
    for username, first, last, provider_name, role in people:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.se"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        provider = CareProvider.objects.get(name=provider_name)
        if not user.memberships.filter(provider=provider, role=role).exists():
            membership_grant(actor=None, user=user, provider=provider, role=role)


def demo_load(*, stdout=None) -> None:
    demo_people_load(DEMO_PEOPLE)
    if stdout:
        stdout.write(f"Demoanvändare: {len(DEMO_PEOPLE)} st, lösenord {DEMO_PASSWORD}")
