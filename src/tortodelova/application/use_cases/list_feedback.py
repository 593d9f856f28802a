"""The clients' answers about one of the owner's designs, through any of its links, oldest first."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import NotFound
from tortodelova.domain.shares import Feedback


class ListFeedback:
    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID, generation_id: UUID) -> list[Feedback]:
        async with self.uow as uow:
            request = await uow.generations.get(generation_id)
            if request is None or request.user_id != user_id:
                raise NotFound("Генерация не найдена")
            return await uow.feedback.for_generation(generation_id)
