"""shares.show_description: whether the client sees the designs' descriptions, or only the note.

The baker's working description (her shorthand, the words she gave the model) is hers: a new link
shows only the note she writes for the client unless she chooses otherwise. Links made before this
revision showed the description, so they keep showing it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "shares",
        sa.Column("show_description", sa.Boolean(), server_default=sa.text("true"), nullable=False),
    )
    op.alter_column("shares", "show_description", server_default=sa.text("false"))


def downgrade() -> None:
    op.drop_column("shares", "show_description")
