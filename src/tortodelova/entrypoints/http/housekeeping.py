"""Periodic maintenance in the API process: stale refresh tokens are deleted on a timer.

Every API replica runs it; the DELETE is idempotent, so replicas need no coordination.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from tortodelova.application.use_cases.purge_refresh_tokens import PurgeRefreshTokens

log = logging.getLogger(__name__)


class Housekeeping:
    def __init__(self, container: AsyncContainer, interval_s: float) -> None:
        self.container, self.interval_s = container, interval_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.interval_s > 0:  # 0 turns it off
            self._task = asyncio.create_task(self._loop(), name="housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run_once(self) -> int:
        async with self.container() as request:
            return await (await request.get(PurgeRefreshTokens))()

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                deleted = await self.run_once()
            except Exception:  # noqa: BLE001 - e.g. the database restarted: try again next time
                log.exception("housekeeping failed; retrying in %ss", self.interval_s)
                continue
            if deleted:
                log.info("deleted %d stale refresh token(s)", deleted)
