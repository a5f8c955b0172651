"""Platforms: who calls our API, with which keys, from which origins, on which clock."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import bindparam
from sqlmodel import Session, select

from balances_app.db import rows
from balances_app.db.models import Platform
from balances_app.domain.clock import Clock, system_clock
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import hash_secret, new_id, random_token


def create_platform(
    session: Session,
    *,
    name: str,
    country: str,
    default_currency: str,
    allowed_origins: list[str],
    now: int,
    secret_key: str | None = None,
    publishable_key: str | None = None,
    platform_id: str | None = None,
) -> tuple[Platform, str]:
    """Create a platform; the secret key is returned here once and stored only as a hash."""
    secret_key = secret_key or f"sk_test_{random_token(24)}"
    platform = Platform(
        id=platform_id or new_id("acct"),
        name=name,
        country=country.upper(),
        default_currency=default_currency.lower(),
        secret_key_hash=hash_secret(secret_key),
        publishable_key=publishable_key or f"pk_test_{random_token(24)}",
        allowed_origins=[origin.rstrip("/") for origin in allowed_origins],
        created=now,
    )
    session.add(platform)
    session.flush()
    return platform, secret_key


def key_refused(secret_key: str | None) -> StripeError:
    """Stripe's answer to a missing key, or to a key no platform holds (shown masked)."""
    if not secret_key:
        return StripeError(
            "You did not provide an API key. You need to provide your API key in the Authorization header, "
            "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            type="authentication_error",
        )
    shown = secret_key[:8] + "*" * min(24, max(0, len(secret_key) - 12)) + secret_key[-4:]
    return StripeError(f"Invalid API Key provided: {shown}", type="authentication_error")


_BY_KEY_HASH = rows.whole(Platform).where(Platform.secret_key_hash == bindparam("key_hash"))


def authenticate(session: Session, secret_key: str | None) -> Platform:
    if not secret_key:
        raise key_refused(secret_key)
    platform = rows.first(session, Platform, _BY_KEY_HASH, key_hash=hash_secret(secret_key))
    if platform is None:
        raise key_refused(secret_key)
    return platform


def lock_shared_limits(session: Session, platform_id: str) -> None:
    """Hold the platform's row until this transaction ends: its accounts share its daily instant limit.

    Taken after the account's lock (the one order everywhere); a row lock on PostgreSQL, while
    SQLite's single writer already serializes every money movement.
    """
    session.exec(select(Platform.id).where(Platform.id == platform_id).with_for_update()).first()


def by_publishable_key(session: Session, publishable_key: str | None) -> Platform | None:
    if not publishable_key:
        return None
    return session.exec(select(Platform).where(Platform.publishable_key == publishable_key)).first()


class HasClock(Protocol):
    clock_offset: int


def clock_for(platform: HasClock, base: Clock) -> Clock:
    """The platform's clock: real time, moved forward by its test helpers."""
    return base.shifted(platform.clock_offset)


# Where a test clock stops (2033-05-18): times are stored in 32-bit integer columns on PostgreSQL,
# which end in January 2038, and what a platform books reaches weeks past its clock (arrival dates).
LATEST_TEST_TIME = 2_000_000_000


def advance_clock(session: Session, platform: Platform, seconds: int, base: Clock = system_clock) -> None:
    if seconds <= 0:
        raise StripeError("The clock only moves forward: seconds must be positive.", param="seconds")
    if clock_for(platform, base).now() + seconds > LATEST_TEST_TIME:
        raise StripeError(
            "The test clock cannot move past 2033-05-18T03:33:20Z.", code="parameter_invalid", param="seconds"
        )
    platform.clock_offset += seconds
    session.add(platform)
