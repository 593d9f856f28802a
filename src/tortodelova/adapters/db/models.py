"""SQLAlchemy 2 table models. The schema lives here; the domain never sees these classes
(adapters/db/mapping.py converts rows to domain dataclasses).

Constraints back the money invariants of docs/ARCHITECTURE.md, so a bug in application code fails
loudly in the database instead of corrupting balances. Migration 0001 creates exactly this schema plus the
append-only trigger on `transactions` (tests compare the two).
"""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import datetime
from typing import Any

from advanced_alchemy.base import CommonTableAttributes
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tortodelova.domain.generation import DesignKind, Quality, Status
from tortodelova.domain.payments import PaymentStatus
from tortodelova.domain.quotes import Delivery
from tortodelova.domain.shares import Decision
from tortodelova.domain.transactions import TxKind, TxType
from tortodelova.domain.uploads import UploadPurpose
from tortodelova.domain.users import Role

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Constraint names the repositories translate into domain errors.
UQ_USERS_EMAIL = "uq_users_email"
UQ_TRANSACTIONS_IDEMPOTENCY = "uq_transactions_user_idempotency"
UQ_TRANSACTIONS_REQUEST = "uq_transactions_prediction_request"
UQ_REQUESTS_IDEMPOTENCY = "uq_prediction_requests_user_idempotency"
UQ_TRANSACTIONS_PAYMENT_TOP_UP = "uq_transactions_payment_top_up"
UQ_PAYMENTS_IDEMPOTENCY = "uq_payments_user_idempotency"

ACTIVE_STATUSES = (Status.PENDING.value, Status.PROCESSING.value)
# One starting picture at most (an upload or a design, each with its object key and a strength); a mask
# needs one. An upscale carries its parent's object key alone (no starting picture, no strength).
INIT_IMAGE_CHECK = (
    "(init_upload_id IS NULL OR init_generation_id IS NULL)"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL) = (strength IS NULL))"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL AND kind <> 'upscale')"
    " = (init_object_key IS NULL))"
    " AND (strength IS NULL OR (strength > 0 AND strength <= 1))"
    " AND ((mask_upload_id IS NULL) = (mask_object_key IS NULL))"
    " AND (mask_upload_id IS NULL OR init_object_key IS NOT NULL)"
)


