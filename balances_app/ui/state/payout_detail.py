"""The payout details overlay: opened from a list row, or by the platform (`setPayout`).

State holds the shown payout as plain strings (see ui/payout_view.py) and its id; every
event re-reads the session, and a payout that is not the claimed account's shows nothing.
Closing tells the platform's page (`setOnClose`) when this frame is the `payout-details` element.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.errors import StripeError
from balances_app.ui import payout_view
from balances_app.ui.bridge import post_to_parent
from balances_app.ui.payout_view import GroupLine, ItemLine, Step
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.state.session import SessionState
from balances_app.ui.wording import status_label


class PayoutDetailState(rx.State):
    open: bool = False
    payout_id: str = ""
    amount: str = ""
    status: str = ""
    status_label: str = ""
    method: str = ""
    fee: str = ""
    arrival: str = ""
    destination: str = ""
    statement_descriptor: str = ""
    failure: str = ""
    automatic: bool = False
    steps: list[Step] = []
    groups: list[GroupLine] = []
    total_gross: str = ""
    total_fee: str = ""
    total_net: str = ""
    items: list[ItemLine] = []
    has_more_items: bool = False
    error: str = ""
    _next_item_seq: int = 0
    _requested: str = ""  # the payout the platform asked for (setPayout), shown at the next refresh
    _locale: str = "en_US"
    _said: dict[str, tuple] = {}  # the error as a code and its facts (ui/phrases.py)

    def _take_params(self, params: dict[str, str]) -> None:
        requested = params.get("payout", "")
        if requested != self._requested:
            self._requested, self.payout_id = requested, requested

    def _fill(self, view: payout_view.PayoutView | None) -> None:
        if view is None:  # not this account's, or no such payout: render nothing, say nothing
            self.open, self.payout_id, self.steps, self.groups, self.items = False, "", [], [], []
            return
        self.open, self.payout_id, self.amount, self.status = True, view.id, view.amount, view.status
        self.status_label = status_label(self._locale, view.status)
        self.method, self.fee, self.arrival, self.destination = view.method, view.fee, view.arrival, view.destination
        self.statement_descriptor, self.failure, self.automatic = (
            view.statement_descriptor,
            view.failure,
            view.automatic,
        )
        self.steps, self.groups, self.items = view.steps, view.groups, view.items
        self.total_gross, self.total_fee, self.total_net = view.total_gross, view.total_fee, view.total_net
        self._next_item_seq, self.has_more_items = view.next_item_seq, view.next_item_seq > 0
        tell(self, "error", None, self._locale)

    def _show(self, snapshot: Any, claimed: ClaimedSession, locale: str) -> None:
        """On (re)load: the open payout again, or the one the platform set."""
        self._locale = locale
        retell(self, locale)
        if self.payout_id:
            self._fill(payout_view.read(claimed, self.payout_id, snapshot.now, locale))

    @rx.event
    async def open_payout(self, payout_id: str) -> None:
        session = await self.get_state(SessionState)
        if not isinstance(payout_id, str):
            return
        try:
            claimed = await session._require()
            view = await asyncio.to_thread(payout_view.read, claimed, payout_id, 0, self._locale)
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return
        self._fill(view)

    @rx.event
    async def close(self) -> Any:
        self.open, self.payout_id, self.items, self.groups = False, "", [], []
        session = await self.get_state(SessionState)
        if session._component == "payout_details" and session.parent_origin:
            return post_to_parent(session.parent_origin, {"type": "bc:close"})
        return None

    @rx.event
    async def more_items(self) -> None:
        session = await self.get_state(SessionState)
        try:
            claimed = await session._require()
            lines, after = await asyncio.to_thread(
                payout_view.more_items, claimed, self.payout_id, self._next_item_seq, self._locale
            )
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return
        self.items, self._next_item_seq, self.has_more_items = [*self.items, *lines], after, after > 0

    @rx.event
    async def download_csv(self) -> Any:
        session = await self.get_state(SessionState)
        try:
            claimed = await session._require()
            name, text = await asyncio.to_thread(payout_view.export, claimed, self.payout_id)
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return None
        return rx.download(data=text, filename=name, mime_type="text/csv")
