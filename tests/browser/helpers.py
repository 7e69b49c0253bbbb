"""What browser tests share: axe with screenshots, filling forms by label, layout checks."""

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# WCAG 2.0 and 2.1, levels A and AA: what DOS-lagen (EN 301 549) requires.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page, or the first screen) to
    test-artifacts/screenshots/<name>.png for a person to see."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", timeout=30_000)
    return path


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core (vendored) on the page as it is now; return its WCAG A/AA violations.

    The context must have bypass_csp=True: the script is injected as a tag.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude or []]}
    result = page.evaluate(
        """([context, tags]) => axe.run(context, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
        })""",
        [context, AXE_TAGS],
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_accessible(page, name: str, *, exclude: list[str] | None = None) -> None:
    """Screenshot the page as `name`, then assert axe finds zero WCAG 2.0/2.1 A/AA violations.

    `exclude` takes CSS selectors of regions that are not ours (use sparingly, say why).
    """
    page.wait_for_load_state("load")
    shot = screenshot(page, name)
    violations = axe_violations(page, exclude=exclude)
    assert not violations, (
        f"axe found {len(violations)} WCAG violation(s) on {name} ({page.url}); "
        f"screenshot {shot}:\n{format_violations(violations)}"
    )


def field_by_label(scope, label: str):
    """The field whose visible label contains `label`; "Group » Option" is the option labelled
    exactly "Option" in the group (fieldset) whose legend contains "Group", for radio groups
    that share their options (the consequence axes all offer "Ingen" ... "Ej känt ännu")."""
    if " » " in label:
        group, option = label.split(" » ", 1)
        return (
            scope.get_by_role("group", name=re.compile(re.escape(group), re.IGNORECASE))
            .get_by_label(option, exact=True)
            .first
        )
    return scope.get_by_label(label, exact=False).first


def fill_form_by_label(page, values: dict[str, object]) -> None:
    """Fill fields found by their visible label, as a user would: text, selects, checkboxes.

    {"Rubrik": "Fel läkemedel", "Typ": "Läkemedel", "Allvarlig": True}; a label matches if it
    contains the text (labels end with "(obligatoriskt)"). Radio buttons: give the option label
    with True, or "Group » Option" where groups share option labels (see field_by_label).
    """
    for label, value in values.items():
        field = field_by_label(page, label)
        kind = field.evaluate(
            "el => el.tagName === 'SELECT' ? 'select' : (el.type || el.tagName).toLowerCase()"
        )
        if kind == "select":
            field.select_option(label=str(value))
        elif kind in ("checkbox", "radio"):
            if field.is_checked() != bool(value):
                # Click its label as a user does: FKUI draws its own box over the hidden input.
                page.locator(f'label[for="{field.get_attribute("id")}"]').click()
        else:
            field.fill(str(value))


def horizontal_overflow(page) -> dict:
    """How the page overflows the viewport sideways: page scroll width and offending elements.

    Elements inside a horizontally scrollable container (e.g. .table-wrapper) are allowed.
    """
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const scrollsInside = el => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if (o === "auto" || o === "scroll" || o === "hidden") return true;
            }
            return false;
          };
          const offenders = [];
          for (const el of document.body.querySelectorAll("*")) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            if (getComputedStyle(el).visibility === "hidden") continue;
            if ((r.right > width + 1 || r.left < -1) && !scrollsInside(el)) {
              if (el.classList.contains("skip-link")) continue;
              offenders.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className && typeof el.className === "string"
                   ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                + ` [${Math.round(r.left)}..${Math.round(r.right)}]`);
            }
          }
          return {scrollWidth: root.scrollWidth, clientWidth: width,
                  offenders: offenders.slice(0, 20)};
        }"""
    )


def silent_scroll_regions(page) -> list[str]:
    """Boxes in the content that scroll sideways but a keyboard cannot reach or a screen reader
    does not announce: each needs tabindex="0", role="region" and a name (WCAG 1.4.10, 2.1.1;
    samsyn.js marks a wide table's box so)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".site-main *")].filter(el => {
            const o = getComputedStyle(el).overflowX;
            const scrolls = (o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth + 1;
            if (!scrolls) return false;
            const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
            return !(el.tabIndex >= 0 && el.getAttribute("role") === "region" && named);
          }).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (typeof el.className === "string" && el.className.trim()
               ? "." + el.className.trim().split(/\\s+/).join(".") : ""))"""
    )


def reflow_problems(page, name: str) -> list[str]:
    """What keeps the page as it is now from reflowing: sideways scroll of the page, or a box
    that scrolls sideways unannounced; [] when it reflows. A failing page is screenshotted."""
    problems = []
    overflow = horizontal_overflow(page)
    if overflow["scrollWidth"] > overflow["clientWidth"] or overflow["offenders"]:
        problems.append(
            f"{name} ({page.url}) scrolls sideways: page {overflow['scrollWidth']} px wide in a "
            f"{overflow['clientWidth']} px viewport; overflowing: {overflow['offenders']}"
        )
    silent = silent_scroll_regions(page)
    if silent:
        problems.append(f"{name} ({page.url}) scrolls inside {silent} without a focusable region")
    if problems:
        problems.append(f"  screenshot {screenshot(page, name)}")
    return problems


def assert_no_horizontal_scroll(page, name: str) -> None:
    shot = screenshot(page, name)
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= overflow["clientWidth"] and not overflow["offenders"], (
        f"{name} ({page.url}) scrolls sideways: page {overflow['scrollWidth']} px wide in a "
        f"{overflow['clientWidth']} px viewport; overflowing: {overflow['offenders']}; "
        f"screenshot {shot}"
    )


# ------------------------------------------------------------------ the keyboard on case pages


def select_by_keyboard(page, select, text: str, *, limit: int = 400) -> None:
    """Focus a <select> and move to the option with ArrowDown (no mouse)."""
    select.focus()
    page.keyboard.press("Home")
    for _ in range(limit):
        if select.evaluate("el => el.options[el.selectedIndex].text") == text:
            select.dispatch_event("change")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {text!r} not reached by keyboard")


def keyboard_fill(page, scope, values: dict) -> None:
    """Fill fields in `scope` found by label (see field_by_label) by keyboard alone: typing
    (over what the field held), Space on a radio button or checkbox (True), arrow keys in a
    select."""
    for label, value in values.items():
        field = field_by_label(scope, label)
        kind = field.evaluate(
            "el => el.tagName === 'SELECT' ? 'select' : (el.type || el.tagName).toLowerCase()"
        )
        if kind == "select":
            select_by_keyboard(page, field, value)
        elif kind in ("radio", "checkbox"):
            field.focus()
            page.keyboard.press("Space")
        else:
            field.focus()
            page.keyboard.press("ControlOrMeta+A")  # replaces what the form offered
            page.keyboard.type(value)


def press_enter(page, target) -> None:
    """Focus `target` (a locator) and press Enter; wait for the page that comes."""
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press(page, name: str, *, role: str = "button") -> None:
    """Press Enter on the button or link named `name`; wait for the next page, which must not
    be a form sent back with errors."""
    press_enter(page, page.get_by_role(role, name=name, exact=True).first)
    assert page.locator("#error-summary").count() == 0, page.locator("main").inner_text()[:500]


def _exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def open_move(page, move: str, *, submit: str | None = None):
    """Open one move's form on a case page by keyboard, the way the page offers it (issue 24),
    and return the form (a locator) once it is there:

    - the next step is the page's one primary button (`#next-move`): Enter on it fetches its
      form in its place (htmx), no new page;
    - every other move is folded (`details.lazy-move`) under a summary: Enter on the summary
      opens it and its form is fetched into the fold;
    - a form already on the page (the thread, the patient section, a move's own page) is
      taken as it is.

    `move` is what the person reads: the primary button's text or the fold's summary;
    `submit` the form's button (default: the same words).
    """
    submit = submit or move
    primary = page.locator("#next-move").get_by_role("link", name=move, exact=True)
    fold = page.locator("details.lazy-move").filter(
        has=page.locator("summary").filter(has_text=_exactly(move))
    )
    if primary.count():
        region = page.locator("#next-move")
        primary.focus()
        page.keyboard.press("Enter")
    elif fold.count():
        region = fold.locator(".lazy-move__body")
        if not fold.evaluate("el => el.open"):
            fold.locator("summary").focus()
            page.keyboard.press("Enter")
    else:
        region = page.locator("main")
    # (`has` is looked for inside each form: a locator from the page, not from the region.)
    button = page.get_by_role("button", name=submit, exact=True, include_hidden=True)
    form = region.locator("form").filter(has=button).first
    try:
        form.wait_for(state="attached")  # a fetched form: there when htmx has put it in place
        # A form on the page in a closed <details> (the patient's identity): Enter on its summary.
        if form.evaluate("f => { const d = f.closest('details'); return !!d && !d.open; }"):
            form.locator("xpath=ancestor::details[1]/summary").focus()
            page.keyboard.press("Enter")
        form.wait_for()
    except PlaywrightTimeout as exc:
        offered = {
            "next step": page.locator("#next-move a").all_inner_texts(),
            "folded": page.locator("details.lazy-move > summary").all_inner_texts(),
        }
        raise AssertionError(
            f"no move {move!r} with a button {submit!r} on {page.url}; offered: {offered}"
        ) from exc
    return form


def send_form(page, form, submit: str) -> None:
    """Enter on the form's button `submit`; wait for the page that answers."""
    press_enter(page, form.get_by_role("button", name=submit, exact=True))


def take_step(page, move: str, values: dict | None = None, *, submit: str | None = None) -> None:
    """One move on a case page by keyboard alone: open it (see open_move), fill its fields
    (see keyboard_fill), Enter on its button; the answer must be no form with errors."""
    submit = submit or move
    form = open_move(page, move, submit=submit)
    keyboard_fill(page, form, values or {})
    send_form(page, form, submit)
    assert page.locator("#error-summary").count() == 0, page.locator("main").inner_text()[:500]
