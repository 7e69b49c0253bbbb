"""Zoom, small screens and the skip link.

200 % zoom at 1280 px is emulated as a 640 CSS px wide viewport with device_scale_factor 2:
that is what a browser at 200 % lays out (1280 device pixels, 640 CSS pixels), and unlike CSS
`zoom` it also scales media queries, as real browser zoom does.
"""

import pytest

from tests.browser.conftest import REFLOW_PAGES, resolve_path
from tests.browser.helpers import (
    assert_accessible,
    axe_violations,
    format_violations,
    reflow_problems,
    screenshot,
)

pytestmark = pytest.mark.browser

ZOOM_200 = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}
MOBILE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


# The narrowest phone WCAG 1.4.10 names (320 CSS px) and a common one (390 px), issue 24.
PHONE_320 = {**MOBILE, "viewport": {"width": 320, "height": 640}}
PHONE_390 = {**MOBILE, "viewport": {"width": 390, "height": 844}}


# How much of a 390 px phone's first screen (844 px) the page header may take: the name, the
# person's corner and the folded menu's button, on two lines (issue 24; it took 260 px).
PHONE_HEADER_MAX = 120


def _menu_problems(page, name: str) -> list[str]:
    """On a phone the signed-in menu is folded and opens by keyboard; Escape folds it again."""
    toggle = page.locator(".site-nav__toggle")
    if not toggle.count():
        return [f"{name} ({page.url}) has no menu button"]
    if toggle.get_attribute("aria-expanded") != "false":
        return [f"{name}: the menu is not folded"]
    toggle.focus()
    page.keyboard.press("Enter")
    problems = []
    if toggle.get_attribute("aria-expanded") != "true" or not (
        page.locator("#site-nav-list a").first.is_visible()
    ):
        problems.append(f"{name}: the menu did not open by keyboard")
    page.keyboard.press("Escape")
    return problems


# Each layout's round goes in parts (the 390 px one, with axe and a picture per page, took
# 110 s in one test), so that the test workers share them instead of one of them finishing
# alone.
PARTS = {"zoom200": 2, "phone320": 2, "phone390": 4}


