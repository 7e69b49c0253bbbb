"""County scale: the inbox, lists, exports and start page cost the same few queries whatever
the number of rows (municipalities report thousands of deviations a year, the 2024 report on
deviations in cooperation)."""

import pytest
from django.urls import reverse

from samsyn.deviations.models import Status

ROWS = 30
MAX_QUERIES = 12
# The case page as the SÄS handler sees it: session, person, case, read log, measures, history,
# thread, patient section, the two routing levels in one (issue 16: 22 before).
MAX_CASE_PAGE_QUERIES = 19


@pytest.fixture
def thirty_cases(case_in):
    return [case_in(Status.MEASURES_DECIDED if i % 2 else Status.SENT) for i in range(ROWS)]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("analyst", "deviations:list"),
        ("counterpart_handler", "deviations:list"),
        ("analyst", "deviations:export_csv"),
        ("analyst", "deviations:export_xlsx"),
        ("counterpart_handler", "core:start"),
        ("analyst", "core:start"),
    ],
)
def test_list_pages_and_exports_do_not_query_per_row(
    client, personas, thirty_cases, django_assert_max_num_queries, who, url
):
    client.force_login(personas[who])
    with django_assert_max_num_queries(MAX_QUERIES):
        _get(client, reverse(url))


def test_the_inbox_of_a_handler_does_not_query_per_row(
    client, personas, thirty_cases, django_assert_max_num_queries
):
    client.force_login(personas["counterpart_handler"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = _get(client, reverse("deviations:list") + "?view=mine&sort=ack_due")
    assert thirty_cases[0].reference in response.content.decode()


def _case_page_statements(client, case) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _get(client, case.get_absolute_url())
    return len(queries)


def test_a_case_page_costs_the_same_statements_whatever_the_cases_and_measures(
    client, personas, case_in, sas, django_assert_max_num_queries
):
    """The handler's case page reads the case, its measures, history, thread and patient
    section once each, whatever else is in the database or on the case (issue 16)."""
    import datetime

    from samsyn.deviations.models import Comment, Measure

    case = case_in(Status.MEASURES_DECIDED)
    handler = personas["counterpart_handler"]
    client.force_login(handler)
    alone = _case_page_statements(client, case)

    for _ in range(ROWS):
        case_in(Status.MEASURES_DECIDED)
    for i in range(5):
        Measure.objects.create(
            deviation=case,
            owner_provider=sas,
            description=f"Åtgärd {i}",
            due_date=datetime.date(2030, 1, 1),
            created_by=handler,
        )
        Comment.objects.create(
            deviation=case, author=handler, author_provider=sas, text=f"Meddelande {i}"
        )
    with django_assert_max_num_queries(alone):
        response = _get(client, case.get_absolute_url())
    assert "Åtgärd 4" in response.content.decode()
    assert alone <= MAX_CASE_PAGE_QUERIES
