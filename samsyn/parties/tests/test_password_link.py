"""The one-time link to choose one's own password: nobody sets another
person's password; the person sets it on a Swedish page that the e-mailed link opens."""

import re

import pytest
from django.core import mail

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.parties import services

STRONG = "Lång-och-Egen-Fras-2027"


@pytest.fixture
def link(personas, delivered):
    with delivered():
        services.password_link_send(
            actor=actor_for(personas["county_admin"]), person=personas["handler"]
        )
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/losenord/\S+/)", message.body).group(1)


def _open(client, link):
    response = client.get(link)
    assert response.status_code == 302  # the token moves into the session, off the URL
    return response["Location"]


def test_the_link_opens_a_swedish_page_and_the_person_chooses_a_password(client, link, personas):
    form_url = _open(client, link)
    page = client.get(form_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Välj ditt lösenord" in html and "handler" in html
    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302 and response["Location"] == "/losenord/klart/"
    handler = personas["handler"]
    handler.refresh_from_db()
    assert handler.check_password(STRONG)
    assert AuditEvent.objects.filter(
        action="parties.person.password_chosen", username="handler"
    ).exists()
    assert client.get("/losenord/klart/").status_code == 200


def test_a_weak_password_is_refused_on_the_page_with_the_reason(client, link, personas):
    form_url = _open(client, link)
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400  # a form shown again with errors
    assert "för kort" in response.content.decode()
    personas["handler"].refresh_from_db()
    assert not personas["handler"].check_password("12345678")


def test_the_link_works_only_once(client, link):
    form_url = _open(client, link)
    client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert "Länken fungerar inte" in again.content.decode()


def test_a_changed_email_address_voids_an_earlier_link(client, link, personas):
    services.person_update(
        actor=None, person=personas["handler"], data={"email": "annan@example.se"}
    )
    assert "Länken fungerar inte" in client.get(link, follow=True).content.decode()


def test_a_made_up_link_is_refused_without_an_error_page(client, db):
    response = client.get("/losenord/MTIzNDU2/abc-def/", follow=True)
    assert response.status_code == 200
    assert "Länken fungerar inte" in response.content.decode()
