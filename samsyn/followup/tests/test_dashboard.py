"""The follow-up dashboard (issue 20 item 4): the report's figures under the filter in the query
string, the trend over the years, and links into the case list under the same filter; figures
checked against the small county of conftest.county_cases, computed by hand:

2025: c1 Borås→SAS (10 Mar), c2 Borås→SAS (1 Jun, "Annat"), c3 Skövde→SAS (15 Sep),
c4 SAS→Borås (5 May); good cooperation apart. 2024: one from Borås, one from SAS→Skövde.
"""

import re
from html import unescape

import pytest

from samsyn.deviations.models import Category
from samsyn.followup.tests.conftest import YEAR
from samsyn.parties.models import CareProvider, CareUnit, CooperationArea, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, personas):
    client.force_login(personas["analyst"])
    return client


def _figure(page: str, label: str) -> str:
    """The value of a key figure on the page, by its label."""
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert match, label
    return match.group(1).strip()


def _trend(page: str) -> dict[str, list[str]]:
    """The trend table's rows: year → [in all, from the municipalities, from the region]."""
    table = page.split('id="trend"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', table, re.DOTALL)
    return {year: re.findall(r">([\d\s]+)</td>", cells) for year, cells in rows}


def _links(page: str, key: str) -> dict[str, str]:
    """The drill-down links of a table: row name → address."""
    table = page.split(f'id="{key}"', 1)[1].split("</table>", 1)[0]
    return {
        name: unescape(url) for url, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', table)
    }


def test_the_analyst_sees_the_years_figures_and_the_trend(analyst_client, county_cases):
    response = analyst_client.get(f"/uppfoljning/?year={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert _figure(page, "Rapporterade avvikelser") == "4"
    assert _figure(page, "Från kommunerna") == "3"
    assert _figure(page, "Från regionen") == "1"
    assert _figure(page, "Förändring mot året före") == "–"  # 2024 begins in April
    trend = _trend(page)
    assert list(trend) == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert trend["2024"] == ["2", "1", "1"] and trend["2025"] == ["4", "3", "1"]
    assert trend["2020"] == ["0", "0", "0"]
    assert page.count("data:image/svg+xml;base64,") >= 5  # every chart beside its table


def test_a_quarter_cuts_the_figures_but_not_the_trend(analyst_client, county_cases):
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}&period=q2").content.decode()
    assert _figure(page, "Från kommunerna") == "1"  # c2, 1 June
    assert _figure(page, "Från regionen") == "1"  # c4, 5 May
    assert "2025-04-01 – 2025-06-30" in page
    assert _trend(page)["2025"] == ["4", "3", "1"]  # whole years


def test_an_area_cuts_the_figures_and_the_trend(analyst_client, county_cases):
    skaraborg = CooperationArea.objects.get(name="Skaraborg")
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}&area={skaraborg.pk}").content.decode()
    assert _figure(page, "Rapporterade avvikelser") == "1"  # c3
    assert _trend(page)["2024"] == ["1", "0", "1"]  # SAS→Skövde


def test_a_row_leads_to_its_cases_under_the_same_filter(analyst_client, county_cases):
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}").content.decode()
    annat = Category.objects.get(name="Annat")
    link = _links(page, "categories")["Annat"]
    assert f"category={annat.pk}" in link
    assert "date_from=2025-01-01" in link and "date_to=2025-12-31" in link
    listed = analyst_client.get(link).content.decode()
    assert county_cases["c2"].reference in listed  # "Annat" now; c3 was re-coded
    assert county_cases["c1"].reference not in listed
    skaraborg = _links(page, "areas")["Skaraborg"]
    listed = analyst_client.get(skaraborg).content.decode()
    assert county_cases["c3"].reference in listed
    assert county_cases["c1"].reference not in listed
    assert 'name="area"' in listed  # kept when the list is filtered further


def test_the_unit_menu_follows_the_chosen_provider(analyst_client, boras, sas, county_cases):
    CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    CareUnit.objects.create(provider=sas, name="Avdelning 12")
    fragment = analyst_client.get(
        f"/uppfoljning/?part=unit&provider={boras.pk}&unit=999"
    ).content.decode()
    assert fragment.startswith('<div id="dashboard-unit">')
    assert "Hemtjänst Norr" in fragment and "Avdelning 12" not in fragment
    assert "error" not in fragment  # the old provider's unit is dropped, not refused


def test_a_filter_that_makes_no_sense_is_refused_in_swedish(analyst_client, county_cases):
    response = analyst_client.get("/uppfoljning/?year=1999&area=x")
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


