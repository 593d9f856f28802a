"""Abuse limits on the clients' answers: a share link is public, so anyone holding it may post.

Two sliding windows (per API process, like the login limits): per address on one link, so one
visitor cannot flood a thread, and per link, so many addresses together cannot either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.auth import client_ip
from tortodelova.entrypoints.http.limits.rate_limit import SlidingWindowLimiter, address_key, raise_if_blocked

_HOUR_S = 3600.0


@dataclass(frozen=True, slots=True)
class FeedbackLimits:
    by_address: SlidingWindowLimiter
    by_link: SlidingWindowLimiter

    @classmethod
    def from_settings(cls, s: Settings) -> FeedbackLimits:
        return cls(
            by_address=SlidingWindowLimiter(s.feedback_per_address_per_hour, _HOUR_S),
            by_link=SlidingWindowLimiter(s.feedback_per_link_per_hour, _HOUR_S),
        )

    def hit(self, connection: ASGIConnection[Any, Any, Any, Any], token: str) -> None:
        """Counts one answer on `token` from the caller's address; 429 when either window is full."""
        address = (token, address_key(client_ip(connection)))
        raise_if_blocked((self.by_address, address), (self.by_link, token))
        self.by_address.record(address)
        self.by_link.record(token)
