"""Each rule of the ladder in the service layer (DOMAIN.md §3, the addendum presentation,
#HoSavtal2027, the joint steering group's notes of 2025-08-12)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from samsyn.audit.selectors import audit_events_for
from samsyn.cases.workflow import BAD_TRANSITION
from samsyn.core.access import actor_for
from samsyn.core.models import Notification
from samsyn.core.services import CONCURRENT_EDIT
from samsyn.disagreements import services
from samsyn.disagreements.models import (
    Disagreement,
    EconomicSettlement,
    EscalationStep,
    Lesson,
)
from samsyn.disagreements.selectors import (
    disagreements_visible_to,
    disagreements_waiting_for,
    lessons_search,
    lessons_similar_to,
)
from samsyn.disagreements.services import cases, economic_agreements, lessons, step3
from samsyn.disagreements.services import ladder as rules
from samsyn.disagreements.tests.factories import (
    TODAY,
    category,
    document_with_sections,
    escalate,
    open_case,
    resolve,
    settle,
    settle_confirmed,
)

pytestmark = pytest.mark.django_db
PNR = "Patienten 19121212-1212 flyttades."


def _errors(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_a_new_disagreement_starts_at_step_1_and_tells_step_1_managers_of_both_parties(
    ladder, boras, sas
):
    d = open_case(ladder["boras1"], boras, sas)
    assert d.status == Disagreement.Status.OPEN and d.current_step == 1 and not d.is_dispute
    assert d.steps.get().number == 1
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"chef1.sas.t"}  # the author is not told about their own case
    assert audit_events_for(target=d).first().action == "disagreements.disagreement.created"


def test_a_disagreement_needs_two_different_parties(ladder, boras):
    from samsyn.parties.models import CareProvider

    other_boras = CareProvider.objects.create(
        party=boras.party, name="Borås hemsjukvård", kind="municipal"
    )
    with pytest.raises(ValidationError) as exc:
        open_case(ladder["boras1"], boras, other_boras)
    assert str(cases.SAME_PARTY) in _errors(exc)
    assert not Disagreement.objects.exists()


def test_only_a_manager_of_the_raising_party_may_register(ladder, boras, sas, skovde):
    with pytest.raises(ValidationError) as exc:
        open_case(ladder["skovde1"], boras, sas)
    assert str(cases.NOT_YOUR_PARTY) in _errors(exc)


def test_free_text_with_a_personal_identity_number_is_refused(ladder, boras, sas):
    with pytest.raises(ValidationError) as exc:
        open_case(ladder["boras1"], boras, sas, question=PNR)
    assert "question" in exc.value.message_dict
    assert not Disagreement.objects.exists()


def test_registering_an_affected_patient_without_an_answer_on_their_needs_is_refused(
    ladder, boras, sas
):
    with pytest.raises(ValidationError) as exc:
        open_case(ladder["boras1"], boras, sas, patient_affected=True)
    errors = exc.value.message_dict
    assert errors["patient_affected"] == [cases.PATIENT_ANSWER_REQUIRED]
    assert errors["temporary_solution"] == [cases.TEMPORARY_SOLUTION_EMPTY]
    assert errors["temporary_solution_from"] == [cases.TEMPORARY_SOLUTION_FROM_EMPTY]
    assert not Disagreement.objects.exists()


def test_an_answer_that_no_interim_solution_is_needed_registers_with_its_reason(ladder, boras, sas):
    d = services.disagreement_create(
        actor=actor_for(ladder["boras1"]),
        case=services.DisagreementRegistration(
            provider_a=boras,
            provider_b=sas,
            title="T",
            question="Q",
            position_a="P",
            category=category(),
            patient_affected=True,
            temporary_solution_none=True,
            temporary_solution="Patienten vårdas kvar på avdelningen, som planerat.",
        ),
    )
    assert d.has_patient_answer and d.temporary_solution_from is None
    answer = d.patient_answers.get()
    assert answer.none_needed and answer.by == ladder["boras1"] and answer.step == 1


def test_an_earlier_case_without_an_answer_cannot_leave_step_1(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    Disagreement.objects.filter(pk=d.pk).update(temporary_solution="", temporary_solution_from=None)
    d.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        escalate(ladder["boras1"], d)
    assert exc.value.message_dict["temporary_solution"] == [cases.TEMPORARY_SOLUTION_REQUIRED]
    d.refresh_from_db()
    assert d.current_step == 1 and d.steps.count() == 1


def test_each_change_of_the_patient_answer_is_kept_shown_and_audited(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    services.temporary_solution_set(
        actor=actor_for(ladder["sas1"]),
        disagreement=d,
        text="Sjukhuset behåller patienten tills vidare.",
        valid_from=TODAY,
        expected_version=d.version,
    )
    d = escalate(ladder["sas1"], d)
    assert d.current_step == 2
    versions = list(d.patient_answers.values_list("text", "by__username", "step"))
    assert versions == [
        ("Sjukhuset behåller patienten tills vidare.", "chef1.sas.t", 1),
        (
            "Hemsjukvården i Borås tar över insatserna, sjukhuset stöttar med läkarkontakt.",
            "chef1.boras.t",
            1,
        ),
    ]
    assert (
        audit_events_for(target=d)
        .filter(action="disagreements.disagreement.temporary_solution_set")
        .exists()
    )


def test_only_the_current_steps_owners_update_the_patient_answer(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    with pytest.raises(PermissionDenied):
        services.temporary_solution_set(
            actor=actor_for(ladder["sas2"]),
            disagreement=d,
            text="Annat.",
            valid_from=TODAY,
            expected_version=d.version,
        )
    assert d.patient_answers.count() == 1


def test_the_database_refuses_step_2_for_an_affected_patient_without_temporary_solution(
    ladder, boras, sas
):
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disagreement.objects.filter(pk=d.pk).update(current_step=2, temporary_solution="")


def test_reaching_step_3_makes_a_dispute_and_tells_step_3_managers(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    d = escalate(ladder["boras1"], d)
    assert not d.is_dispute
    d = escalate(ladder["boras2"], d)
    assert d.current_step == 3 and d.is_dispute
    subjects = Notification.objects.filter(user=ladder["sas3"]).values_list("subject", flat=True)
    assert any("TVIST" in s for s in subjects)
    assert [s.outcome for s in d.steps.order_by("id")] == ["escalated", "escalated", ""]


def test_escalating_needs_a_reason(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(ValidationError) as exc:
        escalate(ladder["boras1"], d, reason=" ")
    assert exc.value.message_dict["reason"] == [rules.REASON_REQUIRED]


def test_step_3_is_the_top(ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    with pytest.raises(ValidationError) as exc:
        escalate(ladder["boras3"], d)
    assert str(rules.ALREADY_AT_TOP) in _errors(exc)


def test_skipping_a_step_without_a_reason_is_refused(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(ValidationError) as exc:
        services.step_skip_propose(
            actor=actor_for(ladder["boras1"]), disagreement=d, reason="", expected_version=d.version
        )
    assert exc.value.message_dict["reason"] == [rules.SKIP_REASON_REQUIRED]


def test_skipping_a_step_needs_the_other_party_to_agree(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    services.step_skip_propose(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        reason="Frågan gäller hela länet; bara högsta nivån kan avgöra.",
        expected_version=d.version,
    )
    d.refresh_from_db()
    assert d.current_step == 1
    with pytest.raises(ValidationError) as exc:
        services.step_skip_accept(
            actor=actor_for(ladder["boras2"]), disagreement=d, expected_version=d.version
        )
    assert str(rules.SKIP_NEEDS_OTHER_PARTY) in _errors(exc)
    services.step_skip_accept(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.current_step == 3 and d.is_dispute
    skipped = d.steps.get(number=2)
    assert skipped.outcome == EscalationStep.Outcome.SKIPPED
    assert "hela länet" in skipped.outcome_text and "godkänt av" in skipped.outcome_text


def test_a_declined_skip_leaves_the_case_at_step_1(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    services.step_skip_propose(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        reason="Brådskande.",
        expected_version=d.version,
    )
    d.refresh_from_db()
    services.step_skip_decline(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.current_step == 1 and not d.skip_proposed_by_party_id


def test_a_case_can_be_resolved_early_at_step_1(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    d = resolve(
        ladder["sas1"],
        d,
        "Sjukhuset ringer hemsjukvården före utskrivning.",
        confirmer=ladder["boras1"],
    )
    assert d.status == Disagreement.Status.RESOLVED and d.current_step == 1
    assert d.steps.get().outcome == EscalationStep.Outcome.RESOLVED


def test_step_3_outcomes_are_recorded_only_by_the_highest_level(ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    with pytest.raises(PermissionDenied):
        services.disagreement_resolve(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            solution="Överens.",
            expected_version=d.version,
        )


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100")])
def test_a_settlement_with_a_non_positive_amount_is_refused(ladder, boras, sas, amount):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    with pytest.raises(ValidationError) as exc:
        settle(ladder["boras3"], d, payer=boras.party, payee=sas.party, amount=amount)
    assert exc.value.message_dict["amount"] == [step3.AMOUNT_NOT_POSITIVE]
    assert not EconomicSettlement.objects.exists()


def test_a_settlement_above_the_limit_is_refused_until_it_is_confirmed(
    ladder, boras, sas, settings
):
    from samsyn.core.amounts import AMOUNT_NEEDS_CONFIRMATION

    settings.AMOUNT_CONFIRM_ABOVE = 1_000_000
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    with pytest.raises(ValidationError) as exc:
        settle(
            ladder["boras3"], d, payer=boras.party, payee=sas.party, amount=Decimal("1000000000")
        )
    assert exc.value.message_dict["amount"] == [
        AMOUNT_NEEDS_CONFIRMATION.format(
            amount="1\u00a0000\u00a0000\u00a0000,00 kr", limit="1\u00a0000\u00a0000,00 kr"
        )
    ]
    assert not EconomicSettlement.objects.exists()
    services.settlement_record(
        actor=actor_for(ladder["boras3"]),
        disagreement=d,
        expected_version=d.version,
        terms=services.SettlementTerms(
            payer=boras.party,
            payee=sas.party,
            amount=Decimal("1000000000"),
            basis="Bekräftat belopp.",
            decided_on=TODAY,
            amount_confirmed=True,
        ),
    )
    assert EconomicSettlement.objects.get().amount == Decimal("1000000000")


def test_a_settlement_where_payer_is_payee_is_refused(ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    with pytest.raises(ValidationError) as exc:
        settle(ladder["boras3"], d, payer=boras.party, payee=boras.party)
    assert exc.value.message_dict["payee"] == [step3.PAYER_IS_PAYEE]
    assert not EconomicSettlement.objects.exists()


def test_the_database_refuses_a_non_positive_settlement(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(IntegrityError), transaction.atomic():
        EconomicSettlement.objects.create(
            disagreement=d,
            payer=boras.party,
            payee=sas.party,
            amount=Decimal("0"),
            basis="x",
            decided_on=TODAY,
        )


def test_a_settlement_before_step_3_is_refused(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(ValidationError) as exc:
        settle(ladder["boras3"], d, payer=boras.party, payee=sas.party)
    assert step3.SETTLEMENT_ONLY_AT_STEP3.format(step=1) in _errors(exc)


@pytest.mark.parametrize("steps_up", [0, 1])
def test_a_court_referral_before_step_3_is_refused(ladder, boras, sas, steps_up):
    d = open_case(ladder["boras1"], boras, sas)
    for _ in range(steps_up):
        d = escalate(ladder["boras1"], d)
    with pytest.raises(ValidationError) as exc:
        services.court_refer(
            actor=actor_for(ladder["boras3"]),
            disagreement=d,
            court="Borås tingsrätt",
            case_number="T 123-27",
            referred_on=TODAY,
            expected_version=d.version,
        )
    assert step3.COURT_ONLY_AT_STEP3.format(step=d.current_step) in _errors(exc)
    d.refresh_from_db()
    assert d.status == Disagreement.Status.OPEN


def test_a_dispute_goes_to_court_and_the_judgment_resolves_it(ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    services.court_refer(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        court="Borås tingsrätt",
        case_number="T 123-27",
        referred_on=TODAY,
        expected_version=d.version,
    )
    d.refresh_from_db()
    assert d.status == Disagreement.Status.IN_COURT
    services.court_judgment_record(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        judgment="Kommunen har rätt till ersättning.",
        judgment_on=TODAY,
        expected_version=d.version,
    )
    d.refresh_from_db()
    assert d.status == Disagreement.Status.RESOLVED
    assert d.resolution == Disagreement.Resolution.COURT_JUDGMENT


def test_closing_without_a_lesson_is_refused(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    with pytest.raises(ValidationError) as exc:
        services.disagreement_close(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            title="Rubrik",
            solution="Lösning",
            lesson="",
            expected_version=d.version,
        )
    assert exc.value.message_dict["lesson"] == [lessons.LESSON_REQUIRED]
    d.refresh_from_db()
    assert d.status == Disagreement.Status.RESOLVED and not Lesson.objects.exists()


def test_a_lesson_with_a_personal_identity_number_is_not_published(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    with pytest.raises(ValidationError) as exc:
        services.disagreement_close(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            title="Rubrik",
            solution="Lösning",
            lesson=PNR,
            expected_version=d.version,
        )
    assert "lesson" in exc.value.message_dict
    assert not lessons_search(actor=actor_for(ladder["boras1"])).exists()


def test_the_privacy_guard_checks_again_right_before_publishing(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    lesson = Lesson(
        disagreement=d,
        county_id=d.county_id,
        category=d.category,
        step_reached=1,
        resolution="agreement",
        title="T",
        solution="S",
        lesson=PNR,
    )
    Lesson.objects.bulk_create([lesson])  # as if it slipped past validation
    lesson = Lesson.objects.get(disagreement=d)
    with pytest.raises(ValidationError):
        services.lesson_publish(actor=None, lesson=lesson)
    lesson.refresh_from_db()
    assert lesson.published_at is None


def test_a_status_move_not_in_the_table_is_refused_naming_both_states(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(ValidationError) as exc:
        services.disagreement_close(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            title="T",
            solution="S",
            lesson="L",
            expected_version=d.version,
        )
    assert gettext(BAD_TRANSITION).format(current="Pågår, steg 1", target="Avslutad") in _errors(
        exc
    )


def test_reopening_is_recorded_with_its_reason_and_unpublishes_the_lesson(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    services.disagreement_close(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        title="T",
        solution="S",
        lesson="L",
        expected_version=d.version,
    )
    d.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.disagreement_reopen(
            actor=actor_for(ladder["sas1"]), disagreement=d, reason="", expected_version=d.version
        )
    assert exc.value.message_dict["reason"] == [rules.REOPEN_REASON_REQUIRED]
    services.disagreement_reopen(
        actor=actor_for(ladder["sas1"]),
        disagreement=d,
        reason="Lösningen följs inte.",
        expected_version=d.version,
    )
    d.refresh_from_db()
    assert d.status == Disagreement.Status.OPEN and d.closed_at is None
    assert audit_events_for(target=d).filter(action="disagreements.disagreement.reopened").exists()
    assert d.steps.get(outcome="").opened_reason == "Lösningen följs inte."
    assert not lessons_search(actor=actor_for(ladder["boras1"])).exists()
    assert d.steps.filter(outcome="").count() == 1


def test_a_settled_dispute_cannot_be_reopened(ladder, boras, sas):
    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    d = settle_confirmed(
        ladder["boras3"], d, confirmer=ladder["sas3"], payer=sas.party, payee=boras.party
    )
    with pytest.raises(ValidationError) as exc:
        services.disagreement_reopen(
            actor=actor_for(ladder["boras3"]),
            disagreement=d,
            reason="Nej.",
            expected_version=d.version,
        )
    assert str(rules.REOPEN_FINAL) in _errors(exc)


def test_optimistic_locking_refuses_a_stale_version(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    stale = d.version
    services.disagreement_update(
        actor=actor_for(ladder["sas1"]),
        disagreement=d,
        data={"position_b": "Sjukhuset anser att patienten var klar."},
        expected_version=stale,
    )
    fresh = Disagreement.objects.get(pk=d.pk)
    with pytest.raises(ValidationError) as exc:
        services.disagreement_escalate(
            actor=actor_for(ladder["boras1"]),
            disagreement=fresh,
            reason="Vidare.",
            expected_version=stale,
        )
    assert str(CONCURRENT_EDIT) in _errors(exc)
    fresh.refresh_from_db()
    assert fresh.current_step == 1 and fresh.steps.count() == 1


def test_an_analyst_reads_but_may_not_write(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    analyst = actor_for(ladder["analyst"])
    assert d in disagreements_visible_to(analyst)
    with pytest.raises(PermissionDenied):
        services.disagreement_escalate(
            actor=analyst, disagreement=d, reason="x", expected_version=d.version
        )


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("boras1", True),
        ("sas3", True),
        ("skovde1", False),
        ("analyst", True),
        ("handler", False),
    ],
)
def test_who_sees_a_disagreement(ladder, boras, sas, who, sees):
    d = open_case(ladder["boras1"], boras, sas)
    assert (d in disagreements_visible_to(actor_for(ladder[who]))) is sees


def test_the_inbox_shows_cases_at_my_step(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    assert disagreements_waiting_for(actor_for(ladder["sas1"])) == [d]
    assert disagreements_waiting_for(actor_for(ladder["sas2"])) == []
    escalate(ladder["boras1"], d)
    assert disagreements_waiting_for(actor_for(ladder["sas2"])) == [d]


def test_step_participants_must_work_for_one_of_the_parties(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    with pytest.raises(ValidationError) as exc:
        services.step_update(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            participants=[ladder["boras1"], ladder["skovde1"]],
            deadline=None,
        )
    assert "participants" in exc.value.message_dict
    services.step_update(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        participants=[ladder["boras1"], ladder["sas1"]],
        deadline=None,
    )
    assert d.steps.get().participants.count() == 2


def test_economic_agreement_can_be_made_without_a_dispute(ladder, boras, sas):
    agreement = services.economic_agreement_create(
        actor=actor_for(ladder["boras2"]),
        terms=services.EconomicAgreementTerms(
            party_a=boras.party,
            party_b=sas.party,
            area="Hjälpmedel i hemmet",
            responsibility="Kommunen förskriver.",
            compensation="Regionen ersätter 50 %.",
            valid_from=TODAY,
        ),
    )
    assert agreement.disagreement is None
    with pytest.raises(ValidationError) as exc:
        services.economic_agreement_create(
            actor=actor_for(ladder["boras2"]),
            terms=services.EconomicAgreementTerms(
                party_a=boras.party,
                party_b=boras.party,
                area="x",
                responsibility="x",
                compensation="x",
                valid_from=TODAY,
            ),
        )
    assert exc.value.message_dict["party_b"] == [economic_agreements.AGREEMENT_SAME_PARTY]


def test_an_administrator_appoints_and_removes_step_managers_for_own_party_only(
    ladder, boras, sas, personas
):
    from samsyn.parties.models import Membership, Role

    admin = actor_for(ladder["admin_boras"])
    m = services.organisation_appoint(
        actor=admin, party=boras.party, user=personas["handler"], provider=boras, step=2
    )
    assert m.role == Role.MANAGER_STEP2
    with pytest.raises(PermissionDenied):
        services.organisation_appoint(
            actor=admin, party=sas.party, user=ladder["sas1"], provider=sas, step=2
        )
    with pytest.raises(ValidationError):
        services.organisation_appoint(
            actor=admin, party=boras.party, user=ladder["sas1"], provider=boras, step=1
        )
    services.organisation_remove(actor=admin, party=boras.party, membership=m)
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_similar_lessons_share_documents_sections_or_words(ladder, boras, sas):
    doc, s1, _s2 = document_with_sections(boras.party.county)
    d = open_case(ladder["boras1"], boras, sas, documents=[doc], sections=[s1])
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    services.disagreement_close(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        title="Utskrivningsklar enligt 4.2",
        solution="S",
        lesson="L",
        expected_version=d.version,
    )
    new = open_case(
        ladder["sas1"],
        sas,
        boras,
        documents=[doc],
        sections=[s1],
        title="Annan fråga",
        question="Något helt annat.",
    )
    assert [lesson.disagreement_id for lesson in lessons_similar_to(disagreement=new)] == [d.pk]
    unrelated = open_case(ladder["sas1"], sas, boras, title="Tandvård", question="Munhälsa.")
    unrelated.category = category("Munhälsa")
    unrelated.save()
    assert lessons_similar_to(disagreement=unrelated) == []


def test_an_overdue_step_is_reminded_once(ladder, boras, sas):
    import datetime

    d = open_case(ladder["boras1"], boras, sas)
    later = d.steps.get().deadline + datetime.timedelta(days=1)
    Notification.objects.all().delete()
    assert services.steps_remind_overdue(today=later) == 1
    assert services.steps_remind_overdue(today=later) == 0
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"chef1.boras.t", "chef1.sas.t"}
    from samsyn.audit.models import AuditEvent

    reminded = AuditEvent.objects.filter(action="disagreements.step.reminded")
    assert list(reminded.values_list("object_id", "data")) == [
        (str(d.pk), {"step": 1, "deadline": str(d.steps.get().deadline)})
    ]


def test_audit_data_never_carries_the_cases_free_text(ladder, boras, sas):
    """The trail cannot be purged, so reasons and solutions stay on the case (docs/security.md)."""
    d = open_case(ladder["boras1"], boras, sas)
    d = escalate(ladder["boras1"], d, reason="HEMLIGT-SKÄL")
    services.disagreement_update(
        actor=actor_for(ladder["sas2"]),
        disagreement=d,
        data={"position_b": "HEMLIG-STÅNDPUNKT"},
        expected_version=d.version,
    )
    d.refresh_from_db()
    resolve(ladder["sas2"], d, "HEMLIG-LÖSNING", confirmer=ladder["boras2"])
    stored = str(list(audit_events_for(target=d).values_list("data", flat=True)))
    for secret in ("HEMLIGT-SKÄL", "HEMLIG-STÅNDPUNKT", "HEMLIG-LÖSNING"):
        assert secret not in stored
    notes = str(list(Notification.objects.values_list("subject", "body")))
    assert "HEMLIG" not in notes


def test_closed_cases_free_text_is_purged_after_the_retention_period(ladder, boras, sas, settings):
    import datetime

    from django.utils import timezone

    from samsyn.core.retention import PURGED_MARKER, purge_closed_free_text

    d = open_case(ladder["boras1"], boras, sas)
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    services.disagreement_close(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        title="T",
        solution="Delad lösning.",
        lesson="L",
        expected_version=d.version,
    )
    settings.RETENTION_YEARS = 10
    Disagreement.objects.filter(pk=d.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=366 * 11)
    )
    purge_closed_free_text()
    d.refresh_from_db()
    assert d.question == PURGED_MARKER and d.solution == PURGED_MARKER
    assert d.steps.get().outcome_text == PURGED_MARKER
    assert Lesson.objects.get(disagreement=d).solution == "Delad lösning."  # the precedent stays


def test_a_disagreement_may_rest_on_deviations_between_its_two_parties(
    ladder, boras, sas, deviation
):
    first, second = deviation(boras, sas), deviation(sas, boras)
    d = services.disagreement_create(
        actor=actor_for(ladder["boras1"]),
        case=services.DisagreementRegistration(
            provider_a=boras,
            provider_b=sas,
            title="T",
            question="Q",
            position_a="P",
            category=category(),
            deviations=[first, second],
        ),
    )
    assert set(d.deviations.all()) == {first, second}
    assert set(first.disagreements.all()) == {d}


def test_linking_a_deviation_the_actor_cannot_see_is_refused(ladder, boras, sas, skovde, deviation):
    hidden = deviation(skovde, sas)  # neither Borås's provider nor visible to its manager
    with pytest.raises(ValidationError) as exc:
        services.disagreement_create(
            actor=actor_for(ladder["boras1"]),
            case=services.DisagreementRegistration(
                provider_a=boras,
                provider_b=sas,
                title="T",
                question="Q",
                position_a="P",
                category=category(),
                deviations=[hidden],
            ),
        )
    assert exc.value.message_dict["deviations"] == [cases.DEVIATION_NOT_VISIBLE]
    assert not Disagreement.objects.exists()


def test_linking_a_deviation_between_other_parties_is_refused(
    ladder, boras, sas, skovde, deviation
):
    other = deviation(boras, skovde)
    with pytest.raises(ValidationError) as exc:
        services.disagreement_create(
            actor=actor_for(ladder["boras1"]),
            case=services.DisagreementRegistration(
                provider_a=boras,
                provider_b=sas,
                title="T",
                question="Q",
                position_a="P",
                category=category(),
                deviations=[other],
            ),
        )
    assert exc.value.message_dict["deviations"] == [
        cases.DEVIATION_OF_OTHER_PARTIES.format(reference=other.reference)
    ]


def test_editing_keeps_linked_deviations_the_editor_cannot_see(
    ladder, boras, sas, deviation, make_person
):
    from samsyn.parties.models import CareProvider, Role

    linked = deviation(boras, sas)
    d = services.disagreement_create(
        actor=actor_for(ladder["boras1"]),
        case=services.DisagreementRegistration(
            provider_a=boras,
            provider_b=sas,
            title="T",
            question="Q",
            position_a="P",
            category=category(),
            deviations=[linked],
        ),
    )
    # VGR's top level sits at Koncernkontoret: it sees the case, not SÄS's deviation.
    top = make_person(
        CareProvider.objects.get(name="Koncernkontoret"), Role.MANAGER_STEP3, username="vgr.top"
    )
    services.disagreement_update(
        actor=actor_for(top), disagreement=d, data={"deviations": []}, expected_version=d.version
    )
    assert list(d.deviations.all()) == [linked]


# --- free text of step 3 stays out of the trail (issue 14, item 8) ----------------------------


def _trail_text() -> str:
    import json

    from samsyn.audit.models import AuditEvent

    return json.dumps(list(AuditEvent.objects.values_list("data", flat=True)), ensure_ascii=False)


def test_court_name_and_case_number_stay_out_of_the_trail_which_says_they_were_written(
    ladder, boras, sas
):
    from samsyn.audit.services import FREE_TEXT_CHANGED

    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    services.court_refer(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        court="Borås tingsrätt",
        case_number="T 123-27",
        referred_on=TODAY,
        expected_version=d.version,
    )
    assert "tingsrätt" not in _trail_text() and "T 123-27" not in _trail_text()
    event = audit_events_for(target=d).get(action="disagreements.disagreement.referred_to_court")
    assert event.data["court"] == event.data["case_number"] == FREE_TEXT_CHANGED


def test_the_settlement_reference_stays_out_of_the_trail_which_says_it_was_written(
    ladder, boras, sas
):
    from samsyn.audit.services import FREE_TEXT_CHANGED

    d = escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )
    settle(ladder["boras3"], d, payer=boras.party, payee=sas.party)
    assert "RS 2027-0042" not in _trail_text()
    event = audit_events_for(target=d).get(action="disagreements.disagreement.settlement_proposed")
    assert event.data["reference"] == FREE_TEXT_CHANGED


# --- the one history (issue 15, part 1) ---------------------------------------------------------


def _moves(d) -> list[tuple[str, str, str]]:
    return [(t.move, t.from_state, t.to_state) for t in d.transitions.all()]


def test_every_move_on_the_ladder_is_in_the_cases_history(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    cases.comment_add(actor=actor_for(ladder["sas1"]), disagreement=d, body="Vi hörs.")
    d = escalate(ladder["boras2"], escalate(ladder["boras1"], d))
    step3.court_refer(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        court="Borås tingsrätt",
        case_number="T 1-27",
        referred_on=TODAY,
        expected_version=d.version,
    )
    d.refresh_from_db()
    step3.court_judgment_record(
        actor=actor_for(ladder["sas3"]),
        disagreement=d,
        judgment="Kommunen betalar.",
        judgment_on=TODAY,
        expected_version=d.version,
    )
    assert _moves(d) == [
        ("create", "", "step1"),
        ("comment", "step1", "step1"),
        ("escalate", "step1", "step2"),
        ("escalate", "step2", "step3"),
        ("court", "step3", "in_court"),
        ("judgment", "in_court", "resolved"),
    ]
    assert [t.by for t in d.transitions.all()][-1] == ladder["sas3"]


def test_skipping_step_2_by_agreement_is_one_move_in_the_history(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    rules.step_skip_propose(
        actor=actor_for(ladder["boras1"]), disagreement=d, reason="Brådskande.", expected_version=1
    )
    d.refresh_from_db()
    rules.step_skip_accept(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    assert _moves(d)[1:] == [("skip_propose", "step1", "step1"), ("skip_accept", "step1", "step3")]
    assert (
        audit_events_for(target=d)
        .filter(action="disagreements.disagreement.skip_accepted")
        .exists()
    )


def test_the_history_migration_reads_the_same_moves_from_the_trail(ladder, boras, sas):
    """Cases from before the engine get their history from the trail (cases.0002): the moves it
    reconstructs are the ones the engine writes now."""
    import importlib

    from django.apps import apps as global_apps
    from django.contrib.contenttypes.models import ContentType

    fill = importlib.import_module(
        "samsyn.cases.migrations.0002_history_from_status_changes_and_trail"
    )
    d = open_case(ladder["boras1"], boras, sas)
    d = escalate(ladder["boras1"], d)
    d = resolve(ladder["sas2"], d, confirmer=ladder["boras2"])
    lessons.disagreement_close(
        actor=actor_for(ladder["sas2"]),
        disagreement=d,
        title="T",
        solution="Överens.",
        lesson="L",
        expected_version=d.version,
    )
    d.refresh_from_db()
    rules.disagreement_reopen(
        actor=actor_for(ladder["sas2"]),
        disagreement=d,
        reason="Ny fråga.",
        expected_version=d.version,
    )
    rebuilt = fill._disagreement_rows(global_apps, ContentType.objects.get_for_model(Disagreement))
    # Older trails know no proposals: the one-party "resolve" is today's confirmation.
    today = [
        ("resolve" if move == "resolve_confirm" else move, source, to)
        for move, source, to in _moves(d)
        if move != "resolve"
    ]
    assert [(t.move, t.from_state, t.to_state) for t in rebuilt] == today
