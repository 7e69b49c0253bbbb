"""Every rule of the deviations issue, through the service layer."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.audit.models import AuditEvent
from samsyn.cases.workflow import BAD_TRANSITION
from samsyn.core.access import actor_for
from samsyn.core.models import Notification
from samsyn.core.services import CONCURRENT_EDIT
from samsyn.deviations import services
from samsyn.deviations.models import (
    Category,
    Cause,
    Deviation,
    Measure,
    OrganisationConsequence,
    PatientConsequence,
    Status,
)
from samsyn.deviations.selectors import deviation_timeline, deviations_visible_to
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.parties.models import County, Role

TODAY = timezone.localdate


def _errors(exc_info) -> dict:
    return {k: v[0] for k, v in exc_info.value.message_dict.items()}


# ---------------------------------------------------------------- reporting


def test_report_sends_the_case_to_the_counterpart_with_deadlines(actors, personas, report):
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    assert deviation.status == Status.SENT
    assert deviation.ack_due == TODAY() + datetime.timedelta(days=14)
    assert deviation.analysis_due == TODAY() + datetime.timedelta(days=30)
    assert [t.to_state for t in deviation.transitions.all()] == ["registered", "sent"]
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"counterpart"}  # the counterpart's handler, nobody else
    assert AuditEvent.objects.filter(
        action="deviations.deviation.reported", object_id=str(deviation.pk)
    ).exists()


def test_deadlines_come_from_settings(actors, report, settings):
    settings.DEVIATION_ACK_DAYS, settings.DEVIATION_ANALYSIS_DAYS = 5, 9
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    assert deviation.ack_due == TODAY() + datetime.timedelta(days=5)
    assert deviation.analysis_due == TODAY() + datetime.timedelta(days=9)


def test_event_date_in_the_future_is_refused_and_nothing_saved(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(event_date=TODAY() + datetime.timedelta(days=1))
        )
    assert _errors(exc) == {"event_date": services.EVENT_DATE_IN_FUTURE}
    assert not Deviation.objects.exists()


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(1120, 2, 2), datetime.date(1998, 12, 31)]
)
def test_event_date_before_the_oldest_citable_document_is_refused_and_nothing_saved(
    actors, report, day
):
    """Västra Götaland's registry: Regionbildningsavtalet, in force from 1999-01-01, is the
    oldest document a report can cite."""
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=report(event_date=day))
    assert _errors(exc) == {
        "event_date": services.EVENT_DATE_TOO_EARLY.format(earliest="1999-01-01")
    }
    assert not Deviation.objects.exists()


def test_the_earliest_event_date_is_a_setting_from_the_environment(actors, report, settings):
    settings.DEVIATION_EARLIEST_EVENT_DATE = datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(event_date=datetime.date(2023, 12, 31))
        )
    assert _errors(exc) == {
        "event_date": services.EVENT_DATE_TOO_EARLY.format(earliest="2024-01-01")
    }
    deviation = services.deviation_report(
        actor=actors["reporter"], report=report(event_date=datetime.date(2024, 1, 1))
    )
    assert deviation.event_date == datetime.date(2024, 1, 1)


def test_the_earliest_event_date_setting_refuses_a_bad_value(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from samsyn.settings import env_date

    monkeypatch.setenv("DEVIATION_EARLIEST_EVENT_DATE", "1999-13-01")
    with pytest.raises(ImproperlyConfigured, match="DEVIATION_EARLIEST_EVENT_DATE"):
        env_date("DEVIATION_EARLIEST_EVENT_DATE")
    monkeypatch.setenv("DEVIATION_EARLIEST_EVENT_DATE", "")
    assert env_date("DEVIATION_EARLIEST_EVENT_DATE") is None


def test_same_provider_on_both_sides_is_refused(actors, report, boras):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(counterpart_provider=boras)
        )
    assert _errors(exc) == {"counterpart_provider": services.SAME_PROVIDER}


def test_database_refuses_same_provider_on_both_sides_too(actors, report, boras):
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    with pytest.raises(IntegrityError), transaction.atomic():
        Deviation.objects.filter(pk=deviation.pk).update(counterpart_provider=boras)


def test_missing_counterpart_is_refused(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(counterpart_provider=None)
        )
    assert _errors(exc)["counterpart_provider"] == services.COUNTERPART_REQUIRED


@pytest.mark.parametrize("category", ["Annat", "Vård och behandling", "Synpunkter och klagomål"])
def test_patient_consequence_is_required_whatever_the_category(actors, report, category):
    """MedControl let 'Annat' skip the patient consequence; we never do (the 2024 report on
    deviations in cooperation)."""
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"],
            report=report(
                category=Category.objects.get(name=category),
                patient_consequence=None,
                other_explanation="Förklaring",
            ),
        )
    assert _errors(exc) == {"patient_consequence": services.PATIENT_CONSEQUENCE_REQUIRED}


def test_organisation_consequence_is_required(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(organisation_consequence=None)
        )
    assert "organisation_consequence" in _errors(exc)


@pytest.mark.parametrize(
    ("field", "model", "name"),
    [
        ("category", Category, "Annat"),
        ("organisation_consequence", OrganisationConsequence, "Annan konsekvens"),
        ("patient_consequence", PatientConsequence, "Övrigt (tillagt av administratör)"),
    ],
)
def test_any_other_value_needs_an_explanation(actors, report, field, model, name):
    value, _ = model.objects.get_or_create(name=name, defaults={"is_other": True})
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=report(**{field: value}))
    assert _errors(exc) == {
        "other_explanation": services.OTHER_NEEDS_EXPLANATION.format(value=name)
    }
    deviation = services.deviation_report(
        actor=actors["reporter"],
        report=report(
            **{field: value}, other_explanation="Transportbeställning mellan vårdgivarna."
        ),
    )
    assert deviation.other_explanation.startswith("Transportbeställning")


def test_shipped_classification_has_the_harm_scale_and_complaints(db):
    scale = PatientConsequence.objects.order_by("severity")
    assert list(scale.values_list("name", flat=True)) == [
        "Ingen",
        "Risk för vårdskada (tillbud)",
        "Lindrig vårdskada",
        "Måttlig vårdskada",
        "Allvarlig vårdskada",
        "Dödsfall",
    ]
    assert Category.objects.filter(name="Synpunkter och klagomål", is_other=False).exists()
    assert Category.objects.get(name="Annat").is_other
    assert Cause.objects.filter(name="Kommunikationsbrist mellan vårdgivare").exists()
    assert set(OrganisationConsequence.objects.values_list("name", flat=True)) >= {
        "Förtroendeskada",
        "Ökad arbetsinsats",
        "Ekonomisk",
        "Ingen",
    }


def test_shipped_classification_loads_idempotently(db):
    from samsyn.deviations.classification import classification_defaults_load

    assert classification_defaults_load() == 0


def test_retired_value_cannot_be_chosen_but_stays_on_old_cases(actors, report):
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    category = deviation.category
    Category.objects.filter(pk=category.pk).update(is_active=False)
    category.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=report(category=category))
    assert _errors(exc) == {"category": services.VALUE_RETIRED.format(value=category.name)}
    deviation.refresh_from_db()
    assert deviation.category.name == "Läkemedel i vårdens övergångar"
    assert "(utgången)" in str(deviation.category)


@pytest.mark.parametrize("field", ["title", "description", "proposed_measure", "other_explanation"])
def test_personal_identity_number_in_free_text_is_refused(actors, report, field):
    text = "Patienten 19121212-1212 fick fel dos"
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=report(**{field: text}))
    assert "personnummer" in _errors(exc)[field]
    assert not Deviation.objects.exists()


def test_document_outside_the_registry_of_the_county_is_refused(actors, report):
    other = County.objects.create(code="17", name="Värmlands län")
    document = GoverningDocument.objects.create(
        county=other, kind="agreement", code="X", title="Annat läns avtal"
    )
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(document=document, section=None)
        )
    assert _errors(exc) == {"document": services.DOCUMENT_UNKNOWN}


def test_missing_document_is_refused(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(document=None, section=None)
        )
    assert _errors(exc) == {"document": services.DOCUMENT_REQUIRED}


def test_section_of_another_document_is_refused(actors, report, old_document):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(section=old_document.sections.first())
        )
    assert _errors(exc) == {"section": services.SECTION_NOT_IN_DOCUMENT}


def test_document_that_did_not_govern_is_accepted_with_a_stored_warning(
    actors, report, old_document
):
    deviation = services.deviation_report(
        actor=actors["reporter"], report=report(document=old_document, section=None)
    )
    assert deviation.document_governed is False
    assert deviation.document_governed_note


def test_document_that_governed_carries_no_warning(actors, report):
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    assert deviation.document_governed is True
    assert deviation.document_governed_note == ""


def test_double_submit_creates_one_case(actors, report):
    data = report()
    first = services.deviation_report(actor=actors["reporter"], report=data)
    second = services.deviation_report(actor=actors["reporter"], report=data)
    assert first.pk == second.pk
    assert Deviation.objects.count() == 1


@pytest.mark.parametrize("name", ["analyst", "county_admin", "counterpart_handler"])
def test_only_own_reporters_and_handlers_report_for_a_provider(actors, report, name):
    with pytest.raises(PermissionDenied):
        services.deviation_report(actor=actors[name], report=report())


def test_a_handler_may_report_too(actors, report):
    assert services.deviation_report(actor=actors["handler"], report=report()).pk


# ---------------------------------------------------------------- lifecycle


def test_the_whole_story_from_report_to_close(personas, actors, report, sas):
    """A Borås reporter reports against SÄS; SÄS's handler takes it to closed (issue: Done when)."""
    deviation = services.deviation_report(actor=actors["reporter"], report=report())
    handler = actors["counterpart_handler"]
    assert Notification.objects.filter(user=personas["counterpart_handler"]).count() == 1

    services.deviation_acknowledge(
        actor=handler, deviation=deviation, expected_version=deviation.version, note="Mottaget."
    )
    services.deviation_analyse(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        causes=[Cause.objects.get(name="Kommunikationsbrist mellan vårdgivare")],
        analysis="Utskrivningsrutinen saknar kontrollpunkt för läkemedelslistan.",
        event_analysis={
            "conducted_on": TODAY(),
            "findings": "Rutinen saknade steget.",
            "participants": "Avdelningens sjuksköterskor, kommunens MAS",
        },
    )
    measure = services.measure_add(
        actor=handler,
        deviation=deviation,
        owner_provider=sas,
        description="Lägg till kontrollpunkt i rutinen.",
        due_date=TODAY() + datetime.timedelta(days=30),
    )
    services.deviation_decide_measures(
        actor=handler, deviation=deviation, expected_version=deviation.version
    )
    services.measure_mark_done(actor=handler, measure=measure, done_date=TODAY())
    services.deviation_follow_up(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        follow_up="Inga nya avvikelser sedan dess.",
    )
    services.deviation_close(actor=handler, deviation=deviation, expected_version=deviation.version)

    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED and deviation.closed_at
    assert deviation.event_analysis.findings == "Rutinen saknade steget."
    labels = [e["label"] for e in deviation_timeline(deviation=deviation)]
    assert labels[:3] == ["Registrerad", "Skickad till mottagande vårdgivare", "Mottagen"]
    assert {
        "Analyserad",
        "Åtgärd tillagd",
        "Åtgärder beslutade",
        "Åtgärd genomförd",
        "Uppföljd",
        "Avslutad",
    } <= set(labels)
    # The reporting side heard of every step.
    subjects = list(
        Notification.objects.filter(user=personas["reporter"]).values_list("subject", flat=True)
    )
    for word in ("mottagen", "analyserad", "Åtgärder är beslutade", "uppföljda", "avslutad"):
        assert any(word in s for s in subjects), word
    # Both sides see it.
    for name in ("reporter", "counterpart_handler"):
        assert deviations_visible_to(actors[name]).filter(pk=deviation.pk).exists()


