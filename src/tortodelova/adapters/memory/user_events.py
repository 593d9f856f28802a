from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from tortodelova.application.ports.user_events import UserEvent


class MemoryUserEvents:
    """UserEventPublisher and UserEventStream in one process: records and fans out by user."""

    def __init__(self) -> None:
        self.published: list[UserEvent] = []
        self.subscribers: dict[UUID, list[asyncio.Queue[UserEvent]]] = {}

    async def publish(self, event: UserEvent) -> None:
        self.published.append(event)
        for q in self.subscribers.get(event.user_id, ()):
            q.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self, user_id: UUID) -> AsyncIterator[AsyncIterator[UserEvent]]:
        queue: asyncio.Queue[UserEvent] = asyncio.Queue()
        self.subscribers.setdefault(user_id, []).append(queue)

        async def events() -> AsyncIterator[UserEvent]:
            while True:
                yield await queue.get()

        try:
            yield events()
        finally:
            self.subscribers[user_id].remove(queue)
            if not self.subscribers[user_id]:
                del self.subscribers[user_id]
