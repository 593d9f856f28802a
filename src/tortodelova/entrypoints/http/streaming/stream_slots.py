"""A cap on the event streams one user holds open in this API process.

Per process, like the login rate limit: with N API replicas a user may hold N times as many, which
still bounds what one account can pin (a connection, a LISTEN subscription, a re-read loop each).
A slot is taken before the response starts, so the refusal is a proper 429, and given back when the
stream ends, fails, is closed, or - if the server never iterated it - is garbage-collected.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import TypeVar
from uuid import UUID

from tortodelova.domain.errors import TooManyStreams

T = TypeVar("T")


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
    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: Counter[UUID] = Counter()

    def open_for(self, user_id: UUID) -> int:
        return self._open[user_id]

    def hold(self, user_id: UUID, stream: AsyncIterator[T]) -> AsyncIterator[T]:
        """Takes a slot for `stream` (TooManyStreams, a 429, when none is left)."""
        if self.per_user > 0 and self._open[user_id] >= self.per_user:
            raise TooManyStreams(self.per_user)
        self._open[user_id] += 1
        return _Holding(stream, partial(self._release, user_id))

    def _release(self, user_id: UUID) -> None:
        self._open[user_id] -= 1
        if self._open[user_id] <= 0:
            del self._open[user_id]
