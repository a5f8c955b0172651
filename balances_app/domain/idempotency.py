"""Idempotency keys: a money-moving request runs once per key; its first response is replayed.

Flow: `begin` (own transaction) records the key as in flight, or answers with the stored
response; the request then runs and `finish` stores its response in the same transaction
as the money movement, so "payout exists" and "key done" commit together. A request that
fails validation stores nothing (`forget`), as in Stripe.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from balances_app.db.models import IdempotencyKey
from balances_app.domain.errors import StripeError

MAX_KEY_LENGTH = 255
REPLAY_SECONDS = 24 * 3600
STALE_IN_FLIGHT_SECONDS = 60


@dataclass(frozen=True)
class Replay:
    status: int
    body: bytes


def _find(session: Session, platform_id: str, scope: str, key: str) -> IdempotencyKey | None:
    return session.exec(
        select(IdempotencyKey).where(
            IdempotencyKey.platform_id == platform_id, IdempotencyKey.scope == scope, IdempotencyKey.key == key
        )
    ).first()


def begin(session: Session, platform_id: str, scope: str, key: str, request_hash: str, now: int) -> Replay | None:
    """Claim `key` for this request; a Replay when an earlier identical request already answered."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise StripeError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.", param="Idempotency-Key")
    record = _find(session, platform_id, scope, key)
    if record is not None:
        expired = now - record.created > REPLAY_SECONDS
        stale = record.status == "in_flight" and now - record.created > STALE_IN_FLIGHT_SECONDS
        if not (expired or stale):
            if record.status == "in_flight":
                raise StripeError(
                    "There is currently another in-progress request using this Idempotent Key (that probably "
                    "means you submitted twice, and the other request is still going through). Please retry.",
                    code="idempotency_key_in_use",
                    status=409,
                )
            if record.request_hash != request_hash:
                raise StripeError(
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                    type="idempotency_error",
                    code="idempotency_error",
                )
            return Replay(record.response_status or 200, record.response_body or b"")
        session.delete(record)
        session.flush()
    session.add(IdempotencyKey(platform_id=platform_id, scope=scope, key=key, request_hash=request_hash, created=now))
    return None


def finish(session: Session, platform_id: str, scope: str, key: str, status: int, body: bytes) -> None:
    record = _find(session, platform_id, scope, key)
    if record is not None:
        record.status, record.response_status, record.response_body = "done", status, body
        session.add(record)


def forget(session: Session, platform_id: str, scope: str, key: str) -> None:
    record = _find(session, platform_id, scope, key)
    if record is not None:
        session.delete(record)


def stores(error: StripeError) -> bool:
    """Errors raised before the request really ran (bad parameters) leave no stored result."""
    return not (error.code or "").startswith("parameter_") and error.status not in (401, 409)
