"""Deviations in a real browser: reporting by keyboard alone, the report form's error states,
and the counterpart taking a case from received to closed while the reporter follows it.

Every flow reports its own case (a unique title), so the flows pass in any order and leave the
demo cases that PAGES visits as they were.
"""

import datetime
import re
import uuid

import pytest

from tests.browser.helpers import assert_accessible, fill_form_by_label, take_step

pytestmark = pytest.mark.browser

COUNTERPART = "Södra Älvsborgs Sjukhus"
SEND = "Skicka rapporten"


def unique(title: str) -> str:
    return f"{title} {uuid.uuid4().hex[:6]}"


def _focused(page) -> dict:
    """What has focus: its label (or a radio's option label) and the legend of its fieldset."""
    return page.evaluate(
        """() => { const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent : '';
          const set = el.closest('fieldset');
          const legendEl = set && set.querySelector('legend');
          const legend = legendEl ? legendEl.textContent : '';
          return {label: label.trim(), legend: legend.trim(), type: el.type || el.tagName,
                  text: (el.textContent || '').trim()}; }"""
    )


def _tab_to(page, text: str, *, limit: int = 60) -> dict:
    """Press Tab until the focused field's label or group legend contains `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if text in focused["label"] or text in focused["legend"] or text == focused["text"]:
            return focused
    raise AssertionError(f"no field labelled {text!r} within {limit} Tab presses")


def _choose_by_keyboard(page, select, text: str, *, limit: int = 40) -> None:
    """In the focused <select>: type the option's first letter, then ArrowDown to it (typing
    å, ä, ö does not reach a select's type-ahead through the automation's keyboard)."""
    page.keyboard.type(text[0])
    for _ in range(limit):
        if select.evaluate("el => el.options[el.selectedIndex].text") == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {text!r} not reached by keyboard")


def _checked_label(page, legend: str) -> str:
    group = page.get_by_role("group", name=legend)
    return group.locator("input:checked").evaluate("el => el.labels[0].textContent").strip()


def _inbox_count(page) -> str:
    page.goto("/avvikelser/")
    return page.locator(".result-count").inner_text()


def report_deviation(page, title: str, **overrides) -> str:
    """Report a valid deviation against Södra Älvsborgs Sjukhus (mouse and form, fast); return
    the case page's URL. Flows that are about later steps start here."""
    page.goto("/avvikelser/rapportera/")
    document = page.get_by_label("Vilket avtal eller styrdokument")
    first_document = document.locator("option").nth(1).inner_text()
    values = {
        "Vilken vårdgivare gäller avvikelsen?": COUNTERPART,
        "När hände det?": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
        "Rubrik": title,
        "Vad hände?": "Utskrivningsmeddelandet kom först dagen efter hemkomsten.",
        "Vilket avtal eller styrdokument": first_document,
        "Informationsöverföring": True,
        "Fysisk skada » Ingen": True,
        "Psykisk skada » Ingen": True,
        "Möjlig konsekvens » Risk för vårdskada (tillbud)": True,
        "Ökad arbetsinsats": True,
        **overrides,
    }
    fill_form_by_label(page, values)
    page.get_by_role("button", name=SEND).click()
    page.get_by_role("heading", level=1, name=re.compile(re.escape(title))).wait_for()
    return page.url


