from __future__ import annotations

import asyncio

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import PasswordHasher
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain.users import Email, Role, User, validate_password


class EnsureAdmin:
    """Create the admin account, or promote and re-password an existing one (CLI and dev start-up)."""

    def __init__(self, *, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.hasher, self.ids, self.clock = uow, hasher, ids, clock

    async def __call__(self, email: str, password: str | None) -> tuple[User, bool]:
        """Returns (admin, created). An existing admin keeps its password when `password` is None."""
        address = Email.parse(email)
        hashed = None
        if password is not None:
            validate_password(password)
            hashed = await asyncio.to_thread(self.hasher.hash, password)  # slow: before the transaction
        async with self.uow as uow:
            found = await uow.users.get_by_email(address)
            # Locked before it is saved back, so a concurrent change of its credits is not undone.
            user = await uow.users.get(found.id, for_update=True) if found is not None else None
            now = self.clock.now()
            created = user is None
            if user is None:
                if hashed is None:
                    raise ValueError("a password is needed to create the admin")
                user = User(self.ids.new(), address, hashed, Role.ADMIN, now, now)
                await uow.users.add(user)
            else:
                user.role, user.is_active, user.updated_at = Role.ADMIN, True, now
                if hashed is not None:
                    user.hashed_password = hashed
                await uow.users.save(user)
            await uow.commit()
        return user, created
