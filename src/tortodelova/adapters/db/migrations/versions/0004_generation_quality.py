"""prediction_requests.quality: 'standard' (the base model) or 'draft' (LCM-LoRA, 4-8 steps).

Existing rows were all rendered in full quality, hence the server default.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "prediction_requests",
        sa.Column("quality", sa.String(length=16), server_default="standard", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_prediction_requests_quality"), "prediction_requests", "quality IN ('standard', 'draft')"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_prediction_requests_quality"), "prediction_requests", type_="check")
    op.drop_column("prediction_requests", "quality")
