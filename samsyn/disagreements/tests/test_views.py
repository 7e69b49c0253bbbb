"""The disagreement pages as people use them: access, bad input, and the whole story."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from samsyn.audit.models import ReadEvent
from samsyn.core.access import actor_for
from samsyn.core.privacy import PERSONAL_NUMBER_FOUND
from samsyn.core.services import CONCURRENT_EDIT
from samsyn.disagreements import services
from samsyn.disagreements.models import Disagreement, EconomicSettlement, Lesson
from samsyn.disagreements.services import cases, claims, lessons, protocols, step3
from samsyn.disagreements.services import ladder as rules
from samsyn.disagreements.tests.factories import (
    category,
    document_with_sections,
    escalate,
    open_case,
    resolve,
    settle,
)
from samsyn.disagreements.views import cases as case_views
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db


def _action(d, action):
    """The page of a move, by its code ("escalate" is at /oenighet/<pk>/eskalera/)."""
    return reverse("disagreements:action", args=[d.pk, DISAGREEMENT_WORKFLOW.slug(action)])


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
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[2]][1] == "Exportfrågan"
    exports = ReadEvent.objects.filter(channel="export")
    # One row per export, holding the ids of the cases in it: a review by case finds it.
    assert [e.case_ids for e in exports] == [[case.pk], [case.pk]]
    assert exports.filter(case_ids__includes=case.pk).count() == 2
    client.force_login(ladder["skovde1"])
    client.get(reverse("disagreements:list") + "?format=csv")
    assert exports.get(username="chef1.skovde.t").case_ids == []


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
    assert response.status_code == 400 and 'id="error-summary"' in _html(response)
    assert not Disagreement.objects.exists()


def test_registering_an_affected_patient_asks_at_once_how_their_needs_are_met(
    client, ladder, boras, sas
):
    data = {
        "provider_a": boras.pk,
        "provider_b": sas.pk,
        "title": "Utskrivning utan läkemedelslista",
        "question": "Vem ansvarar för läkemedelslistan?",
        "position_a": "Sjukhuset.",
        "category": category().pk,
        "patient_affected": "on",
    }
    response = _post(client, ladder["boras1"], reverse("disagreements:create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert str(cases.PATIENT_ANSWER_REQUIRED) in errors["patient_affected"]
    assert str(cases.TEMPORARY_SOLUTION_EMPTY) in errors["temporary_solution"]
    assert "Utskrivning utan läkemedelslista" in _html(response)  # nothing typed is lost
    assert not Disagreement.objects.exists()
    data |= {"temporary_solution_none": "on", "temporary_solution": "Patienten är kvar."}
    assert client.post(reverse("disagreements:create"), data).status_code == 302
    d = Disagreement.objects.get()
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    assert "Ingen tillfällig lösning behövs" in html and "Patienten är kvar." in html


def test_the_patients_answer_tops_every_steps_pages_with_its_history(client, ladder, boras, sas):
    """Issue 18 item 3: how the patient's needs are met stands at the top of the case page at
    every step (before the ladder), with every earlier version, and on the step's protocol and
    move pages; the current step's owners may update it."""
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    first = d.temporary_solution
    services.temporary_solution_set(
        actor=actor_for(ladder["sas1"]),
        disagreement=d,
        text="Sjukhuset behåller patienten tills vidare.",
        valid_from=datetime.date(2027, 3, 2),
        expected_version=d.version,
    )
    d.refresh_from_db()
    update = "Ändra hur patientens behov tillgodoses"
    for step, owner in ((1, "boras1"), (2, "sas2"), (3, "boras3")):
        if step > 1:
            d = escalate(ladder[f"boras{step - 1}"], d)
        client.force_login(ladder[owner])
        html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
        top = html.index('id="patient-title"')
        assert top < html.index("Eskaleringstrappan"), step
        box = html[top : html.index("</section>", top)]
        assert "Sjukhuset behåller patienten tills vidare." in box
        assert "Tidigare svar (2 versioner)" in box and first in box
        assert update in box, step  # the current step's owner updates it
        pages = [
            reverse("disagreements:protocol", args=[d.pk, d.steps.get(number=1).protocol.pk]),
            _action(d, "temporary_solution"),
        ]
        for url in pages:
            page = _html(client.get(url))
            assert "Sjukhuset behåller patienten tills vidare." in page, (step, url)
    client.force_login(ladder["boras1"])  # no longer the current step's owner
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    assert "Sjukhuset behåller patienten tills vidare." in html and update not in html


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
    assert str(step3.AMOUNT_NOT_POSITIVE) in html or str(step3.PAYER_IS_PAYEE) in html
    data["payee"] = sas.party.pk
    html = _html(client.post(_action(d, "settlement"), data))
    assert str(step3.AMOUNT_NOT_POSITIVE) in html
    data["amount"] = "100"
    data["payee"] = boras.party.pk
    html = _html(client.post(_action(d, "settlement"), data))
    assert str(step3.PAYER_IS_PAYEE) in html
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
    d = resolve(ladder["boras1"], d, confirmer=ladder["sas1"])
    client.force_login(ladder["boras1"])
    response = client.post(
        _action(d, "close"), {"title": "T", "solution": "S", "lesson": "", "version": d.version}
    )
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.status == Disagreement.Status.RESOLVED and not Lesson.objects.exists()
    assert 'id="error-summary"' in _html(response)