# The lifecycle written out by hand (the addendum presentation's duties), independent of the
# workflow's table:
# the one state each move that changes the status may start from, and where it leads.
LIFECYCLE = {
    "send": (Status.REGISTERED, Status.SENT),
    "acknowledge": (Status.SENT, Status.ACKNOWLEDGED),
    "analyse": (Status.ACKNOWLEDGED, Status.ANALYSED),
    "decide_measures": (Status.ANALYSED, Status.MEASURES_DECIDED),
    "follow_up": (Status.MEASURES_DECIDED, Status.FOLLOWED_UP),
    "close": (Status.FOLLOWED_UP, Status.CLOSED),
}
NOT_ALLOWED = [
    (current, code)
    for current in Status
    for code, (start, _) in LIFECYCLE.items()
    if current != start
]


def _case_at(status, boras, sas, reporter) -> Deviation:
    """A case the reporter (a reporter without a unit: her own reports only) reported."""
    return Deviation(
        pk=1, status=status, reporting_provider=boras, counterpart_provider=sas, reporter=reporter
    )


@pytest.mark.parametrize(("current", "code"), NOT_ALLOWED)
def test_a_move_the_lifecycle_does_not_allow_is_refused_naming_both_states(
    actors, boras, sas, current, code
):
    actor = actors["reporter" if code == "send" else "counterpart_handler"]
    with pytest.raises(ValidationError) as exc:
        DEVIATION_WORKFLOW.move_check(
            actor=actor, case=_case_at(current, boras, sas, actors["reporter"].user), code=code
        )
    target = LIFECYCLE[code][1]
    assert exc.value.messages == [
        gettext(BAD_TRANSITION).format(current=Status(current).label, target=Status(target).label)
    ]


