"""Sliding-window rate limit for login and registration, per client address, in process memory.

Per process on purpose: it slows password guessing down without a shared store; with N API replicas
the effective limit is N times higher, which is still far below what a brute force needs.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from tortodelova.entrypoints.http.auth import client_ip
from tortodelova.entrypoints.http.problems import TooManyRequests

_SWEEP_EVERY = 1000  # hits between sweeps of idle keys


class SlidingWindowLimiter:
    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._hits: dict[Any, deque[float]] = {}
        self._since_sweep = 0

    def hit(self, key: Any) -> int | None:
        """Records an attempt; returns None when allowed, else the seconds until one would be."""
        if self.limit <= 0:
            return None
        now = self.clock()
        self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(hits[0] + self.window_s - now))
        hits.append(now)
        return None

    def _sweep(self, now: float) -> None:
        self._since_sweep += 1
        if self._since_sweep < _SWEEP_EVERY:
            return
        self._since_sweep = 0
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window_s]:
            del self._hits[key]


def rate_limited(bucket: str) -> Guard:
    """A guard counting this route's calls per client address in the app's limiter."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limiter: SlidingWindowLimiter = connection.app.state.auth_limiter
        retry_after = limiter.hit((bucket, client_ip(connection)))
        if retry_after is not None:
            raise TooManyRequests(retry_after)

    return guard
