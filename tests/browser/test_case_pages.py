"""Case pages with a hierarchy (issue 24 item 3), deviations and disagreements alike: the
summary first, then this person's next step as the page's one primary button (from the case
engine), the other moves folded with their forms fetched when opened, the history folded last.

Other tests change the shared demo data, so where a case may have moved on (a disagreement's
interim solution, a proposal) `primary` is None: the page need not have a primary button, but
if it has one it is the first and only one."""

import pytest

from tests.browser.conftest import CASE_PAGES, PAGES, resolve_path
from tests.browser.helpers import assert_accessible, screenshot

pytestmark = pytest.mark.browser

# Buttons and links styled as buttons in the page's own content (not its header or menu).
BUTTONS = "main .button"
# What may stand between the summary and the next step: the patient, a proposal to answer.
BEFORE_NEXT = {
    "Patienten först",
    "Förslag: hoppa över steg 2",
    "Föreslagen lösning – väntar på bekräftelse",
    "Föreslagen ekonomisk reglering – väntar på bekräftelse",
}


def test_every_case_page_of_the_sweep_is_checked_here():
    swept = {(name, path, username) for name, path, username, _ in CASE_PAGES}
    assert swept <= set(PAGES)
    case_paths = ("/avvikelser/{", "/oenighet/{")
    in_sweep = {p for p in PAGES if p[1].startswith(case_paths) and p[1].count("/") == 3}
    assert in_sweep <= swept, in_sweep - swept


@pytest.mark.parametrize(
    ("name", "path", "username", "primary"), CASE_PAGES, ids=[p[0] for p in CASE_PAGES]
)
def test_the_primary_action_is_the_first_button_on_each_case_page(
    page, login, demo_ids, name, path, username, primary
):
    login(page, username)
    page.goto(resolve_path(path, demo_ids))
    headings = page.locator("main h2").all_inner_texts()
    buttons = page.locator(BUTTONS)
    primaries = page.locator("main .button--primary")
    if primary is not False and primaries.count():
        assert primaries.count() == 1, f"{name}: more than one primary button"
        first = buttons.first
        assert "button--primary" in first.get_attribute("class"), (
            f"{name}: the first button is {first.inner_text()!r}, not the primary action"
        )
        # The summary, then the next step: before it only the patient and a proposal that
        # waits for this answer (a disagreement's).
        assert "Nästa steg" in headings, headings
        before = headings[: headings.index("Nästa steg")]
        assert before[:1] == ["Sammanfattning"] and set(before[1:]) <= BEFORE_NEXT, headings
    else:
        assert primary is not True, f"{name}: the next step has no primary button"
    # History last and folded.
    history = page.locator(".case-history details")
    if history.count():
        assert history.get_attribute("open") is None
    screenshot(page, f"case-{name}")


def test_the_next_step_and_a_folded_move_fetch_their_form_in_place(page, login, demo_ids):
    login(page, "handlaggare.sas")
    url = resolve_path("/avvikelser/{deviation_analysed}/", demo_ids)
    page.goto(url)
    # Not drawn until asked for: the next step's form and the folded moves' forms.
    unasked = 'main form[action$="/besluta/"], main form[action$="/atgard/"]'
    assert page.locator(unasked).count() == 0
    page.get_by_role("link", name="Besluta åtgärder").click()
    submit = page.locator("#next-move").get_by_role("button", name="Besluta åtgärder")
    submit.wait_for()
    assert page.url.endswith(url)
    assert "button--primary" in submit.get_attribute("class")
    # The form is in place at htmx's swap; focus moves into it at the settle after it
    # (samsyn.js, htmx:afterSettle), so the test waits for that rather than reading at once.
    page.wait_for_function(
        "document.activeElement && document.activeElement.closest('#next-move') !== null",
        timeout=5_000,
    )
    fold = page.locator("details.lazy-move", has_text="Lägg till en åtgärd")
    fold.locator("summary").click()
    fold.get_by_role("button", name="Lägg till åtgärd").wait_for()
    assert page.locator(BUTTONS).first.inner_text() == "Besluta åtgärder"
    assert_accessible(page, "case-forms-fetched")
    screenshot(page, "case-forms-fetched")


def test_without_script_the_next_step_leads_to_a_page_with_its_form(new_context, login, demo_ids):
    page = new_context(java_script_enabled=False).new_page()
    login(page, "handlaggare.sas")
    page.goto(resolve_path("/avvikelser/{deviation_analysed}/", demo_ids))
    page.get_by_role("link", name="Besluta åtgärder").click()
    page.wait_for_load_state()
    assert page.url.endswith("/besluta/")
    assert page.get_by_role("button", name="Besluta åtgärder").is_visible()
    assert page.get_by_role("link", name="Tillbaka till AVV-").is_visible()
    screenshot(page, "case-move-page")
