"""The county's annual report (issue 20 item 2): every figure against the small county of
conftest.county_cases, computed by hand in the comments, not by the code under test."""

import datetime
import re

import pytest

from samsyn.followup.report import ReportFilter, county_report
from samsyn.followup.tests.conftest import AS_OF, YEAR, at
from samsyn.parties.models import County

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(county_cases):
    county = County.objects.get(code="14")
    return county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)


def _row(table, name):
    return next(r for r in table.rows if r.name == name)


def test_reports_by_the_municipalities_and_the_region_and_the_year_before(report):
    # 2025: c1, c2, c3 from municipalities, c4 from the region; c5 is good cooperation.
    assert (report.volume.municipalities, report.volume.region) == (3, 1)
    assert report.volume.good_cooperation == 1
    assert report.volume.ratio == 3.0
    # 2024: one each; the 2026 case counts in neither year.
    assert (report.volume_before.municipalities, report.volume_before.region) == (1, 1)
    assert report.volume_before.ratio == 1.0
    # The county's first case is from 2024-04-01: 2024 holds only its months from April, so
    # 4 against 2 is not given as a change (test_a_year_before_that_begins_after_january…).
    assert report.change_percent is None


def test_every_category_is_listed_with_zero_where_no_case_has_it(report):
    categories = report.tables["categories"]
    # c1, c3 (re-coded to it) from municipalities, c4 from the region.
    assert _row(categories, "Läkemedel i vårdens övergångar").values == [3, 2, 1]
    assert _row(categories, "Annat").values == [1, 1, 0]  # c2
    used = ("Läkemedel i vårdens övergångar", "Annat")
    others = [r for r in categories.rows if r.name not in used]
    assert others and all(r.values == [0, 0, 0] for r in others)


def test_types_causes_and_consequences(report):
    assert _row(report.tables["event_types"], "Avvikelse").values == [4]
    assert _row(report.tables["event_types"], "Tillbud").values == [0]
    causes = report.tables["causes"]
    assert _row(causes, "Kommunikationsbrist mellan vårdgivare").values == [1, 1, 0]  # c1
    assert sum(r.values[0] for r in causes.rows) == 1
    organisation = report.tables["organisation_consequences"]
    assert _row(organisation, "Annan konsekvens").values == [1, 0, 1]  # c4
    assert _row(organisation, "Ökad arbetsinsats").values == [3, 3, 0]  # c1, c2, c3
    patient = report.tables["patient_consequences"]
    assert _row(patient, "Risk för vårdskada (tillbud)").values == [4, 3, 1]


def test_classification_and_closing_shares(report):
    assert report.counts["other"] == 1  # c2 is "Annat" now
    assert report.counts["other_reported"] == 2  # c2, and c3 as reported
    assert report.counts["recoded"] == 1  # c3
    assert report.shares["other"] == 25.0
    assert report.shares["other_reported"] == 50.0
    assert report.shares["ovrigt"] == 25.0  # c4
    assert report.counts["closed"] == 1  # c1, with a reasoned "no measure"
    assert report.shares["no_measure_reasoned"] == 100.0
    assert report.shares["measures_done"] == 0.0


def test_times_median_and_90th_percentile_in_days(report):
    acknowledge, answer, close = report.times
    # 1, 2, 3, 4 days: the nearest-rank median is 2, the 90th percentile 4.
    assert (acknowledge.count, acknowledge.median, acknowledge.p90) == (4, 2.0, 4.0)
    # 5 and 10 days (c1, c2).
    assert (answer.count, answer.median, answer.p90) == (2, 5.0, 10.0)
    assert (close.count, close.median, close.p90) == (1, 20.0, 20.0)


def test_overdue_disputed_sent_back_and_lex_maria(report):
    # Four cases have an answer due: c2 answered late, c3 unanswered past its date.
    assert (report.counts["with_answer_due"], report.counts["overdue"]) == (4, 2)
    assert report.shares["overdue"] == 50.0
    assert report.counts["disputed"] == 1  # c4
    assert report.counts["questioned"] == 1  # c2
    assert report.counts["wrong_receiver"] == 1  # c3
    assert report.counts["lex_maria_reported"] == 1  # c1
    assert report.counts["lex_maria_overdue"] == 1  # c3


