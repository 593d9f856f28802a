"""Ledger entries. Append-only: a transaction is never changed once recorded."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


class TxType(enum.StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


class TxKind(enum.StrEnum):
    TOP_UP = "top_up"
    GENERATION = "generation"
    ADMIN_ADJUSTMENT = "admin_adjustment"
    BONUS = "bonus"
    REFUND = "refund"


@dataclass(frozen=True, slots=True)
class Transaction:
    id: UUID
    user_id: UUID
    amount: int  # always > 0; the sign is `type`
    type: TxType
    kind: TxKind
    description: str
    created_at: datetime
    prediction_request_id: UUID | None = None
    idempotency_key: str | None = None
    created_by: UUID | None = None
    payment_id: UUID | None = None  # the payment a top-up or a refund belongs to

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("transaction amount must be positive")

    @property
    def signed_amount(self) -> int:
        return self.amount if self.type is TxType.CREDIT else -self.amount
