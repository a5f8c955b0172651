"""bank accounts are removed by marking them, so payouts and top-ups that name them keep their link

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("external_accounts") as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM external_accounts WHERE deleted_at IS NOT NULL")
    with op.batch_alter_table("external_accounts") as batch_op:
        batch_op.drop_column("deleted_at")
