"""Money under concurrency: the user row lock serialises reservations, so none can overdraw."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import text

from tests.integration.db.factories import add_user, make_request
from tortodelova.adapters.db.database import Database
from tortodelova.domain import wallet
from tortodelova.domain.errors import IdempotencyInFlight, InsufficientCredits
from tortodelova.domain.generation import PredictionRequest

PRICE = 10


async def _reserve(
    db: Database, user_id: uuid.UUID, start: asyncio.Event, key: str | None = None
) -> PredictionRequest:
    """SubmitGeneration's transaction: lock the user, reserve, insert the request, commit."""
    uow = db.unit_of_work()
    await start.wait()
    async with uow:
        user = await uow.users.get(user_id, for_update=True)
        assert user is not None
        wallet.reserve(user, PRICE)
        request = make_request(user, credits=PRICE, key=key)
        await uow.generations.add(request)
        await uow.users.save(user)
        await uow.commit()
    return request


async def test_fifty_concurrent_reservations_against_five_credits_worth(db: Database) -> None:
    user = await add_user(db.unit_of_work(), balance=5 * PRICE)
    start = asyncio.Event()
    tasks = [asyncio.create_task(_reserve(db, user.id, start)) for _ in range(50)]
    await asyncio.sleep(0)
    start.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)

    succeeded = [r for r in results if isinstance(r, PredictionRequest)]
    refused = [r for r in results if isinstance(r, InsufficientCredits)]
    assert len(succeeded) == 5 and len(refused) == 45, [r for r in results if isinstance(r, BaseException)][
        :3
    ]

    async with db.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    """
                    SELECT u.balance_credits, u.reserved_credits,
                           (SELECT coalesce(sum(credits_reserved), 0) FROM prediction_requests p
                             WHERE p.user_id = u.id AND p.status IN ('pending', 'processing')) AS held,
                           (SELECT coalesce(sum(CASE WHEN type = 'credit' THEN amount ELSE -amount END), 0)
                              FROM transactions t WHERE t.user_id = u.id) AS ledger,
                           (SELECT count(*) FROM prediction_requests p WHERE p.user_id = u.id) AS requests
                      FROM users u WHERE u.id = :id
                    """
                ),
                {"id": user.id},
            )
        ).one()
    assert row.balance_credits == row.ledger == 5 * PRICE
    assert row.reserved_credits == row.held == 5 * PRICE
    assert row.requests == 5


async def test_concurrent_submits_with_one_idempotency_key_store_one_request(db: Database) -> None:
    """Without the key check under the lock, the unique index still lets exactly one through."""
    user = await add_user(db.unit_of_work(), balance=100 * PRICE)
    start = asyncio.Event()
    tasks = [asyncio.create_task(_reserve(db, user.id, start, key="retry-me")) for _ in range(10)]
    start.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(isinstance(r, PredictionRequest) for r in results) == 1
    assert sum(isinstance(r, IdempotencyInFlight) for r in results) == 9
    uow = db.unit_of_work()
    async with uow:
        stored = await uow.users.get(user.id)
    assert stored is not None and stored.reserved_credits == PRICE  # the losers rolled back
