"""The receiving side (issue 17): routing to unit, provider or coordinator and never to nobody;
pass on and send back; the answer on the facts; the reporting side's view of it; a disputed
case opens a disagreement; inner secrecy per role and relation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from samsyn.cases.models import Transition
from samsyn.core.access import actor_for, can
from samsyn.core.models import Notification
from samsyn.deviations import services
from samsyn.deviations.models import Deviation, Position, ReturnReason, Status, Verdict
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.deviations.services import receiving, routing
from samsyn.deviations.tests.factories import report_data, unit_person
from samsyn.disagreements.from_deviation import disagreement_from_deviation
from samsyn.disagreements.models import Category as DisagreementCategory
from samsyn.parties.models import CareProvider, CareUnit, Membership, Role
from samsyn.parties.tests.factories import UserFactory


def _told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def _fresh(deviation) -> Deviation:
    return Deviation.objects.get(pk=deviation.pk)


def _acknowledge(actor, deviation, position=Position.AGREES, **kwargs):
    return services.deviation_acknowledge(
        actor=actor,
        deviation=deviation,
        expected_version=deviation.version,
        position=position,
        **kwargs,
    )


def _answered(a, reported, position=Position.PARTLY):
    deviation = reported()
    _acknowledge(a["ward12_handler"], deviation, position, account="Vi skickade listan.")
    return receiving.deviation_answer(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        answer="Vi inför en checklista vid utskrivning.",
    )


# ---------------------------------------------------------------- 1 units and routing


def test_a_report_to_a_unit_goes_to_that_units_handlers(reported, people):
    deviation = reported()
    assert deviation.receiving_unit.name == "Avdelning 12, medicin"
    assert _told(people["ward12_handler"])
    assert not _told(people["sas_wide"]) and not _told(people["ward14_handler"])


def test_a_report_without_a_unit_goes_to_the_providers_own_handlers(reported, people):
    reported(unit=None)
    assert _told(people["sas_wide"])
    assert not _told(people["ward12_handler"])


def test_a_unit_without_handlers_falls_back_to_the_provider(reported, people, sas):
    empty = CareUnit.objects.create(provider=sas, name="Avdelning 30")
    deviation = reported(unit=None, receiving_unit=empty)
    assert deviation.receiving_unit == empty
    assert _told(people["sas_wide"])


def test_the_reporters_own_unit_is_recorded(reported, units):
    assert reported().reporting_unit == units["norr"]


def test_a_report_to_a_provider_without_handlers_lands_with_the_partys_coordinator(
    a, boras, document
):
    skas = CareProvider.objects.get(name="Skaraborgs Sjukhus")
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    coordinator = unit_person(koncern, Role.DEVIATION_COORDINATOR, None, "vgr_coordinator")
    receivers = routing.receivers_at(provider=skas)
    assert receivers.level == routing.COORDINATOR and receivers.users == [coordinator]
    assert "Västra Götalandsregionen" in receivers.label
    deviation = services.deviation_report(
        actor=a["nurse"],
        report=report_data(reporting_provider=boras, counterpart_provider=skas, document=document),
    )
    assert _told(coordinator)
    assert can(actor_for(coordinator), "deviations.handle", deviation.responsible_side)
    services.deviation_acknowledge(
        actor=actor_for(coordinator), deviation=deviation, expected_version=deviation.version
    )
    assert _fresh(deviation).status == Status.ACKNOWLEDGED


def test_reporting_to_a_provider_nobody_receives_is_refused_and_shown_as_a_gap(a, boras, document):
    skas = CareProvider.objects.get(name="Skaraborgs Sjukhus")
    with pytest.raises(ValidationError) as refused:
        services.deviation_report(
            actor=a["nurse"],
            report=report_data(
                reporting_provider=boras, counterpart_provider=skas, document=document
            ),
        )
    assert "Skaraborgs Sjukhus" in refused.value.message_dict["counterpart_provider"][0]
    assert not Deviation.objects.exists()
    gaps = routing.receiving_gaps(county_ids=[boras.party.county_id])
    assert skas in gaps and boras not in gaps


def test_a_unit_of_another_provider_is_refused_on_the_field(reported, units):
    with pytest.raises(ValidationError) as refused:
        reported(unit="norr")
    assert "receiving_unit" in refused.value.message_dict
    assert not Deviation.objects.exists()


def test_the_answer_is_due_after_the_days_of_the_governing_document(reported, document):
    document.answer_days = 30
    document.save()
    deviation = reported()
    created_on = timezone.localdate(deviation.created_at)
    assert deviation.answer_due == created_on + datetime.timedelta(days=30)


def test_the_answer_deadline_is_sixty_days_unless_the_document_says_otherwise(reported):
    deviation = reported()
    assert (deviation.answer_due - timezone.localdate(deviation.created_at)).days == 60


# ---------------------------------------------------------------- 2 pass on, send back


def test_the_receiver_passes_the_case_to_another_unit_with_history_and_notice(
    reported, a, people, units
):
    deviation = reported()
    due = (deviation.ack_due, deviation.answer_due)
    receiving.deviation_pass_on(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        unit=units["ward14"],
        note="Patienten låg på kirurgen.",
    )
    deviation = _fresh(deviation)
    assert deviation.receiving_unit == units["ward14"] and deviation.status == Status.SENT
    assert (deviation.ack_due, deviation.answer_due) == due
    assert deviation.transitions.filter(move="pass_on").exists()
    assert _told(people["ward14_handler"])
    # the first ward no longer reaches the case; the new one handles it
    assert deviation not in deviations_visible_to(a["ward12_handler"])
    assert can(a["ward14_handler"], "deviations.handle", deviation.responsible_side)


@override_settings(DEVIATION_PASS_ON_RESETS_DEADLINES=True)
def test_passing_on_restarts_the_deadlines_when_the_countys_routine_says_so(reported, a, units):
    deviation = reported()
    Deviation.objects.filter(pk=deviation.pk).update(
        answer_due=datetime.date(2020, 1, 1), ack_due=datetime.date(2020, 1, 1)
    )
    deviation = _fresh(deviation)
    receiving.deviation_pass_on(
        actor=a["sas_wide"],
        deviation=deviation,
        expected_version=deviation.version,
        unit=units["ward14"],
    )
    assert _fresh(deviation).answer_due > datetime.date(2020, 1, 1)


def test_passing_to_a_unit_of_another_provider_is_refused_and_nothing_saved(reported, a, units):
    deviation = reported()
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_pass_on(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            unit=units["norr"],
        )
    assert "unit" in refused.value.message_dict
    assert _fresh(deviation).receiving_unit == units["ward12"]
    assert not Transition.objects.filter(move="pass_on").exists()


def test_an_inactive_unit_is_not_offered_or_accepted_and_old_cases_keep_it(
    reported, a, units, boras, sas, document
):
    from samsyn.deviations.forms import ReportForm
    from samsyn.deviations.receiving_forms import PassOnForm
    from samsyn.parties.services import unit_change

    old = reported(unit="ward14")
    deviation = reported()
    unit_change(actor=None, unit=units["ward14"], kind="ward", is_active=False)
    form = ReportForm(providers=[boras], county=boras.party.county_id, initial={})
    assert units["ward14"] not in form.fields["receiving_unit"].queryset
    assert units["ward14"] not in PassOnForm(case=deviation).fields["unit"].queryset
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_pass_on(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            unit=units["ward14"],
        )
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        reported(unit="ward14")
    assert "receiving_unit" in refused.value.message_dict
    assert _fresh(old).receiving_unit == units["ward14"]


def test_only_the_receiver_passes_on(reported, a, units):
    deviation = reported()
    for who in ("nurse", "ward14_handler", "norr_handler"):
        with pytest.raises(PermissionDenied):
            receiving.deviation_pass_on(
                actor=a[who],
                deviation=deviation,
                expected_version=deviation.version,
                unit=units["ward14"],
            )


def test_sending_back_without_a_reason_is_refused_on_the_field(reported, a):
    deviation = reported()
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_send_back(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            reason=ReturnReason.WRONG_RECEIVER,
            note="  ",
        )
    assert "note" in refused.value.message_dict
    assert _fresh(deviation).status == Status.SENT


def test_a_case_sent_back_is_rerouted_by_the_reporting_side_with_new_deadlines(
    reported, a, people, document
):
    deviation = reported()
    receiving.deviation_send_back(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason=ReturnReason.WRONG_RECEIVER,
        note="Patienten vårdades på NU-sjukvården.",
    )
    assert _fresh(deviation).status == Status.RETURNED
    assert any(
        "sent back" in s.lower() or "skickades tillbaka" in s for s in _told(people["nurse"])
    )
    nu = CareProvider.objects.get(name="NU-sjukvården")
    nu_handler = unit_person(nu, Role.HANDLER, None, "nu_handler")
    with pytest.raises(PermissionDenied):  # not the receiver's move
        receiving.deviation_reroute(
            actor=a["ward12_handler"],
            deviation=_fresh(deviation),
            expected_version=_fresh(deviation).version,
            provider=nu,
        )
    deviation = _fresh(deviation)
    receiving.deviation_reroute(
        actor=a["norr_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        provider=nu,
    )
    deviation = _fresh(deviation)
    assert deviation.status == Status.SENT and deviation.counterpart_provider == nu
    assert deviation.receiving_unit is None and deviation.return_note == ""
    assert _told(nu_handler)
    moves = list(deviation.transitions.order_by("at", "pk").values_list("move", flat=True))
    assert moves[-2:] == ["send_back", "reroute"]


def test_a_case_that_is_not_a_deviation_in_cooperation_is_closed_by_the_reporting_side(reported, a):
    deviation = reported()
    receiving.deviation_send_back(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason=ReturnReason.NOT_IN_COOPERATION,
        note="Händelsen gällde bara vår egen avdelning.",
    )
    deviation = _fresh(deviation)
    with pytest.raises(ValidationError):
        receiving.deviation_withdraw(
            actor=a["nurse"], deviation=deviation, expected_version=deviation.version, note=""
        )
    receiving.deviation_withdraw(
        actor=a["nurse"],
        deviation=deviation,
        expected_version=deviation.version,
        note="Vi håller med.",
    )
    assert _fresh(deviation).status == Status.CLOSED


# ---------------------------------------------------------------- 3 the answer on the facts


@pytest.mark.parametrize(
    ("position", "account", "with_document", "field"),
    [
        ("", "", False, "position"),
        (Position.PARTLY, "", False, "receiver_account"),
        (Position.DISPUTES, "", True, "receiver_account"),
        (Position.DISPUTES, "Vi skickade listan.", False, "disputed_document"),
    ],
)
def test_the_receivers_view_is_refused_without_what_it_needs(
    reported, a, document, position, account, with_document, field
):
    deviation = reported()
    with pytest.raises(ValidationError) as refused:
        _acknowledge(
            a["ward12_handler"],
            deviation,
            position,
            account=account,
            document=document if with_document else None,
        )
    assert field in refused.value.message_dict
    assert _fresh(deviation).status == Status.SENT


def test_the_receiver_disputes_with_its_account_and_the_document_it_relies_on(
    reported, a, document
):
    deviation = reported()
    _acknowledge(
        a["ward12_handler"],
        deviation,
        Position.DISPUTES,
        account="Listan skickades.",
        document=document,
        section=document.sections.first(),
    )
    deviation = _fresh(deviation)
    assert deviation.position == Position.DISPUTES and deviation.disputed_document == document
    assert deviation.status == Status.ACKNOWLEDGED


def test_the_answer_needs_text_and_a_double_submitted_answer_is_one_answer(reported, a, people):
    deviation = reported()
    _acknowledge(a["ward12_handler"], deviation)
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_answer(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            answer="",
        )
    assert "answer" in refused.value.message_dict
    version = deviation.version
    for _ in range(2):
        receiving.deviation_answer(
            actor=a["ward12_handler"],
            deviation=_fresh(deviation),
            expected_version=version,
            answer="Checklista införs.",
        )
    assert deviation.transitions.filter(move="answer").count() == 1
    nurse_notes = Notification.objects.filter(user=people["nurse"], body__contains="Checklista")
    assert nurse_notes.count() == 1


def test_the_answer_is_overdue_after_its_deadline_and_lists_show_it(reported, a):
    from samsyn.deviations.selectors import overdue_q

    deviation = reported()
    _acknowledge(a["ward12_handler"], deviation)
    Deviation.objects.filter(pk=deviation.pk).update(
        answer_due=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert _fresh(deviation).answer_overdue()
    assert Deviation.objects.filter(overdue_q(), pk=deviation.pk).exists()


def test_only_the_reporting_side_accepts_the_answer(a, reported):
    deviation = _answered(a, reported)
    for who in ("ward12_handler", "sas_wide", "unrelated", "soder_reporter"):
        with pytest.raises(PermissionDenied):
            receiving.deviation_accept_answer(
                actor=a[who], deviation=deviation, expected_version=deviation.version
            )
    receiving.deviation_accept_answer(
        actor=a["nurse"], deviation=deviation, expected_version=deviation.version
    )
    assert _fresh(deviation).verdict == Verdict.ACCEPTED


def test_the_answer_is_questioned_once_with_a_reason(a, reported):
    deviation = _answered(a, reported)
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_question_answer(
            actor=a["nurse"], deviation=deviation, expected_version=deviation.version, reason=""
        )
    assert "question_reason" in refused.value.message_dict
    receiving.deviation_question_answer(
        actor=a["nurse"],
        deviation=deviation,
        expected_version=deviation.version,
        reason="Listan kom inte fram till oss.",
    )
    deviation = _fresh(deviation)
    assert deviation.verdict == Verdict.QUESTIONED and deviation.may_be_answered
    receiving.deviation_answer(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        answer="Vi ringer också hemsjukvården.",
    )
    deviation = _fresh(deviation)
    with pytest.raises(ValidationError):
        receiving.deviation_question_answer(
            actor=a["nurse"],
            deviation=deviation,
            expected_version=deviation.version,
            reason="Igen.",
        )
    receiving.deviation_accept_answer(
        actor=a["nurse"], deviation=deviation, expected_version=deviation.version
    )


def test_the_receiver_reclassifies_with_a_reason_and_the_history_keeps_the_original(a, reported):
    from samsyn.deviations.models import Category

    deviation = reported()
    original = deviation.category_id
    other = Category.objects.filter(is_active=True).exclude(pk=original).first()
    with pytest.raises(ValidationError):
        receiving.deviation_reclassify(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            reason="",
            category=other,
        )
    receiving.deviation_reclassify(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason="Det gällde informationsöverföring.",
        category=other,
    )
    assert _fresh(deviation).category == other
    row = deviation.transitions.get(move="reclassify")
    assert row.data["original_category"] == original
    assert row.note == "Det gällde informationsöverföring."


def test_a_questioned_case_opens_a_disagreement_at_step_1_with_both_accounts(a, reported, document):
    deviation = _answered(a, reported)
    receiving.deviation_question_answer(
        actor=a["nurse"],
        deviation=deviation,
        expected_version=deviation.version,
        reason="Listan kom inte fram.",
    )
    deviation = _fresh(deviation)
    category = DisagreementCategory.objects.create(name="Läkemedel vid utskrivning")
    with pytest.raises(PermissionDenied):  # the nurse is no manager
        disagreement_from_deviation(actor=a["nurse"], deviation=deviation, category=category)
    disagreement = disagreement_from_deviation(
        actor=a["boras_manager"], deviation=deviation, category=category
    )
    assert disagreement.current_step == 1
    assert deviation.description in disagreement.position_a
    assert "Listan kom inte fram." in disagreement.position_a
    assert "Vi skickade listan." in disagreement.position_b
    assert list(disagreement.deviations.all()) == [deviation]
    assert document in disagreement.documents.all()
    again = disagreement_from_deviation(
        actor=a["boras_manager"], deviation=_fresh(deviation), category=category
    )
    assert again == disagreement
    assert deviation.transitions.filter(move="open_disagreement").count() == 1


def test_a_disputed_case_opens_a_disagreement_with_the_document_the_receiver_cites(
    a, reported, document
):
    """Disputed on acknowledging, not questioned: the disagreement is offered at once, and
    carries the receiver's account and the document and section it relies on, beside the
    reporter's description and document."""
    from samsyn.deviations.tests.factories import document_make

    cited = document_make(code="TEST-UTSKRIVNING")
    section = cited.sections.first()
    deviation = reported()
    _acknowledge(
        a["ward12_handler"],
        deviation,
        Position.DISPUTES,
        account="Läkemedelslistan skickades elektroniskt enligt rutinen.",
        document=cited,
        section=section,
    )
    deviation = _fresh(deviation)
    assert deviation.in_dispute and not deviation.verdict
    category = DisagreementCategory.objects.create(name="Läkemedel vid utskrivning")
    disagreement = disagreement_from_deviation(
        actor=a["boras_manager"], deviation=deviation, category=category
    )
    assert disagreement.current_step == 1
    assert deviation.description in disagreement.position_a
    assert "Läkemedelslistan skickades elektroniskt" in disagreement.position_b
    assert set(disagreement.documents.all()) == {document, cited}
    assert section in disagreement.sections.all()


