"""County scale: the disagreement list, its exports and the managers' start page cost the
same few queries whatever the number of cases."""

import pytest
from django.urls import reverse

from samsyn.disagreements.tests.factories import escalate, open_case

ROWS = 30
MAX_QUERIES = 12


@pytest.fixture
def thirty_cases(ladder, boras, sas):
    cases = [
        open_case(ladder["boras1"], boras, sas, title=f"Fråga nummer {i}") for i in range(ROWS)
    ]
    escalate(ladder["sas1"], cases[0])
    return cases


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("analyst", "disagreements:list"),
        ("boras1", "disagreements:list"),
        ("analyst", "disagreements:list?format=csv"),
        ("analyst", "disagreements:list?format=xlsx"),
        ("boras1", "core:start"),
        ("sas2", "core:start"),
    ],
)
def test_list_pages_and_exports_do_not_query_per_row(
    client, ladder, thirty_cases, django_assert_max_num_queries, who, url
):
    name, _, query = url.partition("?")
    client.force_login(ladder[who])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(name) + ("?" + query if query else ""))
    assert response.status_code == 200
