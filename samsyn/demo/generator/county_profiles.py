"""What the generator assumes about a county beyond the reference data: how big each
municipality is, which hospital serves which cooperation area, what each regional care
provider does. Demo weights only, never shown as facts: the reference data stays the source
of truth for parties and providers, and a county without a profile gets even weights.
"""

# Rounded population per municipality code (order of magnitude from Statistics Sweden),
# used only to weigh how many deviations a municipality's cases make up.
VASTRA_GOTALAND_POPULATION = {
    "1440": 32000,
    "1489": 42000,
    "1460": 9300,
    "1443": 9900,
    "1490": 115000,
    "1438": 4800,
    "1445": 5700,
    "1499": 33800,
    "1439": 6500,
    "1444": 5800,
    "1447": 5200,
    "1480": 600000,
    "1471": 13200,
    "1466": 9500,
    "1497": 9200,
    "1401": 39000,
    "1446": 6900,
    "1482": 48000,
    "1441": 43000,
    "1494": 40000,
    "1462": 14000,
    "1484": 14400,
    "1493": 24500,
    "1463": 35000,
    "1461": 8800,
    "1430": 10500,
    "1481": 70000,
    "1421": 15400,
    "1402": 40000,
    "1495": 18800,
    "1496": 57000,
    "1427": 9000,
    "1415": 27500,
    "1486": 13300,
    "1465": 10800,
    "1435": 12900,
    "1472": 11400,
    "1498": 13000,
    "1419": 16000,
    "1452": 11700,
    "1488": 60000,
    "1473": 9500,
    "1485": 57000,
    "1491": 25000,
    "1470": 16000,
    "1442": 12000,
    "1487": 40000,
    "1492": 12300,
    "1407": 13000,
}

# What each regional provider does, by name: whom a municipality's case can be about.
HOSPITAL, PRIMARY_CARE, DENTAL, NOT_CARE = "hospital", "primary_care", "dental", "not_care"
VASTRA_GOTALAND_PROVIDER_KINDS = {
    "Sahlgrenska Universitetssjukhuset": HOSPITAL,
    "Södra Älvsborgs Sjukhus": HOSPITAL,
    "NU-sjukvården": HOSPITAL,
    "Skaraborgs Sjukhus": HOSPITAL,
    "Sjukhusen i Väster": HOSPITAL,
    "Närhälsan": PRIMARY_CARE,
    "Medtanken Group": PRIMARY_CARE,
    "Folktandvården": DENTAL,
    "Regionhälsan": NOT_CARE,
    "Koncernkontoret": NOT_CARE,
}

# Cooperation area -> the hospitals its municipalities' patients mostly come home from.
VASTRA_GOTALAND_CATCHMENT = {
    "Fyrbodal": {"NU-sjukvården": 9, "Sahlgrenska Universitetssjukhuset": 1},
    "Skaraborg": {"Skaraborgs Sjukhus": 9, "Sahlgrenska Universitetssjukhuset": 1},
    "Södra Älvsborg": {"Södra Älvsborgs Sjukhus": 9, "Sahlgrenska Universitetssjukhuset": 1},
    "Göteborgsområdet": {"Sahlgrenska Universitetssjukhuset": 9, "Sjukhusen i Väster": 1},
    "Kungälv/Ale/Stenungsund/Tjörn (SIMBA)": {
        "Sjukhusen i Väster": 6,
        "Sahlgrenska Universitetssjukhuset": 3,
        "NU-sjukvården": 1,
    },
    "Lerum/Alingsås (SAMLA)": {"Sjukhusen i Väster": 6, "Sahlgrenska Universitetssjukhuset": 4},
}

# Public primary care is the larger share; private primary care under vårdval the rest.
VASTRA_GOTALAND_PRIMARY_CARE = {"Närhälsan": 7, "Medtanken Group": 3}

PROFILES = {
    "14": {
        "population": VASTRA_GOTALAND_POPULATION,
        "provider_kinds": VASTRA_GOTALAND_PROVIDER_KINDS,
        "catchment": VASTRA_GOTALAND_CATCHMENT,
        "primary_care": VASTRA_GOTALAND_PRIMARY_CARE,
    },
}


def provider_kind_guess(name: str) -> str:
    """A county without a profile: guess what a regional provider does from its name."""
    lowered = name.lower()
    if "tandvård" in lowered:
        return DENTAL
    if any(w in lowered for w in ("vårdcentral", "primärvård", "hälsan")):
        return PRIMARY_CARE
    if any(w in lowered for w in ("kansli", "koncern", "förvaltning")):
        return NOT_CARE
    return HOSPITAL
