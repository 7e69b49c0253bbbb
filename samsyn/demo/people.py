"""Demo people, one or more per role, so a newcomer can sign in and see each role's pages.

The login page lists them in development (registered in DemoConfig.ready()); the browser
tests sign in as them. Every demo person has the password DEMO_PASSWORD.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

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
    # The receiving side (issue 17): people of units (demo/receiving.py, DEMO_UNIT_OF) and the
    # region's deviation coordinator.
    ("skoterska.boras", "Siri", "Sjuksköterska", "Borås Stad", Role.REPORTER),
    ("handlaggare.norr", "Nils", "Hemtjänsthandläggare", "Borås Stad", Role.HANDLER),
    ("handlaggare.avd12", "Alva", "Avdelningshandläggare", "Södra Älvsborgs Sjukhus", Role.HANDLER),
    ("handlaggare.avd14", "Axel", "Avdelningshandläggare", "Södra Älvsborgs Sjukhus", Role.HANDLER),
    (
        "samordnare.vgr",
        "Vera",
        "Avvikelsesamordnare",
        "Koncernkontoret",
        Role.DEVIATION_COORDINATOR,
    ),
    # Lifted cases land with them (item 5): Södra Älvsborg's cooperation group, the county.
    (
        "samordnare.sodra",
        "Sofia",
        "Delregional samordnare",
        "Borås Stad",
        Role.SUBREGIONAL_COORDINATOR,
    ),
    ("samordnare.lanet", "Lars", "Länssamordnare", "Koncernkontoret", Role.COUNTY_COORDINATOR),
    # The patient-safety function of each demo provider (issue 18): the municipality's MAS and
    # the hospital's chief physician for patient safety, who assess lex Maria.
    ("mas.boras", "Maja", "Medicinskt ansvarig sjuksköterska", "Borås Stad", Role.PATIENT_SAFETY),
    (
        "chefslakare.sas",
        "Petra",
        "Chefläkare",
        "Södra Älvsborgs Sjukhus",
        Role.PATIENT_SAFETY,
    ),
]


def demo_users() -> list[tuple[str, str]]:
    """(username, label) of each demo person, for the login page in development."""
    return [(u, f"{Role(role).label}, {provider}") for u, _f, _l, provider, role in DEMO_PEOPLE]


def demo_login_page_extras() -> dict:
    """The login page's list of demo people: in development only, never in production."""
    if not settings.DEBUG:
        return {}
    return {"demo_users": demo_users(), "demo_password": DEMO_PASSWORD}


def demo_people_load(people=DEMO_PEOPLE) -> int:
    """Create each (username, first, last, provider name, role) person once; idempotent.

    Returns how many people were new. The password is hashed once for all of them (hashing
    is slow on purpose, and `make run` should start quickly).
    """
    from samsyn.demo.receiving import demo_area_of, demo_unit_of, demo_units_load

    demo_units_load()
    User = get_user_model()
    hashed = None
    created = 0
    for username, first, last, provider_name, role in people:
        user = User.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.se",
                password=hashed,
            )
            created += 1
        provider = CareProvider.objects.get(name=provider_name)
        if not user.memberships.filter(provider=provider, role=role).exists():
            membership = membership_grant(
                actor=None, user=user, provider=provider, role=role, unit=demo_unit_of(username)
            )
            if area := demo_area_of(username):
                membership.area = area
                membership.save(update_fields=["area"])
    return created
