from __future__ import annotations

import asyncio

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import PasswordHasher
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain.errors import PromotionRefused
from tortodelova.domain.users import Email, Role, User, validate_password


class EnsureAdmin:
    """Create the admin account, or re-password an existing admin (CLI and dev start-up).

    An existing non-admin account is promoted only when the caller says so (`promote=True`): anyone
    may register the operator's address before the operator runs `create-admin`, and a silent
    promotion would hand that stranger the admin role. A role or password change ends every session
    of the account (all its refresh-token families), so whoever held it before keeps nothing.
    """

    def __init__(self, *, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.hasher, self.ids, self.clock = uow, hasher, ids, clock

    async def __call__(self, email: str, password: str | None, *, promote: bool = False) -> tuple[User, bool]:
        """Returns (admin, created). An existing admin keeps its password when `password` is None."""
        address = Email.parse(email)
        hashed = None
        if password is not None:
            validate_password(password)
            # Slow: before the transaction. The password an account already has is no change (a
            # `tortodelova dev` restart with ADMIN_PASSWORD set must not end the admin's sessions).
            if not await self._has_password(address, password):
                hashed = await asyncio.to_thread(self.hasher.hash, password)
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
                if not user.is_admin and not promote:
                    raise PromotionRefused(str(address))
                changed = not user.is_admin or hashed is not None
                user.role, user.is_active, user.updated_at = Role.ADMIN, True, now
                if hashed is not None:
                    user.hashed_password = hashed
                await uow.users.save(user)
                if changed:
                    await uow.refresh_tokens.revoke_user(user.id, now)
            await uow.commit()
        return user, created

    async def _has_password(self, address: Email, password: str) -> bool:
        async with self.uow as uow:
            found = await uow.users.get_by_email(address)
        return found is not None and await asyncio.to_thread(
            self.hasher.verify, found.hashed_password, password
        )
