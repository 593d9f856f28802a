from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import TokenService
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import Session
from tortodelova.application.use_cases.accounts.sessions import open_session, resumed_session
from tortodelova.domain.errors import InactiveUser, InvalidToken
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.users import User


@dataclass(frozen=True, slots=True)
class ReuseGrace:
    """How long after its rotation a refresh token still gets its successor back
    (REFRESH_REUSE_GRACE_SECONDS)."""

    period: timedelta


class RefreshSession:
    """Rotate a refresh token. Presenting an already rotated token revokes its whole family:
    someone else holds a copy, so neither copy may be trusted.

    Except within `grace` of its rotation, while its successor is still unused: several tabs (or a
    restored browser) refresh with the same cookie at once, and each gets that same successor back
    (its secret is derived from the presented one, see TokenService.successor_secret)."""

    def __init__(
        self, *, uow: UnitOfWork, tokens: TokenService, ids: IdGenerator, clock: Clock, grace: ReuseGrace
    ) -> None:
        self.uow, self.tokens, self.ids, self.clock, self.grace = uow, tokens, ids, clock, grace.period

    async def __call__(self, refresh_secret: str | None) -> Session:
        if not refresh_secret:
            raise InvalidToken("Нет токена обновления сессии")
        now = self.clock.now()
        async with self.uow as uow:
            # The row lock serialises concurrent refreshes with one cookie: the second waits, then
            # sees the rotation the first committed and takes the grace path.
            token = await uow.refresh_tokens.get_by_hash(
                self.tokens.hash_refresh_secret(refresh_secret), for_update=True
            )
            if token is None:
                raise InvalidToken()
            if token.revoked_at is not None:
                successor = await self._in_grace(uow, token, now)
                if successor is None:
                    await uow.refresh_tokens.revoke_family(token.family_id, now)
                    await uow.commit()
                    raise InvalidToken("Токен обновления уже использован; все сессии этого входа завершены")
                user = await self._active_user(uow, token)
                return resumed_session(
                    self.tokens, user, successor, self.tokens.successor_secret(refresh_secret), now
                )
            if token.expires_at <= now:
                raise InvalidToken("Сессия истекла, войдите снова")
            user = await self._active_user(uow, token)
            session, new = await open_session(
                uow,
                self.tokens,
                self.ids,
                self.clock,
                user,
                token.family_id,
                secret=self.tokens.successor_secret(refresh_secret),
            )
            await uow.refresh_tokens.save(replace(token, revoked_at=now, replaced_by=new.id))
            await uow.commit()
        return session

    async def _in_grace(self, uow: UnitOfWork, token: RefreshToken, now: datetime) -> RefreshToken | None:
        """The live successor of a token rotated less than `grace` ago, else None (a reuse)."""
        if token.replaced_by is None or token.revoked_at is None or now - token.revoked_at > self.grace:
            return None
        successor = await uow.refresh_tokens.get(token.replaced_by)
        if successor is None or successor.revoked_at is not None or successor.expires_at <= now:
            return None
        return successor

    @staticmethod
    async def _active_user(uow: UnitOfWork, token: RefreshToken) -> User:
        user = await uow.users.get(token.user_id)
        if user is None:
            raise InvalidToken()
        if not user.is_active:
            raise InactiveUser()
        return user
