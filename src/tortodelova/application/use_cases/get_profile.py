from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import InactiveUser, NotFound
from tortodelova.domain.users import User


class GetProfile:
    """The caller's account with its credits. Also used by the HTTP layer to authorise each request."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID) -> User:
        async with self.uow as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise NotFound("Пользователь не найден")
        if not user.is_active:
            raise InactiveUser()
        return user
