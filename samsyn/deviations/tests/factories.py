"""Test data for deviations: documents of our own, and a case in any state (via the services)."""

import datetime
import uuid

from django.utils import timezone

from samsyn.agreements.models import DocumentSection, DocumentVersion, GoverningDocument
from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import (
    Category,
    Cause,
    OrganisationConsequence,
    PatientConsequence,
    Status,
)
from samsyn.parties.models import County


def document_make(*, code="TEST-RUTIN", valid_from=datetime.date(2020, 1, 1), valid_to=None):
    """A county-wide routine that needs no adoption, in force from valid_from."""
    county = County.objects.get(name__icontains="Västra Götaland")
    doc, _ = GoverningDocument.objects.get_or_create(
        county=county,
        code=code,
        defaults={"kind": GoverningDocument.Kind.ROUTINE, "title": f"Testrutin {code}"},
    )
    DocumentVersion.objects.get_or_create(
        document=doc, version="1", defaults={"valid_from": valid_from, "valid_to": valid_to}
    )
    DocumentSection.objects.get_or_create(
        document=doc, number="3.1", defaults={"title": "Informationsöverföring"}
    )
    return doc


def report_data(
    *, reporting_provider, counterpart_provider, document, **overrides
) -> services.DeviationReport:
    """A complete report (what the form sends), with any field overridden."""
    data = {
        "reporting_provider": reporting_provider,
        "counterpart_provider": counterpart_provider,
        "event_date": timezone.localdate() - datetime.timedelta(days=3),
        "title": "Läkemedelslista saknades vid utskrivning",
        "description": "Patienten kom hem från sjukhuset utan aktuell läkemedelslista.",
        "document": document,
        "section": document.sections.first() if document else None,
        "category": Category.objects.get(name="Läkemedel i vårdens övergångar"),
        "patient_consequence": PatientConsequence.objects.get(name="Risk för vårdskada (tillbud)"),
        "psychological_consequence": PatientConsequence.objects.get(name="Ingen"),
        "potential_consequence": PatientConsequence.objects.get(name="Lindrig vårdskada"),
        "organisation_consequence": OrganisationConsequence.objects.get(name="Ökad arbetsinsats"),
        "proposed_measure": "Skicka läkemedelslistan med vid utskrivning.",
        "patient_affected": False,
        "submission_token": uuid.uuid4(),
    }
    data.update(overrides)
    return services.DeviationReport(**data)


def deviation_in(
    status: str, *, reporter, handler, reporting_provider, counterpart_provider, document
):
    """A case brought to `status` through the services, as real people would."""
    deviation = services.deviation_report(
        actor=actor_for(reporter),
        report=report_data(
            reporting_provider=reporting_provider,
            counterpart_provider=counterpart_provider,
            document=document,
        ),
    )
    steps = [
        Status.ACKNOWLEDGED,
        Status.ANALYSED,
        Status.MEASURES_DECIDED,
        Status.FOLLOWED_UP,
        Status.CLOSED,
    ]
    if status in (Status.REGISTERED, Status.SENT):
        return deviation
    actor = actor_for(handler)
    for step in steps:
        deviation.refresh_from_db()
        v = deviation.version
        if step == Status.ACKNOWLEDGED:
            services.deviation_acknowledge(actor=actor, deviation=deviation, expected_version=v)
        elif step == Status.ANALYSED:
            services.deviation_analyse(
                actor=actor,
                deviation=deviation,
                expected_version=v,
                causes=[Cause.objects.get(name="Kommunikationsbrist mellan vårdgivare")],
                analysis="Utskrivningsrutinen saknar en kontrollpunkt för läkemedelslistan.",
            )
        elif step == Status.MEASURES_DECIDED:
            services.measure_add(
                actor=actor,
                deviation=deviation,
                owner_provider=counterpart_provider,
                description="Kontrollpunkt för läkemedelslista i utskrivningsrutinen.",
                due_date=timezone.localdate() + datetime.timedelta(days=30),
            )
            deviation.refresh_from_db()
            services.deviation_decide_measures(
                actor=actor, deviation=deviation, expected_version=deviation.version
            )
        elif step == Status.FOLLOWED_UP:
            services.deviation_follow_up(
                actor=actor,
                deviation=deviation,
                expected_version=v,
                follow_up="Inga nya avvikelser på tre månader.",
            )
        elif step == Status.CLOSED:
            services.deviation_close(actor=actor, deviation=deviation, expected_version=v)
        if step == status:
            break
    deviation.refresh_from_db()
    return deviation


def unit_person(provider, role, unit=None, username=None):
    """A person with one role at a provider, held at a unit (or at none: provider-wide)."""
    from samsyn.parties.models import Membership
    from samsyn.parties.tests.factories import UserFactory

    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, provider=provider, role=role, unit=unit)
    return user
