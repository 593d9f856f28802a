"""prediction_requests.status may be 'cancelled' (the owner withdrew a pending request).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ck_prediction_requests_status"


def upgrade() -> None:
    op.drop_constraint(op.f(_NAME), "prediction_requests", type_="check")
    op.create_check_constraint(
        op.f(_NAME),
        "prediction_requests",
        "status IN ('pending', 'processing', 'success', 'failed', 'cancelled')",
    )


def downgrade() -> None:
    # A cancelled request never ran and spent nothing: as 'failed' it keeps every money invariant.
    op.execute(
        "UPDATE prediction_requests SET status = 'failed', error = coalesce(error, 'Отменено') "
        "WHERE status = 'cancelled'"
    )
    op.drop_constraint(op.f(_NAME), "prediction_requests", type_="check")
    op.create_check_constraint(
        op.f(_NAME), "prediction_requests", "status IN ('pending', 'processing', 'success', 'failed')"
    )
