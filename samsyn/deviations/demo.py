"""Demo deviations: a few months of realistic work between the demo providers.

Each case is replayed through the services on the days it happened (the clock is set
back while a step runs), so deadlines, overdue flags, timelines, notifications and the
audit trail agree with each other. Idempotent: each case has a fixed submission token.
"""

import datetime
import uuid
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from samsyn.agreements.models import DocumentSection, DocumentVersion, GoverningDocument
from samsyn.core.access import actor_for
from samsyn.core.models import Notification
from samsyn.deviations import services
from samsyn.deviations.models import (
    Category,
    Cause,
    Deviation,
    OrganisationConsequence,
    PatientConsequence,
)
from samsyn.parties.models import CareProvider, Role

NAMESPACE = uuid.UUID("5a3b1c2d-0000-4000-8000-000000000004")

# Colleagues at further providers, so the county analyst sees more than one pair.
EXTRA_PEOPLE = [
    ("ssk.skovde", "Sofia", "Sjuksköterska", "Skövde kommun", Role.REPORTER),
    ("handlaggare.skas", "Henrik", "Handläggare", "Skaraborgs Sjukhus", Role.HANDLER),
    ("ssk.goteborg", "Gustav", "Sjuksköterska", "Göteborgs Stad", Role.REPORTER),
    ("handlaggare.su", "Ulla", "Handläggare", "Sahlgrenska Universitetssjukhuset", Role.HANDLER),
    ("handlaggare.nu", "Nils", "Handläggare", "NU-sjukvården", Role.HANDLER),
    ("ssk.trollhattan", "Tove", "Sjuksköterska", "Trollhättans Stad", Role.REPORTER),
]

# Documents cited by the demo; the registry's own reference data provides them when loaded.
FALLBACK_DOCUMENTS = [
    (
        "HSA-2017",
        GoverningDocument.Kind.AGREEMENT,
        "Hälso- och sjukvårdsavtal mellan Västra Götalandsregionen och kommunerna i Västra "
        "Götaland (2017 års avtal)",
        datetime.date(2018, 1, 1),
        datetime.date(2026, 12, 31),
        [("1", "Gemensamma utgångspunkter"), ("2", "Ansvar"), ("3", "Samverkan")],
    ),
    (
        "RUTIN-AVVIKELSER",
        GoverningDocument.Kind.ROUTINE,
        "Rutin avvikelsehantering i samverkan",
        datetime.date(2020, 1, 1),
        datetime.date(2026, 12, 31),
        [("1", "Syfte"), ("2", "Rapportering"), ("3", "Återkoppling")],
    ),
    (
        "RL-SIP",
        GoverningDocument.Kind.GUIDELINE,
        "Länsgemensam riktlinje samordnad individuell plan, SIP, i Västra Götaland",
        datetime.date(2025, 6, 1),
        None,
        [("1", "Syfte"), ("2", "Ansvar"), ("3", "Kallelse"), ("4", "Genomförande")],
    ),
]

