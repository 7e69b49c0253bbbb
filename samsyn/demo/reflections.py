"""DEMO DATA, NOT REAL REFLECTIONS: the cooperation areas' invented reflections on 2025 for
`make run`, so the county report of 2025 reads like a real one (issue 20 item 3).

Five of the six areas have written theirs, one of them after the deadline; Göteborgsområdet
has not, as in the county's 2024 report where it was missing, so the report shows its warning.
Each is submitted through the follow-up's service by a sub-regional coordinator of the area
(Södra Älvsborg's is the demo person samordnare.sodra; the others' coordinators cannot sign
in), then dated back to the invented day. Idempotent: an area that has one keeps it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from samsyn.core.access import actor_for
from samsyn.followup.models import AreaReflection, ReflectionDeadline
from samsyn.followup.services import reflection_submit
from samsyn.parties.models import CareProvider, CooperationArea, Membership, Role
from samsyn.parties.services import membership_grant

YEAR = 2025
DEADLINE = datetime.date(2026, 3, 31)

# Area name -> (the demo coordinator's username, submitted on, the three texts).
REFLECTIONS = {
    "Södra Älvsborg": (
        "samordnare.sodra",
        datetime.date(2026, 3, 18),
        (
            "Flest avvikelser gäller läkemedel vid utskrivning från sjukhuset till "
            "hemsjukvården i Borås. Ökningen jämfört med 2024 tolkar vi främst som att fler "
            "rapporterar sedan Samsyn infördes, inte som att fler fel sker.",
            "Gemensam genomgång av utskrivningsrutinen mellan sjukhuset och kommunernas "
            "hemsjukvård; läkemedelslistan skickas nu med vid varje utskrivning. "
            "Uppföljning i delregionala samverkansgruppen varje kvartal.",
            "Ta fram en länsgemensam checklista för läkemedel vid utskrivning och följ upp "
            "andelen avvikelser som klassas som ”Annat”.",
        ),
    ),
    "Fyrbodal": (
        "delreg.fyrbodal",
        datetime.date(2026, 3, 9),
        (
            "Avvikelserna gäller oftast informationsöverföring vid inskrivning i "
            "hemsjukvården. De mindre kommunerna har få ärenden, så enskilda händelser "
            "ger stora svängningar i andelarna.",
            "Utbildning i avvikelsehantering för kommunernas sjuksköterskor och "
            "vårdcentralernas personal; gemensamma avvikelseträffar två gånger per år.",
            "Redovisa siffrorna per 10 000 invånare även för delregionerna i "
            "årsrapporten och stöd små kommuner med analysen.",
        ),
    ),
    "Skaraborg": (
        "delreg.skaraborg",
        datetime.date(2026, 3, 25),
        (
            "Många avvikelser rör tillgänglighet till läkare i kommunal hälso- och "
            "sjukvård kvällar och helger. Svarstiderna har blivit kortare under året.",
            "Ny överenskommelse om läkarmedverkan i särskilt boende har prövats i tre "
            "kommuner; resultatet följs upp under 2026.",
            "Ta upp läkarmedverkan i länets samverkansorgan och ge stöd för en "
            "gemensam uppföljning av ärenden som inte besvaras i tid.",
        ),
    ),
    "Kungälv/Ale/Stenungsund/Tjörn (SIMBA)": (
        "delreg.simba",
        datetime.date(2026, 3, 30),
        (
            "Antalet avvikelser är stabilt. De flesta gäller samordnad individuell plan "
            "som inte kommit till stånd innan utskrivning.",
            "Rutinen för samordnad individuell plan är uppdaterad och har gåtts igenom "
            "på samtliga enheter inom området.",
            "Gör det enklare att se i Samsyn vilka ärenden som gäller samordnad "
            "individuell plan, så att området kan följa dem över tid.",
        ),
    ),
    "Lerum/Alingsås (SAMLA)": (
        "delreg.samla",
        datetime.date(2026, 4, 14),  # after the deadline: the report says so
        (
            "Få avvikelser i förhållande till invånarantalet. Vi bedömer att det finns en "
            "underrapportering från primärvården.",
            "Information om avvikelserapportering på arbetsplatsträffar i både kommunerna "
            "och vårdcentralerna.",
            "Påminn i god tid om när reflektionen ska vara inlämnad.",
        ),
    ),
    # Göteborgsområdet: none, on purpose.
}


def _coordinator(username: str, area: CooperationArea):
    """The area's sub-regional coordinator: the demo person, or one made for the reflection
    (no password: nobody signs in as them)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name="Delregional", last_name="samordnare")
        user.set_unusable_password()
        user.save()
    held = Membership.objects.filter(user=user, role=Role.SUBREGIONAL_COORDINATOR, area=area)
    if not held.exists():
        member = area.members.order_by("name").first()
        provider = CareProvider.objects.filter(party=member).order_by("pk").first()
        membership = membership_grant(
            actor=None, user=user, provider=provider, role=Role.SUBREGIONAL_COORDINATOR
        )
        membership.area = area
        membership.save(update_fields=["area"])
    return user


def reflections_load() -> int:
    """Submit the invented reflections that are missing, and the deadline; returns how many."""
    created = 0
    for name, (username, day, (meaning, measures, county_should)) in REFLECTIONS.items():
        area = CooperationArea.objects.filter(name=name).first()
        if area is None or AreaReflection.objects.filter(area=area, year=YEAR).exists():
            continue
        ReflectionDeadline.objects.get_or_create(
            county=area.county, year=YEAR, defaults={"due_on": DEADLINE}
        )
        reflection = reflection_submit(
            actor=actor_for(_coordinator(username, area)),
            area=area,
            year=YEAR,
            texts={
                "figures_meaning": meaning,
                "measures_taken": measures,
                "county_should": county_should,
            },
        )
        submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        AreaReflection.objects.filter(pk=reflection.pk).update(submitted_at=submitted)
        created += 1
    return created
