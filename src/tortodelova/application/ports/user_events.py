"""Events addressed to a user rather than to one generation (the owner's `GET /api/events`):
a client answered on a share link, and later others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from tortodelova.domain.shares import Feedback


@dataclass(frozen=True, slots=True)
class FeedbackReceived:
    user_id: UUID  # the owner of the design
    feedback: Feedback


UserEvent = FeedbackReceived  # a union once there are more kinds


class UserEventPublisher(Protocol):
    async def publish(self, event: UserEvent) -> None:
        """Best effort, after the change is committed: a missed event is seen on the next read."""
        ...


class UserEventStream(Protocol):
    def subscribe(self, user_id: UUID) -> AbstractAsyncContextManager[AsyncIterator[UserEvent]]: ...
