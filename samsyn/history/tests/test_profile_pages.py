"""The county administrator keeps the import profiles in the app (issue 23 item 4): a profile's
name, which of the old system's columns holds each column of the layout, what its words mean."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.history import services
from samsyn.history.mapping import RowReader
from samsyn.history.models import ImportProfile, ValueMapping
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db


def test_the_county_administrator_adds_a_profile_and_maps_its_columns_and_words(client, personas):
    client.force_login(personas["county_admin"])
    assert client.get(reverse("history:profile_create")).status_code == 200
    response = client.post(reverse("history:profile_create"), {"name": " Flexite "})
    assert response.status_code == 302
    profile = ImportProfile.objects.get(name="Flexite")
    url = reverse("history:profile", args=[profile.pk])
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "columns", "source_id": "Ärendenr", "title": "Rubrik1"})
    assert response.status_code == 302
    reader = RowReader(profile)
    assert reader.columns == {"source_id": "Ärendenr", "title": "Rubrik1"}
    response = client.post(
        url,
        {
            "form": "value",
            "kind": "category",
            "source_value": "Läkemedel",
            "target": "Läkemedel och läkemedelshantering",
        },
    )
    assert response.status_code == 302
    again = client.post(  # the same word again changes its meaning, one row
        url, {"form": "value", "kind": "category", "source_value": "läkemedel", "target": ""}
    )
    assert again.status_code == 302
    mapping = ValueMapping.objects.get(profile=profile)
    assert (mapping.source_value, mapping.target) == ("Läkemedel", "")
    assert client.post(url, {"form": "name", "name": "Flexite 2"}).status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Flexite 2"
    remove = reverse("history:value_remove", args=[profile.pk, mapping.pk])
    assert client.post(remove).status_code == 302
    assert not ValueMapping.objects.exists()
    assert set(
        AuditEvent.objects.filter(action__startswith="history.").values_list("action", flat=True)
    ) == {
        "history.profile.added",
        "history.profile.renamed",
        "history.profile.columns_changed",
        "history.value_mapping.saved",
        "history.value_mapping.removed",
    }


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"form": "name", "name": ""},
        {"form": "name", "name": "19121212–1212"},
        {"form": "columns", "title": "Rubrik", "description": "rubrik"},
        {"form": "value", "kind": "category", "source_value": ""},
        {"form": "value", "kind": "nonsense", "source_value": "x"},
        {"form": "value", "kind": "category", "source_value": "121212–1212"},
    ],
    ids=[
        "no-form",
        "empty-name",
        "personnummer",
        "column-twice",
        "empty-value",
        "kind",
        "pnr-value",
    ],
)
def test_the_profile_page_refuses_what_it_cannot_keep_with_a_400(client, personas, profile, data):
    client.force_login(personas["county_admin"])
    response = client.post(reverse("history:profile", args=[profile.pk]), data)
    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.name == "MedControl PRO"
    assert not profile.columns.exists() and not profile.values.exists()


def test_a_second_profile_with_the_same_name_is_refused(client, personas, profile):
    client.force_login(personas["county_admin"])
    response = client.post(reverse("history:profile_create"), {"name": "medcontrol pro"})
    assert response.status_code == 400
    assert str(services.PROFILE_NAME_TAKEN) in response.content.decode()
    assert ImportProfile.objects.count() == 1


def test_others_are_refused_and_another_countys_profile_is_404(
    client, personas, profile, make_person, boras, varmland
):
    foreign = ImportProfile.objects.create(county=varmland["county"], name="Värmlands system")
    client.force_login(personas["county_admin"])
    assert client.get(reverse("history:profile", args=[foreign.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.import_profile_save(
            actor=actor_for(personas["county_admin"]), profile=foreign, name="X"
        )
    for person in (
        personas["analyst"],
        make_person(boras, Role.ADMINISTRATOR, username="admin.boras"),
    ):
        client.force_login(person)
        url = reverse("history:profile", args=[profile.pk])
        assert client.post(url, {"form": "name", "name": "X"}).status_code == 403
        assert client.post(reverse("history:profile_create"), {"name": "X"}).status_code == 403
    profile.refresh_from_db()
    assert profile.name == "MedControl PRO"
