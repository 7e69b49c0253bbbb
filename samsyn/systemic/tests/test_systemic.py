"""Systemic issues in cooperation (issue 19 item 5): coordinators group cases that share a
cause into one issue with an owner, forum, measures and follow-up; the member cases link to it,
and the parties' managers lift it to the ladder as one disagreement."""

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.core.access import actor_for
from samsyn.deviations import services as deviation_services
from samsyn.deviations.models import LiftedLevel, Status
from samsyn.deviations.tests.factories import deviation_in, document_make
from samsyn.disagreements.models import Category as DisagreementCategory
from samsyn.parties.models import CareProvider, CooperationArea, Membership, Role
from samsyn.parties.tests.factories import UserFactory, person
from samsyn.systemic import services
from samsyn.systemic.models import Forum, SystemicIssue
from samsyn.systemic.selectors import systemic_issues_visible_to


def _lifted(personas, boras, sas, document, level):
    deviation = deviation_in(
        Status.ACKNOWLEDGED,
        reporter=personas["reporter"],
        handler=personas["counterpart_handler"],
        reporting_provider=boras,
        counterpart_provider=sas,
        document=document,
    )
    return deviation_services.deviation_lift(
        actor=actor_for(personas["counterpart_handler"]),
        deviation=deviation,
        expected_version=deviation.version,
        level=level,
        reason="Läkemedelslistor saknas vid utskrivning, gång på gång.",
    )


@pytest.fixture
def world(personas, boras, sas):
    document = document_make()
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    area = CooperationArea.objects.get(members=boras.party)
    other_area = CooperationArea.objects.exclude(pk=area.pk).first()

    def coordinator(username, role, area=None):
        user = UserFactory(username=username)
        Membership.objects.create(user=user, provider=koncern, role=role, area=area)
        return user

    return {
        "county_cases": [
            _lifted(personas, boras, sas, document, LiftedLevel.COUNTY) for _ in range(2)
        ],
        "area_case": _lifted(personas, boras, sas, document, LiftedLevel.SUB_REGIONAL),
        "county": coordinator("lanssamordnare", Role.COUNTY_COORDINATOR),
        "here": coordinator("delreg.here", Role.SUBREGIONAL_COORDINATOR, area),
        "there": coordinator("delreg.there", Role.SUBREGIONAL_COORDINATOR, other_area),
        "area": area,
        "other_area": other_area,
        "manager": person(boras, Role.MANAGER_STEP1, username="chef.boras"),
        "owner": personas["counterpart_handler"],
    }


def _data(world, **overrides):
    values = {
        "title": "Läkemedelslistor saknas vid utskrivning från SÄS",
        "cause": "Utskrivningsrutinen saknar en kontroll av läkemedelslistan.",
        "owner": world["owner"],
        "forum": Forum.COUNTY,
        "area": None,
        "measures": "Checklista vid utskrivning.",
        "follow_up": "Följs upp i länets forum.",
        "deviations": world["county_cases"],
    }
    values.update(overrides)
    return services.SystemicIssueData(**values)


def test_a_county_coordinator_groups_lifted_cases_into_one_systemic_issue(world):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    assert set(issue.deviations.all()) == set(world["county_cases"])
    assert issue.owner == world["owner"] and issue.forum == Forum.COUNTY
    assert AuditEvent.objects.filter(action="systemic.issue.created", object_id=issue.pk).exists()
    assert list(world["county_cases"][0].systemic_issues.all()) == [issue]


def test_a_systemic_issue_without_an_owner_is_refused_on_the_field_and_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        services.systemic_issue_save(
            actor=actor_for(world["county"]), data=_data(world, owner=None)
        )
    assert exc.value.message_dict["owner"] == [str(services.OWNER_REQUIRED)]
    assert not SystemicIssue.objects.exists()


