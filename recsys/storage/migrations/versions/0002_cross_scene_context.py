"""Cross-scene context: the kind of each shown list, the cart, orders a shopper verified, and
return requests.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shown_products") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="search"))
    op.create_table(
        "cart_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("shopper_id", "product_id", name="uq_cart_product"),
    )
    op.create_index("ix_cart_items_shopper_id", "cart_items", ["shopper_id"])
    op.create_table(
        "verified_orders",
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), primary_key=True),
        sa.Column("order_number", sa.String(32), sa.ForeignKey("orders.number"), primary_key=True),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("turns.id"), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "return_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shopper_id", sa.String(128), sa.ForeignKey("shoppers.id"), nullable=False),
        sa.Column("order_number", sa.String(32), sa.ForeignKey("orders.number"), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("turns.id"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("order_number", "product_id", name="uq_return_item"),
    )
    op.create_index("ix_return_requests_shopper_id", "return_requests", ["shopper_id"])


def downgrade() -> None:
    op.drop_table("return_requests")
    op.drop_table("verified_orders")
    op.drop_table("cart_items")
    with op.batch_alter_table("shown_products") as batch:
        batch.drop_column("kind")