@pytest.mark.parametrize("code", list(LIFECYCLE))
def test_each_move_of_the_lifecycle_is_allowed_from_its_state(actors, boras, sas, code):
    actor = actors["reporter" if code == "send" else "counterpart_handler"]
    start, target = LIFECYCLE[code]
    case = _case_at(start, boras, sas, actors["reporter"].user)
    move = DEVIATION_WORKFLOW.move_check(actor=actor, case=case, code=code)
    assert move.target_for(case) == target


@pytest.mark.parametrize(
    "status", [Status.SENT, Status.ACKNOWLEDGED, Status.MEASURES_DECIDED, Status.CLOSED]
)
def test_closing_before_follow_up_is_refused(case_in, actors, status):
    deviation = case_in(status)
    with pytest.raises(ValidationError) as exc:
        services.deviation_close(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            expected_version=deviation.version,
        )
    assert str(Status(status).label) in exc.value.messages[0]


def test_closing_without_measure_or_reason_is_refused(case_in, actors):
    deviation = case_in(Status.FOLLOWED_UP)
    deviation.measures.all().delete()
    with pytest.raises(ValidationError) as exc:
        services.deviation_close(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            expected_version=deviation.version,
        )
    assert exc.value.messages == [services.MEASURE_OR_REASON_REQUIRED]
    deviation.refresh_from_db()
    assert deviation.status == Status.FOLLOWED_UP


