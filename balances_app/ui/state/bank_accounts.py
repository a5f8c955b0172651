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
from balances_app.domain.bank_account_numbers import COUNTRIES, ROUTED_COUNTRIES, BankDetails, check, currencies_for
from balances_app.domain.errors import StripeError
from balances_app.domain.ids import fingerprint
from balances_app.notify import deliver_code
from balances_app.settings import settings
from balances_app.ui.countries import CountryOption, country_options
from balances_app.ui.messages import N_, say, say_code
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.snapshot import Snapshot, load
from balances_app.ui.state.untrusted import field, text

FEATURE = "external_account_collection"


BANK_ACCOUNT_STATUS_LABELS = {
    "new": N_("New"),
    "validated": N_("Validated"),
    "verified": N_("Verified"),
    "errored": N_("Errored"),
    "verification_failed": N_("Verification failed"),
}


def _status_label(locale: str, status: str) -> str:
    return say_code(locale, BANK_ACCOUNT_STATUS_LABELS, status)


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


FIELD_ERRORS = {
    "external_account[account_number]": "account_error",
    "external_account[routing_number]": "routing_error",
}


class BankAccountsState(rx.State):
    """The add form's account number, holder name and one-time code are never vars of this state.

    They stay in the browser's inputs and arrive only in the event that uses them (add, confirm),
    so Reflex never pickles them to `.states/` or Redis. Whether a code is needed, and for which
    action, is decided on the server from the session at the moment of the action.
    """

    enabled: bool = False
    banks: list[BankRow] = []
    form_open: bool = False
    country: str = "US"
    countries: list[CountryOption] = []  # every country offered, named in the session's language
    currency: str = "usd"
    currencies: list[str] = ["usd"]
    needs_routing: bool = True
    routing_number: str = ""
    account_typed: bool = False  # whether the account number field has something in it, not what
    routing_error: str = ""
    account_error: str = ""
    form_error: str = ""
    code_step: bool = False
    code_hint: str = ""
    code_error: str = ""
    notice: str = ""
    _code_for: str = ""  # the pending action a code unlocks: add:<fingerprint> | remove:<id>
    _locale: str = "en_US"
    _said: dict[str, tuple] = {}  # errors, hints and notices as codes and facts (ui/phrases.py)

    def _show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        self.enabled, self._locale = claimed.allows("balances", FEATURE), locale
        self.countries = country_options(locale)
        self.banks = [
            BankRow(
                id=e.id,
                bank=e.bank_name or say(locale, "Bank account"),
                last4=e.last4,
                currency=e.currency.upper(),
                is_default=e.default_for_currency,
                status=e.status,
                status_label=_status_label(locale, e.status),
                instant="instant" in e.available_payout_methods,
                hint=say(
                    locale,
                    "Payouts to this account failed. Add the correct bank account, make it the default, "
                    "then remove this one.",
                )
                if e.status == "errored"
                else "",
            )
            for e in snapshot.external_accounts
        ]
        retell(self, locale)
        if not self.form_open:
            self.country = snapshot.account.country if currencies_for(snapshot.account.country) else "US"
            self._reset_currency()

    def _reset_currency(self) -> None:
        self.needs_routing = self.country in ROUTED_COUNTRIES
        self.currencies = list(currencies_for(self.country))
        self.currency = self.currencies[0] if self.currencies else ""

    @rx.event
    def toggle_form(self) -> None:
        self.form_open = not self.form_open
        for name in ("form_error", "notice", "routing_error", "account_error"):
            tell(self, name, None, self._locale)
        self.routing_number, self.account_typed = "", False

    @rx.event
    def set_country(self, value: str) -> None:
        if value in COUNTRIES:
            self.country = value
            self._reset_currency()
            self._check_routing()

    @rx.event
    def set_currency(self, value: str) -> None:
        if value in self.currencies:
            self.currency = value

    @rx.event
    def set_routing_number(self, value: str) -> None:
        if text(value) == self.routing_number:  # the blur, then the late debounced change: one check
            return
        self.routing_number = text(value)
        self._check_routing()

    @rx.event
    def set_account_typed(self, typed: bool) -> None:
        self.account_typed = typed is True
        tell(self, "account_error", None, self._locale)
        self._check_routing()

    def _check_routing(self) -> None:
        """The routing number's error in plain words, once the person has moved on to the account number."""
        tell(self, "routing_error", None, self._locale)
        if not (self.account_typed and self.needs_routing and self.routing_number.strip()):
            return
        try:
            check(BankDetails(self.country, self.currency, "", self.routing_number))
        except StripeError as error:
            if error.param == "external_account[routing_number]":
                tell(self, "routing_error", Phrase.of(error), self._locale)

    def _details(self, form: Any) -> BankDetails:
        """The bank details: the country and currency chosen here, the numbers from the submitted form.

        The routing number reaches this state only after a pause in typing or on blur (for the
        live check); Enter pressed inside the field submits before either, so the submitted
        value, not the checked one, is what gets added.
        """
        return BankDetails(self.country, self.currency, field(form, "account_number"), field(form, "routing_number"))

    @rx.event
    async def add(self, form: dict[str, Any]) -> Any:
        """Check everything on the server, then ask for a one-time code when the session requires one."""
        tell(self, "form_error", None, self._locale)
        tell(self, "account_error", None, self._locale)
        details = self._details(form)
        try:
            check(details)
        except StripeError as error:  # said once, under the field it is about (the live check's place)
            tell(self, FIELD_ERRORS.get(error.param or "", "form_error"), Phrase.of(error), self._locale)
            return None
        return await self._start(_add_action(details), "add a bank account", form)

    @rx.event
    async def remove(self, bank_id: str) -> Any:
        return await self._start(f"remove:{text(bank_id)}", "remove a bank account", {})

    @rx.event
    async def make_default(self, bank_id: str) -> Any:
        return await self._run(f"default:{text(bank_id)}", None, {})

    @rx.event
    async def confirm_code(self, form: dict[str, Any]) -> Any:
        """The code, with the add form's values again (they were never kept here)."""
        action = self._code_for
        if not action:
            return None
        if action.startswith("add:") and action != _add_action(self._details(form)):
            tell(self, "code_error", Phrase("code_stale"), self._locale)
            return None
        return await self._run(action, field(form, "code"), form)

    @rx.event
    def cancel_code(self) -> None:
        self._code_for, self.code_step = "", False
        tell(self, "code_error", None, self._locale)
        tell(self, "code_hint", None, self._locale)

    async def _start(self, action: str, label: str, form: Any) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session._require(FEATURE)
            if not _needs_code(claimed):
                return await self._run(action, None, form)
            hint = await asyncio.to_thread(_send_code, claimed, action, label)
        except StripeError as error:
            tell(self, "form_error", Phrase.of(error), self._locale)
            return None
        tell(self, "code_hint", hint, self._locale)
        tell(self, "code_error", None, self._locale)
        self._code_for, self.code_step = action, True
        return None

    async def _run(self, action: str, code: str | None, form: Any) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session._require(FEATURE)
            if code is None and _needs_code(claimed) and not action.startswith("default:"):
                raise StripeError("Enter the code we sent you first.", code="verification_required")
            details, holder = self._details(form), field(form, "holder_name")
            done = await asyncio.to_thread(_apply, claimed, action, code, details, holder)
        except StripeError as error:
            tell(self, "code_error" if code is not None else "form_error", Phrase.of(error), self._locale)
            return None
        tell(self, "notice", done, self._locale)
        self.cancel_code()
        if action.startswith("add:"):
            self.form_open, self.routing_number, self.account_typed = False, "", False
            tell(self, "form_error", None, self._locale)
        return await session._refresh()


