"""Bodies of /api/me: the user, the balance, top-ups and the ledger."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from tortodelova.domain.transactions import Transaction
from tortodelova.domain.users import User
from tortodelova.entrypoints.http.schemas.common import utc

# --- requests ---------------------------------------------------------------------------------


# --- responses --------------------------------------------------------------------------------


class UserOut(msgspec.Struct):
    id: UUID
    email: str
    role: str
    balance_credits: int
    reserved_credits: int
    available_credits: int
    is_active: bool
    created_at: datetime


class UserEnvelope(msgspec.Struct):
    user: UserOut


class BalanceOut(msgspec.Struct):
    balance_credits: int
    reserved_credits: int
    available_credits: int


class TransactionOut(msgspec.Struct):
    id: UUID
    user_id: UUID
    amount: int
    type: str
    kind: str
    description: str
    prediction_request_id: UUID | None
    created_at: datetime
    payment_id: UUID | None = None  # the payment of a top-up or a refund


class TransactionPage(msgspec.Struct):
    items: list[TransactionOut]
    total: int


# --- domain -> wire ---------------------------------------------------------------------------


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email.value,
        role=user.role.value,
        balance_credits=user.balance_credits,
        reserved_credits=user.reserved_credits,
        available_credits=user.available_credits,
        is_active=user.is_active,
        created_at=utc(user.created_at),  # type: ignore[arg-type]
    )


def balance_out(user: User) -> BalanceOut:
    return BalanceOut(user.balance_credits, user.reserved_credits, user.available_credits)


def transaction_out(tx: Transaction) -> TransactionOut:
    return TransactionOut(
        id=tx.id,
        user_id=tx.user_id,
        amount=tx.amount,
        type=tx.type.value,
        kind=tx.kind.value,
        description=tx.description,
        prediction_request_id=tx.prediction_request_id,
        created_at=utc(tx.created_at),  # type: ignore[arg-type]
        payment_id=tx.payment_id,
    )
