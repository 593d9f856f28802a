"""prediction_requests.lease_seq: the claim number that fences a worker's result with its id.

Existing rows start at their attempts (each attempt was a claim), so the constraint holds at once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "prediction_requests", sa.Column("lease_seq", sa.Integer(), server_default="0", nullable=False)
    )
    op.execute("UPDATE prediction_requests SET lease_seq = attempts")
    op.create_check_constraint(
        op.f("ck_prediction_requests_lease_seq"), "prediction_requests", "lease_seq >= attempts"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_prediction_requests_lease_seq"), "prediction_requests", type_="check")
    op.drop_column("prediction_requests", "lease_seq")
