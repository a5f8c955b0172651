"""Account sessions: a platform's short-lived, single-use grant for its embedded components.

The client secret is stored only as a hash. One connect.js instance claims it once; every
element of that instance may then use it (they present the same instance id) until it
expires or the instance logs out. Another instance presenting the same secret is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from balances_app.db.models import AccountSession, ConnectedAccount, Platform
from balances_app.domain import components as component_rules
from balances_app.domain.accounts import get_account
from balances_app.domain.clock import Clock
from balances_app.domain.errors import StripeError
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
    resolved = component_rules.resolve(components, account.losses_payments)
    client_secret = f"{SECRET_PREFIX}{random_token(40)}"
    record = AccountSession(
        id=new_id("accs"),
        platform_id=platform.id,
        account_id=account.id,
        secret_hash=hash_secret(client_secret),
        components=resolved,
        created=now,
        expires_at=now + lifetime,
    )
    session.add(record)
    session.flush()
    return record, account, client_secret


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
