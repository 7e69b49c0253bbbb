"""Deviations with their status history, measures, comments, causes and event analyses, and the
audit events, read log rows and notifications the services and views write for each move.

`DeviationGenerator.month()` draws a month of random cases; `build()` writes one case from a
`CaseSpec`, which the demo's stories use too (samsyn/demo/stories.py). Times are epoch seconds
and days the clock's day numbers (clock.py); rows hold text as the database stores it.
"""

import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from samsyn.agreements.models import GoverningDocument
from samsyn.audit.services import FREE_TEXT_CHANGED
from samsyn.cases.models import Transition
from samsyn.demo.generator import scenarios as sc
from samsyn.demo.generator.lifecycle import answer_plan, deviation_plan
from samsyn.demo.generator.randomness import Weighted, pick, uuid_hex
from samsyn.demo.generator.scenarios import event_types
from samsyn.demo.generator.vocabulary import fill, slots_for
from samsyn.demo.generator.world import regional_provider
from samsyn.deviations.models import Comment, Deviation, EventAnalysis, Measure
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.parties.models import Role

OBJECT_TYPE = "deviations.deviation"
# the 2024 report on deviations in cooperation: municipalities report about three times as many
MUNICIPALITY_SHARE = 0.75
# the 2024 report on deviations in cooperation: about half of all reports were "Annat" in the old
# system
OLD_OTHER_SHARE = 0.45
NEW_OTHER_SHARE = 0.04
REPORT_HOURS = (7, 8, 9, 10, 10, 11, 13, 14, 14, 15, 16, 19, 21)
EVENT_LAG_DAYS = (0, 1, 1, 1, 2, 2, 3, 4, 6, 9)

DEVIATION_COLUMNS = [
    "id",
    "reporting_provider_id",
    "counterpart_provider_id",
    "reporter_id",
    "event_date",
    "title",
    "description",
    "document_id",
    "section_id",
    "document_governed",
    "document_governed_note",
    "category_id",
    "patient_consequence_id",
    "organisation_consequence_id",
    "other_explanation",
    "proposed_measure",
    "patient_affected",
    "status",
    "created_at",
    "updated_at",
    "ack_due",
    "analysis_due",
    "acknowledged_at",
    "analysed_at",
    "closed_at",
    "reminded_on",
    "analysis",
    "no_measure_reason",
    "no_measure_by_id",
    "no_measure_at",
    "follow_up",
    "lifted_level",
    "lifted_reason",
    "version",
    "submission_token",
    # Issue 19: the type and the consequence axes (psychological, potential).
    "event_type",
    "psychological_consequence_id",
    "potential_consequence_id",
    # Issue 20: the case's place (parties.selectors.place_of), written with the row rather
    # than by an UPDATE of every generated case afterwards.
    "municipality_id",
    "sub_region_id",
    "area_id",
    # Issue 17: the receiver's view when acknowledging and its answer (decision 0012).
    "answer_due",
    "position",
    "receiver_account",
    "disputed_document_id",
    "disputed_section_id",
    "answer",
    "answered_at",
]
OLD_OTHER = ["Gäller {topic}.", "Rör {topic}.", "{Topic}.", "Se beskrivningen, gäller {topic}."]
NEW_OTHER = "Passar inte i kategorierna: gäller {topic} mellan vårdgivarna."


@dataclass(slots=True)
class CaseSpec:
    """One case to write: the parties, the people, when, and (for stories) where it stops."""

    scenario: sc.DeviationScenario
    municipality: object  # world.MunicipalityInfo
    regional: object  # world.ProviderInfo
    reporter: object  # staff.Person
    handler: object  # staff.Person
    reported: int  # epoch seconds
    event_day: int  # the clock's day number
    rng: object
    stop: str | None = None
    no_measure: bool | None = None
    lifted: bool | None = None
    document: tuple | None = None  # (document id, section id, governed, note) to cite instead
    event_type: str | None = None  # the story's type; None: a deviation (stories) or drawn


@dataclass(slots=True)
class CaseRow:
    """What later parts (disagreements) need to know about a written case."""

    id: int
    reporting_id: int
    counterpart_id: int
    reported: int
    status: str
    category: str  # the disagreement category the case can grow into


