"""Account sessions: a platform's short-lived, single-use grant for its embedded components.

Creating one stores nothing: the client secret itself says which session, platform, account,
components and expiry it grants, signed with the installation's session key (HMAC-SHA256,
`settings.session_key`, never in the database). A session costs the platform's request no
write, and a secret nobody uses never becomes a row.

The first use (a claim, or a logout) checks the signature and writes the session's row, with
the secret only as a hash. One connect.js instance claims it once; every element of that
instance may then use it (they present the same instance id) until it expires or the instance
logs out. Another instance presenting the same secret is refused: the row, written once and
locked while it is read, is what makes the secret single-use on every worker and host.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlmodel import Session

from balances_app.db import reads, rows
from balances_app.db.engine import RawReader, insert_if_absent
from balances_app.db.models import AccountSession, ConnectedAccount, Platform
from balances_app.domain import components as component_rules
from balances_app.domain.accounts import get_account, unknown_account
from balances_app.domain.clock import Clock
from balances_app.domain.errors import StripeError, missing
from balances_app.domain.ids import hash_secret, new_id, secret_matches
from balances_app.domain.platforms import clock_for

SECRET_PREFIX = "accs_secret__"
EXPIRED_CODE = "account_session_expired"
MAX_SECRET_LENGTH = 500  # what a claim reads of a client secret; a signed one is about 230 characters
# What the key signs is never mistaken for anything else it might sign, nor for a secret packed with
# another list of components: changing `components.SUPPORTED` retires every secret signed before.
_SIGNED = f"account_session.v1.{component_rules.PACKING}.".encode()


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


class NewSession(NamedTuple):
    """A session as its client secret carries it: what the API answers, and what the first use stores."""

    session_id: str
    platform_id: str
    account_id: str
    created: int
    expires_at: int
    components: dict[str, Any]


def create(
    session: Session, platform: Platform, account_id: str | None, components: Any, now: int, lifetime: int, key: bytes
) -> tuple[NewSession, ConnectedAccount, str]:
    account = get_account(session, platform, account_id)
    new = _new(platform.id, account.id, account.losses_payments, components, now, lifetime)
    return new, account, sign(new, key)


def create_raw(
    reader: RawReader, platform_id: str, account_id: str | None, components: Any, now: int, lifetime: int, key: bytes
) -> tuple[NewSession, str]:
    """`create` for the API's hot path: the account read as a compiled Core statement, nothing written."""
    if not account_id:
        raise missing("account")
    account = reads.account(reader, account_id)
    if account is None or account.platform_id != platform_id:  # another platform's account is as unknown
        raise unknown_account(account_id, "account")
    new = _new(platform_id, account.id, account.losses_payments, components, now, lifetime)
    return new, sign(new, key)


def _new(
    platform_id: str, account_id: str, losses_payments: str, components: Any, now: int, lifetime: int
) -> NewSession:
    resolved = component_rules.resolve(components, losses_payments)
    return NewSession(new_id("accs"), platform_id, account_id, now, now + lifetime, resolved)


def _mac(body: bytes, key: bytes) -> bytes:
    return base64.urlsafe_b64encode(hmac.new(key, _SIGNED + body, hashlib.sha256).digest()).rstrip(b"=")


def sign(new: NewSession, key: bytes) -> str:
    """The client secret: the session's fields (base64url JSON), a dot, and their signature."""
    fields = [*new[:5], component_rules.pack(new.components)]
    body = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).rstrip(b"=")
    return SECRET_PREFIX + (body + b"." + _mac(body, key)).decode()


def verify(client_secret: str | None, key: bytes) -> NewSession:
    """The session a client secret grants, if this installation's key signed it (else client_secret_invalid)."""
    if not client_secret or not client_secret.startswith(SECRET_PREFIX) or len(client_secret) > MAX_SECRET_LENGTH:
        raise _auth_error("The client secret is missing or malformed.", "client_secret_invalid")
    body, _, mac = client_secret[len(SECRET_PREFIX) :].encode("utf-8", "replace").partition(b".")
    if not hmac.compare_digest(mac, _mac(body, key)):
        raise _auth_error("The client secret is not valid.", "client_secret_invalid")
    try:  # signed by this key, so made by `sign`; a failure here is a secret from an older format
        fields = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
        return NewSession(*fields[:5], component_rules.unpack(fields[5]))
    except (binascii.Error, ValueError, TypeError, IndexError) as error:
        raise _auth_error("The client secret is not valid.", "client_secret_invalid") from error


def _auth_error(message: str, code: str | None = None) -> StripeError:
    return StripeError(message, type="authentication_error", code=code)


def _find(session: Session, client_secret: str | None, key: bytes) -> AccountSession:
    """The row of the session a valid secret grants, written at its first use, locked until the transaction ends."""
    new = verify(client_secret, key)
    account = rows.get(session, ConnectedAccount, new.account_id)
    if account is None or account.platform_id != new.platform_id:  # signed here, for another database
        raise _auth_error("The client secret is not valid.", "client_secret_invalid")
    values = {
        **new._asdict(),
        "id": new.session_id,
        "secret_hash": hash_secret(client_secret or ""),
        "claimed_at": None,
        "instance_hash": None,
        "ended_at": None,
    }
    del values["session_id"]
    insert_if_absent(session, AccountSession.__table__, values)  # type: ignore[attr-defined]
    record = rows.get_for_update(session, AccountSession, new.session_id)
    assert record is not None, "written just now, or before"
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
    key: bytes,
) -> ClaimedSession:
    """Exchange a client secret for a server-side session, for one connect.js instance."""
    record = _find(session, client_secret, key)
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


def end(session: Session, client_secret: str | None, clock: Clock, key: bytes) -> None:
    """Log out: the session stops working for every element of its instance."""
    record = _find(session, client_secret, key)
    platform = session.get(Platform, record.platform_id)
    if record.ended_at is None and platform is not None:
        record.ended_at = clock_for(platform, clock).now()
        session.add(record)


def _claimed(record: AccountSession) -> ClaimedSession:
    return ClaimedSession(record.id, record.platform_id, record.account_id, dict(record.components), record.expires_at)
