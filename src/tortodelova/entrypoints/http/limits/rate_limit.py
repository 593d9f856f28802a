"""Sliding-window abuse limits for registration, refresh and failed logins, in process memory.

Per process on purpose: it slows password guessing down without a shared store; with N API replicas
the effective limit is N times higher, which is still far below what a brute force needs.

Failed logins count twice: per account (a guesser on one account) and per client address (one
address trying many accounts). Counting per account means ten wrong passwords for one e-mail lock
only that e-mail, not everyone behind the same address (a bakery's shared NAT). IPv6 addresses are
grouped by /64: one subscriber usually holds a whole /64 and could rotate through it.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.auth import client_ip
from tortodelova.entrypoints.http.problems import TooManyRequests

_SWEEP_EVERY = 1000  # hits between sweeps of idle keys
_ACCOUNT_KEY_MAX = 320  # longer "e-mails" are not addresses anyone has; no need to keep them whole


class SlidingWindowLimiter:
    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._hits: dict[Any, deque[float]] = {}
        self._since_sweep = 0

    def hit(self, key: Any) -> int | None:
        """Records an attempt; returns None when allowed, else the seconds until one would be."""
        retry_after = self.blocked(key)
        if retry_after is None:
            self.record(key)
        return retry_after

    def blocked(self, key: Any) -> int | None:
        """None when one more attempt is allowed, else the seconds until it would be (records nothing)."""
        if self.limit <= 0:
            return None
        now = self.clock()
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(hits[0] + self.window_s - now))
        return None

    def record(self, key: Any) -> None:
        if self.limit <= 0:
            return
        now = self.clock()
        self._sweep(now)
        self._hits.setdefault(key, deque()).append(now)

    def forget(self, key: Any) -> None:
        self._hits.pop(key, None)

    def _sweep(self, now: float) -> None:
        self._since_sweep += 1
        if self._since_sweep < _SWEEP_EVERY:
            return
        self._since_sweep = 0
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window_s]:
            del self._hits[key]


@dataclass(frozen=True, slots=True)
class AuthLimits:
    register: SlidingWindowLimiter
    refresh: SlidingWindowLimiter
    login_by_account: SlidingWindowLimiter
    login_by_address: SlidingWindowLimiter

    @classmethod
    def from_settings(cls, s: Settings) -> AuthLimits:
        window = float(s.login_failure_window_seconds)
        return cls(
            register=SlidingWindowLimiter(s.auth_rate_limit_per_minute),
            refresh=SlidingWindowLimiter(s.refresh_rate_limit_per_minute),
            login_by_account=SlidingWindowLimiter(s.login_failures_per_account, window),
            login_by_address=SlidingWindowLimiter(s.login_failures_per_address, window),
        )


def address_key(host: str) -> str:
    """The client address, an IPv6 one cut to its /64."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else address)


def rate_limited(bucket: str) -> Guard:
    """A guard counting this route's calls per client address in the app's `bucket` limiter."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limits = await connection.state.dishka_container.get(AuthLimits)
        limiter: SlidingWindowLimiter = getattr(limits, bucket)
        retry_after = limiter.hit(address_key(client_ip(connection)))
        if retry_after is not None:
            raise TooManyRequests(retry_after)

    return guard


def raise_if_blocked(*windows: tuple[SlidingWindowLimiter, Any]) -> None:
    """429 with the longest wait when any (limiter, key) window is full; counts nothing."""
    waits = [w for w in (limiter.blocked(key) for limiter, key in windows) if w is not None]
    if waits:
        raise TooManyRequests(max(waits))


class LoginThrottle:
    """Failed logins of one request: checked before the password is, counted after it was wrong."""

    def __init__(
        self, limits: AuthLimits, connection: ASGIConnection[Any, Any, Any, Any], email: str
    ) -> None:
        self._by_account, self._by_address = limits.login_by_account, limits.login_by_address
        self._account = (email or "").strip().lower()[:_ACCOUNT_KEY_MAX]
        self._address = address_key(client_ip(connection))

    def check(self) -> None:
        raise_if_blocked((self._by_account, self._account), (self._by_address, self._address))

    def failed(self) -> None:
        self._by_account.record(self._account)
        self._by_address.record(self._address)

    def succeeded(self) -> None:
        self._by_account.forget(self._account)  # the owner is back: earlier typos no longer count
