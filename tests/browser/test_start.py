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
    # The county coordinator decides on the cases lifted to the county's patient-safety forum.
    ("samordnare.lanet", rf"Besluta om {CASE}", "Lyfta ärenden som väntar på ditt beslut"),
    # The patient-safety lead (chief physician) makes the lex Maria assessments, overdue first.
    (
        "chefslakare.sas",
        rf"Gör lex Maria-bedömningen av {CASE}",
        "Att göra: lex Maria-bedömningar",
    ),
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


# What waits is counted in a heading a screen reader jumps to, over the table of its cases,
# the first of which is the next step's: the page is not a list of links (issue 24 item 2).
COUNTED = [
    ("handlaggare.sas", r".+"),  # whichever group comes first today
    ("samordnare.lanet", r"Lyfta till din nivå"),
    ("chefslakare.sas", r"Bedömningar att göra"),
]


@pytest.mark.parametrize(("username", "heading"), COUNTED, ids=[c[0] for c in COUNTED])
def test_what_waits_is_counted_in_a_heading_over_its_cases(page, login, username, heading):
    login(page, username)
    case = re.search(CASE, page.locator(".next-action").get_by_role("link").inner_text())
    counted = page.get_by_role("heading", level=3, name=re.compile(rf"^({heading}): \d+$"))
    first = counted.first
    assert int(first.inner_text().rsplit(": ", 1)[1]) >= 1
    # The table is named by its heading, and holds the next step's case.
    table = page.get_by_role("table", name=first.inner_text())
    assert table.get_by_role("link", name=case.group(), exact=True).count() == 1