def test_first_line_managers_find_the_disputed_cases_on_their_start_page(a, reported, boras):
    from samsyn.disagreements.selectors import deviations_to_raise, start_section

    step2 = actor_for(unit_person(boras, Role.MANAGER_STEP2, None, "boras_step2"))
    deviation = _answered(a, reported)  # agreed in part and answered: not a dispute yet
    assert deviations_to_raise(a["boras_manager"]) == []
    receiving.deviation_question_answer(
        actor=a["nurse"],
        deviation=deviation,
        expected_version=deviation.version,
        reason="Listan kom inte fram.",
    )
    assert deviations_to_raise(a["boras_manager"]) == [deviation]
    assert deviations_to_raise(step2) == []  # the ladder starts at step 1
    assert deviations_to_raise(a["nurse"]) == []
    (section,) = start_section(a["boras_manager"])
    (group,) = section["groups"]
    assert group["heading"] == "Avvikelser i oenighet: öppna en oenighet?"
    assert group["rows"][0]["reference"] == deviation.reference
    assert section["primary"] == (
        f"Titta på oenigheten i {deviation.reference}",
        deviation.get_absolute_url(),
    )
    category = DisagreementCategory.objects.create(name="Läkemedel vid utskrivning")
    disagreement_from_deviation(
        actor=a["boras_manager"], deviation=_fresh(deviation), category=category
    )
    assert deviations_to_raise(a["boras_manager"]) == []