def test_the_county_coordinator_sees_figures_and_others_see_the_pairs(
    client, make_person, boras, county_cases
):
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    client.force_login(make_person(koncern, Role.COUNTY_COORDINATOR))
    assert "Rapporterade avvikelser" in client.get("/uppfoljning/").content.decode()
    client.force_login(make_person(boras, Role.MANAGER_STEP1))
    page = client.get("/uppfoljning/").content.decode()
    assert "Rapporterade avvikelser" not in page and "/uppfoljning/kommun/" in page
    client.force_login(make_person(boras, Role.HANDLER))
    assert client.get("/uppfoljning/").status_code == 403


def _rows(page: str, key: str) -> dict[str, list[str]]:
    """A table's rows by their name: name → the cells' text."""
    table = page.split(f'id="{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', table, re.S)
    return {
        name: [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
        for name, cells in rows
    }


def test_classification_quality_shows_annat_ovrigt_and_no_measure_per_year_provider_category(
    analyst_client, county_cases, boras, skovde
):
    """2025: c2 is "Annat" now, c3 was "Annat" when reported (re-coded), c4 has an "other"
    organisation consequence, c1 closed with a reasoned "no measure"; 2024 has none."""
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}").content.decode()
    assert "Klassificeringens kvalitet" in page
    years = _rows(page, "quality-years")
    assert years["2025"] == ["4", "25", "50", "25", "100"]
    assert years["2024"] == ["2", "0", "0", "0", "saknas"]  # nothing closed to count from
    providers = _rows(page, "quality-providers")
    assert list(providers)[0] == boras.name  # the most "Annat" first
    assert providers[boras.name] == ["2", "50", "50", "0", "100"]
    assert providers[skovde.name] == ["1", "0", "100", "0", "saknas"]
    categories = _rows(page, "quality-categories")
    assert categories["Annat"][:3] == ["1", "100", "100"]
    category_links = _links(page, "quality-categories")
    assert "category=" in category_links["Annat"]


def test_classification_quality_follows_the_filter(analyst_client, county_cases, boras):
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}&provider={boras.pk}").content.decode()
    years = _rows(page, "quality-years")
    assert years["2025"][:3] == ["3", "33,30", "33,30"]  # c1, c2 and c4 (Borås either side)


def test_a_sub_region_a_unit_and_a_category_cut_the_figures(
    analyst_client, county_cases, boras, sas
):
    from samsyn.deviations.models import Deviation
    from samsyn.parties.models import SubRegion

    skaraborgs = SubRegion.objects.get(name="Skaraborgs kommunalförbund")
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}&sub_region={skaraborgs.pk}")
    assert _figure(page.content.decode(), "Rapporterade avvikelser") == "1"  # c3 (Skövde)
    annat = Category.objects.get(name="Annat")
    page = analyst_client.get(f"/uppfoljning/?year={YEAR}&category={annat.pk}").content.decode()
    assert _figure(page, "Rapporterade avvikelser") == "1"  # c2; c3 was re-coded
    # c1 reported from Borås's home care unit, c4 received there: the unit is either side.
    unit = CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    Deviation.objects.filter(pk=county_cases["c1"].pk).update(reporting_unit=unit)
    Deviation.objects.filter(pk=county_cases["c4"].pk).update(receiving_unit=unit)
    page = analyst_client.get(
        f"/uppfoljning/?year={YEAR}&provider={boras.pk}&unit={unit.pk}"
    ).content.decode()
    assert _figure(page, "Från kommunerna") == "1"  # c1
    assert _figure(page, "Från regionen") == "1"  # c4


@pytest.mark.parametrize(
    "query",
    [
        "year=99999",
        "year=-1",
        "year=２０２５",
        "period=q9",
        "provider=-1",
        "unit=١",
        "sub_region=x",
    ],
)
def test_nonsense_in_the_filter_is_a_400_in_swedish_never_an_error(
    analyst_client, county_cases, query
):
    response = analyst_client.get(f"/uppfoljning/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Rapporterade avvikelser" in page  # the default year's figures stay readable


def test_the_dashboard_s_queries_do_not_grow_with_the_cases(
    analyst_client, county_cases, boras, sas, make_person
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samsyn.core.access import actor_for
    from samsyn.deviations import services as deviation_services
    from samsyn.deviations.tests.factories import document_make, report_data

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert analyst_client.get(f"/uppfoljning/?year={YEAR}").status_code == 200
        return len(captured)

    before = statements()
    reporter = actor_for(make_person(boras, Role.REPORTER))
    for day in ("2025-02-01", "2024-04-15", "2023-08-20"):  # this year and the trend's
        deviation_services.deviation_report(
            actor=reporter,
            report=report_data(
                reporting_provider=boras,
                counterpart_provider=sas,
                document=document_make(),
                event_date=datetime.date.fromisoformat(day),
            ),
        )
    assert statements() == before
