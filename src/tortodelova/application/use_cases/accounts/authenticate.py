from __future__ import annotations

import asyncio

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import PasswordHasher, TokenService
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import Session
from tortodelova.application.use_cases.accounts.sessions import open_session
from tortodelova.domain.errors import InactiveUser, InvalidCredentials, ValidationFailed
from tortodelova.domain.users import PASSWORD_MAX, Email

# Verified when the e-mail is unknown, so that timing does not reveal which addresses exist.
_DUMMY_PASSWORD = "not-a-real-password"


class Authenticate:
    """Log in with e-mail and password: an access token plus a new refresh-token family.

    Argon2 is slow on purpose, so it runs in a thread and outside any DB transaction: the event
    loop keeps serving other requests and no connection (or row) is held while it works.
    """

    def __init__(
        self, *, uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenService, ids: IdGenerator, clock: Clock
    ) -> None:
        self.uow, self.hasher, self.tokens, self.ids, self.clock = uow, hasher, tokens, ids, clock
        self._dummy_hash: str | None = None

    async def __call__(self, email: str, password: str) -> Session:
        if len(password or "") > PASSWORD_MAX:
            # No account has such a password (registration refuses it); argon2 over a megabyte is a
            # cheap way to burn the server's CPU, so it is not hashed at all.
            raise InvalidCredentials()
        try:
            address = Email.parse(email)
        except ValidationFailed:
            raise InvalidCredentials() from None
        async with self.uow as uow:
            user = await uow.users.get_by_email(address)
        if user is None:
            await asyncio.to_thread(self._verify_dummy, password or "")
            raise InvalidCredentials()
        if not await asyncio.to_thread(self.hasher.verify, user.hashed_password, password or ""):
            raise InvalidCredentials()
        if not user.is_active:
            raise InactiveUser()
        rehashed = None
        if self.hasher.needs_rehash(user.hashed_password):
            rehashed = await asyncio.to_thread(self.hasher.hash, password)
        async with self.uow as uow:
            if rehashed is not None:
                # Re-read under the row lock: saving the copy read above could undo a concurrent
                # change of the user's credits.
                current = await uow.users.get(user.id, for_update=True)
                if current is not None:
                    current.hashed_password, current.updated_at = rehashed, self.clock.now()
                    await uow.users.save(current)
                    user = current
            session, _ = await open_session(uow, self.tokens, self.ids, self.clock, user, family_id=None)
            await uow.commit()
        return session

    def _verify_dummy(self, password: str) -> None:
        self._dummy_hash = self._dummy_hash or self.hasher.hash(_DUMMY_PASSWORD)
        self.hasher.verify(self._dummy_hash, password)