def test_a_case_nobody_disputes_opens_no_disagreement(a, reported):
    deviation = _answered(a, reported, Position.AGREES)
    category = DisagreementCategory.objects.create(name="Annat")
    with pytest.raises(ValidationError):
        disagreement_from_deviation(
            actor=a["boras_manager"], deviation=deviation, category=category
        )


# ---------------------------------------------------------------- 6 inner secrecy

# Who sees the nurse's report from Hemtjänst Norr (Borås Stad) to Avdelning 12 (SÄS):
# role × relation (own report, own unit, other unit of the same provider, counterpart unit,
# another unit of the counterpart, provider-wide, unrelated).
SEES = {
    "nurse": True,  # own report
    "colleague": True,  # a reporter of the same unit
    "norr_handler": True,  # a handler of the reporting unit
    "soder_reporter": False,  # a reporter of another unit of the same provider
    "soder_handler": False,  # a handler of another unit of the same provider
    "boras_wide": True,  # the reporting provider's provider-wide handler
    "ward12_reporter": True,  # a reporter of the receiving unit
    "ward12_handler": True,  # a handler of the receiving unit
    "ward14_handler": False,  # another unit of the counterpart
    "sas_wide": True,  # the counterpart's provider-wide handler
    "boras_manager": True,  # managers see their provider's cases
    "unrelated": False,
}


