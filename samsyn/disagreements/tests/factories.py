"""Disagreements in each state, built through the services so every rule holds."""

import datetime
from decimal import Decimal

from django.utils import timezone

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.access import actor_for
from samsyn.disagreements import services
from samsyn.disagreements.models import Category, Disagreement

TODAY = datetime.date(2027, 3, 1)


def document_with_sections(county, code="BETALNING", title="Betalningsansvar vid utskrivning"):
    doc, _ = GoverningDocument.objects.get_or_create(
        county=county,
        code=code,
        defaults={"kind": GoverningDocument.Kind.SUB_AGREEMENT, "title": title},
    )
    s1, _ = DocumentSection.objects.get_or_create(
        document=doc, number="4.2", defaults={"title": "Utskrivningsklar"}
    )
    s2, _ = DocumentSection.objects.get_or_create(
        document=doc, number="5.1", defaults={"title": "Betalningsansvar"}
    )
    return doc, s1, s2


def category(name="In- och utskrivning"):
    return Category.objects.get_or_create(name=name)[0]


def open_case(
    user,
    provider_a,
    provider_b,
    *,
    patient_affected=False,
    temporary=False,
    documents=(),
    sections=(),
    title="Vem ansvarar för hemsjukvård efter utskrivning",
    question="Parterna är oense om när betalningsansvaret för utskrivningsklara patienter börjar.",
):
    return services.disagreement_create(
        actor=actor_for(user),
        case=services.DisagreementRegistration(
            provider_a=provider_a,
            provider_b=provider_b,
            title=title,
            question=question,
            position_a="Kommunen anser att patienten inte var utskrivningsklar.",
            position_b="",
            category=category(),
            documents=documents,
            sections=sections,
            patient_affected=patient_affected,
            temporary_solution="Hemsjukvården i Borås tar över insatserna, sjukhuset stöttar "
            "med läkarkontakt."
            if temporary
            else "",
            temporary_solution_from=TODAY if temporary else None,
        ),
    )


def escalate(user, d, reason="Ingen samsyn på denna nivå."):
    services.disagreement_escalate(
        actor=actor_for(user), disagreement=d, reason=reason, expected_version=d.version
    )
    d.refresh_from_db()
    return d


def settle(user, d, *, payer, payee, amount=Decimal("125000.00")):
    services.settlement_record(
        actor=actor_for(user),
        disagreement=d,
        expected_version=d.version,
        terms=services.SettlementTerms(
            payer=payer,
            payee=payee,
            amount=amount,
            basis="Betalningsansvar enligt överenskommelsen, 14 dygn.",
            decided_on=TODAY,
            reference="RS 2027-0042",
        ),
    )
    d.refresh_from_db()
    return d


def resolve(user, d, solution="Överens.", *, confirmer):
    """One party proposes the solution, the other party's step owner confirms it: what binds
    both takes effect only then."""
    services.disagreement_resolve(
        actor=actor_for(user), disagreement=d, solution=solution, expected_version=d.version
    )
    d.refresh_from_db()
    services.resolution_confirm(
        actor=actor_for(confirmer), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    return d


def settle_confirmed(user, d, *, confirmer, payer, payee, amount=Decimal("125000.00")):
    """An economic settlement proposed and confirmed by the other party's step 3 owner."""
    d = settle(user, d, payer=payer, payee=payee, amount=amount)
    services.settlement_confirm(
        actor=actor_for(confirmer), disagreement=d, expected_version=d.version
    )
    d.refresh_from_db()
    return d


def closed_with_lesson(ladder, d, *, ago=datetime.timedelta(0)):
    """Resolved (confirmed by the other party) and closed with a lesson, `ago` ago: the case
    the retention command reaches once `ago` passes the retention years."""
    d = resolve(ladder["boras1"], d, "Överens.", confirmer=ladder["sas1"])
    services.disagreement_close(
        actor=actor_for(ladder["boras1"]),
        disagreement=d,
        title="T",
        solution="Delad lösning.",
        lesson="L",
        expected_version=d.version,
    )
    Disagreement.objects.filter(pk=d.pk).update(closed_at=timezone.now() - ago)
    d.refresh_from_db()
    return d
