"""A profile for MedControl PRO's own export (docs/samples/medcontrol-pro-exempel.csv): its
column headers and words mapped to the layout and to Samsyn's values, as a county
administrator would keep them in the administration. The demo and the tests load it."""

from samsyn.history.models import ColumnMapping, ImportProfile, ValueMapping
from samsyn.parties.models import County

MEDCONTROL_COLUMNS = {
    "source_id": "ÄrendeID",
    "reporting_provider": "Avsändare",
    "counterpart_provider": "Mottagare",
    "event_date": "Datum händelse",
    "registered_on": "Reg.datum",
    "closed_on": "Avslutsdatum",
    "description": "Händelsebeskrivning",
    "document": "Rutin",
    "category": "Händelsekategori",
    "patient_consequence": "Vårdskada",
    "organisation_consequence": "Konsekvens verksamhet",
}
MEDCONTROL_VALUES = [
    ("provider", "SÄS", "Södra Älvsborgs Sjukhus"),
    ("document", "Läkaransvar", "OK-LAKARANSVAR"),
    ("category", "Läkemedel", "Läkemedel i vårdens övergångar"),
    ("category", "Utskrivning", "In- och utskrivning"),
    ("consequence", "Ingen skada", "Ingen"),
    ("organisation_consequence", "Merarbete", "Ökad arbetsinsats"),
]


def medcontrol_profile_load(*, county: County | None = None) -> ImportProfile:
    """The profile "MedControl PRO" of the county (Västra Götaland by default); once."""
    county = county or County.objects.get(name__icontains="Västra Götaland")
    profile, _created = ImportProfile.objects.get_or_create(county=county, name="MedControl PRO")
    for field, column in MEDCONTROL_COLUMNS.items():
        ColumnMapping.objects.get_or_create(
            profile=profile, field=field, defaults={"column": column}
        )
    for kind, source, target in MEDCONTROL_VALUES:
        ValueMapping.objects.get_or_create(
            profile=profile, kind=kind, source_value=source, defaults={"target": target}
        )
    return profile
