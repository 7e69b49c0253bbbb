from samsyn.core.access import PERMISSIONS, Scope, actor_for, can, grant_for
from samsyn.core.tests.factories import StandInCase
from samsyn.parties.models import Role


def test_involved_scope_reaches_only_cases_of_own_provider(personas, boras, sas, skovde):
    PERMISSIONS["test.view"] = {Role.HANDLER: Scope.INVOLVED, Role.COUNTY_ANALYST: Scope.COUNTY}
    try:
        case = StandInCase(boras, sas)
        assert can(actor_for(personas["handler"]), "test.view", case)
        assert can(actor_for(personas["counterpart_handler"]), "test.view", case)
        assert not can(actor_for(personas["outsider"]), "test.view", case)
        assert can(actor_for(personas["analyst"]), "test.view", case)
        # A reporter holds no test.view: the role decides, not only the provider.
        assert not can(actor_for(personas["reporter"]), "test.view", case)
    finally:
        del PERMISSIONS["test.view"]


def test_grant_lists_the_providers_a_selector_may_filter_on(personas, boras):
    PERMISSIONS["test.view"] = {Role.HANDLER: Scope.INVOLVED}
    try:
        grant = grant_for(actor_for(personas["handler"]), "test.view")
        assert grant.provider_ids == {boras.pk}
        assert not grant.county_ids
    finally:
        del PERMISSIONS["test.view"]


def test_anonymous_user_is_granted_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not grant_for(actor_for(AnonymousUser()), "agreements.view")


def test_only_county_administrators_may_edit_the_registry(personas):
    assert can(actor_for(personas["county_admin"]), "agreements.edit")
    for name in ("reporter", "handler", "analyst", "outsider"):
        assert not can(actor_for(personas[name]), "agreements.edit"), name