def _in(column: str, values: list[str] | tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(CommonTableAttributes, DeclarativeBase):
    """advanced-alchemy's table attributes (to_dict, table naming) over our own metadata, whose
    naming convention the migrations and the constraint-to-domain-error mapping rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    # stored normalised (trimmed, lower-case): the unique constraint is then case-insensitive
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    hashed_password: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False, server_default=Role.USER.value)
    balance_credits: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    reserved_credits: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint("balance_credits >= reserved_credits AND reserved_credits >= 0", name="credits"),
        CheckConstraint("email = lower(email)", name="email_lower"),
        CheckConstraint(_in("role", [r.value for r in Role]), name="role"),
    )


class PredictionRequestRow(Base):
    __tablename__ = "prediction_requests"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), nullable=False)
    prompt_ru: Mapped[str] = mapped_column(Text, nullable=False)
    negative_prompt_ru: Mapped[str | None] = mapped_column(Text)
    prompt_en: Mapped[str | None] = mapped_column(Text)
    negative_prompt: Mapped[str | None] = mapped_column(Text)  # final English negative prompt
    style: Mapped[str] = mapped_column(String(32), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    steps: Mapped[int] = mapped_column(Integer, nullable=False)
    guidance: Mapped[float] = mapped_column(Double, nullable=False)
    seed: Mapped[int] = mapped_column(BigInteger, nullable=False)  # up to 2**32 - 1
    quality: Mapped[str] = mapped_column(String(16), nullable=False, server_default=Quality.STANDARD.value)
    model: Mapped[str] = mapped_column(String(200), nullable=False)
    s3_key: Mapped[str | None] = mapped_column(Text)
    public_url: Mapped[str | None] = mapped_column(Text)
    credits_reserved: Mapped[int] = mapped_column(BigInteger, nullable=False)
    credits_spent: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default=Status.PENDING.value)
    progress: Mapped[float] = mapped_column(Double, nullable=False, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # claims so far, never decremented: with lease_owner, the fencing token of a worker's result
    lease_seq: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # design loop (migration 0005): variants of one submit, starting picture, mask
    group_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    variant_index: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    strength: Mapped[float | None] = mapped_column(Double)
    init_upload_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("uploads.id"))
    init_generation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_requests.id"))
    init_object_key: Mapped[str | None] = mapped_column(Text)
    mask_upload_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("uploads.id"))
    mask_object_key: Mapped[str | None] = mapped_column(Text)

    favorite: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    # deleted by its owner: the image is gone, the row stays (history, ledger foreign key)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # issue 22 (migration 0009): an upscale or an inscription names the design it was made from
    kind: Mapped[str] = mapped_column(String(16), nullable=False, server_default=DesignKind.GENERATION.value)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_requests.id"))

    __table_args__ = (
        CheckConstraint(_in("status", [s.value for s in Status]), name="status"),
        # a request is deleted only once finished: its reservation is settled and no worker writes to it
        CheckConstraint(
            f"deleted_at IS NULL OR {_in('status', [s.value for s in Status if s.is_terminal])}",
            name="deleted_terminal",
        ),
        CheckConstraint("variant_index >= 0", name="variant_index"),
        CheckConstraint(INIT_IMAGE_CHECK, name="init_image"),
        CheckConstraint(_in("kind", [k.value for k in DesignKind]), name="kind"),
        # an upscale or an inscription is made from a parent design; a generation has none
        CheckConstraint(f"(kind = '{DesignKind.GENERATION.value}') = (parent_id IS NULL)", name="parent"),
        CheckConstraint(_in("quality", [q.value for q in Quality]), name="quality"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
        # an inscription is free; what the model or the upscaler makes costs something
        CheckConstraint(
            f"credits_reserved >= 0 AND (credits_reserved > 0 OR kind <> '{DesignKind.GENERATION.value}')",
            name="credits_reserved",
        ),
        # invariant 4: only a success spends, and exactly what was reserved at most
        CheckConstraint(
            "credits_spent >= 0 AND credits_spent <= credits_reserved AND (status = 'success' OR credits_spent = 0)",
            name="credits_spent",
        ),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint("lease_seq >= attempts", name="lease_seq"),
        CheckConstraint("width > 0 AND height > 0 AND steps > 0 AND seed >= 0", name="params"),
        Index("ix_prediction_requests_user_created", "user_id", text("created_at DESC")),
        # the gallery's ★ filter: few rows per user, so a partial index stays small
        Index(
            "ix_prediction_requests_user_favorite",
            "user_id",
            text("created_at DESC"),
            postgresql_where=text("favorite"),
        ),
        Index("ix_prediction_requests_style", "style"),
        Index("ix_prediction_requests_group", "group_id", postgresql_where=text("group_id IS NOT NULL")),
        Index("ix_prediction_requests_parent", "parent_id", postgresql_where=text("parent_id IS NOT NULL")),
        Index("ix_prediction_requests_status", "status"),
        Index(
            "ix_prediction_requests_finished", "finished_at", postgresql_where=text("finished_at IS NOT NULL")
        ),
        # the queue: oldest pending (or processing with an expired lease) first
        Index(
            "ix_prediction_requests_queue",
            "created_at",
            "id",
            postgresql_where=text(_in("status", ACTIVE_STATUSES)),
        ),
        Index(
            UQ_REQUESTS_IDEMPOTENCY,
            "user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )


class TransactionRow(Base):
    """Append-only ledger: a trigger (migration 0001) refuses UPDATE and DELETE."""

    __tablename__ = "transactions"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    type: Mapped[str] = mapped_column(String(16), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    prediction_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_requests.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )
    # migration 0008: the payment a top-up or a refund belongs to
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"))

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("kind <> 'refund' OR payment_id IS NOT NULL", name="refund_payment"),
        CheckConstraint(_in("type", [t.value for t in TxType]), name="type"),
        CheckConstraint(_in("kind", [k.value for k in TxKind]), name="kind"),
        CheckConstraint(
            "kind <> 'generation' OR (type = 'debit' AND prediction_request_id IS NOT NULL)",
            name="generation_debit",
        ),
        Index("ix_transactions_user_created", "user_id", text("created_at DESC")),
        Index("ix_transactions_created", text("created_at DESC")),
        # invariant 4: one debit per generation
        Index(
            UQ_TRANSACTIONS_REQUEST,
            "prediction_request_id",
            unique=True,
            postgresql_where=text("prediction_request_id IS NOT NULL"),
        ),
        Index(
            UQ_TRANSACTIONS_IDEMPOTENCY,
            "user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        # a payment is credited once, whatever the notifications
        Index(
            UQ_TRANSACTIONS_PAYMENT_TOP_UP,
            "payment_id",
            unique=True,
            postgresql_where=text("kind = 'top_up' AND payment_id IS NOT NULL"),
        ),
        Index("ix_transactions_payment", "payment_id", postgresql_where=text("payment_id IS NOT NULL")),
    )


class PaymentRow(Base):
    """A credit pack bought through the payment service (domain/payments.py)."""

    __tablename__ = "payments"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), nullable=False)
    credits: Mapped[int] = mapped_column(BigInteger, nullable=False)
    amount_minor: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirmation_url: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    cancel_code: Mapped[str | None] = mapped_column(String(64))
    refund_key: Mapped[str | None] = mapped_column(String(64))
    refund_id: Mapped[str | None] = mapped_column(String(64))
    refunded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    settled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    checked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    refunded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    __table_args__ = (
        CheckConstraint(_in("status", [s.value for s in PaymentStatus]), name="status"),
        CheckConstraint("credits > 0 AND amount_minor > 0", name="amounts"),
        CheckConstraint("status = 'pending' OR settled_at IS NOT NULL", name="settled"),
        CheckConstraint("status <> 'refunding' OR refund_key IS NOT NULL", name="refund_key"),
        Index("ix_payments_user_created", "user_id", text("created_at DESC")),
        Index("ix_payments_created", text("created_at DESC")),
        # the reconciler's work: payments still pending and refunds in progress
        Index(
            "ix_payments_open",
            "checked_at",
            postgresql_where=text("status IN ('pending', 'refunding')"),
        ),
        Index(
            UQ_PAYMENTS_IDEMPOTENCY,
            "user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )


class UploadRow(Base):
    """A user's picture in the private object store (reference or mask); see domain/uploads.py."""

    __tablename__ = "uploads"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), nullable=False)
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    object_key: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint(_in("purpose", [p.value for p in UploadPurpose]), name="purpose"),
        CheckConstraint("width > 0 AND height > 0", name="size"),
        Index("ix_uploads_user_created", "user_id", text("created_at DESC")),
    )