def test_skipping_a_step_without_a_reason_is_refused_on_the_page(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    response = _post(
        client, ladder["boras1"], _action(d, "skip_propose"), {"reason": "", "version": d.version}
    )
    assert response.status_code == 400 and 'id="error-summary"' in _html(response)
    assert 'aria-invalid="true"' in _html(response)  # the field itself is marked
    response = _post(
        client,
        ladder["boras1"],
        _action(d, "skip_propose"),
        {"reason": "Brådskande för hela länet.", "version": d.version},
    )
    d.refresh_from_db()
    response = _post(client, ladder["boras2"], _action(d, "skip_accept"), {"version": d.version})
    assert str(rules.SKIP_NEEDS_OTHER_PARTY) in _html(response)
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
    assert str(CONCURRENT_EDIT) in _html(response)
    d.refresh_from_db()
    assert d.current_step == 1


def test_everyone_signed_in_reads_the_library_but_not_the_case(
    client, ladder, boras, sas, personas
):
    d = resolve(ladder["boras1"], open_case(ladder["boras1"], boras, sas), confirmer=ladder["sas1"])
    client.force_login(ladder["boras1"])
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
    assert f'name="deviations" value="{first.reference}"' in prefilled
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
    assert d.status == Disagreement.Status.OPEN and d.proposal_kind == "settlement"
    assert "Väntar på bekräftelse från den andra parten" in page()
    client.force_login(ladder["boras3"])  # the other party's step 3 owner confirms it
    assert client.post(_action(d, "settlement_confirm"), {"version": d.version}).status_code == 302
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
    d = resolve(ladder["boras1"], d, "Ö", confirmer=ladder["sas1"])
    client.force_login(ladder["boras1"])
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
    assert f'name="deviations" value="{mine.reference}"' in html
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
    for action in ("finns-inte", "eskalera"):
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
    assert client.get(_action(d, "edit")).status_code == 200
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
    assert response.status_code == 400
    assert gettext(cases.TOKEN_USED) in _html(response)
    assert Disagreement.objects.filter(title="Dubbelklick").count() == 1


def test_lists_on_the_forms_name_their_empty_choice_instead_of_dashes(client, ladder, boras, sas):
    client.force_login(ladder["boras1"])
    page = client.get(reverse("disagreements:create")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Välj</option>' in page


@pytest.mark.parametrize(
    ("code", "counterpart", "warned"),
    [
        ("HSA-2017", "skovde", True),  # the agreement: region and each municipality only
        ("OK-BETALNINGSANSVAR", "skovde", True),
        ("HSA-2017", "sas", False),  # a municipality and the region: bound
        ("RL-AVVIKELSER", "skovde", False),  # a county-wide guideline binds everyone
    ],
)
def test_a_case_citing_a_document_that_does_not_bind_the_two_parties_is_warned_about(
    client, ladder, boras, sas, skovde, code, counterpart, warned
):
    from samsyn.agreements.models import GoverningDocument
    from samsyn.agreements.selectors import PAIR_NOT_BOUND

    document = GoverningDocument.objects.get(county__code="14", code=code)
    other = {"skovde": skovde, "sas": sas}[counterpart]
    d = open_case(ladder["boras1"], boras, other, documents=[document])
    client.force_login(ladder["boras1"])
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    reason = PAIR_NOT_BOUND.format(
        document=document.title, party_a="Borås Stad", party_b="Skövde kommun"
    )
    assert ("binder kanske inte parterna till varandra" in html) is warned
    assert (reason in html) is warned


# ---------------------------------------------------------------- amounts (issue 14, item 16)


def _at_step3(ladder, boras, sas):
    return escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )


def _settlement(d, boras, sas, **overrides):
    return {
        "payer": boras.party.pk,
        "payee": sas.party.pk,
        "amount": "96 600,00",
        "basis": "Betalningsansvar för 14 vårddygn.",
        "decided_on": "2026-11-20",
        "reference": "RS 2026-0042",
        "version": d.version,
        **overrides,
    }


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("96 600,00", "96600.00"),
        ("96\u00a0600,00", "96600.00"),
        ("96\u202f600", "96600.00"),
        ("96600.00", "96600.00"),
        ("96 600,50 kr", "96600.50"),
    ],
)
def test_a_settlement_amount_is_read_as_swedes_write_it(client, ladder, boras, sas, typed, saved):
    from decimal import Decimal

    d = _at_step3(ladder, boras, sas)
    response = _post(
        client, ladder["boras3"], _action(d, "settlement"), _settlement(d, boras, sas, amount=typed)
    )
    assert response.status_code == 302
    assert EconomicSettlement.objects.get().amount == Decimal(saved)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e9", "exponentform"),
        ("1.000", "högst två decimaler"),
        ("\u00b2", "med siffror"),
    ],
)
def test_a_settlement_amount_that_is_not_an_amount_is_refused_on_the_field(
    client, ladder, boras, sas, typed, message
):
    d = _at_step3(ladder, boras, sas)
    response = _post(
        client, ladder["boras3"], _action(d, "settlement"), _settlement(d, boras, sas, amount=typed)
    )
    assert response.status_code < 500 and response.status_code != 302
    assert any(str(message) in e for e in response.context["form"].errors["amount"])
    html = _html(response)
    assert "Betalningsansvar för 14 vårddygn." in html and 'value="RS 2026-0042"' in html
    assert not EconomicSettlement.objects.exists()


