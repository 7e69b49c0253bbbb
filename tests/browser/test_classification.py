""" "Annat" made rare in a real browser (issue 19 item 4), keyboard only, axe on every page:

1. a reporter types a description on the report form: the likely categories arrive in a live
   region as buttons, and Enter on one picks that category;
2. the county analyst re-codes one "Annat" case with its row's suggested category, then two at
   once with a chosen category; the queue shrinks and the case shows what it was reported as.
"""

import re

import pytest

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

QUEUE = "/avvikelser/omkodning/"


def _count(page) -> int:
    lead = page.locator("main p.lead").inner_text()
    return int(re.search(r"\d+", lead).group())


def test_typing_a_description_suggests_categories_that_a_button_picks(page, login):
    login(page, "rapportor")
    page.goto("/avvikelser/rapportera/")
    page.get_by_label("Vad hände?").focus()
    page.keyboard.type(
        "Patienten skrevs ut från avdelningen utan aktuell läkemedelslista, "
        "och kvällens doser kunde inte ges."
    )
    region = page.locator("#category-suggestions[aria-live='polite']")
    first = region.get_by_role("button").first
    first.wait_for()
    assert_accessible(page, "report-form-suggestions")
    name = re.sub(r"^Välj ", "", first.inner_text())
    first.focus()
    page.keyboard.press("Enter")
    picked = page.get_by_role("radio", name=name, exact=True)
    assert picked.is_checked()


def test_the_analyst_recodes_one_case_and_then_two_at_once(page, login):
    login(page, "analytiker")
    page.goto(QUEUE)
    assert_accessible(page, "recoding-queue-before")
    before = _count(page)
    row_button = page.locator("button[name='one']").first
    case_url = page.locator("tr", has=row_button).get_by_role("link").first.get_attribute("href")
    row_button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("1 ärende omkodat till").count() == 1
    assert _count(page) == before - 1
    assert_accessible(page, "recoding-queue-after-one")

    boxes = page.locator("input[name='deviations']")
    for i in range(2):
        boxes.nth(i).focus()
        page.keyboard.press("Space")
    category = page.get_by_label("Koda om de markerade ärendena till")
    category.select_option(label="Informationsöverföring")
    page.get_by_role("button", name="Koda om de markerade ärendena", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("2 ärenden omkodade till Informationsöverföring").count() == 1
    assert _count(page) == before - 3

    page.goto(case_url)
    assert page.get_by_text("Rapporterad som: Annat").count() == 1
    assert_accessible(page, "recoded-case")


def test_the_queue_sent_without_a_choice_says_what_to_fix(page, login):
    """Posting the queue with nothing ticked and no category: the error summary, in Swedish."""
    login(page, "analytiker")
    page.goto(QUEUE)
    page.get_by_role("button", name="Koda om de markerade ärendena", exact=True).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Välj kategorin att koda om till." in summary.inner_text()
    assert_accessible(page, "recoding-queue-errors")
