"""County scale: the inbox, lists, exports and start page cost the same few queries whatever
the number of rows (municipalities report thousands of deviations a year, the 2024 report on
deviations in cooperation)."""

import pytest
from django.urls import reverse

from samsyn.deviations.models import Status

ROWS = 30
MAX_QUERIES = 12


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
