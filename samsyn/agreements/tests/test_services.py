"""Rules of the registry's writes: versions, decisions, terminations and the notice arithmetic."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from samsyn.agreements import services
from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.agreements.services import (
    add_months,
    adoption_decision_record,
    document_version_create,
    document_version_update,
    termination_end_date,
    termination_preview,
    termination_register,
)
from samsyn.agreements.tests.factories import agreement_approved, decide, document, party, region
from samsyn.audit.selectors import audit_events_for

pytestmark = pytest.mark.django_db


def messages(excinfo, field):
    return excinfo.value.message_dict[field]


# --- notice arithmetic (the steering group's notes of 2025-08-12: 1.5 years' notice, ends at
# the end of the agreement period)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2028, 8, 31), 18, date(2030, 2, 28)),  # month end into a short February
        (date(2026, 8, 31), 18, date(2028, 2, 29)),  # ... of a leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # leap day into a common year
        (date(2028, 2, 29), 18, date(2029, 8, 29)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 12, 15), 18, date(2029, 6, 15)),  # across two year ends
    ],
)
def test_months_are_added_day_for_day_or_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


def test_without_agreement_period_the_document_ends_when_the_notice_period_has_run(db):
    doc = GoverningDocument(code="X", notice_period_months=18)
    assert termination_end_date(document=doc, notified_on=date(2028, 8, 31)) == date(2030, 2, 28)
    assert termination_end_date(document=doc, notified_on=date(2026, 8, 31)) == date(2028, 2, 29)


def test_notice_period_is_configurable_per_document(reference_data):
    doc = GoverningDocument(code="X", notice_period_months=6)
    assert termination_end_date(document=doc, notified_on=date(2028, 2, 29)) == date(2028, 8, 29)


@pytest.mark.parametrize(
    ("notified_on", "ends_on"),
    [
        (date(2026, 10, 1), date(2030, 12, 31)),  # well ahead of the first period's end
        (date(2029, 6, 30), date(2030, 12, 31)),  # exactly 18 months before it: still in time
        (date(2029, 7, 1), date(2032, 12, 31)),  # a day late: the prolonged period's end
        (date(2028, 8, 31), date(2030, 12, 31)),
        (date(2031, 2, 28), date(2032, 12, 31)),
        (date(2031, 7, 1), date(2034, 12, 31)),
    ],
)
def test_the_agreement_ends_at_the_first_period_end_at_least_18_months_after_notice(
    reference_data, notified_on, ends_on
):
    assert termination_end_date(document=document(), notified_on=notified_on) == ends_on


def test_a_sub_agreement_has_the_same_notice_arithmetic(reference_data):
    assert termination_end_date(
        document=document("OK-MUNHALSA"), notified_on=date(2029, 7, 1)
    ) == date(2032, 12, 31)


# --- versions


def test_overlapping_versions_are_refused_and_nothing_is_saved(reference_data):
    doc = document("RL-SIP")  # version 2025 from 2025-06-01, open-ended
    with pytest.raises(ValidationError) as excinfo:
        document_version_create(
            actor=None, document=doc, version="2026", valid_from=date(2026, 1, 1)
        )
    assert messages(excinfo, "valid_from") == [
        services.VERSION_OVERLAPS.format(version="2025", start="2025-06-01", end="tills vidare")
    ]
    assert doc.versions.count() == 1


def test_a_new_version_after_closing_the_old_one_is_accepted_and_recorded(reference_data):
    doc = document("RL-SIP")
    old = doc.versions.get()
    document_version_update(actor=None, version=old, data={"valid_to": date(2026, 12, 31)})
    new = document_version_create(
        actor=None, document=doc, version="2027", valid_from=date(2027, 1, 1)
    )
    assert new.pk
    actions = [e.action for e in audit_events_for(target=doc)]
    assert actions == ["agreements.version.changed", "agreements.version.created"]
    changed = audit_events_for(target=doc).first().data
    assert changed["before"]["valid_to"] is None
    assert changed["after"]["valid_to"] == "2026-12-31"


def test_a_version_ending_before_it_starts_is_refused(reference_data):
    doc = document("RL-SIP")
    with pytest.raises(ValidationError) as excinfo:
        document_version_create(
            actor=None,
            document=doc,
            version="1990",
            valid_from=date(1990, 6, 1),
            valid_to=date(1990, 1, 1),
        )
    assert messages(excinfo, "valid_to") == [services.VERSION_ENDS_BEFORE_START]
    assert doc.versions.count() == 1


def test_updating_a_version_into_an_overlap_is_refused(reference_data):
    doc = document("RL-SIP")
    old = doc.versions.get()
    document_version_update(actor=None, version=old, data={"valid_to": date(2026, 12, 31)})
    new = document_version_create(
        actor=None, document=doc, version="2027", valid_from=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        document_version_update(actor=None, version=new, data={"valid_from": date(2026, 6, 1)})
    assert "valid_from" in excinfo.value.message_dict
    new.refresh_from_db()
    assert new.valid_from == date(2027, 1, 1)


# --- adoption decisions


def test_a_decision_is_recorded_and_a_later_council_decision_replaces_it_with_history(
    reference_data,
):
    lerum = party("1441")
    decide(lerum, AdoptionDecision.Status.PENDING)
    decision = adoption_decision_record(
        actor=None,
        party="1441",
        document=document(),
        status="approved",
        decision_date=date(2026, 5, 20),
        reference="KF § 87",
    )
    assert decision.body == AdoptionDecision.Body.MUNICIPAL_COUNCIL
    assert AdoptionDecision.objects.filter(party=lerum).count() == 1
    events = list(audit_events_for(target=decision))
    assert [e.action for e in events] == [
        "agreements.decision.recorded",
        "agreements.decision.changed",
    ]
    assert events[1].data["before"]["status"] == "pending"
    assert events[1].data["after"] == {
        "status": "approved",
        "decision_date": "2026-05-20",
        "body": "kommunfullmaktige",
        "reference": "KF § 87",
    }


def test_the_region_decides_in_the_regional_council(reference_data):
    assert decide(region()).body == AdoptionDecision.Body.REGIONAL_COUNCIL


def test_a_decision_for_an_unknown_party_is_refused(reference_data):
    with pytest.raises(ValidationError) as excinfo:
        adoption_decision_record(
            actor=None,
            party="9999",
            document=document(),
            status="approved",
            decision_date=date(2026, 4, 1),
        )
    assert messages(excinfo, "party") == [services.DECISION_PARTY_UNKNOWN]
    assert not AdoptionDecision.objects.exists()


def test_a_decision_without_a_date_is_refused_unless_pending(reference_data):
    with pytest.raises(ValidationError) as excinfo:
        adoption_decision_record(
            actor=None, party=party("1441"), document=document(), status="rejected"
        )
    assert messages(excinfo, "decision_date") == [services.DECISION_DATE_REQUIRED]
    assert not AdoptionDecision.objects.exists()


def test_the_wrong_council_is_refused(reference_data):
    with pytest.raises(ValidationError) as excinfo:
        adoption_decision_record(
            actor=None,
            party=party("1441"),
            document=document(),
            status="approved",
            decision_date=date(2026, 4, 1),
            body=AdoptionDecision.Body.REGIONAL_COUNCIL,
        )
    assert messages(excinfo, "body") == [services.DECISION_WRONG_BODY]


def test_a_sub_agreement_needs_no_separate_decision(reference_data):
    with pytest.raises(ValidationError) as excinfo:
        decide(party("1441"), code="OK-MUNHALSA")
    assert "document" in excinfo.value.message_dict
    assert not AdoptionDecision.objects.exists()


def test_personal_identity_number_in_reference_is_refused(reference_data):
    with pytest.raises(ValidationError) as excinfo:
        adoption_decision_record(
            actor=None,
            party=party("1441"),
            document=document(),
            status="approved",
            decision_date=date(2026, 4, 1),
            reference="19121212-1212",
        )
    assert "reference" in excinfo.value.message_dict
    assert not AdoptionDecision.objects.exists()


# --- terminations


def test_termination_computes_the_end_date_and_is_recorded(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    termination = termination_register(
        actor=None,
        party=boras,
        document=document(),
        notified_on=date(2026, 9, 1),
        reference="KF 2026/112",
    )
    assert termination.ends_on == date(2030, 12, 31)
    event = audit_events_for(target=termination).get()
    assert event.action == "agreements.termination.registered"
    assert event.data["after"]["ends_on"] == "2030-12-31"


def test_a_termination_dated_before_the_decision_is_refused(reference_data):
    boras = party("1490")
    agreement_approved(boras, on=date(2026, 4, 12))
    with pytest.raises(ValidationError) as excinfo:
        termination_register(
            actor=None, party=boras, document=document(), notified_on=date(2026, 4, 11)
        )
    assert messages(excinfo, "notified_on") == [
        services.TERMINATION_BEFORE_DECISION.format(decided="2026-04-12")
    ]
    assert not Termination.objects.exists()


def test_a_municipality_that_did_not_approve_has_nothing_to_terminate(reference_data):
    lysekil = party("1484")
    decide(lysekil, AdoptionDecision.Status.REJECTED)
    with pytest.raises(ValidationError) as excinfo:
        termination_register(
            actor=None, party=lysekil, document=document(), notified_on=date(2026, 9, 1)
        )
    assert "document" in excinfo.value.message_dict
    assert not Termination.objects.exists()


def test_a_guideline_cannot_be_terminated_by_one_party(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    with pytest.raises(ValidationError) as excinfo:
        termination_register(
            actor=None,
            party=boras,
            document=document("RL-AVVIKELSER"),
            notified_on=date(2026, 9, 1),
        )
    assert messages(excinfo, "document") == [services.TERMINATION_NOT_TERMINABLE]


def test_the_region_cannot_register_a_termination(reference_data):
    agreement_approved()
    with pytest.raises(ValidationError) as excinfo:
        termination_register(
            actor=None, party=region(), document=document(), notified_on=date(2026, 9, 1)
        )
    assert messages(excinfo, "party") == [services.TERMINATION_ONLY_MUNICIPALITY]


def test_terminating_twice_or_a_sub_agreement_of_a_terminated_agreement_is_refused(
    reference_data,
):
    boras = party("1490")
    agreement_approved(boras)
    termination_register(actor=None, party=boras, document=document(), notified_on=date(2026, 9, 1))
    with pytest.raises(ValidationError):
        termination_register(
            actor=None, party=boras, document=document(), notified_on=date(2026, 10, 1)
        )
    with pytest.raises(ValidationError) as excinfo:
        termination_register(
            actor=None,
            party=boras,
            document=document("OK-MUNHALSA"),
            notified_on=date(2026, 10, 1),
        )
    assert "document" in excinfo.value.message_dict
    assert Termination.objects.count() == 1


def test_a_sub_agreement_terminated_alone_creates_one_termination(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    termination_register(
        actor=None, party=boras, document=document("OK-MUNHALSA"), notified_on=date(2026, 9, 1)
    )
    assert list(Termination.objects.values_list("document__code", flat=True)) == ["OK-MUNHALSA"]


# --- the registry file


def test_loading_the_registry_twice_gives_the_same_rows(reference_data):
    before = (
        GoverningDocument.objects.count(),
        DocumentVersion.objects.count(),
        DocumentSection.objects.count(),
    )
    call_command("load_agreement_registry")
    call_command("load_agreement_registry")
    after = (
        GoverningDocument.objects.count(),
        DocumentVersion.objects.count(),
        DocumentSection.objects.count(),
    )
    assert before == after
    assert before[0] == 14
    assert document("OK-MUNHALSA").parent == document()


def test_a_registry_file_with_an_overlap_saves_nothing(reference_data):
    data = services.agreement_registry_file("vastra_gotaland")
    data["documents"][0]["versions"].append({"version": "1.1", "valid_from": "2028-01-01"})
    data["documents"][0]["title"] = "Ändrad titel"
    with pytest.raises(ValidationError):
        services.agreement_registry_load(data=data)
    assert document().title != "Ändrad titel"


def test_a_decision_dated_after_the_termination_of_the_same_document_is_refused(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    termination_register(actor=None, party=boras, document=document(), notified_on=date(2026, 9, 1))
    with pytest.raises(ValidationError) as excinfo:
        decide(boras, on=date(2026, 10, 1))
    assert messages(excinfo, "decision_date") == [
        services.DECISION_AFTER_TERMINATION.format(notified="2026-09-01")
    ]
    assert AdoptionDecision.objects.get(party=boras).decision_date == date(2026, 4, 12)


# --- dates that cannot be true


@pytest.mark.parametrize(
    "status", [AdoptionDecision.Status.APPROVED, AdoptionDecision.Status.REJECTED]
)
def test_a_council_decision_dated_in_the_future_is_refused_and_not_counted(reference_data, status):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        decide(party("1490"), status, on=tomorrow)
    assert messages(excinfo, "decision_date") == [services.DECISION_IN_FUTURE]
    assert not AdoptionDecision.objects.exists()
    assert decide(party("1490"), status, on=timezone.localdate()).decision_date == (
        timezone.localdate()
    )


def test_a_termination_dated_in_the_future_is_refused_and_not_previewed(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    tomorrow = timezone.localdate() + timedelta(days=1)
    for attempt in (termination_register, termination_preview):
        kwargs = {"actor": None} if attempt is termination_register else {}
        with pytest.raises(ValidationError) as excinfo:
            attempt(party=boras, document=document(), notified_on=tomorrow, **kwargs)
        assert messages(excinfo, "notified_on") == [services.TERMINATION_IN_FUTURE]
    assert not Termination.objects.exists()
    assert termination_register(
        actor=None, party=boras, document=document(), notified_on=timezone.localdate()
    )


def test_a_decision_moved_after_a_sub_agreement_was_terminated_is_refused(reference_data):
    """The sub-agreement was adopted through the agreement's decision: its termination must
    follow that decision too, whichever is recorded last."""
    boras = party("1490")
    agreement_approved(boras, on=date(2026, 4, 12))
    termination_register(
        actor=None, party=boras, document=document("OK-MUNHALSA"), notified_on=date(2026, 9, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        decide(boras, on=date(2026, 10, 1))
    assert messages(excinfo, "decision_date") == [
        services.DECISION_AFTER_TERMINATION.format(notified="2026-09-01")
    ]
    assert AdoptionDecision.objects.get(party=boras).decision_date == date(2026, 4, 12)


@pytest.mark.parametrize("code", ["HSA-2027", "OK-MUNHALSA"])
@pytest.mark.parametrize(
    "status", [AdoptionDecision.Status.REJECTED, AdoptionDecision.Status.PENDING]
)
def test_a_terminated_agreement_cannot_be_recorded_as_not_approved(reference_data, code, status):
    boras = party("1490")
    agreement_approved(boras, on=date(2026, 4, 12))
    termination_register(
        actor=None, party=boras, document=document(code), notified_on=date(2026, 9, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        decide(boras, status, on=date(2026, 4, 12))
    assert messages(excinfo, "status") == [
        services.DECISION_TERMINATED_NOT_APPROVED.format(
            party="Borås Stad", document=document(code).title, notified="2026-09-01"
        )
    ]
    assert AdoptionDecision.objects.get(party=boras).status == AdoptionDecision.Status.APPROVED
