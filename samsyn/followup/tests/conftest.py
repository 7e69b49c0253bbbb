# The ladder's people (both parties' managers at each step) for the follow-up tests.
import datetime

import pytest
from django.utils import timezone

from samsyn.core.access import actor_for
from samsyn.deviations import services as deviation_services
from samsyn.deviations.models import (
    Category,
    Cause,
    Deviation,
    EventType,
    OrganisationConsequence,
    Status,
)
from samsyn.deviations.tests.factories import document_make, report_data
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.disagreements.models import Disagreement
from samsyn.disagreements.tests.conftest import ladder  # noqa: F401
from samsyn.disagreements.tests.factories import open_case
from samsyn.parties.models import Role
from samsyn.parties.tests.factories import person

YEAR = 2025
AS_OF = datetime.date(2026, 3, 1)


def at(day: str, plus_days: float = 0) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(f"{day}T08:00")
    return timezone.make_aware(moment) + datetime.timedelta(days=plus_days)


@pytest.fixture
def county_cases(boras, sas, skovde, make_person, ladder):  # noqa: F811
    """The small county the report's figures are computed by hand from (test_report.py):

    2025: c1 Borås→SAS, c2 Borås→SAS ("Annat"), c3 Skövde→SAS (re-coded from "Annat"),
    c4 SAS→Borås ("Övrigt" organisation consequence); c5 Borås→SAS good cooperation.
    2024: one from Borås, one from SAS. 2026: one from Borås (outside the year).
    """
    document = document_make()
    for provider in (boras, sas, skovde):
        person(provider, Role.HANDLER)
    reporters = {p.pk: make_person(p, Role.REPORTER) for p in (boras, sas, skovde)}
    annat, _ = Category.objects.get_or_create(name="Annat", defaults={"is_other": True})
    annan, _ = OrganisationConsequence.objects.get_or_create(
        name="Annan konsekvens", defaults={"is_other": True}
    )

    def report(reporting, counterpart, day, **overrides):
        case = deviation_services.deviation_report(
            actor=actor_for(reporters[reporting.pk]),
            report=report_data(
                reporting_provider=reporting,
                counterpart_provider=counterpart,
                document=document,
                event_date=datetime.date.fromisoformat(day),
                **overrides,
            ),
        )
        # Only the moments the figures read, as the hand computation in test_report.py has them.
        Deviation.objects.filter(pk=case.pk).update(
            created_at=at(day),
            acknowledged_at=None,
            answered_at=None,
            answer_due=None,
            lex_maria_due=None,
        )
        return case

    c1 = report(boras, sas, "2025-03-10")
    c2 = report(boras, sas, "2025-06-01", category=annat, other_explanation="Transport.")
    c3 = report(skovde, sas, "2025-09-15", category=annat, other_explanation="Transport.")
    c4 = report(sas, boras, "2025-05-05", organisation_consequence=annan, other_explanation="Tid.")
    report(
        boras,
        sas,
        "2025-07-01",
        event_type=EventType.GOOD_COOPERATION,
        patient_consequence=None,
        psychological_consequence=None,
        potential_consequence=None,
        organisation_consequence=None,
        proposed_measure="",
    )
    report(boras, sas, "2024-04-01")
    report(sas, skovde, "2024-08-01")
    report(boras, sas, "2026-01-10")
    default = Category.objects.get(name="Läkemedel i vårdens övergångar")
    Deviation.objects.filter(pk=c1.pk).update(
        acknowledged_at=at("2025-03-10", 1),
        answered_at=at("2025-03-10", 5),
        answer_due=datetime.date(2025, 3, 24),
        status=Status.CLOSED,
        closed_at=at("2025-03-10", 20),
        no_measure_by=reporters[sas.pk],
        no_measure_reason="Rutinen följdes; ingen åtgärd behövs.",
        lex_maria="reported",
        lex_maria_ivo_date=datetime.date(2025, 3, 20),
        lex_maria_ivo_reference="IVO 3.1-1234/2025",
    )
    c1.causes.add(Cause.objects.get(name="Kommunikationsbrist mellan vårdgivare"))
    Deviation.objects.filter(pk=c2.pk).update(
        acknowledged_at=at("2025-06-01", 2),
        answered_at=at("2025-06-01", 10),
        answer_due=datetime.date(2025, 6, 5),
        status=Status.ANALYSED,
        verdict="questioned",
        question_reason="Svaret tar inte upp läkemedelslistan.",
        questioned_at=at("2025-06-01", 12),
    )
    Deviation.objects.filter(pk=c3.pk).update(
        acknowledged_at=at("2025-09-15", 3),
        answer_due=datetime.date(2025, 10, 1),
        status=Status.ACKNOWLEDGED,
        reported_category=annat,
        category=default,
        lex_maria_due=datetime.date(2025, 10, 1),
    )
    DEVIATION_WORKFLOW.history_row(
        case=c3, code="send_back", to_state="returned", data={"reason": "wrong_receiver"}
    ).save()
    Deviation.objects.filter(pk=c4.pk).update(
        acknowledged_at=at("2025-05-05", 4),
        answer_due=datetime.date(2026, 6, 1),
        status=Status.ACKNOWLEDGED,
        position="disputes",
        receiver_account="Patienten skrevs ut enligt rutinen.",
    )
    # One disagreement registered in 2025 and resolved at step 2 in the same year.
    disagreement = open_case(ladder["boras1"], boras, sas)
    Disagreement.objects.filter(pk=disagreement.pk).update(
        created_at=at("2025-04-01"),
        closed_at=at("2025-06-01"),
        status=Disagreement.Status.CLOSED,
        resolution=Disagreement.Resolution.AGREEMENT,
        current_step=2,
    )
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4}
