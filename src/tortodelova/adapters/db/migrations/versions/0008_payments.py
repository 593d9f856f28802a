"""Payments: credit packs bought through the payment service, and the ledger entries that point at them.

`transactions.payment_id` ties a top-up (credited once: a unique index per payment) or a refund to
its payment. Top-ups written before this revision (the former free top-up) have none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("credits", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("confirmation_url", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("cancel_code", sa.String(length=64), nullable=True),
        sa.Column("refund_key", sa.String(length=64), nullable=True),
        sa.Column("refund_id", sa.String(length=64), nullable=True),
        sa.Column("refunded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.Column("settled_at", _MOMENT, nullable=True),
        sa.Column("checked_at", _MOMENT, nullable=True),
        sa.Column("refunded_at", _MOMENT, nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'canceled', 'refunding', 'refunded')",
            name=op.f("ck_payments_status"),
        ),
        sa.CheckConstraint("credits > 0 AND amount_minor > 0", name=op.f("ck_payments_amounts")),
        sa.CheckConstraint("status = 'pending' OR settled_at IS NOT NULL", name=op.f("ck_payments_settled")),
        sa.CheckConstraint(
            "status <> 'refunding' OR refund_key IS NOT NULL", name=op.f("ck_payments_refund_key")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.ForeignKeyConstraint(["refunded_by"], ["users.id"], name=op.f("fk_payments_refunded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("external_id", name=op.f("uq_payments_external_id")),
    )
    op.create_index("ix_payments_user_created", "payments", ["user_id", sa.text("created_at DESC")])
    op.create_index("ix_payments_created", "payments", [sa.text("created_at DESC")])
    op.create_index(
        "ix_payments_open",
        "payments",
        ["checked_at"],
        postgresql_where=sa.text("status IN ('pending', 'refunding')"),
    )
    op.create_index(
        "uq_payments_user_idempotency",
        "payments",
        ["user_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    op.add_column("transactions", sa.Column("payment_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_transactions_payment_id_payments"), "transactions", "payments", ["payment_id"], ["id"]
    )
    op.create_check_constraint(
        op.f("ck_transactions_refund_payment"), "transactions", "kind <> 'refund' OR payment_id IS NOT NULL"
    )
    op.create_index(
        "uq_transactions_payment_top_up",
        "transactions",
        ["payment_id"],
        unique=True,
        postgresql_where=sa.text("kind = 'top_up' AND payment_id IS NOT NULL"),
    )
    op.create_index(
        "ix_transactions_payment",
        "transactions",
        ["payment_id"],
        postgresql_where=sa.text("payment_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_transactions_payment", table_name="transactions")
    op.drop_index("uq_transactions_payment_top_up", table_name="transactions")
    op.drop_constraint(op.f("ck_transactions_refund_payment"), "transactions", type_="check")
    op.drop_constraint(op.f("fk_transactions_payment_id_payments"), "transactions", type_="foreignkey")
    op.drop_column("transactions", "payment_id")
    op.drop_index("uq_payments_user_idempotency", table_name="payments")
    op.drop_index("ix_payments_open", table_name="payments")
    op.drop_index("ix_payments_created", table_name="payments")
    op.drop_index("ix_payments_user_created", table_name="payments")
    op.drop_table("payments")