def test_a_large_settlement_amount_must_be_confirmed_and_nothing_typed_is_lost(
    client, ladder, boras, sas, settings
):
    from decimal import Decimal

    from samsyn.core.amounts import AMOUNT_NEEDS_CONFIRMATION

    settings.AMOUNT_CONFIRM_ABOVE = 1_000_000
    d = _at_step3(ladder, boras, sas)
    client.force_login(ladder["boras3"])
    first = _html(client.get(_action(d, "settlement")))
    assert "Beloppet stämmer" not in first  # the checkbox appears only when it is needed
    data = _settlement(d, boras, sas, amount="2 500 000")
    response = client.post(_action(d, "settlement"), data)
    assert response.context["form"].errors["amount"] == [
        AMOUNT_NEEDS_CONFIRMATION.format(
            amount="2\u00a0500\u00a0000,00 kr", limit="1\u00a0000\u00a0000,00 kr"
        )
    ]
    html = _html(response)
    assert "Beloppet stämmer" in html and 'name="amount_confirmed"' in html
    assert (
        html.index('name="amount"')
        < html.index('name="amount_confirmed"')
        < html.index('name="basis"')
    )  # the box stands right after the amount it confirms
    assert 'value="2 500 000"' in html and "Betalningsansvar för 14 vårddygn." in html
    assert not EconomicSettlement.objects.exists()
    response = client.post(_action(d, "settlement"), {**data, "amount_confirmed": "on"})
    assert response.status_code == 302
    assert EconomicSettlement.objects.get().amount == Decimal("2500000.00")


