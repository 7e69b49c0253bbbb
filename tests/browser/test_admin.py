"""The Django admin is where county administrators maintain the registry."""

import pytest

from tests.browser.helpers import screenshot

pytestmark = pytest.mark.browser


def test_county_administrator_reaches_the_admin_from_the_menu(page, login):
    login(page, "lansadmin")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Administration"
    ).click()
    page.wait_for_url("**/admin/")
    assert page.locator("#site-name").inner_text() == "Samsyn – administration"
    assert page.locator("h1").inner_text() == "Webbplatsadministration"
    assert page.get_by_role("link", name="Vårdgivare").count() >= 1
    screenshot(page, "admin-index-lansadmin")


def test_a_reporter_has_no_admin_link_and_is_sent_to_the_admin_login(page, login):
    login(page, "rapportor")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Administration").count() == 0
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    screenshot(page, "admin-refused-rapportor")
