"""Filters and paging the list queries of the repositories take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortodelova.domain.generation import DesignKind, Status
from tortodelova.domain.payments import PaymentStatus
from tortodelova.domain.transactions import TxKind, TxType


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class TransactionFilter:
    user_id: UUID | None = None
    email: str | None = None  # case-insensitive substring of the owner's e-mail
    type: TxType | None = None
    kind: TxKind | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class GenerationFilter:
    user_id: UUID | None = None
    status: Status | None = None
    style: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    credits_min: int | None = None
    credits_max: int | None = None
    email: str | None = None  # case-insensitive substring of the owner's e-mail (admin)
    favorite: bool | None = None  # True: starred only; False: unstarred only
    include_deleted: bool = False  # deleted designs are hidden unless asked for (the history shows them)
    kind: DesignKind | None = None  # the gallery's filter: generated, upscaled, with an inscription


@dataclass(frozen=True, slots=True)
class PaymentFilter:
    user_id: UUID | None = None
    status: PaymentStatus | None = None
    email: str | None = None  # case-insensitive substring of the payer's e-mail (admin)
    date_from: datetime | None = None
    date_to: datetime | None = None
