import pytest

from samsyn.core.access import actor_for
from samsyn.deviations.tests.factories import deviation_in, document_make, report_data


@pytest.fixture
def document(reference_data):
    """A routine in force between every provider in the county since 2020."""
    return document_make()


@pytest.fixture
def old_document(reference_data):
    """A routine that ended in 2015: it did not govern anyone on a recent event date."""
    from datetime import date

    return document_make(
        code="TEST-GAMMAL", valid_from=date(2010, 1, 1), valid_to=date(2015, 12, 31)
    )


@pytest.fixture
def report(personas, boras, sas, document):
    """report(**overrides) -> the DeviationReport a Borås reporter sends about SÄS."""

    def make(**overrides):
        base = {"reporting_provider": boras, "counterpart_provider": sas, "document": document}
        return report_data(**{**base, **overrides})

    return make


@pytest.fixture
def actors(personas):
    return {name: actor_for(user) for name, user in personas.items()}


@pytest.fixture
def case_in(personas, boras, sas, document):
    """case_in(status) -> a Borås → SÄS case brought to that status."""

    def make(status):
        return deviation_in(
            status,
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document,
        )

    return make