def _needs_code(claimed: ClaimedSession) -> bool:
    return not claimed.allows("balances", "disable_stripe_user_authentication")


def _add_action(details: BankDetails) -> str:
    """The action a code unlocks: adding these very details (kept as a keyed fingerprint, not the number)."""
    identity = f"{details.country}|{details.currency}|{details.routing_number}|{details.account_number}"
    return f"add:{fingerprint(identity, settings.fingerprint_key)}"


def _send_code(claimed: ClaimedSession, action: str, label: str) -> Phrase:
    def work(session: Session) -> Phrase:
        _platform, account, now = load(session, claimed)
        kind, _, bank_id = action.partition(":")
        if kind == "remove":
            external_accounts.get(session, account, bank_id)  # no code for a bank account that is not this one's
        verification.send(session, account, claimed.session_id, action, label, deliver_code, now)
        return Phrase(f"code_sent_{kind}", {"contact": verification.masked_contact(account)})

    return run_transaction(work, write=True)


def _apply(claimed: ClaimedSession, action: str, code: str | None, details: BankDetails, holder: str) -> Phrase:
    """The change itself; with a code, in the same transaction that uses the code up."""

    def change(session: Session) -> Phrase:
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
            return Phrase("bank_added", {"last4": bank.last4})
        if kind == "remove":
            bank = external_accounts.delete(session, account, bank_id, now)
            return Phrase("bank_removed", {"last4": bank.last4})
        bank = external_accounts.update(session, account, bank_id, default_for_currency=True, now=now)
        return Phrase("bank_default", {"last4": bank.last4, "currency": bank.currency})

    if code is None:
        return run_transaction(change, write=True)
    now = run_transaction(lambda session: load(session, claimed)[2])
    return verification.redeem(None, claimed.account_id, claimed.session_id, action, code, now, change)