def test_deciding_measures_without_measure_or_reason_is_refused(case_in, actors):
    deviation = case_in(Status.ANALYSED)
    with pytest.raises(ValidationError) as exc:
        services.deviation_decide_measures(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            expected_version=deviation.version,
        )
    assert exc.value.messages == [services.MEASURE_OR_REASON_REQUIRED]


def test_a_reasoned_no_measure_decision_lets_the_case_close(case_in, actors, personas):
    handler = actors["counterpart_handler"]
    deviation = case_in(Status.ANALYSED)
    with pytest.raises(ValidationError) as exc:
        services.deviation_record_no_measure(
            actor=handler, deviation=deviation, expected_version=deviation.version, reason="  "
        )
    assert _errors(exc) == {"no_measure_reason": services.NO_MEASURE_REASON_REQUIRED}
    services.deviation_record_no_measure(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        reason="Engångshändelse vid systemavbrott.",
    )
    assert deviation.no_measure_by == personas["counterpart_handler"]
    services.deviation_decide_measures(
        actor=handler, deviation=deviation, expected_version=deviation.version
    )
    services.deviation_follow_up(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        follow_up="Inget nytt.",
    )
    services.deviation_close(actor=handler, deviation=deviation, expected_version=deviation.version)
    assert deviation.status == Status.CLOSED


def test_no_measure_decision_is_refused_when_measures_exist(case_in, actors, sas):
    handler = actors["counterpart_handler"]
    deviation = case_in(Status.ANALYSED)
    services.measure_add(
        actor=handler,
        deviation=deviation,
        owner_provider=sas,
        description="Utbildning.",
        due_date=TODAY(),
    )
    with pytest.raises(ValidationError) as exc:
        services.deviation_record_no_measure(
            actor=handler, deviation=deviation, expected_version=deviation.version, reason="Nej."
        )
    assert _errors(exc) == {"no_measure_reason": services.NO_MEASURE_WITH_MEASURES}