def test_who_sees_a_case_follows_unit_own_report_and_provider_wide_role(a, reported):
    deviation = reported()
    seen = {name: deviation in deviations_visible_to(a[name]) for name in SEES}
    judged = {name: can(a[name], "deviations.view", deviation) for name in SEES}
    assert seen == SEES
    assert judged == SEES


def test_a_reporter_who_moved_to_another_unit_still_sees_her_own_report(a, reported, people):
    deviation = reported()
    Membership.objects.filter(user=people["nurse"]).update(
        unit=CareUnit.objects.get(name="Hemtjänst Söder")
    )
    assert deviation in deviations_visible_to(actor_for(people["nurse"]))


def test_exports_follow_the_same_rule(client, reported, people):
    from django.urls import reverse

    reported()
    client.force_login(people["soder_reporter"])
    rows = client.get(reverse("deviations:export_csv"))
    body = b"".join(rows.streaming_content).decode() if rows.streaming else rows.content.decode()
    assert "Läkemedelslista" not in body
    client.force_login(people["colleague"])
    rows = client.get(reverse("deviations:export_csv"))
    body = b"".join(rows.streaming_content).decode() if rows.streaming else rows.content.decode()
    assert "Läkemedelslista" in body


def test_only_the_receiving_unit_and_the_provider_wide_handler_handle_the_case(a, reported):
    side = reported().responsible_side
    handles = {n for n in SEES if can(a[n], "deviations.handle", side)}
    assert handles == {"ward12_handler", "sas_wide"}


