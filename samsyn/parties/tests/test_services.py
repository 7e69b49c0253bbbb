import copy

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from samsyn.parties.models import CareProvider, CareUnit, CooperationArea, County, Party, Role
from samsyn.parties.services import (
    EMAIL_REQUIRED,
    membership_grant,
    person_create,
    reference_data_file,
    reference_data_load,
)

# DOMAIN.md "Reference facts", written out independently of the shipped file.
EXPECTED = {
    "Fyrbodals kommunalförbund": {
        "1460",
        "1438",
        "1439",
        "1484",
        "1461",
        "1430",
        "1421",
        "1427",
        "1486",
        "1435",
        "1488",
        "1485",
        "1487",
        "1492",
    },
    "Göteborgsregionen": {
        "1440",
        "1489",
        "1480",
        "1401",
        "1482",
        "1441",
        "1462",
        "1481",
        "1402",
        "1415",
        "1419",
        "1407",
    },
    "Skaraborgs kommunalförbund": {
        "1445",
        "1499",
        "1444",
        "1447",
        "1471",
        "1497",
        "1446",
        "1494",
        "1493",
        "1495",
        "1496",
        "1472",
        "1498",
        "1473",
        "1470",
    },
    "Boråsregionen, Sjuhärads kommunalförbund": {
        "1443",
        "1490",
        "1466",
        "1463",
        "1465",
        "1452",
        "1491",
        "1442",
    },
}


def test_reference_data_has_49_municipalities_with_official_codes_in_four_sub_regions(
    reference_data,
):
    municipalities = Party.objects.filter(kind=Party.Kind.MUNICIPALITY)
    assert municipalities.count() == 49
    actual = {}
    for party in municipalities.select_related("sub_region"):
        actual.setdefault(party.sub_region.name, set()).add(party.code)
    assert actual == EXPECTED


def test_each_municipality_is_a_care_provider_and_vgr_runs_its_organisations(reference_data):
    assert CareProvider.objects.filter(kind=CareProvider.Kind.MUNICIPAL).count() == 49
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    assert vgr.name == "Västra Götalandsregionen"
    names = set(vgr.providers.values_list("name", flat=True))
    assert {"Sahlgrenska Universitetssjukhuset", "NU-sjukvården", "Närhälsan"} <= names


def test_every_municipality_belongs_to_a_cooperation_area(reference_data):
    # Göteborgsområdet dropped out of the 2024 county report; no municipality may be left out.
    without_area = Party.objects.filter(kind=Party.Kind.MUNICIPALITY, areas__isnull=True)
    assert list(without_area) == []
    assert CooperationArea.objects.count() == 6


def test_loading_reference_data_twice_creates_nothing_new(reference_data):
    before = {
        model: sorted(model.objects.values_list("pk", flat=True))
        for model in (Party, CareProvider, CooperationArea)
    }
    reference_data_load(data=reference_data_file("vastra_gotaland"))
    after = {
        model: sorted(model.objects.values_list("pk", flat=True))
        for model in (Party, CareProvider, CooperationArea)
    }
    assert after == before


def test_reloading_keeps_area_membership_edited_by_an_administrator(reference_data):
    area = CooperationArea.objects.get(name="Göteborgsområdet")
    ale = Party.objects.get(code="1440")
    area.members.add(ale)
    reference_data_load(data=reference_data_file("vastra_gotaland"))
    assert area.members.filter(pk=ale.pk).exists()


def test_the_countys_patient_safety_forum_is_reference_data_kept_when_renamed(reference_data):
    county = County.objects.get(code="14")
    assert county.patient_safety_forum == "Länsgemensamt patientsäkerhetsforum"
    County.objects.filter(pk=county.pk).update(patient_safety_forum="Patientsäkerhetsrådet VGR")
    reference_data_load(data=reference_data_file("vastra_gotaland"))
    county.refresh_from_db()
    assert county.patient_safety_forum == "Patientsäkerhetsrådet VGR"


def _other_county(data):
    """The shipped data renamed to a new county, so that a failed load has nothing to reuse."""
    data = copy.deepcopy(data)
    data["county"] = {"code": "99", "name": "Provlän"}
    data["region"]["code"] = "99"
    for i, municipality in enumerate(data["municipalities"]):
        municipality["code"] = f"99{i:02d}"
    for area in data["cooperation_areas"]:
        area["members"] = []
    return data


@pytest.mark.parametrize("code", ["14x9", "14\u00b29", "\u0661\u0664\u0668\u0669"])
def test_unknown_municipality_code_is_refused_and_nothing_is_saved(reference_data, code):
    data = _other_county(reference_data_file("vastra_gotaland"))
    data["municipalities"][-1]["code"] = code
    before = Party.objects.count()
    with pytest.raises(ValidationError, match="inte fyra siffror"):
        reference_data_load(data=data)
    assert Party.objects.count() == before


def test_area_naming_an_unknown_municipality_is_refused_and_nothing_is_saved(reference_data):
    data = _other_county(reference_data_file("vastra_gotaland"))
    data["cooperation_areas"][0]["members"] = ["8888"]
    before = Party.objects.count()
    with pytest.raises(ValidationError, match="8888"):
        reference_data_load(data=data)
    assert Party.objects.count() == before


def test_load_command_reports_a_missing_file_in_swedish(db):
    with pytest.raises(CommandError, match="Referensfilen finns inte"):
        call_command("load_reference_data", "/nonexistent/county.json")


def test_a_person_without_an_email_address_is_refused_and_not_saved(boras):
    with pytest.raises(ValidationError) as exc:
        person_create(actor=None, username="nobody", email=" ", provider=boras, role=Role.REPORTER)
    assert exc.value.message_dict["email"] == [EMAIL_REQUIRED]
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_unit_of_another_provider_is_refused(boras, sas, make_person):
    user = make_person(boras, Role.REPORTER)
    ward = CareUnit.objects.create(provider=sas, name="Avdelning 12")
    with pytest.raises(ValidationError) as exc:
        membership_grant(actor=None, user=user, provider=boras, unit=ward, role=Role.HANDLER)
    assert "unit" in exc.value.message_dict


def test_duplicate_provider_under_a_party_is_refused(boras):
    duplicate = CareProvider(party=boras.party, name="Borås Stad", kind=CareProvider.Kind.MUNICIPAL)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_no_role_gives_the_admin_flag_not_even_the_county_administrators(boras, make_person):
    reporter = make_person(boras, Role.REPORTER)
    assert not reporter.is_staff
    membership_grant(actor=None, user=reporter, provider=boras, role=Role.COUNTY_ADMINISTRATOR)
    reporter.refresh_from_db()
    assert not reporter.is_staff  # the Django admin is for superusers only (issue 23 item 4)
