"""The payouts list: filters, pages through all history, and its CSV export.

State holds plain values only (strings, numbers, the page cursors as "created:id" strings).
Every event re-reads the session on the server and reads only the page it shows, through
the domain's keyset query; the browser's filter values are parsed and checked here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session, col, select

from balances_app.db.engine import run_transaction
from balances_app.db.models import ConnectedAccount, ExternalAccount, Payout
from balances_app.domain import payout_queries, payout_reports
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.amount_input import AmountError, parse_amount
from balances_app.domain.errors import StripeError
from balances_app.domain.money import format_day, format_money
from balances_app.domain.payout_queries import Cursor, PayoutFilter
from balances_app.domain.schedule import local_day, start_of_day, zone_for
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.state.session import SessionState
from balances_app.ui.wording import bank_name, method_label, status_label

PAGE_SIZE = 10


@dataclass
class ListRow:
    id: str
    amount: str
    status: str
    status_label: str
    method: str
    arrival: str
    destination: str


@dataclass(frozen=True)
class Filters:
    """The filter form as typed: plain strings, parsed on the server for each read."""

    status: str = ""
    method: str = ""
    arrival_from: str = ""
    arrival_until: str = ""
    amount_min: str = ""
    amount_max: str = ""


def _day_start(text: str, country: str, next_day: bool = False) -> int | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise StripeError("Dates must be given as YYYY-MM-DD.", reason="date_invalid") from error
    return start_of_day(date.fromordinal(day.toordinal() + 1) if next_day else day, country)


def parse_filters(form: Filters, account: ConnectedAccount, locale: str) -> PayoutFilter:
    """The typed filters as a domain filter; amounts are in the account's default currency."""
    currency = account.default_currency

    def amount(text: str) -> int | None:
        if not text.strip():
            return None
        try:
            return parse_amount(text, currency, locale)
        except AmountError as error:  # read strictly for the locale, as every amount a person types
            raise StripeError(str(error), reason=error.code, params=error.params) from error

    return PayoutFilter(
        status=form.status if form.status in payout_queries.STATUSES else None,
        method=form.method if form.method in payout_queries.METHODS else None,
        arrival_from=_day_start(form.arrival_from, account.country),
        arrival_until=_day_start(form.arrival_until, account.country, next_day=True),
        amount_min=amount(form.amount_min),
        amount_max=amount(form.amount_max),
    )


def _cursor(text: str) -> Cursor | None:
    created, _, ident = text.partition(":")
    return Cursor(int(created), ident) if created.isdigit() and ident.startswith("po_") else None


def _rows(session: Session, account: ConnectedAccount, payouts: list[Payout], locale: str) -> list[ListRow]:
    ids = {p.destination for p in payouts if p.destination}
    banks = {b.id: b for b in session.exec(select(ExternalAccount).where(col(ExternalAccount.id).in_(ids))).all()}
    return [
        ListRow(
            id=p.id,
            amount=format_money(p.amount, p.currency, locale),
            status=p.status,
            status_label=status_label(locale, p.status),
            method=method_label(locale, p.method, p.automatic),
            arrival=format_day(local_day(p.arrival_date, account.country), locale),
            destination=bank_name(locale, banks[p.destination].bank_name or "", banks[p.destination].last4)
            if p.destination in banks
            else "",
        )
        for p in payouts
    ]


def read_page(claimed: ClaimedSession, form: Filters, after: str, locale: str) -> tuple[list[ListRow], str]:
    """One page of the claimed account's payouts, and the next page's cursor ("" when none)."""

    def work(session: Session) -> tuple[list[ListRow], str]:
        account = session.get(ConnectedAccount, claimed.account_id)
        assert account is not None
        where = parse_filters(form, account, locale)
        rows, cursor = payout_queries.page(session, account.id, where, _cursor(after), PAGE_SIZE)
        return _rows(session, account, rows, locale), f"{cursor.created}:{cursor.id}" if cursor else ""

    return run_transaction(work)


def export(claimed: ClaimedSession, form: Filters, locale: str) -> tuple[str, str]:
    """Every payout the filters match, as (file name, CSV text)."""

    def work(session: Session) -> tuple[str, str]:
        account = session.get(ConnectedAccount, claimed.account_id)
        assert account is not None
        payouts = payout_queries.all_matching(session, account.id, parse_filters(form, account, locale))
        banks = {b.id: b for b in session.exec(select(ExternalAccount).where(ExternalAccount.account_id == account.id))}
        zone = zone_for(account.country)
        return payout_reports.file_name("payouts", zone), payout_reports.payouts_csv(payouts, banks, zone)

    return run_transaction(work)


class PayoutListState(rx.State):
    rows: list[ListRow] = []
    page_number: int = 1
    has_next: bool = False
    error: str = ""
    status: str = ""
    method: str = ""
    arrival_from: str = ""
    arrival_until: str = ""
    amount_min: str = ""
    amount_max: str = ""
    currency_hint: str = ""
    _starts: list[str] = [""]  # the cursor each shown page started from; the last one is the current page
    _next: str = ""
    _locale: str = "en_US"
    _said: dict[str, tuple] = {}  # the error as a code and its facts (ui/phrases.py)

    def _form(self) -> Filters:
        return Filters(
            self.status, self.method, self.arrival_from, self.arrival_until, self.amount_min, self.amount_max
        )

    def _show(self, snapshot: Any, claimed: ClaimedSession, locale: str) -> None:
        """On (re)load: the current page again, with the current filters."""
        self._locale = locale
        self.currency_hint = snapshot.account.default_currency.upper()
        try:
            self.rows, self._next = read_page(claimed, self._form(), self._starts[-1], locale)
            retell(self, locale)
        except StripeError as error:
            self.rows, self._next = [], ""
            tell(self, "error", Phrase.of(error), locale)
        self.has_next, self.page_number = bool(self._next), len(self._starts)

    async def _load(self, starts: list[str]) -> None:
        session = await self.get_state(SessionState)
        try:
            claimed = await session._require()
            rows, after = await asyncio.to_thread(read_page, claimed, self._form(), starts[-1], self._locale)
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return
        self.rows, self._next, self._starts = rows, after, starts
        tell(self, "error", None, self._locale)
        self.has_next, self.page_number = bool(after), len(starts)

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        """Change one filter and go back to the first page."""
        if name not in Filters.__dataclass_fields__ or not isinstance(value, str) or len(value) > 40:
            return
        setattr(self, name, value)
        await self._load([""])

    @rx.event
    async def clear_filters(self) -> None:
        for name in Filters.__dataclass_fields__:
            setattr(self, name, "")
        await self._load([""])

    @rx.event
    async def next_page(self) -> None:
        if self._next:
            await self._load([*self._starts, self._next])

    @rx.event
    async def previous_page(self) -> None:
        if len(self._starts) > 1:
            await self._load(self._starts[:-1])

    @rx.event
    async def download_csv(self) -> Any:
        session = await self.get_state(SessionState)
        try:
            claimed = await session._require()
            name, text = await asyncio.to_thread(export, claimed, self._form(), self._locale)
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return None
        return rx.download(data=text, filename=name, mime_type="text/csv")
