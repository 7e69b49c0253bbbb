"""The county data generator: seeded, coherent case by case, shaped like the county's 2024
report, and the hash chain of the audit trail stays whole."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from samsyn.agreements.selectors import document_governs
from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.audit.selectors import audit_chain_verify
from samsyn.cases.models import Transition
from samsyn.demo.generator import Options, generate
from samsyn.demo.generator.audit import GENERATED, HISTORY_IMPORTED
from samsyn.demo.generator.county_profiles import PRIMARY_CARE, VASTRA_GOTALAND_PROVIDER_KINDS
from samsyn.demo.generator_version import GENERATOR_VERSION
from samsyn.deviations.models import Comment, Deviation, Measure, Status
from samsyn.deviations.selectors import deviation_timeline
from samsyn.disagreements.models import Disagreement, EconomicSettlement, Lesson
from samsyn.disagreements.selectors import disagreement_history
from samsyn.disagreements.workflow import stage_of

END = datetime.date(2026, 6, 30)  # a fixed "today" for the period, so the data repeat


def _generate(**options):
    defaults = {"deviations": 400, "years": 2, "seed": 5, "end": END}
    return generate(Options(**{**defaults, **options}))


def _content(qs):
    return sorted(
        qs.values_list(
            "title",
            "description",
            "event_date",
            "status",
            "created_at",
            "category_id",
            "document_id",
        )
    )


def test_the_same_seed_gives_the_same_cases_and_another_seed_others(reference_data):
    _generate(seed=5)
    first = _content(Deviation.objects.all())
    last_id = Deviation.objects.order_by("-pk").first().pk
    _generate(seed=5)
    assert _content(Deviation.objects.filter(pk__gt=last_id)) == first
    last_id = Deviation.objects.order_by("-pk").first().pk
    _generate(seed=6)
    assert _content(Deviation.objects.filter(pk__gt=last_id)) != first


def test_every_case_cites_a_document_that_governed_its_two_parties_on_the_event_date(
    reference_data,
):
    _generate(deviations=300)
    for deviation in Deviation.objects.select_related(
        "document", "reporting_provider__party", "counterpart_provider__party", "section"
    )[:300]:
        governed, reason = document_governs(
            document=deviation.document,
            provider_a=deviation.reporting_provider,
            provider_b=deviation.counterpart_provider,
            on_date=deviation.event_date,
        )
        assert governed, (deviation.pk, deviation.event_date, reason)
        assert deviation.section is None or deviation.section.document_id == deviation.document_id


def test_each_case_is_between_a_municipality_and_the_region_with_dates_in_order(reference_data):
    report = _generate(deviations=500)
    now = datetime.datetime.now(datetime.UTC)
    kinds = Counter()
    for d in Deviation.objects.select_related(
        "reporting_provider__party", "counterpart_provider__party"
    ):
        sides = {d.reporting_provider.party.kind, d.counterpart_provider.party.kind}
        assert sides == {"municipality", "region"}, d.pk
        kinds[d.reporting_provider.party.kind] += 1
        assert d.event_date <= timezone.localdate(d.created_at)
        moments = [d.created_at, d.acknowledged_at, d.analysed_at, d.closed_at]
        reached = [m for m in moments if m is not None]
        assert reached == sorted(reached) and reached[-1] <= now, d.pk
        assert (d.closed_at is not None) == (d.status == Status.CLOSED)
    # Seed 004: the municipalities report about three times as many deviations as the region.
    assert 2.3 < kinds["municipality"] / kinds["region"] < 3.9
    assert report.deviations == 500


def test_every_generated_case_has_the_place_the_services_would_give_it(reference_data):
    from samsyn.parties.selectors import place_of

    _generate(deviations=300)
    cases = Deviation.objects.select_related("reporting_provider", "counterpart_provider")
    for d in cases:
        place = place_of(reporting=d.reporting_provider, receiving=d.counterpart_provider)
        expected = tuple(place[k] and place[k].pk for k in ("municipality", "sub_region", "area"))
        assert (d.municipality_id, d.sub_region_id, d.area_id) == expected, d.pk
    assert cases.filter(municipality__isnull=True).count() == 0


def test_status_history_and_the_rule_for_closing_hold_for_every_case(reference_data):
    _generate(deviations=300)
    history = Transition.objects.filter(content_type__model="deviation").exclude(
        from_state=F("to_state")
    )
    moves_of = {}
    for row in history.order_by("at", "id"):
        moves_of.setdefault(row.object_id, []).append((row.from_state, row.to_state))
    for d in Deviation.objects.prefetch_related("measures"):
        moves = moves_of[d.pk]
        assert moves[0] == ("", "registered") and moves[1] == ("registered", "sent"), d.pk
        assert all(a[1] == b[0] for a, b in zip(moves, moves[1:], strict=False)), d.pk
        assert moves[-1][1] == d.status
        if d.status in (Status.MEASURES_DECIDED, Status.FOLLOWED_UP, Status.CLOSED):
            # Seed 004: a measure, or a reasoned decision that none is needed.
            assert d.measures.exists() or d.no_measure_reason, d.pk
    assert not Measure.objects.filter(done_date__gt=datetime.date.today()).exists()
    created = dict(Deviation.objects.values_list("pk", "created_at"))
    assert not [row for row in history if row.at < created[row.object_id]]


def test_the_moves_that_keep_the_state_are_in_the_history_as_the_services_write_them(
    reference_data,
):
    """A measure added or done, a decision that none is needed, a lift and each message are
    rows of the one history (from and to the case's state then), so a generated case's page
    tells what a case worked through the services would."""
    _generate(deviations=300)
    keep = Transition.objects.filter(content_type__model="deviation", from_state=F("to_state"))
    by_move = Counter(keep.values_list("move", flat=True))
    assert by_move["add_measure"] == Measure.objects.count()
    assert 0 < by_move["complete_measure"] <= Measure.objects.exclude(done_date=None).count()
    assert by_move["comment"] == Comment.objects.count()
    assert by_move["no_measure"] == Deviation.objects.exclude(no_measure_by=None).count()
    assert by_move["lift"] == Deviation.objects.exclude(lifted_level="").count()
    measures = set(Measure.objects.values_list("pk", flat=True))
    assert {row.data["measure"] for row in keep.filter(move="add_measure")} == measures
    for row in keep.filter(move="lift").select_related(None)[:20]:
        assert row.data["level"] in ("sub_regional", "county")
    deviation = Deviation.objects.filter(measures__isnull=False).first()
    labels = [h["label"] for h in deviation_timeline(deviation=deviation)]
    assert "Åtgärd tillagd" in " ".join(str(label) for label in labels)


def test_a_period_from_1_january_holds_whole_years_and_no_event_before_it(reference_data):
    """The demo starts on 1 January (loader.demo_load), so the annual report finds each of its
    years whole: cases from the first days of January on, and no event dated in the year
    before (a report of 2 January about 28 December would make a stub year)."""
    start = datetime.date(2025, 1, 1)
    _generate(deviations=300, start=start)
    dates = Deviation.objects.values_list("event_date", flat=True)
    assert min(dates) == start
    assert Deviation.objects.filter(event_date__month=1, event_date__year=2025).count() > 5


def test_generated_cases_carry_the_receivers_answer_as_the_services_write_it(reference_data):
    """Issue 17 / decision 0012: every sent case has its answer due date (the governing
    document's answer_days from sending); an acknowledged one the receiver's view; an answered
    one its answer between acknowledging and closing, with the answer move in the history.
    Most answers come in time, some late, some open cases wait for theirs and some of those
    are overdue, so the county report's answer figures have something to show."""
    _generate(deviations=600)  # "today" is the period's end, END
    cases = Deviation.objects.exclude(event_type="good_cooperation").select_related("document")
    answers = dict(
        Transition.objects.filter(content_type__model="deviation", move="answer").values_list(
            "object_id", "data"
        )
    )
    counts = Counter()
    for d in cases:
        sent_on = timezone.localdate(d.created_at)
        assert d.answer_due == sent_on + datetime.timedelta(days=d.document.answer_days), d.pk
        assert bool(d.position) == (d.acknowledged_at is not None), d.pk
        assert bool(d.receiver_account) == (d.position in ("partly", "disputes")), d.pk
        assert (d.disputed_document_id is not None) == (d.position == "disputes"), d.pk
        if d.answered_at is None:
            assert not d.answer and d.pk not in answers, d.pk
            counts["overdue" if d.answer_overdue(END) else "waiting"] += 1
            continue
        assert d.answer and d.acknowledged_at < d.answered_at <= timezone.now(), d.pk
        assert d.closed_at is None or d.answered_at < d.closed_at, d.pk
        late = timezone.localdate(d.answered_at) > d.answer_due
        assert answers[d.pk] == {"overdue": late}, d.pk
        counts["late" if late else "in_time"] += 1
    assert counts["in_time"] > 3 * counts["late"] > 0
    assert counts["waiting"] > 0 and counts["overdue"] > 0
    positions = Counter(cases.values_list("position", flat=True))
    assert positions["agrees"] > positions["partly"] > positions["disputes"] > 0


def test_every_generated_disagreement_has_its_history_from_creation_to_its_stage(
    reference_data,
):
    """The one history holds each disagreement's moves as DISAGREEMENT_WORKFLOW writes them:
    created at step 1, each move from the stage the one before reached, ending where the case
    is; meetings and messages keep the stage."""
    _generate(deviations=1500, years=3, seed=9)
    rows = Transition.objects.filter(content_type__model="disagreement").order_by("at", "id")
    history: dict[int, list] = {}
    for row in rows:
        history.setdefault(row.object_id, []).append(row)
    cases = list(Disagreement.objects.all())
    assert cases and set(history) == {d.pk for d in cases}
    for d in cases:
        moves = [r for r in history[d.pk] if r.from_state != r.to_state]
        assert (moves[0].move, moves[0].from_state, moves[0].to_state) == ("create", "", "step1")
        assert all(a.to_state == b.from_state for a, b in zip(moves, moves[1:], strict=False))
        assert moves[-1].to_state == stage_of(d), d.pk
    kept = Counter(r.move for r in rows if r.from_state == r.to_state)
    # Proposals that bind both parties and the protocols' confirmations keep the stage too.
    assert set(kept) <= {"meeting", "comment", "resolve", "settlement", "protocol_confirm"}
    assert kept["meeting"] > 0
    disagreement = cases[0]
    assert disagreement_history(disagreement=disagreement)
    _protocols_as_the_services_write_them(cases)


def _protocols_as_the_services_write_them(cases):
    """Issue 18: every step has its protocol; a frozen one was confirmed by both parties, holds
    what protocol_content() generates from the case and the hash of it; what binds both parties
    was confirmed by the other party."""
    from samsyn.disagreements.models import StepProtocol
    from samsyn.disagreements.services.protocols import content_hash, protocol_content

    protocols = StepProtocol.objects.select_related("step__disagreement")
    assert protocols.count() == sum(d.steps.count() for d in cases)
    frozen = [p for p in protocols if p.is_frozen]
    assert frozen
    for protocol in frozen:
        assert protocol.step.outcome and protocol.confirmed_a_by_id and protocol.confirmed_b_by_id
        assert protocol.content_hash == content_hash(protocol.content)
        kept = protocol.content
        # Generate it again from the case, as the page would before any confirmation (a
        # confirmed protocol shows the text kept at its first confirmation).
        protocol.frozen_at, protocol.content = None, {}
        assert protocol_content(protocol) == kept, protocol.step.disagreement_id
    for d in cases:
        if d.patient_affected:
            assert d.patient_answers.filter(text=d.temporary_solution).exists()
    assert not EconomicSettlement.objects.filter(confirmed_at__isnull=True).exists()
    assert not Disagreement.objects.exclude(proposal_kind="").exists()


def test_the_old_system_years_have_annat_and_no_measure_and_the_new_years_do_not(
    reference_data,
):
    _generate(deviations=600, years=2, end=datetime.date(2026, 12, 31), seed=8)
    old = Deviation.objects.all()
    annat = old.filter(category__is_other=True).count() / old.count()
    closed = old.filter(status=Status.CLOSED)
    no_measure = closed.exclude(no_measure_reason="").count() / closed.count()
    assert 0.35 < annat < 0.65 and no_measure > 0.3
    last_id = Deviation.objects.order_by("-pk").first().pk
    # Samsyn's years (the county-wide guideline applies from 2027-01-01, in the registry).
    _generate(deviations=600, years=1, end=datetime.date(2027, 12, 31), seed=8)
    new = Deviation.objects.filter(pk__gt=last_id)
    assert new.filter(category__is_other=True).count() / new.count() < 0.12


def test_reports_grow_year_over_year(reference_data):
    _generate(deviations=1200, years=3, end=datetime.date(2025, 12, 31), seed=3)
    by_year = Counter(Deviation.objects.values_list("created_at__year", flat=True))
    # the 2024 report on deviations in cooperation: +26 %
    assert 1.1 < by_year[2025] / by_year[2024] < 1.45


def test_disagreements_are_coherent_and_spread_over_time(reference_data):
    _generate(deviations=2500, years=3, seed=11)
    cases = Disagreement.objects.select_related("provider_a", "provider_b")
    assert cases.count() >= 10
    assert len({d.created_at.date() for d in cases}) > cases.count() // 2
    today = datetime.date.today()
    for d in cases.prefetch_related("deviations", "steps"):
        if d.category.name == "Läkaransvar i kommunal primärvård":
            regional = d.provider_a if d.party_a.kind == "region" else d.provider_b
            assert VASTRA_GOTALAND_PROVIDER_KINDS[regional.name] == PRIMARY_CARE, d.pk
        for deviation in d.deviations.all():
            assert deviation.created_at < d.created_at
            assert {deviation.reporting_provider_id, deviation.counterpart_provider_id} == {
                d.provider_a_id,
                d.provider_b_id,
            }
        steps = list(d.steps.all())
        assert [s.number for s in steps] == list(range(1, d.current_step + 1))
        assert all(s.ended_on is None or s.ended_on <= today for s in steps)
        assert d.is_dispute == (d.current_step == 3)
        assert (d.closed_at is not None) == (d.status == "closed")
    for settlement in EconomicSettlement.objects.select_related("disagreement"):
        assert settlement.disagreement.current_step == 3 and settlement.decided_on <= today
    assert not Lesson.objects.exclude(disagreement__status="closed").exists()


def test_the_audit_trail_is_whole_and_old_history_is_summarised_per_year(reference_data):
    now = datetime.datetime.now(datetime.UTC)
    _generate(deviations=400, years=3, end=None, audit_from=now - datetime.timedelta(days=200))
    assert audit_chain_verify().ok
    summaries = AuditEvent.objects.filter(action=HISTORY_IMPORTED)
    assert summaries.count() >= 2
    imported = sum(e.data["deviations"] for e in summaries)
    detailed = set(
        AuditEvent.objects.filter(action="deviations.deviation.reported").values_list(
            "object_id", flat=True
        )
    )
    assert imported + len(detailed) == 400
    # Moves in the recent period are written as the services write them, with reads.
    assert AuditEvent.objects.filter(action="deviations.deviation.sent").count() == len(detailed)
    assert ReadEvent.objects.filter(object_id__in=detailed).exists()
    assert AuditEvent.objects.filter(action=GENERATED, data__seed=5).exists()
    # The marker names the generator's version, so the bench makes an older county again.
    marker = AuditEvent.objects.filter(action=GENERATED, data__seed=5).get()
    assert marker.data["generator_version"] == GENERATOR_VERSION


def test_generate_command_skips_a_seed_that_is_already_there(reference_data, capsys):
    call_command("generate_county_data", deviations=50, years=1, seed=42, allow_without_debug=True)
    count = Deviation.objects.count()
    call_command(
        "generate_county_data",
        deviations=50,
        years=1,
        seed=42,
        if_missing=True,
        allow_without_debug=True,
    )
    assert Deviation.objects.count() == count == 50
    assert "finns redan" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loading is for PostgreSQL")
def test_a_bulk_load_puts_back_every_constraint_and_index(reference_data):
    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid::regclass::text "
                "LIKE 'deviations_%' OR conrelid::regclass::text LIKE 'audit_%'"
            )
            constraints = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'deviations_%'")
            return constraints, {row[0] for row in cursor.fetchall()}

    before = schema()
    _generate(deviations=200, bulk_load=True)
    assert schema() == before
    assert not Deviation.objects.filter(Q(reporter__isnull=True)).exists()
    assert audit_chain_verify().ok


def _search_vectors_unlike_the_trigger() -> tuple[int, int]:
    """How many deviations' search vectors differ from the trigger's own expression
    (deviations migration 0005), row by row, and how many rows there are."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE search_vector IS DISTINCT FROM (
                setweight(to_tsvector('swedish', coalesce(title, '')), 'A')
                || setweight(to_tsvector('swedish', coalesce(description, '')), 'B')
                || setweight(to_tsvector('swedish', coalesce(proposed_measure, '')), 'C')
                || setweight(to_tsvector('swedish', coalesce(analysis, '')), 'C'))),
                count(*)
            FROM deviations_deviation
            """
        )
        return cursor.fetchone()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loading is for PostgreSQL")
