from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork


class GetQueuePositions:
    """Every pending request's place in the fair queue, in one query (the API's shared snapshot)."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self) -> dict[UUID, int]:
        async with self.uow as uow:
            return await uow.generations.queue_snapshot()