# title, description, category, patient consequence, organisation consequence, proposal,
# document code, section, other explanation
STORIES = [
    (
        "Läkemedelslista saknades vid utskrivning",
        "Patienten skrevs ut från sjukhuset till korttidsboende. Ingen aktuell läkemedelslista "
        "följde med, och kvällens doser kunde inte ges enligt ordination.",
        "Läkemedel i vårdens övergångar",
        "Risk för vårdskada (tillbud)",
        "Ökad arbetsinsats",
        "Skicka alltid läkemedelslistan digitalt innan patienten lämnar avdelningen.",
        "HSA-2017",
        "2",
        "",
    ),
    (
        "Utskrivningsmeddelande kom efter hemkomst",
        "Meddelande om utskrivningsklar patient kom till kommunen två timmar efter att patienten "
        "redan var hemma. Hemsjukvården var inte planerad.",
        "In- och utskrivning",
        "Lindrig vårdskada",
        "Förtroendeskada",
        "Följ tidsgränsen för utskrivningsmeddelande.",
        "RUTIN-AVVIKELSER",
        "2",
        "",
    ),
    (
        "Ingen SIP trots kallelse",
        "Kommunen kallade till SIP tre gånger under en månad; ingen från vårdcentralen deltog och "
        "ingen återkoppling gavs.",
        "SIP",
        "Ingen",
        "Ökad arbetsinsats",
        "Utse en kontaktperson för SIP på enheten.",
        "RL-SIP",
        "3",
        "",
    ),
    (
        "Ordination om insulin otydlig",
        "Ordinationen vid utskrivning angav två olika doser insulin. Sjuksköterskan fick ringa "
        "avdelningen som inte kunde svara förrän nästa dag.",
        "Vård och behandling",
        "Måttlig vårdskada",
        "Ökad arbetsinsats",
        "Dubbelkontroll av ordinationer innan utskrivning.",
        "HSA-2017",
        "2",
        "",
    ),
    (
        "Hjälpmedel saknades vid hemgång",
        "Patienten skickades hem utan den rullator och det toalettförhöjning som bedömts "
        "nödvändiga. Fallrisk i hemmet första natten.",
        "In- och utskrivning",
        "Risk för vårdskada (tillbud)",
        "Ökad arbetsinsats",
        "Checklista för hjälpmedel före hemgång.",
        "RUTIN-AVVIKELSER",
        "2",
        "",
    ),
    (
        "Epikris saknade uppgift om sårbehandling",
        "Epikrisen nämnde inte att patienten hade ett trycksår som behövde omläggning varannan "
        "dag. Upptäcktes vid första hembesöket.",
        "Informationsöverföring",
        "Lindrig vårdskada",
        "Ingen",
        "Standardiserad rubrik för omvårdnadsbehov i epikrisen.",
        "HSA-2017",
        "3",
        "",
    ),
    (
        "Telefonkontakt med avdelningen omöjlig",
        "Kommunens sjuksköterska försökte under fyra timmar nå avdelningen för att stämma av "
        "en utskrivning. Ingen svarade.",
        "Synpunkter och klagomål",
        "Ingen",
        "Förtroendeskada",
        "Ett direktnummer för vårdplanering.",
        "RUTIN-AVVIKELSER",
        "3",
        "",
    ),
    (
        "Egenvårdsbedömning gjordes inte",
        "Patienten förväntades sköta sin inhalationsbehandling själv, men ingen "
        "egenvårdsbedömning var gjord och patienten klarade det inte.",
        "Egenvård",
        "Risk för vårdskada (tillbud)",
        "Ökad arbetsinsats",
        "Egenvårdsbedömning dokumenteras innan utskrivning.",
        "HSA-2017",
        "2",
        "",
    ),
    (
        "Transport beställdes till fel adress",
        "Liggande transport hämtade patienten men körde till den gamla adressen. Patienten "
        "väntade en timme i ambulansen.",
        "Annat",
        "Lindrig vårdskada",
        "Annan konsekvens",
        "Kontrollera adress i journalen mot folkbokföringen.",
        "HSA-2017",
        "3",
        "Gäller transportbeställning mellan vårdgivarna; omfattas inte av de andra kategorierna.",
    ),
    (
        "Avtalad läkarkontakt uteblev",
        "Läkare från vårdcentralen skulle enligt avtalet göra hembesök inom en vecka efter "
        "utskrivning. Inget besök gjordes på tre veckor.",
        "Avtal och överenskommelser",
        "Risk för vårdskada (tillbud)",
        "Förtroendeskada",
        "Bevaka hembesök i vårdcentralens planering.",
        "HSA-2017",
        "2",
        "",
    ),
]

