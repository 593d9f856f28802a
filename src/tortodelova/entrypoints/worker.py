"""The GPU worker loop: claim -> group compatible jobs -> ProcessGeneration, with heartbeats.

SIGTERM/SIGINT: stop claiming, finish the batch in the model, give the rest back to the queue.
A second signal gives everything back at once and exits. Jobs given back on a signal keep their
attempt (a rolling restart costs the user nothing); after an error in the loop it stays spent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

from tortodelova.application.batching import compatible_groups
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.use_cases.process_generation import Outcome
from tortodelova.domain.generation import PredictionRequest, Status

log = logging.getLogger(__name__)

# ProcessGeneration, or anything called like it (the worker process opens a container scope per batch).
ProcessBatch = Callable[[str, Sequence[PredictionRequest]], Awaitable[list[Outcome]]]


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Worker:
    def __init__(
        self,
        worker_id: str,
        queue: JobQueue,
        process: Callable[[], ProcessBatch],
        *,
        batch_size: int,
        lease_seconds: float,
        poll_interval: float,
    ) -> None:
        self.id, self.queue, self.process = worker_id, queue, process
        self.batch_size, self.lease_seconds, self.poll_interval = batch_size, lease_seconds, poll_interval
        self.jobs_done = 0
        self.held: set[UUID] = set()
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        log.info("worker %s started (batch %d, lease %ss)", self.id, self.batch_size, self.lease_seconds)
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            while not self.stopping.is_set():
                try:
                    await self.queue.report_alive(self.id, self.jobs_done)
                    jobs = await self.queue.claim(self.id, self.batch_size, self.lease_seconds)
                    if not jobs:
                        await self._idle()
                        continue
                    await self._work(jobs)
                except Exception:  # noqa: BLE001 - e.g. the database restarted: keep serving
                    log.exception("worker %s: error in the work loop, retrying in %ss", self.id, self.poll_interval)
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
        if not self.held:
            return
        log.info("worker %s gives back %d job(s)", self.id, len(self.held))
        try:
            await self.queue.release(self.id, list(self.held), attempt_spent=attempt_spent)
        except Exception:  # noqa: BLE001
            log.exception("release failed; the leases will expire")
        self.held.clear()

    async def _work(self, jobs: list[PredictionRequest]) -> None:
        self.held.update(j.id for j in jobs)
        for group in compatible_groups(jobs):
            if self.stopping.is_set():
                break  # the rest is released in run()'s finally
            outcomes = await self.process()(self.id, group)
            self.jobs_done += sum(1 for o in outcomes if o.status is Status.SUCCESS)
            # Settled, failed, requeued or taken over by another worker: none is ours any more.
            self.held.difference_update(j.id for j in group)
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
            sent = list(self.held)
            still = await self.queue.heartbeat(self.id, sent, self.lease_seconds)
            # Forget only the jobs this beat asked about: those claimed while it was in flight are ours.
            self.held.difference_update(set(sent).difference(still))
        await self.queue.report_alive(self.id, self.jobs_done)


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
