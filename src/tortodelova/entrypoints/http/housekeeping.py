"""Periodic housekeeping in the API process: expiring requests that waited too long in the queue.

Started and stopped with the application (create_app's startup and shutdown hooks). Each round gets
its use case from a fresh request scope, as an HTTP request would; an error is logged and the next
round tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from tortodelova.application.use_cases.expire_generations import BATCH, ExpireStaleGenerations

log = logging.getLogger(__name__)


class Housekeeping:
    def __init__(self, container: AsyncContainer, interval_s: float) -> None:
        self.container, self.interval_s = container, interval_s
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> int:
        """Expire stale requests, batch after batch; returns how many."""
        total = 0
        while True:
            async with self.container() as request:
                expire = await request.get(ExpireStaleGenerations)
                done = await expire(BATCH)
            total += done
            if done < BATCH:
                break
        if total:
            log.info("housekeeping: %d request(s) expired in the queue", total)
        return total

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - e.g. the database restarts: try again next round
                log.warning("housekeeping round failed", exc_info=True)
            await asyncio.sleep(self.interval_s)

    async def start(self) -> None:
        if self.interval_s > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
