"""Capacity model: the API measured here, the GPU queue simulated with the workers' real fair order.

    python bench/capacity.py                      # measure the API (wrk, ~1 min), then simulate
    python bench/capacity.py --no-measure         # the simulation alone (~1 min)
    python bench/capacity.py --bakers 100 1000 --seed 7

**API.** bench/api_load.py's run on the dev stack: requests per second of the busiest endpoints for
one API process (one uvicorn process uses one core), p50 and p99 latency.

**Queue.** A day of a bakery service, minute by minute, for N active bakers: each baker's submits
arrive on the evening-peaked curve below (Moscow time), a mix of drafts (4 variants, LCM, 4 steps) and
finals (1 or 2 variants, 25 steps). K workers each claim up to WORKER_BATCH_SIZE jobs in the order of
domain/fair_queue.py (the same function the memory queue uses and the SQL mirrors), run the jobs that
share a batch key as one model call, and settle. The model call takes what bench/RESULTS.md measured
on an H100 for 512x512 at 25 steps (piecewise linear in the batch: 0.417 s for 1, 1.174 s for 4,
1.84 s for 8); a draft's 4 steps take 4/25 of that plus the fixed part (VAE decode, PNG) of 0.1 s a
batch, which is an estimate, not a measurement. Reported per N: the fewest workers whose p95 wait
(submit -> claimed) at the evening peak is under --target seconds, and the wait, the time to the
last variant and the GPU utilisation for that K and for one worker fewer.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from tortodelova.domain.batch_key import BatchKey  # noqa: E402
from tortodelova.domain.fair_queue import fair_order  # noqa: E402
from tortodelova.domain.generation import GenerationParams, PredictionRequest, RequestedParams, Status  # noqa: E402

DAY0 = datetime(2026, 12, 4, tzinfo=UTC)  # a Friday
# Share of a day's submits in each hour (Moscow time): quiet nights, a lunch bump, the evening peak
# when home bakers sit down with the orders of the day.
HOURLY = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.8, 4.5, 4.8, 5.2, 5.0, 4.6, 4.5, 5.0, 6.0,
          8.0, 10.0, 11.0, 10.0, 8.0, 4.4]  # fmt: skip
SUBMITS_PER_BAKER = 6  # a day: 4 draft rounds and 2 finals (--submits)
DRAFT_SHARE = 4 / 6
BATCH_SECONDS = {1: 0.417, 4: 1.174, 8: 1.84}  # bench/RESULTS.md, H100, 25 steps, CUDA graphs
DRAFT_STEPS, STANDARD_STEPS, FIXED_SECONDS = 4, 25, 0.1
WORKER_BATCH_SIZE = 4
PEAK_HOURS = range(18, 22)


def model_seconds(batch: int, steps: int) -> float:
    """One model call: the measured 25-step time interpolated in the batch, scaled to `steps`."""
    points = sorted(BATCH_SECONDS.items())
    for (b0, t0), (b1, t1) in zip(points, points[1:], strict=False):
        if batch <= b1:
            unet = t0 + (t1 - t0) * (batch - b0) / (b1 - b0)
            break
    else:
        unet = points[-1][1] * batch / points[-1][0]
    return FIXED_SECONDS + (unet - FIXED_SECONDS) * steps / STANDARD_STEPS


@dataclass
class Submit:
    at: float  # seconds since midnight
    baker: uuid.UUID
    jobs: list[PredictionRequest] = field(default_factory=list)


def arrivals(bakers: int, rng: random.Random, submits_per_baker: float = SUBMITS_PER_BAKER) -> list[Submit]:
    users = [uuid.uuid4() for _ in range(bakers)]
    total = sum(HOURLY)
    submits = []
    for hour, weight in enumerate(HOURLY):
        expected = bakers * submits_per_baker * weight / total
        for _ in range(_poisson(expected, rng)):
            submits.append(Submit(hour * 3600 + rng.random() * 3600, rng.choice(users)))
    submits.sort(key=lambda s: s.at)
    draft = GenerationParams.create(RequestedParams("Торт с ягодами", "classic", quality="draft"), seed=1)
    final = GenerationParams.create(RequestedParams("Торт с ягодами", "classic"), seed=1)
    for s in submits:
        is_draft = rng.random() < DRAFT_SHARE
        variants = 4 if is_draft else rng.choice((1, 2))
        created = DAY0 + timedelta(seconds=s.at)
        s.jobs = [
            PredictionRequest(uuid.uuid4(), s.baker, draft if is_draft else final, "sim", 1, created)
            for _ in range(variants)
        ]
    return submits


def _poisson(mean: float, rng: random.Random) -> int:
    if mean > 50:  # normal approximation
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


@dataclass
class Outcome:
    workers: int
    peak_wait_p50: float
    peak_wait_p95: float
    done_p95: float  # submit -> last variant stored, at the peak
    utilisation: float  # GPU busy time over K x the day
    peak_utilisation: float  # the same over the peak hours
    overloaded: bool


def simulate(submits: list[Submit], workers: int, *, max_queue: int = 3000) -> Outcome:
    """Event by event: arrivals and workers finishing their batches."""
    events: list[tuple[float, int, int]] = [(s.at, 0, i) for i, s in enumerate(submits)]
    events += [(0.0, 1, w) for w in range(workers)]  # every worker starts idle
    heapq.heapify(events)
    queue: dict[uuid.UUID, PredictionRequest] = {}  # pending and in-flight jobs
    idle: set[int] = set()
    claimed_at: dict[uuid.UUID, float] = {}
    finished_at: dict[uuid.UUID, float] = {}
    busy = peak_busy = 0.0
    running: dict[int, list[PredictionRequest]] = {}

    def start(worker: int, now: float) -> None:
        nonlocal busy, peak_busy
        batch = fair_order(queue.values())[:WORKER_BATCH_SIZE]
        if not batch:
            idle.add(worker)
            return
        when = DAY0 + timedelta(seconds=now)
        for job in batch:
            job.claim(f"w{worker}", when, when + timedelta(minutes=10))
            claimed_at[job.id] = now
        groups: dict[BatchKey, int] = defaultdict(int)  # one model call per key, as the worker does
        for job in batch:
            groups[BatchKey.of(job)] += 1
        took = sum(model_seconds(n, key.steps) for key, n in groups.items())
        busy += took
        if int(now // 3600) in PEAK_HOURS:
            peak_busy += took
        running[worker] = batch
        heapq.heappush(events, (now + took, 1, worker))

    while events:
        now, kind, index = heapq.heappop(events)
        if kind == 0:
            for job in submits[index].jobs:
                queue[job.id] = job
            for worker in sorted(idle):
                idle.discard(worker)
                start(worker, now)
            if len(queue) > max_queue:
                return Outcome(workers, math.inf, math.inf, math.inf, 1.0, 1.0, True)
        else:
            for job in running.pop(index, []):
                job.status = Status.SUCCESS
                finished_at[job.id] = now
                del queue[job.id]
            start(index, now)

    peak = [s for s in submits if int(s.at // 3600) in PEAK_HOURS]
    waits = sorted(claimed_at[j.id] - s.at for s in peak for j in s.jobs)
    done = sorted(max(finished_at[j.id] for j in s.jobs) - s.at for s in peak)
    day = max(finished_at.values(), default=86400.0)
    peak_span = workers * 3600 * len(PEAK_HOURS)
    return Outcome(
        workers,
        _pct(waits, 50),
        _pct(waits, 95),
        _pct(done, 95),
        busy / (workers * day),
        peak_busy / peak_span,
        False,
    )


def _pct(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, math.ceil(q / 100 * len(values)) - 1)]


def fewest_workers(submits: list[Submit], target: float) -> tuple[Outcome, Outcome | None]:
    """The smallest K meeting the target (p95 wait at the peak), and K - 1 for comparison."""
    jobs_at_peak = sum(len(s.jobs) for s in submits if int(s.at // 3600) in PEAK_HOURS) / (
        3600 * len(PEAK_HOURS)
    )
    k = max(1, math.floor(jobs_at_peak * model_seconds(WORKER_BATCH_SIZE, 10) / WORKER_BATCH_SIZE))
    outcome = simulate(submits, k)
    while outcome.peak_wait_p95 > target:
        k += 1
        outcome = simulate(submits, k)
    fewer = simulate(submits, k - 1) if k > 1 else None
    return outcome, fewer


def measure_api(seconds: int) -> None:
    from bench.api_load import run  # the stack and wrk only when measuring

    print("API, one process (one core), one user, 16 connections:")
    for load in run(seconds=seconds, connections=16, rounds=2):
        print(
            f"  {load.endpoint:<18} {load.rps:>7.0f} req/s   p50 {load.p50_ms:5.1f} ms   p99 {load.p99_ms:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bakers", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--target", type=float, default=10.0, help="p95 wait at the peak, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--submits", type=float, default=SUBMITS_PER_BAKER, help="per active baker a day")
    parser.add_argument("--no-measure", action="store_true")
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint when measuring")
    args = parser.parse_args()
    if not args.no_measure:
        measure_api(args.seconds)
    print(
        f"GPU queue, H100 workers, batches of {WORKER_BATCH_SIZE}, target p95 wait {args.target:g} s at 18-22 h:"
    )
    print(
        f"  {'bakers':>7} {'jobs/day':>9} {'peak/s':>7} {'K':>3} {'wait p50':>9} {'wait p95':>9} {'done p95':>9}"
        f" {'GPU day':>8} {'GPU peak':>9}"
    )
    for bakers in args.bakers:
        submits = arrivals(bakers, random.Random(args.seed), args.submits)
        jobs = sum(len(s.jobs) for s in submits)
        peak_rate = sum(len(s.jobs) for s in submits if int(s.at // 3600) in PEAK_HOURS) / (
            3600 * len(PEAK_HOURS)
        )
        enough, fewer = fewest_workers(submits, args.target)
        for o in (fewer, enough):
            if o is None:
                continue
            wait = "overload" if o.overloaded else f"{o.peak_wait_p50:8.1f}s"
            p95 = "" if o.overloaded else f"{o.peak_wait_p95:8.1f}s"
            done = "" if o.overloaded else f"{o.done_p95:8.1f}s"
            busy = "" if o.overloaded else f"{o.utilisation:8.1%} {o.peak_utilisation:9.1%}"
            print(
                f"  {bakers:>7} {jobs:>9} {peak_rate:>7.2f} {o.workers:>3} {wait:>9} {p95:>9} {done:>9} {busy:>9}"
            )


if __name__ == "__main__":
    main()
