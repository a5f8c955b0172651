"""Delivering one-time codes to an account's contact.

A real deployment posts them to the platform's own delivery service (`BALANCES_NOTIFY_URL`,
JSON `{account, email, code, purpose}`); the demo platform receives them and shows them in its
log panel. Without a URL, codes are written to the host's log.
"""

from __future__ import annotations

import logging

import httpx

from balances_app.db.models import ConnectedAccount
from balances_app.settings import settings

log = logging.getLogger("balances.notify")


def deliver_code(account: ConnectedAccount, code: str, purpose: str) -> None:
    message = {"account": account.id, "email": account.email, "code": code, "purpose": purpose}
    if not settings.notify_url:
        log.warning("one-time code for %s (%s): %s", account.id, purpose, code)
        return
    try:
        httpx.post(settings.notify_url, json=message, timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        log.error("could not deliver the code for %s: %s", account.id, error)