def test_an_investigation_past_its_review_date_counts_as_an_overdue_assessment(county_cases):
    # c4 (SAS→Borås) is being investigated with a review date before AS_OF: overdue, as on the
    # patient-safety lead's to-do list; c3 (nothing recorded past its date) stays overdue too.
    from samsyn.deviations.models import Deviation, LexMaria

    c4 = county_cases["c4"]
    Deviation.objects.filter(pk=c4.pk).update(
        lex_maria=LexMaria.INVESTIGATING,
        lex_maria_due=datetime.date(2025, 6, 1),
        lex_maria_review_date=datetime.date(2025, 9, 1),
    )
    county = County.objects.get(code="14")
    counts = county_report(county, ReportFilter(year=YEAR), as_of=AS_OF).counts
    assert (counts["lex_maria_investigating"], counts["lex_maria_overdue"]) == (1, 2)
    # A review date still ahead is not overdue.
    Deviation.objects.filter(pk=c4.pk).update(lex_maria_review_date=AS_OF)
    counts = county_report(county, ReportFilter(year=YEAR), as_of=AS_OF).counts
    assert (counts["lex_maria_investigating"], counts["lex_maria_overdue"]) == (1, 1)


def test_rates_per_10000_inhabitants_and_missing_population(report):
    municipalities = report.tables["municipalities"]
    # Borås: c1, c2, c4 among 114 872 inhabitants (SCB 2024): 3 × 10 000 / 114 872 = 0.26.
    assert _row(municipalities, "Borås Stad").values == [3, 114_872, 0.26]
    # Skövde has no population figure in the file: its count, no rate.
    assert _row(municipalities, "Skövde kommun").values == [1, None, None]
    assert len(municipalities.rows) == 49
    zero = _row(municipalities, "Göteborgs Stad")
    assert zero.values == [0, 608_993, 0.0]
    assert report.population_year == 2024


def test_every_area_is_listed_and_one_without_cases_or_reflection_is_missing(report):
    names = [a.area.name for a in report.areas]
    assert len(names) == 6
    cases = {a.area.name: a.cases for a in report.areas}
    assert cases["Södra Älvsborg"] == 3
    assert cases["Skaraborg"] == 1
    assert cases["Göteborgsområdet"] == 0
    # No area has submitted a reflection: all six are missing.
    assert len(report.missing_areas) == 6
    sub_regions = report.tables["sub_regions"]
    assert _row(sub_regions, "Boråsregionen, Sjuhärads kommunalförbund").values[0] == 3
    assert _row(sub_regions, "Göteborgsregionen").values[0] == 0


def test_disagreements_of_the_year(report):
    d = report.disagreements
    assert (d["registered"], d["resolved"], d["resolved_at_step"]) == (1, 1, {1: 0, 2: 1, 3: 0})
    assert (d["settlements"], d["court"], d["lessons"]) == (0, 0, 0)


def test_conclusions_in_words_from_the_numbers(report):
    assert report.conclusions[0] == (
        "Kommunerna rapporterade 3,0 gånger så många avvikelser som regionen (2024: 1,0)."
    )
    assert (
        "2024 omfattar bara ärenden från och med april, så ingen jämförelse görs."
        in report.conclusions
    )


def test_filters_cut_the_figures(county_cases, boras):
    county = County.objects.get(code="14")
    from samsyn.parties.models import CooperationArea

    skaraborg = CooperationArea.objects.get(name="Skaraborg")
    by_area = county_report(county, ReportFilter(year=YEAR, area_id=skaraborg.pk), as_of=AS_OF)
    assert (by_area.volume.municipalities, by_area.volume.region) == (1, 0)  # c3
    by_provider = county_report(county, ReportFilter(year=YEAR, provider_id=boras.pk), as_of=AS_OF)
    assert (by_provider.volume.municipalities, by_provider.volume.region) == (2, 1)  # c1 c2 c4


def test_a_period_sub_region_and_category_cut_the_figures_too(county_cases):
    county = County.objects.get(code="14")
    import datetime

    from samsyn.deviations.models import Category
    from samsyn.parties.models import SubRegion

    may_june = ReportFilter(
        year=YEAR, start=datetime.date(2025, 5, 1), end=datetime.date(2025, 6, 30)
    )
    by_period = county_report(county, may_june, as_of=AS_OF)
    assert (by_period.volume.municipalities, by_period.volume.region) == (1, 1)  # c2, c4
    # The same months of 2024 hold neither of that year's cases (April, August).
    assert by_period.volume_before.total == 0
    annat = Category.objects.get(name="Annat")
    by_category = county_report(county, ReportFilter(year=YEAR, category_id=annat.pk), as_of=AS_OF)
    assert (by_category.volume.municipalities, by_category.volume.region) == (1, 0)  # c2
    skaraborgs = SubRegion.objects.get(name="Skaraborgs kommunalförbund")
    by_sub_region = county_report(
        county, ReportFilter(year=YEAR, sub_region_id=skaraborgs.pk), as_of=AS_OF
    )
    assert by_sub_region.volume.total == 1  # c3


