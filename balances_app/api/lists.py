"""Stripe list objects with cursor pagination (`limit`, `starting_after`, `ending_before`), newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, SQLModel, col
from sqlmodel.sql.expression import SelectOfScalar

from balances_app.api.requests import int_param, string_param
from balances_app.domain.errors import invalid


def where_range(query: SelectOfScalar[Any], column: Any, bounds: dict[str, int]) -> SelectOfScalar[Any]:
    """Apply a range filter from `requests.range_filter` to `query`."""
    ops = {"eq": column.__eq__, "gt": column.__gt__, "gte": column.__ge__, "lt": column.__lt__, "lte": column.__le__}
    for op, value in bounds.items():
        query = query.where(ops[op](value))
    return query


def paginate(
    session: Session,
    model: type[SQLModel],
    query: SelectOfScalar[Any],
    params: dict[str, Any],
    url: str,
    to_object: Any,
) -> dict[str, Any]:
    """One page of `query` ordered newest first by (created, id); the cursor is an object id."""
    limit = int_param(params, "limit", 10, 1, 100)
    created, ident = col(model.created), col(model.id)  # type: ignore[attr-defined]
    after, before = string_param(params, "starting_after"), string_param(params, "ending_before")
    if after and before:
        raise invalid("ending_before", "You may only specify one of starting_after and ending_before.")
    cursor_id = after or before
    if cursor_id:
        cursor = session.exec(query.where(ident == cursor_id)).first()
        if cursor is None:
            raise invalid("starting_after" if after else "ending_before", f"No such object: '{cursor_id}'")
        c_created, c_id = cursor.created, cursor.id  # type: ignore[attr-defined]
        if after:
            query = query.where(or_(created < c_created, and_(created == c_created, ident < c_id)))
        else:
            query = query.where(or_(created > c_created, and_(created == c_created, ident > c_id)))
    if before:
        rows = list(session.exec(query.order_by(created.asc(), ident.asc()).limit(limit + 1)).all())
        has_more, rows = len(rows) > limit, list(reversed(rows[:limit]))
    else:
        rows = list(session.exec(query.order_by(created.desc(), ident.desc()).limit(limit + 1)).all())
        has_more, rows = len(rows) > limit, rows[:limit]
    return {"object": "list", "data": [to_object(row) for row in rows], "has_more": has_more, "url": url}
