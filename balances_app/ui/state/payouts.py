"""The payouts state: recent and upcoming payouts, and the payout and add-funds dialogs.

The amount field keeps what the person types in the browser (an uncontrolled input): the
server sees it after a short pause, on blur and in the submitted form, and never writes back
into the field, so no keystroke is lost to a round trip. The prefill and the live preview apply
the rules the server applies when the payout is booked (`payout_rules.amount_refusal`), to the
figures read when the dialog opened. Every confirmation re-checks the session's features and
the rules on the server, shows a busy state, and carries an idempotency key made when the
dialog opened, so a double click pays once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.domain import ledger, payouts
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.amount_input import AmountError, parse_amount
from balances_app.domain.errors import StripeError
from balances_app.domain.external_accounts import describe, for_currency
from balances_app.domain.money import format_amount_input, format_day, format_money, spell_amount
from balances_app.domain.payout_room import read_headroom
from balances_app.domain.payout_rules import (
    Headroom,
    amount_refusal,
    arrival_date,
    can_receive_instant,
    largest_payout,
    minimum_payout,
)
from balances_app.domain.schedule import local_day
from balances_app.ui import actions
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.snapshot import Snapshot, load
from balances_app.ui.state.payout_rows import PayoutRow, payout_rows

FEATURE_FOR = {"standard": "standard_payouts", "instant": "instant_payouts", "topup": None}
PREVIEW_PAUSE_MS = 250

__all__ = ["FEATURE_FOR", "Option", "PayoutRow", "PayoutsState"]


@dataclass
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Terms:
    """The platform's instant payout terms, as plain values (payout_rules.InstantTerms)."""

    instant_fee_bps: int
    instant_fee_minimum: str
    instant_daily_limit: int


@dataclass(frozen=True)
class DialogFacts:
    """What a dialog needs, read from the database when it opens: plain values only."""

    room: Headroom | None  # None for add funds
    country: str
    now: int
    options: list[Option]
    default: str