TRANSITION_COLUMNS = [
    "id",
    "content_type_id",
    "object_id",
    "move",
    "from_state",
    "to_state",
    "by_id",
    "at",
    "note",
    "data",
]


def _place(spec: CaseSpec) -> tuple:
    """The case's municipality, sub-region and area, as place_of gives them: every generated
    case is between a municipality and the region, so its municipality is the municipal side."""
    m = spec.municipality
    return m.party.pk, m.party.sub_region_id, m.area_id


class DeviationGenerator:
    def __init__(self, ctx):
        self.ctx = ctx
        w = ctx.writer
        self.deviations = w.table(Deviation, DEVIATION_COLUMNS)
        # The case history (cases.Transition), as DEVIATION_WORKFLOW.transition() writes it.
        self.changes = w.table(Transition, TRANSITION_COLUMNS)
        self.measures = w.table(
            Measure,
            [
                "id",
                "deviation_id",
                "owner_provider_id",
                "description",
                "due_date",
                "done_date",
                "created_by_id",
                "created_at",
            ],
        )
        self.comments = w.table(
            Comment, ["id", "deviation_id", "author_id", "author_provider_id", "text", "created_at"]
        )
        self.causes = w.table(Deviation.causes.through, ["id", "deviation_id", "cause_id"])
        self.analyses = w.table(
            EventAnalysis,
            ["id", "deviation_id", "conducted_on", "participants", "findings", "created_by_id"],
        )
        c = ctx.world.classification
        usable = [s for s in sc.DEVIATION_SCENARIOS if s.category in c.categories]
        self.by_direction = {
            side: Weighted([(s, s.weight) for s in usable if s.reported_by == side])
            for side in (sc.MUNICIPALITY, sc.REGION)
        }
        self.choices = {s.key: self._choices(s) for s in usable}
        self.severity = ctx.severity
        self.axes = event_types.Axes(c.patient, ctx.severity)
        self.samsyn_day = ctx.clock.day_of(ctx.world.samsyn_from)
        self.written: list[CaseRow] = []
        # The receiver's answer draws from its own stream (lifecycle.answer_plan).
        self.answers_rng = ctx.seeds.stream("answers")
        self.answer_days = dict(GoverningDocument.objects.values_list("pk", "answer_days"))
        self._citable: dict[tuple, Weighted] = {}  # (scenario, governing documents) -> choice

    def _choices(self, s: sc.DeviationScenario) -> dict:
        c = self.ctx.world.classification
        patient = [(c.patient[n], w, n) for n, w in s.patient.items() if n in c.patient]
        return {
            "causes": Weighted([(c.causes[n], w) for n, w in s.causes.items() if n in c.causes]),
            "patient": Weighted([(pid, w) for pid, w, _n in patient]),
            # The old system recorded "Ingen" far more often (the 2024 report on deviations in
            # cooperation).
            "old_patient": Weighted(
                [(pid, w * (4 if n == sc.NONE else 1)) for pid, w, n in patient]
            ),
            "organisation": Weighted(
                [(c.organisation[n], w) for n, w in s.organisation.items() if n in c.organisation]
            ),
            "citations": [
                (self.ctx.world.citations[(code, number)], w)
                for code, number, w in s.citations
                if (code, number) in self.ctx.world.citations
            ],
            "category": c.categories[s.category],
        }

    # ---------------------------------------------------------------- random cases

    def month(self, month, rng) -> None:
        ctx = self.ctx
        world, staff, clock = ctx.world, ctx.staff, ctx.clock
        random = rng.random
        first_day, days = clock.day_of(month.first), month.days
        now = ctx.now
        for _ in range(month.count):
            side = sc.MUNICIPALITY if random() < MUNICIPALITY_SHARE else sc.REGION
            scenario = self.by_direction[side].pick(rng)
            municipality = world.municipality_weights.pick(rng)
            regional = regional_provider(world, municipality, scenario.region_side, rng)
            if side == sc.MUNICIPALITY:
                reporting_id, counterpart_id = municipality.provider.id, regional.id
            else:
                reporting_id, counterpart_id = regional.id, municipality.provider.id
            roles = (
                (Role.HANDLER, Role.REPORTER) if random() < 0.1 else (Role.REPORTER, Role.HANDLER)
            )
            day = first_day + int(random() * days)
            reported = clock.at(
                day, REPORT_HOURS[int(random() * len(REPORT_HOURS))] * 3600 + int(random() * 3600)
            )
            if reported > now:
                reported = now - 60 - int(random() * 36000)
            self.build(
                CaseSpec(
                    scenario=scenario,
                    municipality=municipality,
                    regional=regional,
                    reporter=staff.pick(rng, reporting_id, *roles),
                    handler=staff.pick(rng, counterpart_id, Role.HANDLER),
                    reported=reported,
                    # Inside the period: a year before its start would hold a few days' cases.
                    event_day=max(
                        clock.local_day(reported)
                        - EVENT_LAG_DAYS[int(random() * len(EVENT_LAG_DAYS))],
                        ctx.first_day,
                    ),
                    rng=rng,
                )
            )

    # ---------------------------------------------------------------- one case

    def _citation(self, spec: CaseSpec, choices) -> tuple:
        """A document that governed the two parties on the event date (the registry says)."""
        world = self.ctx.world
        governing = world.regimes.document_ids(spec.municipality.party.pk, spec.event_day)
        key = (spec.scenario.key, governing)
        chooser = self._citable.get(key)
        if chooser is None:
            valid = [(ref, w) for ref, w in choices["citations"] if ref[0] in governing]
            if not valid:  # whatever governed: the fallback documents always have sections
                valid = [
                    (ref, 1)
                    for (_code, number), ref in world.citations.items()
                    if number and ref[0] in governing
                ][:3]
            chooser = self._citable[key] = Weighted(valid)
        doc_id, section_id = chooser.pick(spec.rng)
        return doc_id, section_id, True, ""

    def build(self, spec: CaseSpec) -> CaseRow:
        ctx, rng, s = self.ctx, spec.rng, spec.scenario
        random = rng.random
        world, clock, staff = ctx.world, ctx.clock, ctx.staff
        c = world.classification
        choices = self.choices[s.key]
        old = spec.event_day < self.samsyn_day
        municipal_side = s.reported_by == sc.MUNICIPALITY
        reporting = spec.municipality.provider if municipal_side else spec.regional
        counterpart = spec.regional if municipal_side else spec.municipality.provider
        slots = slots_for(rng, motpart=counterpart.name, rapportor=reporting.name)

        if s.always_other or random() < (OLD_OTHER_SHARE if old else NEW_OTHER_SHARE):
            category = c.other_category
            topic = {"topic": s.topic, "Topic": s.topic[:1].upper() + s.topic[1:]}
            other = (pick(rng, OLD_OTHER) if old else NEW_OTHER).format_map(topic)
        else:
            category, other = choices["category"], ""
        if old and other:
            patient = c.patient[sc.NONE]  # the old system let "Annat" have no consequence
        else:
            patient = choices["old_patient" if old else "patient"].pick(rng)
        event_type = spec.event_type or (
            event_types.EventType.DEVIATION if spec.stop else self.axes.event_type(rng, old=old)
        )
        organisation = choices["organisation"].pick(rng)
        doc_id, section_id, governed, governed_note = spec.document or self._citation(spec, choices)

        deviation_id = self.deviations.new_id()
        if event_type == event_types.EventType.GOOD_COOPERATION:
            return self._feedback(spec, deviation_id, category, (doc_id, section_id))
        reported = spec.reported
        plan = deviation_plan(
            rng=rng,
            clock=clock,
            era="old" if old else "samsyn",
            reported=reported,
            now=ctx.now,
            due_days=ctx.due_days,
            stop=spec.stop,
            no_measure=spec.no_measure,
            lifted=spec.lifted,
        )
        if not spec.stop:  # the stories keep their own course: due date only
            answer_plan(
                plan,
                rng=self.answers_rng,
                clock=clock,
                era="old" if old else "samsyn",
                now=ctx.now,
                answer_days=self.answer_days.get(doc_id, 60),
            )
        else:
            plan.answer_due = plan.sent_day + self.answer_days.get(doc_id, 60)
        patient, psychological, potential = self.axes.draw(
            rng,
            old=old,
            event_type=event_type,
            patient=patient,
            closed=bool(plan.closed),
        )
        severity = self.severity[patient] if patient else 0
        reporter, handler = spec.reporter, spec.handler
        county_id = world.county.pk
        detail = ctx.audit.in_detail(reported)
        moves = _Moves(ctx, self.changes, deviation_id, county_id, detail)
        ts, day_text = clock.ts, clock.day_text

        title = fill(rng, s.titles, slots)
        analysis = no_measure_reason = follow_up = lifted_reason = lifted_level = ""
        if plan.analysed:
            analysis = (
                pick(rng, sc.OLD_ANALYSES)
                if old and random() < 0.4
                else fill(rng, s.analyses, slots)
            )
        if plan.no_measure:
            no_measure_reason = pick(
                rng, sc.OLD_NO_MEASURE_REASONS if old else sc.NO_MEASURE_REASONS
            )
        if plan.followed_up:
            follow_up = fill(rng, sc.GENERIC_FOLLOW_UPS, slots)
        if plan.lifted:
            lifted_level, lifted_reason = plan.lifted[1], pick(rng, sc.LIFT_REASONS)
        version = 2 + sum(
            1
            for t in (
                plan.acknowledged,
                plan.analysed,
                plan.no_measure,
                plan.decided,
                plan.followed_up,
                plan.closed,
                plan.lifted,
                plan.answered,
            )
            if t
        )
        created = ts(reported)
        ack_due, analysis_due = day_text(plan.ack_due), day_text(plan.analysis_due)
        account, disputed, answer = _answer_texts(self.answers_rng, plan, doc_id, section_id, slots)
        event_date = day_text(spec.event_day)
        self.deviations.add(
            (
                deviation_id,
                reporting.id,
                counterpart.id,
                reporter.user_id,
                event_date,
                title,
                fill(rng, s.descriptions, slots),
                doc_id,
                section_id,
                governed,
                governed_note,
                category,
                patient,
                organisation,
                other,
                fill(rng, s.proposals, slots) if random() < 0.8 else "",
                severity >= 2,
                plan.status,
                created,
                created,
                ack_due,
                analysis_due,
                plan.acknowledged and ts(plan.acknowledged),
                plan.analysed and ts(plan.analysed),
                plan.closed and ts(plan.closed),
                None,
                analysis,
                no_measure_reason,
                handler.user_id if plan.no_measure else None,
                plan.no_measure and ts(plan.no_measure),
                follow_up,
                lifted_level,
                lifted_reason,
                version,
                uuid_hex(rng, deviation_id),
                event_type,
                psychological,
                potential,
                *_place(spec),
                day_text(plan.answer_due),
                plan.position,
                account,
                disputed[0],
                disputed[1],
                answer,
                plan.answered and ts(plan.answered),
            )
        )

        # Reported and sent at once (deviation_report → _send), by the reporter.
        moves.status(reported, reporter, "", "registered", "")
        moves.event(
            reported,
            reporter,
            "deviations.deviation.reported",
            detail
            and {
                "reporting_provider": reporting.id,
                "counterpart_provider": counterpart.id,
                "event_date": event_date,
                "document": doc_id,
                "section": section_id,
                "document_governed": governed,
                "event_type": event_type,
                "category": category,
                "patient_consequence": patient,
                "psychological_consequence": psychological,
                "potential_consequence": potential,
                "organisation_consequence": organisation,
            },
        )
        # `detail and {…}`: the audit data is only built when the move is written event by event.
        moves.move(
            reported,
            reporter,
            "registered",
            "sent",
            "",
            detail
            and {
                "before": {"ack_due": None, "analysis_due": None, "answer_due": None},
                "after": {
                    "ack_due": ack_due,
                    "analysis_due": analysis_due,
                    "answer_due": day_text(plan.answer_due),
                },
            },
        )
        if moves.notifies(reported):
            moves.notify(
                reported,
                staff.people(counterpart.id, Role.HANDLER),
                f"Ny avvikelse från {reporting.name}",
                f"{reporting.name} har rapporterat en avvikelse till {counterpart.name}:"
                f" ”{title}”.\nKvittera senast {ack_due}, analysera senast "
                f"{analysis_due}.",
                skip=None,
            )
        moves.read(reported, reporter)
        told = (reporter, *staff.people(reporting.id, Role.HANDLER))

        if plan.acknowledged:
            note = pick(rng, sc.ACK_NOTES)
            moves.move(
                plan.acknowledged,
                handler,
                "sent",
                "acknowledged",
                note,
                detail and _acknowledged_changes(clock, plan, account, disputed),
                facts={"position": plan.position} if plan.position else None,
            )
            if moves.notifies(plan.acknowledged):
                moves.notify(
                    plan.acknowledged,
                    told,
                    "Avvikelsen är mottagen",
                    f"{counterpart.name}: avvikelsen är mottagen.",
                    skip=handler,
                )
            moves.read(plan.acknowledged, handler)
        if plan.answered:
            self._answered(moves, plan, handler, told, counterpart)
        if plan.analysed:
            cause_ids = sorted({choices["causes"].pick(rng) for _ in range(1 + (random() < 0.3))})
            for cause_id in cause_ids:
                self.causes.add((self.causes.new_id(), deviation_id, cause_id))
            event_analysis = severity >= 3 and random() < 0.6
            if event_analysis:
                self.analyses.add(
                    (
                        self.analyses.new_id(),
                        deviation_id,
                        day_text(clock.local_day(plan.analysed) - 1 - int(random() * 5)),
                        f"Sjuksköterska från {reporting.name}, vårdenhetschef och läkare från "
                        f"{counterpart.name}",
                        fill(rng, s.analyses, slots),
                        handler.user_id,
                    )
                )
            moves.move(
                plan.analysed,
                handler,
                "acknowledged",
                "analysed",
                "",
                detail
                and {
                    "before": {"analysed_at": None, "analysis": FREE_TEXT_CHANGED},
                    "after": {
                        "analysed_at": clock.json_ts(plan.analysed),
                        "analysis": FREE_TEXT_CHANGED,
                    },
                },
            )
            moves.event(
                plan.analysed,
                handler,
                "deviations.deviation.causes_set",
                {"causes": cause_ids, "event_analysis": event_analysis},
            )
            if moves.notifies(plan.analysed):
                moves.notify(
                    plan.analysed,
                    told,
                    "Avvikelsen är analyserad",
                    f"{counterpart.name}: avvikelsen är analyserad.",
                    skip=handler,
                )
        if plan.no_measure:
            moves.keep(plan.no_measure, handler, "no_measure", plan.state_at(plan.no_measure), {})
            moves.event(
                plan.no_measure,
                handler,
                "deviations.deviation.no_measure_recorded",
                {"reason_written": True},
            )
        measure_ids = []
        for added, due, done in plan.measures:
            measure_id = self.measures.new_id()
            measure_ids.append(measure_id)
            owner = counterpart.id if random() < 0.85 else reporting.id
            self.measures.add(
                (
                    measure_id,
                    deviation_id,
                    owner,
                    fill(rng, s.measures, slots),
                    day_text(due),
                    done and day_text(done),
                    handler.user_id,
                    ts(added),
                )
            )
            facts = {"measure": measure_id, "owner_provider": owner, "due_date": day_text(due)}
            moves.keep(added, handler, "add_measure", plan.state_at(added), facts)
            moves.event(added, handler, "deviations.measure.added", facts)
            moves.read(added, handler)
        if plan.decided:
            moves.move(
                plan.decided,
                handler,
                "analysed",
                "measures_decided",
                "",
                {"before": {}, "after": {}},
            )
            count = len(plan.measures)
            if moves.notifies(plan.decided):
                moves.notify(
                    plan.decided,
                    told,
                    "Åtgärder är beslutade",
                    f"{count} åtgärd(er) beslutade."
                    if count
                    else "Beslut: ingen åtgärd behövs. Motiveringen står i ärendet.",
                    skip=handler,
                )
            for measure_id, (_added, _due, done) in zip(measure_ids, plan.measures, strict=True):
                if done is not None:
                    at = min(max(clock.at(done, 15 * 3600), plan.decided + 60), ctx.now)
                    facts = {"measure": measure_id, "done_date": day_text(done)}
                    moves.keep(at, handler, "complete_measure", plan.state_at(at), facts)
                    moves.event(at, handler, "deviations.measure.done", facts)
        if plan.followed_up:
            moves.move(
                plan.followed_up,
                handler,
                "measures_decided",
                "followed_up",
                "",
                detail
                and {
                    "before": {"follow_up": FREE_TEXT_CHANGED},
                    "after": {"follow_up": FREE_TEXT_CHANGED},
                },
            )
            if moves.notifies(plan.followed_up):
                moves.notify(
                    plan.followed_up,
                    told,
                    "Åtgärderna är uppföljda",
                    f"{counterpart.name}: åtgärderna är uppföljda.",
                    skip=handler,
                )
        if plan.closed:
            note = pick(rng, sc.CLOSE_NOTES)
            moves.move(
                plan.closed,
                handler,
                "followed_up",
                "closed",
                note,
                detail
                and {
                    "before": {"closed_at": None},
                    "after": {"closed_at": clock.json_ts(plan.closed)},
                },
            )
            if moves.notifies(plan.closed):
                moves.notify(
                    plan.closed,
                    told,
                    "Avvikelsen är avslutad",
                    f"{counterpart.name}: avvikelsen är avslutad.",
                    skip=handler,
                )
            moves.read(min(plan.closed + 3600 * (2 + int(random() * 70)), ctx.now), reporter)
        if plan.lifted:
            lifted_at = plan.lifted[0]
            moves.keep(
                lifted_at, handler, "lift", plan.state_at(lifted_at), {"level": plan.lifted[1]}
            )
            moves.event(
                plan.lifted[0],
                handler,
                "deviations.deviation.lifted",
                {"from": "", "to": plan.lifted[1], "reason_written": True},
            )
        for at, by_reporter in plan.comments:
            author, provider = (reporter, reporting) if by_reporter else (handler, counterpart)
            comment_id = self.comments.new_id()
            texts = sc.COMMENTS_REPORTER if by_reporter else sc.COMMENTS_HANDLER
            self.comments.add(
                (comment_id, deviation_id, author.user_id, provider.id, pick(rng, texts), ts(at))
            )
            moves.keep(at, author, "comment", plan.state_at(at), {"comment": comment_id})
            moves.event(at, author, "deviations.comment.added", {"comment": comment_id})
            moves.read(at, author)
        if not detail:
            ctx.audit.imported_case(year=int(created[:4]), case_id=deviation_id)
        row = CaseRow(
            deviation_id, reporting.id, counterpart.id, reported, plan.status, s.disagreement
        )
        self.written.append(row)
        return row

    def _answered(self, moves, plan, handler, told, counterpart) -> None:
        """The answer move (deviation_answer): a history row that keeps the state with whether
        it came after the deadline, the trail's event, the reporting side told."""
        at = plan.answered
        overdue = self.ctx.clock.local_day(at) > plan.answer_due
        moves.keep(at, handler, "answer", plan.state_at(at), {"overdue": overdue})
        moves.event(
            at,
            handler,
            "deviations.deviation.answered",
            {
                "before": {"answer": FREE_TEXT_CHANGED, "answered_at": None},
                "after": {
                    "answer": FREE_TEXT_CHANGED,
                    "answered_at": self.ctx.clock.json_ts(at),
                },
                "overdue": overdue,
            },
        )
        if moves.notifies(at):
            moves.notify(
                at,
                told,
                "Mottagaren har svarat",
                f"{counterpart.name} har svarat på avvikelsen. Öppna ärendet för att se svaret.",
                skip=handler,
            )
        moves.read(at, handler)

    def _feedback(self, spec: CaseSpec, deviation_id: int, category: int, citation) -> CaseRow:
        """Good cooperation: sent as positive feedback, read (and so closed) by a handler of
        the counterpart within days, or still waiting if recent (issue 19 item 1)."""
        ctx, rng, s = self.ctx, spec.rng, spec.scenario
        clock, ts = ctx.clock, ctx.clock.ts
        municipal_side = s.reported_by == sc.MUNICIPALITY
        reporting = spec.municipality.provider if municipal_side else spec.regional
        counterpart = spec.regional if municipal_side else spec.municipality.provider
        slots = slots_for(rng, motpart=counterpart.name, rapportor=reporting.name)
        title = fill(rng, event_types.GOOD_COOPERATION_TITLES, slots)
        read_at = min(spec.reported + 3600 * (2 + int(rng.random() * 120)), ctx.now - 60)
        read = spec.stop == "closed" if spec.stop else read_at < ctx.now - 60
        created = ts(spec.reported)
        values = dict.fromkeys(DEVIATION_COLUMNS, None)
        values.update(
            id=deviation_id,
            reporting_provider_id=reporting.id,
            counterpart_provider_id=counterpart.id,
            reporter_id=spec.reporter.user_id,
            event_date=clock.day_text(spec.event_day),
            title=title,
            description=fill(rng, event_types.GOOD_COOPERATION_TEXTS, slots),
            document_id=citation[0],
            section_id=citation[1],
            document_governed=True,
            document_governed_note="",
            category_id=category,
            other_explanation="",
            proposed_measure="",
            patient_affected=False,
            status="closed" if read else "feedback",
            created_at=created,
            updated_at=created,
            closed_at=ts(read_at) if read else None,
            analysis="",
            no_measure_reason="",
            follow_up="",
            lifted_level="",
            lifted_reason="",
            position="",
            receiver_account="",
            answer="",
            version=3 if read else 2,
            submission_token=uuid_hex(rng, deviation_id),
            event_type=event_types.EventType.GOOD_COOPERATION,
        )
        values["municipality_id"], values["sub_region_id"], values["area_id"] = _place(spec)
        self.deviations.add(tuple(values[name] for name in DEVIATION_COLUMNS))
        detail = ctx.audit.in_detail(spec.reported)
        moves = _Moves(ctx, self.changes, deviation_id, ctx.world.county.pk, detail)
        moves.status(spec.reported, spec.reporter, "", "registered", "")
        moves.event(
            spec.reported,
            spec.reporter,
            "deviations.deviation.reported",
            detail and {"event_type": "good_cooperation", "category": category},
        )
        moves.move(spec.reported, spec.reporter, "registered", "feedback", "", {})
        if moves.notifies(spec.reported):
            moves.notify(
                spec.reported,
                ctx.staff.people(counterpart.id, Role.HANDLER),
                f"Positiv återkoppling från {reporting.name}",
                f"{reporting.name} berättar för {counterpart.name} om samverkan som fungerade "
                f"bra: ”{title}”.",
                skip=None,
            )
        if read:
            moves.status(read_at, spec.handler, "feedback", "closed", "", code="read_feedback")
            moves.event(read_at, spec.handler, "deviations.deviation.feedback_read", {})
            moves.read(read_at, spec.handler)
        if not detail:
            ctx.audit.imported_case(year=int(created[:4]), case_id=deviation_id)
        row = CaseRow(
            deviation_id, reporting.id, counterpart.id, spec.reported, values["status"], None
        )
        self.written.append(row)
        return row


