"""The GPU worker loop: claim -> group compatible jobs -> ProcessGeneration's stages, with heartbeats.

Pipelined (the default): while the model renders batch N, batch N+1 is claimed and prepared
(translation, prompts) and batch N-1 is stored and settled, so the GPU does not wait for the
database, S3 or the translator. One batch renders at a time; look-ahead is one batch each way.
Claimed-ahead jobs are heartbeated like the rest. `pipeline=False` runs the stages of one batch
after the other (the baseline of bench/worker_pipeline.py).

SIGTERM/SIGINT: stop claiming, finish the batch in the model and settle it (and the one before),
give every claimed but unrendered batch back to the queue. A second signal gives everything back at
once and exits. Jobs given back on a signal keep their attempt (a rolling restart costs the user
nothing); after an error in the loop it stays spent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol
from uuid import UUID

from tortodelova.application.ports.queue import JobQueue, held_by_claim
from tortodelova.application.use_cases.generations.batching import compatible_groups
from tortodelova.application.use_cases.generations.process_generation import Outcome, Work
from tortodelova.domain.generation import PredictionRequest, Status

log = logging.getLogger(__name__)


class BatchStages(Protocol):
    """ProcessGeneration's stages, or anything shaped like them (the worker process opens a container
    scope per stage). The worker asks for one per batch and runs that batch's stages in order."""

    async def prepare(self, worker_id: str, batch: Sequence[PredictionRequest]) -> Work: ...

    async def render(self, worker_id: str, work: Work) -> Work: ...

    async def finish(self, worker_id: str, work: Work) -> list[Outcome]: ...


