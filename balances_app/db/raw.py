"""Core statements compiled once per dialect and run on the DBAPI cursor of a connection.

SQLAlchemy's per-statement machinery (and the ORM's above it) costs more than the indexed
lookups and single-row inserts of the hot paths. The statements stay SQLAlchemy Core, so
their SQL text, parameter style and the column types' bind processors come from SQLAlchemy;
only the per-call work is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, event
from sqlalchemy.sql import Executable
from sqlmodel import Session

_READER = "raw_reader"


@event.listens_for(Session, "after_transaction_create")
@event.listens_for(Session, "after_transaction_end")
def _reader_ends_with_its_transaction(session: Session, _transaction: object) -> None:
    """A new reader when a transaction begins or ends, nested ones included.

    The next transaction may run on another connection; and the ORM says a nested transaction's
    SAVEPOINT only when the session's connection is next asked for, which `within` then does.
    """
    session.info.pop(_READER, None)


class RawReader:
    """Core statements, compiled once per dialect, run on a bare DBAPI cursor.

    The hot read paths (GET /v1/balance, authentication) spend most of their time in the ORM's
    per-query machinery, not in the database: a pooled DBAPI cursor answers the same indexed
    lookup in a twentieth of the time. Statements stay SQLAlchemy Core, so the SQL text and the
    dialect's parameter style come from SQLAlchemy. The write paths use it too (`within` a
    session's transaction): values go through the column types' own bind processors (JSON,
    booleans), so what is stored is what the ORM stores.
    """

    _compiled: dict[tuple[str, int], _Compiled] = {}

    def __init__(self, dialect: Dialect, cursor: Any) -> None:
        self.dialect = dialect
        self.cursor = cursor

    @classmethod
    def within(cls, session: Session) -> RawReader:
        """A reader (and writer) on the connection of the session's transaction: what it writes commits with it.

        The session's pending rows are flushed first, as the ORM autoflushes before a query: a
        compiled INSERT may refer to a row added a moment ago (a foreign key). One reader serves
        the whole transaction (asking the session for its connection costs more than a lookup).
        """
        session.flush()
        reader: RawReader | None = session.info.get(_READER)
        if reader is None:
            connection = session.connection()
            reader = session.info[_READER] = cls(connection.dialect, connection.connection.cursor())
        return reader

    def rows(self, statement: Executable, **values: Any) -> list[tuple[Any, ...]]:
        """The rows found, each value as its column's type gives it (JSON decoded, integers as booleans)."""
        self.run(statement, **values)  # through `run`, which a subclass may extend (read_memo begins its snapshot)
        found = self.cursor.fetchall()
        results = self._compile(statement).results
        if not results:
            return found  # type: ignore[no-any-return]
        return [
            tuple(convert(value) if convert else value for convert, value in zip(results, row, strict=True))
            for row in found
        ]

    def run(self, statement: Executable, **values: Any) -> None:
        """Execute without reading rows back (an INSERT, an UPDATE)."""
        compiled = self._compile(statement)
        self.cursor.execute(compiled.sql, compiled.parameters(values))

    def run_many(self, statement: Executable, rows: list[dict[str, Any]]) -> None:
        compiled = self._compile(statement)
        self.cursor.executemany(compiled.sql, [compiled.parameters(values) for values in rows])

    def _compile(self, statement: Executable) -> _Compiled:
        key = (self.dialect.name, id(statement))
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = _Compiled.of(statement, self.dialect)
        return found


@dataclass(frozen=True)
class _Compiled:
    """A statement's SQL text for one dialect, and how named values become its DBAPI parameters."""

    statement: Executable  # kept alive while cached: the cache is keyed by its id()
    sql: str
    names: tuple[str, ...] | None  # positional parameter order, or None for named parameters
    processors: dict[str, Callable[[Any], Any]]
    literals: dict[str, Any]  # values written into the statement itself (`available_on > 0`)
    results: tuple[Callable[[Any], Any] | None, ...]  # each selected column's result processor; () if none has one

    @classmethod
    def of(cls, statement: Executable, dialect: Dialect) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        names = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        literals = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        columns = getattr(statement, "exported_columns", ())  # a SELECT's columns, or what a DML statement RETURNs
        results = tuple(column.type.result_processor(dialect, None) for column in columns)
        return cls(
            statement, str(compiled), names, dict(compiled._bind_processors), literals, results if any(results) else ()
        )

    def parameters(self, values: dict[str, Any]) -> Any:
        if self.literals:
            values = self.literals | values
        if self.processors:
            values = dict(values)
            for name, processor in self.processors.items():
                if name in values:
                    values[name] = processor(values[name])
        return tuple(values[name] for name in self.names) if self.names is not None else values
