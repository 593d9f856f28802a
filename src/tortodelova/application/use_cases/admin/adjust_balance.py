from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import LedgerEntry
from tortodelova.domain import wallet
from tortodelova.domain.errors import Forbidden, NotFound


class AdjustBalance:
    """Admin: signed manual correction with a required comment, recorded with the admin's id."""

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.ids, self.clock = uow, ids, clock

    async def __call__(self, admin_id: UUID, user_id: UUID, amount: int, description: str) -> LedgerEntry:
        async with self.uow as uow:
            admin = await uow.users.get(admin_id)
            if admin is None or not admin.is_admin or not admin.is_active:
                raise Forbidden()
            user = await uow.users.get(user_id, for_update=True)
            if user is None:
                raise NotFound("Пользователь не найден")
            now = self.clock.now()
            tx = wallet.admin_adjust(
                user, amount, description=description, admin_id=admin_id, tx_id=self.ids.new(), now=now
            )
            user.updated_at = now
            await uow.transactions.add(tx)
            await uow.users.save(user)
            await uow.commit()
        return LedgerEntry(tx, user)