def test_a_measure_is_refused_once_no_measure_is_decided_and_not_offered(case_in, actors, sas):
    """A measure or the reasoned decision that none is needed, never both (found by the
    lifecycle's state machine): the "no measure" share would count a case that has measures."""
    from samsyn.deviations.services.lifecycle import MEASURE_AFTER_NO_MEASURE
    from samsyn.deviations.workflow import DEVIATION_WORKFLOW

    handler = actors["counterpart_handler"]
    deviation = case_in(Status.ANALYSED)
    services.deviation_record_no_measure(
        actor=handler, deviation=deviation, expected_version=deviation.version, reason="Nej."
    )
    assert not DEVIATION_WORKFLOW.allows(handler, deviation, "add_measure")
    with pytest.raises(ValidationError) as exc:
        services.measure_add(
            actor=handler,
            deviation=deviation,
            owner_provider=sas,
            description="Utbildning.",
            due_date=TODAY(),
        )
    assert _errors(exc) == {"description": MEASURE_AFTER_NO_MEASURE}
    assert not deviation.measures.exists()


def test_analysis_needs_a_cause_and_a_system_level_text(case_in, actors):
    deviation = case_in(Status.ACKNOWLEDGED)
    with pytest.raises(ValidationError) as exc:
        services.deviation_analyse(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            causes=[],
            analysis="",
        )
    assert _errors(exc) == {
        "causes": services.CAUSE_REQUIRED,
        "analysis": services.ANALYSIS_REQUIRED,
    }


def test_measure_owner_must_be_one_of_the_two_providers(case_in, actors, skovde):
    deviation = case_in(Status.ANALYSED)
    with pytest.raises(ValidationError) as exc:
        services.measure_add(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            owner_provider=skovde,
            description="X",
            due_date=TODAY() - datetime.timedelta(days=1),
        )
    assert _errors(exc) == {
        "owner_provider": services.MEASURE_OWNER_NOT_INVOLVED,
        "due_date": services.MEASURE_DUE_BEFORE_TODAY,
    }


def test_measures_wait_for_the_analysis(case_in, actors, sas):
    deviation = case_in(Status.ACKNOWLEDGED)
    with pytest.raises(ValidationError) as exc:
        services.measure_add(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            owner_provider=sas,
            description="X",
            due_date=TODAY(),
        )
    assert exc.value.messages == [gettext(services.MEASURE_NOT_NOW)]


def test_the_owning_providers_handler_marks_its_measure_done(case_in, actors, boras):
    deviation = case_in(Status.ANALYSED)
    measure = services.measure_add(
        actor=actors["counterpart_handler"],
        deviation=deviation,
        owner_provider=boras,
        description="Kommunen uppdaterar sin mottagningsrutin.",
        due_date=TODAY(),
    )
    services.measure_mark_done(actor=actors["handler"], measure=measure, done_date=TODAY())
    assert measure.done_date == TODAY()
    with pytest.raises(ValidationError):
        services.measure_mark_done(actor=actors["handler"], measure=measure, done_date=TODAY())


def test_a_measure_marked_done_from_two_open_pages_is_done_and_recorded_once(case_in, actors):
    """Issue 14, item 11: the second marking read the measure before the first was saved."""
    deviation = case_in(Status.MEASURES_DECIDED)
    first, second = (
        Measure.objects.get(deviation=deviation),
        Measure.objects.get(deviation=deviation),
    )  # two pages opened while the measure was still open
    handler = actors["counterpart_handler"]
    services.measure_mark_done(actor=handler, measure=first, done_date=TODAY())
    with pytest.raises(ValidationError) as exc:
        services.measure_mark_done(
            actor=handler, measure=second, done_date=TODAY() - datetime.timedelta(days=1)
        )
    assert exc.value.messages == [services.MEASURE_ALREADY_DONE]
    assert Measure.objects.get(pk=first.pk).done_date == TODAY()
    assert (
        AuditEvent.objects.filter(
            action="deviations.measure.done", object_id=str(deviation.pk)
        ).count()
        == 1
    )


def test_lifting_needs_a_reason_and_only_goes_up(case_in, actors, personas):
    handler = actors["counterpart_handler"]
    deviation = case_in(Status.ACKNOWLEDGED)
    with pytest.raises(ValidationError) as exc:
        services.deviation_lift(
            actor=handler,
            deviation=deviation,
            expected_version=deviation.version,
            level="county",
            reason="",
        )
    assert _errors(exc) == {"lifted_reason": services.LIFT_REASON_REQUIRED}
    services.deviation_lift(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        level="sub_regional",
        reason="Samma brist i hela delregionen.",
    )
    assert deviation.lifted_level == "sub_regional"
    with pytest.raises(ValidationError) as exc:
        services.deviation_lift(
            actor=handler,
            deviation=deviation,
            expected_version=deviation.version,
            level="sub_regional",
            reason="Igen.",
        )
    assert _errors(exc) == {"lifted_level": services.LIFT_NOT_HIGHER}
    assert Notification.objects.filter(user=personas["reporter"], subject__contains="lyft").exists()


