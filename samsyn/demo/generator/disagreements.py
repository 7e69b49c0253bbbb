"""Disagreements on the ladder (the addendum presentation, #HoSavtal2027): steps with meetings and
deadlines, escalations, a few
disputes with economic settlements or a court, lessons in the library, economic agreements.

Every case is cut at "now": a case whose next move lies in the future is still open at its
step, so no dispute dated in the future is already settled. Cases are spread over the period
in step with the deviations they may rest on.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from samsyn.agreements.models import GoverningDocument
from samsyn.cases.models import Transition
from samsyn.demo.generator.deviations import TRANSITION_COLUMNS
from samsyn.demo.generator.randomness import Weighted, chance, uuid_hex
from samsyn.demo.generator.scenarios import disagreements as ds
from samsyn.demo.generator.scenarios.base import MUNICIPALITY
from samsyn.demo.generator.world import regional_provider
from samsyn.disagreements import models as m
from samsyn.disagreements.models import sek
from samsyn.disagreements.services.protocols import content_hash
from samsyn.parties.models import Role

OBJECT_TYPE = "disagreements.disagreement"
STEP_ROLES = {1: Role.MANAGER_STEP1, 2: Role.MANAGER_STEP2, 3: Role.MANAGER_STEP3}
STEP_DAYS = {1: (5, 30), 2: (10, 45), 3: (20, 90)}
COURTS = [
    "Göteborgs tingsrätt",
    "Borås tingsrätt",
    "Vänersborgs tingsrätt",
    "Skaraborgs tingsrätt",
    "Alingsås tingsrätt",
    "Uddevalla tingsrätt",
]
COURT_JUDGMENT = (
    "Tingsrätten fann att ansvaret enligt avtalet låg på den part som tog upp "
    "frågan; parterna står sina egna rättegångskostnader."
)
DEVIATIONS_PER_DISAGREEMENT = 110  # about one disagreement per hundred deviations
DEVIATIONS_PER_ECONOMIC_AGREEMENT = 12_000
DAY = 86_400


def _m2m(model, name):
    f = model._meta.get_field(name)
    return f.remote_field.through, ["id", f.m2m_column_name(), f.m2m_reverse_name()]


@dataclass(slots=True)
class LadderSpec:
    """One disagreement to write; the demo's stories force where it ends."""

    scenario: ds.DisagreementScenario
    municipality: object
    regional: object
    created: int  # epoch seconds
    rng: object
    deviation_ids: list[int] = field(default_factory=list)
    final_step: int | None = None  # the step where it is resolved (or still is)
    outcome: str | None = None  # "open", "resolved", "closed"; None: as the dice and clock say
    settlement: bool | None = None
    patient_affected: bool | None = None


