"""The review pages: read log (filters, paging, CSV) and audit trail, for county administrators."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.audit.services import audit_record, read_record
from samsyn.audit.views import PAGE_SIZE

REVIEW_URLS = ["audit:read_log", "audit:read_log_csv", "audit:trail"]


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["county_admin"])
    return client


@pytest.fixture
def reads(personas, boras, sas):
    read_record(actor=personas["handler"], target=boras, channel="page")
    read_record(
        actor=personas["counterpart_handler"],
        target=sas,
        channel="export",
        detail="Export av 3 avvikelser",
    )
    read_record(actor=personas["handler"], target=sas, channel="api")


@pytest.mark.parametrize("name", ["reporter", "handler", "analyst", "outsider"])
@pytest.mark.parametrize("url_name", REVIEW_URLS)
def test_only_county_administrators_reach_the_review_pages(client, personas, name, url_name):
    client.force_login(personas[name])
    assert client.get(reverse(url_name)).status_code == 403


def test_the_menu_shows_log_review_to_county_administrators_only(client, personas):
    url = reverse("audit:read_log")
    client.force_login(personas["county_admin"])
    assert f'href="{url}"' in client.get("/").content.decode()
    client.force_login(personas["handler"])
    assert f'href="{url}"' not in client.get("/").content.decode()


def test_read_log_lists_who_read_what(admin_client, reads):
    html = admin_client.get(reverse("audit:read_log")).content.decode()
    assert "3 läsningar" in html
    assert "Export av 3 avvikelser" in html
    assert "counterpart" in html and "handler" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"username": "handler"}, 2),
        ({"provider": "Älvsborg"}, 1),
        ({"channel": "api"}, 1),
        ({"object_type": "parties.careprovider"}, 3),
        ({"object_type": "parties.careprovider", "object_id": "PK_SAS"}, 2),
    ],
)
def test_read_log_filters(admin_client, reads, sas, query, expected):
    query = {k: str(sas.pk) if v == "PK_SAS" else v for k, v in query.items()}
    response = admin_client.get(reverse("audit:read_log"), query)
    assert response.context["page"].count == expected


def test_read_log_filters_by_period(admin_client, reads):
    today = timezone.localdate()
    url = reverse("audit:read_log")
    assert admin_client.get(url, {"date_from": today, "date_to": today}).context["page"].count == 3
    yesterday = today - datetime.timedelta(days=1)
    assert admin_client.get(url, {"date_to": yesterday}).context["page"].count == 0


def test_a_reversed_period_gets_a_swedish_field_error(admin_client, reads):
    response = admin_client.get(
        reverse("audit:read_log"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    html = response.content.decode()
    assert "Slutdatumet kan inte ligga före startdatumet." in html
    assert 'id="error-summary"' in html


def test_read_log_pages_by_cursor_and_an_old_page_link_leads_to_the_same_reads(
    admin_client, personas, boras
):
    for _ in range(PAGE_SIZE + 3):
        read_record(actor=personas["handler"], target=boras)
    url = reverse("audit:read_log")
    first = admin_client.get(url, {"username": "handler"})
    assert len(first.context["rows"]) == PAGE_SIZE
    html = first.content.decode()
    assert "sida=" not in html and "efter=" in html
    second = admin_client.get(
        url, {"username": "handler", "efter": first.context["page"].next_cursor}
    )
    assert len(second.context["rows"]) == 3
    ids = [r["event"].pk for r in first.context["rows"] + second.context["rows"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == PAGE_SIZE + 3
    moved = admin_client.get(url, {"username": "handler", "sida": 2})
    assert moved.status_code == 302 and "username=handler" in moved.url
    assert len(admin_client.get(moved.url).context["rows"]) == 3


def test_the_trail_pages_by_cursor_newest_first_and_an_old_page_link_still_works(
    admin_client, personas, boras
):
    for n in range(PAGE_SIZE + 3):
        audit_record(actor=personas["handler"], action=f"test.step.{n}", target=boras)
    url = reverse("audit:trail")
    first = admin_client.get(url, {"username": "handler"})
    html = first.content.decode()
    assert len(first.context["rows"]) == PAGE_SIZE
    assert "sida=" not in html and "efter=" in html
    assert f"{PAGE_SIZE + 3} händelser" in html
    second = admin_client.get(
        url, {"username": "handler", "efter": first.context["page"].next_cursor}
    )
    ids = [r["event"].pk for r in first.context["rows"] + second.context["rows"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == PAGE_SIZE + 3
    moved = admin_client.get(url, {"username": "handler", "sida": 2})
    assert moved.status_code == 302 and "username=handler" in moved.url
    assert len(admin_client.get(moved.url).context["rows"]) == 3


def test_csv_export_holds_the_filtered_reads_and_is_itself_logged(admin_client, reads):
    response = admin_client.get(reverse("audit:read_log_csv"), {"channel": "export"})
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("tidpunkt;användare;vårdgivare;kanal")
    assert len(lines) == 2
    assert "counterpart;Södra Älvsborgs Sjukhus;export" in lines[1]
    event = AuditEvent.objects.get(action="audit.read_log.exported")
    assert event.username == "countyadmin"
    assert event.data == {"filters": {"channel": "export"}}


def test_reads_of_another_county_are_not_shown(admin_client, personas, boras):
    from samsyn.parties.models import County

    other = County.objects.create(code="17", name="Värmlands län")
    read_record(actor=personas["handler"], target=boras)
    ReadEvent.objects.create(
        at=timezone.now(),
        username="karlstad",
        channel="page",
        object_type="x.y",
        object_id="1",
        county=other,
    )
    response = admin_client.get(reverse("audit:read_log"))
    assert [r["event"].username for r in response.context["rows"]] == ["handler"]


def test_trail_page_filters_by_object_action_and_user(admin_client, personas, boras, sas):
    audit_record(
        actor=personas["handler"],
        action="test.case.closed",
        target=boras,
        data={"before": {"status": "open"}, "after": {"status": "closed"}},
    )
    audit_record(actor=personas["counterpart_handler"], action="test.case.opened", target=sas)
    url = reverse("audit:trail")
    by_object = admin_client.get(
        url, {"object_type": "parties.careprovider", "object_id": boras.pk}
    )
    assert [r["event"].action for r in by_object.context["rows"]] == ["test.case.closed"]
    assert "open → closed" in by_object.content.decode()
    by_action = admin_client.get(url, {"action": "test.case.op"})
    assert [r["event"].username for r in by_action.context["rows"]] == ["counterpart"]
    by_user = admin_client.get(url, {"username": "handler"})
    assert by_user.context["page"].count == 1


def test_history_include_shows_swedish_labels_and_raw_unknown_codes(personas, boras):
    from samsyn.audit.display import action_labels_register

    action_labels_register({"test.case.closed": "Ärendet avslutat"})
    audit_record(
        actor=personas["handler"],
        action="test.case.closed",
        target=boras,
        data={"before": {"status": "open"}, "after": {"status": "closed"}},
    )
    audit_record(actor=personas["handler"], action="test.case.unknown", target=boras)
    html = Template('{% include "audit/_history.html" with target=obj %}').render(
        Context({"obj": boras})
    )
    assert "<h2" in html and "Historik" in html
    assert "Ärendet avslutat" in html
    assert "test.case.unknown" in html
    assert "open → closed" in html
    assert html.index("Ärendet avslutat") < html.index("test.case.unknown")  # oldest first


def test_history_include_says_when_there_is_nothing_yet(db, boras):
    html = Template('{% include "audit/_history.html" with target=obj %}').render(
        Context({"obj": boras})
    )
    assert "Ingen historik registrerad ännu." in html


def test_the_admin_shows_the_trail_but_cannot_add_change_or_delete(client, personas, boras):
    from django.contrib.auth import get_user_model

    event = audit_record(actor=personas["handler"], action="test.case.closed", target=boras)
    read = read_record(actor=personas["handler"], target=boras)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.se", "x"))
    for model, obj in (("auditevent", event), ("readevent", read)):
        assert client.get(f"/admin/audit/{model}/").status_code == 200
        assert client.get(f"/admin/audit/{model}/add/").status_code == 403
        change = client.get(f"/admin/audit/{model}/{obj.pk}/change/")
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
        assert client.get(f"/admin/audit/{model}/{obj.pk}/delete/").status_code == 403
        assert client.post(
            f"/admin/audit/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk]}
        ).status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert ReadEvent.objects.filter(pk=read.pk).exists()


def test_the_start_page_reminds_county_administrators_to_review_reads(client, personas, reads):
    client.force_login(personas["county_admin"])
    html = client.get("/").content.decode()
    assert "3 läsningar av ärenden de senaste sju dagarna" in html
    assert not re.search(r"<li>\s*</li>", html)  # no empty bullets
    client.force_login(personas["handler"])
    assert "läsningar av ärenden" not in client.get("/").content.decode()


def test_an_invalid_filter_shows_no_rows_rather_than_all(admin_client, reads):
    response = admin_client.get(
        reverse("audit:read_log"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert response.context["page"].count == 0
    assert "Filtret behöver rättas" in response.content.decode()
    csv = admin_client.get(
        reverse("audit:read_log_csv"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert csv.status_code == 400


# ---------------------------------------------------------------- case numbers


@pytest.fixture
def case_reads(personas):
    def read(object_type, object_id):
        ReadEvent.objects.create(
            at=timezone.now(),
            username="handler",
            channel="page",
            object_type=object_type,
            object_id=object_id,
        )

    read("deviations.deviation", "18")
    read("deviations.deviation", "18")
    read("deviations.deviation", "12")
    read("disagreements.disagreement", "12")
    read("disagreements.disagreement", "18")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("AVV-00018", [("deviations.deviation", "18")] * 2),
        ("avv-18", [("deviations.deviation", "18")] * 2),
        (" AVV 18 ", [("deviations.deviation", "18")] * 2),
        ("AVV\u201318", [("deviations.deviation", "18")] * 2),
        ("OE-12", [("disagreements.disagreement", "12")]),
        ("oe12", [("disagreements.disagreement", "12")]),
        ("12", [("deviations.deviation", "12"), ("disagreements.disagreement", "12")]),
    ],
)
def test_the_read_log_finds_a_case_by_the_number_users_see(
    admin_client, case_reads, typed, expected
):
    response = admin_client.get(reverse("audit:read_log"), {"object_id": typed})
    assert response.status_code == 200
    found = sorted((r["event"].object_type, r["event"].object_id) for r in response.context["rows"])
    assert found == sorted(expected)


def test_the_trail_filter_reads_case_numbers_the_same_way(db):
    from samsyn.audit.forms import TrailFilterForm

    assert TrailFilterForm({"object_id": "AVV-00018"}).filters() == {
        "object_type": "deviations.deviation",
        "object_id": "18",
    }
    assert TrailFilterForm({"object_id": "OE-7"}).filters() == {
        "object_type": "disagreements.disagreement",
        "object_id": "7",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"object_id": "XYZ-18"}, "AVV-00018 eller OE-12"),
        ({"object_id": "18\u00b2"}, "AVV-00018 eller OE-12"),
        (
            {"object_id": "AVV-18", "object_type": "disagreements.disagreement"},
            "är en avvikelse, men objekttypen oenighet är vald",
        ),
    ],
)
def test_a_case_number_that_cannot_be_used_gets_a_swedish_message_on_the_field(
    admin_client, case_reads, query, message
):
    for url_name in ("audit:read_log", "audit:trail"):
        response = admin_client.get(reverse(url_name), query)
        assert response.status_code == 400  # a filter that cannot be used
        assert any(message in e for e in response.context["form"].errors["object_id"])
        assert 'id="error-summary"' in response.content.decode()