def test_a_bulk_load_in_many_flushes_gives_texts_seen_in_an_earlier_flush_their_vector(
    reference_data, monkeypatch
):
    # Each flush sends only the texts not seen before; the rows of later flushes that repeat
    # a text (most titles, proposals and analyses) are joined to the vector stored earlier.
    monkeypatch.setattr("samsyn.demo.generator.FLUSH_EVERY", 25)
    _generate(deviations=300, bulk_load=True)
    differing, rows = _search_vectors_unlike_the_trigger()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT title), count(*) FROM deviations_deviation")
        titles, cases = cursor.fetchone()
    assert rows >= 300
    assert titles < cases  # texts do repeat across flushes
    assert differing == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loading is for PostgreSQL")
def test_a_bulk_load_stores_the_search_vector_the_trigger_would_and_turns_it_back_on(
    reference_data,
):
    from samsyn.deviations.selectors import deviations_search

    _generate(deviations=300, bulk_load=True)
    differing, rows = _search_vectors_unlike_the_trigger()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'deviations_search_vector'")
        enabled = cursor.fetchone()[0]
    assert rows >= 300
    assert differing == 0
    assert enabled == "O"  # on again: a case written after the load gets its vector
    case = Deviation.objects.order_by("id").first()
    Deviation.objects.filter(pk=case.pk).update(title="Syrgaskoncentrator saknades")
    assert deviations_search(Deviation.objects.all(), "syrgaskoncentrator").filter(pk=case.pk)
