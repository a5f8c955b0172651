"""The platform and seller the benchmarks book onto: a US platform and one US account of it.

Every benchmark that needs a seller starts from the same one, made through the domain (so its
due-work rows and defaults are what the host would make), in the caller's transaction.
"""

from __future__ import annotations

from sqlmodel import Session

from balances_app.db.models import ConnectedAccount, Platform
from balances_app.domain.accounts import create_account
from balances_app.domain.platforms import create_platform


def us_seller(session: Session, now: int) -> tuple[Platform, ConnectedAccount]:
    platform, _ = create_platform(
        session, name="Bench", country="US", default_currency="usd", allowed_origins=[], now=now
    )
    account = create_account(
        session,
        platform,
        business_name="Bench",
        email="b@example.com",
        country="US",
        default_currency="usd",
        losses_payments="stripe",
        now=now,
    )
    return platform, account
