"""Orders on share links: the baker's price list (bakeries), the quote versions (share_quotes), and
the order fields of an answer (share_feedback.quote_version, phone, consent_at).

Money is BIGINT kopecks and weight INTEGER grams; CHECKs keep the sums whole and consistent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "bakeries",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("telegram", sa.String(length=64), nullable=True),
        sa.Column("price_per_kg", sa.BigInteger(), nullable=False),
        sa.Column("min_weight_g", sa.Integer(), nullable=False),
        sa.Column("grams_per_guest", sa.Integer(), nullable=False),
        sa.Column("prepayment_percent", sa.Integer(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("orders_per_day", sa.Integer(), nullable=True),
        sa.Column("delivery_price", sa.BigInteger(), nullable=True),
        sa.Column("fillings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.CheckConstraint("phone IS NOT NULL OR telegram IS NOT NULL", name=op.f("ck_bakeries_contact")),
        sa.CheckConstraint(
            "price_per_kg > 0 AND min_weight_g >= 0 AND grams_per_guest > 0 AND lead_days >= 0"
            " AND prepayment_percent BETWEEN 0 AND 100"
            " AND (orders_per_day IS NULL OR orders_per_day > 0)"
            " AND (delivery_price IS NULL OR delivery_price >= 0)",
            name=op.f("ck_bakeries_ranges"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_bakeries_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_bakeries")),
    )
    op.create_table(
        "share_quotes",
        sa.Column("share_token", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=True),
        sa.Column("tiers", sa.Integer(), nullable=False),
        sa.Column("fillings", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("tier_prices", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("price_per_kg", sa.BigInteger(), nullable=False),
        sa.Column("decor_price", sa.BigInteger(), nullable=False),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("delivery_price", sa.BigInteger(), nullable=False),
        sa.Column("cake_price", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("prepayment_percent", sa.Integer(), nullable=False),
        sa.Column("prepayment", sa.BigInteger(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.CheckConstraint("delivery IN ('pickup', 'delivery')", name=op.f("ck_share_quotes_delivery")),
        sa.CheckConstraint(
            "version >= 1 AND weight_g > 0 AND tiers BETWEEN 1 AND 5"
            " AND cardinality(tier_prices) = tiers AND cardinality(fillings) IN (0, tiers)",
            name=op.f("ck_share_quotes_shape"),
        ),
        sa.CheckConstraint(
            "cake_price >= 0 AND decor_price >= 0 AND delivery_price >= 0"
            " AND total = cake_price + decor_price + delivery_price"
            " AND prepayment BETWEEN 0 AND total",
            name=op.f("ck_share_quotes_money"),
        ),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_share_quotes_expiry")),
        sa.ForeignKeyConstraint(
            ["share_token"],
            ["shares.token"],
            name=op.f("fk_share_quotes_share_token_shares"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("share_token", "version", name=op.f("pk_share_quotes")),
    )
    op.add_column("share_feedback", sa.Column("quote_version", sa.Integer(), nullable=True))
    op.add_column("share_feedback", sa.Column("phone", sa.String(length=16), nullable=True))
    op.add_column("share_feedback", sa.Column("consent_at", _MOMENT, nullable=True))
    op.create_check_constraint(
        op.f("ck_share_feedback_phone_consent"), "share_feedback", "phone IS NULL OR consent_at IS NOT NULL"
    )
    op.create_foreign_key(
        op.f("fk_share_feedback_share_token_share_quotes"),
        "share_feedback",
        "share_quotes",
        ["share_token", "quote_version"],
        ["share_token", "version"],
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_share_feedback_share_token_share_quotes"), "share_feedback", type_="foreignkey"
    )
    op.drop_constraint(op.f("ck_share_feedback_phone_consent"), "share_feedback", type_="check")
    op.drop_column("share_feedback", "consent_at")
    op.drop_column("share_feedback", "phone")
    op.drop_column("share_feedback", "quote_version")
    op.drop_table("share_quotes")
    op.drop_table("bakeries")
