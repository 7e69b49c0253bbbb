"""What the login page shows besides the form: other apps add to its context from their
AppConfig.ready() (the demo app lists its demo users in development), so core knows none of them.
"""

from collections.abc import Callable

# Each function returns extra context for the login template (an empty dict for nothing).
LOGIN_PAGE_EXTRAS: list[Callable[[], dict]] = []


def login_page_extra_register(func: Callable[[], dict]) -> Callable[[], dict]:
    if func not in LOGIN_PAGE_EXTRAS:
        LOGIN_PAGE_EXTRAS.append(func)
    return func


def login_page_extras() -> dict:
    context: dict = {}
    for func in LOGIN_PAGE_EXTRAS:
        context.update(func())
    return context
