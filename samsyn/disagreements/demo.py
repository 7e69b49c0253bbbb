"""Demo disagreements between Borås Stad and Södra Älvsborgs Sjukhus at different steps, one a
dispute settled economically, a few published lessons and an economic agreement.

Built through the services, so the demo obeys every rule; idempotent (each case is looked up by
its title first).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from samsyn.agreements.models import DocumentSection
from samsyn.core.access import actor_for
from samsyn.disagreements import services
from samsyn.disagreements.models import Category, Disagreement, EconomicAgreement
from samsyn.parties.models import CareProvider, CooperationArea


def _people():
    User = get_user_model()
    names = [
        "chef1.boras",
        "chef2.boras",
        "chef3.boras",
        "chef1.sas",
        "chef2.sas",
        "chef3.sas",
        "admin.boras",
    ]
    return {name: actor_for(User.objects.get(username=name)) for name in names}


def _reload(d):
    d.refresh_from_db()
    return d


def _cited(*citations):
    """(document code, section number) pairs from the agreement registry, as documents and
    sections; whatever the registry lacks is left out (the demo runs without it too)."""
    sections = [
        section
        for code, number in citations
        for section in DocumentSection.objects.filter(
            document__code=code, number=number
        ).select_related("document")
    ]
    documents = list({s.document_id: s.document for s in sections}.values())
    return {"documents": documents, "sections": sections}


def _deviations_between(a, b, count: int) -> list:
    """Demo deviations between the two providers not yet behind a disagreement (none if the
    deviations demo is not loaded)."""
    from samsyn.deviations.models import Deviation

    return list(
        Deviation.objects.filter(
            Q(reporting_provider=a, counterpart_provider=b)
            | Q(reporting_provider=b, counterpart_provider=a),
            disagreements__isnull=True,
        ).order_by("event_date", "pk")[:count]
    )


def _case(p, author, *, category, patient=False, temporary="", **fields):
    """Register a case once (by title): `fields` are DisagreementRegistration's."""
    existing = Disagreement.objects.filter(title=fields["title"]).first()
    if existing:
        return existing, False
    d = services.disagreement_create(
        actor=p[author],
        case=services.DisagreementRegistration(
            category=Category.objects.get(name=category),
            area=CooperationArea.objects.filter(name="Södra Älvsborg").first(),
            patient_affected=patient,
            temporary_solution=temporary,
            temporary_solution_from=datetime.date.today() if temporary else None,
            **fields,
        ),
    )
    return d, True


def _resolve_and_close(p, d, who, *, solution, lesson_title, lesson):
    services.disagreement_resolve(
        actor=p[who], disagreement=d, solution=solution, expected_version=d.version
    )
    d = _reload(d)
    services.disagreement_close(
        actor=p[who],
        disagreement=d,
        title=lesson_title,
        solution=solution,
        lesson=lesson,
        expected_version=d.version,
    )


