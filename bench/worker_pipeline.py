"""How busy the worker keeps the GPU: the sequential loop against the pipelined one, same run.

    python bench/worker_pipeline.py                          # 200 jobs, 1 s per batch, batches of 4
    python bench/worker_pipeline.py --jobs 40 --batch-seconds 0.2

Real PostgreSQL and S3 (embedded, as the tests start them); the generator is a stand-in that holds
its thread for a fixed time per batch, as a GPU does, and returns small PNGs. Each loop drains its
own `--jobs` generations; the busy fraction is the generator's busy time over the loop's wall time
(from the worker's start to the last settlement). Prints both fractions and pipelined/sequential.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from sqlalchemy import text  # noqa: E402
from tests.support.clock import FakeClock  # noqa: E402
from tests.support.fake_ml import png_bytes  # noqa: E402
from tests.support.postgres import start_embedded_postgres  # noqa: E402
from tests.support.world import World, idea  # noqa: E402

from tortodelova.adapters.db.database import Database  # noqa: E402
from tortodelova.adapters.db.migrate import upgrade_async  # noqa: E402
from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore  # noqa: E402
from tortodelova.application.ports.ml import ImageJob, ProgressCallback  # noqa: E402
from tortodelova.devstack.seaweed import EmbeddedS3  # noqa: E402
from tortodelova.domain.pricing import BASE_CREDITS  # noqa: E402 - the price of an idea() at 512x512
from tortodelova.entrypoints.worker.loop import Worker  # noqa: E402

STEPS = 25


class TimedGenerator:
    """Stands in for the GPU: `seconds` per batch, whatever its size; records when it was busy."""

    model_id = "bench/timed"
    is_demo = True

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.busy = 0.0
        self.batches = 0
        self._running = 0
        self._lock = threading.Lock()
        self.max_concurrent = 0
        self.spans: list[tuple[float, float]] = []  # (start, end) of each batch, monotonic

    def generate(
        self, jobs: Sequence[ImageJob], on_progress: ProgressCallback | None = None, on_preview=None
    ) -> list[bytes]:  # noqa: ANN001
        with self._lock:
            self._running += 1
            self.max_concurrent = max(self.max_concurrent, self._running)
        began = time.monotonic()
        for step in range(1, STEPS + 1):  # progress per denoising step, as the diffusers generator reports it
            time.sleep(self.seconds / STEPS)
            if on_progress:
                on_progress(step, STEPS)
        with self._lock:
            self._running -= 1
            self.busy += time.monotonic() - began
            self.batches += 1
            self.spans.append((began, time.monotonic()))
        return [png_bytes(8, 8, (j.seed % 256, 0, 0)) for j in jobs]


@dataclass(frozen=True)
class LoopResult:
    pipeline: bool
    jobs: int
    batches: int
    wall_s: float
    busy_s: float
    succeeded: int  # generations in `success`
    debited_once: int  # generations with exactly one generation debit
    max_concurrent_renders: int
    idle_before_s: float  # from the worker's start to the first batch in the model
    idle_between_s: float  # the model waiting between batches
    idle_after_s: float  # from the last batch's end to the last settlement

    @property
    def busy_fraction(self) -> float:
        return self.busy_s / self.wall_s if self.wall_s else 0.0


async def run_loop(
    database: Database,
    store: S3ObjectStore,
    *,
    pipeline: bool,
    jobs: int,
    batch_seconds: float,
    batch_size: int,
) -> LoopResult:
    generator = TimedGenerator(batch_seconds)
    queue = database.job_queue()
    world = World(new_uow=database.unit_of_work, queue=queue, clock=FakeClock(), generator=generator)
    world.store = store  # type: ignore[assignment] - the real S3 adapter behind the same port
    user_id = await world.new_user(
        f"bench-{'pipe' if pipeline else 'seq'}@example.com", top_up=jobs * BASE_CREDITS
    )
    ids = [
        (await world.submit()(user_id, idea(prompt_ru=f"Торт номер {n}"))).view.request.id
        for n in range(jobs)
    ]
    worker = Worker(
        f"bench-{'pipe' if pipeline else 'seq'}",
        queue,
        world.process,
        batch_size=batch_size,
        lease_seconds=30,
        poll_interval=0.05,
        pipeline=pipeline,
    )
    began = time.monotonic()
    task = asyncio.create_task(worker.run())
    while worker.jobs_done < jobs and not task.done():  # noqa: ASYNC110 - a plain counter; 10 ms is precise enough
        await asyncio.sleep(0.01)
    wall = time.monotonic() - began
    worker.stopping.set()
    await asyncio.wait_for(task, 60)
    await queue.aclose()
    async with database.engine.connect() as conn:
        succeeded = (
            await conn.execute(
                text("SELECT count(*) FROM prediction_requests WHERE id = ANY(:ids) AND status = 'success'"),
                {"ids": ids},
            )
        ).scalar_one()
        debited_once = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT prediction_request_id FROM transactions WHERE kind = 'generation'"
                    " AND prediction_request_id = ANY(:ids) GROUP BY 1 HAVING count(*) = 1) once"
                ),
                {"ids": ids},
            )
        ).scalar_one()
    spans = sorted(generator.spans)
    between = sum(max(0.0, b[0] - a[1]) for a, b in zip(spans, spans[1:], strict=False))
    return LoopResult(
        pipeline,
        jobs,
        generator.batches,
        wall,
        generator.busy,
        succeeded,
        debited_once,
        generator.max_concurrent,
        spans[0][0] - began if spans else 0.0,
        between,
        began + wall - spans[-1][1] if spans else 0.0,
    )


async def compare(
    database_url: str, s3: S3Config, *, jobs: int, batch_seconds: float, batch_size: int
) -> tuple[LoopResult, LoopResult]:
    """Sequential then pipelined loop on a migrated database and an S3 bucket; returns both results."""
    await upgrade_async(database_url)
    database = Database(database_url, pool_size=10, max_overflow=10)
    store = await S3ObjectStore(s3).start()
    try:
        await store.ensure_bucket()
        kwargs = {"jobs": jobs, "batch_seconds": batch_seconds, "batch_size": batch_size}
        sequential = await run_loop(database, store, pipeline=False, **kwargs)
        pipelined = await run_loop(database, store, pipeline=True, **kwargs)
        return sequential, pipelined
    finally:
        await store.close()
        await database.aclose()


def report(sequential: LoopResult, pipelined: LoopResult) -> str:
    lines = [
        f"{'loop':<11} {'jobs':>5} {'batches':>7} {'wall s':>8} {'busy s':>8} {'busy fraction':>13}"
        f" {'idle before/between/after s':>28}"
    ]
    for r in (sequential, pipelined):
        name = "pipelined" if r.pipeline else "sequential"
        idle = f"{r.idle_before_s:.2f} / {r.idle_between_s:.2f} / {r.idle_after_s:.2f}"
        lines.append(
            f"{name:<11} {r.jobs:>5} {r.batches:>7} {r.wall_s:>8.2f} {r.busy_s:>8.2f} {r.busy_fraction:>13.3f} {idle:>28}"
        )
    lines.append(f"ratio pipelined/sequential: {pipelined.busy_fraction / sequential.busy_fraction:.2f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--batch-seconds", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=4)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tortodelova-bench-"))
    tmp.chmod(0o755)  # as root the embedded PostgreSQL runs as an unprivileged user
    pg = start_embedded_postgres(tmp)
    s3 = EmbeddedS3(tmp / "s3")
    try:
        s3.start()
        config = S3Config(endpoint=s3.endpoint, access_key=s3.access_key, secret_key=s3.secret_key)
        sequential, pipelined = asyncio.run(
            compare(
                pg.url, config, jobs=args.jobs, batch_seconds=args.batch_seconds, batch_size=args.batch_size
            )
        )
    finally:
        s3.stop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(report(sequential, pipelined))
    ok = all(r.succeeded == r.debited_once == r.jobs for r in (sequential, pipelined))
    print("every job succeeded and was debited once" if ok else "SOME JOBS WERE NOT PROCESSED EXACTLY ONCE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