def test_second_handler_saving_a_stale_case_is_refused_and_nothing_is_overwritten(
    case_in, actors, sas, make_person
):
    deviation = case_in(Status.ACKNOWLEDGED)
    first, second = actors["counterpart_handler"], actor_for(make_person(sas, Role.HANDLER))
    seen_by_both = deviation.version
    stale = Deviation.objects.get(pk=deviation.pk)
    services.deviation_lift(
        actor=first,
        deviation=deviation,
        expected_version=seen_by_both,
        level="county",
        reason="Brist i hela länet.",
    )
    with pytest.raises(ValidationError) as exc:
        services.deviation_analyse(
            actor=second,
            deviation=stale,
            expected_version=seen_by_both,
            causes=[Cause.objects.first()],
            analysis="Andra handläggarens analys.",
        )
    assert exc.value.messages == [CONCURRENT_EDIT]
    saved = Deviation.objects.get(pk=deviation.pk)
    assert saved.status == Status.ACKNOWLEDGED and saved.analysis == ""
    assert saved.lifted_level == "county" and not saved.causes.exists()


def test_comments_are_written_by_both_sides_and_tell_the_other(case_in, actors, personas):
    deviation = case_in(Status.SENT)
    services.comment_add(
        actor=actors["counterpart_handler"],
        deviation=deviation,
        text="Vi behöver veta vilken avdelning.",
    )
    reply = services.comment_add(
        actor=actors["reporter"], deviation=deviation, text="Avdelning 12, medicin."
    )
    assert reply.author_provider.name == "Borås Stad"
    assert deviation.comments.count() == 2
    assert Notification.objects.filter(
        user=personas["reporter"], subject__contains="meddelande"
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.comment_add(
            actor=actors["reporter"], deviation=deviation, text="Patienten har nr 121212-1212"
        )
    assert "personnummer" in _errors(exc)["text"]


# ---------------------------------------------------------------- access table


RELATIONS = {"own": "boras", "counterpart": "sas", "unrelated": "skovde"}
# (role, relation) -> may view, may comment, may acknowledge (handle)
ACCESS = [
    # A reporter without a unit sees her own reports only (inner secrecy, issue 17 item 6):
    # the case here was reported by someone else (test_inner_secrecy.py has the whole matrix).
    (Role.REPORTER, "own", False, False, False),
    (Role.REPORTER, "counterpart", False, False, False),
    (Role.REPORTER, "unrelated", False, False, False),
    (Role.HANDLER, "own", True, True, False),
    (Role.HANDLER, "counterpart", True, True, True),
    (Role.HANDLER, "unrelated", False, False, False),
    (Role.MANAGER_STEP1, "own", True, True, False),
    (Role.MANAGER_STEP2, "counterpart", True, True, False),
    (Role.MANAGER_STEP3, "unrelated", False, False, False),
    (Role.COUNTY_ANALYST, "unrelated", True, False, False),
    (Role.ADMINISTRATOR, "own", False, False, False),
    (Role.COUNTY_ADMINISTRATOR, "own", False, False, False),
]


@pytest.mark.parametrize(("role", "relation", "view", "comment", "handle"), ACCESS)
def test_access_table_through_the_services(
    request, case_in, make_person, role, relation, view, comment, handle
):
    deviation = case_in(Status.SENT)
    provider = request.getfixturevalue(RELATIONS[relation])
    actor = actor_for(make_person(provider, role))
    assert deviations_visible_to(actor).filter(pk=deviation.pk).exists() is view
    if comment:
        services.comment_add(actor=actor, deviation=deviation, text="Hej")
    else:
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=actor, deviation=deviation, text="Hej")
    if handle:
        services.deviation_acknowledge(
            actor=actor, deviation=deviation, expected_version=deviation.version
        )
        assert deviation.status == Status.ACKNOWLEDGED
    else:
        with pytest.raises(PermissionDenied):
            services.deviation_acknowledge(
                actor=actor, deviation=deviation, expected_version=deviation.version
            )


