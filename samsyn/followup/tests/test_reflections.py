"""Each cooperation area's yearly reflection in one template (issue 20 item 3): written by the
area's sub-regional coordinators, shown in the county report, flagged when missing or late."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samsyn.core.access import actor_for
from samsyn.followup import services
from samsyn.followup.models import AreaReflection, ReflectionDeadline
from samsyn.followup.report import ReportFilter, county_report
from samsyn.followup.tests.conftest import AS_OF, YEAR, at
from samsyn.parties.models import CooperationArea, County, Membership, Role
from samsyn.parties.tests.factories import person

pytestmark = pytest.mark.django_db

TEXTS = {
    "figures_meaning": "Fler avvikelser efter att Borås började rapportera i Samsyn.",
    "measures_taken": "Gemensam genomgång av utskrivningsrutinen.",
    "county_should": "Ta fram en länsgemensam checklista för läkemedelslistan.",
}


@pytest.fixture
def area(reference_data):
    return CooperationArea.objects.get(name="Södra Älvsborg")


@pytest.fixture
def coordinator(boras, area):
    user = person(boras, Role.REPORTER)
    Membership.objects.create(
        user=user, provider=boras, role=Role.SUBREGIONAL_COORDINATOR, area=area
    )
    return user


def test_the_area_s_coordinator_submits_its_reflection(coordinator, area):
    reflection = services.reflection_submit(
        actor=actor_for(coordinator), area=area, year=YEAR, texts=TEXTS
    )
    assert reflection.county_should == TEXTS["county_should"]
    assert reflection.submitted_by == coordinator


def test_a_coordinator_of_another_area_may_not_write_it(coordinator, reference_data):
    skaraborg = CooperationArea.objects.get(name="Skaraborg")
    with pytest.raises(PermissionDenied):
        services.reflection_submit(
            actor=actor_for(coordinator), area=skaraborg, year=YEAR, texts=TEXTS
        )


def test_every_part_of_the_template_is_required(coordinator, area):
    with pytest.raises(ValidationError) as exc:
        services.reflection_submit(
            actor=actor_for(coordinator), area=area, year=YEAR, texts={"figures_meaning": " "}
        )
    assert set(exc.value.message_dict) == {"figures_meaning", "measures_taken", "county_should"}


def test_a_reflection_on_a_year_before_any_case_is_refused_in_swedish(coordinator, area):
    with pytest.raises(ValidationError) as refused:
        services.reflection_submit(actor=actor_for(coordinator), area=area, year=1, texts=TEXTS)
    assert "före 2000" in str(refused.value.message_dict["year"])
    assert not AreaReflection.objects.exists()


def test_submitting_again_changes_it_and_keeps_the_first_date(coordinator, area):
    first = services.reflection_submit(
        actor=actor_for(coordinator), area=area, year=YEAR, texts=TEXTS
    )
    again = services.reflection_submit(
        actor=actor_for(coordinator),
        area=area,
        year=YEAR,
        texts={**TEXTS, "county_should": "Utbildning i samverkan."},
    )
    assert AreaReflection.objects.filter(area=area, year=YEAR).count() == 1
    assert (again.pk, again.submitted_at, again.version) == (first.pk, first.submitted_at, 2)


def test_the_report_shows_a_reflection_and_flags_a_late_one(county_cases, coordinator, area):
    county = County.objects.get(code="14")
    ReflectionDeadline.objects.create(county=county, year=YEAR, due_on=datetime.date(2026, 2, 1))
    services.reflection_submit(actor=actor_for(coordinator), area=area, year=YEAR, texts=TEXTS)
    AreaReflection.objects.filter(area=area).update(submitted_at=at("2026-01-20"))
    report = county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)
    status = {a.area.name: a for a in report.areas}
    on_time = status["Södra Älvsborg"]
    assert on_time.reflection.figures_meaning == TEXTS["figures_meaning"]
    assert on_time.complete and not on_time.reflection_late
    # The deadline has passed (AS_OF is after it) for the areas that have submitted nothing.
    assert status["Skaraborg"].reflection is None and status["Skaraborg"].reflection_late
    assert [a.area.name for a in report.missing_areas] == [
        "Fyrbodal",
        "Göteborgsområdet",
        "Kungälv/Ale/Stenungsund/Tjörn (SIMBA)",
        "Lerum/Alingsås (SAMLA)",
        "Skaraborg",
    ]
    AreaReflection.objects.filter(area=area).update(submitted_at=at("2026-02-10"))
    late = county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)
    assert next(a for a in late.areas if a.area == area).reflection_late


def test_the_reflection_page_shows_the_form_and_keeps_what_was_typed(client, coordinator, area):
    client.force_login(coordinator)
    url = f"/uppfoljning/arsrapport/{YEAR}/reflektion/{area.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"figures_meaning": "Bara detta.", "measures_taken": ""})
    assert response.status_code == 400
    assert "Bara detta." in response.content.decode()
    with_pnr = {**TEXTS, "measures_taken": "Patienten 19121212–1212 fick fel lista."}
    assert client.post(url, with_pnr).status_code == 400
    assert client.post(url, TEXTS).status_code == 302
    assert (
        AreaReflection.objects.get(area=area, year=YEAR).measures_taken == TEXTS["measures_taken"]
    )


def test_the_reflection_page_is_not_there_for_others(client, coordinator, area, boras):
    client.force_login(coordinator)
    skaraborg = CooperationArea.objects.get(name="Skaraborg")
    assert (
        client.get(f"/uppfoljning/arsrapport/{YEAR}/reflektion/{skaraborg.pk}/").status_code == 404
    )
    assert client.get(f"/uppfoljning/arsrapport/2999/reflektion/{area.pk}/").status_code == 404
    # Nor for a year before any case could be reported (the report's first year, 2000).
    assert client.get(f"/uppfoljning/arsrapport/0/reflektion/{area.pk}/").status_code == 404
    assert client.get(f"/uppfoljning/arsrapport/1999/reflektion/{area.pk}/").status_code == 404
    client.force_login(person(boras, Role.HANDLER))
    assert client.get(f"/uppfoljning/arsrapport/{YEAR}/reflektion/{area.pk}/").status_code == 403


def test_the_coordinator_finds_the_reflection_on_the_follow_up_page(client, coordinator, area):
    client.force_login(coordinator)
    page = client.get("/uppfoljning/").content.decode()
    assert f"/reflektion/{area.pk}/" in page
