"""The receiving side in a real browser, keyboard only (issue 17 "Done when"):

1. a home-care nurse in Borås reports a discharge deviation to the hospital's ward (one without
   handlers of its own, so the hospital's handler receives it); the hospital's handler passes it
   to the right ward; the ward disputes part of the account and answers; the
   nurse questions the answer; a manager of Borås opens a disagreement with both accounts;
2. a report to a provider without handlers lands with the party's deviation coordinator.

Each page on the way is checked with axe (zero violations): the report form once it says who
will receive the report, the case page after each move, the receivers' to-do lists. Fields
are reached by focus and filled by the keyboard: typing, Space on a radio button, arrow keys
in a select, Enter on the button.
"""

import datetime
import re
import uuid

import pytest

from tests.browser.helpers import assert_accessible, keyboard_fill, press_enter, take_step

pytestmark = pytest.mark.browser

HOSPITAL = "Södra Älvsborgs Sjukhus"
WARD = "Avdelning 12, medicin"
FIRST_WARD = "Akutmottagningen"
NO_HANDLER_PROVIDER = "Vårdcentralen Hälsoporten AB"


def unique(title: str) -> str:
    return f"{title} {uuid.uuid4().hex[:6]}"


def _report(page, title: str, provider: str, expect: str, unit: str | None = None) -> str:
    page.goto("/avvikelser/rapportera/")
    form = page.locator("form.report-form")
    keyboard_fill(page, form, {"Vilken vårdgivare gäller avvikelsen?": provider})
    if unit:
        keyboard_fill(page, form, {"Enhet, om du vet vilken": unit})
    # Who will receive it is said before sending (htmx, after the last choice).
    page.locator("#receivers").filter(has_text=expect).wait_for()
    receivers = page.locator("#receivers").inner_text()
    assert_accessible(page, f"receiving-report-form-{expect}")  # with who receives it
    document = page.get_by_label("Vilket avtal eller styrdokument")
    keyboard_fill(
        page,
        form,
        {
            "När hände det?": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
            "Rubrik": title,
            "Vad hände?": "Patienten kom hem utan läkemedelslista och utan besked till "
            "hemsjukvården.",
            "Vilket avtal eller styrdokument": document.locator("option").nth(1).inner_text(),
            "Informationsöverföring": True,
            "Fysisk skada » Ingen": True,
            "Psykisk skada » Ingen": True,
            "Möjlig konsekvens » Risk för vårdskada (tillbud)": True,
            "Ökad arbetsinsats": True,
        },
    )
    press_enter(page, page.get_by_role("button", name="Skicka rapporten"))
    page.get_by_role("heading", level=1, name=re.compile(re.escape(title))).wait_for()
    return receivers


def test_a_ward_disputes_part_and_the_case_opens_a_disagreement_by_keyboard(new_context, login):
    title = unique("Utskrivning utan läkemedelslista")
    nurse = new_context().new_page()
    login(nurse, "skoterska.boras")
    # She names the ward she believes sent the patient home; it has no handler of its own, so
    # the hospital's handlers receive it (and the form says so before sending).
    receivers = _report(nurse, title, HOSPITAL, expect=FIRST_WARD, unit=FIRST_WARD)
    assert f"{FIRST_WARD} har ingen egen avvikelsehandläggare" in receivers
    assert f"avvikelsehandläggarna hos {HOSPITAL}" in receivers
    case_url = nurse.url
    assert_accessible(nurse, "receiving-reported")

    hospital = new_context().new_page()
    login(hospital, "handlaggare.sas")
    hospital.goto(case_url)
    take_step(
        hospital,
        "Ska en annan enhet hantera ärendet? Skicka det vidare",
        {"Enhet att skicka ärendet till": WARD},
        submit="Skicka vidare till en annan enhet",
    )
    assert WARD in hospital.get_by_role("region", name="Den mottagande sidan").inner_text()
    assert_accessible(hospital, "receiving-passed-on")

    ward = new_context().new_page()
    login(ward, "handlaggare.avd12")
    assert title in ward.locator("main").inner_text()  # on the ward's to-do list
    assert_accessible(ward, "receiving-ward-to-do")
    ward.goto(case_url)
    take_step(
        ward,
        "Kvittera som mottagen",
        {
            "Instämmer delvis": True,
            "Er egen beskrivning av vad som hände": "Listan skickades elektroniskt före hemgång.",
        },
    )
    take_step(
        ward,
        "Svara den rapporterande parten",
        {"Ert svar": "Vi skickar listan även med patienten från och med nu."},
    )
    assert_accessible(ward, "receiving-answered")

    nurse.goto(case_url)
    take_step(
        nurse, "Ifrågasätt svaret", {"Varför ifrågasätter du svaret?": "Listan kom inte fram."}
    )
    assert "Listan kom inte fram." in nurse.locator("main").inner_text()
    assert_accessible(nurse, "receiving-questioned")

    manager = new_context().new_page()
    login(manager, "chef1.boras")
    manager.goto(case_url)
    category = manager.get_by_label("Vad gäller oenigheten?")
    first = category.locator("option").nth(1).inner_text()
    take_step(manager, "Öppna en oenighet", {"Vad gäller oenigheten?": first})
    manager.wait_for_url(re.compile(r"/oenighet/\d+/"))
    text = manager.locator("main").inner_text()
    assert "Listan kom inte fram." in text
    assert "Listan skickades elektroniskt före hemgång." in text
    assert_accessible(manager, "receiving-disagreement-opened")


def test_a_report_to_a_provider_without_handlers_lands_with_the_coordinator(new_context, login):
    title = unique("Läkarbesök uteblev")
    nurse = new_context().new_page()
    login(nurse, "skoterska.boras")
    receivers = _report(nurse, title, NO_HANDLER_PROVIDER, expect="Västra Götalandsregionen")
    assert "avvikelsesamordnaren" in receivers
    case_url = nurse.url

    coordinator = new_context().new_page()
    login(coordinator, "samordnare.vgr")
    assert title in coordinator.locator("main").inner_text()  # on the to-do list
    assert_accessible(coordinator, "receiving-coordinator-to-do")
    coordinator.goto(case_url)
    take_step(coordinator, "Kvittera som mottagen", {"Instämmer i beskrivningen": True})
    summary = coordinator.get_by_role("region", name="Sammanfattning").inner_text()
    assert re.search(r"Status\s+Mottagen", summary), summary
    assert_accessible(coordinator, "receiving-coordinator-acknowledged")
