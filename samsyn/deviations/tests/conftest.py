import pytest

from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.tests.factories import (
    document_make,
    report_data,
    unit_person,
)
from samsyn.parties.models import CareUnit, Role


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


# ---------------------------------------------------------------- the receiving side (issue 17)


@pytest.fixture
def units(boras, sas):
    make = CareUnit.objects.create
    return {
        "norr": make(provider=boras, name="Hemtjänst Norr", kind=CareUnit.Kind.HOME_CARE),
        "soder": make(provider=boras, name="Hemtjänst Söder", kind=CareUnit.Kind.HOME_CARE),
        "ward12": make(provider=sas, name="Avdelning 12, medicin", kind=CareUnit.Kind.WARD),
        "ward14": make(provider=sas, name="Avdelning 14, kirurgi", kind=CareUnit.Kind.WARD),
    }


@pytest.fixture
def people(units, boras, sas, skovde):
    u = units
    return {
        "nurse": unit_person(boras, Role.REPORTER, u["norr"], "nurse"),
        "colleague": unit_person(boras, Role.REPORTER, u["norr"], "colleague"),
        "soder_reporter": unit_person(boras, Role.REPORTER, u["soder"], "soder_reporter"),
        "norr_handler": unit_person(boras, Role.HANDLER, u["norr"], "norr_handler"),
        "soder_handler": unit_person(boras, Role.HANDLER, u["soder"], "soder_handler"),
        "boras_wide": unit_person(boras, Role.HANDLER, None, "boras_wide"),
        "sas_wide": unit_person(sas, Role.HANDLER, None, "sas_wide"),
        "ward12_handler": unit_person(sas, Role.HANDLER, u["ward12"], "ward12_handler"),
        "ward12_reporter": unit_person(sas, Role.REPORTER, u["ward12"], "ward12_reporter"),
        "ward14_handler": unit_person(sas, Role.HANDLER, u["ward14"], "ward14_handler"),
        "boras_manager": unit_person(boras, Role.MANAGER_STEP1, None, "boras_manager"),
        "unrelated": unit_person(skovde, Role.REPORTER, None, "unrelated"),
    }


@pytest.fixture
def a(people):
    return {name: actor_for(user) for name, user in people.items()}


@pytest.fixture
def reported(a, boras, sas, document, units):
    """reported(unit=ward12, **overrides) -> the nurse's report to SÄS (and a ward)."""

    def make(unit="ward12", **overrides):
        data = {"receiving_unit": units[unit] if unit else None, **overrides}
        return services.deviation_report(
            actor=a["nurse"],
            report=report_data(
                reporting_provider=boras, counterpart_provider=sas, document=document, **data
            ),
        )

    return make


# ---------------------------------------------------------------- the patient (issue 18)


@pytest.fixture
def safety(people, boras, sas):
    """The patient-safety leads: SÄS's chief physician, Borås's MAS; VGR's coordinator."""
    from samsyn.parties.models import CareProvider

    vgr_provider = CareProvider.objects.filter(party=sas.party).exclude(pk=sas.pk).first()
    return {
        "sas_safety": actor_for(unit_person(sas, Role.PATIENT_SAFETY, None, "sas_safety")),
        "boras_mas": actor_for(unit_person(boras, Role.PATIENT_SAFETY, None, "boras_mas")),
        "vgr_coordinator": actor_for(
            unit_person(vgr_provider, Role.DEVIATION_COORDINATOR, None, "vgr_coordinator")
        ),
    }