def test_appointing_oneself_is_an_error_on_the_form_and_removing_a_last_role_is_a_message(
    client, ladder, boras, make_person
):
    """The organisation page goes through parties.services (issue 14): its refusals are
    shown on the page, never as an error page."""
    from samsyn.parties.models import Membership
    from samsyn.parties.services import LAST_ROLE_REFUSED, OWN_ROLES_REFUSED

    admin = ladder["admin_boras"]
    client.force_login(admin)
    response = client.post(
        reverse("disagreements:organisation"), {"step": 1, "user": admin.pk, "provider": boras.pk}
    )
    assert response.status_code in (200, 400)
    assert str(OWN_ROLES_REFUSED) in _html(response)
    assert not admin.memberships.filter(role="manager_step1").exists()
    only_step = make_person(boras, "manager_step2", username="bara.steg2")
    membership = Membership.objects.get(user=only_step)
    response = client.post(
        reverse("disagreements:organisation_remove", args=[membership.pk]), follow=True
    )
    assert response.status_code == 200
    assert str(LAST_ROLE_REFUSED) in _html(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- refused input on every action page (issue 14, items 4 and 19) ---------------------------

PN = "19121212-1212"
PN_MESSAGE = PERSONAL_NUMBER_FOUND.split("(")[0].strip()


def _case_for(action, ladder, boras, sas):
    """(case, who acts) with the action available, built through the services."""
    d = open_case(ladder["boras1"], boras, sas)
    if action in ("skip_accept", "skip_decline"):
        rules.step_skip_propose(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            reason="Brådskande.",
            expected_version=d.version,
        )
        return d, ladder["sas1"]
    if action in ("settlement", "court", "judgment"):
        d = escalate(ladder["boras2"], escalate(ladder["boras1"], d))
        if action == "judgment":
            step3.court_refer(
                actor=actor_for(ladder["sas3"]),
                disagreement=d,
                court="Borås tingsrätt",
                case_number="T 1-27",
                referred_on=datetime.date(2027, 3, 1),
                expected_version=d.version,
            )
            d.refresh_from_db()
        return d, ladder["sas3"]
    if action in ("close", "reopen"):
        d = resolve(ladder["boras1"], d, "Parterna är överens.", confirmer=ladder["sas1"])
    if action in ("resolve_confirm", "proposal_decline"):
        rules.disagreement_resolve(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            solution="Parterna är överens.",
            expected_version=d.version,
        )
        d.refresh_from_db()
        return d, ladder["sas1"]
    if action == "settlement_confirm":
        d = settle(
            ladder["boras3"],
            escalate(ladder["boras2"], escalate(ladder["boras1"], d)),
            payer=sas.party,
            payee=boras.party,
        )
        return d, ladder["sas3"]
    if action in ("claim", "claim_answer"):
        d = escalate(ladder["boras1"], d)
        if action == "claim":
            return d, ladder["boras2"]
        _claim(ladder["boras2"], d)
        return d, ladder["sas2"]
    return d, ladder["boras1"]


def _claim(user, d, amount=Decimal("42000")):
    doc, section, _ = document_with_sections(d.county)
    return services.claim_present(
        actor=actor_for(user),
        disagreement=d,
        terms=services.ClaimTerms(
            amount=amount,
            facts="Tio vårddygn i väntan på hemgång, mars 2027.",
            document=doc,
            section=section,
        ),
    )


# action: (fields typed, field refused or None for above the form, message, text kept)
REFUSED = {
    "edit": (
        {
            "title": f"Gäller {PN}",
            "question": "Vem betalar?",
            "position_a": "Vi.",
            "category": "category",
        },
        "title",
        PN_MESSAGE,
        f"Gäller {PN}",
    ),
    "temporary_solution": (
        {"text": f"Hemtjänsten hjälper {PN}.", "valid_from": "2027-03-01"},
        "text",
        PN_MESSAGE,
        f"Hemtjänsten hjälper {PN}.",
    ),
    "step": (
        {"deadline": "2000-01-01"},
        "deadline",
        "Sista datum kan inte vara före",
        "2000-01-01",
    ),
    "meeting": (
        {"held_on": "2027-03-02", "notes": f"Vi talade om {PN}."},
        "notes",
        PN_MESSAGE,
        f"Vi talade om {PN}.",
    ),
    "escalate": ({"reason": f"Gäller {PN}."}, "reason", PN_MESSAGE, f"Gäller {PN}."),
    "skip_propose": (
        {"reason": f"Brådskande för {PN}."},
        "reason",
        PN_MESSAGE,
        f"Brådskande för {PN}.",
    ),
    "skip_accept": ({"stale": True}, None, CONCURRENT_EDIT, None),
    "skip_decline": ({"stale": True}, None, CONCURRENT_EDIT, None),
    "resolve": ({"solution": f"Överens om {PN}."}, "solution", PN_MESSAGE, f"Överens om {PN}."),
    "settlement": (
        {
            "payer": "boras",
            "payee": "sas",
            "amount": "100",
            "decided_on": "2027-03-01",
            "basis": f"Vård för {PN}.",
        },
        "basis",
        PN_MESSAGE,
        f"Vård för {PN}.",
    ),
    "court": (
        {"court": f"Tingsrätten {PN}", "case_number": "T 2-27", "referred_on": "2027-03-01"},
        "court",
        PN_MESSAGE,
        f"Tingsrätten {PN}",
    ),
    "judgment": (
        {"judgment": f"Kommunen betalar för {PN}.", "judgment_on": "2027-05-01"},
        "judgment",
        PN_MESSAGE,
        f"Kommunen betalar för {PN}.",
    ),
    "close": (
        {
            "title": "Betalningsansvar",
            "solution": "Komplett meddelande.",
            "lesson": f"Fråga {PN} tidigt.",
        },
        "lesson",
        PN_MESSAGE,
        f"Fråga {PN} tidigt.",
    ),
    "reopen": ({"reason": f"Ny fråga om {PN}."}, "reason", PN_MESSAGE, f"Ny fråga om {PN}."),
    "resolve_confirm": ({"stale": True}, None, CONCURRENT_EDIT, None),
    "proposal_decline": ({"stale": True}, None, CONCURRENT_EDIT, None),
    "settlement_confirm": ({"stale": True}, None, CONCURRENT_EDIT, None),
    # A claim without its factual basis (issue 18: "a settlement claim without a basis").
    "claim": (
        {"amount": "42 000", "facts": "", "document": "document"},
        "facts",
        claims.FACTS_REQUIRED,
        "42 000",
    ),
    "claim_answer": (
        {"claim": "claim", "answer": f"Vi bestrider för {PN}."},
        "answer",
        PN_MESSAGE,
        f"Vi bestrider för {PN}.",
    ),
    "protocol_position": (
        {"protocol": "protocol", "party": "boras", "position": f"Gäller {PN}.", "facts": "F"},
        "position",
        PN_MESSAGE,
        f"Gäller {PN}.",
    ),
    # A document named with an identity number (issue 18: attachments on a disagreement).
    "attach": (
        {"files": SimpleUploadedFile(f"{PN}.pdf", b"%PDF-1.4\n%%EOF\n")},
        "files",
        "verkar innehålla ett personnummer",
        None,
    ),
    # A confirmation on the other party's behalf (issue 18).
    "protocol_confirm": (
        {"protocol": "protocol", "party": "sas"},
        "party",
        protocols.ONLY_OWN_PARTY_CONFIRMS.format(step=1),
        None,
    ),
}


def test_the_table_names_every_action():
    assert set(REFUSED) == set(case_views.ACTIONS.forms) - {"comment"}


@pytest.mark.parametrize("action", list(REFUSED))
def test_every_action_answers_refused_input_with_400_the_message_and_the_text_kept(
    client, ladder, boras, sas, action
):
    d, user = _case_for(action, ladder, boras, sas)
    typed, field, message, kept = REFUSED[action]
    data = {**typed, "version": d.version}
    if data.pop("stale", False):
        data["version"] = d.version - 1
    placeholders = {
        "category": category().pk,
        "boras": boras.party.pk,
        "sas": sas.party.pk,
        "protocol": d.steps.get(outcome="").protocol.pk if d.is_active else None,
        "claim": getattr(d.claims.first(), "pk", None),
        "document": document_with_sections(d.county)[0].pk,
    }
    for name, value in list(data.items()):
        data[name] = placeholders.get(value, value)
    version_before = d.version

    response = _post(client, user, _action(d, action), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(str(message) in e for e in errors[field or "__all__"]), errors
    html = _html(response)
    assert 'id="error-summary"' in html
    if kept:
        assert kept in html
    d.refresh_from_db()
    assert d.version == version_before


def test_a_refused_comment_shows_the_case_with_the_message_and_keeps_the_text(
    client, ladder, boras, sas
):
    d = open_case(ladder["boras1"], boras, sas)
    response = _post(
        client,
        ladder["boras1"],
        reverse("disagreements:comment", args=[d.pk]),
        {"body": f"Patienten {PN} är orolig."},
    )
    assert response.status_code == 400
    assert any(PN_MESSAGE in e for e in response.context["comment_form"].errors["body"])
    html = _html(response)
    assert 'id="error-summary"' in html and f"Patienten {PN} är orolig." in html
    assert not d.comments.exists()


def test_a_dispute_is_marked_wherever_a_disagreement_is_listed(
    client, ladder, boras, sas, deviation
):
    """Issue 14, item 18: the step-3 manager's start page, the deviation's box, notifications,
    the register of economic agreements and the exports all say TVIST, like the case page."""
    from samsyn.disagreements.services import economic_agreements

    linked = deviation(boras, sas)
    d = open_case(ladder["boras1"], boras, sas, title="Tvistefrågan")
    d.deviations.set([linked])
    d = escalate(ladder["boras2"], escalate(ladder["boras1"], d))
    cases.comment_add(actor=actor_for(ladder["boras3"]), disagreement=d, body="Vi kallar.")
    economic_agreements.economic_agreement_create(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        terms=services.EconomicAgreementTerms(
            party_a=sas.party,
            party_b=boras.party,
            area="Utskrivning",
            responsibility="Sjukhuset.",
            compensation="Ingen.",
            valid_from=datetime.date(2027, 3, 1),
        ),
    )
    mark = f"TVIST – {d.reference}"
    client.force_login(ladder["sas3"])

    start = _html(client.get("/"))
    assert f'>{mark}</a></td><td role="cell">Tvistefrågan</td><td role="cell">Steg 3' in start
    notifications = _html(client.get(reverse("core:notifications")))
    assert f"{mark}: Ny kommentar" in notifications
    for url in (
        reverse("disagreements:list"),
        reverse("deviations:detail", args=[linked.pk]),
        reverse("disagreements:economic_agreements"),
    ):
        html = _html(client.get(url))
        assert "TVIST – mycket allvarlig" in html, url
    csv_text = b"".join(
        client.get(reverse("disagreements:list") + "?format=csv").streaming_content
    ).decode()
    header, row = csv_text.strip().splitlines()[:2]
    assert (
        dict(zip(header.lstrip("\ufeff").split(";"), row.split(";"), strict=True))["Tvist"] == "Ja"
    )


def test_the_moves_have_swedish_addresses_and_the_english_ones_are_gone(client, ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    assert _action(d, "escalate") == f"/oenighet/{d.pk}/eskalera/"
    assert _action(d, "skip_propose") == f"/oenighet/{d.pk}/hoppa-over-steg-2/"
    assert _action(d, "temporary_solution") == f"/oenighet/{d.pk}/tillfallig-losning/"
    client.force_login(ladder["boras1"])
    assert client.get(f"/oenighet/{d.pk}/eskalera/").status_code == 200
    for english in ("escalate", "skip_propose", "temporary_solution", "edit", "step"):
        assert client.get(f"/oenighet/{d.pk}/{english}/").status_code == 404, english


def test_the_case_page_offers_the_moves_of_the_table_and_shows_their_history(
    client, ladder, boras, sas
):
    d = escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    client.force_login(ladder["sas2"])
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    # Folded: the form is fetched when opened, and without script the link leads to its page.
    assert f'hx-get="{_action(d, "escalate")}"' in html
    assert f'href="{_action(d, "escalate")}">Öppna formuläret: Eskalera till steg 3<' in html
    assert "Föreslå att hoppa över steg 2" not in html  # only from step 1
    history = html[html.index("Händelser i ärendet") :]
    assert "Oenigheten registrerades (steg 1)" in history
    who = ladder["boras1"].get_full_name()
    assert f"<strong>Eskalerades till steg 2</strong> – {who}" in history
    client.force_login(ladder["analyst"])  # reads, takes no action
    html = _html(client.get(reverse("disagreements:detail", args=[d.pk])))
    assert "Vad vill du göra?" not in html and "Nästa steg" not in html
    assert "Händelser i ärendet" in html


def test_the_list_pages_by_cursor_and_old_page_links_still_lead_there(client, ladder, boras, sas):
    """Keyset pages: active cases first, every case once; an old ?sida=2 link redirects to
    the same cases, with its filters."""
    first = open_case(ladder["boras1"], boras, sas)
    Disagreement.objects.bulk_create(
        Disagreement(
            county_id=first.county_id,
            party_a=first.party_a,
            provider_a=first.provider_a,
            party_b=first.party_b,
            provider_b=first.provider_b,
            title=f"Fråga {n}",
            question="Q",
            position_a="P",
            category=first.category,
            created_by=first.created_by,
        )
        for n in range(60)
    )
    client.force_login(ladder["boras1"])
    url = reverse("disagreements:list")
    html = _html(client.get(url))
    assert "61 oenigheter" in html and "Sida" not in html and "page=" not in html
    seen = []
    while True:
        seen += re.findall(r">(OE-\d+)</a>", html)
        if 'rel="next"' not in html:
            break
        link = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
        html = _html(client.get(url + link))
    expected = sorted(
        Disagreement.objects.all(),
        key=lambda d: (d.status != Disagreement.Status.OPEN, -d.created_at.timestamp(), -d.pk),
    )
    assert seen == [d.reference for d in expected]
    moved = client.get(url, {"sida": 2, "status": "open"})
    assert moved.status_code == 302 and "status=open" in moved.url and "efter=" in moved.url
    open_ones = [d.reference for d in expected if d.status == Disagreement.Status.OPEN]
    assert re.findall(r">(OE-\d+)</a>", _html(client.get(moved.url))) == open_ones[50:]


def test_the_lessons_library_shows_only_the_readers_own_county(
    client, ladder, boras, sas, make_person, varmland
):
    """Issue 14 item 9: a lesson of Västra Götaland is not read from Värmland (list, page,
    suggestions while writing), and is read in its own county by any role."""
    doc, section, _ = document_with_sections(boras.party.county)
    d = open_case(ladder["boras1"], boras, sas, documents=[doc], sections=[section])
    d = resolve(ladder["boras1"], d, confirmer=ladder["sas1"])
    services.disagreement_close(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        title="Utskrivningsklar enligt avsnittet",
        solution="Lösningen",
        lesson="Lärdomen",
        expected_version=d.version,
    )
    lesson = Lesson.objects.get(disagreement=d)
    similar = reverse("disagreements:similar") + f"?sections={section.pk}&documents={doc.pk}"
    outsider = make_person(varmland["hospital"], Role.MANAGER_STEP1, username="chef.karlstad")
    client.force_login(outsider)
    assert "Utskrivningsklar" not in client.get(reverse("disagreements:lessons")).content.decode()
    assert client.get(reverse("disagreements:lesson", args=[lesson.pk])).status_code == 404
    assert "Utskrivningsklar" not in client.get(similar).content.decode()
    client.force_login(ladder["handler"])
    assert "Utskrivningsklar" in client.get(reverse("disagreements:lessons")).content.decode()
    assert client.get(reverse("disagreements:lesson", args=[lesson.pk])).status_code == 200
    assert "Utskrivningsklar" in client.get(similar).content.decode()


def _registration(boras, sas, deviations: str) -> dict:
    return {
        "provider_a": boras.pk,
        "provider_b": sas.pk,
        "title": "Vem ordinerar vid hemgång",
        "question": "Vem ansvarar för läkemedelsordinationen vid hemgång?",
        "position_a": "Sjukhuset.",
        "category": category().pk,
        "deviations": deviations,
    }


def test_linked_deviations_are_typed_as_case_numbers_in_any_common_form(
    client, ladder, boras, sas, deviation
):
    """Issue 24 item 4: no Ctrl-click list of every visible deviation; numbers typed with or
    without the prefix, an en dash or full-width digits."""
    first, second = deviation(boras, sas), deviation(boras, sas)
    client.force_login(ladder["boras1"])
    en_dash = "\u2013"
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in str(second.pk))
    typed = f"{first.reference.replace('-', en_dash)}; avv {full_width}"
    response = client.post(reverse("disagreements:create"), _registration(boras, sas, typed))
    assert response.status_code == 302, _html(response)
    assert set(Disagreement.objects.get().deviations.all()) == {first, second}


@pytest.mark.parametrize("typed", ["AVV-99999", "OE-1", "AVV-1, inte ett nummer"])
def test_an_unknown_or_foreign_case_number_is_refused_and_the_typed_text_kept(
    client, ladder, boras, sas, skovde, deviation, typed
):
    deviation(boras, sas)
    client.force_login(ladder["boras1"])
    response = client.post(reverse("disagreements:create"), _registration(boras, sas, typed))
    html = _html(response)
    assert response.status_code == 400
    assert f'value="{typed}"' in html
    assert "Vem ansvarar för läkemedelsordinationen vid hemgång?" in html
    assert not Disagreement.objects.exists()


def test_a_deviation_the_person_cannot_see_is_not_found_by_its_number(
    client, ladder, boras, sas, skovde, deviation
):
    hidden = deviation(skovde, sas)
    client.force_login(ladder["boras1"])
    response = client.post(
        reverse("disagreements:create"), _registration(boras, sas, hidden.reference)
    )
    assert response.status_code == 400
    assert f"Inget ärende som du har tillgång till har numret {hidden.reference}." in _html(
        response
    )


def test_documents_and_sections_are_checkbox_lists_with_a_filter_not_a_ctrl_click_list(
    client, ladder, boras
):
    document_with_sections(boras.party.county)
    client.force_login(ladder["boras1"])
    html = _html(client.get(reverse("disagreements:create")))
    assert "<select multiple" not in html and " multiple" not in html.split("<form", 1)[1]
    assert "Ctrl" not in html
    for name in ("documents", "sections"):
        assert f'<fieldset class="fieldset checkbox-group" id="id_{name}"' in html
        assert f'data-choice-filter="id_{name}"' in html