def test_the_sub_regional_group_needs_an_area_and_a_coordinator_only_their_own(world):
    here = actor_for(world["here"])
    with pytest.raises(ValidationError) as exc:
        services.systemic_issue_save(
            actor=here,
            data=_data(world, forum=Forum.SUB_REGIONAL, deviations=[world["area_case"]]),
        )
    assert "area" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.systemic_issue_save(
            actor=here,
            data=_data(
                world,
                forum=Forum.SUB_REGIONAL,
                area=world["other_area"],
                deviations=[world["area_case"]],
            ),
        )
    assert exc.value.message_dict["area"] == [str(services.AREA_NOT_YOURS)]
    issue = services.systemic_issue_save(
        actor=here,
        data=_data(
            world, forum=Forum.SUB_REGIONAL, area=world["area"], deviations=[world["area_case"]]
        ),
    )
    assert issue in systemic_issues_visible_to(here)
    assert issue not in systemic_issues_visible_to(actor_for(world["there"]))


def test_a_coordinator_groups_only_cases_they_see(world):
    with pytest.raises(ValidationError) as exc:
        services.systemic_issue_save(
            actor=actor_for(world["here"]),
            data=_data(world, forum=Forum.NOSAM, area=world["area"]),  # county-level cases
        )
    assert exc.value.message_dict["deviations"] == [str(services.CASE_NOT_VISIBLE)]


def test_only_coordinators_keep_systemic_issues(world, personas):
    with pytest.raises(PermissionDenied):
        services.systemic_issue_save(actor=actor_for(personas["analyst"]), data=_data(world))


def test_the_member_cases_page_links_to_the_issue(client, world):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    client.force_login(world["county"])
    page = client.get(world["county_cases"][0].get_absolute_url()).content.decode()
    assert issue.get_absolute_url() in page


def test_a_manager_lifts_the_issue_to_the_ladder_as_one_disagreement(world, sas):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    manager = actor_for(world["manager"])
    assert issue in systemic_issues_visible_to(manager)
    category = DisagreementCategory.objects.filter(is_active=True).first()
    disagreement = services.systemic_issue_lift(
        actor=manager, issue=issue, category=category, counterpart_provider=sas
    )
    issue.refresh_from_db()
    assert issue.disagreement == disagreement
    assert set(disagreement.deviations.all()) == set(world["county_cases"])
    assert disagreement.current_step == 1
    with pytest.raises(ValidationError):
        services.systemic_issue_lift(
            actor=manager, issue=issue, category=category, counterpart_provider=sas
        )


def test_a_coordinator_does_not_lift_to_the_ladder(world, sas):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    with pytest.raises(PermissionDenied):
        services.systemic_issue_lift(
            actor=actor_for(world["county"]),
            issue=issue,
            category=DisagreementCategory.objects.first(),
            counterpart_provider=sas,
        )