class RefreshTokenRow(Base):
    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    family_id: Mapped[uuid.UUID] = mapped_column(GUID, nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    replaced_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
    created_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (Index("ix_refresh_tokens_user_id", "user_id"),)


class WorkerRow(Base):
    """Last heartbeat of each worker process (admin stats)."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_seen: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    jobs_done: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)


class ShareRow(Base):
    """A link the owner gave a client; revoked links stay (their feedback refers to them)."""

    __tablename__ = "shares"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # The client sees the designs' descriptions (else only the note); links made before migration 0010 did.
    show_description: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))

    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expiry"),
        Index("ix_shares_user_created", "user_id", text("created_at DESC")),
    )


class ShareDesignRow(Base):
    """The designs one link shows, in order (position 0: the design it was made from)."""

    __tablename__ = "share_designs"

    share_token: Mapped[str] = mapped_column(ForeignKey("shares.token", ondelete="CASCADE"), primary_key=True)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("prediction_requests.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (Index("ix_share_designs_generation_id", "generation_id"),)


class ShareFeedbackRow(Base):
    """A client's answer on a link: a decision about one of its designs."""

    __tablename__ = "share_feedback"

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True)
    share_token: Mapped[str] = mapped_column(ForeignKey("shares.token", ondelete="CASCADE"), nullable=False)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("prediction_requests.id"), nullable=False)
    decision: Mapped[str] = mapped_column(String(32), nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    # On a link with an order (migration 0010): the version answered, the client's phone, the consent.
    quote_version: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    __table_args__ = (
        CheckConstraint(_in("decision", [d.value for d in Decision]), name="decision"),
        CheckConstraint("phone IS NULL OR consent_at IS NOT NULL", name="phone_consent"),
        ForeignKeyConstraint(
            ["share_token", "quote_version"], ["share_quotes.share_token", "share_quotes.version"]
        ),
        Index("ix_share_feedback_generation_created", "generation_id", "created_at"),
        Index("ix_share_feedback_share_created", "share_token", "created_at"),
    )


class BakeryRow(Base):
    """A baker's price list and contacts (money in kopecks, weights in grams)."""

    __tablename__ = "bakeries"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    city: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(16))
    telegram: Mapped[str | None] = mapped_column(String(64))
    price_per_kg: Mapped[int] = mapped_column(BigInteger, nullable=False)
    min_weight_g: Mapped[int] = mapped_column(Integer, nullable=False)
    grams_per_guest: Mapped[int] = mapped_column(Integer, nullable=False)
    prepayment_percent: Mapped[int] = mapped_column(Integer, nullable=False)
    lead_days: Mapped[int] = mapped_column(Integer, nullable=False)
    orders_per_day: Mapped[int | None] = mapped_column(Integer)
    delivery_price: Mapped[int | None] = mapped_column(BigInteger)
    fillings: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)  # [{name, price_per_kg}]
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint("phone IS NOT NULL OR telegram IS NOT NULL", name="contact"),
        CheckConstraint(
            "price_per_kg > 0 AND min_weight_g >= 0 AND grams_per_guest > 0 AND lead_days >= 0"
            " AND prepayment_percent BETWEEN 0 AND 100"
            " AND (orders_per_day IS NULL OR orders_per_day > 0)"
            " AND (delivery_price IS NULL OR delivery_price >= 0)",
            name="ranges",
        ),
    )


