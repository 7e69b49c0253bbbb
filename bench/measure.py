"""What every figure shares: timed requests, percentiles, the floor page, worker memory.

A figure is one small function in figures.py that takes a `Bench` and returns a dict; the
Bench knows how to ask the server (`get`), how long a request took, and how much memory the
server's workers hold (`rss_mb`, `peak_rss_during`).
"""

import statistics
import threading
import time
from dataclasses import dataclass, field

FLOOR_PATH = "/om/"  # a signed-in page with the same middleware, session and base template
PAGE_TARGET_MS = 150
PAGE_TARGET_RATIO = 6
EXPORT_TARGET_MB = 150
WORKER_TARGET_MB = 250


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by linear interpolation (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@dataclass
class Response:
    status: int
    body_bytes: int
    ms: float
    error: str = ""


@dataclass
class Bench:
    """The measuring context handed to every figure."""

    client: object  # client.HttpClient or client.InProcessClient: .get(path, user) -> Response
    workers: object = None  # server.Workers (pids, RSS) or None in process
    cpu: object = None  # server.CpuMeter (CPU by part of the rig) or None in process
    repeat: int = 30  # requests per page figure (after warm-up)
    budget_s: float = 60.0  # but at most this long per figure, and at least `minimum` requests
    minimum: int = 5
    warmup: int = 2
    ids: dict = field(default_factory=dict)  # objects the figures need, looked up before
    load_clients: int = 8
    load_seconds: float = 30
    intake_clients: int = 16
    intake_seconds: float = 20
    floor: dict | None = None
    results: dict = field(default_factory=dict)  # the figures so far, by name
    log: object = print

    # ---------------------------------------------------------------- timing

    def samples(self, path, user: str, *, repeat: int | None = None) -> list[Response]:
        """Requests for one page (or a list of pages taken in turn), after a warm-up."""
        paths = [path] if isinstance(path, str) else list(path)
        for i in range(self.warmup):
            self.client.get(paths[i % len(paths)], user)
        responses, started = [], time.monotonic()
        for i in range(repeat or self.repeat):
            responses.append(self.client.get(paths[i % len(paths)], user))
            if len(responses) >= self.minimum and time.monotonic() - started > self.budget_s:
                break
        return responses

    def floor_ms(self) -> dict:
        if self.floor is None:
            times = [r.ms for r in self.samples(FLOOR_PATH, "analytiker", repeat=60)]
            self.floor = {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}
        return self.floor

    def page(
        self,
        name: str,
        path,
        user: str,
        *,
        target_ms: float = PAGE_TARGET_MS,
        target_ratio: float = PAGE_TARGET_RATIO,
    ) -> dict:
        """p50/p95 of a page against the floor page's p95 (the issue's target for pages)."""
        responses = self.samples(path, user)
        errors = [r for r in responses if r.status != 200]
        times = [r.ms for r in responses]
        floor = self.floor_ms()["p95_ms"]
        p50, p95 = percentile(times, 50), percentile(times, 95)
        ratio = p95 / floor if floor else float("nan")
        figure = {
            "name": name,
            "path": path if isinstance(path, str) else path[0],
            "user": user,
            "requests": len(responses),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "floor_ms": round(floor, 1),
            "ratio": round(ratio, 1),
            "target": f"p95 ≤ {target_ms} ms and ≤ {target_ratio}× the floor's p95",
            "met": not errors and p95 <= target_ms and ratio <= target_ratio,
        }
        if errors:
            figure["failed"] = len(errors)
            figure["failure"] = f"status {errors[0].status} {errors[0].error}".strip()
        self.log(f"  {name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({ratio:.1f}× floor)")
        return figure

    def settle(self, *, timeout_s: float = 180) -> None:
        """Wait until the database has no other query running: a worker killed at its timeout
        leaves its query running in PostgreSQL, which would slow the next figure."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND datname = current_database() AND pid <> pg_backend_pid()"
                )
                if not cursor.fetchone()[0]:
                    return
            time.sleep(0.5)

    def concurrently(self, call, *, clients: int, seconds: float) -> tuple[list[Response], float]:
        """`call(n)` by `clients` threads in a loop for `seconds` (client n's n-th call gets
        a number of its own); the responses and the seconds it took."""
        responses, lock = [], threading.Lock()
        deadline = time.monotonic() + seconds

        def one_client(offset: int):
            i = offset
            while time.monotonic() < deadline:
                response = call(i)
                with lock:
                    responses.append(response)
                i += clients

        started = time.perf_counter()
        if clients == 1:
            one_client(0)
        else:
            threads = [threading.Thread(target=one_client, args=(n,)) for n in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        return responses, time.perf_counter() - started

    def cpu_during(self, work):
        """Run work(); (its result, CPU seconds by part of the rig, or None in process)."""
        if self.cpu is None:
            return work(), None
        before = self.cpu.snapshot()
        result = work()
        return result, self.cpu.spent(before, self.cpu.snapshot())

    # ---------------------------------------------------------------- memory

    def rss_mb(self) -> float:
        return self.workers.rss_mb() if self.workers else float("nan")

    def peak_rss_during(self, work):
        """Run work() while sampling the workers' memory; (result, peak MB of one worker)."""
        if self.workers is None:
            return work(), float("nan")
        peak, done = [0.0], threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], self.workers.rss_mb())
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            result = work()
        finally:
            done.set()
            sampler.join()
        return result, max(peak[0], self.workers.rss_mb())


def summary(values: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "mean_ms": round(statistics.fmean(values), 1) if values else None,
    }
