"""New rows written with one compiled INSERT each, instead of the ORM's unit of work at flush time.

On the write paths (a payout, its entries, its event, its idempotency record) the ORM's flush
machinery and even Core's per-statement work cost more than the database: working out what
changed, ordering the inserts, refreshing keys. A row that is new and complete is inserted
directly on the transaction's DBAPI connection (`engine.RawReader`, with the column types' own
bind processors). A row with a natural key is then attached to the session as if flushed, so
later changes to it in the same transaction are still saved; rows keyed by a sequence (events,
idempotency records) are append-only and stay outside the session.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, insert, inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, SQLModel

from balances_app.db.engine import RawReader


@cache
def _shape(model: type[SQLModel]) -> tuple[Insert, tuple[tuple[str, str], ...], bool]:
    """A model's INSERT (every column but a generated key), its (attribute, column) pairs, whether it has that key."""
    mapper = inspect(model)
    table = mapper.local_table
    generated = table.autoincrement_column
    pairs = tuple(
        (prop.key, prop.columns[0].key)
        for prop in mapper.column_attrs
        if generated is None or prop.columns[0].key != generated.key
    )
    return insert(table).values({column: None for _, column in pairs}), pairs, generated is not None


def insert_now(session: Session, row: SQLModel) -> None:
    """INSERT `row` now, in the session's transaction."""
    statement, pairs, generated = _shape(type(row))
    RawReader.within(session).run(statement, **{column: getattr(row, attribute) for attribute, column in pairs})
    if not generated:  # attached as persistent: later changes to it in this transaction are saved
        make_transient_to_detached(row)
        session.add(row)


def insert_many(session: Session, rows: list[Any]) -> None:
    """INSERT new rows of one model keyed by a sequence (ledger entries), in one executemany."""
    statement, pairs, generated = _shape(type(rows[0]))
    assert generated, "rows with natural keys go through insert_now, which keeps them in the session"
    values = [{column: getattr(row, attribute) for attribute, column in pairs} for row in rows]
    reader = RawReader.within(session)
    if len(values) == 1:  # psycopg sends an executemany as a pipeline: more round trips than one INSERT
        reader.run(statement, **values[0])
    else:
        reader.run_many(statement, values)