# The move of deviations/workflow.py that leads into each state (the first row of the table;
# sending leads to "sent", or for good cooperation to "feedback": its target is a function).
MOVE_INTO = {"sent": "send", "feedback": "send"}
for _move in DEVIATION_WORKFLOW.moves:
    if isinstance(_move.target, str):
        MOVE_INTO.setdefault(_move.target, _move.code)


@functools.cache
def _deviation_type_id() -> int:
    return ContentType.objects.get_for_model(Deviation).pk


class _Moves:
    """One case's status rows, audit events, reads and notifications, as the services do."""

    __slots__ = ("ctx", "changes", "deviation_id", "county_id", "detail", "ts", "since")

    def __init__(self, ctx, changes, deviation_id, county_id, detail):
        self.ctx, self.changes, self.ts = ctx, changes, ctx.clock.ts
        self.deviation_id, self.county_id, self.detail = deviation_id, county_id, detail
        self.since = ctx.inbox.since

    def status(self, at, person, from_status, to_status, note, code=None, facts=None):
        changes = self.changes
        changes.rows.append(
            (
                changes.new_id(),
                _deviation_type_id(),
                self.deviation_id,
                code or MOVE_INTO[to_status],
                from_status,
                to_status,
                person.user_id,
                self.ts(at),
                note,
                facts or {},
            )
        )

    def keep(self, at, person, code, state, data):
        """A move that keeps the state (a measure, a decision, a lift, a message), in the one
        history as DEVIATION_WORKFLOW.transition() writes it: from and to the same state."""
        changes = self.changes
        changes.rows.append(
            (
                changes.new_id(),
                _deviation_type_id(),
                self.deviation_id,
                code,
                state,
                state,
                person.user_id,
                self.ts(at),
                "",
                data,
            )
        )

    def move(self, at, person, from_status, to_status, note, changed, facts=None):
        self.status(at, person, from_status, to_status, note, facts=facts)
        if self.detail:
            self.event(
                at,
                person,
                f"deviations.deviation.{to_status}",
                {
                    "from": from_status,
                    "to": to_status,
                    "note_written": bool(note),
                    **changed,
                    **(facts or {}),
                },
            )

    def event(self, at, person, action, data):
        if self.detail:
            self.ctx.audit.add(
                at=at,
                actor=person.actor,
                action=action,
                object_type=OBJECT_TYPE,
                object_id=self.deviation_id,
                data=data,
                county_id=self.county_id,
            )

    def read(self, at, person):
        if self.detail:
            self.ctx.reads.add(
                at=at + 1,
                actor=person.actor,
                object_type=OBJECT_TYPE,
                object_id=self.deviation_id,
                county_id=self.county_id,
            )

    def notifies(self, at) -> bool:
        return at >= self.since

    def notify(self, at, people, subject, body, *, skip):
        self.ctx.inbox.add(
            at=at,
            people=[p for p in people if skip is None or p.user_id != skip.user_id],
            subject=f"AVV-{self.deviation_id:05d}: {subject}",
            body=body,
            url=f"/avvikelser/{self.deviation_id}/",
        )


