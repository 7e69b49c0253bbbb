"""Pages of the registry: everyone in the county reads, only county administrators edit."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samsyn.agreements.models import AdoptionDecision, DocumentVersion, Termination
from samsyn.agreements.services import (
    DECISION_DATE_REQUIRED,
    DECISION_IN_FUTURE,
    TERMINATION_BEFORE_DECISION,
    TERMINATION_IN_FUTURE,
)
from samsyn.agreements.tests.factories import (
    agreement_approved,
    decide,
    document,
    party,
    terminate,
)
from samsyn.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

READ_PAGES = [
    reverse("agreements:documents"),
    reverse("agreements:document", args=["HSA-2027"]),
    reverse("agreements:overview"),
    reverse("agreements:regime"),
]
EDIT_PAGES = [
    reverse("agreements:decision_record"),
    reverse("agreements:termination_create"),
    reverse("agreements:version_create", args=["RL-SIP"]),
]


@pytest.mark.parametrize("url", READ_PAGES)
@pytest.mark.parametrize("who", ["reporter", "counterpart_handler", "analyst", "county_admin"])
def test_everyone_signed_in_reads_the_registry(client, personas, who, url):
    client.force_login(personas[who])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("url", EDIT_PAGES)
@pytest.mark.parametrize("who", ["reporter", "handler", "counterpart_handler", "analyst"])
def test_read_only_users_get_403_on_edit_forms(client, personas, who, url):
    client.force_login(personas[who])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("url", EDIT_PAGES)
def test_county_administrator_opens_edit_forms(client, personas, url):
    client.force_login(personas["county_admin"])
    assert client.get(url).status_code == 200


def test_edit_links_are_shown_only_to_administrators(client, personas):
    url = reverse("agreements:documents")
    client.force_login(personas["reporter"])
    assert "Registrera uppsägning" not in client.get(url).content.decode()
    client.force_login(personas["county_admin"])
    assert "Registrera uppsägning" in client.get(url).content.decode()


def test_unknown_document_is_404(client, personas):
    client.force_login(personas["reporter"])
    assert client.get(reverse("agreements:document", args=["NOPE"])).status_code == 404
    # A NUL byte would make PostgreSQL refuse the query: still a plain 404, never a 500.
    assert client.get("/avtal/dokument/%00/").status_code == 404


def test_the_menu_has_an_avtal_entry(client, personas):
    client.force_login(personas["reporter"])
    html = client.get("/").content.decode()
    assert f'href="{reverse("agreements:documents")}"' in html
    assert ">Avtal<" in html


def test_overview_counts_and_lists_those_still_pending(client, personas):
    agreement_approved(party("1490"), party("1463"))
    decide(party("1484"), AdoptionDecision.Status.REJECTED)
    decide(party("1419"), AdoptionDecision.Status.PENDING)
    client.force_login(personas["reporter"])
    response = client.get(reverse("agreements:overview"))
    overview = response.context["overview"]
    assert (overview.total.approved, overview.total.rejected, overview.total.not_decided) == (
        3,
        1,
        46,
    )
    boras_region = next(g for g in overview.by_sub_region if g.label.startswith("Boråsregionen"))
    assert (boras_region.approved, boras_region.total) == (2, 8)
    html = response.content.decode()
    assert "2026-05-31" in html
    assert "Tjörns kommun" in html and "Lysekils kommun" in html


def test_regime_page_shows_documents_and_reason(client, personas):
    agreement_approved(party("1490"))
    client.force_login(personas["reporter"])
    html = client.get(
        reverse("agreements:regime"), {"party": "1490", "on_date": "2027-03-01"}
    ).content.decode()
    assert "Borås Stad har godkänt avtalet (beslut 2026-04-12)" in html
    assert "Länsgemensam riktlinje patientsäkerhet och avvikelser mellan vårdgivare" in html
    assert "Avtalet gäller" in html


def test_regime_page_with_a_bad_date_shows_a_field_error(client, personas):
    client.force_login(personas["reporter"])
    response = client.get(reverse("agreements:regime"), {"party": "1490", "on_date": "31/2"})
    assert response.status_code == 400
    assert response.context["form"].errors["on_date"]
    assert response.context["regime"] is None


class TestRegimeJson:
    """The old /avtal/api/regim/ redirects to GET /api/v1/governing (issue 21): same shape."""

    url = reverse("agreements:regime_json")

    def get(self, client, params):
        return client.get(self.url, params, follow=True)

    def test_shape(self, client, personas):
        agreement_approved(party("1480"))
        client.force_login(personas["reporter"])
        response = self.get(client, {"kod": "1480", "datum": "2027-03-01"})
        assert response.redirect_chain[0] == (
            "/api/v1/governing?party=1480&date=2027-03-01",
            301,
        )
        assert response.status_code == 200
        data = response.json()
        assert set(data) == {"party", "date", "branch", "reason", "documents"}
        assert data["party"] == {"code": "1480", "name": "Göteborgs Stad", "kind": "municipality"}
        assert data["branch"] == "agreement"
        assert data["documents"][0]["code"] == "HSA-2027"
        assert {"code", "title", "kind", "parent", "version"} == set(data["documents"][0])
        assert "Göteborgs Stad har godkänt avtalet" in data["reason"]

    def test_a_code_with_a_nul_byte_is_a_swedish_400_not_a_500(self, client, personas):
        client.force_login(personas["reporter"])
        response = client.get(self.url + "?kod=%00&datum=2027-03-01", follow=True)
        assert response.status_code == 400
        assert "inte är tillåtna" in response.json()["detail"]

    def test_a_municipality_without_decision_gets_the_fallback(self, client, personas):
        agreement_approved()
        client.force_login(personas["reporter"])
        data = self.get(client, {"kod": "1480", "datum": "2027-03-01"}).json()
        assert data["branch"] == "not_approved"
        assert [d["code"] for d in data["documents"]] == ["RBA", "PVA", "HSL"]

    def test_unknown_code_is_a_swedish_404(self, client, personas):
        client.force_login(personas["reporter"])
        response = self.get(client, {"kod": "9999", "datum": "2027-03-01"})
        assert response.status_code == 404
        assert response.json()["detail"] == "Det finns ingen huvudman med koden 9999."

    @pytest.mark.parametrize("bad", ["", "2027-02-30", "1 mars", "20270301"])
    def test_bad_date_is_a_swedish_400(self, client, personas, bad):
        client.force_login(personas["reporter"])
        response = self.get(client, {"kod": "1480", "datum": bad})
        assert response.status_code == 400
        assert "date" in response.json()["errors"]

    def test_missing_code_is_a_400(self, client, personas):
        client.force_login(personas["reporter"])
        response = self.get(client, {"datum": "2027-03-01"})
        assert response.status_code == 400
        assert "party" in response.json()["errors"]

    def test_anonymous_gets_401_json(self, client, reference_data):
        response = self.get(client, {"kod": "1480", "datum": "2027-03-01"})
        assert response.status_code == 401
        assert response.json()["title"] == "Du måste autentisera dig."


def test_administrator_records_a_decision_and_it_shows_in_the_history(client, personas):
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:decision_record"),
        {
            "party": party("1441").pk,
            "document": document().pk,
            "status": "approved",
            "decision_date": "2026-05-20",
            "reference": "KF § 87",
        },
    )
    assert response.status_code == 302
    decision = AdoptionDecision.objects.get(party__code="1441")
    assert decision.status == "approved"
    page = client.get(reverse("agreements:document", args=["HSA-2027"])).content.decode()
    assert "Beslut registrerat" in page
    # The party by its name, not its code (1441).
    assert "Lerums kommun: Godkänt (2026-05-20), KF § 87" in page
    assert "countyadmin" in page


def test_a_decision_without_date_shows_the_error_on_the_field_and_saves_nothing(client, personas):
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:decision_record"),
        {"party": party("1441").pk, "document": document().pk, "status": "rejected"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["decision_date"] == [DECISION_DATE_REQUIRED]
    assert 'id="error-summary"' in response.content.decode()
    assert not AdoptionDecision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="agreements.").exists()


def test_termination_preview_shows_the_end_date_without_saving(client, personas):
    agreement_approved(party("1490"))
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:termination_create"),
        {
            "party": party("1490").pk,
            "document": document().pk,
            "notified_on": "2026-07-01",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert "upphör att gälla för Borås Stad efter 2030-12-31" in response.content.decode()
    assert not Termination.objects.exists()


def test_termination_is_registered_with_the_computed_end(client, personas):
    agreement_approved(party("1490"))
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:termination_create"),
        {
            "party": party("1490").pk,
            "document": document("OK-MUNHALSA").pk,
            "notified_on": "2026-11-01",
            "reference": "KF 2026/12",
        },
        follow=True,
    )
    assert Termination.objects.get().ends_on == date(2030, 12, 31)
    assert "efter 2030-12-31" in response.content.decode()


def test_termination_before_the_decision_is_refused_on_the_date_field(client, personas):
    agreement_approved(party("1490"))
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:termination_create"),
        {"party": party("1490").pk, "document": document().pk, "notified_on": "2026-01-01"},
    )
    assert response.context["form"].errors["notified_on"] == [
        TERMINATION_BEFORE_DECISION.format(decided="2026-04-12")
    ]
    assert not Termination.objects.exists()


def test_overlapping_version_is_refused_on_the_form(client, personas):
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:version_create", args=["RL-SIP"]),
        {"version": "2026", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "valid_from" in response.context["form"].errors
    assert DocumentVersion.objects.filter(document__code="RL-SIP").count() == 1


def test_start_page_tells_county_administrators_who_has_not_decided(client, personas):
    agreement_approved(party("1490"))
    client.force_login(personas["county_admin"])
    html = client.get("/").content.decode()
    assert "Beslut om avtalet" in html
    assert "2 av 50 huvudmän har godkänt" in html
    assert "Ale kommun har inte fattat beslut" in html
    client.force_login(personas["reporter"])
    assert "Beslut om avtalet" not in client.get("/").content.decode()


def test_a_decision_dated_in_the_future_is_refused_on_the_date_field(client, personas):
    client.force_login(personas["county_admin"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("agreements:decision_record"),
        {
            "party": party("1441").pk,
            "document": document().pk,
            "status": "approved",
            "decision_date": tomorrow,
            "reference": "KF § 87",
        },
    )
    assert response.context["form"].errors["decision_date"] == [DECISION_IN_FUTURE]
    assert f'value="{tomorrow}"' in response.content.decode()  # what was typed is kept
    assert not AdoptionDecision.objects.exists()


@pytest.mark.parametrize("preview", [True, False])
def test_a_termination_dated_in_the_future_is_refused_on_the_date_field(client, personas, preview):
    agreement_approved(party("1490"))
    client.force_login(personas["county_admin"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {"party": party("1490").pk, "document": document().pk, "notified_on": tomorrow}
    response = client.post(
        reverse("agreements:termination_create"), {**data, **({"preview": "1"} if preview else {})}
    )
    assert response.context["form"].errors["notified_on"] == [TERMINATION_IN_FUTURE]
    assert response.context["preview"] is None
    assert not Termination.objects.exists()


def test_the_forms_ask_for_a_choice_in_words_not_dashes(client, personas):
    client.force_login(personas["county_admin"])
    termination = client.get(reverse("agreements:termination_create")).content.decode()
    decision = client.get(reverse("agreements:decision_record")).content.decode()
    assert "---------" not in termination and "---------" not in decision
    assert "Välj kommun</option>" in termination
    assert "Välj avtalet eller en överenskommelse</option>" in termination
    assert "Välj kommun eller region</option>" in decision


def test_the_menu_and_the_page_ask_the_same_question(client, personas):
    client.force_login(personas["reporter"])
    question = "Vad gäller mellan en huvudman och regionen?"
    listing = client.get(reverse("agreements:documents")).content.decode()
    page = client.get(reverse("agreements:regime")).content.decode()
    assert f">{question}</a>" in listing
    assert f"<h1>{question}</h1>" in page
    assert "Vad gäller för en kommun?" not in listing + page
    assert "Styrdokument" in listing and "tyrande dokument" not in listing


def test_a_termination_in_the_history_names_the_party_not_its_code(client, personas):
    mark = party("1463")
    agreement_approved(mark)
    terminate(mark, on=date(2026, 10, 15))
    client.force_login(personas["reporter"])
    page = client.get(reverse("agreements:document", args=["HSA-2027"])).content.decode()
    assert "Marks kommun: uppsägning 2026-10-15" in page
    assert "1463:" not in page
