"""Every deviation knows its place in the county (issue 20 item 1): the municipality it
concerns, its sub-region and cooperation area, kept on the case as they were when it was
reported, and filled in for the cases that existed before."""

import importlib

import pytest
from django.apps import apps

from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import Deviation
from samsyn.deviations.tests.factories import document_make, report_data
from samsyn.parties.models import CareProvider, CooperationArea, Party, Population, Role
from samsyn.parties.tests.factories import person

backfill_place = importlib.import_module(
    "samsyn.deviations.migrations.0016_case_place"
).backfill_place


def _report(reporter, reporting, counterpart):
    person(counterpart, Role.HANDLER)  # someone receives it
    return services.deviation_report(
        actor=actor_for(reporter),
        report=report_data(
            reporting_provider=reporting, counterpart_provider=counterpart, document=document_make()
        ),
    )


@pytest.fixture
def kungalv(reference_data):
    return CareProvider.objects.get(party__code="1482", kind=CareProvider.Kind.MUNICIPAL)


def test_a_municipality_s_report_to_the_region_is_placed_in_its_area(boras, sas, make_person):
    case = _report(make_person(boras, Role.REPORTER), boras, sas)
    assert case.municipality.name == "Borås Stad"
    assert case.sub_region.name == "Boråsregionen, Sjuhärads kommunalförbund"
    assert case.area.name == "Södra Älvsborg"


def test_the_region_s_report_is_placed_with_the_receiving_municipality(sas, kungalv, make_person):
    case = _report(make_person(sas, Role.REPORTER), sas, kungalv)
    assert case.municipality.code == "1482"
    assert case.sub_region.name == "Göteborgsregionen"
    assert case.area.name == "Kungälv/Ale/Stenungsund/Tjörn (SIMBA)"


def test_a_case_between_two_municipalities_is_placed_with_the_reporting_one(
    boras, skovde, make_person
):
    case = _report(make_person(skovde, Role.REPORTER), skovde, boras)
    assert case.municipality.name == "Skövde kommun"
    assert case.area.name == "Skaraborg"


def test_a_case_inside_the_region_has_no_municipality(sas, make_person):
    other = CareProvider.objects.get(name="Närhälsan")
    case = _report(make_person(sas, Role.REPORTER), sas, other)
    assert (case.municipality, case.sub_region, case.area) == (None, None, None)


def test_a_later_change_of_area_membership_does_not_move_past_cases(boras, sas, make_person):
    case = _report(make_person(boras, Role.REPORTER), boras, sas)
    borås_party = Party.objects.get(code="1490")
    CooperationArea.objects.get(name="Södra Älvsborg").members.remove(borås_party)
    CooperationArea.objects.get(name="Skaraborg").members.add(borås_party)
    case.refresh_from_db()
    assert case.area.name == "Södra Älvsborg"


def test_the_migration_fills_in_the_place_of_cases_reported_before(boras, sas, skovde, make_person):
    from_boras = _report(make_person(boras, Role.REPORTER), boras, sas)
    from_sas = _report(make_person(sas, Role.REPORTER), sas, skovde)
    Deviation.objects.update(municipality=None, sub_region=None, area=None)
    backfill_place(apps, None)
    from_boras.refresh_from_db()
    from_sas.refresh_from_db()
    assert (from_boras.municipality.code, from_boras.area.name) == ("1490", "Södra Älvsborg")
    assert (from_sas.municipality.code, from_sas.area.name) == ("1496", "Skaraborg")


def test_population_figures_load_with_the_parties_with_their_year(reference_data):
    göteborg = Population.objects.get(party__code="1480")
    assert (göteborg.year, göteborg.inhabitants) == (2024, 608_993)
    assert "SCB" in göteborg.source


def test_a_population_figure_from_another_publication_names_its_own_source(reference_data):
    vänersborg = Population.objects.get(party__code="1487")
    assert (vänersborg.year, vänersborg.inhabitants) == (2024, 40_041)
    assert "sverigestatistik.se" in vänersborg.source
    # A municipality without a citable figure has none, and the report says "saknas".
    assert not Population.objects.filter(party__code="1496").exists()


def test_cases_written_around_the_services_get_their_place_filled_in(boras, sas, make_person):
    from samsyn.followup.services import case_places_fill

    case = _report(make_person(boras, Role.REPORTER), boras, sas)
    Deviation.objects.filter(pk=case.pk).update(municipality=None, sub_region=None, area=None)
    assert case_places_fill(county=boras.party.county) == 1
    case.refresh_from_db()
    assert (case.municipality.code, case.area.name) == ("1490", "Södra Älvsborg")
