"""prediction_requests.favorite (the owner's star) and deleted_at (deleted by the owner, row kept).

A deleted request keeps its row: the ledger's debit points at it and the history shows it, marked.
Only a finished request may be deleted (CHECK), so no reservation is outstanding on a deleted row.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "prediction_requests",
        sa.Column("favorite", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column("prediction_requests", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        op.f("ck_prediction_requests_deleted_terminal"),
        "prediction_requests",
        "deleted_at IS NULL OR status IN ('success', 'failed', 'cancelled')",
    )
    op.create_index(
        "ix_prediction_requests_user_favorite",
        "prediction_requests",
        ["user_id", sa.text("created_at DESC")],
        postgresql_where=sa.text("favorite"),
    )


def downgrade() -> None:
    op.drop_index("ix_prediction_requests_user_favorite", table_name="prediction_requests")
    op.drop_constraint(op.f("ck_prediction_requests_deleted_terminal"), "prediction_requests", type_="check")
    op.drop_column("prediction_requests", "deleted_at")
    op.drop_column("prediction_requests", "favorite")
