"""Share links (shares, share_designs) and the clients' feedback on them (share_feedback).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "shares",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("revoked_at", _MOMENT, nullable=True),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_shares_expiry")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_shares_user_id_users")),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_shares")),
    )
    op.create_index("ix_shares_user_created", "shares", ["user_id", sa.text("created_at DESC")])
    op.create_table(
        "share_designs",
        sa.Column("share_token", sa.String(length=64), nullable=False),
        sa.Column("generation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["share_token"],
            ["shares.token"],
            name=op.f("fk_share_designs_share_token_shares"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["generation_id"],
            ["prediction_requests.id"],
            name=op.f("fk_share_designs_generation_id_prediction_requests"),
        ),
        sa.PrimaryKeyConstraint("share_token", "generation_id", name=op.f("pk_share_designs")),
    )
    op.create_index("ix_share_designs_generation_id", "share_designs", ["generation_id"])
    op.create_table(
        "share_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("share_token", sa.String(length=64), nullable=False),
        sa.Column("generation_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.CheckConstraint(
            "decision IN ('approved', 'changes_requested')", name=op.f("ck_share_feedback_decision")
        ),
        sa.ForeignKeyConstraint(
            ["share_token"],
            ["shares.token"],
            name=op.f("fk_share_feedback_share_token_shares"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["generation_id"],
            ["prediction_requests.id"],
            name=op.f("fk_share_feedback_generation_id_prediction_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_feedback")),
    )
    op.create_index("ix_share_feedback_generation_created", "share_feedback", ["generation_id", "created_at"])
    op.create_index("ix_share_feedback_share_created", "share_feedback", ["share_token", "created_at"])


def downgrade() -> None:
    op.drop_table("share_feedback")
    op.drop_table("share_designs")
    op.drop_table("shares")
