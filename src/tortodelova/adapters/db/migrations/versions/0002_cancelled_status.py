"""prediction_requests.status may be 'cancelled' (the owner withdrew a pending request), and a
cancelled request stays cancelled: a trigger refuses any later change of its status, so no code
path (a worker's claim or settlement included) can revive it, whatever races the application has.

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

CANCELLED_IS_FINAL_FUNCTION = """
CREATE FUNCTION prediction_requests_cancelled_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'prediction request % is cancelled: its status cannot change to %', OLD.id, NEW.status
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def upgrade() -> None:
    op.drop_constraint(op.f(_NAME), "prediction_requests", type_="check")
    op.create_check_constraint(
        op.f(_NAME),
        "prediction_requests",
        "status IN ('pending', 'processing', 'success', 'failed', 'cancelled')",
    )
    op.execute(CANCELLED_IS_FINAL_FUNCTION)
    op.execute(
        "CREATE TRIGGER prediction_requests_cancelled_is_final BEFORE UPDATE OF status ON prediction_requests "
        "FOR EACH ROW WHEN (OLD.status = 'cancelled' AND NEW.status <> 'cancelled') "
        "EXECUTE FUNCTION prediction_requests_cancelled_is_final()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS prediction_requests_cancelled_is_final ON prediction_requests")
    op.execute("DROP FUNCTION IF EXISTS prediction_requests_cancelled_is_final()")
    # A cancelled request never ran and spent nothing: as 'failed' it keeps every money invariant.
    op.execute(
        "UPDATE prediction_requests SET status = 'failed', error = coalesce(error, 'Отменено') "
        "WHERE status = 'cancelled'"
    )
    op.drop_constraint(op.f(_NAME), "prediction_requests", type_="check")
    op.create_check_constraint(
        op.f(_NAME), "prediction_requests", "status IN ('pending', 'processing', 'success', 'failed')"
    )
