"""Importing the old system's history in a real browser (issue 21 item 5), axe on each page:
the county administrator checks MedControl PRO's export (a dry run, row by row), imports it
with the progress bar showing, and a second import of the same file adds nothing."""

from pathlib import Path

import pytest

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "medcontrol-pro-exempel.csv"


def _check(page):
    page.goto("/historik/")
    page.get_by_label("Källsystem").select_option(label="MedControl PRO")
    page.locator("input[type=file][name=file]").set_input_files(str(SAMPLE))
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrollera filen (provkörning)").click()


def test_the_administrator_checks_then_imports_a_file_once(page, login):
    login(page, "lansadmin")
    _check(page)
    assert page.get_by_text("Skulle importeras").count() >= 1
    assert_accessible(page, "history-run-checked")
    with page.expect_navigation():
        page.get_by_role("button", name="Importera 2 ärenden").click()
    assert page.get_by_text("2 ärenden importerades").count() == 1
    assert_accessible(page, "history-run-imported")

    _check(page)
    assert page.get_by_text("Finns redan i Samsyn").count() >= 1
    assert page.get_by_role("button", name="Importera").count() == 0
