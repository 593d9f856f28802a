"""Initial schema: users, prediction_requests, transactions (append-only), refresh_tokens, workers.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_FUNCTION = """
CREATE FUNCTION transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'transactions are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation', HINT = 'record a correcting transaction instead';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("hashed_password", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), server_default="user", nullable=False),
        sa.Column("balance_credits", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reserved_credits", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("role IN ('user', 'admin')", name=op.f("ck_users_role")),
        sa.CheckConstraint(
            "balance_credits >= reserved_credits AND reserved_credits >= 0", name=op.f("ck_users_credits")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lower")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("jobs_done", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
    )
    op.create_table(
        "prediction_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("prompt_ru", sa.Text(), nullable=False),
        sa.Column("negative_prompt_ru", sa.Text(), nullable=True),
        sa.Column("prompt_en", sa.Text(), nullable=True),
        sa.Column("negative_prompt", sa.Text(), nullable=True),
        sa.Column("style", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("guidance", sa.Double(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("s3_key", sa.Text(), nullable=True),
        sa.Column("public_url", sa.Text(), nullable=True),
        sa.Column("credits_reserved", sa.BigInteger(), nullable=False),
        sa.Column("credits_spent", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("progress", sa.Double(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "credits_spent >= 0 AND credits_spent <= credits_reserved AND (status = 'success' OR credits_spent = 0)",
            name=op.f("ck_prediction_requests_credits_spent"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'processing', 'success', 'failed')",
            name=op.f("ck_prediction_requests_status"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_prediction_requests_attempts")),
        sa.CheckConstraint("credits_reserved > 0", name=op.f("ck_prediction_requests_credits_reserved")),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name=op.f("ck_prediction_requests_progress")),
        sa.CheckConstraint(
            "width > 0 AND height > 0 AND steps > 0 AND seed >= 0", name=op.f("ck_prediction_requests_params")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_prediction_requests_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_requests")),
    )
    op.create_index(
        "ix_prediction_requests_finished",
        "prediction_requests",
        ["finished_at"],
        unique=False,
        postgresql_where=sa.text("finished_at IS NOT NULL"),
    )
    op.create_index(
        "ix_prediction_requests_queue",
        "prediction_requests",
        ["created_at", "id"],
        unique=False,
        postgresql_where=sa.text("status IN ('pending', 'processing')"),
    )
    op.create_index("ix_prediction_requests_status", "prediction_requests", ["status"], unique=False)
    op.create_index("ix_prediction_requests_style", "prediction_requests", ["style"], unique=False)
    op.create_index(
        "ix_prediction_requests_user_created",
        "prediction_requests",
        ["user_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "uq_prediction_requests_user_idempotency",
        "prediction_requests",
        ["user_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_refresh_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(op.f("ix_refresh_tokens_family_id"), "refresh_tokens", ["family_id"], unique=False)
    op.create_index("ix_refresh_tokens_user_id", "refresh_tokens", ["user_id"], unique=False)
    op.create_table(
        "transactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("prediction_request_id", sa.Uuid(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "kind <> 'generation' OR (type = 'debit' AND prediction_request_id IS NOT NULL)",
            name=op.f("ck_transactions_generation_debit"),
        ),
        sa.CheckConstraint(
            "kind IN ('top_up', 'generation', 'admin_adjustment', 'bonus', 'refund')",
            name=op.f("ck_transactions_kind"),
        ),
        sa.CheckConstraint("type IN ('debit', 'credit')", name=op.f("ck_transactions_type")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_transactions_amount_positive")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_transactions_created_by_users")),
        sa.ForeignKeyConstraint(
            ["prediction_request_id"],
            ["prediction_requests.id"],
            name=op.f("fk_transactions_prediction_request_id_prediction_requests"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_transactions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
    )
    op.create_index(
        "ix_transactions_created", "transactions", [sa.literal_column("created_at DESC")], unique=False
    )
    op.create_index(
        "ix_transactions_user_created",
        "transactions",
        ["user_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "uq_transactions_prediction_request",
        "transactions",
        ["prediction_request_id"],
        unique=True,
        postgresql_where=sa.text("prediction_request_id IS NOT NULL"),
    )
    op.create_index(
        "uq_transactions_user_idempotency",
        "transactions",
        ["user_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    # The ledger is append-only: corrections are new transactions, never edits.
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(
        "CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions "
        "FOR EACH ROW EXECUTE FUNCTION transactions_append_only()"
    )


def downgrade() -> None:
    # dropping a table drops its indexes and triggers too
    for table in ("transactions", "refresh_tokens", "prediction_requests", "workers", "users"):
        op.drop_table(table)
    op.execute("DROP FUNCTION IF EXISTS transactions_append_only()")
