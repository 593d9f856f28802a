from __future__ import annotations

from tortodelova.application.ports import Clock, IdGenerator, PasswordHasher, TokenService, UnitOfWork
from tortodelova.application.results import Session
from tortodelova.application.sessions import open_session
from tortodelova.domain.errors import InactiveUser, InvalidCredentials, ValidationFailed
from tortodelova.domain.users import Email

# Verified when the e-mail is unknown, so that timing does not reveal which addresses exist.
_DUMMY_PASSWORD = "not-a-real-password"


class Authenticate:
    """Log in with e-mail and password: an access token plus a new refresh-token family."""

    def __init__(
        self, uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenService, ids: IdGenerator, clock: Clock
    ) -> None:
        self.uow, self.hasher, self.tokens, self.ids, self.clock = uow, hasher, tokens, ids, clock
        self._dummy_hash: str | None = None

    async def __call__(self, email: str, password: str) -> Session:
        try:
            address = Email.parse(email)
        except ValidationFailed:
            raise InvalidCredentials() from None
        async with self.uow as uow:
            user = await uow.users.get_by_email(address)
            if user is None:
                self._dummy_hash = self._dummy_hash or self.hasher.hash(_DUMMY_PASSWORD)
                self.hasher.verify(self._dummy_hash, password or "")
                raise InvalidCredentials()
            if not self.hasher.verify(user.hashed_password, password or ""):
                raise InvalidCredentials()
            if not user.is_active:
                raise InactiveUser()
            if self.hasher.needs_rehash(user.hashed_password):
                user.hashed_password = self.hasher.hash(password)
                user.updated_at = self.clock.now()
                await uow.users.save(user)
            session, _ = await open_session(uow, self.tokens, self.ids, self.clock, user, family_id=None)
            await uow.commit()
        return session