def _answer_texts(rng, plan, doc_id, section_id, slots) -> tuple[str, tuple, str]:
    """The receiver's account (in part, disputes), the document it relies on (disputes: the
    one the case cites) and its answer, as deviation_acknowledge and deviation_answer keep
    them; drawn from the answers' stream, never the case's."""
    names = {"motpart": slots["motpart"], "rapportor": slots["rapportor"]}
    account, disputed = "", (None, None)
    if plan.position == "partly":
        account = pick(rng, sc.PARTLY_ACCOUNTS).format_map(names)
    elif plan.position == "disputes":
        account = pick(rng, sc.DISPUTE_ACCOUNTS).format_map(names)
        disputed = (doc_id, section_id)
    answer = pick(rng, sc.ANSWERS).format_map(names) if plan.answered else ""
    return account, disputed, answer


def _acknowledged_changes(clock, plan, account: str, disputed: tuple) -> dict:
    """The trail's before/after of deviation_acknowledge: the moment and the receiver's view
    (its account as free text, the document it relies on as an id), what changed only."""
    before, after = {"acknowledged_at": None}, {"acknowledged_at": clock.json_ts(plan.acknowledged)}
    if plan.position:
        before["position"], after["position"] = "", plan.position
    if account:
        before["receiver_account"] = after["receiver_account"] = FREE_TEXT_CHANGED
    if disputed[0]:
        before["disputed_document"], after["disputed_document"] = None, disputed[0]
        if disputed[1]:
            before["disputed_section"], after["disputed_section"] = None, disputed[1]
    return {"before": before, "after": after}
