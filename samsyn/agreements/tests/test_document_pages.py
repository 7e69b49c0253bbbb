"""The county administrator adds and changes governing documents and their sections in the app
(issue 23 item 4), no longer in the Django admin; when a document applies stays its versions'."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samsyn.agreements import services
from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.deviations.tests.factories import document_make
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "code": "rutin–lakemedel",
    "kind": "routine",
    "title": "Rutin för läkemedelsöverföring",
    "owner": "Regionala rådet",
    "answer_days": "60",
}


def test_the_county_administrator_adds_a_document_and_a_section(client, personas, boras):
    client.force_login(personas["county_admin"])
    assert client.get(reverse("agreements:document_create")).status_code == 200
    response = client.post(reverse("agreements:document_create"), DOCUMENT)
    assert response.status_code == 302
    document = GoverningDocument.objects.get(code="RUTIN-LAKEMEDEL")  # en dash read as hyphen
    assert (document.county, document.kind, document.answer_days) == (
        boras.party.county,
        "routine",
        60,
    )
    assert AuditEvent.objects.filter(action="agreements.document.created").exists()
    section_url = reverse("agreements:section_create", args=[document.code])
    assert client.post(section_url, {"number": "4.2", "title": "Överföring"}).status_code == 302
    again = client.post(section_url, {"number": "4.2", "title": "Överföring"})  # double submit
    assert again.status_code == 400
    assert str(services.SECTION_NUMBER_TAKEN) in again.content.decode()
    section = DocumentSection.objects.get(document=document)
    edit = reverse("agreements:section_edit", args=[document.code, section.pk])
    assert client.post(edit, {"number": "4.3", "title": "Överföring av listan"}).status_code == 302
    section.refresh_from_db()
    assert (section.number, section.title) == ("4.3", "Överföring av listan")
    page = client.get(reverse("agreements:document", args=[document.code])).content.decode()
    assert "Överföring av listan" in page and section_url in page


def test_changing_a_document_keeps_its_code_and_records_the_change(client, personas):
    document = document_make()
    parent = document_make(code="HUVUD")
    client.force_login(personas["county_admin"])
    url = reverse("agreements:document_edit", args=[document.code])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            **DOCUMENT,
            "code": "ANNAN",
            "title": "Ny rubrik",
            "parent": parent.pk,
            "description": "Gäller 19121212–1212",
        },
    )
    assert response.status_code == 400  # a personnummer in the description
    response = client.post(
        url, {**DOCUMENT, "code": "ANNAN", "title": "Ny rubrik", "parent": parent.pk}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.code, document.title, document.parent) == ("TEST-RUTIN", "Ny rubrik", parent)
    changed = AuditEvent.objects.get(action="agreements.document.changed").data
    assert changed["after"]["parent_id"] == parent.pk
    # The parent cannot be made to belong to its own child.
    loop = client.post(
        reverse("agreements:document_edit", args=[parent.code]),
        {**DOCUMENT, "kind": "routine", "parent": document.pk},
    )
    assert loop.status_code == 400
    assert str(services.DOCUMENT_PARENT_LOOP) in loop.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"code": ""},
        {"title": ""},
        {"code": "TEST-RUTIN"},
        {"code": "med mellanslag"},
        {"title": "19121212–1212"},
        {"answer_days": "0"},
        {"kind": "nonsense"},
    ],
    ids=["empty-code", "empty-title", "code-taken", "code-space", "personnummer", "days", "kind"],
)
def test_the_document_form_refuses_what_it_cannot_keep_with_a_400(client, personas, changes):
    document_make()
    before = GoverningDocument.objects.count()
    client.force_login(personas["county_admin"])
    response = client.post(reverse("agreements:document_create"), {**DOCUMENT, **changes})
    assert response.status_code == 400
    assert GoverningDocument.objects.count() == before


def test_full_width_digits_in_the_code_are_read_as_digits(client, personas):
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("agreements:document_create"), {**DOCUMENT, "code": "HSA-２０３０"}
    )
    assert response.status_code == 302
    assert GoverningDocument.objects.filter(code="HSA-2030").exists()


def test_others_are_refused_and_another_county_cannot_be_written(
    client, personas, boras, make_person, varmland
):
    document = document_make()
    foreign = GoverningDocument.objects.create(
        county=varmland["county"], code="V-RUTIN", kind="routine", title="Värmlands rutin"
    )
    before = GoverningDocument.objects.count()
    with pytest.raises(PermissionDenied):
        services.document_save(
            actor=actor_for(personas["county_admin"]), document=foreign, data={"title": "X"}
        )
    with pytest.raises(PermissionDenied):
        services.document_section_save(
            actor=actor_for(personas["county_admin"]),
            section=DocumentSection(document=foreign),
            number="1",
            title="X",
        )
    client.force_login(personas["county_admin"])
    assert client.get(reverse("agreements:document_edit", args=["V-RUTIN"])).status_code == 404
    for person in (
        personas["reporter"],
        make_person(boras, Role.ADMINISTRATOR, username="admin.boras"),
    ):
        client.force_login(person)
        assert client.post(reverse("agreements:document_create"), DOCUMENT).status_code == 403
        url = reverse("agreements:section_create", args=[document.code])
        assert client.post(url, {"number": "9", "title": "X"}).status_code == 403
    assert GoverningDocument.objects.count() == before
    assert DocumentSection.objects.filter(document=document).count() == 1
