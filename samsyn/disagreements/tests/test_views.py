"""The disagreement pages as people use them: access, bad input, and the whole story."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samsyn.audit.models import ReadEvent
from samsyn.core.services import CONCURRENT_EDIT
from samsyn.disagreements.models import Disagreement, EconomicSettlement, Lesson
from samsyn.disagreements.services import cases, lessons, step3
from samsyn.disagreements.services import ladder as rules
from samsyn.disagreements.tests.factories import (
    category,
    document_with_sections,
    escalate,
    open_case,
)

pytestmark = pytest.mark.django_db


def _action(d, action):
    return reverse("disagreements:action", args=[d.pk, action])


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("boras1", 200),  # own party's manager
        ("sas2", 200),  # counterpart's manager (another step)
        ("skovde1", 404),  # manager of an unrelated party
        ("analyst", 200),  # county analyst reads
        ("handler", 404),  # a deviation handler is not on the ladder
    ],
)
def test_who_may_open_a_case(client, ladder, boras, sas, who, status):
    d = open_case(ladder["boras1"], boras, sas)
    client.force_login(ladder[who])
    assert client.get(reverse("disagreements:detail", args=[d.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("boras1", 302),
        ("sas1", 302),
        ("skovde1", 404),
        ("analyst", 403),
        ("handler", 404),
    ],
)
def test_who_may_escalate(client, ladder, boras, sas, who, status):
    d = open_case(ladder["boras1"], boras, sas)
    response = _post(
        client, ladder[who], _action(d, "escalate"), {"reason": "Vidare.", "version": d.version}
    )
    assert response.status_code == status
    d.refresh_from_db()
    assert d.current_step == (2 if status == 302 else 1)


def test_reading_a_case_is_logged(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    client.force_login(ladder["analyst"])
    client.get(reverse("disagreements:detail", args=[d.pk]))
    assert ReadEvent.objects.filter(object_id=str(d.pk), channel="page").exists()


def test_the_list_shows_only_visible_cases_and_marks_disputes_in_text(
    client, ladder, boras, sas, skovde
):
    d = escalate(
        ladder["boras2"],
        escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas, title="Tvistig fråga")),
    )
    client.force_login(ladder["sas1"])
    html = _html(client.get(reverse("disagreements:list")))
    assert d.reference in html and "TVIST – mycket allvarlig" in html
    client.force_login(ladder["skovde1"])  # a manager of another party: an empty list
    assert d.reference not in _html(client.get(reverse("disagreements:list")))
    client.force_login(ladder["handler"])  # not on the ladder at all
    assert client.get(reverse("disagreements:list")).status_code == 403


def test_export_csv_and_excel_hold_the_visible_cases_and_are_logged(client, ladder, boras, sas):
    case = open_case(ladder["boras1"], boras, sas, title="Exportfrågan")
    client.force_login(ladder["analyst"])
    csv_text = b"".join(
        client.get(reverse("disagreements:list") + "?format=csv").streaming_content
    ).decode()
    assert "Exportfrågan" in csv_text
    response = client.get(reverse("disagreements:list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][1] == "Exportfrågan"
    exports = ReadEvent.objects.filter(channel="export")
    # Per export: one row for the file and one per case in it, so a review by case finds it.
    assert exports.filter(object_id="").count() == 2
    assert exports.filter(object_id=str(case.pk)).count() == 2
    client.force_login(ladder["skovde1"])
    client.get(reverse("disagreements:list") + "?format=csv")
    assert not exports.filter(username="chef1.skovde.t").exclude(object_id="").exists()


def test_registering_with_the_own_party_as_counterpart_shows_a_message_and_saves_nothing(
    client, ladder, boras, sas
):
    from samsyn.parties.models import CareProvider

    other = CareProvider.objects.create(
        party=boras.party, name="Borås hemsjukvård", kind="municipal"
    )
    client.force_login(ladder["boras1"])
    response = client.post(
        reverse("disagreements:create"),
        {
            "provider_a": boras.pk,
            "provider_b": other.pk,
            "title": "T",
            "question": "Q",
            "position_a": "P",
            "category": category().pk,
        },
    )
    # The counterpart list offers only other parties' providers: the choice itself is refused.
    assert response.status_code == 200 and 'id="error-summary"' in _html(response)
    assert not Disagreement.objects.exists()


def test_escalating_without_the_temporary_solution_shows_why(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True)
    response = _post(
        client,
        ladder["boras1"],
        _action(d, "escalate"),
        {"reason": "Vidare.", "version": d.version},
    )
    assert response.status_code == 200
    assert cases.TEMPORARY_SOLUTION_REQUIRED in _html(response)
    d.refresh_from_db()
    assert d.current_step == 1


def test_a_settlement_with_zero_amount_or_same_payer_and_payee_is_refused_on_the_page(
    client, ladder, boras, sas
):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    data = {
        "payer": boras.party.pk,
        "payee": boras.party.pk,
        "amount": "0",
        "basis": "Grund.",
        "decided_on": "2027-03-01",
        "version": d.version,
    }
    html = _html(_post(client, ladder["boras3"], _action(d, "settlement"), data))
    assert step3.AMOUNT_NOT_POSITIVE in html or step3.PAYER_IS_PAYEE in html
    data["payee"] = sas.party.pk
    html = _html(client.post(_action(d, "settlement"), data))
    assert step3.AMOUNT_NOT_POSITIVE in html
    data["amount"] = "100"
    data["payee"] = boras.party.pk
    html = _html(client.post(_action(d, "settlement"), data))
    assert step3.PAYER_IS_PAYEE in html
    assert not EconomicSettlement.objects.exists()


def test_a_step_1_manager_cannot_record_a_settlement(client, ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    response = _post(
        client,
        ladder["boras1"],
        _action(d, "settlement"),
        {
            "payer": boras.party.pk,
            "payee": sas.party.pk,
            "amount": "100",
            "basis": "G",
            "decided_on": "2027-03-01",
            "version": d.version,
        },
    )
    assert response.status_code == 403


def test_a_court_referral_before_step_3_is_refused_on_the_page(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    response = _post(
        client,
        ladder["boras3"],
        _action(d, "court"),
        {
            "court": "Borås tingsrätt",
            "case_number": "T 1-27",
            "referred_on": "2027-03-01",
            "version": d.version,
        },
    )
    assert step3.COURT_ONLY_AT_STEP3.format(step=1) in _html(response)
    d.refresh_from_db()
    assert d.status == Disagreement.Status.OPEN


def test_closing_without_a_lesson_is_refused_on_the_page(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    _post(
        client,
        ladder["boras1"],
        _action(d, "resolve"),
        {"solution": "Överens.", "version": d.version},
    )
    d.refresh_from_db()
    response = client.post(
        _action(d, "close"), {"title": "T", "solution": "S", "lesson": "", "version": d.version}
    )
    assert response.status_code == 200
    d.refresh_from_db()
    assert d.status == Disagreement.Status.RESOLVED and not Lesson.objects.exists()
    assert 'id="error-summary"' in _html(response)


def test_skipping_a_step_without_a_reason_is_refused_on_the_page(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    response = _post(
        client, ladder["boras1"], _action(d, "skip_propose"), {"reason": "", "version": d.version}
    )
    assert response.status_code == 200 and 'id="error-summary"' in _html(response)
    assert 'aria-invalid="true"' in _html(response)  # the field itself is marked
    response = _post(
        client,
        ladder["boras1"],
        _action(d, "skip_propose"),
        {"reason": "Brådskande för hela länet.", "version": d.version},
    )
    d.refresh_from_db()
    response = _post(client, ladder["boras2"], _action(d, "skip_accept"), {"version": d.version})
    assert rules.SKIP_NEEDS_OTHER_PARTY in _html(response)
    _post(client, ladder["sas1"], _action(d, "skip_accept"), {"version": d.version})
    d.refresh_from_db()
    assert d.current_step == 3 and d.is_dispute


def test_a_stale_form_is_refused_with_the_concurrent_edit_message(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    stale = d.version
    _post(
        client,
        ladder["sas1"],
        _action(d, "temporary_solution"),
        {"text": "Sjukhuset behåller patienten.", "valid_from": "2027-03-01", "version": stale},
    )
    response = _post(
        client, ladder["boras1"], _action(d, "escalate"), {"reason": "Vidare.", "version": stale}
    )
    assert CONCURRENT_EDIT in _html(response)
    d.refresh_from_db()
    assert d.current_step == 1


def test_everyone_signed_in_reads_the_library_but_not_the_case(
    client, ladder, boras, sas, personas
):
    d = open_case(ladder["boras1"], boras, sas)
    _post(client, ladder["boras1"], _action(d, "resolve"), {"solution": "Ö", "version": 1})
    d.refresh_from_db()
    client.post(
        _action(d, "close"),
        {
            "title": "Delad lösning",
            "solution": "Lösningen.",
            "lesson": "Lärdomen.",
            "version": d.version,
        },
    )
    lesson = Lesson.objects.get()
    client.force_login(personas["reporter"])
    assert "Delad lösning" in _html(client.get(reverse("disagreements:lessons")))
    assert client.get(reverse("disagreements:lesson", args=[lesson.pk])).status_code == 200
    assert client.get(reverse("disagreements:detail", args=[d.pk])).status_code == 404
    found = client.get(reverse("disagreements:lessons") + "?q=lärdomen")
    assert "Delad lösning" in _html(found)
    missing = client.get(reverse("disagreements:lessons") + "?q=tandvård")
    assert "Delad lösning" not in _html(missing)


def test_the_organisation_page_is_for_the_partys_administrators(client, ladder, personas, boras):
    client.force_login(ladder["boras1"])
    assert client.get(reverse("disagreements:organisation")).status_code == 403
    client.force_login(ladder["admin_boras"])
    html = _html(client.get(reverse("disagreements:organisation")))
    assert "chef1.boras.t" in html and "chef1.sas.t" not in html
    client.post(
        reverse("disagreements:organisation"),
        {"step": 3, "user": personas["handler"].pk, "provider": boras.pk},
    )
    assert personas["handler"].memberships.filter(role="manager_step3").exists()


def test_the_organisation_page_answers_an_unknown_or_foreign_party_with_404(client, ladder, sas):
    client.force_login(ladder["admin_boras"])
    assert client.get(reverse("disagreements:organisation") + "?part=fel").status_code == 404
    other = reverse("disagreements:organisation") + f"?part={sas.party_id}"
    assert client.get(other).status_code == 404


def test_the_start_page_lists_cases_waiting_for_me(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas, title="Väntar på steg 1")
    client.force_login(ladder["sas1"])
    html = _html(client.get("/"))
    assert "Oenigheter som väntar på dig" in html and "Väntar på steg 1" in html
    client.force_login(ladder["sas2"])
    assert "Väntar på steg 1" not in _html(client.get("/"))
    assert d.pk


def test_the_whole_story_from_step_1_to_economic_settlement_and_a_guiding_lesson(
    client, ladder, boras, sas, deviation
):
    """Done when (issue 5): a disagreement that starts from two deviations goes through steps
    1, 2 and 3 and ends in an economic settlement; the temporary solution shows throughout;
    the lesson is in the library and suggested for a new similar disagreement."""
    doc, section, _ = document_with_sections(boras.party.county)
    first, second = deviation(boras, sas), deviation(boras, sas)
    client.force_login(ladder["boras1"])
    prefilled = _html(client.get(reverse("disagreements:create") + f"?deviation={first.pk}"))
    assert f'value="{first.pk}" selected' in prefilled
    response = client.post(
        reverse("disagreements:create") + f"?deviation={first.pk}",
        {
            "provider_a": boras.pk,
            "provider_b": sas.pk,
            "title": "Betalningsansvar för utskrivningsklara",
            "question": "Från vilken dag gäller betalningsansvaret?",
            "position_a": "Från komplett inskrivningsmeddelande.",
            "category": category().pk,
            "deviations": [first.pk, second.pk],
            "documents": [doc.pk],
            "sections": [section.pk],
            "patient_affected": "on",
            "temporary_solution": "Sjukhuset behåller patienten; kommunen planerar hemgång.",
            "temporary_solution_from": "2027-03-01",
        },
    )
    d = Disagreement.objects.get()
    assert response.status_code == 302
    detail = reverse("disagreements:detail", args=[d.pk])

    assert set(d.deviations.all()) == {first, second}

    def page():
        html = _html(client.get(detail))
        assert "Patienten ska inte påverkas av oenigheten." in html
        assert first.reference in html and second.reference in html
        assert "Sjukhuset behåller patienten; kommunen planerar hemgång." in html
        return html

    assert "TVIST" not in page()
    client.post(
        _action(d, "meeting"),
        {"held_on": "2027-03-02", "notes": "Första mötet.", "version": d.version},
    )
    client.post(_action(d, "escalate"), {"reason": "Ingen samsyn.", "version": d.version})
    d.refresh_from_db()
    assert d.current_step == 2
    page()
    client.force_login(ladder["sas2"])
    client.post(_action(d, "escalate"), {"reason": "Fortfarande oense.", "version": d.version})
    d.refresh_from_db()
    assert d.current_step == 3 and d.is_dispute
    assert "Tvist – mycket allvarligt" in page()
    client.force_login(ladder["sas3"])
    response = client.post(
        _action(d, "settlement"),
        {
            "payer": boras.party.pk,
            "payee": sas.party.pk,
            "amount": "42000.50",
            "basis": "Tio vårddygn.",
            "decided_on": "2027-04-01",
            "reference": "KS 1",
            "version": d.version,
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.resolution == Disagreement.Resolution.ECONOMIC_SETTLEMENT
    assert "42\u00a0000,50 kr" in page()
    client.post(
        _action(d, "close"),
        {
            "title": "Betalningsansvar från komplett inskrivningsmeddelande",
            "solution": "Ansvaret räknas från komplett meddelande.",
            "lesson": "Stäm av datum tidigt.",
            "version": d.version,
        },
    )
    d.refresh_from_db()
    assert d.status == Disagreement.Status.CLOSED
    page()

    client.force_login(ladder["boras1"])
    library = _html(client.get(reverse("disagreements:lessons") + f"?document={doc.pk}"))
    assert "Betalningsansvar från komplett inskrivningsmeddelande" in library
    new = open_case(
        ladder["boras1"],
        boras,
        sas,
        documents=[doc],
        sections=[section],
        title="Ny fråga om utskrivningsklara",
        question="Samma avsnitt igen.",
    )
    html = _html(client.get(reverse("disagreements:detail", args=[new.pk])))
    assert "Liknande vägledande lösningar" in html
    assert "Betalningsansvar från komplett inskrivningsmeddelande" in html
    assert lessons.LESSON_REQUIRED  # the rule the close form enforced above


def test_while_writing_a_new_case_similar_solutions_are_suggested(client, ladder, boras, sas):
    doc, section, _ = document_with_sections(boras.party.county)
    d = open_case(ladder["boras1"], boras, sas, documents=[doc], sections=[section])
    _post(client, ladder["boras1"], _action(d, "resolve"), {"solution": "Ö", "version": 1})
    d.refresh_from_db()
    client.post(
        _action(d, "close"),
        {"title": "Förebild om avsnitt 4.2", "solution": "S", "lesson": "L", "version": d.version},
    )
    client.force_login(ladder["sas1"])
    assert 'hx-get="/oenighet/vagledande-losningar/liknande/"' in _html(
        client.get(reverse("disagreements:create"))
    )
    url = reverse("disagreements:similar")
    assert "Förebild om avsnitt 4.2" in _html(client.get(url, {"sections": section.pk}))
    assert "Förebild om avsnitt 4.2" not in _html(client.get(url, {"title": "Tandvård"}))


def test_an_economic_agreement_made_from_a_case_belongs_to_it(client, ladder, boras, sas):
    from samsyn.disagreements.models import EconomicAgreement

    d = open_case(ladder["boras1"], boras, sas)
    client.force_login(ladder["boras2"])
    url = reverse("disagreements:economic_agreement_create") + f"?oenighet={d.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "party_a": boras.party.pk,
            "party_b": sas.party.pk,
            "area": "Korttidsplatser",
            "responsibility": "Kommunen tar emot.",
            "compensation": "Regionen betalar.",
            "valid_from": "2027-01-01",
        },
    )
    assert response.status_code == 302
    assert EconomicAgreement.objects.get().disagreement == d
    client.force_login(ladder["boras1"])  # a step 1 manager does not make such agreements
    assert client.get(url).status_code == 403


def test_starting_from_a_deviation_prefills_the_form_and_a_strangers_deviation_is_404(
    client, ladder, boras, sas, skovde, deviation
):
    mine, hidden = deviation(sas, boras), deviation(skovde, sas)
    client.force_login(ladder["boras1"])
    html = _html(client.get(reverse("disagreements:create") + f"?deviation={mine.pk}"))
    assert f'value="{mine.pk}" selected' in html
    assert f'<option value="{boras.pk}" selected' in html  # my side is side A
    response = client.get(reverse("disagreements:create") + f"?deviation={hidden.pk}")
    assert response.status_code == 404


def test_a_linked_deviation_the_viewer_may_not_see_shows_only_its_reference(
    client, ladder, boras, sas, deviation, make_person
):
    from samsyn.parties.models import CareProvider, Role

    linked = deviation(boras, sas)
    d = open_case(ladder["boras1"], boras, sas)
    d.deviations.add(linked)
    client.force_login(ladder["sas1"])
    assert linked.title in _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    top = make_person(
        CareProvider.objects.get(name="Koncernkontoret"), Role.MANAGER_STEP3, username="vgr.top"
    )
    client.force_login(top)
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    assert linked.reference in html and linked.title not in html
    assert "du har inte behörighet att se avvikelsen" in html


def test_an_unknown_action_is_404_and_a_strangers_case_is_404_whatever_the_action(
    client, ladder, boras, sas
):
    d = open_case(ladder["boras1"], boras, sas)
    client.force_login(ladder["boras1"])
    assert client.get(reverse("disagreements:action", args=[d.pk, "finns-inte"])).status_code == 404
    client.force_login(ladder["skovde1"])
    for action in ("finns-inte", "escalate"):
        response = client.post(
            reverse("disagreements:action", args=[d.pk, action]),
            {"version": d.version, "reason": "x"},
        )
        assert response.status_code == 404, action


def test_the_list_finds_a_case_by_its_number_or_words_but_never_a_strangers(
    client, ladder, boras, sas, skovde
):
    wanted = open_case(ladder["boras1"], boras, sas, title="Hjälpmedel efter utskrivning")
    other = open_case(ladder["boras1"], boras, sas, title="Tandvård i hemmet")
    client.force_login(ladder["sas1"])
    for q in (wanted.reference, wanted.reference.lower(), "hjälpmedel"):
        html = _html(client.get(reverse("disagreements:list"), {"q": q}))
        assert wanted.title in html and other.title not in html, q
    client.force_login(ladder["skovde1"])
    assert wanted.title not in _html(
        client.get(reverse("disagreements:list"), {"q": wanted.reference})
    )


def test_an_action_page_that_shows_the_case_is_read_logged(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    client.force_login(ladder["sas1"])
    assert client.get(reverse("disagreements:action", args=[d.pk, "edit"])).status_code == 200
    assert ReadEvent.objects.filter(
        object_id=str(d.pk), username="chef1.sas.t", channel="page", detail="edit"
    ).exists()


def test_a_double_submitted_registration_creates_one_case(client, ladder, boras, sas):
    client.force_login(ladder["boras1"])
    html = _html(client.get(reverse("disagreements:create")))
    assert 'name="submission_token"' in html
    data = {
        "provider_a": boras.pk,
        "provider_b": sas.pk,
        "title": "Dubbelklick",
        "question": "Vem ansvarar?",
        "position_a": "Sjukhuset.",
        "category": category().pk,
        "submission_token": "6f1c1a52-8f53-4c1e-9a43-2d1e0c6b7a10",
    }
    first = client.post(reverse("disagreements:create"), data)
    second = client.post(reverse("disagreements:create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Disagreement.objects.filter(title="Dubbelklick").count() == 1
    client.force_login(ladder["boras2"])  # someone else with the same token: refused, not a 500
    response = client.post(reverse("disagreements:create"), data)
    assert response.status_code == 200
    assert cases.TOKEN_USED in _html(response)
    assert Disagreement.objects.filter(title="Dubbelklick").count() == 1


def test_lists_on_the_forms_name_their_empty_choice_instead_of_dashes(client, ladder, boras, sas):
    client.force_login(ladder["boras1"])
    page = client.get(reverse("disagreements:create")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Välj</option>' in page
