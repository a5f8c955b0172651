"""The payouts state: recent and upcoming payouts, and the payout and add-funds dialogs.

Every confirmation re-checks the session's features and the domain's rules on the server,
and carries an idempotency key made when the dialog opened, so a double click pays once.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.domain import idempotency, payouts, topups
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.errors import StripeError
from balances_app.domain.external_accounts import describe
from balances_app.domain.money import format_amount_input, format_day, format_money, parse_amount
from balances_app.domain.payout_rules import (
    arrival_date,
    can_receive_instant,
    instant_fee,
    max_instant_amount,
)
from balances_app.domain.payouts import PayoutRequest
from balances_app.domain.schedule import local_day
from balances_app.domain.topups import TopupRequest
from balances_app.ui.snapshot import Snapshot, load

FEATURE_FOR = {"standard": "standard_payouts", "instant": "instant_payouts", "topup": None}
STATUS_LABELS = {
    "pending": "Pending",
    "in_transit": "In transit",
    "paid": "Paid",
    "failed": "Failed",
    "canceled": "Canceled",
}


@dataclass
class PayoutRow:
    id: str
    amount: str
    status: str
    status_label: str
    method: str
    created: str
    arrival: str
    destination: str
    failure: str
    cancelable: bool


@dataclass
class Option:
    value: str
    label: str


def _payout_rows(snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> list[PayoutRow]:
    may_cancel = claimed.allows("balances", "standard_payouts")
    rows = []
    for payout in snapshot.payouts:
        external = snapshot.external(payout.destination)
        rows.append(
            PayoutRow(
                id=payout.id,
                amount=format_money(payout.amount, payout.currency, locale),
                status=payout.status,
                status_label=STATUS_LABELS.get(payout.status, payout.status),
                method="Instant" if payout.method == "instant" else ("Automatic" if payout.automatic else "Manual"),
                created=format_day(_day(payout.created, snapshot), locale),
                arrival=format_day(_day(payout.arrival_date, snapshot), locale),
                destination=describe(external) if external else "",
                failure=payout.failure_message or "",
                cancelable=may_cancel and payout.status == "pending" and not payout.automatic,
            )
        )
    return rows


def _day(moment: int, snapshot: Snapshot) -> date:
    return local_day(moment, snapshot.account.country)


class PayoutsState(rx.State):
    payouts: list[PayoutRow] = []
    dialog: str = ""  # "" | standard | instant | topup
    dialog_currency: str = ""
    amount: str = ""
    destination: str = ""
    destinations: list[Option] = []
    fee: str = ""
    total: str = ""
    arrival: str = ""
    dialog_error: str = ""
    notice: str = ""
    _key: str = ""
    _snapshot: Snapshot | None = None
    _locale: str = "en_US"

    def _show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        self._snapshot, self._locale = snapshot, locale
        self.payouts = _payout_rows(snapshot, claimed, locale)

    @rx.event
    async def open(self, kind: str, currency: str) -> None:
        """Open a dialog; the server decides whether this session may, and what to prefill."""
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        self.notice = ""
        try:
            claimed = await session._require(FEATURE_FOR.get(kind, "unknown"))
        except StripeError as error:
            self.notice = error.message
            return
        snapshot = self._snapshot if self._snapshot and self._snapshot.account.id == claimed.account_id else None
        summary = next((s for s in snapshot.summaries if s.currency == currency), None) if snapshot else None
        if snapshot is None or summary is None or kind not in FEATURE_FOR:
            return
        options = snapshot.destinations(currency)
        if kind == "instant":
            options = [e for e in options if can_receive_instant(e)]
            prefill = max_instant_amount(snapshot.platform, summary.instant_available, currency)
        else:
            prefill = max(summary.available, 0) if kind == "standard" else 0
        self.dialog, self.dialog_currency, self.dialog_error = kind, currency, ""
        self.destinations = [Option(e.id, describe(e)) for e in options]
        default = next((e for e in options if e.default_for_currency), options[0] if options else None)
        self.destination = default.id if default else ""
        self.amount = format_amount_input(prefill, currency, self._locale) if prefill > 0 else ""
        self._key = uuid.uuid4().hex
        self._preview()

    @rx.event
    def set_amount(self, value: str) -> None:
        self.amount = value
        self._preview()

    @rx.event
    def set_destination(self, value: str) -> None:
        self.destination = value

    @rx.event
    def close(self) -> None:
        self.dialog, self.dialog_error, self._key = "", "", ""

    def _preview(self) -> None:
        """Fee, total and arrival, shown before confirming."""
        snapshot, currency = self._snapshot, self.dialog_currency
        self.fee = self.total = self.arrival = ""
        if snapshot is None or self.dialog not in ("standard", "instant"):
            return
        self.arrival = format_day(
            _day(arrival_date(snapshot.account, self.dialog, snapshot.now), snapshot), self._locale
        )
        if self.dialog == "instant":
            self.arrival = "In about 30 minutes"
        try:
            amount = parse_amount(self.amount, currency, self._locale)
        except ValueError:
            return
        fee = instant_fee(snapshot.platform, amount, currency) if self.dialog == "instant" else 0
        self.fee = format_money(fee, currency, self._locale)
        self.total = format_money(amount + fee, currency, self._locale)

    @rx.event
    async def confirm(self) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        kind, currency, key = self.dialog, self.dialog_currency, self._key
        if kind not in FEATURE_FOR or not key:
            return None
        try:
            claimed = await session._require(FEATURE_FOR[kind])
            amount = parse_amount(self.amount, currency, self._locale)
            done = await asyncio.to_thread(_execute, claimed, kind, currency, amount, self.destination, key)
        except (StripeError, ValueError) as error:
            self.dialog_error = error.message if isinstance(error, StripeError) else str(error)
            return None
        self.notice = done
        self.close()
        return await session._refresh()

    @rx.event
    async def cancel_payout(self, payout_id: str) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session._require("standard_payouts")
            await asyncio.to_thread(_cancel, claimed, payout_id)
        except StripeError as error:
            self.notice = error.message
            return None
        self.notice = "Payout canceled. The amount is back in your balance."
        return await session._refresh()


def _execute(claimed: ClaimedSession, kind: str, currency: str, amount: int, destination: str, key: str) -> str:
    """Book the payout or top-up once per dialog key, in one transaction with its idempotency record."""
    fingerprint = hashlib.sha256(f"{kind}|{currency}|{amount}|{destination}".encode()).hexdigest()
    scope = f"component:{claimed.account_id}"

    def work(session: Session) -> str:
        platform, account, now = load(session, claimed)
        replay = idempotency.begin(session, platform.id, scope, key, fingerprint, now)
        if replay is not None:
            return replay.body.decode()
        if kind == "topup":
            topups.create(session, account, TopupRequest(amount, currency), now)
            message = f"Adding {format_money(amount, currency)}. The funds will be available in a few days."
        else:
            request = PayoutRequest(amount, currency, method=kind, destination=destination or None)
            payouts.create(session, platform, account, request, now)
            message = f"Payout of {format_money(amount, currency)} is on its way."
        idempotency.finish(session, platform.id, scope, key, 200, message.encode())
        return message

    return run_transaction(work, write=True)


def _cancel(claimed: ClaimedSession, payout_id: str) -> None:
    def work(session: Session) -> None:
        _platform, account, now = load(session, claimed)
        payouts.cancel(session, account, payout_id, now)

    run_transaction(work, write=True)
