"""ORM rows built, loaded and inserted without the ORM's per-row machinery, for the write paths.

A payout reads three rows (the platform, the account, the bank account) and writes five (the
payout, its entries, its event, its idempotency record, its due work). Through the ORM each read
cost about 90 µs (a cache key, an execution context, the loading machinery), each new row about
35 µs (SQLModel's constructor sets every field through instrumented attributes), and each flush
more than the database itself (working out what changed, ordering the inserts, refreshing keys),
where the database answers a lookup in 6. Here:

- `new_row` builds a row from values our code computed: defaults filled, nothing validated
  (SQLModel never validates table models) and no change recorded, since it is inserted next.
- `insert_now` and `insert_many` INSERT new, complete rows with one compiled statement on the
  transaction's DBAPI connection (`raw.RawReader`, with the column types' own bind processors).
  A row with a natural key is then attached to the session as if flushed, so later changes to it
  in the same transaction are still saved; rows keyed by a sequence (entries, events,
  idempotency records) are append-only and stay outside the session.
- `get` and `first` read one row with a compiled statement (which applies the column types' own
  result processors) and attach it to the session as if the ORM had loaded it: it joins the
  identity map, and later changes to it are tracked and saved as usual. A row the session
  already holds is returned as it is, as `Session.get` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from pydantic_core import PydanticUndefined
from sqlalchemy import Insert, Select, bindparam, insert, inspect, select
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlmodel import Session, SQLModel

from balances_app.db.raw import RawReader

M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True)
class _Shape:
    """What building, reading and inserting a model's rows needs, worked out once per model."""

    attributes: tuple[str, ...]  # attribute names, in the table's column order
    key: tuple[str, ...]  # the primary key's attribute names
    defaults: dict[str, Any]  # plain defaults, copied into every new row
    factories: dict[str, Callable[[], Any]]  # default factories, called for every new row
    by_key: Select[Any]  # every column, by primary key
    locking: dict[bool, Select[Any]]  # the same, FOR UPDATE, with or without SKIP LOCKED
    inserting: Insert  # every column but a generated key
    inserted: tuple[tuple[str, str], ...]  # its (attribute, column) pairs
    generated: bool  # whether the table has that generated key (a sequence)

    @staticmethod
    @cache
    def of(model: type[SQLModel]) -> _Shape:
        configure_mappers()  # what the ORM does before its first query: instrumented attributes get their impl
        mapper = inspect(model)
        table = mapper.local_table
        attributes = tuple(mapper.get_property_by_column(column).key for column in table.columns)
        key = tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)
        defaults, factories = {}, {}
        for name, field in model.model_fields.items():
            if field.default_factory is not None:
                factories[name] = field.default_factory
            elif field.default is not PydanticUndefined:
                defaults[name] = field.default
        by_key = whole(model).where(mapper.primary_key[0] == bindparam("key"))
        locking = {skip: by_key.with_for_update(skip_locked=skip) for skip in (False, True)}
        generated = table.autoincrement_column
        inserted = tuple(
            (name, column.key)
            for name, column in zip(attributes, table.columns, strict=True)
            if generated is None or column.key != generated.key
        )
        inserting = insert(table).values({column: None for _, column in inserted})
        shape = (attributes, key, defaults, factories, by_key, locking, inserting, inserted, generated is not None)
        return _Shape(*shape)


def whole(model: type[SQLModel]) -> Select[Any]:
    """A SELECT of every column of `model`'s table, for `first` (add the WHERE with bind parameters)."""
    return select(*inspect(model).local_table.columns)


def new_row(model: type[M], **values: Any) -> M:
    """A new row of `model` with `values` and the model's defaults, for an INSERT the caller issues."""
    shape = _Shape.of(model)  # first: it configures the mappers
    row = inspect(model).class_manager.new_instance()
    fields = dict(shape.defaults)
    for name, factory in shape.factories.items():
        if name not in values:
            fields[name] = factory()
    fields.update(values)
    row.__dict__.update(fields)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row  # type: ignore[no-any-return]


def insert_now(session: Session, row: SQLModel) -> None:
    """INSERT `row` now, in the session's transaction."""
    shape = _Shape.of(type(row))
    values = {column: getattr(row, attribute) for attribute, column in shape.inserted}
    RawReader.within(session).run(shape.inserting, **values)
    if not shape.generated:  # attached as persistent: later changes to it in this transaction are saved
        _attach(session, row)


def insert_many(session: Session, rows: list[Any]) -> None:
    """INSERT new rows of one model keyed by a sequence (ledger entries), in one executemany."""
    shape = _Shape.of(type(rows[0]))
    assert shape.generated, "rows with natural keys go through insert_now, which keeps them in the session"
    values = [{column: getattr(row, attribute) for attribute, column in shape.inserted} for row in rows]
    reader = RawReader.within(session)
    if len(values) == 1:  # psycopg sends an executemany as a pipeline: more round trips than one INSERT
        reader.run(shape.inserting, **values[0])
    else:
        reader.run_many(shape.inserting, values)


def get(session: Session, model: type[M], key: str) -> M | None:
    """`session.get(model, key)` through a compiled statement."""
    held = session.identity_map.get(inspect(model).identity_key_from_primary_key((key,)))
    if held is not None:
        return held  # type: ignore[no-any-return]
    return first(session, model, _Shape.of(model).by_key, key=key)


def get_for_update(session: Session, model: type[M], key: str, skip_locked: bool = False) -> M | None:
    """The row, locked until the transaction ends (SELECT ... FOR UPDATE: PostgreSQL's row lock).

    As with the ORM, a row the session already holds keeps the values it has; the lock is taken all the same.
    """
    return first(session, model, _Shape.of(model).locking[skip_locked], key=key)


def first(session: Session, model: type[M], statement: Select[Any], **values: Any) -> M | None:
    """The first row `statement` (selecting every column of `model`'s table) finds, attached to the session."""
    found = RawReader.within(session).rows(statement, **values)
    if not found:
        return None
    shape = _Shape.of(model)
    fields = dict(zip(shape.attributes, found[0], strict=True))
    identity = inspect(model).identity_key_from_primary_key(tuple(fields[name] for name in shape.key))
    held = session.identity_map.get(identity)
    if held is not None:  # the session has it already, perhaps changed: that copy wins, as with the ORM
        return held  # type: ignore[no-any-return]
    row = new_row(model, **fields)
    _attach(session, row)
    return row


def _attach(session: Session, row: SQLModel) -> None:
    """Into the session as persistent, its current values taken as what the database holds."""
    make_transient_to_detached(row)
    session.add(row)
