"""Periodic housekeeping in the API process: requests that waited too long in the queue expire,
stale refresh tokens are deleted, payments whose notification was lost are settled, and the expired
counts of keys no abuse limit is hit on any more are deleted.

All run in every API replica (locked rows are skipped, the DELETEs are idempotent), started and
stopped with the application (create_app's startup and shutdown hooks). Each round gets its use case
from a fresh request scope, as an HTTP request would; an error is logged and the next round tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from tortodelova.application.ports.limits import LimitCounter
from tortodelova.application.use_cases.accounts.purge_refresh_tokens import PurgeRefreshTokens
from tortodelova.application.use_cases.generations.expire_generations import BATCH, ExpireStaleGenerations
from tortodelova.application.use_cases.payments.reconcile_payments import ReconcilePayments

log = logging.getLogger(__name__)


class _Periodic:
    """Runs `run_once` now and then every `interval_s` seconds until stopped; 0 turns it off."""

    name = "housekeeping"

    def __init__(self, container: AsyncContainer, interval_s: float) -> None:
        self.container, self.interval_s = container, interval_s
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> int:
        raise NotImplementedError

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - e.g. the database restarts: try again next round
                log.warning("%s round failed", self.name, exc_info=True)
            await asyncio.sleep(self.interval_s)

    async def start(self) -> None:
        if self.interval_s > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


class Housekeeping(_Periodic):
    """Expires pending requests older than PENDING_TTL_HOURS, releasing their credits."""

    name = "queue expiry"

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


class RefreshTokenPurge(_Periodic):
    """Deletes refresh tokens expired or revoked longer than REFRESH_TOKEN_RETENTION_HOURS ago."""

    name = "refresh-token purge"

    async def run_once(self) -> int:
        async with self.container() as request:
            deleted = await (await request.get(PurgeRefreshTokens))()
        if deleted:
            log.info("deleted %d stale refresh token(s)", deleted)
        return deleted


class PaymentReconciler(_Periodic):
    """Settles payments whose notification was lost, and drives unfinished refunds on."""

    name = "payment reconciler"

    async def run_once(self) -> int:
        async with self.container() as request:
            done = await (await request.get(ReconcilePayments))()
        if done.settled:
            log.info("reconciler: %d of %d payment(s) settled", done.settled, done.checked)
        return done.settled


class LimitSweep(_Periodic):
    """Deletes expired limit counts: a key that is hit again cleans itself, one abandoned waits for this."""

    name = "limit sweep"

    async def run_once(self) -> int:
        swept = await (await self.container.get(LimitCounter)).sweep()
        if swept:
            log.debug("swept %d expired limit count(s)", swept)
        return swept
