"""The Django admin is for superusers only (issue 23 item 4): county and party administrators
work on the app's own pages, and the admin refuses them (its login page, never a 5xx)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samsyn.parties.models import CareProvider, Role

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/parties/careprovider/",
    "/admin/parties/careprovider/add/",
    "/admin/agreements/governingdocument/",
    "/admin/deviations/category/",
    "/admin/followup/indicator/",
    "/admin/history/importprofile/",
    "/admin/axes/accessattempt/",
]


@pytest.fixture
def administrators(personas, boras, make_person):
    """The county administrator (lansadmin in the demo) and a municipality's (admin.boras)."""
    return {
        "county": personas["county_admin"],
        "municipality": make_person(boras, Role.ADMINISTRATOR, username="admin.boras"),
    }


@pytest.mark.parametrize("who", ["county", "municipality"])
def test_administrators_are_refused_by_the_django_admin(client, administrators, who):
    client.force_login(administrators[who])
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    before = CareProvider.objects.count()
    response = client.post(
        "/admin/parties/careprovider/add/",
        {"party": CareProvider.objects.first().party_id, "name": "Smygvägen", "kind": "private"},
    )
    assert response.status_code == 302
    assert CareProvider.objects.count() == before
    # The login page says they are signed in but not allowed, and lets nobody through.
    page = client.get(reverse("admin:login"))
    assert page.status_code == 200
    assert administrators[who].username in page.content.decode()


def test_an_administrator_signing_in_on_the_admins_form_is_not_let_in(client, administrators):
    person = administrators["county"]
    person.set_password("ett-langt-losenord-2027")
    person.save()
    response = client.post(
        reverse("admin:login"), {"username": person.username, "password": "ett-langt-losenord-2027"}
    )
    assert response.status_code == 200  # the form again, with the admin's "staff only" error
    assert client.get("/admin/").status_code == 302


def test_a_superuser_gets_in(client, reference_data):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-9-long-pass")
    client.force_login(root)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_the_menu_links_to_the_admin_for_superusers_only(client, administrators, reference_data):
    client.force_login(administrators["county"])
    start = client.get(reverse("core:start")).content.decode()
    assert reverse("admin:index") not in start
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-9-long-pass")
    client.force_login(root)
    assert reverse("admin:index") in client.get(reverse("core:start")).content.decode()
