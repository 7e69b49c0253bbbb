"""Every page in PAGES (tests/browser/conftest.py) passes axe; a screenshot of each is saved."""

import pytest

from tests.browser.conftest import PAGES, resolve_path
from tests.browser.helpers import assert_accessible, horizontal_overflow

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("name", "path", "username"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_wcag_violations(page, login, demo_ids, name, path, username):
    path = resolve_path(path, demo_ids)
    if username:
        login(page, username)
    response = page.goto(path)
    assert response.status < 500, f"{path} answered {response.status}"
    assert page.locator("h1").count() == 1, f"{name} should have exactly one h1"
    assert_accessible(page, name)
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{name} is too wide: {overflow}"


def test_pages_load_under_the_real_csp_without_errors(new_context, login, demo_ids):
    """The strict CSP blocks nothing on our pages: no refused inline script/style, no JS error."""
    context = new_context(bypass_csp=False)
    page = context.new_page()
    problems = []

    def on_console(message):
        # An error page's own status (404, 403) is logged as a failed resource: expected.
        own_status = message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url
        )
        if message.type == "error" and not own_status:
            problems.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    signed_in_as = None
    for name, path, username in PAGES:
        if username != signed_in_as:
            context.clear_cookies()
            if username:
                login(page, username)
            signed_in_as = username
        page.goto(resolve_path(path, demo_ids))
        page.wait_for_load_state("load")
        assert problems == [], f"{name} ({path}): {problems}"
