"""Credits without a payment, for tests that are not about buying them (the free top-up is gone):
a bonus entry written through the wallet in one unit of work, as every credit change is."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain import wallet


async def grant_credits(uow: UnitOfWork, user_id: UUID, credits: int, now: datetime | None = None) -> None:
    async with uow:
        user = await uow.users.get(user_id, for_update=True)
        assert user is not None
        moment = now or datetime.now(UTC)
        tx = wallet.grant_bonus(
            user, credits, tx_id=uuid.uuid4(), now=moment, description="Тестовое начисление"
        )
        user.updated_at = moment
        await uow.transactions.add(tx)
        await uow.users.save(user)
        await uow.commit()
