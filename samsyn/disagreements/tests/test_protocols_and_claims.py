"""Issue 18, item 4: a confirmed protocol at every step of the ladder, claims for economic
settlement answered before step 3 decides, and what binds both parties taking effect only
when the other party's step owner confirms it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samsyn.audit.models import ReadEvent
from samsyn.audit.selectors import audit_events_for
from samsyn.core.access import actor_for
from samsyn.core.models import Notification
from samsyn.disagreements import services
from samsyn.disagreements.models import Claim, Disagreement, EconomicSettlement, StepProtocol
from samsyn.disagreements.services import claims, common, protocols
from samsyn.disagreements.services import ladder as rules
from samsyn.disagreements.tests.factories import (
    document_with_sections,
    escalate,
    open_case,
    settle,
)


def _write(user, d, protocol, party, position="Vår ståndpunkt.", facts="Fakta.", doc=None):
    return services.protocol_position_write(
        actor=actor_for(user),
        disagreement=d,
        protocol=protocol,
        party=party,
        position=position,
        facts=facts,
        document=doc,
        section=None,
    )


def _confirm(user, d, protocol, party):
    return services.protocol_confirm(
        actor=actor_for(user), disagreement=d, protocol=protocol, party=party
    )


@pytest.fixture
def ended_step1(ladder, boras, sas):
    """A case whose step 1 has ended (escalated), both positions written in its protocol."""
    d = open_case(ladder["boras1"], boras, sas)
    protocol = d.steps.get().protocol
    doc, _s1, _s2 = document_with_sections(d.county)
    _write(ladder["boras1"], d, protocol, boras.party, "Kommunens ståndpunkt.", doc=doc)
    _write(ladder["sas1"], d, protocol, sas.party, "Sjukhusets ståndpunkt.")
    d = escalate(ladder["boras1"], d)
    protocol.refresh_from_db()
    return d, protocol


def test_a_protocol_confirmed_by_both_step_owners_is_frozen_with_its_hash_in_the_trail(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    _confirm(ladder["boras1"], d, protocol, boras.party)
    protocol.refresh_from_db()
    assert protocol.confirmed_a_by == ladder["boras1"] and not protocol.is_frozen
    _confirm(ladder["sas1"], d, protocol, sas.party)
    protocol.refresh_from_db()
    assert protocol.is_frozen
    assert protocol.content_hash == protocols.content_hash(protocol.content)
    assert protocol.content["parties"][0]["position"] == "Kommunens ståndpunkt."
    assert protocol.content["outcome"] == "escalated"
    events = audit_events_for(target=d).filter(action="disagreements.protocol.confirmed")
    assert [e.data.get("content_hash") for e in events.order_by("id")] == [
        None,
        protocol.content_hash,
    ]


def test_confirming_on_the_other_partys_behalf_is_refused_and_nothing_is_saved(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    with pytest.raises(ValidationError) as exc:
        _confirm(ladder["boras1"], d, protocol, sas.party)
    assert exc.value.message_dict["party"] == [protocols.ONLY_OWN_PARTY_CONFIRMS.format(step=1)]
    with pytest.raises(ValidationError):  # nor by the party's step 2 owner
        _confirm(ladder["boras2"], d, protocol, boras.party)
    protocol.refresh_from_db()
    assert not protocol.confirmed_a_at and not protocol.confirmed_b_at


def test_writing_the_other_partys_position_is_refused(ladder, boras, sas, ended_step1):
    d, protocol = ended_step1
    with pytest.raises(ValidationError) as exc:
        _write(ladder["boras1"], d, protocol, sas.party, "Vi skriver åt dem.")
    assert exc.value.message_dict["party"] == [protocols.ONLY_OWN_PARTY_WRITES.format(step=1)]
    protocol.refresh_from_db()
    assert protocol.position_b == "Sjukhusets ståndpunkt."


def test_a_change_after_both_confirmed_is_refused(ladder, boras, sas, ended_step1):
    d, protocol = ended_step1
    _confirm(ladder["boras1"], d, protocol, boras.party)
    _confirm(ladder["sas1"], d, protocol, sas.party)
    with pytest.raises(ValidationError) as exc:
        _write(ladder["boras1"], d, protocol, boras.party, "Ändrat i efterhand.")
    assert exc.value.message_dict["party"] == [protocols.PROTOCOL_FROZEN]
    protocol.refresh_from_db()
    assert protocol.position_a == "Kommunens ståndpunkt."
    assert protocol.content["parties"][0]["position"] == "Kommunens ståndpunkt."


def test_a_confirmation_of_a_text_changed_since_it_was_read_is_refused(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    read = protocols.content_hash(protocols.protocol_content(protocol))
    _write(ladder["sas1"], d, protocol, sas.party, "Sjukhuset ändrar sig medan kommunen läser.")
    with pytest.raises(ValidationError) as exc:
        services.protocol_confirm(
            actor=actor_for(ladder["boras1"]),
            disagreement=d,
            protocol=protocol,
            party=boras.party,
            seen_hash=read,
        )
    assert exc.value.message_dict["protocol"] == [protocols.CHANGED_SINCE_READ]
    protocol.refresh_from_db()
    assert not protocol.confirmed_a_at


def test_a_change_before_both_confirmed_takes_back_the_confirmation_given(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    _confirm(ladder["boras1"], d, protocol, boras.party)
    _write(ladder["sas1"], d, protocol, sas.party, "Sjukhuset preciserar.")
    protocol.refresh_from_db()
    assert not protocol.confirmed_a_at  # it was given to another text


def test_the_second_confirmation_freezes_the_text_the_first_party_confirmed(ladder, boras, sas):
    """What changes in the case after one party has confirmed (step 2's owners update the
    interim solution) does not slip into the text the other party then confirms: both parties
    stand behind one text, the one whose hash the first party read."""
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    protocol = d.steps.get().protocol
    _write(ladder["boras1"], d, protocol, boras.party, "Kommunens ståndpunkt.")
    _write(ladder["sas1"], d, protocol, sas.party, "Sjukhusets ståndpunkt.")
    d = escalate(ladder["boras1"], d)
    protocol.refresh_from_db()
    read = protocols.content_hash(protocols.protocol_content(protocol))
    services.protocol_confirm(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        protocol=protocol,
        party=boras.party,
        seen_hash=read,
    )
    services.temporary_solution_set(
        actor=actor_for(ladder["sas2"]),
        disagreement=d,
        text="Sjukhuset behåller patienten från steg 2.",
        valid_from=datetime.date(2027, 3, 2),
        expected_version=d.version,
    )
    d.refresh_from_db()
    protocol.refresh_from_db()
    shown = protocols.protocol_content(protocol)
    assert shown["temporary_solution"].startswith("Hemsjukvården i Borås")
    _confirm(ladder["sas1"], d, protocol, sas.party)
    protocol.refresh_from_db()
    assert protocol.is_frozen and protocol.content_hash == read
    assert protocol.content["temporary_solution"].startswith("Hemsjukvården i Borås")


def test_an_ended_steps_protocol_holds_the_interim_solution_of_its_step(ladder, boras, sas):
    """Step 1's protocol says how the patient's needs were met when step 1 ended, not what
    step 2's owners have written since; step 2's draft says what applies now."""
    d = open_case(ladder["boras1"], boras, sas, patient_affected=True, temporary=True)
    first = d.temporary_solution
    d = escalate(ladder["boras1"], d)
    services.temporary_solution_set(
        actor=actor_for(ladder["sas2"]),
        disagreement=d,
        text="Sjukhuset behåller patienten från steg 2.",
        valid_from=datetime.date(2027, 3, 2),
        expected_version=d.version,
    )
    d.refresh_from_db()
    step1 = protocols.protocol_content(d.steps.get(number=1).protocol)
    step2 = protocols.protocol_content(d.steps.get(number=2).protocol)
    assert (step1["temporary_solution"], step1["temporary_solution_from"]) == (
        first,
        "2027-03-01",
    )
    assert step2["temporary_solution"] == "Sjukhuset behåller patienten från steg 2."
    assert step2["temporary_solution_from"] == "2027-03-02"


def test_a_position_written_after_one_confirmation_is_confirmed_anew(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    _confirm(ladder["boras1"], d, protocol, boras.party)
    _write(ladder["sas1"], d, protocol, sas.party, "Sjukhuset preciserar sin ståndpunkt.")
    protocol.refresh_from_db()
    assert protocols.protocol_content(protocol)["parties"][1]["position"] == (
        "Sjukhuset preciserar sin ståndpunkt."
    )
    _confirm(ladder["sas1"], d, protocol, sas.party)
    _confirm(ladder["boras1"], d, protocol, boras.party)
    protocol.refresh_from_db()
    assert protocol.is_frozen
    assert protocol.content["parties"][1]["position"] == "Sjukhuset preciserar sin ståndpunkt."


def test_confirming_twice_confirms_once(ladder, boras, sas, ended_step1):
    d, protocol = ended_step1
    _confirm(ladder["boras1"], d, protocol, boras.party)
    _confirm(ladder["boras1"], d, protocol, boras.party)
    assert audit_events_for(target=d).filter(action="disagreements.protocol.confirmed").count() == 1


def test_a_protocol_is_confirmed_only_once_its_step_has_ended(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    protocol = d.steps.get().protocol
    _write(ladder["sas1"], d, protocol, sas.party)
    with pytest.raises(ValidationError) as exc:
        _confirm(ladder["boras1"], d, protocol, boras.party)
    assert exc.value.message_dict["protocol"] == [protocols.STEP_NOT_ENDED]


def test_the_next_step_starts_from_the_protocol_its_positions_carried_over(
    ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    step2 = d.steps.get(outcome="").protocol
    assert (step2.position_a, step2.position_b) == (protocol.position_a, protocol.position_b)
    assert step2.document_a == protocol.document_a and step2.pk != protocol.pk


def test_the_pdf_is_typeset_in_swedish_downloaded_only_when_frozen_and_logged(
    client, ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    url = reverse("disagreements:protocol_pdf", args=[d.pk, protocol.pk])
    client.force_login(ladder["sas1"])
    assert client.get(url).status_code == 404  # not confirmed yet
    _confirm(ladder["boras1"], d, protocol, boras.party)
    _confirm(ladder["sas1"], d, protocol, sas.party)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert ReadEvent.objects.filter(object_id=str(d.pk), detail="protocol pdf").exists()
    client.force_login(ladder["skovde1"])
    assert client.get(url).status_code == 404


def test_the_protocol_page_offers_each_party_only_its_own_part(
    client, ladder, boras, sas, ended_step1
):
    d, protocol = ended_step1
    client.force_login(ladder["sas1"])
    html = client.get(reverse("disagreements:protocol", args=[d.pk, protocol.pk])).content.decode()
    assert "Kommunens ståndpunkt." in html and "Sjukhusets ståndpunkt." in html
    assert "Bekräfta protokollet för min part" in html
    client.force_login(ladder["analyst"])
    html = client.get(reverse("disagreements:protocol", args=[d.pk, protocol.pk])).content.decode()
    assert "Bekräfta protokollet för min part" not in html


# --- what binds both parties -------------------------------------------------------------------


def _propose(user, d, solution="Sjukhuset ringer före utskrivning."):
    services.disagreement_resolve(
        actor=actor_for(user), disagreement=d, solution=solution, expected_version=d.version
    )
    d.refresh_from_db()
    return d


def test_a_resolution_stays_pending_until_the_other_partys_step_owner_confirms(ladder, boras, sas):
    d = _propose(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    assert d.status == Disagreement.Status.OPEN and d.proposal_kind == "resolve"
    for wrong in ("boras1", "sas2"):  # the proposer's own party; not the step's owner
        with pytest.raises(ValidationError) as exc:
            services.resolution_confirm(
                actor=actor_for(ladder[wrong]), disagreement=d, expected_version=d.version
            )
        assert rules.PROPOSAL_NEEDS_OTHER_PARTY in exc.value.messages
    services.resolution_confirm(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.status == Disagreement.Status.RESOLVED and not d.proposal_kind
    assert d.solution == "Sjukhuset ringer före utskrivning."
    actions = list(audit_events_for(target=d).values_list("action", flat=True))
    assert "disagreements.disagreement.resolution_proposed" in actions
    assert "disagreements.disagreement.resolved" in actions


def test_a_declined_proposal_leaves_the_case_at_its_step(ladder, boras, sas):
    d = _propose(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    services.proposal_decline(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.current_step == 1 and d.status == Disagreement.Status.OPEN and not d.proposal_kind


def test_a_second_proposal_waits_for_the_first(ladder, boras, sas):
    d = _propose(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    with pytest.raises(ValidationError) as exc:
        _propose(ladder["sas1"], d, "Annat förslag.")
    assert rules.PROPOSAL_PENDING in exc.value.messages


def test_an_agreed_skip_needs_the_other_partys_step_1_owner(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    services.step_skip_propose(
        actor=actor_for(ladder["boras1"]), disagreement=d, reason="Brådskande.", expected_version=1
    )
    d.refresh_from_db()
    with pytest.raises(ValidationError):
        services.step_skip_accept(
            actor=actor_for(ladder["sas2"]), disagreement=d, expected_version=d.version
        )
    services.step_skip_accept(
        actor=actor_for(ladder["sas1"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.current_step == 3


def _at_step3(ladder, boras, sas):
    return escalate(
        ladder["boras2"], escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    )


def test_a_settlement_binds_only_when_the_other_partys_step_3_owner_confirms(ladder, boras, sas):
    d = settle(ladder["boras3"], _at_step3(ladder, boras, sas), payer=sas.party, payee=boras.party)
    assert d.status == Disagreement.Status.OPEN and d.proposal_kind == "settlement"
    assert EconomicSettlement.objects.get().confirmed_at is None
    with pytest.raises(ValidationError):
        services.settlement_confirm(
            actor=actor_for(ladder["boras3"]), disagreement=d, expected_version=d.version
        )
    services.settlement_confirm(
        actor=actor_for(ladder["sas3"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert d.resolution == Disagreement.Resolution.ECONOMIC_SETTLEMENT
    assert EconomicSettlement.objects.get().confirmed_by == ladder["sas3"]


def test_a_declined_settlement_is_withdrawn(ladder, boras, sas):
    d = settle(ladder["boras3"], _at_step3(ladder, boras, sas), payer=sas.party, payee=boras.party)
    services.proposal_decline(
        actor=actor_for(ladder["sas3"]), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    assert not EconomicSettlement.objects.exists() and d.current_step == 3


# --- claims ------------------------------------------------------------------------------------


def _claim(user, d, **changes):
    doc, section, _ = document_with_sections(d.county)
    terms = {
        "amount": Decimal("42000"),
        "facts": "Tio vårddygn i väntan på hemgång.",
        "document": doc,
        "section": section,
        **changes,
    }
    return services.claim_present(
        actor=actor_for(user), disagreement=d, terms=services.ClaimTerms(**terms)
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"facts": " "}, "facts", claims.FACTS_REQUIRED),
        ({"document": None, "section": None}, "document", claims.DOCUMENT_REQUIRED),
        ({"amount": None}, "amount", claims.AMOUNT_REQUIRED),
        ({"amount": Decimal("0")}, "amount", claims.AMOUNT_REQUIRED),
    ],
)
def test_a_claim_without_its_amount_or_basis_is_refused_and_nothing_saved(
    ladder, boras, sas, changes, field, message
):
    d = _at_step3(ladder, boras, sas)
    with pytest.raises(ValidationError) as exc:
        _claim(ladder["boras3"], d, **changes)
    assert exc.value.message_dict[field] == [message]
    assert not Claim.objects.exists()


def test_step_3_decides_only_once_the_claim_is_answered(ladder, boras, sas):
    d = _at_step3(ladder, boras, sas)
    claim = _claim(ladder["boras3"], d)
    with pytest.raises(ValidationError) as exc:
        settle(ladder["boras3"], d, payer=sas.party, payee=boras.party)
    assert "42" in exc.value.messages[0] and not EconomicSettlement.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.claim_answer(
            actor=actor_for(ladder["boras3"]), disagreement=d, claim=claim, answer="Vi godtar."
        )
    assert exc.value.message_dict["claim"] == [claims.ONLY_OTHER_PARTY_ANSWERS]
    services.claim_answer(
        actor=actor_for(ladder["sas3"]), disagreement=d, claim=claim, answer="Vi godtar hälften."
    )
    d = settle(ladder["boras3"], d, payer=sas.party, payee=boras.party, amount=Decimal("21000"))
    assert d.proposal_kind == "settlement"


def test_a_claim_sent_twice_is_presented_once(client, ladder, boras, sas):
    d = escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    doc, section, _ = document_with_sections(d.county)
    form = {
        "amount": "42 000",
        "facts": "Tio vårddygn i väntan på hemgång.",
        "document": doc.pk,
        "section": section.pk,
    }
    client.force_login(ladder["boras2"])
    url = reverse("disagreements:action", args=[d.pk, "krav"])
    assert [client.post(url, form).status_code for _ in range(2)] == [302, 302]
    assert Claim.objects.count() == 1
    assert d.transitions.filter(move="claim").count() == 1
    # Another amount is another claim.
    client.post(url, {**form, "amount": "50 000"})
    assert Claim.objects.count() == 2


def test_an_answer_sent_twice_is_recorded_once_with_no_error(client, ladder, boras, sas):
    d = escalate(ladder["boras1"], open_case(ladder["boras1"], boras, sas))
    claim = _claim(ladder["boras2"], d)
    client.force_login(ladder["sas2"])
    url = reverse("disagreements:action", args=[d.pk, "svara-pa-krav"])
    form = {"claim": claim.pk, "answer": "Vi godtar hälften."}
    before = Notification.objects.count()
    assert client.post(url, form).status_code == 302
    told = Notification.objects.count()
    assert told > before
    assert client.post(url, form).status_code == 302
    claim.refresh_from_db()
    assert claim.answer == "Vi godtar hälften."
    assert d.transitions.filter(move="claim_answer").count() == 1
    assert Notification.objects.count() == told  # nobody told twice
    # Other words on a claim already answered are refused in Swedish, the text kept.
    again = client.post(url, {**form, "answer": "Vi godtar inget."})
    assert again.status_code == 400
    html = again.content.decode()
    assert "Välj ett krav i det här ärendet som inte är besvarat ännu." in html
    assert "Vi godtar inget." in html
    claim.refresh_from_db()
    assert claim.answer == "Vi godtar hälften."


@pytest.mark.parametrize("decision", ["agreement", "court"])
def test_no_decision_at_step_3_while_a_claim_waits_for_its_answer(ladder, boras, sas, decision):
    """Not only a settlement: an agreement at the highest level and a referral to court wait
    for the written answer too (decision 0017)."""
    from samsyn.disagreements.services import step3

    d = _at_step3(ladder, boras, sas)
    claim = _claim(ladder["boras3"], d)
    d.refresh_from_db()

    def decide():
        if decision == "agreement":
            _propose(ladder["boras3"], d, "Kommunen får halva beloppet.")
        else:
            step3.court_refer(
                actor=actor_for(ladder["boras3"]),
                disagreement=d,
                court="Borås tingsrätt",
                case_number="T 1-27",
                referred_on=datetime.date(2027, 3, 1),
                expected_version=d.version,
            )
        d.refresh_from_db()

    with pytest.raises(ValidationError) as exc:
        decide()
    assert "42" in exc.value.messages[0]
    d.refresh_from_db()
    assert not d.proposal_kind and d.status == Disagreement.Status.OPEN
    services.claim_answer(
        actor=actor_for(ladder["sas3"]), disagreement=d, claim=claim, answer="Vi bestrider."
    )
    d.refresh_from_db()
    decide()
    assert d.proposal_kind == "resolve" or d.status == Disagreement.Status.IN_COURT


def test_step_3_may_decide_once_the_answer_is_overdue(ladder, boras, sas):
    d = _at_step3(ladder, boras, sas)
    claim = _claim(ladder["boras3"], d)
    later = claim.answer_due + datetime.timedelta(days=1)
    common.require_claims_answered(d, today=later)  # no refusal
    with pytest.raises(ValidationError):
        common.require_claims_answered(d, today=claim.answer_due)


def test_protocol_rows_exist_for_every_step_the_case_has_reached(ladder, boras, sas):
    d = _at_step3(ladder, boras, sas)
    assert StepProtocol.objects.filter(step__disagreement=d).count() == 3


def test_opening_from_a_deviation_that_affected_the_patient_asks_how_their_needs_are_met(
    ladder, boras, sas, deviation
):
    import uuid

    from samsyn.disagreements import from_deviation
    from samsyn.disagreements.services import cases
    from samsyn.disagreements.tests.factories import category

    dev = deviation(boras, sas)
    dev.patient_affected = True
    actor = actor_for(ladder["boras1"])
    form = from_deviation.FromDeviationForm(case=dev, actor=actor)
    assert {"temporary_solution_none", "temporary_solution", "temporary_solution_from"} <= set(
        form.fields
    )
    with pytest.raises(ValidationError) as exc:
        services.disagreement_create(
            actor=actor,
            case=from_deviation._registration(actor, dev, category(), uuid.uuid4(), {}),
        )
    assert exc.value.message_dict["patient_affected"] == [cases.PATIENT_ANSWER_REQUIRED]
    answer = {"temporary_solution_none": True, "temporary_solution": "Patienten är kvar."}
    d = services.disagreement_create(
        actor=actor,
        case=from_deviation._registration(actor, dev, category(), uuid.uuid4(), answer),
    )
    assert d.patient_affected and d.temporary_solution_none and d.patient_answers.count() == 1