def test_reporter_reports_a_deviation_by_keyboard_alone(page, login):
    login(page, "rapportor")
    page.goto("/avvikelser/rapportera/")
    title = unique("Läkemedelslista saknades, rapporterad med tangentbord")
    event = datetime.date.today() - datetime.timedelta(days=3)

    _tab_to(page, "Vilken vårdgivare gäller avvikelsen?")
    _choose_by_keyboard(
        page, page.get_by_label("Vilken vårdgivare gäller avvikelsen?"), COUNTERPART
    )
    page.keyboard.press("Tab")  # the unit, if known: left empty
    assert "Enhet, om du vet vilken" in _focused(page)["label"]
    page.keyboard.press("Tab")
    assert "När hände det?" in _focused(page)["label"]
    page.keyboard.type(event.isoformat())  # ÅÅÅÅ-MM-DD, whatever the browser's own language
    _tab_to(page, "Rubrik")
    page.keyboard.type(title)
    _tab_to(page, "Vad hände?")
    page.keyboard.type("Läkemedelslistan saknades när patienten kom hem från sjukhuset.")
    _tab_to(page, "Vilket avtal eller styrdokument")
    document = page.get_by_label("Vilket avtal eller styrdokument")
    first_document = document.locator("option").nth(1).inner_text()
    _choose_by_keyboard(page, document, first_document)

    # Radio groups: Tab enters the group, the arrow keys move and choose, Space chooses.
    _tab_to(page, "Kategori")
    page.keyboard.press("ArrowDown")  # second option, the first one is passed over
    assert _checked_label(page, "Kategori") == "Vård och behandling"
    # The consequence for the patient on its three axes: physical, psychological, potential.
    _tab_to(page, "Faktisk konsekvens: fysisk skada")
    page.keyboard.press("Space")
    assert _checked_label(page, "Faktisk konsekvens: fysisk skada") == "Ingen"
    _tab_to(page, "Faktisk konsekvens: psykisk skada")
    page.keyboard.press("Space")
    assert _checked_label(page, "Faktisk konsekvens: psykisk skada") == "Ingen"
    _tab_to(page, "Möjlig konsekvens")
    page.keyboard.press("ArrowDown")
    assert _checked_label(page, "Möjlig konsekvens") == "Risk för vårdskada (tillbud)"
    _tab_to(page, "Konsekvens för organisationen")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert _checked_label(page, "Konsekvens för organisationen") == "Ökad arbetsinsats"
    _tab_to(page, "Patienten påverkades")
    page.keyboard.press("Space")
    assert page.get_by_label("Patienten påverkades", exact=True).is_checked()
    _tab_to(page, "Ditt förslag på åtgärd")
    page.keyboard.type("Checklista vid utskrivning.")
    _tab_to(page, SEND)
    page.keyboard.press("Enter")

    heading = page.get_by_role("heading", level=1, name=re.compile(re.escape(title)))
    heading.wait_for()
    assert re.match(r"AVV-\d+ ", heading.inner_text())
    assert page.get_by_text(f"är skickad till {COUNTERPART}").is_visible()
    summary = page.get_by_role("region", name="Sammanfattning")  # the parties and the date
    assert COUNTERPART in summary.inner_text()
    assert event.isoformat() in summary.inner_text()
    facts = page.get_by_role("region", name="Uppgifter")
    assert "Vård och behandling" in facts.inner_text()
    assert "Ökad arbetsinsats" in facts.inner_text()
    assert "patienten påverkades" in facts.inner_text()
    assert_accessible(page, "deviation-reported-by-keyboard")


def _assert_error_state(page, name: str, field_label: str, message: str) -> None:
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert message in summary.inner_text()
    field = page.get_by_label(field_label).first
    assert field.get_attribute("aria-invalid") == "true", f"{field_label} is not marked invalid"
    described = field.get_attribute("aria-describedby") or ""
    error_texts = " ".join(page.locator(f"#{i}").inner_text() for i in described.split() if i)
    assert message in error_texts, f"{field_label}'s error is not tied to it: {described}"
    assert page.get_by_text(message).first.is_visible()
    assert_accessible(page, name)


