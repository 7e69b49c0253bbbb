"""What browser tests share: axe with screenshots, filling forms by label, layout checks."""

import re
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# WCAG 2.0 and 2.1, levels A and AA: what DOS-lagen (EN 301 549) requires.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png for a person to see."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", timeout=30_000)
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


def assert_no_horizontal_scroll(page, name: str) -> None:
    shot = screenshot(page, name)
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= overflow["clientWidth"] and not overflow["offenders"], (
        f"{name} ({page.url}) scrolls sideways: page {overflow['scrollWidth']} px wide in a "
        f"{overflow['clientWidth']} px viewport; overflowing: {overflow['offenders']}; "
        f"screenshot {shot}"
    )
