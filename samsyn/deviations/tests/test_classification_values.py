"""County administrators keep the classification's values in the app (issue 23 item 4): add a
value, rename it, retire it and bring it back; never delete one that cases use."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.deviations import services
from samsyn.deviations.forms import ReportForm
from samsyn.deviations.models import Category, Cause, PatientConsequence
from samsyn.deviations.services.guidance import LAST_ACTIVE_VALUE, NAME_TAKEN
from samsyn.disagreements.models import Category as DisagreementCategory


def _messages(exc_info) -> dict:
    return {k: v[0] for k, v in exc_info.value.message_dict.items()}


def test_a_county_administrator_adds_a_value_that_can_be_chosen_at_once(actors):
    value = services.classification_value_add(
        actor=actors["county_admin"],
        model=Cause,
        data={
            "name": "  Journalsystemet nere ",
            "description": "Driftstopp.",
            "examples": "a\n\nb",
        },
    )
    assert value.name == "Journalsystemet nere"
    assert value.is_active and value.example_list == ["a", "b"]
    event = AuditEvent.objects.get(action="deviations.classification.value_added")
    assert event.data["name"] == "Journalsystemet nere"
    assert event.data["kind"] == "deviations.cause"


def test_adding_a_name_that_exists_is_refused_on_the_name(actors):
    with pytest.raises(ValidationError) as refused:
        services.classification_value_add(
            actor=actors["county_admin"], model=Category, data={"name": "SIP"}
        )
    assert _messages(refused) == {"name": str(NAME_TAKEN)}


def test_only_a_county_administrator_changes_the_classification(actors):
    with pytest.raises(PermissionDenied):
        services.classification_value_add(
            actor=actors["handler"], model=Category, data={"name": "Ny"}
        )
    with pytest.raises(PermissionDenied):
        services.classification_value_update(
            actor=actors["reporter"], value=Category.objects.get(name="SIP"), data={"name": "X"}
        )


def _offered(boras) -> set[int]:
    form = ReportForm(providers=[boras], county=boras.party.county_id, initial={})
    return {pk for pk, _name in form.fields["category"].choices if pk}


def test_a_retired_value_is_not_offered_but_stays_on_old_cases_and_can_come_back(
    actors, case_in, boras
):
    case = case_in("sent")
    value = case.category
    assert value.pk in _offered(boras)
    services.classification_value_update(
        actor=actors["county_admin"], value=value, data={"is_active": False}
    )
    assert value.pk not in _offered(boras)
    case.refresh_from_db()
    assert case.category == value
    services.classification_value_update(
        actor=actors["county_admin"], value=value, data={"is_active": True}
    )
    value.refresh_from_db()
    assert value.is_active
    trail = AuditEvent.objects.filter(action="deviations.classification.value_changed")
    assert trail.count() == 2


def test_the_last_value_of_a_kind_that_can_be_chosen_cannot_be_retired(actors):
    *others, last = list(Cause.objects.filter(is_active=True))
    Cause.objects.filter(pk__in=[o.pk for o in others]).update(is_active=False)
    with pytest.raises(ValidationError) as refused:
        services.classification_value_update(
            actor=actors["county_admin"], value=last, data={"is_active": False}
        )
    assert _messages(refused) == {"is_active": str(LAST_ACTIVE_VALUE)}


def test_renaming_to_another_values_name_is_refused_and_changes_nothing(actors):
    value = Category.objects.exclude(name="SIP").first()
    before = value.name
    with pytest.raises(ValidationError) as refused:
        services.classification_value_update(
            actor=actors["county_admin"], value=value, data={"name": "SIP"}
        )
    assert _messages(refused) == {"name": str(NAME_TAKEN)}
    value.refresh_from_db()
    assert value.name == before


def test_a_disagreement_category_is_renamed_and_retired_on_the_same_page(client, personas):
    category = DisagreementCategory.objects.create(name="Testkategori")
    DisagreementCategory.objects.get_or_create(name="Läkaransvar")
    client.force_login(personas["county_admin"])
    url = reverse("deviations:guidance_edit", args=["oenighetskategori", category.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' in page and 'name="description"' not in page
    assert client.post(url, {"name": "Testkategori, omdöpt"}).status_code == 302
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("Testkategori, omdöpt", False)


def test_the_add_page_adds_a_patient_consequence_with_its_severity(client, personas):
    client.force_login(personas["county_admin"])
    url = reverse("deviations:guidance_create", args=["patientkonsekvens"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Allvarlig skada", "severity": "٤"})
    assert response.status_code == 302
    assert PatientConsequence.objects.get(name="Allvarlig skada").severity == 4


@pytest.mark.parametrize(
    "name", ["19121212-1212", "Patient 19121212–1212", ""], ids=["pnr", "en-dash", "empty"]
)
def test_the_add_page_refuses_a_name_it_cannot_keep_and_shows_the_text_again(
    client, personas, name
):
    client.force_login(personas["county_admin"])
    url = reverse("deviations:guidance_create", args=["kategori"])
    response = client.post(url, {"name": name, "description": "Behåll mig"})
    assert response.status_code == 400
    assert "Behåll mig" in response.content.decode()
    assert not Category.objects.filter(description="Behåll mig").exists()


def test_the_add_and_change_pages_answer_403_to_other_roles_and_404_to_an_unknown_kind(
    client, personas
):
    client.force_login(personas["handler"])
    assert client.post(reverse("deviations:guidance_create", args=["kategori"])).status_code == 403
    client.force_login(personas["county_admin"])
    assert client.get(reverse("deviations:guidance_create", args=["okand"])).status_code == 404


def test_a_name_taken_at_the_same_moment_is_a_message_on_the_name_not_a_server_error(db):
    from samsyn.core.services import saved_unless_taken

    # What the second of two simultaneous adds meets once the first has committed: the
    # database refuses the row after the service's own check has passed.
    with pytest.raises(ValidationError) as refused:
        saved_unless_taken(
            lambda: Category.objects.create(name="SIP"), field="name", message=NAME_TAKEN
        )
    assert _messages(refused) == {"name": str(NAME_TAKEN)}
    assert Category.objects.filter(name="SIP").count() == 1
