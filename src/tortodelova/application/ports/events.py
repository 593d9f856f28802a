"""Progress events of a generation: published by any process, streamed to the browser (SSE)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from tortodelova.domain.generation import Status


@dataclass(frozen=True, slots=True)
class GenerationEvent:
    request_id: UUID
    user_id: UUID
    status: Status
    progress: float
    public_url: str | None = None
    error: str | None = None
    # A small data:image/jpeg;base64 picture of the image forming (while processing); best effort:
    # a transport may drop it, and only the latest one matters.
    preview: str | None = None


class EventStream(Protocol):
    """Events of one request as they are published (any process), for Server-Sent Events."""

    def subscribe(self, request_id: UUID) -> AbstractAsyncContextManager[AsyncIterator[GenerationEvent]]: ...


class EventPublisher(Protocol):
    async def publish(self, event: GenerationEvent) -> None: ...
    async def job_submitted(self) -> None:
        """Wake the workers (NOTIFY in PostgreSQL)."""
        ...
