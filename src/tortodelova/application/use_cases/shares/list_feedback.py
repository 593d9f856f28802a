"""The clients' answers about one of the owner's designs, through any of its links, oldest first."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.shares import Feedback


class ListFeedback:
    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID, generation_id: UUID) -> list[Feedback]:
        async with self.uow as uow:
            await owned_generation(uow, user_id, generation_id)
            return await uow.feedback.for_generation(generation_id)
