"""Idempotency keys: a money-moving request runs once per key; its first result is replayed.

One protocol for the API and the component's dialogs (`run`), inside the caller's one
transaction: claim the key (a lock on its name: PostgreSQL's advisory lock, SQLite's single
writer), replay a stored result if there is one, else run the work in a savepoint and store
its result (or the refusal it raised) in the same transaction as the money it moved. So
"money moved" and "key done" commit together or not at all: a crash (kill -9) mid-request
leaves neither, and a retry with the same key runs afresh. Refusals that are the caller's
mistake (bad parameters) store nothing, as in Stripe.

What is stored is data, never display text: the API stores its JSON response; the component
stores a code and the parameters it formats in the viewer's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, delete
from sqlmodel import Session, select

from balances_app.db.engine import RawReader, try_lock_name
from balances_app.db.models import IdempotencyKey
from balances_app.db.rows import insert_now, new_row
from balances_app.domain.errors import StripeError

MAX_KEY_LENGTH = 255
REPLAY_SECONDS = 24 * 3600
STALE_IN_FLIGHT_SECONDS = 60


@dataclass(frozen=True)
class Result:
    status: int
    body: bytes
    replayed: bool = False


def error_body(error: StripeError) -> bytes:
    """A refusal as stored and sent: Stripe's error object, compact JSON."""
    return json.dumps(error.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()


class _Stored(NamedTuple):
    seq: int
    status: str
    created: int
    request_hash: str
    response_status: int | None
    response_body: bytes | None


# Read on every idempotent request: a Core statement, not an ORM row.
_FIND = select(
    IdempotencyKey.seq,
    IdempotencyKey.status,
    IdempotencyKey.created,
    IdempotencyKey.request_hash,
    IdempotencyKey.response_status,
    IdempotencyKey.response_body,
).where(
    IdempotencyKey.platform_id == bindparam("platform_id"),
    IdempotencyKey.scope == bindparam("scope"),
    IdempotencyKey.key == bindparam("key"),
)
_FORGET = delete(IdempotencyKey).where(IdempotencyKey.seq == bindparam("seq"))  # type: ignore[arg-type]


def _find(session: Session, platform_id: str, scope: str, key: str) -> _Stored | None:
    found = RawReader.within(session).rows(_FIND, platform_id=platform_id, scope=scope, key=key)
    return _Stored(*found[0]) if found else None


def _in_use() -> StripeError:
    return StripeError(
        "There is currently another in-progress request using this Idempotent Key (that probably "
        "means you submitted twice, and the other request is still going through). Please retry.",
        code="idempotency_key_in_use",
        status=409,
    )


def run(
    session: Session,
    platform_id: str,
    scope: str,
    key: str,
    request_hash: str,
    now: int,
    work: Callable[[], tuple[int, bytes]],
    refusal_body: Callable[[StripeError], bytes] | None = None,
) -> Result:
    """Run `work` once for this key, in the caller's transaction; later calls get its stored result.

    A refusal is stored as `refusal_body` makes it: Stripe's error object for the API (the default),
    with the rule's code and figures too for the component, which says it in the viewer's language.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        raise StripeError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.", param="Idempotency-Key")
    if not try_lock_name(session, f"idempotency:{platform_id}:{scope}:{key}"):
        raise _in_use()
    record = _find(session, platform_id, scope, key)
    if record is not None:
        expired = now - record.created > REPLAY_SECONDS
        stale = record.status == "in_flight" and now - record.created > STALE_IN_FLIGHT_SECONDS
        if not (expired or stale):
            if record.status == "in_flight":  # claimed by a request of an earlier protocol that is still running
                raise _in_use()
            if record.request_hash != request_hash:
                raise StripeError(
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                    type="idempotency_error",
                    code="idempotency_error",
                )
            return Result(record.response_status or 200, record.response_body or b"", replayed=True)
        RawReader.within(session).run(_FORGET, seq=record.seq)
    try:
        with session.begin_nested():
            status, body = work()
    except StripeError as error:
        if not stores(error):
            raise
        status, body = error.status or 400, (refusal_body or error_body)(error)
    done = new_row(
        IdempotencyKey,
        platform_id=platform_id,
        scope=scope,
        key=key,
        request_hash=request_hash,
        status="done",
        response_status=status,
        response_body=body,
        created=now,
    )
    insert_now(session, done)
    return Result(status, body)


VALIDATION_CODES = frozenset({"url_invalid", "amount_too_large"})  # bad parameters with a code of their own


def stores(error: StripeError) -> bool:
    """Errors raised before the request really ran (bad parameters) leave no stored result."""
    code = error.code or ""
    return not (code.startswith("parameter_") or code in VALIDATION_CODES) and error.status not in (401, 409)
