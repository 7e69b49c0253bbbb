"""The benchmark's machinery on a few hundred cases, in process (no timing is asserted: the
figures themselves come from `make bench` against PostgreSQL and gunicorn)."""

import json
import os
import time

from bench.client import InProcessClient
from bench.figures import AGGREGATE_PAGES, FIGURES, bench_ids, run_figures
from bench.measure import Bench, percentile
from bench.run import generation_figure, machine, table
from bench.server import CpuMeter
from samsyn.demo.generator import Options, generate
from samsyn.demo.people import demo_people_load

PAGE_FIELDS = {"name", "p50_ms", "p95_ms", "floor_ms", "ratio", "target", "met"}


def test_percentiles_interpolate_between_samples():
    assert percentile([10, 20, 30, 40, 50], 50) == 30
    assert percentile([10, 20], 95) == 19.5


def test_every_figure_runs_and_the_results_document_has_the_agreed_shape(reference_data, tmp_path):
    demo_people_load()
    generate(Options(deviations=300, years=2, seed=4))
    bench = Bench(
        client=InProcessClient(),
        repeat=2,
        minimum=1,
        warmup=0,
        budget_s=1,
        load_clients=1,
        load_seconds=0.2,
        intake_clients=1,
        intake_seconds=0.2,
        ids=bench_ids(),
        log=lambda *_: None,
    )
    figures = run_figures(bench)
    assert len(figures) == len(FIGURES)
    for f in figures:
        assert {"name", "target", "met"} <= set(f), f
        assert f.get("errors", 0) == 0 and f.get("status", 200) == 200, f
        assert "failed" not in f and "failure" not in f, f
    pages = [f for f in figures if "floor_ms" in f]
    assert len(pages) >= 12 and all(PAGE_FIELDS <= set(f) for f in pages)
    exports = [f for f in figures if "peak_rss_mb" in f]
    assert len(exports) == 2 and all(f["bytes"] > 0 for f in exports)
    # One read-log row per export, holding the ids of its cases.
    assert all(f["read_log_rows_added"] == 1 for f in exports)
    # The annual report against the SQL its figures need; intake against the trivial endpoint.
    reports = [f for f in figures if f["name"].startswith("annual report")]
    assert len(reports) == len(AGGREGATE_PAGES) and all(f["floor_ms"] > 0 for f in reports)
    (intake,) = [f for f in figures if f["name"].startswith("intake")]
    assert intake["requests"] > 0 and intake["floor_per_second"] > 0

    document = {
        "rows": 300,
        "when": "now",
        "machine": machine((0, 0, 0), []),
        "figures": [
            generation_figure({"deviations": 300, "seconds": 1, "per_second": 300}),
            *figures,
        ],
    }
    path = tmp_path / "latest.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    again = json.loads(path.read_text())
    assert again["rows"] == 300 and {"cpu", "cores"} <= set(again["machine"])
    assert table(again).count("\n") == len(again["figures"]) + 1


def test_cpu_meter_counts_each_part_of_the_rig_between_two_snapshots():
    # This process stands in for gunicorn's master and the bench's client at once.
    meter = CpuMeter(server_pid=os.getpid(), loop_pid=None, database="no_such_database")
    before = meter.snapshot()
    started = time.process_time()
    while time.process_time() - started < 0.2:  # CPU for the meter to count
        pass
    spent = CpuMeter.spent(before, meter.snapshot())
    assert spent["client"] >= 0.1 and spent["app"] >= 0.1
    # No loop, no PostgreSQL process of that database: not measured, rather than 0.
    assert spent["delivery"] is None and spent["database"] is None


def test_cpu_meter_counts_a_process_new_in_the_window_from_its_start():
    before = {"app": {1: 2.0}, "database": {}}
    after = {"app": {1: 2.5, 7: 0.25}, "database": {9: 1.0}}
    assert CpuMeter.spent(before, after) == {"app": 0.75, "database": 1.0}


def test_cpu_meter_leaves_out_a_process_gone_before_it_could_be_read():
    gone = 2**22 + 1  # above the kernel's largest pid
    meter = CpuMeter(server_pid=gone, loop_pid=gone, database="no_such_database")
    taken = meter.snapshot()
    assert taken["app"] == {} and taken["delivery"] == {}
    assert CpuMeter.spent(taken, meter.snapshot())["app"] is None


def test_generation_figure_sets_the_generation_against_what_postgresql_alone_needs():
    generation = {"deviations": 500_000, "seconds": 140.1, "per_second": 3569}
    measured = generation_figure({**generation, "floor_seconds": 53.2, "floor_per_second": 9402})
    assert measured["ratio"] == 2.63 and measured["floor_per_second"] == 9402
    assert not measured["met"]
    assert generation_figure(generation)["ratio"] is None  # no pg_restore on the machine
