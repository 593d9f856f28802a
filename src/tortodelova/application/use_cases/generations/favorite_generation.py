"""The owner stars or unstars a design (★); the gallery filters on it."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import NotFound


class SetFavorite:
    """Idempotent: starring a starred design changes nothing. Another user's, unknown or deleted
    design: NotFound (a deleted design has left the gallery)."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID, request_id: UUID, favorite: bool) -> None:
        async with self.uow as uow:
            request = await owned_generation(uow, user_id, request_id, for_update=True)
            if request.deleted:
                raise NotFound("Генерация не найдена")
            if request.favorite is favorite:
                return
            request.favorite = favorite
            await uow.generations.save(request)
            await uow.commit()