def test_rates_per_area_and_sub_region_only_on_a_whole_population(county_cases):
    from samsyn.deviations.models import Deviation
    from samsyn.parties.models import Party

    # c4 placed in Lerum: SAMLA (Lerum 43 570 + Alingsås 42 722 = 86 292 inhabitants, SCB 2024)
    # has one case: 1 × 10 000 / 86 292 = 0.1159 → 0.12.
    lerum = Party.objects.get(code="1441")
    Deviation.objects.filter(pk=county_cases["c4"].pk).update(municipality=lerum)
    report = county_report(County.objects.get(code="14"), ReportFilter(year=YEAR), as_of=AS_OF)
    areas = report.tables["areas"]
    assert _row(areas, "Lerum/Alingsås (SAMLA)").values == [1, 86_292, 0.12]
    # Södra Älvsborg: Borås's c1, c2, but Svenljunga, Tranemo, Ulricehamn and Vårgårda have no
    # figure in the file: no rate on a partial population.
    assert _row(areas, "Södra Älvsborg").values == [2, None, None]
    göteborgsregionen = _row(report.tables["sub_regions"], "Göteborgsregionen")
    assert göteborgsregionen.values == [1, None, None]  # Stenungsund and Öckerö missing


def test_settlements_court_lessons_and_the_registry_of_the_year(county_cases, ladder, boras, sas):
    """By hand: 2025 has one confirmed settlement of 12 500 kr (a second, only proposed,
    binds nobody and is not counted), one court referral and one published lesson; the
    registry has Borås's adoption approved and Skövde's rejected in 2025, Mark's approval in
    2024 (outside), and one termination notified in 2025."""
    import datetime
    from decimal import Decimal

    from samsyn.agreements.models import AdoptionDecision, Termination
    from samsyn.deviations.tests.factories import document_make
    from samsyn.disagreements.models import CourtReferral, EconomicSettlement, Lesson
    from samsyn.disagreements.tests.factories import (
        closed_with_lesson,
        escalate,
        open_case,
        settle,
        settle_confirmed,
    )
    from samsyn.parties.models import Party

    def dispute():
        return escalate(
            ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
        )

    confirmed = settle_confirmed(
        ladder["boras3"],
        dispute(),
        confirmer=ladder["sas3"],
        payer=sas.party,
        payee=boras.party,
        amount=Decimal("12500.00"),
    )
    proposed = settle(ladder["boras3"], dispute(), payer=sas.party, payee=boras.party)
    in_2025 = datetime.date(2025, 10, 1)
    EconomicSettlement.objects.filter(disagreement__in=[confirmed, proposed]).update(
        decided_on=in_2025
    )
    CourtReferral.objects.create(
        disagreement=dispute(),
        court="Förvaltningsrätten i Göteborg",
        case_number="1234-25",
        referred_on=in_2025,
    )
    closed_with_lesson(ladder, open_case(ladder["boras1"], boras, sas))
    Lesson.objects.update(published_at=at("2025-11-01"))
    document = document_make(code="AVTAL")
    parties = {p.code: p for p in Party.objects.filter(code__in=["1490", "1496", "1463"])}
    for code, status, day in (
        ("1490", "approved", datetime.date(2025, 2, 1)),
        ("1496", "rejected", datetime.date(2025, 4, 1)),
        ("1463", "approved", datetime.date(2024, 12, 1)),
    ):
        AdoptionDecision.objects.create(
            party=parties[code],
            document=document,
            status=status,
            decision_date=day,
            body="kommunfullmaktige",
        )
    Termination.objects.create(
        party=parties["1496"],
        document=document,
        notified_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2026, 6, 1),
    )
    report = county_report(County.objects.get(code="14"), ReportFilter(year=YEAR), as_of=AS_OF)
    d = report.disagreements
    assert (d["settlements"], d["settlements_total"]) == (1, Decimal("12500.00"))
    assert (d["court"], d["lessons"]) == (1, 1)
    assert report.registry == {"approved": 1, "rejected": 1, "terminations": 1}


