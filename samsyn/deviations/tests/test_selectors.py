"""Lists, filters, search, 'Mina ärenden' and the start page sections."""

import datetime

from django.utils import timezone

from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import Category, Deviation, Status
from samsyn.deviations.selectors import (
    DeviationFilters,
    deviation_list,
    deviations_visible_to,
    overview_section,
)
from samsyn.deviations.tests.factories import report_data
from samsyn.parties.models import CareProvider, Role

TODAY = timezone.localdate


def _refs(actor, **filters):
    return {d.pk for d in deviation_list(actor=actor, filters=DeviationFilters(**filters))}


def test_lists_hold_own_cases_from_both_sides_and_county_analysts_see_all(
    case_in, actors, make_person, document
):
    mine = case_in(Status.SENT)
    got = CareProvider.objects.get(name="Göteborgs Stad")
    su = CareProvider.objects.get(name="Sahlgrenska Universitetssjukhuset")
    make_person(su, Role.HANDLER)  # someone receives it (never nobody)
    other = services.deviation_report(
        actor=actor_for(make_person(got, Role.REPORTER)),
        report=report_data(reporting_provider=got, counterpart_provider=su, document=document),
    )
    assert set(deviations_visible_to(actors["reporter"])) == {mine}
    assert set(deviations_visible_to(actors["counterpart_handler"])) == {mine}
    assert set(deviations_visible_to(actors["outsider"])) == set()
    assert set(deviations_visible_to(actors["analyst"])) == {mine, other}


