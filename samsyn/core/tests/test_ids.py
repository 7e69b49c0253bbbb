"""Ids from requests are parsed one way: a value that is not an id is a
404 (or, in a free-text search, just text), never a 500."""

import pytest
from django.urls import reverse

from samsyn.core.ids import CaseNumber, case_number_parse, id_parse
from samsyn.parties.models import Role

# What a careless user or an attacker puts where an id belongs: a superscript two (isdigit()
# says yes, int() says no), Arabic-Indic digits (int() reads them), a number past the
# database's range, exponent notation and a negative number.
NOT_IDS = ["\u00b2", "\u0661\u0662", "99999999999999999999999", "1e3", "-1", "0x1A", " "]


@pytest.mark.parametrize("value", [*NOT_IDS, "", None, 1.5, True, 0, 2**63])
def test_what_is_not_an_id_parses_to_none(value):
    assert id_parse(value) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("18", 18), (" 007 ", 7), (12, 12), (str(2**63 - 1), 2**63 - 1)]
)
def test_an_id_is_ascii_digits_within_the_key_range(value, expected):
    assert id_parse(value) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("AVV-00018", CaseNumber("deviations.deviation", 18)),
        ("avv-18", CaseNumber("deviations.deviation", 18)),
        ("AVV18", CaseNumber("deviations.deviation", 18)),
        ("OE-12", CaseNumber("disagreements.disagreement", 12)),
        ("oe 12", CaseNumber("disagreements.disagreement", 12)),
        ("18", CaseNumber(None, 18)),
        ("AVV-\u00b2", None),
        ("OE-\u0661\u0662", None),
        ("XYZ-12", None),
        ("AVV-", None),
        ("läkemedel", None),
    ],
)
def test_case_numbers_are_read_as_users_write_them(typed, expected):
    assert case_number_parse(typed) == expected


@pytest.fixture
def people(personas, boras, make_person):
    return {
        **personas,
        "manager": make_person(boras, Role.MANAGER_STEP2, username="manager2"),
        "administrator": make_person(boras, Role.ADMINISTRATOR, username="admin-boras"),
    }


# (who, url name, query parameter) for every place an id comes from a query string.
ID_PARAMETERS = [
    ("handler", "deviations:sections", "document"),
    ("manager", "disagreements:similar", "category"),
    ("manager", "disagreements:similar", "sections"),
    ("manager", "disagreements:similar", "documents"),
    ("manager", "disagreements:create", "deviation"),
    ("manager", "disagreements:economic_agreement_create", "oenighet"),
    ("administrator", "disagreements:organisation", "part"),
    ("county_admin", "agreements:decision_record", "huvudman"),
]


@pytest.mark.parametrize("value", NOT_IDS[:-1])
@pytest.mark.parametrize(("who", "url_name", "name"), ID_PARAMETERS)
def test_a_query_value_that_is_not_an_id_is_a_404_not_a_server_error(
    client, people, who, url_name, name, value
):
    client.raise_request_exception = False
    client.force_login(people[who])
    response = client.get(reverse(url_name), {name: value})
    assert response.status_code == 404, response.status_code


@pytest.mark.parametrize("value", NOT_IDS[:-1])
def test_marking_a_notification_that_is_not_an_id_as_read_is_a_404(client, personas, value):
    client.raise_request_exception = False
    client.force_login(personas["handler"])
    assert client.post(reverse("core:notifications"), {"id": value}).status_code == 404


@pytest.mark.parametrize(
    "value",
    [
        "\u00b2",
        "AVV-\u00b2",
        "OE-\u00b2",
        "\u0661\u0662",
        "99999999999999999999999",
        "AVV-99999999999999999999999",
    ],
)
@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("handler", "deviations:list"),
        ("handler", "deviations:export_csv"),
        ("handler", "deviations:export_xlsx"),
        ("manager", "disagreements:list"),
        ("manager", "disagreements:lessons"),
    ],
)
def test_a_search_for_a_number_that_is_not_an_id_is_just_text(client, people, who, url_name, value):
    client.raise_request_exception = False
    client.force_login(people[who])
    assert client.get(reverse(url_name), {"q": value}).status_code == 200
