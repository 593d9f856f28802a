"""Design loop (issue 12): the `uploads` table and, on prediction_requests, the variant group, the
starting picture (an upload or a design, with its object key and strength) and the inpainting mask.

Existing rows are text-only single generations: every new column is null, variant_index 0.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INIT_IMAGE_CHECK = (
    "(init_upload_id IS NULL OR init_generation_id IS NULL)"
    " AND ((init_upload_id IS NULL AND init_generation_id IS NULL)"
    " = (init_object_key IS NULL AND strength IS NULL))"
    " AND (strength IS NULL OR (strength > 0 AND strength <= 1))"
    " AND ((mask_upload_id IS NULL) = (mask_object_key IS NULL))"
    " AND (mask_upload_id IS NULL OR init_object_key IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("object_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("purpose IN ('reference', 'mask')", name=op.f("ck_uploads_purpose")),
        sa.CheckConstraint("width > 0 AND height > 0", name=op.f("ck_uploads_size")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_uploads_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    op.create_index("ix_uploads_user_created", "uploads", ["user_id", sa.text("created_at DESC")])

    table = "prediction_requests"
    op.add_column(table, sa.Column("group_id", sa.Uuid(), nullable=True))
    op.add_column(table, sa.Column("variant_index", sa.Integer(), server_default="0", nullable=False))
    op.add_column(table, sa.Column("strength", sa.Double(), nullable=True))
    op.add_column(table, sa.Column("init_upload_id", sa.Uuid(), nullable=True))
    op.add_column(table, sa.Column("init_generation_id", sa.Uuid(), nullable=True))
    op.add_column(table, sa.Column("init_object_key", sa.Text(), nullable=True))
    op.add_column(table, sa.Column("mask_upload_id", sa.Uuid(), nullable=True))
    op.add_column(table, sa.Column("mask_object_key", sa.Text(), nullable=True))
    op.create_foreign_key(
        op.f("fk_prediction_requests_init_upload_id_uploads"), table, "uploads", ["init_upload_id"], ["id"]
    )
    op.create_foreign_key(
        op.f("fk_prediction_requests_init_generation_id_prediction_requests"),
        table,
        table,
        ["init_generation_id"],
        ["id"],
    )
    op.create_foreign_key(
        op.f("fk_prediction_requests_mask_upload_id_uploads"), table, "uploads", ["mask_upload_id"], ["id"]
    )
    op.create_check_constraint(op.f("ck_prediction_requests_variant_index"), table, "variant_index >= 0")
    op.create_check_constraint(op.f("ck_prediction_requests_init_image"), table, _INIT_IMAGE_CHECK)
    op.create_index(
        "ix_prediction_requests_group",
        table,
        ["group_id"],
        postgresql_where=sa.text("group_id IS NOT NULL"),
    )


def downgrade() -> None:
    table = "prediction_requests"
    op.drop_index("ix_prediction_requests_group", table_name=table)
    op.drop_constraint(op.f("ck_prediction_requests_init_image"), table, type_="check")
    op.drop_constraint(op.f("ck_prediction_requests_variant_index"), table, type_="check")
    for fk in (
        "fk_prediction_requests_mask_upload_id_uploads",
        "fk_prediction_requests_init_generation_id_prediction_requests",
        "fk_prediction_requests_init_upload_id_uploads",
    ):
        op.drop_constraint(op.f(fk), table, type_="foreignkey")
    for column in (
        "mask_object_key",
        "mask_upload_id",
        "init_object_key",
        "init_generation_id",
        "init_upload_id",
        "strength",
        "variant_index",
        "group_id",
    ):
        op.drop_column(table, column)
    op.drop_index("ix_uploads_user_created", table_name="uploads")
    op.drop_table("uploads")
