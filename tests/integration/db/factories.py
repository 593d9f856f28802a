"""Small builders of domain objects for the persistence tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tortodelova.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from tortodelova.domain import wallet
from tortodelova.domain.generation import GenerationParams, PredictionRequest, RequestedParams
from tortodelova.domain.users import Email, Role, User

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def make_user(email: str = "baker@example.com", *, balance: int = 0, role: Role = Role.USER) -> User:
    return User(uuid.uuid4(), Email.parse(email), "argon2-hash", role, T0, T0, balance_credits=balance)


def make_request(
    user: User, *, created: float = 0, credits: int = 10, key: str | None = None, seed: int = 42, **params
) -> PredictionRequest:  # noqa: ANN003
    values = {"prompt_ru": "Торт с клубникой и мастикой", "style": "kids"} | params
    return PredictionRequest(
        id=uuid.uuid4(),
        user_id=user.id,
        params=GenerationParams.create(RequestedParams(**values), seed=seed),
        model="test/model",
        credits_reserved=credits,
        created_at=at(created),
        idempotency_key=key,
    )


async def add_user(uow: SqlAlchemyUnitOfWork, email: str = "baker@example.com", *, balance: int = 0) -> User:
    """A committed user whose balance comes from a bonus transaction (so the ledger matches)."""
    user = make_user(email)
    async with uow:
        await uow.users.add(user)
        if balance:
            tx = wallet.grant_bonus(user, balance, tx_id=uuid.uuid4(), now=T0, description="test")
            await uow.transactions.add(tx)
            await uow.users.save(user)
        await uow.commit()
    return user


async def submit(uow: SqlAlchemyUnitOfWork, user: User, **kwargs) -> PredictionRequest:  # noqa: ANN003
    """What SubmitGeneration does: lock the user, reserve, insert the request, commit."""
    async with uow:
        locked = await uow.users.get(user.id, for_update=True)
        assert locked is not None
        request = make_request(locked, **kwargs)
        wallet.reserve(locked, request.credits_reserved)
        await uow.generations.add(request)
        await uow.users.save(locked)
        await uow.commit()
    return request
