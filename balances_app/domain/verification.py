"""Proof of presence: a one-time code sent to the account's contact before a sensitive change.

Codes are 6 digits, stored only as hashes, valid for 10 minutes, for one purpose and one
session, and allow 5 wrong tries; a new code replaces the old one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlmodel import Session, select

from balances_app.db.models import ConnectedAccount, VerificationCode
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import hash_secret, new_id, secret_matches

LIFETIME_SECONDS = 600
MAX_ATTEMPTS = 5
Deliver = Callable[[ConnectedAccount, str, str], None]  # (account, code, what it is for)


def masked_contact(account: ConnectedAccount) -> str:
    name, _, domain = account.email.partition("@")
    return f"{name[:1]}{'•' * max(len(name) - 1, 1)}@{domain}"


def send(
    session: Session, account: ConnectedAccount, session_id: str, purpose: str, label: str, deliver: Deliver, now: int
) -> None:
    for old in _open_codes(session, account.id, session_id, purpose):
        old.used = True
        session.add(old)
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        VerificationCode(
            id=new_id("vc"),
            account_id=account.id,
            session_id=session_id,
            purpose=purpose,
            code_hash=hash_secret(code),
            expires_at=now + LIFETIME_SECONDS,
            created=now,
        )
    )
    deliver(account, code, label)


def confirm(session: Session, account_id: str, session_id: str, purpose: str, code: str, now: int) -> None:
    """Accept the code once, or raise a StripeError that says what went wrong."""
    record = next(iter(_open_codes(session, account_id, session_id, purpose)), None)
    if record is None or record.expires_at <= now:
        raise StripeError("This code has expired. Ask for a new one.", code="verification_code_expired")
    if record.attempts >= MAX_ATTEMPTS:
        raise StripeError("Too many wrong codes. Ask for a new one.", code="verification_code_locked")
    if not secret_matches((code or "").strip(), record.code_hash):
        record.attempts += 1
        session.add(record)
        left = MAX_ATTEMPTS - record.attempts
        raise StripeError(
            f"That code is not right. {left} tr{'y' if left == 1 else 'ies'} left."
            if left
            else "Too many wrong codes. Ask for a new one.",
            code="verification_code_invalid",
        )
    record.used = True
    session.add(record)


def _open_codes(session: Session, account_id: str, session_id: str, purpose: str) -> list[VerificationCode]:
    return list(
        session.exec(
            select(VerificationCode).where(
                VerificationCode.account_id == account_id,
                VerificationCode.session_id == session_id,
                VerificationCode.purpose == purpose,
                VerificationCode.used == False,  # noqa: E712
            )
        ).all()
    )