# ---------------------------------------------------------------- 4 and 7 what waits for whom


def test_the_to_do_list_separates_incoming_and_outgoing_and_follows_the_case(a, reported):
    from samsyn.deviations.worklist import my_reports, todo_for

    deviation = reported()
    ward = todo_for(a["ward12_handler"])
    assert ward.incoming["acknowledge"] == [deviation] and not ward.outgoing.get("judge")
    assert todo_for(a["ward14_handler"]).incoming["acknowledge"] == []
    _acknowledge(a["ward12_handler"], deviation, Position.PARTLY, account="Delvis.")
    assert todo_for(a["ward12_handler"]).incoming["answer"] == [deviation]
    receiving.deviation_answer(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        answer="Checklista.",
    )
    nurse = todo_for(a["nurse"])
    assert nurse.outgoing["judge"] == [deviation] and nurse.waiting_for_others == 0
    assert todo_for(a["norr_handler"]).outgoing["judge"] == [deviation]
    receiving.deviation_question_answer(
        actor=a["nurse"], deviation=deviation, expected_version=deviation.version, reason="Nej."
    )
    assert todo_for(a["ward12_handler"]).incoming["questioned"] == [deviation]
    nurse = todo_for(a["nurse"])
    assert nurse.outgoing["judge"] == [] and nurse.waiting_for_others == 1
    assert list(my_reports(a["nurse"])) == [deviation]
    assert list(my_reports(a["colleague"])) == []


