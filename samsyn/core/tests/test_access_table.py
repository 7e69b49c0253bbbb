"""The permission table checked against expectations written out by hand, and docs/access.md
kept in step with it.

EXPECTED is independent of PERMISSIONS: for every permission, each role and the places where
that role reaches a case (role × relation → allowed). A wrong row in an access module fails
here; a new permission fails until someone writes down by hand who should hold it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from samsyn.core.access import PERMISSIONS, Actor, Scope, can, grant_for
from samsyn.core.access_table import ACCESS_DOC, access_table_markdown
from samsyn.core.tests.factories import StandInCase
from samsyn.parties.models import CareProvider, Membership, Role

R = Role
# Where a person works, seen from a case between Borås Stad ("own") and Södra Älvsborgs
# Sjukhus ("counterpart", a VGR provider): another VGR provider ("counterpart_party", Skaraborgs
# Sjukhus), another municipality of the county ("unrelated", Skövde) and another county.
RELATIONS = ("own", "counterpart", "counterpart_party", "unrelated", "other_county")
# The relations a person reaches the case from, by what they reach:
THE_CASE = {"own", "counterpart"}  # their provider is one of the case's two
THE_PARTIES = THE_CASE | {"counterpart_party"}  # their party (huvudman) is one of the case's
THE_COUNTY = THE_PARTIES | {"unrelated"}  # anywhere in the case's county

MANAGERS = (R.MANAGER_STEP1, R.MANAGER_STEP2, R.MANAGER_STEP3)
STAFF = (R.REPORTER, R.HANDLER, *MANAGERS)

# permission -> {role: the relations from which it is allowed}; roles left out: nowhere.
EXPECTED = {
    "agreements.view": {role: THE_COUNTY for role in Role},
    "agreements.edit": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "parties.manage_people": {R.ADMINISTRATOR: THE_PARTIES, R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "parties.grant_county_roles": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "parties.edit": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "classification.edit": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "audit.review": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "core.statements.edit": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    "outbox.review": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    # Issue 21 item 7: a principal's administrator keeps its providers' webhooks.
    "outbox.webhooks": {R.ADMINISTRATOR: THE_PARTIES},
    # The follow-up of a region–municipality pair (issue 19 item 6), judged here on a pair the
    # case's parties belong to; a sub-regional coordinator held at no area reaches none
    # (followup/tests/test_pair.py has the pair and area matrix).
    "followup.pair_view": {
        **{role: THE_PARTIES for role in MANAGERS},
        R.DEVIATION_COORDINATOR: THE_PARTIES,
        R.PATIENT_SAFETY: THE_PARTIES,
        R.COUNTY_ANALYST: THE_COUNTY,
        R.COUNTY_COORDINATOR: THE_COUNTY,
    },
    # The county's annual report (issue 20): the county's analysts and coordinators, whole.
    "followup.county_report": {R.COUNTY_ANALYST: THE_COUNTY, R.COUNTY_COORDINATOR: THE_COUNTY},
    # An area's reflection: its sub-regional coordinators, none of whom is held at an area here
    # (followup/tests/test_reflections.py has the area rule).
    "followup.reflection_write": {},
    # A care provider's own compilation (issue 20 item 5): its own people who follow up its
    # deviations, for that provider only (judged here on the case's two providers).
    "followup.provider_compilation": {
        R.ADMINISTRATOR: THE_CASE,
        R.HANDLER: THE_CASE,
        R.DEVIATION_COORDINATOR: THE_CASE,
        R.PATIENT_SAFETY: THE_CASE,
    },
    # A handler held at no unit (as here) reaches its whole provider (the provider-wide
    # handler); a reporter held at no unit reaches no case she did not report herself (inner
    # secrecy, issue 17 item 6): held at a unit, see UNIT_EXPECTED below. The party's deviation
    # coordinator receives for every provider of it.
    "deviations.view": {
        **{role: THE_CASE for role in STAFF if role != R.REPORTER},
        R.DEVIATION_COORDINATOR: THE_PARTIES,
        R.COUNTY_ANALYST: THE_COUNTY,
        R.PATIENT_SAFETY: THE_CASE,
    },
    "deviations.report": {
        R.HANDLER: THE_CASE,
        R.DEVIATION_COORDINATOR: THE_PARTIES,
    },
    "deviations.handle": {R.HANDLER: THE_CASE, R.DEVIATION_COORDINATOR: THE_PARTIES},
    "deviations.comment": {
        **{role: THE_CASE for role in STAFF if role != R.REPORTER},
        R.DEVIATION_COORDINATOR: THE_PARTIES,
        R.PATIENT_SAFETY: THE_CASE,
    },
    # Issue 18, judged on the case as a whole here; on the case the sides narrow it to the two
    # units involved and the receiver (deviations/tests/test_patient.py has the unit matrix).
    "deviations.patient_data": {R.HANDLER: THE_CASE, R.DEVIATION_COORDINATOR: THE_PARTIES},
    "deviations.assess_lex_maria": {
        R.PATIENT_SAFETY: THE_CASE,
        R.DEVIATION_COORDINATOR: THE_PARTIES,
    },
    # Lifted cases (issue 17 item 5): held at no area the sub-regional coordinator reaches
    # nothing (see test_a_sub_regional_coordinator_reaches_the_cases_lifted_in_its_area).
    "deviations.coordinate_lift": {R.COUNTY_COORDINATOR: THE_COUNTY},
    # Issue 19 item 4: county analysts re-code "Annat" cases of their county.
    "deviations.recode": {R.COUNTY_ANALYST: THE_COUNTY},
    # Issue 21 items 5 and 6: importing the old system's history, exporting in its layout.
    "deviations.import_history": {R.COUNTY_ADMINISTRATOR: THE_COUNTY},
    # Issue 19 item 5: systemic issues are kept by the coordinators (the sub-regional one in
    # its area: see systemic/tests), read by analysts and the member cases' parties' managers.
    "systemic.manage": {R.COUNTY_COORDINATOR: THE_COUNTY},
    "systemic.view": {
        R.COUNTY_COORDINATOR: THE_COUNTY,
        R.COUNTY_ANALYST: THE_COUNTY,
        **{role: THE_PARTIES for role in MANAGERS},
    },
    "disagreements.view": {
        **{role: THE_PARTIES for role in MANAGERS},
        R.COUNTY_ANALYST: THE_COUNTY,
    },
    "disagreements.handle": {role: THE_PARTIES for role in MANAGERS},
    "disagreements.handle_step1": {R.MANAGER_STEP1: THE_PARTIES},
    "disagreements.handle_step2": {R.MANAGER_STEP2: THE_PARTIES},
    "disagreements.handle_step3": {R.MANAGER_STEP3: THE_PARTIES},
    "disagreements.decide_step3": {R.MANAGER_STEP3: THE_PARTIES},
    # Issue 18: a disagreement's documents, for the managers of both parties at every step;
    # not county analysts, who read the case (disagreements/tests/test_attachments.py).
    "disagreements.attachments": {role: THE_PARTIES for role in MANAGERS},
    # Issue 14 item 9: the lessons library is read by everyone, in their own county only.
    "disagreements.lessons.view": {role: THE_COUNTY for role in R},
    "disagreements.take_part": {
        **{role: THE_PARTIES for role in STAFF},
        R.ADMINISTRATOR: THE_PARTIES,
    },
    "disagreements.economic_agreements.view": {
        **{role: THE_PARTIES for role in MANAGERS},
        R.ADMINISTRATOR: THE_PARTIES,
        R.COUNTY_ANALYST: THE_COUNTY,
    },
    "disagreements.economic_agreements.edit": {
        R.MANAGER_STEP2: THE_PARTIES,
        R.MANAGER_STEP3: THE_PARTIES,
        R.ADMINISTRATOR: THE_PARTIES,
    },
}

CASES = [(perm, role) for perm in sorted(EXPECTED) for role in Role]


@pytest.fixture
def places(boras, sas, skovde, varmland):
    return {
        "own": boras,
        "counterpart": sas,
        "counterpart_party": CareProvider.objects.get(name="Skaraborgs Sjukhus"),
        "unrelated": skovde,
        "other_county": varmland["hospital"],
    }


def _person_at(provider, role) -> Actor:
    user = get_user_model()(username=f"{role}-at-{provider.pk}")
    return Actor(user=user, memberships=[Membership(user=user, provider=provider, role=role)])


def _visible_through_grant(actor, permission, case) -> bool:
    """Filter the case's providers with the grant, as a list selector filters its rows."""
    grant = grant_for(actor, permission)
    return (
        CareProvider.objects.filter(pk__in=case.access_provider_ids())
        .filter(
            Q(pk__in=grant.provider_ids)
            | Q(party_id__in=grant.party_ids)
            | Q(party__county_id__in=grant.county_ids)
        )
        .exists()
    )