class ShareQuoteRow(Base):
    """One version of the order on a link, priced when it was made; the highest version is current."""

    __tablename__ = "share_quotes"

    share_token: Mapped[str] = mapped_column(ForeignKey("shares.token", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    weight_g: Mapped[int] = mapped_column(Integer, nullable=False)
    guests: Mapped[int | None] = mapped_column(Integer)
    tiers: Mapped[int] = mapped_column(Integer, nullable=False)
    fillings: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    tier_prices: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), nullable=False)
    price_per_kg: Mapped[int] = mapped_column(BigInteger, nullable=False)
    decor_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    delivery: Mapped[str] = mapped_column(String(16), nullable=False)
    delivery_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    cake_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    total: Mapped[int] = mapped_column(BigInteger, nullable=False)
    prepayment_percent: Mapped[int] = mapped_column(Integer, nullable=False)
    prepayment: Mapped[int] = mapped_column(BigInteger, nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint(_in("delivery", [d.value for d in Delivery]), name="delivery"),
        CheckConstraint(
            "version >= 1 AND weight_g > 0 AND tiers BETWEEN 1 AND 5"
            " AND cardinality(tier_prices) = tiers AND cardinality(fillings) IN (0, tiers)",
            name="shape",
        ),
        # The money adds up, in whole kopecks: what the domain computed is what is stored.
        CheckConstraint(
            "cake_price >= 0 AND decor_price >= 0 AND delivery_price >= 0"
            " AND total = cake_price + decor_price + delivery_price"
            " AND prepayment BETWEEN 0 AND total",
            name="money",
        ),
        CheckConstraint("expires_at > created_at", name="expiry"),
    )


class LimitHitRow(Base):
    """One counted hit of an abuse limit or one open event stream (application/ports/limits.py),
    shared by every API process; it counts until `expires_at` (a stream's holder keeps renewing it).
    UNLOGGED: no WAL for counters this busy; a database crash empties it, which only resets the limits."""

    __tablename__ = "limit_hits"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    key: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), nullable=False)

    __table_args__ = (
        Index("ix_limit_hits_name_key_expires", "name", "key", "expires_at"),
        {"prefixes": ["UNLOGGED"]},
    )


def _table(row: type[Base]) -> Table:
    # DeclarativeBase types __table__ as any FromClause; a class with __tablename__ always maps a Table.
    table = row.__table__
    assert isinstance(table, Table)
    return table


users = _table(UserRow)
prediction_requests = _table(PredictionRequestRow)
transactions = _table(TransactionRow)
refresh_tokens = _table(RefreshTokenRow)
uploads = _table(UploadRow)
workers = _table(WorkerRow)
shares = _table(ShareRow)
share_designs = _table(ShareDesignRow)
share_feedback = _table(ShareFeedbackRow)
bakeries = _table(BakeryRow)
share_quotes = _table(ShareQuoteRow)
payments = _table(PaymentRow)
limit_hits = _table(LimitHitRow)
