"""The demo's own cases: the demo people's work today, on top of the county's generated years.

Written with the generator's own builders (so they follow every rule the random cases do),
between the demo people of Borås Stad and Södra Älvsborgs Sjukhus: a case at every status for
the handler's inbox and the reporter's own reports, cases the other way for Borås's handler,
and disagreements at each step of the ladder for the managers on both sides. The browser suite
finds them by what they are (tests/browser/demo_ids.py), never by number.
"""

from samsyn.demo.generator.deviations import CaseSpec
from samsyn.demo.generator.disagreements import LadderSpec
from samsyn.demo.generator.scenarios import DEVIATION_SCENARIOS
from samsyn.demo.generator.scenarios.disagreements import (
    DISAGREEMENT_SCENARIOS,
    ECONOMIC_AGREEMENT_AREAS,
)
from samsyn.parties.models import Role

MUNICIPALITY, HOSPITAL = "Borås Stad", "Södra Älvsborgs Sjukhus"

# (scenario key, reported by Borås (True) or by the hospital, status it stops at, days ago)
DEVIATIONS = [
    ("discharge_medication_list", True, "sent", 1),
    ("discharge_without_notice", True, "sent", 4),
    ("missing_aids", True, "sent", 24),  # past its acknowledgement date
    ("discharge_summary_care_needs", True, "acknowledged", 9),
    ("weekend_medicines", True, "acknowledged", 30),
    ("discharge_medication_list", True, "analysed", 14),
    ("unclear_prescription", True, "analysed", 35),
    ("late_evening_discharge", True, "measures_decided", 40),
    ("discharge_summary_care_needs", True, "measures_decided", 60),
    ("discharge_without_notice", True, "followed_up", 75),
    ("discharge_medication_list", True, "closed", 110),
    ("missing_aids", True, "closed", 150),
    ("discharge_ready_not_collected", False, "sent", 2),
    ("admission_information_missing", False, "sent", 20),  # past its acknowledgement date
    ("municipal_medication_list_outdated", False, "acknowledged", 12),
    ("sent_to_emergency_without_assessment", False, "closed", 120),
]

# The other types of report (issue 19): (scenario key, by Borås, status, days ago, type).
OTHER_TYPES = [
    ("discharge_medication_list", True, "acknowledged", 6, "near_miss"),
    ("discharge_without_notice", True, "sent", 3, "risk"),
    ("discharge_summary_care_needs", True, "feedback", 2, "good_cooperation"),
    ("admission_information_missing", False, "closed", 16, "good_cooperation"),
]

# (scenario category, final step, outcome, settled, patient affected, days ago, deviations)
DISAGREEMENTS = [
    ("In- och utskrivning", 1, "open", False, True, 6, 1),
    ("Betalningsansvar", 2, "open", False, False, 34, 1),
    ("Tolkning av avtal eller överenskommelse", 3, "open", False, True, 70, 0),
    ("Betalningsansvar", 3, "closed", True, False, 180, 1),
    ("Hjälpmedel och läkemedel", 1, "closed", False, True, 140, 0),
    ("Informationsöverföring", 2, "closed", False, False, 190, 0),
    ("Psykisk funktionsnedsättning och beroende", 1, "resolved", False, True, 45, 0),
]


def demo_stories(ctx, deviations, disagreements) -> None:
    world, staff, clock = ctx.world, ctx.staff, ctx.clock
    rng = ctx.seeds.stream("demo stories")
    municipality = next(m for m in world.municipalities if m.provider.name == MUNICIPALITY)
    hospital = next(p for p in world.providers.values() if p.name == HOSPITAL)
    boras, sas = municipality.provider.id, hospital.id
    scenarios = {s.key: s for s in DEVIATION_SCENARIOS}
    people = {
        "rapportor": staff.person("rapportor", boras, Role.REPORTER),
        "handlaggare.boras": staff.person("handlaggare.boras", boras, Role.HANDLER),
        "handlaggare.sas": staff.person("handlaggare.sas", sas, Role.HANDLER),
    }
    written = {}
    for index, (key, by_boras, stop, days_ago, *event_type) in enumerate(DEVIATIONS + OTHER_TYPES):
        reported = clock.at(clock.local_day(ctx.now) - days_ago, (9 + index % 7) * 3600)
        if by_boras:
            reporter, handler = people["rapportor"], people["handlaggare.sas"]
        else:
            reporter = staff.pick(rng, sas, Role.REPORTER, Role.HANDLER)
            handler = people["handlaggare.boras"]
        row = deviations.build(
            CaseSpec(
                scenario=scenarios[key],
                municipality=municipality,
                regional=hospital,
                reporter=reporter,
                handler=handler,
                reported=min(reported, ctx.now - 600),
                event_day=clock.local_day(reported) - 1,
                rng=rng,
                stop=stop,
                no_measure=False,
                lifted=index == 8,
                event_type=event_type[0] if event_type else None,
            )
        )
        written.setdefault(row.category, []).append(row)
    scenario_of = {s.category: s for s in DISAGREEMENT_SCENARIOS}
    for category, final, outcome, settled, patient, days_ago, linked in DISAGREEMENTS:
        created = clock.at(clock.local_day(ctx.now) - days_ago, 10 * 3600)
        # A disagreement rests only on deviations reported before it was raised.
        earlier = [row.id for row in written.get(category, []) if row.reported < created]
        disagreements.build(
            LadderSpec(
                scenario=scenario_of[category],
                municipality=municipality,
                regional=hospital,
                created=created,
                rng=rng,
                deviation_ids=earlier[:linked],
                final_step=final,
                outcome=outcome,
                settlement=settled,
                patient_affected=patient,
            )
        )
    area = ECONOMIC_AGREEMENT_AREAS[0]
    disagreements.economic_agreement(
        rng=rng,
        municipality=municipality,
        regional=hospital,
        at=clock.at(clock.local_day(ctx.now) - 50, 11 * 3600),
        area=area,
    )
