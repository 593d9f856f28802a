from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import LedgerEntry
from tortodelova.domain import wallet
from tortodelova.domain.errors import IdempotencyMismatch, NotFound
from tortodelova.domain.transactions import TxKind


class TopUp:
    """Add credits. With an Idempotency-Key a retry returns the first result and changes nothing."""

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.ids, self.clock = uow, ids, clock

    async def __call__(self, user_id: UUID, amount: int, idempotency_key: str | None = None) -> LedgerEntry:
        async with self.uow as uow:
            # The row lock serialises top-ups of one user, so a concurrent retry with the same key
            # waits here and then finds the first transaction below.
            user = await uow.users.get(user_id, for_update=True)
            if user is None:
                raise NotFound("Пользователь не найден")
            if idempotency_key:
                first = await uow.transactions.get_by_idempotency_key(user_id, idempotency_key)
                if first is not None:
                    if first.kind is not TxKind.TOP_UP or first.amount != amount:
                        raise IdempotencyMismatch()
                    return LedgerEntry(first, user, replayed=True)
            tx = wallet.top_up(
                user, amount, tx_id=self.ids.new(), now=self.clock.now(), idempotency_key=idempotency_key
            )
            user.updated_at = tx.created_at
            await uow.transactions.add(tx)
            await uow.users.save(user)
            await uow.commit()
        return LedgerEntry(tx, user)