def test_new_section_of_registry_document_can_be_cited(actors, report, document):
    section = DocumentSection.objects.create(document=document, number="9", title="Nytt")
    deviation = services.deviation_report(actor=actors["reporter"], report=report(section=section))
    assert deviation.section == section


def test_submission_token_of_another_reporter_never_returns_their_case(actors, report):
    token = uuid.uuid4()
    services.deviation_report(actor=actors["reporter"], report=report(submission_token=token))
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["handler"], report=report(submission_token=token))
    assert exc.value.messages == [gettext(services.TOKEN_USED)]
    assert Deviation.objects.count() == 1


def test_the_registry_answers_whether_a_reference_document_governed(actors, report):
    """The 2027 agreement did not apply on a 2026 event date: warned in the registry's words."""
    from samsyn.agreements.selectors import document_governs

    hsa_2027 = GoverningDocument.objects.get(code="HSA-2027")
    data = report(
        document=hsa_2027, section=hsa_2027.sections.first(), event_date=datetime.date(2026, 6, 1)
    )
    deviation = services.deviation_report(actor=actors["reporter"], report=data)
    governed, reason = document_governs(
        document=hsa_2027,
        provider_a=data.reporting_provider,
        provider_b=data.counterpart_provider,
        on_date=datetime.date(2026, 6, 1),
    )
    assert (deviation.document_governed, deviation.document_governed_note) == (False, reason)
    assert "2026-06-01" in reason


def test_a_report_from_one_municipality_to_another_citing_the_agreement_is_warned_about(
    actors, report, skovde
):
    """The agreement binds the region and each municipality, not two municipalities to each
    other: the report is kept (the case must be handled) with the registry's reason."""
    from samsyn.agreements.selectors import PAIR_NOT_BOUND

    hsa_2017 = GoverningDocument.objects.get(code="HSA-2017")
    deviation = services.deviation_report(
        actor=actors["reporter"],
        report=report(
            counterpart_provider=skovde, document=hsa_2017, section=hsa_2017.sections.first()
        ),
    )
    assert deviation.document_governed is False
    assert deviation.document_governed_note == PAIR_NOT_BOUND.format(
        document=hsa_2017.title, party_a="Borås Stad", party_b="Skövde kommun"
    )
    # The same document between the municipality and the region: no warning.
    to_region = services.deviation_report(
        actor=actors["reporter"],
        report=report(document=hsa_2017, section=hsa_2017.sections.first()),
    )
    assert (to_region.document_governed, to_region.document_governed_note) == (True, "")


def test_the_audit_trail_never_holds_the_cases_free_text(case_in, actors):
    """The trail cannot be purged, so free text stays in the case rows only (docs/security.md)."""
    deviation = case_in(Status.ANALYSED)
    services.deviation_lift(
        actor=actors["counterpart_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        level="county",
        reason="Hemlig motivering om organisationen.",
    )
    trail = str(
        list(AuditEvent.objects.filter(object_id=str(deviation.pk)).values_list("data", flat=True))
    )
    for text in (deviation.description, deviation.analysis, "Hemlig motivering", deviation.title):
        assert text not in trail


def test_closed_cases_free_text_is_purged_after_retention(case_in, settings):
    from samsyn.core.retention import PURGED_MARKER, purge_closed_free_text

    deviation = case_in(Status.CLOSED)
    Deviation.objects.filter(pk=deviation.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=365 * 11)
    )
    settings.RETENTION_YEARS = 10
    purge_closed_free_text()
    deviation.refresh_from_db()
    assert deviation.description == PURGED_MARKER and deviation.analysis == PURGED_MARKER
    assert deviation.measures.get().description == PURGED_MARKER
    assert deviation.category.name == "Läkemedel i vårdens övergångar"  # figures stay
    labels = [e["label"] for e in deviation_timeline(deviation=deviation)]
    assert "Avslutad" in labels


def test_the_counterparts_handlers_are_emailed_after_the_report_commits(
    actors, personas, report, mailoutbox, delivered
):
    with delivered():
        deviation = services.deviation_report(actor=actors["reporter"], report=report())
    assert [m.to for m in mailoutbox] == [[personas["counterpart_handler"].email]]
    assert deviation.reference in mailoutbox[0].subject
    assert deviation.get_absolute_url() in mailoutbox[0].body
