"""Agreements: looking up what governs a municipality on a date, and the editing forms' errors."""

import pytest

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def _focused_label(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.labels && el.labels.length ? el.labels[0].textContent : el.textContent; }"
    )


def _tab_to_label(page, text: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in _focused_label(page):
            return
    raise AssertionError(f"no field labelled {text!r} within {limit} Tab presses")


def test_governing_documents_of_a_municipality_on_a_date_by_keyboard_alone(page, login):
    login(page, "handlaggare.boras")
    page.goto("/avtal/regim/")
    _tab_to_label(page, "Huvudman")
    page.keyboard.type("Borås Stad")  # a focused select jumps to the option typed
    assert (
        page.get_by_label("Huvudman").evaluate("el => el.options[el.selectedIndex].text")
        == "Borås Stad (1490)"
    )
    page.keyboard.press("Tab")
    # Typed as a Swedish user writes it, without hyphens: read leniently as 2027-03-01.
    page.keyboard.type("20270301")
    page.keyboard.press("Enter")
    result = page.get_by_role("heading", name="Borås Stad och regionen den 2027-03-01")
    result.wait_for()
    documents = page.get_by_role("table", name="Dokument som gällde")
    assert documents.get_by_role("link").count() >= 1
    assert_accessible(page, "agreements-regime-keyboard-result")


@pytest.mark.parametrize(
    ("name", "path", "button"),
    [
        ("decision", "/avtal/beslut/", "Spara beslut"),
        ("termination", "/avtal/uppsagning/", "Registrera uppsägning"),
        ("version", "/avtal/dokument/HSA-2027/ny-version/", "Spara version"),
    ],
)
def test_agreement_forms_sent_empty_show_accessible_errors(page, login, name, path, button):
    login(page, "lansadmin")
    page.goto(path)
    page.get_by_role("button", name=button).click()
    page.locator("#error-summary").wait_for()
    invalid = page.locator("[aria-invalid='true']")
    assert invalid.count() >= 1
    assert_accessible(page, f"agreements-{name}-form-errors")
