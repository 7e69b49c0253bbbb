"""Disagreements in a real browser: a manager takes a deviation up as a disagreement, the
ladder is climbed by keyboard alone to a dispute, a step 3 manager records an economic
settlement, the case closes with a lesson and another person finds it in the library.

The flow reports its own deviation and opens its own case (unique titles), so it passes in
any order and leaves the demo cases that PAGES visits as they were.
"""

import datetime
import re
import uuid

import pytest

from tests.browser.helpers import (
    assert_accessible,
    fill_form_by_label,
    keyboard_fill,
    open_move,
    send_form,
    take_step,
)
from tests.browser.test_deviations import report_deviation

pytestmark = pytest.mark.browser

TEMPORARY = "Hemsjukvården hämtar läkemedelslistan från journalen tills frågan är löst."


def _assert_patient_first(page) -> None:
    """The temporary solution stands at the top of the case, above what can be done."""
    patient = page.get_by_role("region", name="Patienten först")
    assert TEMPORARY in patient.inner_text()
    h1_box = page.locator("h1").bounding_box()
    patient_box = patient.bounding_box()
    assert patient_box["y"] > h1_box["y"]
    for heading in ("Vad vill du göra?", "Oenigheten", "Eskaleringstrappan"):
        section = page.get_by_role("region", name=heading)
        if section.count():
            assert section.bounding_box()["y"] > patient_box["y"], heading


def _assert_dispute(page) -> None:
    banner = page.get_by_role("note").filter(has_text="Tvist – mycket allvarligt")
    assert banner.is_visible()
    assert "tvist" in page.locator(".case-tags").inner_text().lower()  # in words, not colour


def _escalate_by_keyboard(page, step: int, reason: str) -> None:
    """From the case page: Enter on the folded move's summary, type the reason, Enter."""
    take_step(
        page, f"Eskalera till steg {step}", {"Skäl": reason}, submit="Eskalera till nästa steg"
    )
    page.get_by_text("Ärendet har gått till nästa steg.").wait_for()


