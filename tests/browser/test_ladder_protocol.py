"""A confirmed protocol at a step of the ladder, in a real browser (issue 18, the second half of
its "Done when"):

a Borås Stad manager raises a disagreement where a patient is affected and says at once how the
patient's needs are met; step 1 ends (escalated) with a protocol that the hospital's step 1
owner completes with its own position and both step 1 owners confirm, each for their own
party, and download as a PDF; at step 2 one party proposes the solution and it binds both when
the other party's step 2 owner has confirmed it.

Keyboard only where a person confirms or decides (Tab to the field or button, type, Enter);
each page on the way is checked with axe (zero violations). The flow opens its own case
(unique title), so it passes in any order and leaves the demo's cases as they were.
"""

import datetime
import re
import uuid

import pytest

from tests.browser.helpers import assert_accessible, fill_form_by_label
from tests.browser.test_deviations import _tab_to
from tests.browser.test_receiving import _keyboard_fill

pytestmark = pytest.mark.browser

INTERIM = "Hemsjukvården hämtar läkemedelslistan från journalen tills frågan är löst."


def _press(page, name: str, *, role: str = "button") -> None:
    """Focus a button or link by its name and press Enter, waiting for the next page."""
    page.get_by_role(role, name=name, exact=True).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#error-summary").count() == 0, page.locator("main").inner_text()[:500]


def test_step_1_ends_with_a_protocol_both_confirm_and_step_2_settles_with_the_other_partys_confirmation(  # noqa: E501
    new_context, login
):
    title = f"Läkemedelslista vid utskrivning {uuid.uuid4().hex[:6]}"
    boras = new_context().new_page()
    login(boras, "chef1.boras")
    boras.goto("/oenighet/ny/")
    form = boras.locator("#case-form")
    fill_form_by_label(
        boras,
        {
            "Vårdgivare (part A)": "Borås Stad",
            "Vårdgivare (motpart)": "Södra Älvsborgs Sjukhus",
            "Rubrik": title,
            "Frågan där samsyn saknas": "Vem skickar med läkemedelslistan vid utskrivning?",
            "Ståndpunkt, part A": "Sjukhuset skickar listan med patienten enligt avtalet.",
            "Kategori": form.get_by_label("Kategori").locator("option").nth(1).inner_text(),
            "En patient berörs": True,
        },
    )
    # The patient's needs are asked at once (issue 18, item 3): without them, nothing is saved.
    form.get_by_role("button", name="Spara").focus()
    with boras.expect_navigation():
        boras.keyboard.press("Enter")
    assert boras.locator("#error-summary").is_visible()
    assert "hur patientens behov tillgodoses" in boras.locator("#error-summary").inner_text()
    assert boras.get_by_label("Rubrik").first.input_value() == title  # nothing typed is lost
    assert_accessible(boras, "ladder-registration-refused")
    _keyboard_fill(boras, form, {"Tillfällig lösning, eller varför": INTERIM})
    boras.get_by_label("Tillfällig lösning gäller från").fill(datetime.date.today().isoformat())
    _press(boras, "Spara")
    case_url = boras.url
    patient = boras.get_by_role("region", name="Patienten först", exact=True)
    assert INTERIM in patient.inner_text()

    # Step 1 ends: Borås Stad escalates, with the reason the protocol will give.
    _press(boras, "Eskalera till steg 2", role="link")
    _tab_to(boras, "Skäl")
    boras.keyboard.type("Ingen samsyn på enhetsnivå efter två möten.")
    _press(boras, "Eskalera till nästa steg")
    assert (
        "Steg 2" in boras.get_by_role("region", name="Eskaleringstrappan", exact=True).inner_text()
    )

    # The hospital's step 1 owner writes its own position in the step 1 protocol, then
    # confirms it for its own party.
    sas = new_context().new_page()
    login(sas, "chef1.sas")
    sas.goto(case_url)
    _press(sas, "Läs protokollet för steg 1", role="link")
    sas.get_by_role("heading", level=1, name="Protokoll, steg 1").wait_for()
    assert INTERIM in sas.get_by_role("region", name="Protokollet", exact=True).inner_text()
    assert_accessible(sas, "ladder-protocol-draft")
    position = sas.get_by_role("region", name="Er parts ståndpunkt i stegprotokollet", exact=True)
    position.get_by_label("Er parts ståndpunkt").fill("")
    _keyboard_fill(
        sas,
        position,
        {
            "Er parts ståndpunkt": "Kommunen hämtar listan i den gemensamma journalen.",
            "Faktisk grund": "Listan fanns i journalen vid utskrivningen den 3 mars.",
        },
    )
    _press(sas, "Spara ståndpunkten")
    _press(sas, "Läs protokollet för steg 1", role="link")
    _press(sas, "Bekräfta protokollet för min part")

    # Borås Stad's step 1 owner confirms for Borås Stad: the protocol is frozen.
    boras.goto(case_url)
    _press(boras, "Läs protokollet för steg 1", role="link")
    protocol_url = boras.url
    assert (
        "Kommunen hämtar listan"
        in boras.get_by_role("region", name="Protokollet", exact=True).inner_text()
    )
    _press(boras, "Bekräfta protokollet för min part")
    boras.goto(protocol_url)
    status = boras.get_by_role("region", name="Bekräftelse", exact=True).inner_text()
    assert status.count("Bekräftat") >= 2 and "Låst" in status
    assert (
        boras.get_by_role(
            "region", name="Er parts ståndpunkt i stegprotokollet", exact=True
        ).count()
        == 0
    )
    assert_accessible(boras, "ladder-protocol-frozen")
    download_link = boras.get_by_role("link", name="Ladda ned protokollet (pdf)")
    download_link.focus()
    with boras.expect_download() as download:
        boras.keyboard.press("Enter")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert re.match(r"OE-\d+-protokoll-steg-1\.pdf", download.value.suggested_filename)

    # Step 2: Borås Stad's step 2 owner proposes the solution; it is pending for both ...
    boras2 = new_context().new_page()
    login(boras2, "chef2.boras")
    boras2.goto(case_url)
    _press(boras2, "Föreslå att parterna är överens (löst)", role="link")
    _tab_to(boras2, "Överenskommen lösning")
    boras2.keyboard.type("Sjukhuset skickar listan digitalt; kommunen bekräftar mottagandet.")
    _press(boras2, "Föreslå lösningen")
    proposal = boras2.get_by_role("status").filter(has_text="väntar på bekräftelse")
    assert "Sjukhuset skickar listan digitalt" in proposal.inner_text()
    assert_accessible(boras2, "ladder-proposal-pending")

    # ... until the hospital's step 2 owner confirms it.
    sas2 = new_context().new_page()
    login(sas2, "chef2.sas")
    sas2.goto(case_url)
    assert sas2.get_by_role("status").filter(has_text="väntar på bekräftelse").is_visible()
    _press(sas2, "Bekräfta förslaget", role="link")
    assert_accessible(sas2, "ladder-proposal-confirm")
    _press(sas2, "Bekräfta den föreslagna lösningen")
    sas2.get_by_text("Lösningen är bekräftad av båda parter.").wait_for()
    assert "Löst" in sas2.locator(".case-tags").inner_text()
    assert INTERIM in sas2.get_by_role("region", name="Patienten först", exact=True).inner_text()
    assert_accessible(sas2, "ladder-resolved")
