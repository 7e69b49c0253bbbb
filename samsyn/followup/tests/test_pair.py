"""The view of a region–municipality pair and of a cooperation area (issue 19 item 6): its
figures from the services' own data, who may see it, and the same figures over the API."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from samsyn.core.access import actor_for, can
from samsyn.deviations import services as deviation_services
from samsyn.deviations.models import EventType, Measure
from samsyn.deviations.tests.factories import document_make, report_data
from samsyn.disagreements.models import EconomicSettlement
from samsyn.disagreements.tests.factories import escalate, open_case, settle, settle_confirmed
from samsyn.followup.selectors import (
    PERMISSION,
    area_scope,
    pair_figures,
    pair_scope,
    pairs_visible_to,
    sub_region_scope,
    sub_regions_visible_to,
)
from samsyn.parties.models import CareProvider, CooperationArea, Party, Role, SubRegion

TODAY = timezone.localdate()


def _report(reporter, *, reporting, counterpart, document, days_ago=3, **overrides):
    return deviation_services.deviation_report(
        actor=actor_for(reporter),
        report=report_data(
            reporting_provider=reporting,
            counterpart_provider=counterpart,
            document=document,
            event_date=TODAY - datetime.timedelta(days=days_ago),
            **overrides,
        ),
    )


@pytest.fixture
def pair_cases(boras, sas, skovde, make_person, ladder):
    """Borås ↔ the region: three reports from Borås (one a year ago, one good cooperation), one
    from the hospital, an open measure that is overdue, a disagreement at step 1 and a settled
    dispute; and a Skövde case that is not the pair's."""
    document = document_make()
    boras_nurse = make_person(boras, Role.REPORTER, username="nurse.pair")
    sas_nurse = make_person(sas, Role.REPORTER, username="sas.nurse.pair")
    skovde_nurse = make_person(skovde, Role.REPORTER, username="skovde.nurse.pair")
    first = _report(boras_nurse, reporting=boras, counterpart=sas, document=document)
    _report(boras_nurse, reporting=boras, counterpart=sas, document=document, days_ago=400)
    _report(
        boras_nurse,
        reporting=boras,
        counterpart=sas,
        document=document,
        event_type=EventType.GOOD_COOPERATION,
        patient_consequence=None,
        psychological_consequence=None,
        potential_consequence=None,
        organisation_consequence=None,
        proposed_measure="",
    )
    _report(sas_nurse, reporting=sas, counterpart=boras, document=document)
    _report(skovde_nurse, reporting=skovde, counterpart=sas, document=document)
    Measure.objects.create(
        deviation=first,
        owner_provider=sas,
        description="Kontrollpunkt för läkemedelslistan.",
        due_date=TODAY - datetime.timedelta(days=1),
        created_by=boras_nurse,
    )
    open_case(ladder["boras1"], boras, sas, title="Betalningsansvar efter utskrivning")
    dispute = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    settle_confirmed(
        ladder["boras3"],
        dispute,
        confirmer=ladder["sas3"],
        payer=sas.party,
        payee=boras.party,
        amount=Decimal("305700.00"),
    )
    # A settlement one party has proposed and the other not yet confirmed binds nobody.
    pending = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    settle(ladder["boras3"], pending, payer=sas.party, payee=boras.party)
    return {"document": document}


def test_the_pair_counts_the_cases_in_both_directions_and_nothing_else(pair_cases, boras, personas):
    figures = pair_figures(
        actor_for(personas["analyst"]), pair_scope(municipality=boras.party), today=TODAY
    )
    from_boras, from_region = figures.directions
    assert sum(from_boras.by_year) == 2  # the good cooperation report is counted apart
    assert from_boras.by_year[-1] + from_boras.by_year[-2] == 2
    assert from_boras.good_cooperation == 1
    assert from_boras.open_now == 2
    assert sum(from_region.by_year) == 1  # the hospital's report; Skövde's is not the pair's
    assert from_boras.top_categories == [("Läkemedel i vårdens övergångar", 1)]
    assert sum(q["from_municipality"] for q in figures.quarters) == 2
    assert sum(q["from_region"] for q in figures.quarters) == 1


def test_the_pair_shows_open_and_overdue_measures_by_responsible_principal(
    pair_cases, boras, personas
):
    figures = pair_figures(
        actor_for(personas["analyst"]), pair_scope(municipality=boras.party), today=TODAY
    )
    assert (figures.measures_open, figures.measures_overdue) == (1, 1)
    assert figures.measures_by_owner == [
        {"party": "Västra Götalandsregionen", "open": 1, "overdue": 1}
    ]


def test_the_pair_shows_disagreements_by_step_and_only_confirmed_settlements(
    pair_cases, boras, personas
):
    figures = pair_figures(
        actor_for(personas["analyst"]), pair_scope(municipality=boras.party), today=TODAY
    )
    assert figures.disagreements_by_step == {1: 1, 2: 0, 3: 1}
    assert [row["step"] for row in figures.disagreement_rows] == [1, 3]
    assert figures.disagreement_rows[0]["title"] == "Betalningsansvar efter utskrivning"
    confirmed = EconomicSettlement.objects.get(confirmed_at__isnull=False)
    assert figures.settlements_by_year == [
        {"year": confirmed.decided_on.year, "count": 1, "total": Decimal("305700")}
    ]
    assert figures.regimes[0].party == boras.party


