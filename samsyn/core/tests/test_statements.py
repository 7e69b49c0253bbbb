"""The statements the law asks for: an accessibility statement (DOS-lagen) and a privacy
notice, readable without signing in, linked from every footer, edited by county
administrators into the trail."""

import pytest

from samsyn.audit.models import AuditEvent
from samsyn.core.models import Statement
from samsyn.core.statements import statement_blocks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/tillganglighet/", "Rapportera brister i Samsyns tillgänglighet"),
        ("/tillganglighet/", "https://www.digg.se/tdosanmalan"),
        ("/personuppgifter/", "Hur länge sparas uppgifterna?"),
        ("/personuppgifter/", "Integritetsskyddsmyndigheten"),
    ],
)
def test_the_statements_are_readable_without_signing_in(client, url, text):
    response = client.get(url)

    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("url", ["/logga-in/", "/", "/tillganglighet/"])
def test_every_footer_links_both_statements_also_on_the_sign_in_page(client, personas, url):
    if url == "/":
        client.force_login(personas["reporter"])
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]

    assert 'href="/tillganglighet/"' in footer
    assert 'href="/personuppgifter/"' in footer


def test_a_county_administrator_changes_the_text_and_the_trail_records_it(client, personas):
    client.force_login(personas["county_admin"])
    statement = Statement.objects.get(kind=Statement.Kind.ACCESSIBILITY)
    page = client.get("/tillganglighet/").content.decode()
    assert 'href="/tillganglighet/andra/"' in page

    response = client.post(
        "/tillganglighet/andra/",
        {
            "title": "Tillgänglighet",
            "body": "## Kontakt\nSkriv till oss.\n\n- en\n- två",
            "version": statement.version,
        },
    )

    assert response.status_code == 302
    html = client.get("/tillganglighet/").content.decode()
    assert "<h2>Kontakt</h2>" in html and "<li>två</li>" in html
    assert AuditEvent.objects.filter(action="core.statement.changed").exists()


def test_others_cannot_change_a_statement(client, personas):
    client.force_login(personas["reporter"])

    assert 'href="/tillganglighet/andra/"' not in client.get("/tillganglighet/").content.decode()
    assert client.post("/tillganglighet/andra/", {"title": "x", "body": "y"}).status_code == 403


def test_a_change_made_by_someone_else_meanwhile_is_not_overwritten(client, personas):
    client.force_login(personas["county_admin"])
    statement = Statement.objects.get(kind=Statement.Kind.PRIVACY)
    old = statement.version
    Statement.objects.filter(pk=statement.pk).update(version=old + 1)

    response = client.post(
        "/personuppgifter/andra/", {"title": "Ny", "body": "Ny text", "version": old}
    )

    assert response.status_code == 400
    assert Statement.objects.get(pk=statement.pk).title != "Ny"


def test_a_personal_identity_number_in_the_text_is_refused(client, personas):
    client.force_login(personas["county_admin"])
    statement = Statement.objects.get(kind=Statement.Kind.PRIVACY)

    response = client.post(
        "/personuppgifter/andra/",
        {"title": "Ny", "body": "Patient 19121212-1212", "version": statement.version},
    )

    assert response.status_code == 400
    assert "19121212-1212" in response.content.decode()  # what was typed is kept


def test_the_text_is_shown_escaped_in_blocks():
    blocks = statement_blocks("## Rubrik\nEtt <b>stycke</b>\nfortsätter\n\n- a\n- b")

    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("heading", "Rubrik", []),
        ("paragraph", "Ett <b>stycke</b> fortsätter", []),
        ("list", "", ["a", "b"]),
    ]
