"""The GPU worker loop: claim -> group compatible jobs -> ProcessGeneration, with heartbeats.

SIGTERM/SIGINT: stop claiming, finish the batch in the model, give the rest back to the queue.
A second signal gives everything back at once and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable
from uuid import UUID

from tortodelova.application.batching import compatible_groups
from tortodelova.application.ports import JobQueue
from tortodelova.application.use_cases.process_generation import ProcessGeneration
from tortodelova.domain.generation import PredictionRequest, Status

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Worker:
    def __init__(
        self,
        worker_id: str,
        queue: JobQueue,
        process: Callable[[], ProcessGeneration],
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
            await self.queue.report_alive(self.id, self.jobs_done)
            while not self.stopping.is_set():
                jobs = await self.queue.claim(self.id, self.batch_size, self.lease_seconds)
                if not jobs:
                    await self._idle()
                    continue
                await self._work(jobs)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            if self.held:
                log.info("worker %s gives back %d job(s)", self.id, len(self.held))
                await self.queue.release(self.id, list(self.held))
                self.held.clear()
            log.info("worker %s stopped after %d job(s)", self.id, self.jobs_done)

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
        waiter = asyncio.create_task(self.queue.wait_for_work(self.poll_interval))
        stopper = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiter, stopper):
            task.cancel()
        await self.queue.report_alive(self.id, self.jobs_done)

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
