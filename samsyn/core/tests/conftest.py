"""Cases of every app for the sweeps over all pages (forms, cache headers)."""

import pytest

from samsyn.core.access import actor_for
from samsyn.deviations.models import EventType, Status
from samsyn.deviations.tests.factories import deviation_in, document_make
from samsyn.disagreements.tests.factories import open_case
from samsyn.parties.models import CareProvider, CooperationArea, Membership, Role

# Where each deviation action is offered: the case is brought to this status first.
DEVIATION_ACTION_STATUS = {
    "kvittera": Status.SENT,
    "analysera": Status.ACKNOWLEDGED,
    "atgard": Status.ANALYSED,
    "ingen-atgard": Status.ANALYSED,
    "besluta": Status.ANALYSED,
    "folj-upp": Status.MEASURES_DECIDED,
    "avsluta": Status.FOLLOWED_UP,
    "lyft": Status.ACKNOWLEDGED,
    "kommentar": Status.SENT,
    # The receiving side (issue 17).
    "skicka-vidare": Status.SENT,
    "skicka-tillbaka": Status.SENT,
    "svara": Status.ACKNOWLEDGED,
    "klassificera-om": Status.SENT,
    "skicka-om": Status.SENT,
    "avsluta-returnerad": Status.SENT,
    "godta-svaret": Status.ACKNOWLEDGED,
    "ifragasatt-svaret": Status.ACKNOWLEDGED,
    "ta-upp-lyft": "lifted",
    "begar-mer": "lifted",
    "skicka-tillbaka-lyft": "lifted",
    # The patient and the regulator (issue 18); good cooperation (issue 19).
    "bilaga": Status.SENT,
    "lex-maria": "lex_maria",
    "las-aterkoppling": "feedback",
}
# Who posts each move's form (default: the counterpart's handler).
DEVIATION_ACTION_WHO = {
    "skicka-om": "reporter",
    "avsluta-returnerad": "reporter",
    "godta-svaret": "reporter",
    "ifragasatt-svaret": "reporter",
    "ta-upp-lyft": "county_coordinator",
    "begar-mer": "county_coordinator",
    "skicka-tillbaka-lyft": "county_coordinator",
    "lex-maria": "patient_safety",
}
# Cases the handling steps do not reach: made by their own builders below.
SPECIAL_CASES = {"lifted", "lex_maria", "feedback"}


@pytest.fixture
def world(personas, boras, sas, make_person):
    """A case in every state the deviation actions need, a disagreement at step 1, a document."""
    document = document_make()
    deviations = {
        status: deviation_in(
            status,
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document,
        )
        for status in set(DEVIATION_ACTION_STATUS.values()) - SPECIAL_CASES
    }
    deviations["lifted"] = _lifted_to_county(personas, boras, sas, document)
    deviations["lex_maria"] = _reported(
        personas,
        boras,
        sas,
        document,
        patient_consequence=_serious(),
        potential_consequence=_serious(),
    )
    deviations["feedback"] = _reported(
        personas,
        boras,
        sas,
        document,
        event_type=EventType.GOOD_COOPERATION,
        patient_consequence=None,
        psychological_consequence=None,
        potential_consequence=None,
        organisation_consequence=None,
        proposed_measure="",
    )
    people = {
        **personas,
        "manager1": make_person(boras, Role.MANAGER_STEP1, username="chef1.form"),
        "manager2": make_person(boras, Role.MANAGER_STEP2, username="chef2.form"),
        "manager3": make_person(boras, Role.MANAGER_STEP3, username="chef3.form"),
        "administrator": make_person(boras, Role.ADMINISTRATOR, username="admin.form"),
        "patient_safety": make_person(sas, Role.PATIENT_SAFETY, username="mas.form"),
        "county_coordinator": make_person(
            CareProvider.objects.get(name="Koncernkontoret"),
            Role.COUNTY_COORDINATOR,
            username="lanet.form",
        ),
    }
    area = CooperationArea.objects.get(name="Södra Älvsborg")
    people["subregional_coordinator"] = make_person(boras, Role.REPORTER, username="delreg.form")
    Membership.objects.create(
        user=people["subregional_coordinator"],
        provider=boras,
        role=Role.SUBREGIONAL_COORDINATOR,
        area=area,
    )
    return {
        "area": area,
        "systemic_issue": _systemic_issue(people, deviations["lifted"]),
        "deviations": deviations,
        "people": people,
        "document": document,
        "measure": deviations[Status.MEASURES_DECIDED].measures.get(),
        "disagreement": open_case(people["manager1"], boras, sas),
    }


def _serious():
    from samsyn.deviations.models import PatientConsequence

    return PatientConsequence.objects.get(name="Måttlig vårdskada")


def _reported(personas, boras, sas, document, **overrides):
    """A report from Borås to SÄS, sent, with these values of the report form."""
    from samsyn.deviations import services
    from samsyn.deviations.tests.factories import report_data

    return services.deviation_report(
        actor=actor_for(personas["reporter"]),
        report=report_data(
            reporting_provider=boras, counterpart_provider=sas, document=document, **overrides
        ),
    )


def _lifted_to_county(personas, boras, sas, document):
    from samsyn.deviations import services
    from samsyn.deviations.models import LiftedLevel

    deviation = deviation_in(
        Status.ACKNOWLEDGED,
        reporter=personas["reporter"],
        handler=personas["counterpart_handler"],
        reporting_provider=boras,
        counterpart_provider=sas,
        document=document,
    )
    return services.deviation_lift(
        actor=actor_for(personas["counterpart_handler"]),
        deviation=deviation,
        expected_version=deviation.version,
        level=LiftedLevel.COUNTY,
        reason="Rutinen saknas i hela länet.",
    )


def _systemic_issue(people, lifted):
    """A systemic issue (issue 19 item 5) of the case lifted to the county."""
    from samsyn.systemic.models import Forum
    from samsyn.systemic.services import SystemicIssueData, systemic_issue_save

    return systemic_issue_save(
        actor=actor_for(people["county_coordinator"]),
        data=SystemicIssueData(
            title="Läkemedelslistor saknas vid utskrivning",
            cause="Utskrivningsrutinen saknar en kontroll av läkemedelslistan.",
            owner=people["county_coordinator"],
            forum=Forum.COUNTY,
            deviations=[lifted],
        ),
    )


@pytest.fixture
def databases(db, tmp_path):
    """Databases of the test's own, of the suite's kind (own_databases.py)."""
    from django.db import connection

    from samsyn.core.tests.own_databases import PostgreSQLDatabases, SQLiteDatabases

    if connection.vendor == "postgresql":
        return PostgreSQLDatabases()
    return SQLiteDatabases(tmp_path)
