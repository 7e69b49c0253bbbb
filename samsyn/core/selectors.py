"""Reads every app shares."""

from collections.abc import Callable

# Each app adds a function (actor) -> list of start-page sections; see core/start.html.
START_SECTIONS: list[Callable] = []

# Where a section stands on the start page (lower first): what waits for this person before
# the state of things, and the administration's reminders last. A section says its own
# `order`; these are the steps the apps use.
ORDER_TO_DO = 10
ORDER_DECIDE = 20
ORDER_OWN = 30
ORDER_OVERVIEW = 40
ORDER_ADMINISTER = 50
ORDER_REMIND = 60


def start_section_register(func: Callable) -> Callable:
    if func not in START_SECTIONS:
        START_SECTIONS.append(func)
    return func


def start_sections_for(actor) -> list[dict]:
    """The start page's sections for this person: each app says what waits for them there.

    A section is {"title", "text", "order", "primary": (label, url) or None, "links":
    [(label, url)], "items": [{"label", "url"}], "groups": [{"heading", "count", "rows":
    [{"url", "reference", "title", "status", "due", "overdue"}]}]}: a group is a heading with
    its count (screen readers jump between headings) over a table of cases. The sections
    come in their `order`, and within it in the order the apps registered them.
    """
    sections = []
    for func in START_SECTIONS:
        for section in func(actor):
            # Every key present: a missing "items" would make the template loop over dict.items.
            sections.append(
                {
                    "text": "",
                    "items": [],
                    "links": [],
                    "groups": [],
                    "primary": None,
                    "order": ORDER_OVERVIEW,
                    **section,
                }
            )
    return sorted(sections, key=lambda section: section["order"])


def next_action(sections: list[dict]) -> tuple[str, str] | None:
    """The first thing this person should do: the first section's primary action."""
    return next((section["primary"] for section in sections if section["primary"]), None)
