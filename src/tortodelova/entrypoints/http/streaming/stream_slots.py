"""A cap on the event streams one user holds open, over all API processes together.

Each open stream holds a slot: a hit in the shared LimitCounter's "streams" window (MAX_STREAMS_PER_USER
per user), which bounds what one account can pin (a connection, a LISTEN subscription, a re-read loop
each) however many replicas serve it. A slot is taken before the response starts, so the refusal is a
proper 429, and given back when the stream ends, fails, is closed, or - if the server never iterated
it - is garbage-collected. A slot expires SLOT_TTL_S after it was last renewed, and this process
renews the slots of its open streams three times as often, so the slots of a process that died (a
crash, a lost host) free themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import TypeVar
from uuid import UUID

from tortodelova.application.ports.limits import LimitCounter, Window
from tortodelova.domain.errors import TooManyStreams

T = TypeVar("T")
SLOT_TTL_S = 60.0
log = logging.getLogger(__name__)


class _Holding(AsyncIterator[T]):
    """Iterates `inner`; gives the slot back exactly once, however the iteration ends."""

    def __init__(self, inner: AsyncIterator[T], release: Callable[[], None]) -> None:
        self._inner = inner
        # Runs once: at the end of the iteration, on aclose(), or when this object is collected.
        self._release = weakref.finalize(self, release)

    async def __anext__(self) -> T:
        try:
            return await anext(self._inner)
        except BaseException:  # StopAsyncIteration, a disconnect's cancellation, any error
            self._release()
            raise

    async def aclose(self) -> None:
        self._release()
        aclose = getattr(self._inner, "aclose", None)
        if aclose is not None:
            await aclose()


class StreamSlots:
    def __init__(self, counter: LimitCounter, per_user: int, ttl_s: float = SLOT_TTL_S) -> None:
        self.counter, self.per_user = counter, per_user
        self.window = Window("streams", per_user, ttl_s)
        self._held: set[int] = set()  # this process's slots, renewed while their streams are open
        self._giving_back: set[asyncio.Task[None]] = set()
        self._renewal: asyncio.Task[None] | None = None

    async def open_for(self, user_id: UUID) -> int:
        """The user's open streams, in every process."""
        return await self.counter.current(self.window, str(user_id))

    async def hold(self, user_id: UUID, stream: AsyncIterator[T]) -> AsyncIterator[T]:
        """Takes a slot for `stream` (TooManyStreams, a 429, when none is left)."""
        taken = await self.counter.hit((self.window, str(user_id)))
        if not taken.admitted:
            raise TooManyStreams(self.per_user)
        self._held.update(taken.hits)
        if taken.hits and self._renewal is None:
            self._renewal = asyncio.create_task(self._renew(), name="stream slot renewal")
        return _Holding(stream, partial(self._release, taken.hits))

    def _release(self, hits: tuple[int, ...]) -> None:
        """Synchronous, as the finaliser of a collected stream must be: the slots stop being renewed at
        once and are withdrawn in a task (without a running loop they simply expire)."""
        self._held.difference_update(hits)
        if not hits:
            return
        try:
            task = asyncio.get_running_loop().create_task(self._withdraw(hits))
        except RuntimeError:
            return
        self._giving_back.add(task)
        task.add_done_callback(self._giving_back.discard)

    async def _withdraw(self, hits: tuple[int, ...]) -> None:
        try:
            await self.counter.withdraw(hits)
        except Exception:  # noqa: BLE001 - the database is away: the slots expire by themselves
            log.warning("giving back %d stream slot(s) failed", len(hits), exc_info=True)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.window.seconds / 3)
            if not self._held:
                continue
            try:
                await self.counter.renew(tuple(self._held), self.window.seconds)
            except Exception:  # noqa: BLE001 - e.g. the database restarts: the next round tries again
                log.warning("renewing %d stream slot(s) failed", len(self._held), exc_info=True)

    async def settled(self) -> None:
        """Until the slots given back so far are withdrawn."""
        while self._giving_back:
            await asyncio.gather(*self._giving_back)

    async def close(self) -> None:
        """At shutdown: renewal stops and this process's slots are given back."""
        if self._renewal is not None:
            self._renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewal
            self._renewal = None
        self._release(tuple(self._held))
        await self.settled()