def test_every_permission_has_its_expectation_written_by_hand():
    assert set(PERMISSIONS) == set(EXPECTED)


@pytest.mark.parametrize(("permission", "role"), CASES, ids=[f"{p}-{r.value}" for p, r in CASES])
def test_who_reaches_a_case_is_what_was_written_by_hand(permission, role, places):
    allowed_from = EXPECTED[permission].get(role, set())
    case = StandInCase(places["own"], places["counterpart"])
    for relation in RELATIONS:
        actor = _person_at(places[relation], role)
        expected = relation in allowed_from
        assert can(actor, permission, case) is expected, relation
        assert _visible_through_grant(actor, permission, case) is expected, relation
        # Without an object: does the role hold the permission anywhere at all?
        assert can(actor, permission) is bool(allowed_from), relation


def test_every_permission_names_known_roles_and_scopes():
    for code, roles in PERMISSIONS.items():
        assert "." in code, code
        for role, scope in roles.items():
            assert role in Role.values, (code, role)
            assert isinstance(scope, Scope), (code, role)


def test_docs_access_table_is_up_to_date():
    assert ACCESS_DOC.read_text(encoding="utf-8") == access_table_markdown(), (
        "docs/access.md is out of date: run `python manage.py access_table`"
    )


def test_the_docs_show_each_permission_with_its_scope_per_role():
    text = access_table_markdown()
    row = next(line for line in text.splitlines() if line.startswith("| `audit.review`"))
    assert row.rstrip(" |").endswith("hela länet")
    assert row.count("–") == len(Role) - 1


