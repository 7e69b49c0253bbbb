"""Start pages that say what to do next (issue 24 item 2): each role's first heading after the
greeting is "Nästa steg" with its first action as the page's one primary button, then the
sections in order, counts in headings, and no section that is only a list of links."""

import datetime
import re

import pytest
from django.urls import reverse

from samsyn.deviations.models import Deviation, Status
from samsyn.deviations.tests.factories import deviation_in, document_make


def _start(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:start")).content.decode()


def _headings(html: str) -> list[str]:
    main = html.split('id="main"', 1)[1]
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", main)
    ]


def _primary(html: str) -> tuple[str, str]:
    match = re.search(r'<a class="button button--primary" href="([^"]+)">([^<]+)</a>', html)
    assert match, "no primary action"
    return match.group(2), match.group(1)


@pytest.fixture
def sent(personas, boras, sas):
    def make():
        return deviation_in(
            Status.SENT,
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document_make(),
        )

    return make


def test_a_handler_is_sent_to_the_overdue_case_first(client, personas, sent):
    on_time, late = sent(), sent()
    Deviation.objects.filter(pk=late.pk).update(
        ack_due=datetime.date.today() - datetime.timedelta(days=2)
    )
    html = _start(client, personas["counterpart_handler"])
    assert _headings(html)[:3] == [
        "Nästa steg",
        "Att göra: ärenden ni tar emot",
        "Nya ärenden att kvittera: 2",
    ]
    assert _primary(html) == (f"Kvittera {late.reference}", late.get_absolute_url())
    table = html.split("Nya ärenden att kvittera: 2", 1)[1]
    assert table.index(late.reference) < table.index(on_time.reference)
    assert "Försenad" in table.split(on_time.reference, 1)[0]


def test_a_reporter_with_nothing_waiting_is_offered_the_report_form_and_sees_her_reports(
    client, personas, sent
):
    mine = sent()
    html = _start(client, personas["reporter"])
    assert _headings(html)[:3] == [
        "Nästa steg",
        "Att göra: era rapporter",
        "Dina senaste rapporter: 1",
    ]
    assert _primary(html) == ("Rapportera en avvikelse", reverse("deviations:report"))
    latest = html.split("Dina senaste rapporter: 1", 1)[1]
    assert mine.reference in latest and "Skickad till mottagande vårdgivare" in latest


def test_a_county_analyst_starts_at_the_follow_up(client, personas):
    html = _start(client, personas["analyst"])
    assert _headings(html)[:2] == ["Nästa steg", "Uppföljning"]
    assert _primary(html) == ("Öppna uppföljningen", reverse("followup:index"))


def test_the_county_administrator_starts_at_where_the_decisions_stand(client, personas):
    html = _start(client, personas["county_admin"])
    assert _headings(html)[:2] == ["Nästa steg", "Beslut om avtalet"]
    assert _primary(html) == ("Se beslutsläget", reverse("agreements:overview"))


def test_a_party_administrator_sees_whom_they_invited_who_has_not_signed_in(
    client, boras, make_person
):
    from samsyn.parties.models import Role

    admin = make_person(boras, Role.ADMINISTRATOR, username="admin-b")
    invited = make_person(boras, Role.REPORTER, username="invited-b")
    signed_in = make_person(boras, Role.REPORTER, username="signed-in-b")
    signed_in.last_login = datetime.datetime.now(tz=datetime.UTC)
    signed_in.save()
    html = _start(client, admin)
    assert f"({invited.username}) har inte loggat in än" in html
    assert f"({signed_in.username}) har inte loggat in än" not in html
    assert _primary(html)[0] in ("Bjud in en person", "Ge någon rollen patientsäkerhetsansvarig")


def test_someone_with_nothing_to_do_gets_no_primary_button_and_no_next_step(client, boras):
    from samsyn.parties.models import Role
    from samsyn.parties.tests.factories import person

    html = _start(client, person(boras, Role.PATIENT_SAFETY, username="mas-b"))
    assert "Nästa steg" not in html and "button--primary" not in html
