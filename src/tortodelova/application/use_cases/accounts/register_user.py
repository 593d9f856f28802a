from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import PasswordHasher
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain import wallet
from tortodelova.domain.errors import EmailTaken
from tortodelova.domain.users import Email, Role, User, validate_password


@dataclass(frozen=True, slots=True)
class WelcomeBonus:
    """The credits a new account gets (WELCOME_BONUS_CREDITS); 0: none."""

    credits: int


class RegisterUser:
    """Create an account; a welcome bonus arrives as a `bonus` credit transaction."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        ids: IdGenerator,
        clock: Clock,
        welcome: WelcomeBonus,
    ) -> None:
        self.uow, self.hasher, self.ids, self.clock = uow, hasher, ids, clock
        self.welcome_bonus = welcome.credits

    async def __call__(self, email: str, password: str, role: Role = Role.USER) -> User:
        address = Email.parse(email)
        validate_password(password)
        # Slow on purpose: in a thread (the event loop keeps serving) and outside the DB transaction.
        hashed = await asyncio.to_thread(self.hasher.hash, password)
        async with self.uow as uow:
            if await uow.users.get_by_email(address) is not None:
                raise EmailTaken()
            now = self.clock.now()
            user = User(self.ids.new(), address, hashed, role, now, now)
            await uow.users.add(user)
            if self.welcome_bonus > 0:
                tx = wallet.grant_bonus(
                    user,
                    self.welcome_bonus,
                    tx_id=self.ids.new(),
                    now=now,
                    description="Приветственный бонус",
                )
                await uow.transactions.add(tx)
                await uow.users.save(user)
            await uow.commit()
        return user
