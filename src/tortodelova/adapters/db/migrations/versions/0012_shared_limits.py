"""limit_hits: the abuse limits' and stream caps' counters, shared by every API process.

Each row is one hit of a limit (a failed login, a registration, an open event stream...) that counts
until `expires_at`. UNLOGGED: a database crash empties it, which only resets the limits.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limit_hits",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limit_hits")),
        prefixes=["UNLOGGED"],
    )
    op.create_index("ix_limit_hits_name_key_expires", "limit_hits", ["name", "key", "expires_at"])


def downgrade() -> None:
    op.drop_index("ix_limit_hits_name_key_expires", table_name="limit_hits")
    op.drop_table("limit_hits")