def test_an_area_gathers_its_municipalities_and_not_others(pair_cases, personas):
    area = CooperationArea.objects.get(name="Södra Älvsborg")
    figures = pair_figures(actor_for(personas["analyst"]), area_scope(area=area), today=TODAY)
    assert "Borås Stad" in [m.name for m in figures.scope.municipalities]
    assert "Skövde kommun" not in [m.name for m in figures.scope.municipalities]
    assert sum(figures.directions[0].by_year) == 2
    assert len(figures.regimes) == len(figures.scope.municipalities)
    # Municipalities governed alike are named together once.
    grouped = [name for group in figures.regime_groups for name in group["parties"]]
    assert sorted(grouped) == sorted(m.name for m in figures.scope.municipalities)
    assert len(figures.regime_groups) < len(figures.regimes)


def test_a_sub_region_gathers_its_municipalities_in_both_directions_and_not_others(
    pair_cases, boras, skovde, personas
):
    sjuharad = SubRegion.objects.get(pk=boras.party.sub_region_id)
    figures = pair_figures(
        actor_for(personas["analyst"]), sub_region_scope(sub_region=sjuharad), today=TODAY
    )
    names = [m.name for m in figures.scope.municipalities]
    assert "Borås Stad" in names and "Skövde kommun" not in names
    assert set(names) == set(
        Party.objects.filter(sub_region=sjuharad, kind=Party.Kind.MUNICIPALITY).values_list(
            "name", flat=True
        )
    )
    from_municipalities, from_region = figures.directions
    assert from_municipalities.label == "Kommunerna har rapporterat till regionen"
    assert sum(from_municipalities.by_year) == 2  # Borås' two; good cooperation apart
    assert sum(from_region.by_year) == 1  # the hospital's; Skövde's case is not the sub-region's
    assert figures.disagreements_by_step == {1: 1, 2: 0, 3: 1}
    assert figures.scope.title == f"Västra Götalandsregionen – {sjuharad.name}"


def test_a_sub_region_is_read_by_the_county_and_the_region_not_by_one_area_or_municipality(
    reference_data, boras, sas, make_person, personas
):
    sjuharad = SubRegion.objects.get(pk=boras.party.sub_region_id)
    coordinator = make_person(boras, Role.SUBREGIONAL_COORDINATOR, username="samordnare.sr")
    membership = coordinator.memberships.get()
    membership.area = CooperationArea.objects.get(name="Södra Älvsborg")
    membership.save()
    expected = {
        personas["analyst"]: True,
        make_person(sas, Role.MANAGER_STEP2, username="chef.sas.sr"): True,
        coordinator: False,
        make_person(boras, Role.MANAGER_STEP1, username="chef.boras.sr"): False,
        personas["reporter"]: False,
    }
    for person, allowed in expected.items():
        actor = actor_for(person)
        assert can(actor, PERMISSION, sub_region_scope(sub_region=sjuharad)) == allowed, person
        # The list offers exactly what the check lets through.
        assert (sjuharad in sub_regions_visible_to(actor)) == allowed, person


