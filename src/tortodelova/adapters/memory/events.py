from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from tortodelova.application.ports.events import GenerationEvent


class MemoryEvents:
    """Records events and fans them out to subscribers; wakes an in-memory queue on submit."""

    def __init__(self, wakeup: asyncio.Event | None = None) -> None:
        self.published: list[GenerationEvent] = []
        self.submitted = 0
        self.wakeup = wakeup
        self.subscribers: list[asyncio.Queue[GenerationEvent]] = []

    async def publish(self, event: GenerationEvent) -> None:
        self.published.append(event)
        for q in self.subscribers:
            q.put_nowait(event)

    async def job_submitted(self) -> None:
        self.submitted += 1
        if self.wakeup is not None:
            self.wakeup.set()

    @asynccontextmanager
    async def subscribe(self, request_id: UUID) -> AsyncIterator[AsyncIterator[GenerationEvent]]:
        queue: asyncio.Queue[GenerationEvent] = asyncio.Queue()
        self.subscribers.append(queue)

        async def events() -> AsyncIterator[GenerationEvent]:
            while True:
                event = await queue.get()
                if event.request_id == request_id:
                    yield event

        try:
            yield events()
        finally:
            self.subscribers.remove(queue)
