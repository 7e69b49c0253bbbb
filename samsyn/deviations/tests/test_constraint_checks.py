"""A case's constraints are checked against the fields each one reads (ConstraintsReadOwnFields,
issue 16), with the same outcome as Django's own check against the whole row; a move checks
the constraints that read what it changed, with every field they read."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from samsyn.core.services import model_update
from samsyn.deviations.models import Category, Status


@pytest.fixture
def case(case_in):
    return case_in(Status.SENT)


def _errors(check, deviation):
    try:
        check(deviation)
    except ValidationError as error:
        return error.message_dict
    return {}


BREAKS = {
    "two_different_providers": lambda d: setattr(d, "counterpart_provider", d.reporting_provider),
    "closed_has_date": lambda d: setattr(d, "status", Status.CLOSED),
    "returned_has_reason": lambda d: setattr(d, "status", Status.RETURNED),
    "lifted_has_reason": lambda d: setattr(d, "lifted_level", "county"),
    "secondary_category_differs": lambda d: setattr(d, "secondary_category", d.category),
    "lex_maria_reported": lambda d: setattr(d, "lex_maria", "reported"),
}


@pytest.mark.parametrize("breaking", BREAKS.values(), ids=BREAKS.keys())
def test_each_constraint_fails_as_djangos_own_check_of_the_whole_row(case, breaking):
    breaking(case)
    own = _errors(lambda d: models.Model.validate_constraints(d), case)
    assert own  # the case breaks a constraint
    assert _errors(lambda d: d.validate_constraints(), case) == own


def test_a_valid_case_passes_both_checks(case):
    assert _errors(lambda d: models.Model.validate_constraints(d), case) == {}
    assert _errors(lambda d: d.validate_constraints(), case) == {}


def test_a_move_is_refused_when_its_change_breaks_a_constraint_with_an_unchanged_field(case):
    with pytest.raises(ValidationError):
        model_update(
            instance=case,
            fields=["secondary_category"],
            data={"secondary_category": Category.objects.get(pk=case.category_id)},
            expected_version=case.version,
        )