def _analysed(a, deviation):
    from samsyn.deviations.models import Cause

    return services.deviation_analyse(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        causes=[Cause.objects.get(name="Kommunikationsbrist mellan vårdgivare")],
        analysis="Utskrivningsrutinen saknar en kontrollpunkt.",
    )


def _brought_to_close(a, deviation):
    """The ward analyses, decides a measure, follows up and closes the case."""
    ward = a["ward12_handler"]
    _analysed(a, deviation)
    services.measure_add(
        actor=ward,
        deviation=deviation,
        owner_provider=deviation.counterpart_provider,
        description="Kontrollpunkt för läkemedelslistan.",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    deviation = _fresh(deviation)
    services.deviation_decide_measures(
        actor=ward, deviation=deviation, expected_version=deviation.version
    )
    services.deviation_follow_up(
        actor=ward,
        deviation=deviation,
        expected_version=deviation.version,
        follow_up="Checklistan fungerar: inga nya avvikelser.",
    )
    return services.deviation_close(
        actor=ward, deviation=deviation, expected_version=deviation.version, note="Avslutas."
    )


def test_the_reporter_and_her_units_handler_hear_the_outcome_when_answered_and_closed(
    a, reported, people
):
    from django.conf import settings

    from samsyn.outbox.models import OutboxMessage

    deviation = _answered(a, reported)
    closed = _brought_to_close(a, _fresh(deviation))
    assert closed.status == Status.CLOSED
    for who in ("nurse", "norr_handler"):
        notes = Notification.objects.filter(user=people[who], url=deviation.get_absolute_url())
        answered = notes.get(subject__endswith="Mottagaren har svarat")
        assert "Instämmer delvis" in answered.body and "checklista" in answered.body
        outcome = notes.get(subject__endswith="Avvikelsen är avslutad").body
        assert "Södra Älvsborgs Sjukhus har avslutat ärendet." in outcome
        assert "Vad mottagaren kom fram till: Utskrivningsrutinen saknar" in outcome
        assert "Åtgärd: Kontrollpunkt för läkemedelslistan. (klar senast" in outcome
        assert "Lärdom från uppföljningen: Checklistan fungerar" in outcome
        assert "Vid avslut: Avslutas." in outcome
        mail = OutboxMessage.objects.get(user=people[who], notification__body=outcome)
        assert f"{settings.SITE_URL}{deviation.get_absolute_url()}" in mail.body
    # Not to the receiver, who closed it, nor to another unit of the reporting provider.
    for who in ("ward12_handler", "soder_handler", "soder_reporter"):
        assert not any("avslutad" in s for s in _told(people[who]))


def test_the_to_do_list_holds_answers_due_overdue_first_and_measures_due(a, reported):
    from samsyn.deviations.worklist import todo_for

    on_time, late = reported(), reported()
    for deviation in (on_time, late):
        _acknowledge(a["ward12_handler"], deviation)
    Deviation.objects.filter(pk=late.pk).update(
        answer_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert todo_for(a["ward12_handler"]).incoming["answer"] == [late, on_time]
    services.measure_add(
        actor=a["ward12_handler"],
        deviation=_analysed(a, _fresh(on_time)),
        owner_provider=on_time.counterpart_provider,
        description="Kontrollpunkt för läkemedelslistan.",
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    todo = todo_for(a["ward12_handler"])
    assert todo.incoming["measures"] == [on_time]
    # The reporting side waits: nothing of it is on the nurse's to-do list, only as a count.
    nurse = todo_for(a["nurse"])
    assert not any(nurse.incoming.values()) and not any(nurse.outgoing.values())
    assert nurse.waiting_for_others == 2


def test_a_case_sent_back_is_on_the_reporting_sides_list(a, reported):
    from samsyn.deviations.worklist import todo_for, todo_sections

    deviation = reported()
    receiving.deviation_send_back(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason=ReturnReason.WRONG_RECEIVER,
        note="Fel sjukhus.",
    )
    assert todo_for(a["nurse"]).outgoing["sent_back"] == [deviation]
    assert todo_for(a["ward12_handler"]).incoming["acknowledge"] == []
    (section,) = todo_sections(a["nurse"])
    assert section["groups"][0]["heading"] == "Ärenden som skickats tillbaka till er"
    assert section["groups"][0]["rows"][0]["reference"] == deviation.reference
    assert section["primary"] == (
        f"Rätta och skicka om {deviation.reference}",
        deviation.get_absolute_url(),
    )


# ---------------------------------------------------------------- 5 lifting lands somewhere


@pytest.fixture
def lifted(a, reported, units):
    """lifted(level) -> the nurse's case, acknowledged and lifted by the ward."""
    from samsyn.deviations.models import LiftedLevel

    def make(level=LiftedLevel.SUB_REGIONAL):
        deviation = reported()
        _acknowledge(a["ward12_handler"], deviation)
        return services.deviation_lift(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            level=level,
            reason="Rutinen för utskrivning saknas i hela området.",
        )

    return make


@pytest.fixture
def coordinators(boras, sas):
    from samsyn.parties.models import CooperationArea

    area = CooperationArea.objects.get(members=boras.party)
    other = CooperationArea.objects.exclude(pk=area.pk).first()

    def person(role, username, area=None):
        user = UserFactory(username=username)
        Membership.objects.create(user=user, provider=sas, role=role, area=area)
        return user

    return {
        "here": person(Role.SUBREGIONAL_COORDINATOR, "sodra_alvsborg", area),
        "there": person(Role.SUBREGIONAL_COORDINATOR, "fyrbodal", other),
        "county": person(Role.COUNTY_COORDINATOR, "lanet"),
    }


def test_a_case_lifted_to_the_sub_regional_level_lands_with_that_areas_coordinator(
    lifted, coordinators, people
):
    from samsyn.deviations.models import LiftDecision

    deviation = lifted()
    assert _told(coordinators["here"]) and not _told(coordinators["there"])
    assert not _told(coordinators["county"])
    here = actor_for(coordinators["here"])
    assert deviation in deviations_visible_to(here)
    assert deviation not in deviations_visible_to(actor_for(coordinators["there"]))
    for who in ("there", "county"):
        with pytest.raises(PermissionDenied):
            receiving.deviation_lift_decide(
                actor=actor_for(coordinators[who]),
                deviation=deviation,
                expected_version=deviation.version,
                decision=LiftDecision.ACCEPTED,
            )
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_lift_decide(
            actor=here,
            deviation=deviation,
            expected_version=deviation.version,
            decision=LiftDecision.RETURNED,
            note="",
        )
    assert "note" in refused.value.message_dict
    receiving.deviation_lift_decide(
        actor=here,
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.MORE_ASKED,
        note="Hur många utskrivningar gäller det?",
    )
    deviation = _fresh(deviation)
    assert deviation.lift_decision == LiftDecision.MORE_ASKED
    assert any(
        "samordnarna" in s.lower() or "coordinators" in s.lower() for s in _told(people["nurse"])
    )
    assert _told(people["ward12_handler"])


def test_a_case_lifted_to_the_county_lands_with_the_county_coordinator(lifted, coordinators):
    from samsyn.deviations.models import LiftDecision, LiftedLevel

    deviation = lifted(LiftedLevel.COUNTY)
    assert _told(coordinators["county"]) and not _told(coordinators["here"])
    receiving.deviation_lift_decide(
        actor=actor_for(coordinators["county"]),
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.ACCEPTED,
    )
    assert _fresh(deviation).lift_decision == LiftDecision.ACCEPTED


def test_a_lifted_case_sent_back_waits_no_more_for_its_coordinators(lifted, coordinators):
    from samsyn.deviations.models import LiftDecision
    from samsyn.deviations.worklist import lifted_section

    deviation = lifted()
    here = actor_for(coordinators["here"])
    receiving.deviation_lift_decide(
        actor=here,
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.MORE_ASKED,
        note="Hur ofta händer det?",
    )
    (waiting,) = lifted_section(here)
    (group,) = waiting["groups"]
    assert [row["url"] for row in group["rows"]] == [deviation.get_absolute_url()]
    assert group["count"] == 1
    receiving.deviation_lift_decide(
        actor=here,
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.RETURNED,
        note="Det gäller bara en avdelning: hanteras av parterna.",
    )
    (waiting,) = lifted_section(here)
    assert waiting["groups"] == [] and waiting["primary"] is None
    with pytest.raises(ValidationError) as refused:
        receiving.deviation_lift_decide(
            actor=here,
            deviation=_fresh(deviation),
            expected_version=_fresh(deviation).version,
            decision=LiftDecision.ACCEPTED,
        )
    assert refused.value.messages == ["Samordnarna har redan beslutat om det lyfta ärendet."]
    assert _fresh(deviation).lift_decision == LiftDecision.RETURNED
    assert _fresh(deviation).transitions.filter(move="accept_lift").count() == 0


def test_the_forum_a_lifted_case_lands_in_is_named_on_the_case_and_in_the_notice(
    lifted, coordinators, client, people
):
    from samsyn.deviations.models import LiftedLevel

    sub_regional = lifted()
    assert sub_regional.lift_side.forum() == "Södra Älvsborg"
    county = lifted(LiftedLevel.COUNTY)
    forum = "Länsgemensamt patientsäkerhetsforum"
    assert county.lift_side.forum() == forum
    assert any(forum in subject for subject in _told(coordinators["county"]))
    client.force_login(people["nurse"])
    assert f"Länsnivå ({forum})" in client.get(county.get_absolute_url()).content.decode()


def test_lifting_without_a_reason_is_refused_and_nothing_saved(a, reported):
    deviation = reported()
    with pytest.raises(ValidationError) as refused:
        services.deviation_lift(
            actor=a["ward12_handler"],
            deviation=deviation,
            expected_version=deviation.version,
            level="sub_regional",
            reason=" ",
        )
    assert "lifted_reason" in refused.value.message_dict
    assert _fresh(deviation).lifted_level == ""


def test_an_answer_past_its_deadline_reminds_the_receiving_unit_once_a_day(a, reported, people):
    from samsyn.deviations.reminders import deviation_reminders_send

    deviation = reported()
    _acknowledge(a["ward12_handler"], deviation)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Deviation.objects.filter(pk=deviation.pk).update(answer_due=yesterday, analysis_due=None)
    assert deviation_reminders_send() == 1
    assert deviation_reminders_send() == 0
    reminders = Notification.objects.filter(
        user=people["ward12_handler"], subject__contains=str(yesterday)
    )
    assert reminders.count() == 1


def test_the_coordinator_lists_only_what_lands_with_the_coordinator(a, reported, boras, document):
    from samsyn.deviations.worklist import todo_for

    koncern = CareProvider.objects.get(name="Koncernkontoret")
    coordinator = actor_for(unit_person(koncern, Role.DEVIATION_COORDINATOR, None, "vgr_coord"))
    handled = reported()  # SÄS's ward has handlers: not the coordinator's
    skas = CareProvider.objects.get(name="Skaraborgs Sjukhus")
    landed = services.deviation_report(
        actor=a["nurse"],
        report=report_data(reporting_provider=boras, counterpart_provider=skas, document=document),
    )
    todo = todo_for(coordinator)
    assert todo.incoming["acknowledge"] == [landed]
    assert handled in deviations_visible_to(coordinator)  # sees the party's cases all the same


def test_the_receiving_level_alone_agrees_with_who_receives(people, sas, units):
    """routing.receiving_level (the case page's patient section asks it of both sides) finds
    the same level as receivers_at, at every level and for nobody."""
    skas = CareProvider.objects.get(name="Skaraborgs Sjukhus")
    empty = CareUnit.objects.create(provider=sas, name="Avdelning 30")
    places = [
        (sas, None),
        (sas, empty),
        (skas, None),
        *((p, u) for u in units.values() for p in [u.provider]),
    ]

    def levels():
        return [
            (
                routing.receiving_level(provider=p, unit=u),
                routing.receivers_at(provider=p, unit=u).level,
            )
            for p, u in places
        ]

    before = levels()
    assert all(fast == full for fast, full in before)
    assert {routing.UNIT, routing.PROVIDER, ""} <= {full for _fast, full in before}
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    unit_person(koncern, Role.DEVIATION_COORDINATOR, None, "vgr_coordinator")
    after = levels()
    assert all(fast == full for fast, full in after)
    assert routing.COORDINATOR in {full for _fast, full in after}