def test_filters_status_category_provider_period_and_overdue(case_in, actors, sas):
    sent, closed = case_in(Status.SENT), case_in(Status.CLOSED)
    handler = actors["counterpart_handler"]
    assert _refs(handler, status="sent") == {sent.pk}
    assert _refs(handler, category=sent.category_id) == {sent.pk, closed.pk}
    other = Category.objects.get(name="SIP")
    assert _refs(handler, category=other.pk) == set()
    assert _refs(handler, provider=sas.pk) == {sent.pk, closed.pk}
    Deviation.objects.filter(pk=sent.pk).update(event_date=TODAY() - datetime.timedelta(days=60))
    assert _refs(handler, date_to=TODAY() - datetime.timedelta(days=30)) == {sent.pk}
    assert _refs(handler, date_from=TODAY() - datetime.timedelta(days=30)) == {closed.pk}
    assert _refs(handler, overdue=True) == set()
    Deviation.objects.filter(pk=sent.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    assert _refs(handler, overdue=True) == {sent.pk}


def test_free_text_search_finds_words_and_references(case_in, actors):
    case = case_in(Status.SENT)
    Deviation.objects.filter(pk=case.pk).update(title="Insulin saknades vid hemgång")
    handler = actors["counterpart_handler"]
    assert _refs(handler, q="insulin") == {case.pk}
    assert _refs(handler, q="läkemedelslista") == {case.pk}  # in the description
    assert _refs(handler, q="tandvård") == set()
    assert _refs(handler, q=case.reference) == {case.pk}


def test_search_needs_every_word_and_reads_the_analysis_and_measure_once_written(case_in, actors):
    """The same answers on PostgreSQL (stored vector, kept by a trigger) and SQLite."""
    case = case_in(Status.SENT)
    Deviation.objects.filter(pk=case.pk).update(title="Insulin saknades vid hemgång")
    handler = actors["counterpart_handler"]
    assert _refs(handler, q="Insulin hemgång") == {case.pk}
    assert _refs(handler, q="insulin tandvård") == set()
    assert _refs(handler, q="syrgaskoncentrator") == set()
    Deviation.objects.filter(pk=case.pk).update(
        analysis="Rutinen för syrgaskoncentrator saknades", proposed_measure="Ny checklista"
    )
    assert _refs(handler, q="syrgaskoncentrator") == {case.pk}
    assert _refs(handler, q="checklista") == {case.pk}
    Deviation.objects.filter(pk=case.pk).update(analysis="")
    assert _refs(handler, q="syrgaskoncentrator") == set()


def test_search_never_reaches_cases_of_others(case_in, actors):
    case_in(Status.SENT)
    assert _refs(actors["outsider"], q="läkemedelslista") == set()


def test_sorting(case_in, actors):
    first, second = case_in(Status.SENT), case_in(Status.SENT)
    handler = actors["counterpart_handler"]
    newest = [d.pk for d in deviation_list(actor=handler, filters=DeviationFilters())]
    oldest = [d.pk for d in deviation_list(actor=handler, filters=DeviationFilters(sort="oldest"))]
    assert newest == [second.pk, first.pk] and oldest == [first.pk, second.pk]


def test_mine_is_what_waits_for_me(case_in, actors):
    sent, closed = case_in(Status.SENT), case_in(Status.CLOSED)
    assert _refs(actors["counterpart_handler"], view="mine") == {sent.pk}
    # The reporter's own report waits for the receiver, not for her: it is in "Mina
    # rapporter" (worklist.my_reports), the one place for her own reports.
    assert _refs(actors["reporter"], view="mine") == set()
    assert _refs(actors["handler"], view="mine") == set()  # Borås waits for SÄS
    assert closed.pk in _refs(actors["handler"])


def test_mine_holds_the_reports_that_wait_for_the_reporting_side(case_in, actors):
    answered = case_in(Status.ACKNOWLEDGED)
    services.deviation_answer(
        actor=actors["counterpart_handler"],
        deviation=answered,
        expected_version=answered.version,
        answer="Vi inför en checklista.",
    )
    assert _refs(actors["reporter"], view="mine") == {answered.pk}


def test_start_page_to_do_lists_overdue_first(case_in, actors):
    from samsyn.deviations.worklist import todo_sections

    on_time, late = case_in(Status.SENT), case_in(Status.SENT)
    Deviation.objects.filter(pk=late.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    (section,) = todo_sections(actors["counterpart_handler"])
    assert section["title"] == "Att göra: ärenden ni tar emot"
    (group,) = section["groups"]
    assert (group["heading"], group["count"]) == ("Nya ärenden att kvittera", 2)
    assert [row["reference"] for row in group["rows"]] == [late.reference, on_time.reference]
    assert [row["overdue"] for row in group["rows"]] == [True, False]
    assert section["primary"] == (f"Kvittera {late.reference}", late.get_absolute_url())
    assert todo_sections(actors["county_admin"]) == []
    assert overview_section(actors["counterpart_handler"]) == []


def test_a_reporter_with_nothing_to_do_finds_her_reports_and_the_report_form(actors):
    from samsyn.deviations.worklist import todo_sections

    (section,) = todo_sections(actors["reporter"])
    assert section["text"] == "Inget väntar på dig just nu."
    labels = [label for label, _url in section["links"]]
    assert labels == ["Allt som väntar på dig", "Mina rapporter", "Rapportera en avvikelse"]
    assert section["primary"] == ("Rapportera en avvikelse", "/avvikelser/rapportera/")


def test_analysts_start_page_shows_the_state_of_the_county(case_in, actors):
    late = case_in(Status.SENT)
    case_in(Status.CLOSED)
    Deviation.objects.filter(pk=late.pk).update(ack_due=TODAY() - datetime.timedelta(days=1))
    (section,) = overview_section(actors["analyst"])
    assert section["text"].startswith("Öppna ärenden: 1. Försenade: 1.")


def test_filter_on_lifted_cases(case_in, actors):
    plain, lifted = case_in(Status.SENT), case_in(Status.ACKNOWLEDGED)
    services.deviation_lift(
        actor=actors["counterpart_handler"],
        deviation=lifted,
        expected_version=lifted.version,
        level="county",
        reason="Hela länet.",
    )
    assert _refs(actors["analyst"], lifted=True) == {lifted.pk}
    assert plain.pk in _refs(actors["analyst"])