# Inner secrecy (issue 17 item 6): roles that, held at a unit, reach only the cases of that
# unit and what the person reported themselves; not the provider's other units.
UNIT_EXPECTED = {
    "deviations.view": {R.REPORTER, R.HANDLER},
    "deviations.report": {R.REPORTER, R.HANDLER},
    "deviations.handle": {R.HANDLER},
    "deviations.comment": {R.REPORTER, R.HANDLER},
}
# Of those, the roles that held at no unit reach the whole provider (the provider-wide
# handler); the others reach only what the person reported (a reporter without a unit).
PROVIDER_WIDE_WITHOUT_UNIT = {
    "deviations.view": {R.HANDLER},
    "deviations.report": {R.HANDLER},
    "deviations.handle": {R.HANDLER},
    "deviations.comment": {R.HANDLER},
}
UNIT_SCOPES = (Scope.UNIT, Scope.OWN_UNIT)
# Where a person holding the role at a unit stands, seen from a case whose reporting unit
# is at Borås Stad: that unit, another unit of Borås Stad, or the person reported it
# themselves from another unit.


class _UnitCase(StandInCase):
    def __init__(self, *providers, units=(), owners=()):
        super().__init__(*providers)
        self.units, self.owners = units, owners

    def access_unit_ids(self):
        return [u.pk for u in self.units]

    def access_owner_ids(self):
        return [u.pk for u in self.owners]


