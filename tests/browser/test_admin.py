"""The Django admin is for superusers only (issue 23 item 4): county administrators keep the
registry, people, documents, follow-up data and import profiles on the app's own pages, and
neither they nor anyone else without the superuser flag gets into /admin/."""

import pytest

from tests.browser.helpers import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["lansadmin", "admin.boras", "rapportor"])
def test_nobody_but_a_superuser_has_an_admin_link_or_gets_in(page, login, username):
    login(page, username)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Administration").count() == 0
    assert page.locator('a[href^="/admin/"]').count() == 0
    response = page.goto("/admin/parties/careprovider/")
    assert response is not None and response.status < 500
    assert "/admin/login/" in page.url
    screenshot(page, f"admin-refused-{username}")


def test_the_county_administrator_reaches_the_new_pages_from_the_menu(page, login):
    login(page, "lansadmin")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Indikatorer").click()
    page.wait_for_url("**/uppfoljning/installningar/")
    assert page.locator("h1").inner_text() == "Indikatorer och sista dag för reflektioner"
    page.goto("/personer/vardgivare/")
    assert page.get_by_role("heading", name="Länets patientsäkerhetsforum").count() == 1
    page.goto("/avtal/")
    assert page.get_by_role("link", name="Lägg till ett styrdokument").count() == 1
    page.goto("/historik/")
    assert page.get_by_role("link", name="Lägg till en importprofil").count() == 1