def test_deviation_taken_up_escalated_by_keyboard_settled_at_step_3_and_lesson_found(
    new_context, login
):
    tag = uuid.uuid4().hex[:6]
    reporter = new_context().new_page()
    login(reporter, "rapportor")
    deviation_title = f"Läkemedelslista saknas gång på gång {tag}"
    deviation_url = report_deviation(reporter, deviation_title)

    # Step 1: Borås Stad's first-line manager takes the deviation up from its page.
    manager = new_context().new_page()
    login(manager, "chef1.boras")
    manager.goto(deviation_url)
    manager.get_by_role("link", name="Ta upp som oenighet").click()
    manager.get_by_role("heading", level=1, name="Ta upp en oenighet").wait_for()
    assert manager.get_by_label("Rubrik").input_value() == deviation_title
    fill_form_by_label(
        manager,
        {
            "Frågan där samsyn saknas": "Vem ansvarar för att läkemedelslistan följer med?",
            "Ståndpunkt, part A": "Sjukhuset skickar listan vid utskrivning enligt avtalet.",
            "Kategori": manager.get_by_label("Kategori").locator("option").nth(1).inner_text(),
            "En patient berörs": True,
        },
    )
    # Its label holds its help text too: a label that starts with the words, not the checkbox
    # above whose help text mentions "en tillfällig lösning".
    manager.get_by_label(re.compile(r"^Tillfällig lösning, eller varför")).fill(TEMPORARY)
    manager.get_by_label("Tillfällig lösning gäller från").fill(datetime.date.today().isoformat())
    manager.get_by_role("button", name="Spara").click()
    heading = manager.get_by_role("heading", level=1, name=re.compile(re.escape(deviation_title)))
    heading.wait_for()
    case_url = manager.url
    assert manager.get_by_text("är registrerad på steg 1").is_visible()
    _assert_patient_first(manager)
    assert deviation_title in manager.get_by_role("region", name="Oenigheten").inner_text()
    assert_accessible(manager, "disagreement-flow-step1")

    # Steps 1 → 2 → 3 by keyboard alone: Borås Stad's step 1 manager, then SÄS's step 2.
    _escalate_by_keyboard(manager, 2, "Ingen samsyn på enhetsnivå efter två möten.")
    _assert_patient_first(manager)
    assert "Steg 2" in manager.get_by_role("region", name="Eskaleringstrappan").inner_text()

    sas = new_context().new_page()
    login(sas, "chef2.sas")
    sas.goto(case_url)
    _assert_patient_first(sas)
    assert_accessible(sas, "disagreement-flow-step2")
    _escalate_by_keyboard(sas, 3, "Verksamhetscheferna är inte eniga om betalningsansvaret.")
    _assert_dispute(sas)
    _assert_patient_first(sas)
    assert_accessible(sas, "disagreement-flow-dispute")

    # Step 3: Borås Stad's top manager proposes an economic settlement; it binds both parties
    # when SÄS's top manager has confirmed it (issue 18).
    top = new_context().new_page()
    login(top, "chef3.boras")
    top.goto(case_url)
    _assert_dispute(top)
    _assert_patient_first(top)
    settlement = open_move(top, "Föreslå en ekonomisk reglering", submit="Ekonomisk reglering")
    parties = settlement.get_by_label("Betalande part").locator("option")
    keyboard_fill(
        top,
        settlement,
        {
            "Betalande part": parties.nth(2).inner_text(),
            "Mottagande part": parties.nth(1).inner_text(),
            "Belopp i kronor": "48500",
            "Grund för regleringen": "Merkostnad för extra hembesök under hösten.",
            "Beslutsdatum": datetime.date.today().isoformat(),
            "Diarienummer": f"KS-{tag}",
        },
    )
    send_form(top, settlement, "Ekonomisk reglering")
    top.get_by_role("status").filter(has_text="väntar på bekräftelse").wait_for()
    other_top = new_context().new_page()
    login(other_top, "chef3.sas")
    other_top.goto(case_url)
    take_step(other_top, "Bekräfta den ekonomiska regleringen")  # the next step, in place
    other_top.get_by_text("Den ekonomiska regleringen är bekräftad av båda parter.").wait_for()
    top.goto(case_url)
    outcome = top.get_by_role("region", name="Utfall på steg 3").inner_text()
    assert "Ekonomisk reglering" in outcome
    assert f"KS-{tag}" in outcome
    _assert_dispute(top)
    assert_accessible(top, "disagreement-flow-settled")

    # Closed with a lesson, published county-wide.
    lesson_title = f"Läkemedelslistan följer patienten {tag}"
    take_step(
        top,
        "Avsluta med lärdom",
        {
            "Rubrik i Vägledande lösningar": lesson_title,
            "Lösningen, skriven för hela länet": (
                "Sjukhuset skickar listan digitalt vid utskrivning."
            ),
            "Lärdom": f"Kontrollera listan innan patienten lämnar avdelningen ({tag}).",
        },
    )
    top.get_by_text("Ärendet är avslutat").wait_for()
    assert lesson_title in top.get_by_role("region", name="Lärdom").inner_text()

    # Another person, a handler in Borås, finds the lesson by free text.
    reader = new_context().new_page()
    login(reader, "handlaggare.boras")
    reader.get_by_role("link", name="Vägledande lösningar").first.click()
    reader.get_by_label("Fritext").fill(tag)
    reader.get_by_label("Fritext").press("Enter")
    reader.get_by_role("link", name=lesson_title).click()
    reader.get_by_role("heading", level=1, name=lesson_title).wait_for()
    assert f"Kontrollera listan innan patienten lämnar avdelningen ({tag})" in (
        reader.locator("main").inner_text()
    )
    assert_accessible(reader, "disagreement-flow-lesson-found")

    # The deviation's page now names the disagreement.
    manager.goto(deviation_url)
    box = manager.get_by_role("region", name="Oenighet om ärendet")
    assert deviation_title in box.inner_text()