Claimed = tuple[list[PredictionRequest], BatchStages, Work]  # a prepared batch, not rendered yet


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Worker:
    def __init__(
        self,
        worker_id: str,
        queue: JobQueue,
        process: Callable[[], BatchStages],
        *,
        batch_size: int,
        lease_seconds: float,
        poll_interval: float,
        pipeline: bool = True,
    ) -> None:
        self.id, self.queue, self.process = worker_id, queue, process
        self.batch_size, self.lease_seconds, self.poll_interval = batch_size, lease_seconds, poll_interval
        self.pipeline = pipeline
        self.jobs_done = 0
        # Claimed and not finished, id -> claim number: heartbeated and released on stop by that claim,
        # so a twin with the same id (or this process after a takeover) never touches another's claim.
        self.held: dict[UUID, int] = {}
        self.backlog: deque[list[PredictionRequest]] = deque()  # claimed groups not prepared yet
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        log.info("worker %s started (batch %d, lease %ss)", self.id, self.batch_size, self.lease_seconds)
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            while not self.stopping.is_set():
                try:
                    if self.pipeline:
                        await self._pipelined()
                        continue
                    await self.queue.report_alive(self.id, self.jobs_done)
                    jobs = await self.queue.claim(self.id, self.batch_size, self.lease_seconds)
                    if not jobs:
                        await self._idle()
                        continue
                    await self._work(jobs)
                except Exception:  # noqa: BLE001 - e.g. the database restarted: keep serving
                    log.exception(
                        "worker %s: error in the work loop, retrying in %ss", self.id, self.poll_interval
                    )
                    await self._give_back(attempt_spent=True)  # the job may be what breaks the loop
                    await self._pause(self.poll_interval)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            await self._give_back()
            log.info("worker %s stopped after %d job(s)", self.id, self.jobs_done)

    async def _give_back(self, *, attempt_spent: bool = False) -> None:
        """Release unfinished jobs; if even that fails, their leases expire and others take them.

        A graceful stop (signal, cancellation) gives the attempts back: the jobs did nothing wrong."""
        self.backlog.clear()
        if not self.held:
            return
        log.info("worker %s gives back %d job(s)", self.id, len(self.held))
        try:
            await self.queue.release(self.id, dict(self.held), attempt_spent=attempt_spent)
        except Exception:  # noqa: BLE001
            log.exception("release failed; the leases will expire")
        self.held.clear()

    async def _work(self, jobs: list[PredictionRequest]) -> None:
        """Sequential: each group goes through the three stages before the next one starts."""
        self.held.update(held_by_claim(jobs))
        for group in compatible_groups(jobs):
            if self.stopping.is_set():
                break  # the rest is released in run()'s finally
            stages = self.process()
            work = await stages.render(self.id, await stages.prepare(self.id, group))
            await self._finish(group, stages, work)

    async def _pipelined(self) -> None:
        """Render batch N while N+1 is claimed and prepared (`ahead`) and N-1 settles (`behind`).

        Returns when stopping; an error propagates after both side tasks have ended. Whatever is
        still held then (claimed, unrendered) is given back by run()."""
        ahead: asyncio.Task[Claimed | None] = asyncio.create_task(self._claim_and_prepare())
        behind: asyncio.Task[None] | None = None
        try:
            while True:
                claimed = await ahead
                if self.stopping.is_set():
                    return  # `claimed` was never rendered: run() releases it
                ahead = asyncio.create_task(self._claim_and_prepare())
                if claimed is None:
                    continue
                group, stages, work = claimed
                work = await stages.render(self.id, work)  # one batch in the model at a time
                if behind is not None:
                    await behind  # at most one batch settling
                behind = asyncio.create_task(self._finish(group, stages, work))
        finally:
            await _settle_side_tasks(ahead, behind)

    async def _claim_and_prepare(self) -> Claimed | None:
        """The next group, prepared; None when there is no work (after waiting for some) or stopping."""
        if self.stopping.is_set():
            return None
        if not self.backlog:
            await self.queue.report_alive(self.id, self.jobs_done)
            jobs = await self.queue.claim(self.id, self.batch_size, self.lease_seconds)
            if not jobs:
                await self._idle()
                return None
            self.held.update(held_by_claim(jobs))
            self.backlog.extend(compatible_groups(jobs))
        group = self.backlog.popleft()
        stages = self.process()
        return group, stages, await stages.prepare(self.id, group)

    async def _finish(self, group: list[PredictionRequest], stages: BatchStages, work: Work) -> None:
        outcomes = await stages.finish(self.id, work)
        self.jobs_done += sum(1 for o in outcomes if o.status is Status.SUCCESS)
        # Settled, failed, requeued or taken over by another worker: none of these claims is ours any more.
        self._forget(held_by_claim(group))
        await self.queue.report_alive(self.id, self.jobs_done)

    async def _idle(self) -> None:
        await self._until_stopped(self.queue.wait_for_work(self.poll_interval))

    async def _pause(self, seconds: float) -> None:
        await self._until_stopped(asyncio.sleep(seconds))

    async def _until_stopped(self, awaitable) -> None:  # noqa: ANN001
        waiter = asyncio.ensure_future(awaitable)
        stopper = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiter, stopper):
            task.cancel()

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(max(1.0, self.lease_seconds / 3))
            try:
                await self._beat()
            except Exception:  # noqa: BLE001 - a missed beat is retried; the lease has slack
                log.exception("heartbeat failed")

    async def _beat(self) -> None:
        if self.held:
            sent = dict(self.held)
            still = set(await self.queue.heartbeat(self.id, sent, self.lease_seconds))
            # Forget only the claims this beat asked about: those made while it was in flight are ours.
            self._forget({rid: seq for rid, seq in sent.items() if rid not in still})
        await self.queue.report_alive(self.id, self.jobs_done)

    def _forget(self, claims: Mapping[UUID, int]) -> None:
        """Drop these claims, each only if it is still the one held (not a later claim of the same job)."""
        for rid, seq in claims.items():
            if self.held.get(rid) == seq:
                del self.held[rid]


async def _settle_side_tasks(*tasks: asyncio.Task | None) -> None:
    """Let the claim ahead and the settlement behind end (a graceful stop keeps their results);
    if this task is being cancelled (second signal), cancel them too. Their errors are logged."""
    running = [t for t in tasks if t is not None]
    current = asyncio.current_task()
    if current is not None and current.cancelling():
        for task in running:
            task.cancel()
    for task, result in zip(running, await asyncio.gather(*running, return_exceptions=True), strict=True):
        if isinstance(result, Exception) and not task.cancelled():
            log.error("worker side task failed", exc_info=result)


def install_signal_handlers(worker: Worker, main_task: asyncio.Task) -> None:
    """First signal: graceful stop. Second: cancel the batch (jobs are released in `finally`)."""
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if worker.stopping.is_set():
            log.warning("second signal: abandoning the current batch")
            main_task.cancel()
        else:
            log.info("stopping: finishing the current batch (signal again to abort)")
            worker.stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal)