@pytest.mark.parametrize(
    ("case", "overrides", "field_label", "message"),
    [
        ("future-date", {"När hände det?": "FUTURE"}, "När hände det?", "framtiden"),
        (
            "personnummer",
            {"Vad hände?": "Patienten 19121212-1212 fick fel lista."},
            "Vad hände?",
            "personnummer",
        ),
        (
            "other-unexplained",
            {"Informationsöverföring": False, "Annat": True},
            "Förklara ”Annat”",
            "Annat",
        ),
    ],
)
def test_report_form_refuses_bad_input_accessibly_and_saves_nothing(
    page, login, case, overrides, field_label, message
):
    login(page, "rapportor")
    before = _inbox_count(page)
    page.goto("/avvikelser/rapportera/")
    title = unique(f"Felaktig rapport {case}")
    if overrides.get("När hände det?") == "FUTURE":
        overrides = {
            "När hände det?": (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
        }
    document = page.get_by_label("Vilket avtal eller styrdokument")
    values = {
        "Vilken vårdgivare gäller avvikelsen?": COUNTERPART,
        "När hände det?": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "Rubrik": title,
        "Vad hände?": "Informationen kom för sent.",
        "Vilket avtal eller styrdokument": document.locator("option").nth(1).inner_text(),
        "Informationsöverföring": True,
        "Fysisk skada » Ingen": True,
        "Psykisk skada » Ingen": True,
        "Möjlig konsekvens » Risk för vårdskada (tillbud)": True,
        "Ökad arbetsinsats": True,
    }
    if "Annat" in overrides:
        values.pop("Informationsöverföring")
        overrides = {"Annat": True}
    fill_form_by_label(page, {**values, **overrides})
    page.get_by_role("button", name=SEND).click()
    _assert_error_state(page, f"deviation-report-errors-{case}", field_label, message)
    # What was written is kept for correcting.
    assert page.get_by_label("Rubrik").input_value() == title
    assert _inbox_count(page) == before
    page.goto(f"/avvikelser/?q={title}")
    assert page.locator(".result-count").inner_text().startswith("0 ")


def test_report_form_sent_empty_lists_every_required_field(page, login):
    login(page, "rapportor")
    before = _inbox_count(page)
    page.goto("/avvikelser/rapportera/")
    page.get_by_role("button", name=SEND).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    links = summary.get_by_role("link")
    assert links.count() >= 6
    for label in ("Vilken vårdgivare gäller avvikelsen?", "När hände det?", "Rubrik", "Vad hände?"):
        assert page.get_by_label(label).get_attribute("aria-invalid") == "true", label
    for legend in (
        "Kategori",
        "Faktisk konsekvens: fysisk skada",
        "Faktisk konsekvens: psykisk skada",
        "Möjlig konsekvens",
        "Konsekvens för organisationen",
    ):
        assert summary.get_by_role("link", name=re.compile(legend)).count() == 1, legend
    # A link in the summary takes focus to its field.
    summary.get_by_role("link", name=re.compile("^Rubrik")).click()
    assert page.evaluate("() => document.activeElement.name") == "title"
    assert_accessible(page, "deviation-report-errors-empty")
    assert _inbox_count(page) == before


def test_counterpart_handles_a_case_to_closed_and_the_reporter_sees_the_timeline(
    new_context, login
):
    reporter = new_context().new_page()
    login(reporter, "rapportor")
    title = unique("Utskrivningsmeddelande kom efter hemkomst")
    case_url = report_deviation(reporter, title)

    handler = new_context().new_page()
    login(handler, "handlaggare.sas")
    handler.goto(case_url)
    assert handler.get_by_role("heading", name="Nästa steg").is_visible()
    assert_accessible(handler, "deviation-flow-received")
    take_step(
        handler,
        "Kvittera som mottagen",
        {"Instämmer i beskrivningen": True, "Kommentar": "Mottagen, vi analyserar."},
    )
    assert handler.get_by_text("Avvikelsen är kvitterad som mottagen.").is_visible()
    take_step(
        handler,
        "Spara analysen",
        {
            "Kommunikationsbrist mellan vårdgivare": True,
            "Analys: orsaker på systemnivå": "Utskrivningsmeddelandet skickas först när "
            "epikrisen är klar, inte när patienten skrivs ut.",
        },
    )
    assert handler.get_by_text("Analysen är sparad.").is_visible()
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    take_step(
        handler,
        "Lägg till en åtgärd",
        {
            "Åtgärd": "Utskrivningsmeddelande skickas senast vid utskrivningen.",
            "Klar senast": due,
        },
        submit="Lägg till åtgärd",
    )
    assert handler.get_by_text("Åtgärden är tillagd.").is_visible()
    measures = handler.get_by_role("table", name="Åtgärder i ärendet")
    assert "Utskrivningsmeddelande skickas senast" in measures.inner_text()
    assert_accessible(handler, "deviation-flow-analysed-with-measure")
    take_step(handler, "Besluta åtgärder")
    assert handler.get_by_text("Åtgärderna är beslutade.").is_visible()
    take_step(
        handler, "Spara uppföljningen", {"Uppföljning": "Tre utskrivningar följda, alla i tid."}
    )
    assert handler.get_by_text("Uppföljningen är sparad.").is_visible()
    take_step(handler, "Avsluta ärendet", {"Kommentar": "Åtgärden fungerar."})
    assert handler.get_by_text("Avvikelsen är avslutad.").is_visible()
    assert handler.get_by_role("heading", name="Nästa steg").count() == 0
    assert_accessible(handler, "deviation-flow-closed-counterpart")

    reporter.goto(case_url)
    # The history is folded at the foot of the page, newest first: opened by keyboard.
    history = reporter.get_by_role("region", name="Händelser i ärendet")
    history.locator("summary").focus()
    reporter.keyboard.press("Enter")
    timeline = history.locator("ol.timeline").inner_text()
    analysis = reporter.get_by_role("region", name="Analys").inner_text()
    assert "Kommunikationsbrist mellan vårdgivare" in analysis
    assert "epikrisen är klar" in analysis
    assert "Tre utskrivningar följda" in analysis
    assert (
        "Utskrivningsmeddelande skickas senast"
        in reporter.get_by_role("table", name="Åtgärder i ärendet").inner_text()
    )
    steps = [
        "Skickad till mottagande vårdgivare",
        "Mottagen",
        "Analyserad",
        "Åtgärd tillagd",
        "Åtgärder beslutade",
        "Uppföljd",
        "Avslutad",
    ]
    positions = [timeline.find(step) for step in steps]
    assert -1 not in positions, timeline
    assert positions == sorted(positions, reverse=True), f"not newest first: {timeline}"
    assert "Åtgärden fungerar." in timeline
    assert_accessible(reporter, "deviation-flow-closed-reporter")


def test_the_list_pages_forward_and_back_by_its_links_and_keeps_the_filter(page, login):
    """Keyset pages in a browser: "Nästa sida" leads to other cases with the same filter,
    "Föregående sida" and "Första sidan" lead back to the first ones."""
    login(page, "analytiker")
    page.goto("/avvikelser/?status=closed")
    first = page.locator(".deviation-table tbody tr td:first-child a").all_inner_texts()
    assert len(first) == 25

    def follow(name):
        # The page's URL changes when the new page starts to arrive: the rows are read once
        # it has loaded, not from a half-parsed document.
        with page.expect_navigation():
            page.get_by_role("link", name=name).click()
        return page.locator(".deviation-table tbody tr td:first-child a").all_inner_texts()

    second = follow("Nästa sida")
    assert "status=closed" in page.url and "efter=" in page.url
    assert second and not set(second) & set(first)
    assert_accessible(page, "deviations-list-second-page")
    assert follow("Föregående sida") == first
    follow("Nästa sida")
    assert follow("Första sidan") == first


def test_the_report_form_orders_the_documents_for_the_counterpart_and_date_before_sending(
    page, login
):
    """Issue 24 item 6: once the counterpart and the date are chosen, the documents that
    governed the two that day come first, and choosing another says so before sending."""
    login(page, "rapportor")
    page.goto("/avvikelser/rapportera/")
    assert page.get_by_role("button", name="Visa vilka styrdokument som gällde").count() == 0
    page.get_by_label("Vilken vårdgivare gäller avvikelsen?").select_option(label=COUNTERPART)
    page.get_by_label("När hände det?").fill("2027-03-01")
    page.get_by_label("När hände det?").press("Tab")
    document = page.get_by_label("Vilket avtal eller styrdokument")
    applied = document.locator('optgroup[label="Gällde mellan parterna den 2027-03-01"]')
    applied.wait_for(state="attached")
    old = document.locator("option", has_text="(2017 års avtal) (gällde inte)")
    document.select_option(value=old.get_attribute("value"))
    warning = page.locator("#document-warning")
    warning.get_by_text("gällde inte den 2027-03-01").wait_for()
    assert warning.inner_text().startswith("Observera:")
    assert_accessible(page, "deviations-report-document-warning")
