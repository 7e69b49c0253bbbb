"""The county data generator: realistic, seeded deviations, disagreements and what goes with them.

One module per kind of record, sharing a context (`Context`) and seeded streams:

- world.py: the county as read from the reference data and the agreement registry, and which
  documents governed a pair of parties on a date (the agreements app's selector, cached);
- staff.py: the people who act (the registered ones and generated colleagues);
- volume.py: how many cases each month holds (growth, season);
- scenarios/ (what goes wrong between whom, per reporting side; disagreements; shared texts)
  and vocabulary.py: what happens, in Swedish;
- lifecycle.py: when each move of a deviation happens, cut at "now";
- deviations.py, disagreements.py: the rows, with the audit events, read log and inbox rows;
- audit.py, inbox.py: the trail (hash-chained with the audit app's function) and notifications;
- writer.py: PostgreSQL COPY or SQLite batches.

A later issue adds its part as one more module and one more call in `generate()` (units:
staff.py and a `unit_id` column; event types and two consequence axes: scenarios/; area on the
case: world.py already knows each municipality's area). The receiver's answer (issue 17) is
lifecycle.answer_plan and DeviationGenerator._answered, drawn from a stream of its own.
"""

import datetime
import time
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from samsyn.audit.models import AuditEvent
from samsyn.demo.generator.audit import GENERATED, SYSTEM, AuditTrail, ReadLog
from samsyn.demo.generator.clock import Clock
from samsyn.demo.generator.deviations import DeviationGenerator
from samsyn.demo.generator.disagreements import DisagreementGenerator
from samsyn.demo.generator.inbox import Inbox
from samsyn.demo.generator.randomness import Seeds
from samsyn.demo.generator.staff import staff_load
from samsyn.demo.generator.volume import months_plan, period_start
from samsyn.demo.generator.world import RegimeCache, world_load
from samsyn.demo.generator.writer import BulkWriter
from samsyn.demo.generator_version import GENERATOR_VERSION
from samsyn.deviations.models import PatientConsequence

BULK_LOAD_FROM = 20_000  # deviations: above this a PostgreSQL load drops and rebuilds indexes
FLUSH_EVERY = 20_000  # deviations between two writes, so memory stays flat


@dataclass
class Options:
    deviations: int
    years: int = 10
    seed: int = 1
    end: datetime.date | None = None  # the last day of the period; today by default
    # The first day of the period; by default `years` before the end (the demo starts on a
    # 1 January, so each of its years but the current one is whole in the annual report).
    start: datetime.date | None = None
    growth: float = 0.26  # year over year (the 2024 report on deviations in cooperation)
    # Moves before this moment are summarised as imported history in the audit trail (see
    # audit.py); None writes every move's events.
    audit_from: datetime.datetime | None = None
    inbox_days: int = 21  # notifications are written for the last three weeks
    bulk_load: bool | None = None  # None: when large and on PostgreSQL


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    deviations: int = 0
    audit_events: int = 0
    regime_lookups: int = 0
    restore_seconds: float = 0.0  # of `seconds`: indexes and constraints put back (bulk load)

    @property
    def per_second(self) -> float:
        return self.deviations / self.seconds if self.seconds else 0.0


@dataclass
class Context:
    """What every part of the generator shares."""

    world: object
    writer: object
    audit: AuditTrail
    reads: ReadLog
    inbox: Inbox
    seeds: Seeds
    now: int  # epoch seconds; nothing generated is later
    clock: Clock
    severity: dict[int, int]
    step_days: dict[int, int]
    due_days: tuple[int, int]
    staff: object = None
    first_day: int = 0  # the period's first day: no event is dated before it


def generated_marker(seed: int):
    """The audit event that records a generation with this seed (None if there is none)."""
    return AuditEvent.objects.filter(action=GENERATED, data__seed=seed).order_by("-id").first()


def _expected_volume(world, months, total: int) -> dict[int, float]:
    """Cases per year each provider takes part in (for how many people it needs)."""
    last_year = sum(m.count for m in months[-12:]) or total
    volume: dict[int, float] = {}

    def add(provider, cases):
        volume[provider.id] = volume.get(provider.id, 0.0) + cases

    chooser = world.municipality_weights
    for municipality, share in zip(chooser.items, _weights(chooser), strict=True):
        add(municipality.provider, last_year * share)
        for hospital, weight in zip(
            municipality.hospitals.items, _weights(municipality.hospitals), strict=True
        ):
            add(hospital, last_year * share * 0.7 * weight)
    for chooser, share in ((world.primary_care, 0.25), (world.dental, 0.04)):
        for provider, weight in zip(chooser.items, _weights(chooser), strict=True):
            add(provider, last_year * share * weight)
    return volume


