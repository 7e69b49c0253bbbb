"""Tests generated from the permission table itself, and docs/access.md kept in step with it.

PERMISSIONS is read at collection time, after django.setup() has run every AppConfig.ready(),
so the permissions the feature apps register are covered without editing this file.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from samsyn.core.access import PERMISSIONS, Actor, Scope, can, grant_for
from samsyn.core.access_table import ACCESS_DOC, access_table_markdown
from samsyn.core.tests.factories import StandInCase
from samsyn.parties.models import CareProvider, County, Membership, Party, Role

# Where the person works, seen from a case between Borås Stad (own) and Södra Älvsborgs
# Sjukhus (counterpart, a VGR provider); and which scopes reach the case from there.
POSITIONS = {
    "own": {Scope.INVOLVED, Scope.PARTY, Scope.COUNTY},
    "counterpart": {Scope.INVOLVED, Scope.PARTY, Scope.COUNTY},
    "counterpart_party": {Scope.PARTY, Scope.COUNTY},  # another VGR provider
    "unrelated": {Scope.COUNTY},  # another municipality in the same county
    "other_county": set(),
}

CASES = [(perm, role) for perm in sorted(PERMISSIONS) for role in Role]


@pytest.fixture
def places(boras, sas, skovde):
    county = County.objects.create(code="17", name="Värmlands län")
    region = Party.objects.create(
        county=county, kind=Party.Kind.REGION, name="Region Värmland", code="17"
    )
    return {
        "own": boras,
        "counterpart": sas,
        "counterpart_party": CareProvider.objects.get(name="Skaraborgs Sjukhus"),
        "unrelated": skovde,
        "other_county": CareProvider.objects.create(
            party=region, kind=CareProvider.Kind.REGIONAL, name="Centralsjukhuset Karlstad"
        ),
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


@pytest.mark.parametrize(("permission", "role"), CASES, ids=[f"{p}-{r.value}" for p, r in CASES])
def test_access_follows_the_table(permission, role, places):
    scope = PERMISSIONS[permission].get(role)
    case = StandInCase(places["own"], places["counterpart"])
    for position, reaching_scopes in POSITIONS.items():
        actor = _person_at(places[position], role)
        expected = scope in reaching_scopes
        assert can(actor, permission, case) is expected, position
        assert _visible_through_grant(actor, permission, case) is expected, position
        # Without an object: does the role hold the permission anywhere at all?
        assert can(actor, permission) is (scope is not None), position


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
