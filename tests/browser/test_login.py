"""Signing in: by keyboard alone, and the form's error states."""

import pytest

from samsyn.core import login_page
from samsyn.identity.views import login_page_providers
from tests.browser.helpers import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: document.activeElement.textContent.trim()})"
    )


def test_signing_in_by_keyboard_alone_lands_on_the_start_page(page):
    page.goto("/logga-in/")
    # The username field takes focus on arrival (Django's autofocus), so typing can start at once.
    page.wait_for_function("() => document.activeElement.id === 'id_username'")
    page.keyboard.type("handlaggare.sas")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password"
    page.keyboard.type("samsyn-demo-2027")
    with page.expect_navigation():  # "**/" alone matches the login page itself
        page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Välkommen, Sami Handläggare"
    screenshot(page, "login-keyboard-signed-in")


def test_the_login_button_is_reached_by_tab_and_pressed_with_enter(page):
    page.goto("/logga-in/")
    page.wait_for_function("() => document.activeElement.id === 'id_username'")
    page.keyboard.type("chef1.sas")
    page.keyboard.press("Tab")
    page.keyboard.type("samsyn-demo-2027")
    page.keyboard.press("Tab")
    assert _focused(page) == {"id": "", "tag": "BUTTON", "text": "Logga in"}
    with page.expect_navigation():  # "**/" alone matches the login page itself
        page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Välkommen, Sven Vårdenhetschef"


def test_wrong_password_shows_an_accessible_error_summary_with_focus(page, login):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("rapportor")
    page.get_by_label("Lösenord").fill("fel-lösenord-helt-enkelt")
    page.get_by_role("button", name="Logga in").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Något behöver rättas" in summary.inner_text()
    assert _focused(page)["id"] == "error-summary"
    assert_accessible(page, "login-error-wrong-password")


def test_empty_login_form_marks_both_fields_and_their_links_lead_to_them(page):
    page.goto("/logga-in/")
    page.get_by_role("button", name="Logga in").click()
    page.locator("#error-summary").wait_for()
    for field_id in ("id_username", "id_password"):
        assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    page.locator("#error-summary a[href='#id_password']").click()
    assert _focused(page)["id"] == "id_password"
    assert_accessible(page, "login-error-empty")


def test_repeated_failures_lock_the_account_with_an_accessible_explanation(page):
    # A username nobody has, so the lockout (username + IP) touches no demo user.
    for _ in range(6):
        page.goto("/logga-in/")
        page.get_by_label("Användarnamn").fill("ingen.sadan.person")
        page.get_by_label("Lösenord").fill("fel-lösenord-igen")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        if page.locator("h1", has_text="spärrat").count():
            break
    assert page.locator("h1").inner_text() == "Kontot är tillfälligt spärrat"
    assert_accessible(page, "login-locked-out")


def test_a_form_sent_without_its_csrf_cookie_gets_a_swedish_accessible_explanation(context):
    """What a user meets after leaving the login page open past a restart or sign-out."""
    page = context.new_page()
    page.goto("/logga-in/")
    context.clear_cookies()
    page.get_by_label("Användarnamn").fill("rapportor")
    page.get_by_label("Lösenord").fill("samsyn-demo-2027")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Formuläret har gått ut"
    assert_accessible(page, "login-csrf-expired")


def test_development_login_page_with_the_demo_user_list_passes_axe(
    page, client, settings, monkeypatch
):
    """`make run` shows the demo users on the login page (DEBUG only; the live server has
    DEBUG off): render it here with DEBUG on and check it in the browser with the real CSS."""
    settings.DEBUG = True
    # As `make run` has it: no identity provider configured. (Rendered without a database:
    # Playwright's event loop in this thread would make Django refuse a query.)
    monkeypatch.setattr(
        login_page,
        "LOGIN_PAGE_EXTRAS",
        [
            *(f for f in login_page.LOGIN_PAGE_EXTRAS if f is not login_page_providers),
            lambda: {"identity_providers": [], "local_password_login": "on"},
        ],
    )
    html = client.get("/logga-in/").content.decode()
    assert "Demoanvändare" in html
    page.goto("/logga-in/")  # same origin, so /static/… resolves against the live server
    page.set_content(html)
    assert page.locator("h2", has_text="Demoanvändare").is_visible()
    assert_accessible(page, "login-development-demo-users")


def test_signing_out_by_keyboard_returns_to_the_login_page(page, login):
    login(page, "chef2.boras", fresh=True)  # its own session: signing out ends it
    for _ in range(10):
        page.keyboard.press("Tab")
        if _focused(page)["text"] == "Logga ut":
            break
    assert _focused(page) == {"id": "", "tag": "BUTTON", "text": "Logga ut"}
    page.keyboard.press("Enter")
    page.wait_for_url("**/logga-in/")
    page.goto("/")
    assert "/logga-in/" in page.url  # the session is over
