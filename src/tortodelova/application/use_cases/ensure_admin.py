from __future__ import annotations

from tortodelova.application.ports import Clock, IdGenerator, PasswordHasher, UnitOfWork
from tortodelova.domain.users import Email, Role, User, validate_password


class EnsureAdmin:
    """Create the admin account, or promote and re-password an existing one (CLI and dev start-up)."""

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.hasher, self.ids, self.clock = uow, hasher, ids, clock

    async def __call__(self, email: str, password: str | None) -> tuple[User, bool]:
        """Returns (admin, created). An existing admin keeps its password when `password` is None."""
        address = Email.parse(email)
        if password is not None:
            validate_password(password)
        async with self.uow as uow:
            user = await uow.users.get_by_email(address)
            now = self.clock.now()
            created = user is None
            if user is None:
                if password is None:
                    raise ValueError("a password is needed to create the admin")
                user = User(self.ids.new(), address, self.hasher.hash(password), Role.ADMIN, now, now)
                await uow.users.add(user)
            else:
                user.role, user.is_active, user.updated_at = Role.ADMIN, True, now
                if password is not None:
                    user.hashed_password = self.hasher.hash(password)
                await uow.users.save(user)
            await uow.commit()
        return user, created
