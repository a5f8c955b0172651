"""The bank accounts state: the list, the add form that checks as the person types, and one-time codes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.domain import external_accounts, verification
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.bank_account_numbers import BankDetails, check, currencies_for
from balances_app.domain.errors import StripeError
from balances_app.notify import deliver_code
from balances_app.settings import settings
from balances_app.ui.snapshot import Snapshot, load

FEATURE = "external_account_collection"
COUNTRIES = [
    "US",
    "GB",
    "CA",
    "AU",
    "JP",
    "AT",
    "BE",
    "DE",
    "ES",
    "FI",
    "FR",
    "IE",
    "IT",
    "NL",
    "PT",
    "DK",
    "SE",
    "NO",
    "PL",
    "CH",
]
ROUTED_COUNTRIES = ("US", "GB", "CA", "AU", "JP")  # the others use an IBAN alone
STATUS_LABELS = {
    "new": "New",
    "validated": "Validated",
    "verified": "Verified",
    "errored": "Errored",
    "verification_failed": "Verification failed",
}


@dataclass
class BankRow:
    id: str
    bank: str
    last4: str
    currency: str
    is_default: bool
    status: str
    status_label: str
    instant: bool
    hint: str


class BankAccountsState(rx.State):
    enabled: bool = False
    banks: list[BankRow] = []
    form_open: bool = False
    country: str = "US"
    currency: str = "usd"
    currencies: list[str] = ["usd"]
    needs_routing: bool = True
    routing_number: str = ""
    account_number: str = ""
    holder_name: str = ""
    routing_error: str = ""
    account_error: str = ""
    form_error: str = ""
    code_for: str = ""  # the pending action a one-time code unlocks: "" | add | remove:<id>
    code: str = ""
    code_hint: str = ""
    code_error: str = ""
    notice: str = ""
    _needs_code: bool = True

    def show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        self.enabled = claimed.allows("balances", FEATURE)
        self._needs_code = not claimed.allows("balances", "disable_stripe_user_authentication")
        self.banks = [
            BankRow(
                id=e.id,
                bank=e.bank_name or "Bank account",
                last4=e.last4,
                currency=e.currency.upper(),
                is_default=e.default_for_currency,
                status=e.status,
                status_label=STATUS_LABELS.get(e.status, e.status),
                instant="instant" in e.available_payout_methods,
                hint=external_accounts.repair_hint(e),
            )
            for e in snapshot.external_accounts
        ]
        if not self.form_open:
            self.country = snapshot.account.country if currencies_for(snapshot.account.country) else "US"
            self._reset_currency()

    def _reset_currency(self) -> None:
        self.needs_routing = self.country in ROUTED_COUNTRIES
        self.currencies = list(currencies_for(self.country))
        self.currency = self.currencies[0] if self.currencies else ""

    @rx.event
    def toggle_form(self) -> None:
        self.form_open, self.form_error, self.notice = not self.form_open, "", ""

    @rx.event
    def set_country(self, value: str) -> None:
        self.country = value
        self._reset_currency()
        self._check_as_typed()

    @rx.event
    def set_currency(self, value: str) -> None:
        self.currency = value

    @rx.event
    def set_routing_number(self, value: str) -> None:
        self.routing_number = value
        self._check_as_typed()

    @rx.event
    def set_account_number(self, value: str) -> None:
        self.account_number = value
        self._check_as_typed()

    @rx.event
    def set_holder_name(self, value: str) -> None:
        self.holder_name = value

    @rx.event
    def set_code(self, value: str) -> None:
        self.code = value

    def _details(self) -> BankDetails:
        return BankDetails(self.country, self.currency, self.account_number, self.routing_number)

    def _check_as_typed(self) -> None:
        """Plain-words errors for the fields typed so far; silent about fields still empty."""
        self.routing_error = self.account_error = ""
        if not self.account_number.strip():
            return
        try:
            check(self._details())
        except StripeError as error:
            if error.param == "external_account[routing_number]" and self.routing_number.strip():
                self.routing_error = error.message
            elif error.param == "external_account[account_number]":
                self.account_error = error.message

    @rx.event
    async def add(self) -> Any:
        """Check everything on the server, then ask for a one-time code when the session requires one."""
        try:
            check(self._details())
        except StripeError as error:
            self.form_error = error.message
            return None
        return await self._start("add", "add a bank account")

    @rx.event
    async def remove(self, bank_id: str) -> Any:
        return await self._start(f"remove:{bank_id}", "remove a bank account")

    @rx.event
    async def make_default(self, bank_id: str) -> Any:
        return await self._run(f"default:{bank_id}", code=None)

    @rx.event
    async def confirm_code(self) -> Any:
        return await self._run(self.code_for, code=self.code)

    @rx.event
    def cancel_code(self) -> None:
        self.code_for = self.code = self.code_error = self.code_hint = ""

    async def _start(self, action: str, label: str) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session.require(FEATURE)
            if not self._needs_code:
                return await self._run(action, code=None)
            self.code_hint = await asyncio.to_thread(_send_code, claimed, action, label)
        except StripeError as error:
            self.form_error = error.message
            return None
        self.code_for, self.code, self.code_error = action, "", ""
        return None

    async def _run(self, action: str, code: str | None) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session.require(FEATURE)
            if code is None and self._needs_code and not action.startswith("default:"):
                raise StripeError("Enter the code we sent you first.", code="verification_required")
            self.notice = await asyncio.to_thread(_apply, claimed, action, code, self._details(), self.holder_name)
        except StripeError as error:
            if code is not None:
                self.code_error = error.message
            else:
                self.form_error = error.message
            return None
        self.cancel_code()
        if action == "add":
            self.form_open, self.account_number, self.routing_number, self.form_error = False, "", "", ""
        return await session.refresh()


def _send_code(claimed: ClaimedSession, action: str, label: str) -> str:
    def work(session: Session) -> str:
        _platform, account, now = load(session, claimed)
        verification.send(session, account, claimed.session_id, action, label, deliver_code, now)
        return f"Enter the 6-digit code we sent to {verification.masked_contact(account)} to {label}."

    return run_transaction(work, write=True)


def _apply(claimed: ClaimedSession, action: str, code: str | None, details: BankDetails, holder: str) -> str:
    """The change itself; with a code, in the same transaction that uses the code up."""

    def change(session: Session) -> str:
        _platform, account, now = load(session, claimed)
        kind, _, bank_id = action.partition(":")
        if kind == "add":
            bank = external_accounts.add(
                session,
                account,
                details,
                holder_name=holder or None,
                holder_type=None,
                default_for_currency=False,
                metadata={},
                fingerprint_key=settings.fingerprint_key,
                now=now,
            )
            return f"Bank account ••••{bank.last4} added."
        if kind == "remove":
            bank = external_accounts.delete(session, account, bank_id)
            return f"Bank account ••••{bank.last4} removed."
        bank = external_accounts.update(session, account, bank_id, default_for_currency=True)
        return f"••••{bank.last4} is now the default for {bank.currency.upper()}."

    if code is None:
        return run_transaction(change, write=True)
    now = run_transaction(lambda session: load(session, claimed)[2])
    return verification.redeem(None, claimed.account_id, claimed.session_id, action, code, now, change)
