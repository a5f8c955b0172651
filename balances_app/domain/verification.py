"""Proof of presence: a one-time code sent to the account's contact before a sensitive change.

Codes are 6 digits, stored only as hashes, valid for 10 minutes, for one purpose and one
session, and allow 5 wrong tries; a new code replaces the old one. At most 10 codes go to an
account in 10 minutes, so a forged stream of requests cannot flood the account holder.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from balances_app.db.engine import run_transaction
from balances_app.db.models import ConnectedAccount, VerificationCode
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import hash_secret, new_id, secret_matches

LIFETIME_SECONDS = 600
MAX_ATTEMPTS = 5
MAX_SENT = 10  # codes per account per LIFETIME_SECONDS
Deliver = Callable[[ConnectedAccount, str, str], None]  # (account, code, what it is for)
T = TypeVar("T")


def masked_contact(account: ConnectedAccount) -> str:
    name, _, domain = account.email.partition("@")
    return f"{name[:1]}{'•' * max(len(name) - 1, 1)}@{domain}"


def send(
    session: Session, account: ConnectedAccount, session_id: str, purpose: str, label: str, deliver: Deliver, now: int
) -> None:
    recent = session.exec(
        select(func.count())
        .select_from(VerificationCode)
        .where(VerificationCode.account_id == account.id, VerificationCode.created > now - LIFETIME_SECONDS)
    ).one()
    if recent >= MAX_SENT:
        raise StripeError(
            "Too many codes were sent to this account. Wait a few minutes, then try again.",
            code="verification_code_rate_limited",
        )
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


def redeem(
    engine: Engine | None,
    account_id: str,
    session_id: str,
    purpose: str,
    code: str,
    now: int,
    change: Callable[[Session], T],
) -> T:
    """Make `change` if the code is right, and use the code up in the same transaction.

    A wrong code is recorded in a transaction of its own, so the limit of tries holds even
    though nothing else happens; a change that fails leaves the code unused.
    """
    refusal = run_transaction(
        lambda session: _attempt(session, account_id, session_id, purpose, code, now), engine, write=True
    )
    if refusal is not None:
        raise refusal

    def use_and_change(session: Session) -> T:
        if again := _attempt(session, account_id, session_id, purpose, code, now):  # used meanwhile?
            raise again
        for record in _open_codes(session, account_id, session_id, purpose):
            record.used = True
            session.add(record)
        return change(session)

    return run_transaction(use_and_change, engine, write=True)


def _attempt(
    session: Session, account_id: str, session_id: str, purpose: str, code: str, now: int
) -> StripeError | None:
    """None when the code is right; otherwise the refusal, with a wrong try counted."""
    record = next(iter(_open_codes(session, account_id, session_id, purpose)), None)
    if record is None or record.expires_at <= now:
        return StripeError("This code has expired. Ask for a new one.", code="verification_code_expired")
    if record.attempts >= MAX_ATTEMPTS:
        return StripeError("Too many wrong codes. Ask for a new one.", code="verification_code_locked")
    if secret_matches((code or "").strip(), record.code_hash):
        return None
    record.attempts += 1
    session.add(record)
    left = MAX_ATTEMPTS - record.attempts
    if not left:
        return StripeError(
            "Too many wrong codes. Ask for a new one.",
            code="verification_code_invalid",
            reason="verification_code_locked",
        )
    return StripeError(
        f"That code is not right. {left} tr{'y' if left == 1 else 'ies'} left.",
        code="verification_code_invalid",
        params={"left": left},
    )


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
