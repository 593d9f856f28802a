from __future__ import annotations

from dataclasses import replace

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import TokenService
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import Session
from tortodelova.application.sessions import open_session
from tortodelova.domain.errors import InactiveUser, InvalidToken


class RefreshSession:
    """Rotate a refresh token. Presenting an already rotated token revokes its whole family:
    someone else holds a copy, so neither copy may be trusted."""

    def __init__(self, *, uow: UnitOfWork, tokens: TokenService, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.tokens, self.ids, self.clock = uow, tokens, ids, clock

    async def __call__(self, refresh_secret: str | None) -> Session:
        if not refresh_secret:
            raise InvalidToken("Нет токена обновления сессии")
        now = self.clock.now()
        async with self.uow as uow:
            token = await uow.refresh_tokens.get_by_hash(
                self.tokens.hash_refresh_secret(refresh_secret), for_update=True
            )
            if token is None:
                raise InvalidToken()
            if token.revoked_at is not None:
                await uow.refresh_tokens.revoke_family(token.family_id, now)
                await uow.commit()
                raise InvalidToken("Токен обновления уже использован; все сессии этого входа завершены")
            if token.expires_at <= now:
                raise InvalidToken("Сессия истекла, войдите снова")
            user = await uow.users.get(token.user_id)
            if user is None:
                raise InvalidToken()
            if not user.is_active:
                raise InactiveUser()
            session, new = await open_session(uow, self.tokens, self.ids, self.clock, user, token.family_id)
            await uow.refresh_tokens.save(replace(token, revoked_at=now, replaced_by=new.id))
            await uow.commit()
        return session
