"""Inner secrecy (issue 17 item 6): who sees which case, role × relation, through every door:
one case (`can`), the list (`deviations_visible_to`), the CSV and XLSX exports and the API list.

Six cases between Borås Stad (units Hemtjänst Norr, Hemtjänst Söder) and Södra Älvsborgs
Sjukhus (Avdelning 12, Avdelning 14), and one from Skövde; six people, one of each kind.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samsyn.api.services import api_token_create
from samsyn.core.access import actor_for, can
from samsyn.deviations import services
from samsyn.deviations.models import Position, ReturnReason, Status, Verdict
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.deviations.services import receiving
from samsyn.deviations.tests.factories import report_data, unit_person
from samsyn.parties.models import Role

# case -> (reporter, receiving provider, receiving unit)
CASES = {
    "nurse_report": ("nurse", "sas", "ward12"),  # the nurse's own, from Hemtjänst Norr
    "colleague_report": ("colleague", "sas", "ward14"),  # another reporter of Hemtjänst Norr
    "plain_report": ("boras_plain", "sas", "ward14"),  # a Borås reporter without a unit
    "to_soder": ("ward12_reporter", "boras", "soder"),  # incoming to another Borås unit
    "to_norr": ("ward12_reporter", "boras", "norr"),  # incoming to Hemtjänst Norr
    "skovde_report": ("unrelated", "sas", "ward14"),  # Borås is no party to it
}

# viewer -> the cases they see; each line names the relation.
SEES = {
    # A reporter held at a unit: own report, own unit (out and in); not another unit of the
    # same provider, not a colleague without a unit, not an unrelated case.
    "nurse": {"nurse_report", "colleague_report", "to_norr"},
    # A reporter held at no unit: her own reports, nothing else of her provider.
    "boras_plain": {"plain_report"},
    # A unit handler: the unit's cases, both ways.
    "norr_handler": {"nurse_report", "colleague_report", "to_norr"},
    # The provider-wide handler: every case of the provider, both ways.
    "boras_wide": {"nurse_report", "colleague_report", "plain_report", "to_soder", "to_norr"},
    # The counterpart's unit handler: what its unit received or reported.
    "ward12_handler": {"nurse_report", "to_soder", "to_norr"},
    # The counterpart's provider-wide handler: every case with Södra Älvsborgs Sjukhus.
    "sas_wide": set(CASES),
}


@pytest.fixture
def world(people, units, boras, sas, skovde, document):
    people = {
        **people,
        "boras_plain": unit_person(boras, Role.REPORTER, None, "boras_plain"),
        "boras_plain2": unit_person(boras, Role.REPORTER, None, "boras_plain2"),
    }
    providers = {"boras": boras, "sas": sas, "skovde": skovde}
    home = {"ward12_reporter": sas, "unrelated": skovde}
    cases = {}
    for name, (who, to, unit) in CASES.items():
        cases[name] = services.deviation_report(
            actor=actor_for(people[who]),
            report=report_data(
                reporting_provider=home.get(who, boras),
                counterpart_provider=providers[to],
                document=document,
                receiving_unit=units[unit],
                title=f"Fall {name}",
            ),
        )
    return people, cases


def _seen_in(body: str) -> set[str]:
    return {name for name in CASES if f"Fall {name}" in body}


def test_who_sees_a_case_is_the_same_through_can_and_the_list(world):
    people, cases = world
    for viewer, expected in SEES.items():
        actor = actor_for(people[viewer])
        listed = set(deviations_visible_to(actor).values_list("pk", flat=True))
        assert {n for n, d in cases.items() if d.pk in listed} == expected, viewer
        assert {n for n, d in cases.items() if can(actor, "deviations.view", d)} == expected
        assert {n for n, d in cases.items() if can(actor, "deviations.comment", d)} == expected


def test_the_csv_and_xlsx_exports_follow_the_same_rule(world, client):
    people, _cases = world
    for viewer, expected in SEES.items():
        client.force_login(people[viewer])
        csv = client.get(reverse("deviations:export_csv"))
        assert _seen_in(b"".join(csv.streaming_content).decode()) == expected, viewer
        xlsx = client.get(reverse("deviations:export_xlsx"))
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
        assert _seen_in(cells) == expected, viewer


def test_the_api_list_follows_the_same_rule(world):
    people, cases = world
    for viewer, expected in SEES.items():
        made = api_token_create(
            actor=actor_for(people[viewer]),
            name="Testsystem",
            expires_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        api = Client(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
        items = api.get("/api/v1/deviations", {"limit": 100}).json()["items"]
        assert {i["title"].removeprefix("Fall ") for i in items} == expected, viewer


def test_a_case_page_outside_the_rule_is_not_found(world, client):
    people, cases = world
    client.force_login(people["boras_plain"])
    assert client.get(cases["plain_report"].get_absolute_url()).status_code == 200
    assert client.get(cases["nurse_report"].get_absolute_url()).status_code == 404
    assert client.get(cases["to_soder"].get_absolute_url()).status_code == 404


def test_a_reporter_without_a_unit_reports_for_her_provider_only(world, document, sas, skovde):
    people, _cases = world
    plain = actor_for(people["boras_plain"])
    with pytest.raises(PermissionDenied):
        services.deviation_report(
            actor=plain,
            report=report_data(
                reporting_provider=skovde, counterpart_provider=sas, document=document
            ),
        )


def test_a_reporter_without_a_unit_answers_for_her_own_report_only(world, a):
    people, cases = world
    deviation = cases["plain_report"]
    handler = a["ward14_handler"]
    services.deviation_acknowledge(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        position=Position.AGREES,
    )
    deviation.refresh_from_db()
    receiving.deviation_answer(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        answer="Vi skickar läkemedelslistan med från och med nu.",
    )
    deviation.refresh_from_db()
    for who in ("boras_plain2", "nurse"):
        with pytest.raises(PermissionDenied):
            receiving.deviation_accept_answer(
                actor=actor_for(people[who]),
                deviation=deviation,
                expected_version=deviation.version,
            )
    receiving.deviation_accept_answer(
        actor=actor_for(people["boras_plain"]),
        deviation=deviation,
        expected_version=deviation.version,
    )
    deviation.refresh_from_db()
    assert deviation.verdict == Verdict.ACCEPTED


def test_a_reporter_without_a_unit_closes_her_own_case_sent_back(world, a):
    people, cases = world
    deviation = cases["plain_report"]
    receiving.deviation_send_back(
        actor=a["ward14_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason=ReturnReason.NOT_IN_COOPERATION,
        note="Händelsen gällde bara vår egen avdelning.",
    )
    deviation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        receiving.deviation_withdraw(
            actor=actor_for(people["boras_plain2"]),
            deviation=deviation,
            expected_version=deviation.version,
            note="Vi stänger ärendet.",
        )
    receiving.deviation_withdraw(
        actor=actor_for(people["boras_plain"]),
        deviation=deviation,
        expected_version=deviation.version,
        note="Vi stänger ärendet.",
    )
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED
