"""Each role's start page says what to do next (issue 24 item 2): the first heading after the
greeting is "Nästa steg", whose one primary button is the first action, and the next heading
is the section it comes from. Other tests change the shared demo data, so an action is matched
by its kind (any case number), not by one case."""

import re

import pytest

pytestmark = pytest.mark.browser

CASE = r"AVV-\d+"
STARTS = [
    (
        "handlaggare.sas",
        rf"(Kvittera|Svara på|Svara igen på|Följ upp åtgärderna i|Ange konsekvensen i) {CASE}",
        "Att göra: ärenden ni tar emot",
    ),
    (
        "rapportor",
        rf"Rapportera en avvikelse|Godta eller ifrågasätt svaret på {CASE}"
        rf"|Rätta och skicka om {CASE}",
        "Att göra: era rapporter",
    ),
    (
        "chef1.boras",
        rf"Hantera (TVIST – )?OE-\d+|Titta på oenigheten i {CASE}|Ta upp en ny oenighet",
        "Oenigheter som väntar på dig",
    ),
    ("analytiker", r"Öppna uppföljningen", "Uppföljning"),
    ("lansadmin", r"Se beslutsläget", "Beslut om avtalet"),
    (
        "admin.boras",
        r"Bjud in en person|Ge någon rollen patientsäkerhetsansvarig",
        r"Personer och roller som du administrerar|Vårdgivare utan patientsäkerhetsansvarig",
    ),
]


@pytest.mark.parametrize(("username", "action", "section"), STARTS, ids=[s[0] for s in STARTS])
def test_the_start_page_opens_on_the_next_step_for_each_role(
    page, login, username, action, section
):
    login(page, username)
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Nästa steg"
    assert re.fullmatch(section, headings[1]), headings
    primary = page.locator(".next-action").get_by_role("link")
    assert re.fullmatch(action, primary.inner_text()), primary.inner_text()
    # The first thing a keyboard reaches in the main content is that action.
    page.locator("h1").click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == primary.inner_text()
    primary.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1 and "/logga-in/" not in page.url
