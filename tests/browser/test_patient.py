"""Issue 18's story in a real browser, keyboard only, as one case from report to settlement
(the issue's "Done when"):

1. a home-care nurse in Borås reports a discharge deviation to the hospital ward with the
   patient's personnummer (typed with an en dash) and a photo of the missing medication list;
2. the ward's handler views the patient's identity with a reason (logged) and answers that she
   agrees only in part;
3. the hospital's patient-safety lead records the lex Maria assessment "inte anmäld" with a
   reason;
4. Borås Stad's step 1 manager opens a disagreement from the case — asked at once how the
   patient's needs are met — and attaches the care plan; the hospital's step 1 manager sees it
   and downloads it; the patient's identity is nowhere on the disagreement;
5. step 1 ends (escalated) with a protocol that both step 1 owners confirm, each for their own
   party, and download as a PDF;
6. at step 2 Borås Stad's manager proposes the solution, and it settles the case when the
   hospital's step 2 manager has confirmed it.

Fields are reached by focus and filled by the keyboard (typing, Space, arrow keys, Enter on
the button); each page on the way is checked with axe (zero violations). Files are chosen with
Playwright's file chooser (an operating-system dialog no browser test can drive by keys). The
story opens its own case (unique title), so it passes in any order.
"""

import datetime
import re

import pytest

from tests.browser.helpers import (
    assert_accessible,
    keyboard_fill,
    open_move,
    press,
    press_enter,
    send_form,
    take_step,
)
from tests.browser.test_receiving import HOSPITAL, WARD, unique

pytestmark = pytest.mark.browser

NUMBER = "19121212-1212"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INTERIM = "Hemsjukvården hämtar läkemedelslistan från journalen tills frågan är löst."
WARD_ACCOUNT = "Listan skickades elektroniskt före hemgång."


def _download_by_keyboard(page, link) -> tuple[bytes, str]:
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as file:
        return file.read(), download.value.suggested_filename


# ---------------------------------------------------------------- 1–3: the deviation


def _report_with_patient(page, title: str) -> None:
    page.goto("/avvikelser/rapportera/")
    form = page.locator("form.report-form")
    keyboard_fill(page, form, {"Vilken vårdgivare gäller avvikelsen?": HOSPITAL})
    keyboard_fill(page, form, {"Enhet, om du vet vilken": WARD})
    page.locator("#receivers").filter(has_text=WARD).wait_for()
    document = page.get_by_label("Vilket avtal eller styrdokument")
    keyboard_fill(
        page,
        form,
        {
            "När hände det?": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
            "Rubrik": title,
            "Vad hände?": "Patienten kom hem utan läkemedelslista; kvällsdosen gavs inte.",
            "Vilket avtal eller styrdokument": document.locator("option").nth(1).inner_text(),
            "Informationsöverföring": True,
            "Fysisk skada » Måttlig vårdskada": True,
            "Psykisk skada » Ingen": True,
            "Möjlig konsekvens » Måttlig vårdskada": True,
            "Ökad arbetsinsats": True,
            "Patienten påverkades": True,
            "Patientens personnummer": NUMBER.replace("-", "\u2013"),  # typed with an en dash
        },
    )
    page.get_by_label("Bifoga dokument").set_input_files(
        files=[{"name": "lakemedelslista.png", "mimeType": "image/png", "buffer": PNG}]
    )
    assert_accessible(page, "patient-report-form")
    press_enter(page, page.get_by_role("button", name="Skicka rapporten"))
    assert page.locator("#error-summary").count() == 0, page.locator("#error-summary").inner_text()
    page.get_by_role("heading", level=1, name=re.compile(re.escape(title))).wait_for()


def _nurse_reports(new_context, login, title: str) -> str:
    nurse = new_context().new_page()
    login(nurse, "skoterska.boras")
    _report_with_patient(nurse, title)
    patient = nurse.get_by_role("region", name="Patienten, dokument och lex Maria")
    assert NUMBER not in nurse.content()  # the reporter is no handler
    assert "Det finns en patientreferens" in patient.inner_text()
    assert_accessible(nurse, "patient-reported")
    return nurse.url


