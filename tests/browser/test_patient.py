"""The patient and the regulator in a real browser, keyboard only (issue 18 "Done when", the
first half of its story):

a home-care nurse reports a discharge deviation with the patient's personnummer and a photo of
the missing medication list; the hospital ward's handler views the patient's identity with a
reason (logged); the hospital's patient-safety lead records "inte anmäld" with a reason.

Each page on the way is checked with axe (zero violations). The photo is chosen with
Playwright's file chooser (an operating-system dialog no browser test can drive by keys).
"""

import datetime
import re

import pytest

from tests.browser.helpers import assert_accessible
from tests.browser.test_receiving import HOSPITAL, WARD, _keyboard_fill, _step, unique

pytestmark = pytest.mark.browser

NUMBER = "19121212-1212"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _report_with_patient(page, title: str) -> None:
    page.goto("/avvikelser/rapportera/")
    form = page.locator("form.report-form")
    _keyboard_fill(page, form, {"Vilken vårdgivare gäller avvikelsen?": HOSPITAL})
    _keyboard_fill(page, form, {"Enhet, om du vet vilken": WARD})
    page.locator("#receivers").filter(has_text=WARD).wait_for()
    document = page.get_by_label("Vilket avtal eller styrdokument")
    _keyboard_fill(
        page,
        form,
        {
            "När hände det?": (datetime.date.today() - datetime.timedelta(days=1)).strftime(
                "%m%d%Y"
            ),
            "Rubrik": title,
            "Vad hände?": "Patienten kom hem utan läkemedelslista; kvällsdosen gavs inte.",
            "Vilket avtal eller styrdokument": document.locator("option").nth(1).inner_text(),
            "Informationsöverföring": True,
            "Fysisk skada » Måttlig vårdskada": True,
            "Psykisk skada » Ingen": True,
            "Möjlig konsekvens » Måttlig vårdskada": True,
            "Ökad arbetsinsats": True,
            "Patientens personnummer": NUMBER.replace("-", "\u2013"),  # typed with an en dash
        },
    )
    page.get_by_label("Bifoga dokument").set_input_files(
        files=[{"name": "lakemedelslista.png", "mimeType": "image/png", "buffer": PNG}]
    )
    assert_accessible(page, "patient-report-form")
    page.get_by_role("button", name="Skicka rapporten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name=re.compile(re.escape(title))).wait_for()


def test_a_patient_reference_and_a_photo_reach_the_ward_and_lex_maria_is_assessed(
    new_context, login
):
    title = unique("Utskrivning utan läkemedelslista")
    nurse = new_context().new_page()
    login(nurse, "skoterska.boras")
    _report_with_patient(nurse, title)
    case_url = nurse.url
    patient = nurse.get_by_role("region", name="Patienten, dokument och lex Maria")
    assert NUMBER not in nurse.content()  # the reporter is no handler
    assert "Det finns en patientreferens" in patient.inner_text()
    assert_accessible(nurse, "patient-reported")

    ward = new_context().new_page()
    login(ward, "handlaggare.avd12")
    ward.goto(case_url)
    assert NUMBER not in ward.content()  # not before a reason is given
    assert "lakemedelslista.png" in ward.locator("#patient").inner_text()
    _step(ward, "Visa patientens identitet", {"Utredning": True})
    assert NUMBER in ward.locator("#patient").inner_text()
    assert_accessible(ward, "patient-identity-shown")

    lead = new_context().new_page()
    login(lead, "chefslakare.sas")
    assert title in lead.locator("main").inner_text()  # on the lead's to-do list
    lead.goto(case_url)
    assert NUMBER not in lead.content()
    _step(
        lead,
        "Registrera lex Maria-bedömning",
        {
            "Inte anmäld": True,
            "Varför den inte anmäls": "Ingen bestående skada; rutinen följdes inte och ses över.",
        },
    )
    text = lead.locator("#patient").inner_text()
    assert "Inte anmäld" in text and "Ingen bestående skada" in text
    assert_accessible(lead, "patient-lex-maria-recorded")
