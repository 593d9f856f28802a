"""Design kinds (issue 22): prediction_requests.kind (generation, upscale, inscription) and parent_id,
the design an upscale or an inscription was made from.

An upscale is queued like a generation and reads its parent's picture from init_object_key without a
starting picture of its own, so the init_image check allows that for kind 'upscale'. An inscription
is free: credits_reserved may be 0 for every kind but a generation.

Existing rows are generations (a redraw keeps naming its starting design in init_generation_id).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "prediction_requests"
_OLD_INIT_IMAGE = (
    "(init_upload_id IS NULL OR init_generation_id IS NULL)"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL)"
    " = (init_object_key IS NULL AND strength IS NULL))"
    " AND (strength IS NULL OR (strength > 0 AND strength <= 1))"
    " AND ((mask_upload_id IS NULL) = (mask_object_key IS NULL))"
    " AND (mask_upload_id IS NULL OR init_object_key IS NOT NULL)"
)
_NEW_INIT_IMAGE = (
    "(init_upload_id IS NULL OR init_generation_id IS NULL)"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL) = (strength IS NULL))"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL AND kind <> 'upscale')"
    " = (init_object_key IS NULL))"
    " AND (strength IS NULL OR (strength > 0 AND strength <= 1))"
    " AND ((mask_upload_id IS NULL) = (mask_object_key IS NULL))"
    " AND (mask_upload_id IS NULL OR init_object_key IS NOT NULL)"
)
_NEW_CREDITS = "credits_reserved >= 0 AND (credits_reserved > 0 OR kind <> 'generation')"


def _replace_check(name: str, condition: str) -> None:
    op.drop_constraint(op.f(f"ck_{TABLE}_{name}"), TABLE, type_="check")
    op.create_check_constraint(op.f(f"ck_{TABLE}_{name}"), TABLE, condition)


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("kind", sa.String(length=16), server_default="generation", nullable=False))
    op.add_column(TABLE, sa.Column("parent_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_prediction_requests_parent_id_prediction_requests"), TABLE, TABLE, ["parent_id"], ["id"]
    )
    op.create_check_constraint(
        op.f("ck_prediction_requests_kind"), TABLE, "kind IN ('generation', 'upscale', 'inscription')"
    )
    op.create_check_constraint(
        op.f("ck_prediction_requests_parent"), TABLE, "(kind = 'generation') = (parent_id IS NULL)"
    )
    _replace_check("init_image", _NEW_INIT_IMAGE)
    _replace_check("credits_reserved", _NEW_CREDITS)
    op.create_index(
        "ix_prediction_requests_parent",
        TABLE,
        ["parent_id"],
        postgresql_where=sa.text("parent_id IS NOT NULL"),
    )


def downgrade() -> None:
    # Only generations fit the old schema: with upscales or inscriptions stored, the old checks refuse
    # the table (and the append-only ledger keeps the upscales' debits), so this is for empty ones.
    op.drop_index("ix_prediction_requests_parent", table_name=TABLE)
    _replace_check("credits_reserved", "credits_reserved > 0")
    _replace_check("init_image", _OLD_INIT_IMAGE)
    op.drop_constraint(op.f("ck_prediction_requests_parent"), TABLE, type_="check")
    op.drop_constraint(op.f("ck_prediction_requests_kind"), TABLE, type_="check")
    op.drop_constraint(
        op.f("fk_prediction_requests_parent_id_prediction_requests"), TABLE, type_="foreignkey"
    )
    op.drop_column(TABLE, "parent_id")
    op.drop_column(TABLE, "kind")