def _ward_views_the_patient_and_answers(new_context, login, case_url: str) -> None:
    ward = new_context().new_page()
    login(ward, "handlaggare.avd12")
    ward.goto(case_url)
    assert NUMBER not in ward.content()  # not before a reason is given
    assert "lakemedelslista.png" in ward.locator("#patient").inner_text()
    take_step(ward, "Visa patientens identitet", {"Utredning": True})
    assert NUMBER in ward.locator("#patient").inner_text()
    assert_accessible(ward, "patient-identity-shown")
    ward.goto(case_url)
    assert NUMBER not in ward.content()  # shown in that answer only
    take_step(
        ward,
        "Kvittera som mottagen",
        {"Instämmer delvis": True, "Er egen beskrivning av vad som hände": WARD_ACCOUNT},
    )


def _lead_assesses_lex_maria(new_context, login, title: str, case_url: str) -> None:
    lead = new_context().new_page()
    login(lead, "chefslakare.sas")
    assert title in lead.locator("main").inner_text()  # on the lead's to-do list
    lead.goto(case_url)
    assert NUMBER not in lead.content()
    take_step(
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


# ---------------------------------------------------------------- 4: the disagreement


def _boras_opens_the_disagreement(boras, case_url: str) -> str:
    boras.goto(case_url)
    category = boras.get_by_label("Vad gäller oenigheten?")
    first = category.locator("option").nth(1).inner_text()
    # The patient was affected: without how their needs are met meanwhile, nothing is opened.
    form = open_move(boras, "Öppna en oenighet")
    keyboard_fill(boras, form, {"Vad gäller oenigheten?": first})
    send_form(boras, form, "Öppna en oenighet")
    assert "hur patientens behov tillgodoses" in boras.locator("#error-summary").inner_text()
    assert_accessible(boras, "patient-disagreement-needs-the-patient-first")
    take_step(
        boras,
        "Öppna en oenighet",
        {
            "Tillfällig lösning gäller från": datetime.date.today().isoformat(),
            "Tillfällig lösning, eller varför": INTERIM,
        },
    )
    boras.wait_for_url(re.compile(r"/oenighet/\d+/"))
    text = boras.locator("main").inner_text()
    assert INTERIM in boras.get_by_role("region", name="Patienten först", exact=True).inner_text()
    assert WARD_ACCOUNT in text
    assert NUMBER not in boras.content()  # the patient's identity never follows the case
    return boras.url


def _boras_attaches_the_care_plan(boras) -> None:
    documents = boras.get_by_role("region", name="Bilagor", exact=True)
    documents.get_by_label("Dokument att bifoga").set_input_files(
        files=[{"name": "vardplan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    press(boras, "Bifoga dokument")
    assert "vardplan.pdf" in documents.inner_text()
    assert_accessible(boras, "patient-disagreement-attached")


def _sas_reads_the_care_plan(sas, disagreement_url: str) -> None:
    sas.goto(disagreement_url)
    documents = sas.get_by_role("region", name="Bilagor", exact=True)
    content, name = _download_by_keyboard(sas, documents.get_by_role("link", name="vardplan.pdf"))
    assert (content, name) == (PDF, "vardplan.pdf")


# ---------------------------------------------------------------- 5: the step 1 protocol


def _boras_escalates(boras) -> None:
    take_step(
        boras,
        "Eskalera till steg 2",  # folded on the case page: its form is fetched when opened
        {"Skäl": "Ingen samsyn på enhetsnivå efter två möten."},
        submit="Eskalera till nästa steg",
    )
    ladder = boras.get_by_role("region", name="Eskaleringstrappan", exact=True)
    assert "Steg 2" in ladder.inner_text()


def _confirm_the_protocol(page, disagreement_url: str) -> str:
    page.goto(disagreement_url)
    press(page, "Läs protokollet för steg 1", role="link")
    page.get_by_role("heading", level=1, name="Protokoll, steg 1").wait_for()
    protocol_url = page.url
    protocol = page.get_by_role("region", name="Protokollet", exact=True).inner_text()
    assert INTERIM in protocol and WARD_ACCOUNT in protocol
    assert_accessible(page, "patient-protocol-to-confirm")
    press(page, "Bekräfta protokollet för min part")
    return protocol_url


def _both_confirm_and_download(sas, boras, disagreement_url: str) -> None:
    _confirm_the_protocol(sas, disagreement_url)
    protocol_url = _confirm_the_protocol(boras, disagreement_url)
    for page in (boras, sas):
        page.goto(protocol_url)
        status = page.get_by_role("region", name="Bekräftelse", exact=True).inner_text()
        assert status.count("Bekräftat") >= 2 and "Låst" in status
        assert_accessible(page, "patient-protocol-frozen")
        link = page.get_by_role("link", name="Ladda ned protokollet (pdf)")
        content, name = _download_by_keyboard(page, link)
        assert content.startswith(b"%PDF-")
        assert re.match(r"OE-\d+-protokoll-steg-1\.pdf", name)


# ---------------------------------------------------------------- 6: step 2 settles it


def _step_2_settles(new_context, login, disagreement_url: str) -> None:
    boras2 = new_context().new_page()
    login(boras2, "chef2.boras")
    boras2.goto(disagreement_url)
    assert "vardplan.pdf" in boras2.get_by_role("region", name="Bilagor", exact=True).inner_text()
    take_step(
        boras2,
        "Föreslå att parterna är överens (löst)",
        {
            "Överenskommen lösning": (
                "Sjukhuset skickar listan digitalt; kommunen bekräftar mottagandet."
            )
        },
        submit="Föreslå lösningen",
    )
    proposal = boras2.get_by_role("status").filter(has_text="väntar på bekräftelse")
    assert "Sjukhuset skickar listan digitalt" in proposal.inner_text()
    assert_accessible(boras2, "patient-proposal-pending")

    sas2 = new_context().new_page()
    login(sas2, "chef2.sas")
    sas2.goto(disagreement_url)
    assert sas2.get_by_role("status").filter(has_text="väntar på bekräftelse").is_visible()
    # The answer to the proposal is the next step: its form comes in place of the button.
    confirm = "Bekräfta den föreslagna lösningen"
    form = open_move(sas2, "Bekräfta förslaget", submit=confirm)
    assert_accessible(sas2, "patient-proposal-confirm")
    send_form(sas2, form, confirm)
    sas2.get_by_text("Lösningen är bekräftad av båda parter.").wait_for()
    assert "Löst" in sas2.locator(".case-tags").inner_text()
    assert INTERIM in sas2.get_by_role("region", name="Patienten först", exact=True).inner_text()
    assert NUMBER not in sas2.content()
    assert_accessible(sas2, "patient-resolved")


def test_a_patients_deviation_goes_from_report_to_a_settled_disagreement_by_keyboard(
    new_context, login
):
    title = unique("Utskrivning utan läkemedelslista")
    case_url = _nurse_reports(new_context, login, title)
    _ward_views_the_patient_and_answers(new_context, login, case_url)
    _lead_assesses_lex_maria(new_context, login, title, case_url)

    boras = new_context().new_page()
    login(boras, "chef1.boras")
    disagreement_url = _boras_opens_the_disagreement(boras, case_url)
    _boras_attaches_the_care_plan(boras)
    sas = new_context().new_page()
    login(sas, "chef1.sas")
    _sas_reads_the_care_plan(sas, disagreement_url)

    boras.goto(disagreement_url)
    _boras_escalates(boras)
    _both_confirm_and_download(sas, boras, disagreement_url)
    _step_2_settles(new_context, login, disagreement_url)
