"""Reads every app shares."""

from collections.abc import Callable

# Each app adds a function (actor) -> list of start-page sections; see core/start.html.
START_SECTIONS: list[Callable] = []


def start_section_register(func: Callable) -> Callable:
    if func not in START_SECTIONS:
        START_SECTIONS.append(func)
    return func


def start_sections_for(actor) -> list[dict]:
    """The start page's sections for this person: each app says what waits for them there.

    A section is {"title", "text", "links": [(label, url)], "items": [...]}.
    """
    sections = []
    for func in START_SECTIONS:
        for section in func(actor):
            # Every key present: a missing "items" would make the template loop over dict.items.
            sections.append({"text": "", "items": [], "links": [], **section})
    return sections
