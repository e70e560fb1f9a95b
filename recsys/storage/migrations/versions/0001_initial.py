"""The schema of the first releases (which created it without Alembic).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shoppers",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("verified_email", sa.String(255), nullable=True),
    )
    op.create_table(
        "chat_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_chat_sessions_shopper_id", "chat_sessions", ["shopper_id"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), nullable=False),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("chat_sessions.id"), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(64), nullable=True),
        sa.Column("scene", sa.String(16), nullable=False),
        sa.Column("raw_scene", sa.String(16), nullable=False),
        sa.Column("probs", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("shopper_id", "message_id", name="uq_turn_message"),
    )
    op.create_index("ix_turns_shopper_id", "turns", ["shopper_id"])
    op.create_index("ix_turns_session_id", "turns", ["session_id"])
    op.create_table(
        "shown_products",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("turns.id"), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_shown_products_turn_id", "shown_products", ["turn_id"])
    op.create_table(
        "product_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), nullable=False),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("turns.id"), nullable=True),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_product_events_shopper_id", "product_events", ["shopper_id"])
    op.create_table(
        "preferences",
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), primary_key=True),
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("turns.id"), nullable=True),
        sa.Column("scene", sa.String(16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "orders",
        sa.Column("number", sa.String(32), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.Column("shipping_method", sa.String(64), nullable=False),
        sa.Column("carrier", sa.String(64), nullable=True),
        sa.Column("tracking_number", sa.String(64), nullable=True),
        sa.Column("estimated_delivery", sa.DateTime(), nullable=True),
        sa.Column("payment_method", sa.String(64), nullable=False),
        sa.Column("currency", sa.String(8), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
    )
    op.create_index("ix_orders_email", "orders", ["email"])
    op.create_table(
        "order_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_number", sa.String(32), sa.ForeignKey("orders.number"), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("size", sa.String(16), nullable=True),
        sa.Column("color", sa.String(32), nullable=True),
        sa.Column("price", sa.Float(), nullable=False),
        sa.Column("refunded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_order_items_order_number", "order_items", ["order_number"])


def downgrade() -> None:
    for table in ("order_items", "orders", "preferences", "product_events", "shown_products", "turns",
                  "chat_sessions", "shoppers"):
        op.drop_table(table)