# (reporter username, handler username, reporting provider, counterpart, days ago, stage)
# stage: 0 sent, 1 acknowledged, 2 analysed, 3 measures decided, 4 followed up, 5 closed
PLAN = [
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 2, 0),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 5, 0),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 20, 0),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 25, 1),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 40, 1),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 12, 1),
    ("handlaggare.boras", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 35, 2),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 50, 3),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 70, 4),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 90, 5),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 110, 5),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 130, 5),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 60, 3),
    ("handlaggare.sas", "handlaggare.boras", "Södra Älvsborgs Sjukhus", "Borås Stad", 3, 0),
    ("handlaggare.sas", "handlaggare.boras", "Södra Älvsborgs Sjukhus", "Borås Stad", 18, 0),
    ("handlaggare.sas", "handlaggare.boras", "Södra Älvsborgs Sjukhus", "Borås Stad", 45, 2),
    ("handlaggare.sas", "handlaggare.boras", "Södra Älvsborgs Sjukhus", "Borås Stad", 100, 5),
    ("ssk.skovde", "handlaggare.skas", "Skövde kommun", "Skaraborgs Sjukhus", 8, 0),
    ("ssk.skovde", "handlaggare.skas", "Skövde kommun", "Skaraborgs Sjukhus", 33, 1),
    ("ssk.skovde", "handlaggare.skas", "Skövde kommun", "Skaraborgs Sjukhus", 80, 5),
    ("ssk.skovde", "handlaggare.skas", "Skövde kommun", "Skaraborgs Sjukhus", 55, 3),
    ("ssk.goteborg", "handlaggare.su", "Göteborgs Stad", "Sahlgrenska Universitetssjukhuset", 4, 0),
    (
        "ssk.goteborg",
        "handlaggare.su",
        "Göteborgs Stad",
        "Sahlgrenska Universitetssjukhuset",
        28,
        2,
    ),
    (
        "ssk.goteborg",
        "handlaggare.su",
        "Göteborgs Stad",
        "Sahlgrenska Universitetssjukhuset",
        95,
        5,
    ),
    (
        "ssk.goteborg",
        "handlaggare.su",
        "Göteborgs Stad",
        "Sahlgrenska Universitetssjukhuset",
        65,
        4,
    ),
    ("ssk.trollhattan", "handlaggare.nu", "Trollhättans Stad", "NU-sjukvården", 15, 1),
    ("ssk.trollhattan", "handlaggare.nu", "Trollhättans Stad", "NU-sjukvården", 75, 5),
    ("ssk.trollhattan", "handlaggare.nu", "Trollhättans Stad", "NU-sjukvården", 22, 0),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 1, 0),
    ("rapportor", "handlaggare.sas", "Borås Stad", "Södra Älvsborgs Sjukhus", 150, 5),
]

ANALYSES = [
    (
        "Kommunikationsbrist mellan vårdgivare",
        "Utskrivningsprocessen saknar en gemensam kontrollpunkt där båda vårdgivarna bekräftar "
        "att informationen har kommit fram.",
    ),
    (
        "Bristande rutinföljsamhet",
        "Rutinen finns men är inte känd hos nyanställda och vikarier på avdelningen.",
    ),
    (
        "Rutin saknas eller är oklar",
        "Ansvaret för att beställa hjälpmedel före hemgång är inte beskrivet i den gemensamma "
        "rutinen.",
    ),
]


