"""LISTEN/NOTIFY plumbing: channel names, one dedicated LISTEN connection per listener, NOTIFY.

LISTEN needs a connection of its own that stays open (a pooled connection is reset and handed to
others), so listeners use asyncpg directly. NOTIFY goes through any connection; inside a
transaction it is delivered on commit.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tortodelova.adapters.db.engine import asyncpg_dsn

log = logging.getLogger(__name__)

JOBS_CHANNEL = "tortodelova_jobs"  # payload unused: "there is work"
EVENTS_CHANNEL = "tortodelova_events"  # payload: JSON GenerationEvent (adapters/db/events.py)
USER_EVENTS_CHANNEL = "tortodelova_user_events"  # payload: JSON UserEvent (adapters/db/user_events.py)

_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


async def notify(conn: AsyncConnection | AsyncSession, channel: str, payload: str = "") -> None:
    """NOTIFY on `conn`'s transaction (delivered when it commits)."""
    await conn.execute(_NOTIFY, {"channel": channel, "payload": payload})


class ChannelListener:
    """A dedicated asyncpg connection LISTENing on one channel.

    Connects lazily (`ensure()`), notices a dropped connection and reconnects on the next
    `ensure()`, at most once per `retry_interval`. Notifications sent while disconnected are lost,
    so `on_reconnect` runs after each reconnection: callers treat it as "something may have
    happened" and re-check the database.
    """

    def __init__(
        self,
        database_url: str | URL,
        channel: str,
        on_notify: Callable[[str], None],
        *,
        on_reconnect: Callable[[], None] | None = None,
        retry_interval: float = 5.0,
        connect_timeout: float = 5.0,
    ) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self.channel = channel
        self._on_notify, self._on_reconnect = on_notify, on_reconnect
        self._retry_interval, self._connect_timeout = retry_interval, connect_timeout
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._next_attempt = 0.0
        self._connected_before = False
        self._closed = False

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def ensure(self) -> bool:
        """Listening now? Tries to (re)connect when not, unless it failed within `retry_interval`."""
        if self.connected:
            return True
        async with self._lock:
            if self.connected:
                return True
            if self._closed or time.monotonic() < self._next_attempt:
                return False
            try:
                conn = await asyncpg.connect(
                    self._dsn,
                    timeout=self._connect_timeout,
                    server_settings={"application_name": f"tortodelova-listen-{self.channel}"},
                )
                try:
                    await conn.add_listener(self.channel, self._deliver)
                except BaseException:
                    await conn.close()
                    raise
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                self._next_attempt = time.monotonic() + self._retry_interval
                log.warning("LISTEN %s: cannot connect (%s); polling until it works", self.channel, exc)
                return False
            if self._closed:  # close() ran while we were connecting: do not leak the connection
                await conn.close()
                return False
            conn.add_termination_listener(self._terminated)
            self._conn = conn
            if self._connected_before and self._on_reconnect is not None:
                self._on_reconnect()
            self._connected_before = True
            return True

    async def close(self) -> None:
        self._closed = True
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            try:
                await conn.close(timeout=5)
            except Exception:  # noqa: BLE001 - closing a broken connection
                conn.terminate()

    def _deliver(self, conn: object, pid: int, channel: str, payload: str) -> None:
        self._on_notify(payload)

    def _terminated(self, conn: object) -> None:
        if conn is self._conn:
            log.warning("LISTEN %s: connection lost", self.channel)
            self._conn = None