class DisagreementGenerator:
    def __init__(self, ctx):
        self.ctx = ctx
        w = ctx.writer
        self.cases = w.table(
            m.Disagreement, [f.attname for f in m.Disagreement._meta.concrete_fields]
        )
        self.documents = w.table(*_m2m(m.Disagreement, "documents"))
        self.sections = w.table(*_m2m(m.Disagreement, "sections"))
        self.deviations = w.table(*_m2m(m.Disagreement, "deviations"))
        self.steps = w.table(
            m.EscalationStep, [f.attname for f in m.EscalationStep._meta.concrete_fields]
        )
        self.participants = w.table(*_m2m(m.EscalationStep, "participants"))
        self.meetings = w.table(
            m.StepMeeting, ["id", "step_id", "held_on", "notes", "created_by_id", "created_at"]
        )
        self.comments = w.table(
            m.Comment, ["id", "disagreement_id", "author_id", "body", "created_at"]
        )
        self.settlements = w.table(
            m.EconomicSettlement,
            [
                "id",
                "disagreement_id",
                "payer_id",
                "payee_id",
                "amount",
                "basis",
                "decided_on",
                "reference",
                "proposed_by_party_id",
                "confirmed_by_id",
                "confirmed_at",
            ],
        )
        # Each step's protocol and each version of the answer on the patient's needs.
        self.protocols = w.table(
            m.StepProtocol, [f.attname for f in m.StepProtocol._meta.concrete_fields]
        )
        self.patient_answers = w.table(
            m.PatientAnswer, [f.attname for f in m.PatientAnswer._meta.concrete_fields]
        )
        self.courts = w.table(
            m.CourtReferral,
            [
                "id",
                "disagreement_id",
                "court",
                "case_number",
                "referred_on",
                "judgment",
                "judgment_on",
            ],
        )
        self.lessons = w.table(m.Lesson, [f.attname for f in m.Lesson._meta.concrete_fields])
        self.lesson_documents = w.table(*_m2m(m.Lesson, "documents"))
        self.lesson_sections = w.table(*_m2m(m.Lesson, "sections"))
        self.agreements = w.table(
            m.EconomicAgreement, [f.attname for f in m.EconomicAgreement._meta.concrete_fields]
        )
        # The case history (cases.Transition), as DISAGREEMENT_WORKFLOW.transition() writes it.
        self.history = w.table(Transition, TRANSITION_COLUMNS)
        self.content_type_id = ContentType.objects.get_for_model(m.Disagreement).pk
        categories = ctx.world.classification.disagreement_categories
        self.scenarios = Weighted(
            [(s, s.weight) for s in ds.DISAGREEMENT_SCENARIOS if s.category in categories]
        )
        # (provider a, provider b, category) -> deviation ids not yet behind a disagreement
        self.open_deviations: dict[tuple, list[tuple]] = {}
        self._due = 0.0
        self._agreements_due = 0.0
        self._doc_names = None  # governing document id -> "code title", read when first needed

    # ---------------------------------------------------------------- random cases

    def take_deviations(self, rows) -> None:
        """Remember new deviations, so a disagreement can rest on ones of its two parties."""
        for row in rows:
            if row.category:
                key = (
                    min(row.reporting_id, row.counterpart_id),
                    max(row.reporting_id, row.counterpart_id),
                    row.category,
                )
                bucket = self.open_deviations.setdefault(key, [])
                bucket.append((row.reported, row.id))
                del bucket[:-20]

    def month(self, month, rng) -> None:
        ctx = self.ctx
        self._due += month.count / DEVIATIONS_PER_DISAGREEMENT
        while self._due >= 1 or (self._due > 0 and rng.random() < self._due):
            self._due -= 1
            scenario = self.scenarios.pick(rng)
            municipality = ctx.world.municipality_weights.pick(rng)
            regional = regional_provider(ctx.world, municipality, scenario.region_side, rng)
            day = ctx.clock.day_of(month.first) + rng.randrange(month.days)
            created = min(_moment(ctx.clock, day, rng), ctx.now - 3600)
            key = (
                min(municipality.provider.id, regional.id),
                max(municipality.provider.id, regional.id),
                scenario.category,
            )
            bucket = self.open_deviations.get(key, [])
            earlier = [d for d in bucket if d[0] < created]
            linked = []
            if earlier and chance(rng, 0.7):
                linked = [pk for _r, pk in earlier[-rng.randint(1, 3) :]]
                self.open_deviations[key] = [d for d in bucket if d[1] not in linked]
            self.build(
                LadderSpec(
                    scenario=scenario,
                    municipality=municipality,
                    regional=regional,
                    created=created,
                    rng=rng,
                    deviation_ids=linked,
                )
            )
        self._agreements_due += month.count / DEVIATIONS_PER_ECONOMIC_AGREEMENT
        while self._agreements_due >= 1:
            self._agreements_due -= 1
            municipality = ctx.world.municipality_weights.pick(rng)
            day = ctx.clock.day_of(month.first) + rng.randrange(month.days)
            self.economic_agreement(
                rng=rng,
                municipality=municipality,
                regional=municipality.hospitals.pick(rng),
                at=min(_moment(ctx.clock, day, rng), ctx.now - 3600),
            )

    # ---------------------------------------------------------------- one case

    def build(self, spec: LadderSpec) -> int:
        ctx, rng, s = self.ctx, spec.rng, spec.scenario
        world, staff, clock, now = ctx.world, ctx.staff, ctx.clock, ctx.now
        ts, day_of_moment, day_text = clock.ts, clock.local_day, clock.day_text
        municipal = spec.municipality.provider
        a, b = (
            (municipal, spec.regional)
            if s.raised_by == MUNICIPALITY
            else (spec.regional, municipal)
        )
        a_party, b_party = a.party_id, b.party_id
        county_id = world.county.pk
        case_id = self.cases.new_id()
        detail = ctx.audit.in_detail(spec.created)

        def manager(step, provider=None):
            provider = provider or (a if rng.random() < 0.5 else b)
            return staff.pick(rng, provider.id, STEP_ROLES[step], Role.MANAGER_STEP1)

        def event(at, person, action, data, object_type=OBJECT_TYPE, object_id=case_id):
            if detail:
                ctx.audit.add(
                    at=at,
                    actor=person.actor,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    data=data,
                    county_id=county_id,
                )
                ctx.reads.add(
                    at=at + 1,
                    actor=person.actor,
                    object_type=OBJECT_TYPE,
                    object_id=case_id,
                    county_id=county_id,
                )

        stages = [(spec.created, "step1")]  # (from when, stage): the case's state over time

        def record(at, person, code, to_stage, data):
            """A row of the one history: a move to `to_stage`, or one that keeps the stage
            the case was in at that moment (to_stage None)."""
            current = next(stage for since, stage in reversed(stages) if since <= at)
            self.history.add(
                (
                    self.history.new_id(),
                    self.content_type_id,
                    case_id,
                    code,
                    "" if code == "create" else current,
                    to_stage or current,
                    person.user_id,
                    ts(at),
                    "",
                    data,
                )
            )
            if to_stage and code != "create":
                stages.append((at, to_stage))

        def tell(at, step, person, subject, body):
            if ctx.inbox.covers(at):
                people = [
                    *staff.people(a.id, STEP_ROLES[step]),
                    *staff.people(b.id, STEP_ROLES[step]),
                ]
                ctx.inbox.add(
                    at=at,
                    people=[p for p in people if p.user_id != person.user_id],
                    subject=f"OE-{case_id}: {subject}",
                    body=body,
                    url=f"/oenighet/{case_id}/",
                )

        creator = manager(1, a)
        patient = (
            spec.patient_affected
            if spec.patient_affected is not None
            else bool(s.temporary_solution) and chance(rng, 0.6)
        )
        governing = world.regimes.document_ids(
            spec.municipality.party.pk, day_of_moment(spec.created)
        )
        cited = [
            world.citations[c]
            for c in s.citations
            if c in world.citations and world.citations[c][0] in governing
        ][:2]
        doc_ids = sorted({doc for doc, _section in cited})
        section_ids = sorted({section for _doc, section in cited if section})

        # The course of the case, then cut at now (and at the story's end, if any).
        final = spec.final_step or (1 if rng.random() < 0.5 else 2 if rng.random() < 0.5 else 3)
        moves = []  # (at, kind, step)
        t = spec.created
        for step in range(1, final + 1):
            low, high = STEP_DAYS[step]
            end = t + rng.randint(low, high) * DAY + rng.randrange(-3600, 3600)
            for k in range(rng.choice((1, 1, 2))):
                held = t + (k + 1) * (end - t) // 3
                moves.append((held, "meeting", step))
            moves.append((end, "escalate" if step < final else "end", step))
            t = end
        settled = (
            spec.settlement
            if spec.settlement is not None
            else bool(s.settlement_basis) and chance(rng, 0.55)
        ) and final == 3
        court = final == 3 and not settled and spec.settlement is None and chance(rng, 0.08)
        if court:
            moves.append((t + rng.randint(120, 400) * DAY, "judgment", 3))
            t = moves[-1][0]
        moves.append((t + rng.randint(3, 30) * DAY, "close", final))
        if spec.outcome == "open":
            moves = [mv for mv in moves if mv[1] in ("meeting", "escalate")]
        elif spec.outcome == "resolved":
            moves = [mv for mv in moves if mv[1] != "close"]
        elif spec.outcome is None and not chance(rng, 0.85):
            moves = [mv for mv in moves if mv[1] != "close"]
        moves.sort(key=lambda mv: mv[0])

        status, step_now, is_dispute, version = "open", 1, False, 1
        referral = None
        resolution, solution, closed_at = "", "", None
        step_rows = {}  # step number -> [id, started, deadline, outcome, text, ended]
        step_names = {}  # step number -> the participants' names
        step_ended_at = {}  # step number -> the moment it ended

        def start_step(number, at):
            day = day_of_moment(at)
            step_id = self.steps.new_id()
            step_rows[number] = [
                step_id,
                day_text(day),
                day_text(day + ctx.step_days[number]),
                "",
                "",
                None,
            ]
            people = {
                p.user_id: p.full_name
                for p in (
                    *staff.people(a.id, STEP_ROLES[number]),
                    *staff.people(b.id, STEP_ROLES[number]),
                )
            }
            for user_id in sorted(people):
                self.participants.add((self.participants.new_id(), step_id, user_id))
            step_names[number] = sorted(people.values())

        start_step(1, spec.created)
        record(spec.created, creator, "create", "step1", {})
        event(
            spec.created,
            creator,
            "disagreements.disagreement.created",
            {
                "party_a": a_party,
                "party_b": b_party,
                "provider_a": a.id,
                "provider_b": b.id,
                "patient_affected": patient,
                "category": world.classification.disagreement_categories[s.category],
                "documents": doc_ids,
                "sections": section_ids,
                "deviations": spec.deviation_ids,
            },
        )
        tell(
            spec.created,
            1,
            creator,
            "Ny oenighet på steg 1",
            f"{_party_name(world, a_party)} har tagit upp en oenighet med "
            f"{_party_name(world, b_party)}: {s.titles[0]}",
        )
        for at, kind, step in moves:
            if at > now:
                break
            person = manager(step)
            if kind == "meeting":
                held_on = day_text(day_of_moment(at))
                self.meetings.add(
                    (
                        self.meetings.new_id(),
                        step_rows[step][0],
                        held_on,
                        rng.choice(ds.MEETING_NOTES),
                        person.user_id,
                        ts(at),
                    )
                )
                facts = {"step": step, "held_on": held_on}
                record(at, person, "meeting", None, facts)
                event(at, person, "disagreements.step.meeting_added", facts)
            elif kind == "escalate":
                reason = s.escalate_reasons[step - 1]
                step_rows[step][3:6] = ["escalated", reason, day_text(day_of_moment(at))]
                step_ended_at[step] = at
                step_now, version = step + 1, version + 1
                is_dispute = is_dispute or step_now == 3
                start_step(step_now, at)
                record(
                    at,
                    person,
                    "escalate",
                    f"step{step_now}",
                    {"from_step": step, "to_step": step_now},
                )
                event(
                    at,
                    person,
                    "disagreements.disagreement.escalated",
                    {
                        "from_step": step,
                        "to_step": step_now,
                        "skipped_step_2": False,
                        "is_dispute": is_dispute,
                    },
                )
                tell(
                    at,
                    step_now,
                    person,
                    "TVIST: oenigheten har gått till steg 3"
                    if step_now == 3
                    else f"Oenigheten har gått till steg {step_now}",
                    "Skälet står i ärendet.",
                )
            elif kind == "end" and court:
                day = day_text(day_of_moment(at))
                referral = {
                    "id": self.courts.new_id(),
                    "court": rng.choice(COURTS),
                    "case_number": f"T {rng.randint(1000, 9999)}-{day[2:4]}",
                    "referred_on": day,
                    "judgment": "",
                    "judgment_on": None,
                }
                status, version = "in_court", version + 1
                referrer = manager(3)
                record(at, referrer, "court", "in_court", {"court": referral["court"]})
                event(
                    at,
                    referrer,
                    "disagreements.disagreement.referred_to_court",
                    {
                        "from": "open",
                        "to": "in_court",
                        "step": 3,
                        "court": referral["court"],
                        "case_number": referral["case_number"],
                        "referred_on": day,
                    },
                )
            elif kind in ("end", "judgment"):
                day = day_text(day_of_moment(at))
                person = manager(step) if step < 3 else manager(3)
                audit_data = {}
                if kind == "judgment":
                    resolution = "court_judgment"
                    referral["judgment"] = COURT_JUDGMENT
                    referral["judgment_on"] = day
                    solution = f"{referral['court']} ({day}): {COURT_JUDGMENT}"
                    audit_data = {"judgment_on": day}
                    from_status = "in_court"
                elif settled:
                    resolution = "economic_settlement"
                    payer, payee = (
                        (municipal.party_id, world.region.pk)
                        if s.raised_by != MUNICIPALITY
                        else (world.region.pk, municipal.party_id)
                    )
                    low, high = s.settlement_range
                    amount = Decimal(rng.randrange(low, high, 100)).quantize(Decimal("0.01"))
                    reference = f"KS {day[:4]}/{rng.randint(20, 400)}"
                    self.settlements.add(
                        (
                            self.settlements.new_id(),
                            case_id,
                            payer,
                            payee,
                            str(amount),
                            s.settlement_basis,
                            day,
                            reference,
                        )
                    )
                    solution = (
                        f"{_party_name(world, payer)} betalar {sek(amount)} till "
                        f"{_party_name(world, payee)} (beslut {day}). "
                        f"{s.settlement_basis}"
                    )
                    audit_data = {
                        "payer": payer,
                        "payee": payee,
                        "amount": str(amount),
                        "decided_on": day,
                        "reference": reference,
                    }
                    from_status = "open"
                else:
                    resolution, solution, from_status = "agreement", s.solutions[step - 1], "open"
                step_rows[step][3:6] = ["resolved", solution, day]
                step_ended_at[step] = at
                status, version = "resolved", version + 1
                code = "judgment"
                if kind != "judgment":
                    # What binds both: one party proposes, the other's step owner confirms.
                    code = "settlement_confirm" if settled else "resolve_confirm"
                    proposal = "settlement" if settled else "resolve"
                    proposer = person
                    side = a if proposer.provider_id == a.id else b
                    person = self._owner(step, b if side is a else a) or proposer
                    version += 1
                    record(at - DAY, proposer, proposal, None, {"party": side.party_id})
                    event(
                        at - DAY,
                        proposer,
                        "disagreements.disagreement.settlement_proposed"
                        if settled
                        else "disagreements.disagreement.resolution_proposed",
                        {"party": side.party_id, **audit_data},
                    )
                    if settled:
                        self.settlements.rows[-1] = (
                            *self.settlements.rows[-1][:8],
                            side.party_id,
                            person.user_id,
                            ts(at),
                        )
                record(at, person, code, "resolved", {"step": step, "resolution": resolution})
                event(
                    at,
                    person,
                    "disagreements.disagreement.resolved",
                    {
                        "from": from_status,
                        "to": "resolved",
                        "step": step,
                        "resolution": resolution,
                        **audit_data,
                    },
                )
                tell(
                    at,
                    step,
                    person,
                    "Oenigheten är löst",
                    "Skriv lärdomen så att lösningen kan vägleda andra i länet.",
                )
            elif kind == "close" and status == "resolved":
                status, closed_at, version = "closed", at, version + 1
                record(at, person, "close", "closed", {})
                event(
                    at,
                    person,
                    "disagreements.disagreement.closed",
                    {"from": "resolved", "to": "closed", "step": step_now},
                )
                lesson_id = self.lessons.new_id()
                self.lessons.add(
                    self._lesson_row(
                        lesson_id,
                        case_id,
                        county_id,
                        s,
                        spec.municipality.area_id,
                        step_now,
                        resolution,
                        solution,
                        at,
                    )
                )
                for doc in doc_ids:
                    self.lesson_documents.add((self.lesson_documents.new_id(), lesson_id, doc))
                for section in section_ids:
                    self.lesson_sections.add((self.lesson_sections.new_id(), lesson_id, section))
                event(
                    at,
                    person,
                    "disagreements.lesson.published",
                    {"disagreement": case_id},
                    object_type="disagreements.lesson",
                    object_id=lesson_id,
                )
        if referral:
            self.courts.add(
                (
                    referral["id"],
                    case_id,
                    referral["court"],
                    referral["case_number"],
                    referral["referred_on"],
                    referral["judgment"],
                    referral["judgment_on"],
                )
            )
        for _ in range(rng.choice((0, 0, 1, 2))):
            at = spec.created + rng.randint(1, 20) * DAY
            if at < (closed_at or now):
                person = manager(1)
                comment_id = self.comments.new_id()
                self.comments.add(
                    (comment_id, case_id, person.user_id, rng.choice(ds.THREAD_COMMENTS), ts(at))
                )
                record(at, person, "comment", None, {"comment": comment_id})
                event(at, person, "disagreements.comment.added", {"comment_id": comment_id})
        for number, (step_id, started, deadline, outcome, text, ended) in step_rows.items():
            self.steps.add(
                (step_id, case_id, number, started, deadline, outcome, text, "", ended, None)
            )

        for doc in doc_ids:
            self.documents.add((self.documents.new_id(), case_id, doc))
        for section in section_ids:
            self.sections.add((self.sections.new_id(), case_id, section))
        for deviation_id in spec.deviation_ids:
            self.deviations.add((self.deviations.new_id(), case_id, deviation_id))
        created_day = day_text(day_of_moment(spec.created))
        temporary = s.temporary_solution if patient else ""
        title = rng.choice(s.titles)
        position_b = s.position_other if chance(rng, 0.8) else ""
        case = {
            "reference": f"OE-{case_id}",
            "title": title,
            "question": s.question,
            "patient_affected": patient,
            "temporary_solution": temporary,
            "temporary_solution_from": created_day if temporary else "",
            "temporary_solution_none": False,
        }
        for number, row in step_rows.items():
            ended_at = step_ended_at.get(number)
            confirmed = ended_at is not None and ended_at + 2 * DAY <= now
            owners = [self._owner(number, side) for side in (a, b)] if confirmed else []
            protocol_id = self.protocols.new_id()
            content = _protocol_content(
                case,
                number,
                row,
                step_names[number],
                parties=[
                    (_party_name(world, a_party), a.name, s.position_raiser, self._doc(doc_ids)),
                    (_party_name(world, b_party), b.name, s.position_other, ""),
                ],
            )
            self.protocols.add(
                self._protocol_row(
                    protocol_id,
                    row[0],
                    s,
                    doc_ids,
                    owners=owners if all(owners) else [],
                    at=ended_at and ts(ended_at + DAY),
                    content=content,
                )
            )
            if owners and all(owners):
                for k, owner in enumerate(owners):
                    facts = {"protocol": protocol_id, "step": number, "party": owner.provider_id}
                    if k:
                        facts["content_hash"] = content_hash(content)
                    record(ended_at + DAY + k, owner, "protocol_confirm", None, facts)
                    event(ended_at + DAY + k, owner, "disagreements.protocol.confirmed", facts)
        self.cases.add(
            self._case_row(
                case_id=case_id,
                county_id=county_id,
                a=a,
                b=b,
                title=title,
                s=s,
                area_id=spec.municipality.area_id,
                patient=patient,
                temporary=temporary,
                temporary_from=created_day if temporary else None,
                status=status,
                step=step_now,
                is_dispute=is_dispute,
                resolution=resolution,
                solution=solution,
                creator=creator,
                created=ts(spec.created),
                closed_at=closed_at and ts(closed_at),
                version=version,
                position_b=position_b,
                rng=rng,
            )
        )
        if temporary:
            self.patient_answers.add(
                (
                    self.patient_answers.new_id(),
                    case_id,
                    1,
                    False,
                    temporary,
                    created_day,
                    creator.user_id,
                    ts(spec.created),
                )
            )
        return case_id

    def _case_row(
        self,
        *,
        case_id,
        county_id,
        a,
        b,
        title,
        s,
        area_id,
        patient,
        temporary,
        temporary_from,
        status,
        step,
        is_dispute,
        resolution,
        solution,
        creator,
        created,
        closed_at,
        version,
        position_b,
        rng,
    ) -> tuple:
        categories = self.ctx.world.classification.disagreement_categories
        values = {
            "id": case_id,
            "county_id": county_id,
            "party_a_id": a.party_id,
            "provider_a_id": a.id,
            "party_b_id": b.party_id,
            "provider_b_id": b.id,
            "title": title,
            "question": s.question,
            "position_a": s.position_raiser,
            "position_b": position_b,
            "category_id": categories[s.category],
            "area_id": area_id,
            "patient_affected": patient,
            "temporary_solution": temporary,
            "temporary_solution_from": temporary_from,
            "status": status,
            "current_step": step,
            "is_dispute": is_dispute,
            "resolution": resolution,
            "solution": solution,
            "temporary_solution_none": False,
            "skip_reason": "",
            "skip_proposed_by_id": None,
            "skip_proposed_by_party_id": None,
            "proposal_kind": "",
            "proposal_text": "",
            "proposed_by_id": None,
            "proposed_by_party_id": None,
            "created_by_id": creator.user_id,
            "created_at": created,
            "closed_at": closed_at,
            "version": version,
            "submission_token": uuid_hex(rng, case_id),
        }
        return tuple(values[c] for c in self.cases.columns)

    def _doc(self, doc_ids) -> str:
        """The raising party's contractual basis as the protocol names it: "code title"."""
        if not doc_ids:
            return ""
        if self._doc_names is None:
            self._doc_names = {
                pk: f"{code} {title}"
                for pk, code, title in GoverningDocument.objects.values_list("pk", "code", "title")
            }
        return self._doc_names.get(doc_ids[0], "")

    def _owner(self, step, provider):
        """The first of a provider's owners of a step (no dice: the demo's draws stay put)."""
        people = self.ctx.staff.people(provider.id, STEP_ROLES[step]) or self.ctx.staff.people(
            provider.id, Role.MANAGER_STEP1
        )
        return people[0] if people else None

    def _protocol_row(self, protocol_id, step_id, s, doc_ids, *, owners, at, content) -> tuple:
        """A step's protocol: each party's position and basis; confirmed by both step owners
        a day after the step ended (then frozen with its content and hash)."""
        (first, second) = owners or (None, None)
        values = {
            "id": protocol_id,
            "step_id": step_id,
            "position_a": s.position_raiser,
            "facts_a": FACTS[0],
            "document_a_id": doc_ids[0] if doc_ids else None,
            "section_a_id": None,
            "position_b": s.position_other,
            "facts_b": FACTS[1],
            "document_b_id": None,
            "section_b_id": None,
            "confirmed_a_by_id": first and first.user_id,
            "confirmed_a_at": first and at,
            "confirmed_b_by_id": second and second.user_id,
            "confirmed_b_at": second and at,
            "content": content if owners else {},
            "content_hash": content_hash(content) if owners else "",
            "frozen_at": at if owners else None,
            "version": 3 if owners else 1,
        }
        return tuple(values[c] for c in self.protocols.columns)

    def _lesson_row(
        self, lesson_id, case_id, county_id, s, area_id, step, resolution, solution, at
    ) -> tuple:
        values = {
            "id": lesson_id,
            "disagreement_id": case_id,
            "county_id": county_id,
            "title": s.lesson_title,
            "category_id": self.ctx.world.classification.disagreement_categories[s.category],
            "area_id": area_id,
            "step_reached": step,
            "resolution": resolution,
            "solution": solution,
            "lesson": s.lesson,
            "published_at": self.ctx.clock.ts(at),
        }
        return tuple(values[c] for c in self.lessons.columns)

    # ---------------------------------------------------------------- economic agreements

    def economic_agreement(self, *, rng, municipality, regional, at, area=None) -> int:
        ctx = self.ctx
        area_name, responsibility, compensation = area or rng.choice(ds.ECONOMIC_AGREEMENT_AREAS)
        person = ctx.staff.pick(
            rng, municipality.provider.id, Role.MANAGER_STEP2, Role.MANAGER_STEP1
        )
        agreement_id = self.agreements.new_id()
        day = ctx.clock.date(ctx.clock.local_day(at))
        valid_from = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        valid_to = valid_from.replace(year=valid_from.year + 1) - datetime.timedelta(days=1)
        reference = f"KS {day.year}/{rng.randint(20, 400)}"
        values = {
            "id": agreement_id,
            "county_id": ctx.world.county.pk,
            "party_a_id": municipality.party.pk,
            "party_b_id": regional.party_id,
            "area": area_name,
            "responsibility": responsibility,
            "compensation": compensation,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
            "reference": reference,
            "disagreement_id": None,
            "created_by_id": person.user_id,
            "created_at": ctx.clock.ts(at),
        }
        self.agreements.add(tuple(values[c] for c in self.agreements.columns))
        if ctx.audit.in_detail(at):
            ctx.audit.add(
                at=at,
                actor=person.actor,
                action="disagreements.economic_agreement.created",
                object_type="disagreements.economicagreement",
                object_id=agreement_id,
                county_id=ctx.world.county.pk,
                data={
                    "party_a": municipality.party.pk,
                    "party_b": regional.party_id,
                    "valid_from": str(valid_from),
                    "valid_to": str(valid_to),
                    "disagreement": None,
                },
            )
        return agreement_id


