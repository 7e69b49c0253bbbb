"""The municipalities are named as they name themselves, and a corrected name in the reference
file renames the party (matched by its code) when the file is loaded again."""

import pytest

from samsyn.audit.models import AuditEvent
from samsyn.parties.models import CareProvider, Party
from samsyn.parties.services import reference_data_file, reference_data_load

# The official names (genitive -s, and "stad" where the municipality calls itself a city).
OFFICIAL_NAMES = {
    "1460": "Bengtsfors kommun",
    "1438": "Dals-Eds kommun",
    "1439": "Färgelanda kommun",
    "1484": "Lysekils kommun",
    "1461": "Melleruds kommun",
    "1430": "Munkedals kommun",
    "1421": "Orust kommun",
    "1427": "Sotenäs kommun",
    "1486": "Strömstads kommun",
    "1435": "Tanums kommun",
    "1488": "Trollhättans Stad",
    "1485": "Uddevalla kommun",
    "1487": "Vänersborgs kommun",
    "1492": "Åmåls kommun",
    "1440": "Ale kommun",
    "1489": "Alingsås kommun",
    "1480": "Göteborgs Stad",
    "1401": "Härryda kommun",
    "1482": "Kungälvs kommun",
    "1441": "Lerums kommun",
    "1462": "Lilla Edets kommun",
    "1481": "Mölndals stad",
    "1402": "Partille kommun",
    "1415": "Stenungsunds kommun",
    "1419": "Tjörns kommun",
    "1407": "Öckerö kommun",
    "1445": "Essunga kommun",
    "1499": "Falköpings kommun",
    "1444": "Grästorps kommun",
    "1447": "Gullspångs kommun",
    "1471": "Götene kommun",
    "1497": "Hjo kommun",
    "1446": "Karlsborgs kommun",
    "1494": "Lidköpings kommun",
    "1493": "Mariestads kommun",
    "1495": "Skara kommun",
    "1496": "Skövde kommun",
    "1472": "Tibro kommun",
    "1498": "Tidaholms kommun",
    "1473": "Töreboda kommun",
    "1470": "Vara kommun",
    "1443": "Bollebygds kommun",
    "1490": "Borås Stad",
    "1466": "Herrljunga kommun",
    "1463": "Marks kommun",
    "1465": "Svenljunga kommun",
    "1452": "Tranemo kommun",
    "1491": "Ulricehamns kommun",
    "1442": "Vårgårda kommun",
}


def test_every_municipality_has_its_official_name(reference_data):
    names = dict(Party.objects.filter(kind=Party.Kind.MUNICIPALITY).values_list("code", "name"))
    assert names == OFFICIAL_NAMES
    for code, name in OFFICIAL_NAMES.items():  # each is a care provider under the same name
        assert CareProvider.objects.filter(party__code=code, name=name).exists()


@pytest.mark.parametrize(
    ("code", "old_name"), [("1443", "Bollebygd kommun"), ("1481", "Mölndals Stad")]
)
def test_reloading_renames_a_party_and_its_own_provider_by_code(reference_data, code, old_name):
    party = Party.objects.get(code=code)
    new_name = party.name
    # As a database loaded before the names were corrected has them.
    Party.objects.filter(pk=party.pk).update(name=old_name)
    CareProvider.objects.filter(party=party, name=new_name).update(name=old_name)
    providers = CareProvider.objects.filter(party=party).count()

    reference_data_load(data=reference_data_file("vastra_gotaland"))

    party.refresh_from_db()
    assert party.name == new_name
    assert CareProvider.objects.filter(party=party).count() == providers  # renamed, not added
    assert CareProvider.objects.filter(party=party, name=new_name).exists()
    event = AuditEvent.objects.get(action="parties.party.renamed", object_id=str(party.pk))
    assert event.data == {"code": code, "before": {"name": old_name}, "after": {"name": new_name}}
    # Loading again changes nothing more.
    reference_data_load(data=reference_data_file("vastra_gotaland"))
    assert AuditEvent.objects.filter(action="parties.party.renamed").count() == 1


def test_the_regions_organisations_are_named_as_in_the_agreements_documents(reference_data):
    names = set(
        CareProvider.objects.filter(party__kind=Party.Kind.REGION).values_list("name", flat=True)
    )
    assert {"Sjukhusen i Väster", "NU-sjukvården", "Södra Älvsborgs Sjukhus"} <= names
