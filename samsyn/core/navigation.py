"""The main menu: each app adds its own entries from its AppConfig.ready(), shown by permission."""

from dataclasses import dataclass

from django.urls import reverse

from samsyn.core.access import can


@dataclass(frozen=True)
class NavEntry:
    order: int
    url_name: str
    label: str
    permission: str | None = None  # a permission code of core.access, or None for everyone


MENU: list[NavEntry] = []


def nav_register(*, url_name: str, label: str, order: int = 50, permission: str | None = None):
    entry = NavEntry(order=order, url_name=url_name, label=label, permission=permission)
    if entry not in MENU:
        MENU.append(entry)
        MENU.sort(key=lambda e: e.order)


def menu_for(actor, path: str) -> list[dict]:
    items = []
    for entry in MENU:
        if entry.permission and not can(actor, entry.permission):
            continue
        url = reverse(entry.url_name)
        matches = path == url or (url != "/" and path.startswith(url))
        items.append({"url": url, "label": entry.label, "current": matches})
    # Only the closest entry is current (/avvikelser/rapportera/ is not also /avvikelser/).
    best = max((len(i["url"]) for i in items if i["current"]), default=0)
    for item in items:
        item["current"] = item["current"] and len(item["url"]) == best
    return items
