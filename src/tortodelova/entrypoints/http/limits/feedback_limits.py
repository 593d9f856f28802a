"""Abuse limits on the clients' answers: a share link is public, so anyone holding it may post.

Two sliding windows, counted in the shared LimitCounter like the login limits: per address on one
link, so one visitor cannot flood a thread, and per link, so many addresses together cannot either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from tortodelova.application.ports.limits import LimitCounter, Window
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.auth import client_ip
from tortodelova.entrypoints.http.limits.rate_limit import address_key, admit

_HOUR_S = 3600.0


@dataclass(frozen=True, slots=True)
class FeedbackLimits:
    counter: LimitCounter
    by_address: Window
    by_link: Window

    @classmethod
    def from_settings(cls, s: Settings, counter: LimitCounter) -> FeedbackLimits:
        return cls(
            counter,
            by_address=Window("feedback-address", s.feedback_per_address_per_hour, _HOUR_S),
            by_link=Window("feedback-link", s.feedback_per_link_per_hour, _HOUR_S),
        )

    async def hit(self, connection: ASGIConnection[Any, Any, Any, Any], token: str) -> None:
        """Counts one answer on `token` from the caller's address; 429 when either window is full."""
        address = f"{token} {address_key(client_ip(connection))}"
        await admit(self.counter, (self.by_address, address), (self.by_link, token))