def test_the_report_s_queries_do_not_grow_with_the_cases(county_cases, boras, sas, make_person):
    """Aggregation happens in the database (decision 0023): the same number of statements
    for a year of four cases as for one of eight; no query per case."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samsyn.core.access import actor_for
    from samsyn.deviations import services as deviation_services
    from samsyn.deviations.tests.factories import document_make, report_data
    from samsyn.parties.models import Role

    county = County.objects.get(code="14")

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)
        return len(captured)

    before = statements()
    reporter = actor_for(make_person(boras, Role.REPORTER))
    for day in ("2025-02-01", "2025-04-15", "2025-08-20", "2025-11-30"):
        deviation_services.deviation_report(
            actor=reporter,
            report=report_data(
                reporting_provider=boras,
                counterpart_provider=sas,
                document=document_make(),
                event_date=datetime.date.fromisoformat(day),
            ),
        )
    assert county_report(county, ReportFilter(year=YEAR), as_of=AS_OF).volume.total == 8
    assert statements() == before


def _report_case(boras, sas, make_person, day: str):
    import datetime

    from samsyn.core.access import actor_for
    from samsyn.deviations import services as deviation_services
    from samsyn.deviations.tests.factories import document_make, report_data
    from samsyn.parties.models import Role

    deviation_services.deviation_report(
        actor=actor_for(make_person(boras, Role.REPORTER)),
        report=report_data(
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document_make(),
            event_date=datetime.date.fromisoformat(day),
        ),
    )


def test_a_year_before_that_begins_after_january_is_not_compared_in_percent(report):
    """The county's cases begin 2024-04-01 (the first year of an import, of a demo): 2 cases
    of nine months against 4 of twelve is no change; the report says why instead."""
    import datetime

    assert report.volume_before.total == 2
    assert report.before_from == datetime.date(2024, 4, 1)
    assert report.change_percent is None
    note = "2024 omfattar bara ärenden från och med april, så ingen jämförelse görs."
    assert report.partial_year_note == note
    assert note in report.conclusions
    assert not [c for c in report.conclusions if "ökade" in c or "minskade" in c]


def test_a_year_before_with_cases_from_its_start_is_compared_in_percent(
    county_cases, boras, sas, make_person
):
    """One case in November 2023: the data began before 2024, so 2024 is a whole year and
    4 against 2 is +100 %."""
    _report_case(boras, sas, make_person, "2023-11-01")
    report = county_report(County.objects.get(code="14"), ReportFilter(year=YEAR), as_of=AS_OF)
    assert report.before_from is None and report.partial_year_note is None
    assert report.change_percent == 100.0
    assert "Avvikelserna ökade med 100,0 % jämfört med 2024." in report.conclusions


def test_a_first_case_in_january_of_the_year_before_still_compares(
    county_cases, boras, sas, make_person
):
    """A first case in the year before's first month: the year is taken as whole, and 4
    against 3 is +33,3 %."""
    _report_case(boras, sas, make_person, "2024-01-15")
    report = county_report(County.objects.get(code="14"), ReportFilter(year=YEAR), as_of=AS_OF)
    assert report.before_from is None
    assert report.change_percent == 33.3
    assert "Avvikelserna ökade med 33,3 % jämfört med 2024." in report.conclusions


def test_report_index_covers_the_columns_it_counts(county_cases):
    """Every column of a case the report's queries read is carried by the report's covering
    index, so PostgreSQL counts a year from the index alone (an index-only scan); a column
    outside it sends each query to the table's rows again (lex_maria_review_date did)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samsyn.deviations.models import Deviation
    from samsyn.followup.models import Indicator

    county = County.objects.get(code="14")
    for measure in Indicator.Measure.values:
        Indicator.objects.create(county=county, name=measure, measure=measure, target=1)
    with CaptureQueriesContext(connection) as captured:
        county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)
    read = {
        column
        for query in captured.captured_queries
        for column in re.findall(r'"deviations_deviation"\."(\w+)"', query["sql"])
    }
    index = next(i for i in Deviation._meta.indexes if i.name.startswith("deviation_report"))
    carried = {Deviation._meta.get_field(name).column for name in (*index.fields, *index.include)}
    assert read, "the report reads the cases' columns"
    assert read - carried == set()
