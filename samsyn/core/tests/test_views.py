import re

import pytest
from django.urls import reverse

from samsyn.parties.models import Role
from samsyn.parties.tests.factories import TEST_PASSWORD


def test_anonymous_visitor_is_sent_to_the_swedish_login_page(client, db):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in i Samsyn" in html


def test_login_page_has_landmarks_skip_link_and_labelled_fields(client, db):
    html = client.get(reverse("login")).content.decode()
    assert re.search(r"<header\b", html) and re.search(r"<main\b[^>]*id=\"main\"", html)
    assert 'href="#main"' in html
    for field in ("id_username", "id_password"):
        assert f'<label class="label" for="{field}"' in html


def test_wrong_password_shows_an_error_summary(client, personas):
    response = client.post(reverse("login"), {"username": "reporter", "password": "fel"})
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "användarnamn" in html.lower()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_signs_in_and_sees_a_swedish_start_page_naming_the_role(client, boras, role):
    from samsyn.parties.tests.factories import person

    user = person(boras, role, username=f"user-{role}")
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert str(Role(role).label) in html
    assert "Borås Stad" in html


@pytest.mark.parametrize("name", ["reporter", "handler", "analyst", "county_admin"])
def test_no_role_reaches_the_admin(client, personas, name):
    # The Django admin is for superusers only (issue 23 item 4; core/tests/test_admin_site.py).
    client.force_login(personas[name])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_page_carries_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_styled_form_validates_against_choices_narrowed_after_init():
    """A form that narrows its choices in __init__ must refuse what it narrowed away."""
    from django import forms

    from samsyn.core.forms import StyledFormMixin

    class NarrowedForm(StyledFormMixin, forms.Form):
        provider = forms.ChoiceField(choices=[("1", "Egen"), ("2", "Annans")])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["provider"].choices = [("1", "Egen")]

    form = NarrowedForm({"provider": "2"})
    assert not form.is_valid()
    assert form.fields["provider"].widget.attrs["aria-invalid"] == "true"
    assert NarrowedForm({"provider": "1"}).is_valid()


def test_the_about_page_is_for_people_signed_in(client, personas):
    assert client.get(reverse("core:about")).status_code == 302
    client.force_login(personas["reporter"])
    response = client.get(reverse("core:about"))
    assert response.status_code == 200
    assert "<h1>Om Samsyn</h1>" in response.content.decode()


def test_a_party_administrator_is_told_where_to_go_not_that_nothing_is_built(client, boras):
    from samsyn.parties.tests.factories import person

    admin = person(boras, Role.ADMINISTRATOR, username="party-admin")
    client.force_login(admin)
    html = client.get(reverse("core:start")).content.decode()
    assert "ännu inte byggd" not in html
    assert "Personer och roller som du administrerar" in html
    assert f'href="{reverse("agreements:documents")}"' in html


def test_a_party_administrator_sees_the_people_and_roles_they_manage_on_the_start_page(
    client, boras
):
    from samsyn.parties.tests.factories import person

    admin = person(boras, Role.ADMINISTRATOR, username="party-admin")
    person(boras, Role.REPORTER, username="someone")
    client.force_login(admin)
    html = client.get(reverse("core:start")).content.decode()
    assert "Personer och roller som du administrerar" in html
    assert "2 personer, 2 roller" in html
    assert f'href="{reverse("parties:people")}"' in html
    assert f'href="{reverse("parties:invite")}"' in html


def test_a_reporter_gets_no_administrator_section(client, personas):
    client.force_login(personas["reporter"])
    html = client.get(reverse("core:start")).content.decode()
    assert "Personer och roller som du administrerar" not in html