def test_the_sub_region_page_and_api_show_its_figures_and_refuse_others(
    client, pair_cases, boras, make_person, personas
):
    sjuharad = SubRegion.objects.get(pk=boras.party.sub_region_id)
    client.force_login(personas["analyst"])
    index = client.get("/uppfoljning/par/").content.decode()
    assert f'href="/uppfoljning/delregion/{sjuharad.pk}/"' in index
    page = client.get(f"/uppfoljning/delregion/{sjuharad.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "kommunerna i delregionen" in text and "Borås Stad" in text
    body = client.get(f"/api/v1/followup/sub-regions/{sjuharad.pk}").json()
    assert body["sub_region_id"] == sjuharad.pk and body["area_id"] is None
    assert sum(body["deviations"][0]["by_year"].values()) == 2
    client.force_login(make_person(boras, Role.MANAGER_STEP1, username="chef.boras.srp"))
    assert client.get(f"/uppfoljning/delregion/{sjuharad.pk}/").status_code == 404
    assert client.get(f"/api/v1/followup/sub-regions/{sjuharad.pk}").status_code == 404
    assert client.get("/uppfoljning/delregion/999999/").status_code == 404


def test_who_may_see_which_pair(reference_data, boras, sas, skovde, make_person, personas):
    boras_party, skovde_party = boras.party, skovde.party
    area = CooperationArea.objects.get(name="Södra Älvsborg")
    coordinator = make_person(boras, Role.SUBREGIONAL_COORDINATOR, username="samordnare.t")
    membership = coordinator.memberships.get()
    membership.area = area
    membership.save()
    people = {
        "analyst": personas["analyst"],
        "coordinator": coordinator,
        "boras_manager": make_person(boras, Role.MANAGER_STEP1, username="chef.boras.pair"),
        "region_manager": make_person(sas, Role.MANAGER_STEP2, username="chef.sas.pair"),
        "reporter": personas["reporter"],
        "handler": personas["handler"],
        "county_admin": personas["county_admin"],
    }
    expected = {
        # (Borås pair, Skövde pair, the area)
        "analyst": (True, True, True),
        "coordinator": (True, False, True),
        "boras_manager": (True, False, False),
        "region_manager": (True, True, True),
        "reporter": (False, False, False),
        "handler": (False, False, False),
        "county_admin": (False, False, False),
    }
    for name, person in people.items():
        actor = actor_for(person)
        seen = (
            can(actor, PERMISSION, pair_scope(municipality=boras_party)),
            can(actor, PERMISSION, pair_scope(municipality=skovde_party)),
            can(actor, PERMISSION, area_scope(area=area)),
        )
        assert seen == expected[name], name
        # The list offers exactly the pairs and areas the check lets through.
        municipalities, areas = pairs_visible_to(actor)
        listed = set(municipalities.values_list("pk", flat=True))
        for municipality in Party.objects.filter(kind=Party.Kind.MUNICIPALITY):
            allowed = can(actor, PERMISSION, pair_scope(municipality=municipality))
            assert (municipality.pk in listed) == allowed, (name, municipality.name)
        assert (area in areas) == expected[name][2], name


def test_a_disagreements_title_shows_only_to_those_who_may_open_it(pair_cases, boras, make_person):
    coordinator = make_person(boras, Role.SUBREGIONAL_COORDINATOR, username="samordnare.t2")
    membership = coordinator.memberships.get()
    membership.area = CooperationArea.objects.get(name="Södra Älvsborg")
    membership.save()
    figures = pair_figures(actor_for(coordinator), pair_scope(municipality=boras.party))
    rows = figures.disagreement_rows
    assert [(row["title"], row["url"]) for row in rows] == [(None, None)] * 2
    assert all(row["reference"].startswith(("OE-", "TVIST")) for row in rows)


def test_the_pair_page_shows_the_figures_in_swedish(client, pair_cases, boras, personas):
    client.force_login(personas["analyst"])
    response = client.get(f"/uppfoljning/kommun/{boras.party.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Västra Götalandsregionen – Borås Stad" in page
    assert "Kommunen har rapporterat till regionen" in page
    assert "1 öppen åtgärd" in page and "1 försenad" in page
    assert "Betalningsansvar efter utskrivning" in page
    assert "305" in page and "700" in page
    index = client.get("/uppfoljning/par/")
    assert index.status_code == 200
    assert f'href="/uppfoljning/kommun/{boras.party.code}/"' in index.content.decode()


def test_the_pair_page_refuses_the_wrong_people(client, reference_data, boras, skovde, personas):
    client.force_login(personas["reporter"])
    assert client.get("/uppfoljning/").status_code == 403
    assert client.get(f"/uppfoljning/kommun/{boras.party.code}/").status_code == 403
    manager = CareProvider.objects.get(name="Borås Stad")
    from samsyn.parties.tests.factories import person

    client.force_login(person(manager, Role.MANAGER_STEP1, username="chef.pair.page"))
    assert client.get(f"/uppfoljning/kommun/{boras.party.code}/").status_code == 200
    assert client.get(f"/uppfoljning/kommun/{skovde.party.code}/").status_code == 404
    assert client.get("/uppfoljning/kommun/0000/").status_code == 404
    assert client.get("/uppfoljning/omrade/999999/").status_code == 404


def test_the_api_gives_the_pages_figures(client, pair_cases, boras, personas):
    client.force_login(personas["analyst"])
    response = client.get(f"/api/v1/followup/pairs/{boras.party.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["municipalities"] == [
        {"id": boras.party.pk, "code": boras.party.code, "name": "Borås Stad"}
    ]
    assert sum(body["deviations"][0]["by_year"].values()) == 2
    assert body["measures_overdue"] == 1
    assert body["disagreements_by_step"] == {"1": 1, "2": 0, "3": 1}
    assert body["settlements_by_year"][0]["count"] == 1
    area = CooperationArea.objects.get(name="Södra Älvsborg")
    assert client.get(f"/api/v1/followup/areas/{area.pk}").status_code == 200


def test_the_api_refuses_the_wrong_people(client, reference_data, skovde, personas):
    client.force_login(personas["reporter"])
    assert client.get(f"/api/v1/followup/pairs/{skovde.party.code}").status_code == 403
    from samsyn.parties.tests.factories import person

    boras = CareProvider.objects.get(name="Borås Stad")
    client.force_login(person(boras, Role.MANAGER_STEP1, username="chef.pair.api"))
    assert client.get(f"/api/v1/followup/pairs/{skovde.party.code}").status_code == 404
