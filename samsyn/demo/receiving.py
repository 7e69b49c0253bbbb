"""The demo of the receiving side (issue 17): units with handlers, and a few cases a home-care
nurse in Borås reported to the hospital's wards, passed on, answered, questioned and sent back,
written through the services (so the history, the trail and the inboxes are as in real use).

The demo people of units (`DEMO_UNIT_OF`) sign in beside the provider-wide ones: the
reporters `rapportor` (Hemtjänst Söder) and `skoterska.boras` (Hemtjänst Norr), the ward
handlers `handlaggare.avd12` and `handlaggare.avd14`, Hemtjänst Norr's handler
`handlaggare.norr`, and the region's deviation coordinator `samordnare.vgr`, who receives what
no handler would.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from samsyn.agreements.models import GoverningDocument
from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import (
    Category,
    Deviation,
    OrganisationConsequence,
    PatientConsequence,
    Position,
    ReturnReason,
)
from samsyn.parties.models import CareProvider, CareUnit

BORAS, SAS = "Borås Stad", "Södra Älvsborgs Sjukhus"
K = CareUnit.Kind
# (provider, unit, kind): the units of the demo's two providers.
DEMO_UNITS = [
    (BORAS, "Hemtjänst Norr", K.HOME_CARE),
    (BORAS, "Hemtjänst Söder", K.HOME_CARE),
    (SAS, "Avdelning 12, medicin", K.WARD),
    (SAS, "Avdelning 14, kirurgi", K.WARD),
    (SAS, "Akutmottagningen", K.WARD),
]
# username -> (provider, unit) where the demo person holds their role.
DEMO_UNIT_OF = {
    # Reporters work in a unit (inner secrecy: they see their own reports and their unit's).
    "rapportor": (BORAS, "Hemtjänst Söder"),
    "skoterska.boras": (BORAS, "Hemtjänst Norr"),
    "handlaggare.norr": (BORAS, "Hemtjänst Norr"),
    "handlaggare.avd12": (SAS, "Avdelning 12, medicin"),
    "handlaggare.avd14": (SAS, "Avdelning 14, kirurgi"),
}
# A private vårdcentral nobody handles deviations for: reports land with the coordinator.
NO_HANDLER_PROVIDER = ("Vårdcentralen Hälsoporten AB", "Vårdcentralen Hälsoporten, Borås")


def demo_units_load() -> None:
    for provider, name, kind in DEMO_UNITS:
        CareUnit.objects.get_or_create(
            provider=CareProvider.objects.get(name=provider), name=name, defaults={"kind": kind}
        )


def demo_unit_of(username: str) -> CareUnit | None:
    if username not in DEMO_UNIT_OF:
        return None
    provider, name = DEMO_UNIT_OF[username]
    return CareUnit.objects.get(provider__name=provider, name=name)


def demo_area_of(username: str):
    """The cooperation area a demo sub-regional coordinator holds the role for."""
    from samsyn.parties.models import CooperationArea

    if username != "samordnare.sodra":
        return None
    return CooperationArea.objects.filter(name="Södra Älvsborg").first()


def _actor(username):
    return actor_for(get_user_model().objects.get(username=username))


def _unit(name):
    return CareUnit.objects.get(name=name)


def _report(nurse, provider, unit, title, description, document):
    return services.deviation_report(
        actor=nurse,
        report=services.DeviationReport(
            reporting_provider=CareProvider.objects.get(name=BORAS),
            counterpart_provider=provider,
            receiving_unit=unit,
            event_date=timezone.localdate() - datetime.timedelta(days=3),
            title=title,
            description=description,
            document=document,
            section=document.sections.order_by("pk").first(),
            category=Category.objects.filter(is_active=True, is_other=False).first(),
            patient_consequence=PatientConsequence.objects.filter(is_active=True, is_other=False)
            .order_by("-severity")
            .last(),
            psychological_consequence=PatientConsequence.objects.filter(is_active=True)
            .order_by("severity")
            .first(),
            potential_consequence=PatientConsequence.objects.filter(is_active=True)
            .order_by("severity")
            .last(),
            organisation_consequence=OrganisationConsequence.objects.filter(
                is_active=True, is_other=False
            ).first(),
            submission_token=uuid.uuid4(),
        ),
    )


def _acknowledged_and_answered(deviation, handler, position, account, answer, document=None):
    services.deviation_acknowledge(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        position=position,
        account=account,
        document=document,
        section=document.sections.order_by("pk").first() if document else None,
    )
    services.deviation_answer(
        actor=handler, deviation=deviation, expected_version=deviation.version, answer=answer
    )


def receiving_stories_load() -> int:
    """The nurse's cases; once (a second run finds them and adds nothing). Returns how many."""
    nurse = _actor("skoterska.boras")
    if Deviation.objects.filter(reporter=nurse.user).exclude(receiving_unit=None).exists():
        return 0
    sas = CareProvider.objects.get(name=SAS)
    document = (
        GoverningDocument.objects.filter(code="HSA-2017").first()
        or GoverningDocument.objects.order_by("pk").first()
    )
    ward12, wide = _actor("handlaggare.avd12"), _actor("handlaggare.sas")

    # Reported to the wrong ward; the hospital's handler passes it on; the ward agrees in part
    # and answers: the nurse accepts or questions the answer.
    passed = _report(
        nurse,
        sas,
        _unit("Avdelning 14, kirurgi"),
        "Utskrivning utan läkemedelslista",
        "Patienten kom hem till hemsjukvården utan aktuell läkemedelslista. Sjuksköterskan "
        "fick ringa avdelningen på kvällen.",
        document,
    )
    services.deviation_pass_on(
        actor=wide,
        deviation=passed,
        expected_version=passed.version,
        unit=_unit("Avdelning 12, medicin"),
        note="Patienten vårdades på medicinavdelningen.",
    )
    _acknowledged_and_answered(
        passed,
        ward12,
        Position.PARTLY,
        "Listan skickades elektroniskt men inte med patienten i pappersform.",
        "Vi skickar läkemedelslistan med patienten och elektroniskt från januari. "
        "Checklistan för utskrivning är uppdaterad.",
    )
    # The ward disputes it, citing the agreement; the nurse questions the answer: a manager
    # of Borås Stad can open a disagreement from the case.
    disputed = _report(
        nurse,
        sas,
        _unit("Avdelning 12, medicin"),
        "Utskrivningsmeddelande kom efter hemgång",
        "Meddelandet om utskrivning kom två timmar efter att patienten kommit hem.",
        document,
    )
    _acknowledged_and_answered(
        disputed,
        ward12,
        Position.DISPUTES,
        "Meddelandet skickades enligt rutinen samma dag; kommunen hade inte läst det.",
        "Ingen åtgärd hos oss: rutinen följdes.",
        document=document,
    )
    services.deviation_question_answer(
        actor=nurse,
        deviation=disputed,
        expected_version=disputed.version,
        reason="Rutinen säger att meddelandet ska komma före hemgång, inte samma dag.",
    )
    # Sent back as the wrong receiver: the nurse re-routes it.
    returned = _report(
        nurse,
        sas,
        _unit("Akutmottagningen"),
        "Hjälpmedel saknades vid hemgång",
        "Patienten kom hem utan rollator som var utlovad.",
        document,
    )
    services.deviation_send_back(
        actor=wide,
        deviation=returned,
        expected_version=returned.version,
        reason=ReturnReason.WRONG_RECEIVER,
        note="Patienten skrevs ut från NU-sjukvården, inte från oss.",
    )
    # New, waiting for the ward's acknowledgement.
    _report(
        nurse,
        sas,
        _unit("Avdelning 12, medicin"),
        "Läkemedelsgenomgång saknades",
        "Ingen läkemedelsgenomgång var gjord trots att patienten hade tolv läkemedel.",
        document,
    )
    # A vårdcentral with no deviation handler: the region's coordinator receives it.
    provider, _created = CareProvider.objects.get_or_create(
        party=sas.party,
        name=NO_HANDLER_PROVIDER[0],
        defaults={"kind": CareProvider.Kind.PRIVATE},
    )
    unit, _created = CareUnit.objects.get_or_create(
        provider=provider, name=NO_HANDLER_PROVIDER[1], defaults={"kind": K.PRIMARY_CARE}
    )
    _report(
        nurse,
        provider,
        unit,
        "Läkarbesök uteblev i hemsjukvården",
        "Det planerade läkarbesöket hos patienten i hemsjukvården blev aldrig av.",
        document,
    )
    return 5