def demo_load(*, stdout=None) -> None:
    p = _people()
    boras = CareProvider.objects.get(name="Borås Stad")
    sas = CareProvider.objects.get(name="Södra Älvsborgs Sjukhus")
    created = 0

    # Step 1, a patient affected, temporary solution in place.
    d, new = _case(
        p,
        "chef1.boras",
        provider_a=boras,
        provider_b=sas,
        category="Informationsöverföring",
        **_cited(("OK-BETALNINGSANSVAR", "3"), ("HSA-2027", "4")),
        deviations=_deviations_between(boras, sas, 1),
        title="Utskrivningsinformation når hemsjukvården för sent",
        question="Hemsjukvården får vårdplanen först efter att patienten kommit hem. Parterna "
        "är oense om när informationen ska skickas enligt rutinen.",
        position_a="Vårdplanen ska finnas hos hemsjukvården senast vid utskrivningen.",
        position_b="Sjukhuset skickar när läkaren signerat, vilket rutinen tillåter.",
        patient=True,
        temporary="Sjukhusets avdelning ringer hemsjukvårdens samordnare före "
        "varje utskrivning och läser upp läkemedelslistan.",
    )
    created += new

    # Step 2, escalated by the hospital's first-line manager.
    d, new = _case(
        p,
        "chef1.sas",
        provider_a=sas,
        provider_b=boras,
        category="Läkaransvar i kommunal primärvård",
        **_cited(("OK-LAKARANSVAR", "3"), ("HSA-2027", "2.2")),
        title="Läkarmedverkan i hemsjukvården under helger",
        question="Vem ska göra läkarbesök hos patienter i hemsjukvården under helger?",
        position_a="Kommunen ska larma jourläkare via 1177 i första hand.",
        position_b="Regionens läkaransvar gäller alla dagar; kommunen ska inte behöva larma.",
        patient=True,
        temporary="Närhälsans jourläkare gör hembesök helger efter samtal från "
        "kommunens sjuksköterska, tills frågan är löst.",
    )
    created += new
    if new:
        services.disagreement_escalate(
            actor=p["chef1.sas"],
            disagreement=d,
            reason="Ingen samsyn mellan enhetscheferna efter två möten.",
            expected_version=d.version,
        )

    # Step 3: a dispute, settled economically, closed with a lesson.
    d, new = _case(
        p,
        "chef1.sas",
        provider_a=sas,
        provider_b=boras,
        category="Betalningsansvar",
        **_cited(("OK-BETALNINGSANSVAR", "2"), ("OK-BETALNINGSANSVAR", "4")),
        deviations=_deviations_between(sas, boras, 2),
        title="Betalningsansvar för utskrivningsklara patienter hösten 2027",
        question="Sjukhuset kräver ersättning för 23 vårddygn efter att patienter bedömts "
        "utskrivningsklara. Kommunen menar att planeringen inte startade i tid.",
        position_a="Patienterna var utskrivningsklara och kommunen har betalningsansvar.",
        position_b="Inskrivningsmeddelandet kom för sent; betalningsansvaret började senare.",
    )
    created += new
    if new:
        services.disagreement_escalate(
            actor=p["chef1.sas"],
            disagreement=d,
            reason="Oense om från vilket datum ansvaret gäller.",
            expected_version=d.version,
        )
        d = _reload(d)
        services.disagreement_escalate(
            actor=p["chef2.boras"],
            disagreement=d,
            reason="Verksamhetscheferna når ingen samsyn om beloppet.",
            expected_version=d.version,
        )
        d = _reload(d)
        services.settlement_record(
            actor=p["chef3.boras"],
            disagreement=d,
            terms=services.SettlementTerms(
                payer=boras.party,
                payee=sas.party,
                amount=Decimal("96600.00"),
                basis="Kommunen betalar för 14 av 23 vårddygn: de "
                "dygn då inskrivningsmeddelande och planering fanns.",
                decided_on=datetime.date.today(),
                reference="KS 2027/118",
            ),
            expected_version=d.version,
        )
        d = _reload(d)
        services.disagreement_close(
            actor=p["chef3.boras"],
            disagreement=d,
            title="Betalningsansvar räknas från komplett inskrivningsmeddelande",
            solution="Betalningsansvaret räknas från den dag då inskrivningsmeddelandet var "
            "komplett och planeringen kunde starta. Parterna delade kostnaden för "
            "dygnen däremellan genom ekonomisk reglering.",
            lesson="Skicka inskrivningsmeddelandet komplett samma dag. Stäm av oklara datum "
            "på steg 1 innan beloppen växer.",
            expected_version=d.version,
        )

    # Resolved early at step 1 and published.
    d, new = _case(
        p,
        "chef1.boras",
        provider_a=boras,
        provider_b=sas,
        category="Hjälpmedel och läkemedel",
        **_cited(("OK-BETALNINGSANSVAR", "3")),
        title="Läkemedel saknas vid hemgång en fredag",
        question="Patienter skrivs ut på fredag eftermiddag utan läkemedel för helgen.",
        position_a="Sjukhuset ska skicka med läkemedel till första vardagen.",
        position_b="Apoteket ska kunna lösa ut recepten samma dag.",
    )
    created += new
    if new:
        _resolve_and_close(
            p,
            d,
            "chef1.sas",
            solution="Vid utskrivning fredag efter kl. 12 skickar avdelningen med läkemedel "
            "till och med måndag.",
            lesson_title="Läkemedel till första vardagen vid utskrivning före helg",
            lesson="Ett enkelt klockslag i rutinen löste frågan på första linjens nivå.",
        )

    # Resolved at step 2 and published.
    d, new = _case(
        p,
        "chef1.boras",
        provider_a=boras,
        provider_b=sas,
        category="Samordnad individuell plan (SIP)",
        **_cited(("RL-SIP", "3")),
        title="Kallelse till SIP-möte kommer för sent",
        question="Kallelser till samordnad individuell plan skickas med en dags varsel.",
        position_a="Kallelse ska komma minst fem arbetsdagar före mötet.",
        position_b="Ibland måste mötet hållas snabbt för patientens skull.",
    )
    created += new
    if new:
        services.disagreement_escalate(
            actor=p["chef1.sas"],
            disagreement=d,
            reason="Fråga om bemanning som enhetscheferna inte råder över.",
            expected_version=d.version,
        )
        d = _reload(d)
        _resolve_and_close(
            p,
            d,
            "chef2.boras",
            solution="Kallelse minst fem arbetsdagar före; vid brådska ringer den kallande "
            "parten och erbjuder digitalt möte.",
            lesson_title="SIP-kallelse: fem arbetsdagar, annars telefon och digitalt möte",
            lesson="Brådskande SIP-möten behöver en egen väg i rutinen.",
        )

    if not EconomicAgreement.objects.filter(area="Korttidsplatser vid utskrivning").exists():
        services.economic_agreement_create(
            actor=p["chef2.boras"],
            terms=services.EconomicAgreementTerms(
                party_a=boras.party,
                party_b=sas.party,
                area="Korttidsplatser vid utskrivning",
                responsibility="Borås Stad tar emot utskrivningsklara patienter på "
                "korttidsboende inom tre dagar.",
                compensation="Regionen betalar 2 400 kr per dygn för de två första dygnen.",
                valid_from=datetime.date(2027, 1, 1),
                valid_to=datetime.date(2027, 12, 31),
                reference="KS 2026/77",
            ),
        )
        created += 1
    if stdout:
        stdout.write(f"Oenigheter och överenskommelser: {created} nya")
