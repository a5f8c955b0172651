"""Account sessions: a platform's short-lived, single-use grant for its embedded components.

The client secret is stored only as a hash. One connect.js instance claims it once; every
element of that instance may then use it (they present the same instance id) until it
expires or the instance logs out. Another instance presenting the same secret is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlmodel import Session, select

from balances_app.db import reads
from balances_app.db.engine import RawReader
from balances_app.db.models import AccountSession, ConnectedAccount, Platform
from balances_app.db.rows import insert_now
from balances_app.domain import components as component_rules
from balances_app.domain.accounts import get_account, unknown_account
from balances_app.domain.clock import Clock
from balances_app.domain.errors import StripeError, missing
from balances_app.domain.ids import hash_secret, new_id, random_token, secret_matches
from balances_app.domain.platforms import clock_for

SECRET_PREFIX = "accs_secret__"
EXPIRED_CODE = "account_session_expired"


@dataclass(frozen=True)
class ClaimedSession:
    """What the component host keeps on the server for an embedded component."""

    session_id: str
    platform_id: str
    account_id: str
    components: dict[str, Any]
    expires_at: int

    def allows(self, component: str, feature: str | None = None) -> bool:
        return component_rules.allows(self.components, component, feature)


def create(
    session: Session, platform: Platform, account_id: str | None, components: Any, now: int, lifetime: int
) -> tuple[AccountSession, ConnectedAccount, str]:
    account = get_account(session, platform, account_id)
    values, client_secret = _new(platform.id, account.id, account.losses_payments, components, now, lifetime)
    record = AccountSession(**values)
    insert_now(session, record)
    return record, account, client_secret


def create_raw(
    writer: RawReader, platform_id: str, account_id: str | None, components: Any, now: int, lifetime: int
) -> tuple[NewSession, str]:
    """`create` for the API's hot path: the account read and the one INSERT as compiled Core statements."""
    if not account_id:
        raise missing("account")
    account = reads.account(writer, account_id)
    if account is None or account.platform_id != platform_id:  # another platform's account is as unknown
        raise unknown_account(account_id, "account")
    values, client_secret = _new(platform_id, account.id, account.losses_payments, components, now, lifetime)
    writer.run(_INSERT, **values)
    return NewSession(account.id, values["expires_at"], values["components"]), client_secret


class NewSession(NamedTuple):
    """What the API answers about a session just created (no ORM row is made for it)."""

    account_id: str
    expires_at: int
    components: dict[str, Any]


_INSERT = insert(AccountSession.__table__)  # type: ignore[attr-defined]


def _new(
    platform_id: str, account_id: str, losses_payments: str, components: Any, now: int, lifetime: int
) -> tuple[dict[str, Any], str]:
    """A new session's columns (not yet written) and its client secret, which is kept only as a hash."""
    resolved = component_rules.resolve(components, losses_payments)
    client_secret = f"{SECRET_PREFIX}{random_token(40)}"
    values = {
        "id": new_id("accs"),
        "platform_id": platform_id,
        "account_id": account_id,
        "secret_hash": hash_secret(client_secret),
        "components": resolved,
        "created": now,
        "expires_at": now + lifetime,
        "claimed_at": None,
        "instance_hash": None,
        "ended_at": None,
    }
    return values, client_secret


def _auth_error(message: str, code: str | None = None) -> StripeError:
    return StripeError(message, type="authentication_error", code=code)


def _find(session: Session, client_secret: str | None) -> AccountSession:
    if not client_secret or not client_secret.startswith(SECRET_PREFIX):
        raise _auth_error("The client secret is missing or malformed.", "client_secret_invalid")
    record = session.exec(
        select(AccountSession).where(AccountSession.secret_hash == hash_secret(client_secret))
    ).first()
    if record is None:
        raise _auth_error("The client secret is not valid.", "client_secret_invalid")
    return record


def _ensure_live(record: AccountSession, now: int) -> None:
    if record.ended_at is not None:
        raise _auth_error("This account session has ended (the platform logged out).", "account_session_ended")
    if now >= record.expires_at:
        raise _auth_error("This account session has expired.", EXPIRED_CODE)


def claim(
    session: Session,
    *,
    client_secret: str | None,
    instance_id: str | None,
    publishable_key: str | None,
    origin: str | None,
    clock: Clock,
) -> ClaimedSession:
    """Exchange a client secret for a server-side session, for one connect.js instance."""
    record = _find(session, client_secret)
    platform = session.get(Platform, record.platform_id)
    if platform is None or platform.publishable_key != publishable_key:
        raise _auth_error(
            "The publishable key does not belong to the platform that created this session.", "publishable_key_mismatch"
        )
    if (origin or "").rstrip("/") not in platform.allowed_origins:
        raise _auth_error(
            f"The page origin {origin!r} is not allowed to embed this platform's components.", "origin_not_allowed"
        )
    now = clock_for(platform, clock).now()
    _ensure_live(record, now)
    if not instance_id or len(instance_id) < 16:
        raise _auth_error("The connect.js instance id is missing.", "instance_invalid")
    if record.claimed_at is None:
        record.claimed_at, record.instance_hash = now, hash_secret(instance_id)
        session.add(record)
    elif not secret_matches(instance_id, record.instance_hash or ""):
        raise _auth_error(
            "This client secret has already been used. Create a new account session for each connect.js instance.",
            "client_secret_already_used",
        )
    return _claimed(record)


def check(session: Session, session_id: str, clock: Clock) -> ClaimedSession:
    """Re-read a claimed session before an action: ended or expired sessions stop working at once."""
    record = session.get(AccountSession, session_id)
    platform = session.get(Platform, record.platform_id) if record else None
    if record is None or platform is None:
        raise _auth_error("This account session does not exist.", "client_secret_invalid")
    _ensure_live(record, clock_for(platform, clock).now())
    return _claimed(record)


def end(session: Session, client_secret: str | None, clock: Clock) -> None:
    """Log out: the session stops working for every element of its instance."""
    record = _find(session, client_secret)
    platform = session.get(Platform, record.platform_id)
    if record.ended_at is None and platform is not None:
        record.ended_at = clock_for(platform, clock).now()
        session.add(record)


def _claimed(record: AccountSession) -> ClaimedSession:
    return ClaimedSession(record.id, record.platform_id, record.account_id, dict(record.components), record.expires_at)