def test_the_form_refuses_an_issue_without_owner_in_swedish_and_keeps_the_text(client, world):
    client.force_login(world["county"])
    response = client.post(
        reverse("systemic:create"),
        {
            "title": "Läkemedelslistor saknas",
            "cause": "Rutinen saknas.",
            "forum": Forum.COUNTY,
            "deviations": [d.pk for d in world["county_cases"]],
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Välj vem som äger systemfelet." in page
    assert "Läkemedelslistor saknas" in page
    assert not SystemicIssue.objects.exists()


def test_the_form_saves_and_the_list_shows_it(client, world):
    client.force_login(world["county"])
    response = client.post(
        reverse("systemic:create"),
        {
            "title": "Läkemedelslistor saknas",
            "cause": "Rutinen saknas.",
            "forum": Forum.NOSAM,
            "owner": world["owner"].pk,
            "deviations": [d.pk for d in world["county_cases"]],
        },
    )
    issue = SystemicIssue.objects.get()
    assert response.status_code == 302 and response.url == issue.get_absolute_url()
    assert "Läkemedelslistor saknas" in client.get(reverse("systemic:list")).content.decode()
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_the_new_issue_form_sent_twice_creates_one_issue(client, world):
    client.force_login(world["county"])
    page = client.get(reverse("systemic:create")).content.decode()
    token = re.search(r'name="submission_token" value="([0-9a-f-]+)"', page).group(1)
    post = {
        "title": "Läkemedelslistor saknas",
        "cause": "Rutinen saknas.",
        "forum": Forum.NOSAM,
        "owner": world["owner"].pk,
        "deviations": [d.pk for d in world["county_cases"]],
        "submission_token": token,
    }
    first = client.post(reverse("systemic:create"), post)
    second = client.post(reverse("systemic:create"), post)
    issue = SystemicIssue.objects.get()
    assert first.url == second.url == issue.get_absolute_url()
    assert AuditEvent.objects.filter(action="systemic.issue.created").count() == 1


def test_another_persons_form_key_is_refused_not_saved_twice(world):
    data = _data(world, submission_token=uuid.uuid4())
    services.systemic_issue_save(actor=actor_for(world["county"]), data=data)
    other = UserFactory(username="lanssamordnare.tva")
    Membership.objects.create(
        user=other,
        provider=CareProvider.objects.get(name="Koncernkontoret"),
        role=Role.COUNTY_COORDINATOR,
    )
    with pytest.raises(ValidationError):
        services.systemic_issue_save(actor=actor_for(other), data=data)
    assert SystemicIssue.objects.count() == 1


@pytest.mark.parametrize("number", ["19121212-1212", "19121212–1212", "١٩١٢١٢١٢-١٢١٢"])
def test_a_personal_identity_number_in_the_cause_is_refused_and_nothing_saved(world, number):
    with pytest.raises(ValidationError) as exc:
        services.systemic_issue_save(
            actor=actor_for(world["county"]), data=_data(world, cause=f"Gäller {number}.")
        )
    assert "cause" in exc.value.message_dict
    assert not SystemicIssue.objects.exists()


def test_the_form_posted_twice_after_saving_changes_nothing_more(client, world):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    client.force_login(world["county"])
    post = {
        "title": issue.title,
        "cause": issue.cause,
        "forum": Forum.COUNTY,
        "owner": world["owner"].pk,
        "measures": "Ny checklista.",
        "deviations": [d.pk for d in world["county_cases"]],
    }
    for _ in range(2):
        assert client.post(reverse("systemic:edit", args=[issue.pk]), post).status_code == 302
    issue.refresh_from_db()
    assert issue.measures == "Ny checklista."
    assert SystemicIssue.objects.count() == 1


def test_a_manager_of_another_party_does_not_see_the_issue(client, world, skovde):
    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    stranger = person(skovde, Role.MANAGER_STEP1, username="chef.skovde")
    client.force_login(stranger)
    assert client.get(issue.get_absolute_url()).status_code == 404
    assert client.post(reverse("systemic:lift", args=[issue.pk]), {}).status_code == 404


def test_the_lift_sent_twice_lands_on_its_disagreement_and_lifts_once(client, world, sas):
    """A double click on "lift to the ladder" (or a second manager after the first) is led to
    the disagreement the issue already rests on, told so, instead of a 400 saying the same."""
    from samsyn.disagreements.models import Disagreement

    issue = services.systemic_issue_save(actor=actor_for(world["county"]), data=_data(world))
    category = DisagreementCategory.objects.filter(is_active=True).first()
    client.force_login(world["manager"])
    form = {"category": category.pk, "counterpart_provider": sas.pk}
    url = reverse("systemic:lift", args=[issue.pk])
    first = client.post(url, form)
    again = client.post(url, form, follow=True)
    issue.refresh_from_db()
    assert first.url == again.redirect_chain[0][0] == issue.disagreement.get_absolute_url()
    assert "Systemfelet är redan lyft till eskaleringstrappan." in again.content.decode()
    assert Disagreement.objects.count() == 1