def _part(pages: list, part: int, parts: int) -> list:
    """The part-th of `parts` runs of the pages sorted by person, so that each part signs in
    as few people as it can."""
    ordered = sorted(pages, key=lambda p: (p[2] or "", p[0]))
    size = -(-len(ordered) // parts)
    return ordered[(part - 1) * size : part * size]


def test_the_parts_of_a_round_hold_every_page_once():
    for parts in set(PARTS.values()):
        rounds = [_part(REFLOW_PAGES, part, parts) for part in range(1, parts + 1)]
        assert sorted(p for r in rounds for p in r) == sorted(REFLOW_PAGES)


@pytest.mark.parametrize(
    ("layout", "options", "part"),
    [
        pytest.param(layout, options, part, id=f"{layout}-{part}of{PARTS[layout]}")
        for layout, options in (
            ("zoom200", ZOOM_200),
            ("phone320", PHONE_320),
            ("phone390", PHONE_390),
        )
        for part in range(1, PARTS[layout] + 1)
    ],
)
def test_every_page_reflows_without_sideways_scroll(
    new_context, login, demo_ids, layout, options, part
):
    """Every page the suite visits (REFLOW_PAGES is PAGES), a part of them per test, in one
    browser context per part: no sideways scroll of the page, a wide table scrolls in a
    focusable, named region; on a phone the menu is folded and opens by keyboard, and at 390 px
    the header is compact."""
    page = new_context(**options).new_page()
    problems = []
    signed_in_as = ""
    pages = _part(REFLOW_PAGES, part, PARTS[layout])
    # Signed in once per person (GET pages only, so the order does not matter).
    for name, path, username in pages:
        if username != signed_in_as:
            page.context.clear_cookies()
            if username:
                login(page, username)
            signed_in_as = username
        # A slow page (the re-coding queue) must not end the round for all the others.
        page.goto(resolve_path(path, demo_ids), timeout=60_000)
        page.wait_for_load_state("load")
        problems += reflow_problems(page, f"{layout}-{name}")
        if layout == "phone390":
            # A picture of every page's first screen on a phone (item 7), which passes axe
            # there too; a whole long page at the phone's pixel ratio is more than Chromium
            # captures (the audit trail on PostgreSQL's demo data).
            screenshot(page, f"{layout}-{name}", full_page=False)
            violations = axe_violations(page)
            if violations:
                problems.append(f"{layout}-{name}: axe\n{format_violations(violations)}")
            header = page.locator("header.site-header")  # Django's admin has its own
            height = header.bounding_box()["height"] if header.count() else 0
            if height > PHONE_HEADER_MAX:
                problems.append(f"{name}: the header is {height:.0f} px high")
        # Django's admin has a frame of its own (its header, no menu button).
        if layout.startswith("phone") and username and not path.startswith("/admin/"):
            problems += _menu_problems(page, f"{layout}-{name}")
    count = len(pages)
    assert problems == [], f"{layout} part {part}: of {count} pages\n" + "\n".join(problems)


def test_on_a_phone_the_menu_folds_behind_a_button_that_works_by_keyboard(new_context, login):
    page = new_context(**MOBILE).new_page()
    login(page, "lansadmin")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    toggle = menu.get_by_role("button", name="Meny")
    # Folded: the first screen is the page, not the menu.
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.get_by_role("link", name="Start").is_visible()
    screenshot(page, "mobile-menu-folded")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    width = page.evaluate("() => document.documentElement.clientWidth")
    links = menu.get_by_role("link").all()
    assert links and all(link.is_visible() for link in links)
    for link in links:
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, link.inner_text()
    assert_accessible(page, "mobile-menu-open")
    screenshot(page, "mobile-menu-open")
    # Escape folds it again and gives focus back to the button.
    menu.get_by_role("link").first.focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")
    logout = page.get_by_role("button", name="Logga ut")
    box = logout.bounding_box()
    assert box["x"] + box["width"] <= width


def test_on_a_wide_screen_the_menu_is_open_and_has_no_button(page, login):
    login(page, "lansadmin")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Start").is_visible()
    assert not menu.get_by_role("button", name="Meny").is_visible()


@pytest.mark.parametrize("path", ["/", "/finns-inte/"])
def test_skip_link_appears_on_focus_and_moves_focus_to_main(page, login, path):
    # Signed-in pages: on the login page focus starts in the username field (autofocus).
    login(page, "rapportor")
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    screenshot(page, f"skip-link{path.rstrip('/').replace('/', '-') or '-start'}")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues after the skip link's target, not back in the header.
    page.keyboard.press("Tab")
    in_header = "() => document.querySelector('header').contains(document.activeElement)"
    assert not page.evaluate(in_header)


@pytest.mark.parametrize(("path", "username"), [("/logga-in/", None), ("/", "lansadmin")])
def test_every_focusable_element_shows_where_focus_is(page, login, path, username):
    if username:
        login(page, username)
    page.goto(path)
    unmarked = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
              return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 40),
                      marked: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                              || s.boxShadow !== 'none'}; }"""
        )
        if state["tag"] == "BODY":
            break
        if not state["marked"]:
            unmarked.append(state)
    assert unmarked == [], f"no visible focus indicator on {unmarked}"


def test_on_a_phone_a_wide_table_scrolls_in_a_named_region_reached_by_keyboard(new_context, login):
    page = new_context(**MOBILE).new_page()
    login(page, "handlaggare.sas")
    page.goto("/avvikelser/")
    region = page.locator(".site-main [role=region]:has(table.deviation-table)")
    assert region.count() == 1
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
    region.focus()
    page.keyboard.press("ArrowRight")  # the keyboard scrolls the table, not the page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "mobile-deviation-list")