class PayoutsState(rx.State):
    payouts: list[PayoutRow] = []
    dialog: str = ""  # "" | standard | instant | topup
    dialog_currency: str = ""
    dialog_key: str = ""  # a new one remounts the dialog's fields with their new prefill
    amount: str = ""  # the prefill only: what is typed stays in the browser until sent
    destination: str = ""
    destinations: list[Option] = []
    prefill_note: str = ""  # which rule set the prefill, when it is not the whole balance
    fee: str = ""
    total: str = ""
    arrival: str = ""
    words: str = ""  # the exact amount, spelled out in the session's locale
    dialog_error: str = ""
    sending: bool = False
    notice: str = ""
    _key: str = ""
    _locale: str = "en_US"
    _said: dict[
        str, tuple
    ] = {}  # the notice, error and note as codes and facts, said again in a new locale (ui/phrases.py)
    # Plain values of the open dialog (state is pickled to disk or Redis: never ORM rows or secrets).
    _room: tuple[int, int] | None = None  # (balance, today's instant volume) when the dialog opened
    _terms: tuple[int, str, int] | None = None  # the platform's instant fee and daily limit terms
    _country: str = ""  # the account's country, for arrival dates
    _opened_at: int = 0  # the platform's clock when the dialog opened
    _previewed: str = ""  # the text the preview (and any refusal shown) is about

    def _show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        switched, self._locale = locale != self._locale, locale
        self.payouts = payout_rows(snapshot, claimed, locale)
        retell(self, locale)
        if switched and self.dialog:  # the prefill and the preview's figures, in the new locale's format
            self._preview(self._previewed)

    @rx.event
    async def open(self, kind: str, currency: str) -> None:
        """Open a dialog; the server decides whether this session may, and what to prefill."""
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        tell(self, "notice", None, self._locale)
        if self.sending or not isinstance(kind, str) or kind not in FEATURE_FOR or not isinstance(currency, str):
            return  # what a forged event may send; a person's click always sends two known strings
        try:
            claimed = await session._require(FEATURE_FOR[kind])
        except StripeError as error:
            tell(self, "notice", Phrase.of(error), self._locale)
            return
        facts = await asyncio.to_thread(_read_dialog, claimed, kind, currency)
        if facts is None:  # not a currency this account holds
            return
        prefill = 0
        tell(self, "prefill_note", None, self._locale)
        self._room = self._terms = None
        if facts.room is not None:
            room = facts.room
            self._room = (room.balance, room.used_today)
            self._terms = (
                room.platform.instant_fee_bps,
                room.platform.instant_fee_minimum,
                room.platform.instant_daily_limit,
            )
            prefill, binding = largest_payout(room)
            tell(self, "prefill_note", _prefill_note(room, prefill, binding), self._locale)
        self._country, self._opened_at = facts.country, facts.now
        self.dialog, self.dialog_currency, self.dialog_error = kind, currency, ""
        self.dialog_key, self._key = uuid.uuid4().hex, uuid.uuid4().hex
        self.destinations, self.destination = facts.options, facts.default
        self.amount = format_amount_input(prefill, currency, self._locale) if prefill > 0 else ""
        self._preview(self.amount)

    @rx.event
    def preview(self, value: str) -> None:
        """What the typed amount would pay, or which rule refuses it (sent after a pause and on blur)."""
        text = value if isinstance(value, str) else ""
        # A late repeat (the pause after typing ends after Confirm) must not hide the server's answer.
        if self.dialog and not self.sending and text != self._previewed:
            self._preview(text)

    @rx.event
    def close(self) -> None:
        if not self.sending:
            self._close()

    def _close(self) -> None:
        self.dialog, self.dialog_error, self._key, self._room, self._terms = "", "", "", None, None

    def _headroom(self) -> Headroom | None:
        if self._room is None or self._terms is None or self.dialog not in ("standard", "instant"):
            return None
        return Headroom(Terms(*self._terms), self.dialog, self.dialog_currency, *self._room)

    def _preview(self, text: str) -> None:
        """Fee, total, arrival and the amount in words, shown before confirming; or what is wrong."""
        currency, room = self.dialog_currency, self._headroom()
        self._previewed = text
        self.fee = self.total = self.words = ""
        tell(self, "dialog_error", None, self._locale)
        tell(self, "arrival", None, self._locale)
        if room is not None:
            when = arrival_date(self._country, self.dialog, self._opened_at)
            if self.dialog == "instant":
                tell(self, "arrival", Phrase("arrival_instant"), self._locale)
            else:
                self.arrival = format_day(local_day(when, self._country), self._locale)
        if not text.strip():
            return
        try:
            amount = parse_amount(text, currency, self._locale)
        except AmountError as error:
            tell(self, "dialog_error", Phrase.of(error), self._locale)
            return
        if room is not None and (refusal := amount_refusal(room, amount)) is not None:
            tell(self, "dialog_error", Phrase.of(refusal), self._locale)
            return
        fee = room.fee(amount) if room is not None else 0
        self.fee = format_money(fee, currency, self._locale)
        self.total = format_money(amount + fee, currency, self._locale)
        self.words = spell_amount(amount, currency, self._locale)

    @rx.event
    async def confirm(self, form_data: dict[str, Any]) -> AsyncIterator[Any]:
        """Pay out (or add funds) what the form holds, once: busy until the server has answered."""
        from balances_app.ui.state.session import SessionState

        kind, currency, key = self.dialog, self.dialog_currency, self._key
        if self.sending or kind not in FEATURE_FOR or not key:
            return
        fields = form_data if isinstance(form_data, dict) else {}
        text, destination = fields.get("amount"), fields.get("destination")
        text = text if isinstance(text, str) else ""
        self._preview(text)
        try:
            amount = parse_amount(text, currency, self._locale)
        except AmountError as error:
            tell(self, "dialog_error", Phrase.of(error), self._locale)
            return
        self.sending = True
        tell(self, "dialog_error", None, self._locale)
        yield
        session = await self.get_state(SessionState)
        try:
            claimed = await session._require(FEATURE_FOR[kind])
            chosen = destination if isinstance(destination, str) else ""
            done = await asyncio.to_thread(actions.execute, claimed, kind, currency, amount, chosen, key)
        except StripeError as error:
            self.sending = False
            tell(self, "dialog_error", Phrase.of(error), self._locale)
            return
        self.sending = False
        tell(self, "notice", actions.notice(done), self._locale)
        self._close()
        yield await session._refresh()

    @rx.event
    async def cancel_payout(self, payout_id: str) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        try:
            claimed = await session._require("standard_payouts")
            await asyncio.to_thread(_cancel, claimed, str(payout_id))
        except StripeError as error:
            tell(self, "notice", Phrase.of(error), self._locale)
            return None
        tell(self, "notice", Phrase("payout_canceled"), self._locale)
        return await session._refresh()


def _prefill_note(room: Headroom, prefill: int, binding: str) -> Phrase | None:
    """Say which rule set the prefill when it is not simply everything that is available."""
    if prefill == 0:
        refusal = amount_refusal(room, minimum_payout(room.currency))
        return Phrase.of(refusal) if refusal else None
    if binding == "daily_limit":
        return Phrase("prefill_daily_limit", {"amount": prefill, "currency": room.currency})
    if room.method == "instant":
        return Phrase("prefill_instant")
    return None


def _read_dialog(claimed: ClaimedSession, kind: str, currency: str) -> DialogFacts | None:
    """The dialog's figures and destinations as they are now, or None for a currency the account does not hold."""

    def work(session: Session) -> DialogFacts | None:
        platform, account, now = load(session, claimed)
        externals = for_currency(session, account.id, currency)
        if currency not in {bucket.currency for bucket in ledger.buckets(session, account.id)}:
            return None  # the currencies a balance is shown in are those with running totals
        if kind == "instant":
            externals = [e for e in externals if can_receive_instant(e)]
        room = None if kind == "topup" else read_headroom(session, platform, account, kind, currency, now)
        if room is not None:
            terms = Terms(platform.instant_fee_bps, platform.instant_fee_minimum, platform.instant_daily_limit)
            room = dataclasses.replace(room, platform=terms)
        default = next((e for e in externals if e.default_for_currency), externals[0] if externals else None)
        options = [Option(e.id, describe(e)) for e in externals]
        return DialogFacts(room, account.country, now, options, default.id if default else "")

    return run_transaction(work)


def _cancel(claimed: ClaimedSession, payout_id: str) -> None:
    def work(session: Session) -> None:
        _platform, account, now = load(session, claimed)
        payouts.cancel(session, account, payout_id, now)

    run_transaction(work, write=True)
