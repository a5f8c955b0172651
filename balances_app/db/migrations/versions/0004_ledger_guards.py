"""ledger guards and due work

The database itself refuses what would break the ledger, whoever writes to it: CHECK
constraints for `net = amount - fee`, known types and their signs; triggers that refuse any
UPDATE, DELETE (and, on PostgreSQL, TRUNCATE) of an entry. Plus the `due_work` table (what
falls due with time, by due time) and indexes that keep an account's newest rows one index
range away however long its history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from balances_app.db.models import LEDGER_CHECKS

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "balance_transactions is append-only: entries are never updated or deleted"
SQLITE_TRIGGERS = {
    "balance_transactions_no_update": "BEFORE UPDATE",
    "balance_transactions_no_delete": "BEFORE DELETE",
}
NEWEST_FIRST = {
    "ix_balance_transactions_account_created": "balance_transactions",
    "ix_payouts_account_created": "payouts",
    "ix_topups_account_created": "topups",
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    with op.batch_alter_table("balance_transactions", schema=None) as batch_op:
        for name, condition in LEDGER_CHECKS.items():
            batch_op.create_check_constraint(name, condition)
    if _sqlite():
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} {when} ON balance_transactions BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION balance_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        op.execute(
            "CREATE TRIGGER balance_transactions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON balance_transactions FOR EACH STATEMENT EXECUTE FUNCTION balance_transactions_append_only()"
        )
    for name, table in NEWEST_FIRST.items():
        op.create_index(name, table, ["account_id", "created", "id"], unique=False)

    op.create_table(
        "due_work",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("platform_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("account_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["connected_accounts.id"]),
        sa.ForeignKeyConstraint(["platform_id"], ["platforms.id"]),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("kind", "subject_id"),
    )
    op.create_index("ix_due_work_platform_due", "due_work", ["platform_id", "due_at"], unique=False)
    op.create_index("ix_due_work_account_due", "due_work", ["account_id", "due_at"], unique=False)
    # What was open before this revision is due at once: the runner works out each row's real time.
    for kind, table, open_rows in (
        ("payout", "payouts", "status IN ('pending', 'in_transit')"),
        ("topup", "topups", "status = 'pending'"),
        ("payout_day", "connected_accounts", "1 = 1"),
    ):
        account = "id" if table == "connected_accounts" else "account_id"
        op.execute(
            f"INSERT INTO due_work (platform_id, account_id, kind, subject_id, due_at) "
            f"SELECT a.platform_id, a.id, '{kind}', t.id, 0 FROM {table} t "
            f"JOIN connected_accounts a ON a.id = t.{account} WHERE {open_rows.replace('status', 't.status')}"
        )


def downgrade() -> None:
    op.drop_index("ix_due_work_account_due", table_name="due_work")
    op.drop_index("ix_due_work_platform_due", table_name="due_work")
    op.drop_table("due_work")
    for name, table in NEWEST_FIRST.items():
        op.drop_index(name, table_name=table)
    if _sqlite():
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER balance_transactions_append_only ON balance_transactions")
        op.execute("DROP FUNCTION balance_transactions_append_only()")
    with op.batch_alter_table("balance_transactions", schema=None) as batch_op:
        for name in LEDGER_CHECKS:
            batch_op.drop_constraint(name, type_="check")
