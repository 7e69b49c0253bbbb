"""Writes for who is bound: council decisions (adoption) and terminations (the joint steering
group's notes of 2025-08-12; the presentation on the addendum to the agreement, #HoSavtal2027)."""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import AdoptionDecision, GoverningDocument, Termination
from samsyn.audit.services import audit_record
from samsyn.parties.models import Party

DECISION_PARTY_UNKNOWN = _("The principal is not in the registry.")
DECISION_PARTY_OTHER_COUNTY = _("The principal is not in the same county as the document.")
DECISION_DOCUMENT_NEEDS_NO_ADOPTION = _(
    "The document needs no decision by each principal; it applies through {parent}."
)
DECISION_DATE_REQUIRED = _("Give the date of the decision for a decision that has been made.")
DECISION_WRONG_BODY = _(
    "A municipality decides in its municipal council and the region in its regional council."
)
DECISION_AFTER_TERMINATION = _(
    "The date of the decision cannot be after the municipality's termination of the document "
    "({notified})."
)
DECISION_IN_FUTURE = _(
    "The date of the decision cannot be in the future. Record the decision once the council "
    "has made it."
)
DECISION_TERMINATED_NOT_APPROVED = _(
    "{party} has terminated {document} ({notified}), so the agreement must have been approved. "
    "Remove the termination first if the decision really is to change."
)

TERMINATION_NOT_TERMINABLE = _(
    "The document has no notice period and cannot be terminated by a party."
)
TERMINATION_ONLY_MUNICIPALITY = _(
    "Only a municipality can terminate the agreement for its part; the region cannot register "
    "a termination here."
)
TERMINATION_NOT_APPROVED = _(
    "{party} has not approved {document}; there is no agreement to terminate."
)
TERMINATION_BEFORE_DECISION = _(
    "The termination cannot be dated before the decision that approved the agreement ({decided})."
)
TERMINATION_ALREADY = _("{party} has already terminated the document (termination {notified}).")
TERMINATION_PARENT_TERMINATED = _(
    "{party} has already terminated {parent}; the sub-agreement ends with the agreement."
)
TERMINATION_PERIOD_OVER = _(
    "The agreement period has already run out ({end}); there is nothing to terminate."
)
TERMINATION_IN_FUTURE = _(
    "The termination cannot be dated in the future. Register it once it has been received."
)


def add_months(day: date, months: int) -> date:
    """The same day number `months` later, or the last day of that month (lag 1930:173)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_source(document: GoverningDocument) -> GoverningDocument:
    """A sub-agreement without its own agreement period follows its parent's."""
    if document.agreement_period_months is None and document.parent is not None:
        return document.parent
    return document


def agreement_period_ends(*, document: GoverningDocument, after: date) -> date | None:
    """The last day of the first agreement period that ends on or after `after` (the joint
    steering group's notes of 2025-08-12).

    The first period runs from the first version's start; each prolongation adds
    `prolongation_months`. None if the document has no agreement period, or if it is
    not prolonged and its only period ended before `after`.
    """
    source = _period_source(document)
    first = source.versions.order_by("valid_from").first()
    if source.agreement_period_months is None or first is None:
        return None
    months = source.agreement_period_months
    end = add_months(first.valid_from, months) - timedelta(days=1)
    while end < after:
        if not source.prolongation_months:
            return None
        months += source.prolongation_months
        end = add_months(first.valid_from, months) - timedelta(days=1)
    return end


def termination_end_date(*, document: GoverningDocument, notified_on: date) -> date:
    """The end of the agreement period that is at least the notice period after the notice.

    The steering group's notes of 2025-08-12: "upphör avtalet att gälla mellan den aktuella
    kommunen och VGR vid avtalstidens utgång", notice period 1.5 years (18 months, per
    document). Without an agreement period the document ends when the notice period has run.
    """
    if not document.notice_period_months:
        raise ValidationError({"document": TERMINATION_NOT_TERMINABLE})
    earliest = add_months(notified_on, document.notice_period_months)
    source = _period_source(document)
    if source.agreement_period_months is None:
        return earliest
    end = agreement_period_ends(document=document, after=earliest)
    if end is not None:
        return end
    # Not prolonged: the agreement ends with its period anyway, if the notice came in time.
    last = agreement_period_ends(document=document, after=date.min)
    if last is None or last < notified_on:
        raise ValidationError({"notified_on": TERMINATION_PERIOD_OVER.format(end=last)})
    return last


def _resolve_party(party) -> Party:
    if isinstance(party, Party):
        return party
    found = Party.objects.filter(code=str(party or "").strip()).first()
    if found is None:
        raise ValidationError({"party": DECISION_PARTY_UNKNOWN})
    return found


def _decision_data(decision: AdoptionDecision | None) -> dict | None:
    if decision is None or decision.pk is None:
        return None
    return {
        "status": decision.status,
        "decision_date": decision.decision_date,
        "body": decision.body,
        "reference": decision.reference,
    }


def _decision_check_document(*, party: Party, document: GoverningDocument) -> None:
    """The party decides on documents of its own county that need each party's decision."""
    if party.county_id != document.county_id:
        raise ValidationError({"party": DECISION_PARTY_OTHER_COUNTY})
    if not document.requires_adoption:
        parent = document.parent.title if document.parent else gettext("its main agreement")
        raise ValidationError(
            {"document": DECISION_DOCUMENT_NEEDS_NO_ADOPTION.format(parent=parent)}
        )