@contextmanager
def _on(moment: datetime.datetime):
    """Run a step as if it were `moment` (only for replaying demo history)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _documents(county) -> dict[str, GoverningDocument]:
    docs = {}
    for code, kind, title, valid_from, valid_to, sections in FALLBACK_DOCUMENTS:
        doc = GoverningDocument.objects.filter(county=county, code=code).first()
        if doc is None:
            doc = GoverningDocument.objects.create(county=county, code=code, kind=kind, title=title)
            DocumentVersion.objects.create(
                document=doc, version="1", valid_from=valid_from, valid_to=valid_to
            )
            for number, section_title in sections:
                DocumentSection.objects.create(document=doc, number=number, title=section_title)
        docs[code] = doc
    return docs


def _people() -> dict:
    from samsyn.parties.demo import demo_people_load

    demo_people_load(EXTRA_PEOPLE)
    User = get_user_model()
    return {u.username: u for u in User.objects.all()}


def _replay(index, plan, story, people, docs, now) -> bool:
    reporter_name, handler_name, reporting_name, counterpart_name, days_ago, stage = plan
    token = uuid.uuid5(NAMESPACE, str(index))
    if Deviation.objects.filter(submission_token=token).exists():
        return False
    (title, description, category, patient, organisation, proposal, code, section, other) = story
    reporting = CareProvider.objects.get(name=reporting_name)
    counterpart = CareProvider.objects.get(name=counterpart_name)
    reporter, handler = actor_for(people[reporter_name]), actor_for(people[handler_name])
    start = now - datetime.timedelta(days=days_ago)
    # One reporter cites the 2027 agreement before it applies: the case shows the warning.
    early = GoverningDocument.objects.filter(code="HSA-2027").first() if index == 28 else None
    doc = early or docs[code]
    report = services.DeviationReport(
        reporting_provider=reporting,
        counterpart_provider=counterpart,
        event_date=(start - datetime.timedelta(days=1 + index % 4)).date(),
        title=title,
        description=description,
        document=doc,
        section=doc.sections.filter(number=section).first() if not early else None,
        category=Category.objects.get(name=category),
        patient_consequence=PatientConsequence.objects.get(name=patient),
        organisation_consequence=OrganisationConsequence.objects.get(name=organisation),
        other_explanation=other,
        proposed_measure=proposal,
        patient_affected=patient not in ("Ingen", "Risk för vårdskada (tillbud)"),
        submission_token=token,
    )
    with _on(start):
        deviation = services.deviation_report(actor=reporter, report=report)
    _handle(index, stage, deviation, start, reporter, handler, counterpart, proposal)
    return True


def _handle(index, stage, deviation, start, reporter, handler, counterpart, proposal) -> None:
    """The counterpart's handler takes the case as far as `stage`, day by day."""

    def step(day, func, **kwargs):
        deviation.refresh_from_db()
        with _on(start + datetime.timedelta(days=day, hours=2)):
            return func(actor=handler, deviation=deviation, **kwargs)

    if stage >= 1:
        step(
            2,
            services.deviation_acknowledge,
            expected_version=deviation.version,
            note="Vi har tagit emot ärendet och återkommer efter analys.",
        )
    if index % 3 == 0 and stage >= 1:
        with _on(start + datetime.timedelta(days=3)):
            services.comment_add(
                actor=reporter,
                deviation=deviation,
                text="Tack. Hör gärna av er om ni behöver mer underlag.",
            )
    if stage >= 2:
        cause, analysis = ANALYSES[index % len(ANALYSES)]
        step(
            10,
            services.deviation_analyse,
            expected_version=deviation.version,
            causes=[Cause.objects.get(name=cause)],
            analysis=analysis,
        )
    if stage >= 3:
        _act(index, deviation, start, handler, counterpart, proposal, step)
    if stage >= 4:
        _follow_up(deviation, start, handler, step)
    if stage >= 5:
        step(
            47,
            services.deviation_close,
            expected_version=deviation.version,
            note="Avslutas efter uppföljning.",
        )
    if index == 4:
        step(
            30,
            services.deviation_lift,
            expected_version=deviation.version,
            level="sub_regional",
            reason="Samma brist finns i flera kommuner i Södra Älvsborg; behöver lösas "
            "i delregional vårdsamverkan.",
        )


def _act(index, deviation, start, handler, counterpart, proposal, step) -> None:
    if index % 5 == 4:
        step(
            11,
            services.deviation_record_no_measure,
            expected_version=deviation.version,
            reason="Engångshändelse vid systemavbrott; rutinen fungerar i övrigt och "
            "avbrottet är åtgärdat av leverantören.",
        )
    else:
        with _on(start + datetime.timedelta(days=11)):
            services.measure_add(
                actor=handler,
                deviation=deviation,
                owner_provider=counterpart,
                description=f"Uppdatera arbetssättet: {proposal[0].lower()}{proposal[1:]}",
                due_date=(start + datetime.timedelta(days=40)).date(),
            )
    step(12, services.deviation_decide_measures, expected_version=deviation.version)


def _follow_up(deviation, start, handler, step) -> None:
    for measure in deviation.measures.all():
        with _on(start + datetime.timedelta(days=35)):
            services.measure_mark_done(
                actor=handler,
                measure=measure,
                done_date=(start + datetime.timedelta(days=35)).date(),
            )
    step(
        45,
        services.deviation_follow_up,
        expected_version=deviation.version,
        follow_up="Stickprov visar att det nya arbetssättet följs; inga nya avvikelser.",
    )


def demo_load(*, stdout=None) -> None:
    people = _people()
    county = CareProvider.objects.get(name="Borås Stad").party.county
    docs = _documents(county)
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    first_id = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    created = 0
    for index, plan in enumerate(PLAN):
        try:
            created += _replay(index, plan, STORIES[index % len(STORIES)], people, docs, now)
        except ValidationError as exc:  # a step the data refuses: report it, keep going
            if stdout:
                stdout.write(f"Demoavvikelse {index} stoppade: {exc.messages}")
    # The demo's history is not news: no e-mail for it.
    Notification.objects.filter(id__gt=first_id).update(emailed_at=timezone.now())
    if stdout:
        stdout.write(f"Demoavvikelser: {created} nya ({Deviation.objects.count()} totalt)")
