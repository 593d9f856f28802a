"""Sliding-window abuse limits for registration, refresh and failed logins, counted in the shared
LimitCounter (application/ports/limits.py; PostgreSQL in the API), so they hold across all API
replicas together: ten failed logins are ten, whichever replicas served them.

Failed logins count twice: per account (a guesser on one account) and per client address (one
address trying many accounts). Counting per account means ten wrong passwords for one e-mail lock
only that e-mail, not everyone behind the same address (a bakery's shared NAT). IPv6 addresses are
grouped by /64: one subscriber usually holds a whole /64 and could rotate through it.

A login attempt is counted before its password is checked and taken back when it was right, so even
a burst of concurrent guesses gets no more password checks than the limit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from tortodelova.application.ports.limits import Admission, LimitCounter, Window
from tortodelova.domain.errors import InvalidCredentials
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.auth import client_ip
from tortodelova.entrypoints.http.problems import TooManyRequests

_MINUTE_S = 60.0
_ACCOUNT_KEY_MAX = 320  # longer "e-mails" are not addresses anyone has; no need to keep them whole


@dataclass(frozen=True, slots=True)
class AuthLimits:
    counter: LimitCounter
    register: Window
    refresh: Window
    login_by_account: Window
    login_by_address: Window

    @classmethod
    def from_settings(cls, s: Settings, counter: LimitCounter) -> AuthLimits:
        window = float(s.login_failure_window_seconds)
        return cls(
            counter,
            register=Window("register", s.auth_rate_limit_per_minute, _MINUTE_S),
            refresh=Window("refresh", s.refresh_rate_limit_per_minute, _MINUTE_S),
            login_by_account=Window("login-account", s.login_failures_per_account, window),
            login_by_address=Window("login-address", s.login_failures_per_address, window),
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


async def admit(counter: LimitCounter, *counted: tuple[Window, str]) -> Admission:
    """One hit on each (window, key); a 429 with the longest wait, counting nothing, when one is full."""
    admission = await counter.hit(*counted)
    if admission.retry_after is not None:
        raise TooManyRequests(admission.retry_after)
    return admission


def rate_limited(bucket: str) -> Guard:
    """A guard counting this route's calls per client address in the `bucket` window of AuthLimits."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limits = await connection.state.dishka_container.get(AuthLimits)
        window: Window = getattr(limits, bucket)
        await admit(limits.counter, (window, address_key(client_ip(connection))))

    return guard


@asynccontextmanager
async def login_attempt(
    limits: AuthLimits, connection: ASGIConnection[Any, Any, Any, Any], email: str
) -> AsyncIterator[None]:
    """One login, counted as a failure of the account and of the address before the password is
    checked (429 when either is spent). A wrong password leaves it counted; the right one takes it
    back and clears the account's earlier failures (the owner is back: earlier typos no longer count);
    any other outcome (an inactive account, an error) takes it back."""
    account = (email or "").strip().lower()[:_ACCOUNT_KEY_MAX]
    address = address_key(client_ip(connection))
    counter = limits.counter
    attempt = await admit(counter, (limits.login_by_account, account), (limits.login_by_address, address))
    try:
        yield
    except InvalidCredentials:
        raise
    except Exception:
        await counter.withdraw(attempt.hits)
        raise
    await counter.withdraw(attempt.hits)
    await counter.forget(limits.login_by_account, account)