def _decision_check_terminations(
    *, party: Party, document: GoverningDocument, status: str, decision_date: date | None
) -> None:
    """A termination ends the adoption it follows, of this document or of a sub-agreement
    adopted through it: the decision cannot move after it, nor stop being an approval."""
    for termination in (
        Termination.objects.filter(party=party)
        .select_related("document__parent")
        .order_by("notified_on")
    ):
        if _adopting_document(termination.document) != document:
            continue
        notified = termination.notified_on.isoformat()
        if status != AdoptionDecision.Status.APPROVED:
            raise ValidationError(
                {
                    "status": DECISION_TERMINATED_NOT_APPROVED.format(
                        party=party.name, document=termination.document.title, notified=notified
                    )
                }
            )
        if decision_date > termination.notified_on:
            raise ValidationError(
                {"decision_date": DECISION_AFTER_TERMINATION.format(notified=notified)}
            )


@transaction.atomic
def adoption_decision_record(
    *,
    actor,
    party,
    document: GoverningDocument,
    status: str,
    decision_date: date | None = None,
    body: str = "",
    reference: str = "",
) -> AdoptionDecision:
    """Record (or change) a party's council decision on a document (DOMAIN.md 1; the
    presentation on the addendum to the agreement, #HoSavtal2027).

    `party` is a Party or its code; an unknown party is refused. One decision per party and
    document: a new council decision replaces the earlier one, and the trail keeps both.
    """
    party = _resolve_party(party)
    _decision_check_document(party=party, document=document)
    expected_body = (
        AdoptionDecision.Body.REGIONAL_COUNCIL
        if party.is_region
        else AdoptionDecision.Body.MUNICIPAL_COUNCIL
    )
    if body and body != expected_body:
        raise ValidationError({"body": DECISION_WRONG_BODY})
    if status == AdoptionDecision.Status.PENDING:
        decision_date = None
    elif decision_date is None:
        raise ValidationError({"decision_date": DECISION_DATE_REQUIRED})
    elif decision_date > timezone.localdate():
        raise ValidationError({"decision_date": DECISION_IN_FUTURE})
    _decision_check_terminations(
        party=party, document=document, status=status, decision_date=decision_date
    )
    decision = (
        AdoptionDecision.objects.select_for_update().filter(party=party, document=document).first()
    )
    before = _decision_data(decision)
    decision = decision or AdoptionDecision(party=party, document=document)
    decision.status = status
    decision.decision_date = decision_date
    decision.body = expected_body
    decision.reference = reference
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action="agreements.decision.recorded" if before is None else "agreements.decision.changed",
        target=decision,
        data={
            "party": party.code,
            "document": document.code,
            "before": before,
            "after": _decision_data(decision),
        },
    )
    return decision


def _adopting_document(document: GoverningDocument) -> GoverningDocument:
    """The document whose council decision binds a party to this one (a sub-agreement's parent)."""
    while not document.requires_adoption and document.parent is not None:
        document = document.parent
    return document


def termination_preview(*, party: Party, document: GoverningDocument, notified_on: date) -> date:
    """The end date a termination would get, after every check of registering it.

    A termination follows the approval it ends and is not dated in the future; a document
    is terminated once, and a sub-agreement not after its agreement (the joint steering
    group's notes of 2025-08-12).
    """
    if notified_on > timezone.localdate():
        raise ValidationError({"notified_on": TERMINATION_IN_FUTURE})
    if party.is_region:
        raise ValidationError({"party": TERMINATION_ONLY_MUNICIPALITY})
    if party.county_id != document.county_id:
        raise ValidationError({"party": DECISION_PARTY_OTHER_COUNTY})
    if not document.notice_period_months:
        raise ValidationError({"document": TERMINATION_NOT_TERMINABLE})
    adopting = _adopting_document(document)
    if adopting.requires_adoption:
        decision = AdoptionDecision.objects.filter(party=party, document=adopting).first()
        if decision is None or decision.status != AdoptionDecision.Status.APPROVED:
            raise ValidationError(
                {
                    "document": TERMINATION_NOT_APPROVED.format(
                        party=party.name, document=adopting.title
                    )
                }
            )
        if notified_on < decision.decision_date:
            raise ValidationError(
                {
                    "notified_on": TERMINATION_BEFORE_DECISION.format(
                        decided=decision.decision_date.isoformat()
                    )
                }
            )
    existing = Termination.objects.filter(party=party, document=document).first()
    if existing:
        raise ValidationError(
            {
                "document": TERMINATION_ALREADY.format(
                    party=party.name, notified=existing.notified_on.isoformat()
                )
            }
        )
    if document.parent and Termination.objects.filter(party=party, document=document.parent):
        raise ValidationError(
            {
                "document": TERMINATION_PARENT_TERMINATED.format(
                    party=party.name, parent=document.parent.title
                )
            }
        )
    return termination_end_date(document=document, notified_on=notified_on)


@transaction.atomic
def termination_register(
    *,
    actor,
    party: Party,
    document: GoverningDocument,
    notified_on: date,
    reference: str = "",
) -> Termination:
    """A municipality terminates the agreement or one sub-agreement, for itself only (the
    joint steering group's notes of 2025-08-12).

    The end date follows from the notice period and the agreement period; terminating the
    agreement ends its sub-agreements for that municipality (see selectors), nothing else.
    """
    ends_on = termination_preview(party=party, document=document, notified_on=notified_on)
    termination = Termination(
        party=party,
        document=document,
        notified_on=notified_on,
        ends_on=ends_on,
        reference=reference,
    )
    termination.full_clean()
    termination.save()
    audit_record(
        actor=actor,
        action="agreements.termination.registered",
        target=termination,
        data={
            "party": party.code,
            "document": document.code,
            "before": None,
            "after": {
                "notified_on": termination.notified_on,
                "ends_on": termination.ends_on,
                "notice_period_months": document.notice_period_months,
                "reference": reference,
            },
        },
    )
    return termination