@pytest.mark.parametrize("permission", sorted(UNIT_EXPECTED))
def test_a_role_held_at_a_unit_reaches_its_unit_and_own_reports_only(permission, boras, sas):
    from samsyn.parties.models import CareUnit

    own = CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    other = CareUnit.objects.create(provider=boras, name="Hemtjänst Söder")
    for role in Role:
        user = get_user_model().objects.create(username=f"unit-{role}")
        membership = Membership(user=user, provider=boras, role=role, unit=own)
        elsewhere = Membership(user=user, provider=boras, role=role, unit=other)
        at_unit = Actor(user=user, memberships=[membership])
        at_other = Actor(user=user, memberships=[elsewhere])
        expected = role in UNIT_EXPECTED[permission]
        unit_case = _UnitCase(boras, sas, units=[own])
        own_report = _UnitCase(boras, sas, units=[other], owners=[user])
        if PERMISSIONS[permission].get(role) not in UNIT_SCOPES:
            continue  # other scopes do not look at units: the table above holds them
        assert can(at_unit, permission, unit_case) is expected, (role, "own_unit")
        assert can(at_other, permission, unit_case) is False, (role, "other_unit")
        assert can(at_unit, permission, own_report) is expected, (role, "own_report")
    assert {r for r, s in PERMISSIONS[permission].items() if s in UNIT_SCOPES} == (
        UNIT_EXPECTED[permission]
    )


@pytest.mark.parametrize("permission", sorted(UNIT_EXPECTED))
def test_a_role_held_at_no_unit_reaches_the_provider_or_only_own_reports(permission, boras, sas):
    """The provider-wide handler reaches the whole provider; a reporter without a unit only
    what she reported herself, and only at the provider where she holds the role."""
    for role in UNIT_EXPECTED[permission]:
        user = get_user_model().objects.create(username=f"nounit-{role}")
        at_provider = Actor(
            user=user, memberships=[Membership(user=user, provider=boras, role=role)]
        )
        at_skovde = Actor(
            user=user,
            memberships=[
                Membership(
                    user=user, provider=CareProvider.objects.get(name="Skövde kommun"), role=role
                )
            ],
        )
        others_case = _UnitCase(boras, sas)
        own_report = _UnitCase(boras, sas, owners=[user])
        wide = role in PROVIDER_WIDE_WITHOUT_UNIT[permission]
        assert can(at_provider, permission, others_case) is wide, role
        assert can(at_provider, permission, own_report) is True, role
        assert can(at_skovde, permission, own_report) is False, role
        assert can(at_provider, permission) is True, role


def test_a_sub_regional_coordinator_reaches_only_the_cases_lifted_in_its_area(boras, sas):
    from samsyn.parties.models import CooperationArea

    borås_area = CooperationArea.objects.get(members=boras.party)
    other_area = CooperationArea.objects.exclude(pk=borås_area.pk).first()

    class Lifted(StandInCase):
        def access_area_ids(self):
            return [borås_area.pk]

    for role in Role:
        if PERMISSIONS["deviations.coordinate_lift"].get(role) is Scope.COUNTY:
            continue  # the county coordinator: the table above
        user = get_user_model().objects.create(username=f"area-{role}")
        here = Actor(user=user, memberships=[Membership(provider=sas, role=role, area=borås_area)])
        there = Actor(user=user, memberships=[Membership(provider=sas, role=role, area=other_area)])
        expected = role == R.SUBREGIONAL_COORDINATOR
        case = Lifted(boras, sas)
        assert can(here, "deviations.coordinate_lift", case) is expected, role
        assert can(there, "deviations.coordinate_lift", case) is False, role