def _weights(chooser) -> list[float]:
    previous, weights = 0.0, []
    for cumulative in chooser.cumulative:
        weights.append((cumulative - previous) / chooser.total)
        previous = cumulative
    return weights


def generate(options: Options, *, stories=None, log=None) -> Report:
    """Write a county's data in one transaction; `stories(ctx, deviations, disagreements)`
    adds hand-picked cases at the end (the demo's). Returns what was written and how fast."""
    started = time.perf_counter()
    say = log or (lambda _text: None)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    end = options.end or today
    # "Now" is the end of the period: this moment when it ends today, else that evening.
    now = (
        timezone.now()
        if end == today
        else datetime.datetime.combine(end, datetime.time(18), tzinfo=tz)
    )
    start = options.start or period_start(end, options.years)
    seeds = Seeds(options.seed)

    with transaction.atomic():
        world = world_load()
        months = months_plan(total=options.deviations, start=start, end=end, growth=options.growth)
        bulk = (
            options.bulk_load
            if options.bulk_load is not None
            else options.deviations >= BULK_LOAD_FROM
        )
        writer = BulkWriter(bulk_load=bulk)
        clock = Clock(tz=tz, first=start, last=end, postgres=writer.postgres)
        world.regimes = RegimeCache(world.county, clock, clock.day_of(end))
        world.regimes.prepare(m.party.pk for m in world.municipalities)
        now_t = Clock.epoch(now)
        audit = AuditTrail(
            writer,
            clock,
            audit_from=(Clock.epoch(options.audit_from) if options.audit_from else None),
        )
        ctx = Context(
            world=world,
            writer=writer,
            audit=audit,
            reads=ReadLog(writer, clock),
            inbox=Inbox(
                writer, clock, now=now_t, days=options.inbox_days, rng=seeds.stream("inbox")
            ),
            seeds=seeds,
            now=now_t,
            clock=clock,
            severity=dict(PatientConsequence.objects.values_list("pk", "severity")),
            step_days={n: getattr(settings, f"DISAGREEMENT_STEP{n}_DAYS") for n in (1, 2, 3)},
            due_days=(settings.DEVIATION_ACK_DAYS, settings.DEVIATION_ANALYSIS_DAYS),
        )
        first_day = ctx.first_day = clock.day_of(start)
        ctx.staff = staff_load(
            world=world,
            writer=writer,
            audit=audit,
            rng=seeds.stream("staff"),
            yearly_volume=_expected_volume(world, months, options.deviations),
            at=clock.at(first_day, 7 * 3600),
            clock=clock,
        )
        deviations = DeviationGenerator(ctx)
        disagreements = DisagreementGenerator(ctx)
        with writer.writing():
            writer.begin([t.model for t in writer.tables.values()])
            say(
                ngettext(
                    "Generating {count} deviation {start}–{end} (starting value {value})…",
                    "Generating {count} deviations {start}–{end} (starting value {value})…",
                    options.deviations,
                ).format(count=options.deviations, start=start, end=end, value=options.seed)
            )
            # With stories to come, the last months' events wait, so the chain stays in time order.
            hold_from = now_t - 200 * 86_400 if stories else None
            pending = 0
            for month in months:
                deviations.month(month, seeds.stream("deviations", month.first.isoformat()))
                disagreements.take_deviations(deviations.written)
                deviations.written.clear()
                disagreements.month(month, seeds.stream("disagreements", month.first.isoformat()))
                next_start = clock.at(clock.day_of(month.last) + 1, 0)
                audit.append_until(next_start if hold_from is None else min(next_start, hold_from))
                pending += month.count
                if pending >= FLUSH_EVERY:
                    writer.flush()
                    pending = 0
                    say(
                        ngettext(
                            "  … {month}: {count} deviation",
                            "  … {month}: {count} deviations",
                            len(deviations.deviations),
                        ).format(month=f"{month.last:%Y-%m}", count=len(deviations.deviations))
                    )
            if stories:
                stories(ctx, deviations, disagreements)
            audit.add_history_summaries(at=now_t, county_id=world.county.pk, seed=options.seed)
            audit.add(
                at=now_t,
                actor=SYSTEM,
                action=GENERATED,
                county_id=world.county.pk,
                data={
                    "generator_version": GENERATOR_VERSION,
                    "seed": options.seed,
                    "deviations": options.deviations,
                    "years": options.years,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "growth": options.growth,
                    "audit_from": options.audit_from.isoformat() if options.audit_from else None,
                },
            )
            audit.finish()
            writer.finish()
    return Report(
        rows={t.model._meta.label: len(t) for t in writer.tables.values()},
        seconds=time.perf_counter() - started,
        deviations=len(deviations.deviations),
        audit_events=audit.count,
        regime_lookups=world.regimes.lookups,
        restore_seconds=writer.restore_seconds,
    )