# Each party's factual basis in the demo's protocols (the raising party, the other party).
FACTS = (
    "Avvikelserna ärendet bygger på och anteckningarna från stegets möten visar hur frågan "
    "har uppstått och hur ofta.",
    "Vår genomgång av planeringen och kontakterna med den andra parten under samma period.",
)


def _protocol_content(case, number, row, names, *, parties) -> dict:
    """What services.protocols.protocol_content() generates from the case, for a bulk row."""
    _step_id, started, _deadline, outcome, text, ended = row
    return {
        "reference": case["reference"],
        "title": case["title"],
        "step": number,
        "started_on": started,
        "ended_on": ended or "",
        "parties": [
            {
                "party": party,
                "provider": provider,
                "position": position,
                "facts": facts,
                "document": document,
                "section": "",
            }
            for (party, provider, position, document), facts in zip(parties, FACTS, strict=True)
        ],
        "participants": names,
        "question": case["question"],
        "patient_affected": case["patient_affected"],
        "temporary_solution": case["temporary_solution"],
        "temporary_solution_from": case["temporary_solution_from"],
        "temporary_solution_none": case["temporary_solution_none"],
        "outcome": outcome,
        "outcome_text": text,
    }


def _party_name(world, party_id: int) -> str:
    if party_id == world.region.pk:
        return world.region.name
    return next(m.party.name for m in world.municipalities if m.party.pk == party_id)


def _moment(clock, day: int, rng) -> int:
    """A moment during office hours on a local day."""
    return clock.at(day, 8 * 3600 + rng.randrange(9 * 3600))
