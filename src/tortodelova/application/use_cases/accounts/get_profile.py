from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.domain.errors import InactiveUser, InvalidToken, NotFound
from tortodelova.domain.users import User


class GetProfile:
    """The caller's account with its credits. Also used by the HTTP layer to authorise each request:
    given the access token's session (refresh-token family), a revoked or expired session fails too."""

    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, session_id: UUID | None = None) -> User:
        # Every request is authorised here: two reads, no transaction around them (see `reading`).
        async with self.uow.reading() as uow:
            user = await uow.users.get(user_id)
            # One indexed EXISTS, not a cache: a revocation (logout, reuse, password change) must end
            # access at once in every API process.
            if session_id is not None and not await uow.refresh_tokens.family_is_live(
                session_id, self.clock.now()
            ):
                raise InvalidToken("Сессия завершена, войдите снова")
        if user is None:
            raise NotFound("Пользователь не найден")
        if not user.is_active:
            raise InactiveUser()
        return user
