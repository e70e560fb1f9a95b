"""Cart lines remember the size and colour the shopper chose ("2nd one, XS, blue").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cart_items") as batch:
        batch.add_column(sa.Column("size", sa.String(16), nullable=True))
        batch.add_column(sa.Column("color", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cart_items") as batch:
        batch.drop_column("color")
        batch.drop_column("size")
