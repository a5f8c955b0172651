"""The schedule editor's state: the current schedule in words, its next dates, and the draft being edited."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlmodel import Session

from balances_app.db.engine import run_transaction
from balances_app.db.models import ConnectedAccount
from balances_app.domain import payout_schedules
from balances_app.domain.account_sessions import ClaimedSession
from balances_app.domain.accounts import minimum_delay_days, schedule_of
from balances_app.domain.errors import StripeError
from balances_app.domain.money import format_day
from balances_app.ui.phrases import Phrase, retell, tell
from balances_app.ui.snapshot import Snapshot
from balances_app.ui.state.untrusted import text
from balances_app.ui.wording import schedule_sentence

FEATURE = "edit_payout_schedule"


class ScheduleState(rx.State):
    enabled: bool = False
    description: str = ""
    next_dates: list[str] = []
    interval: str = "daily"
    weekly_anchor: str = "monday"
    monthly_anchor: str = "1"
    delay_days: str = "2"
    minimum_delay: int = 2
    error: str = ""
    saved: str = ""
    _said: dict[str, tuple] = {}  # the error and the confirmation as codes and facts (ui/phrases.py)
    _locale: str = "en_US"
    _saved_shown: tuple = ()  # the saved schedule the draft started from

    def _show(self, snapshot: Snapshot, claimed: ClaimedSession, locale: str) -> None:
        account = snapshot.account
        schedule = schedule_of(account)
        self.enabled, self._locale = claimed.allows("balances", FEATURE), locale
        self.description = schedule_sentence(locale, schedule)
        self.next_dates = [format_day(day, locale) for day in payout_schedules.next_days(account, snapshot.now)]
        saved = (schedule.interval, schedule.delay_days, schedule.weekly_anchor, schedule.monthly_anchor)
        if saved != self._saved_shown:  # a draft being edited outlives refreshes (a new locale, a payout)
            self._saved_shown = saved
            self.interval, self.delay_days = schedule.interval, str(schedule.delay_days)
            self.weekly_anchor = schedule.weekly_anchor or "monday"
            self.monthly_anchor = str(schedule.monthly_anchor or 1)
        self.minimum_delay = minimum_delay_days(account.country)
        retell(self, locale)

    @rx.event
    def set_interval(self, value: str) -> None:
        self.interval, self.saved = text(value, 20), ""

    @rx.event
    def set_weekly_anchor(self, value: str) -> None:
        self.weekly_anchor, self.saved = text(value, 20), ""

    @rx.event
    def set_monthly_anchor(self, value: str) -> None:
        self.monthly_anchor, self.saved = text(value, 20), ""

    @rx.event
    def set_delay_days(self, value: str) -> None:
        self.delay_days, self.saved = text(value, 20), ""

    @rx.event
    async def save(self) -> Any:
        from balances_app.ui.state.session import SessionState

        session = await self.get_state(SessionState)
        draft = {"interval": self.interval, "delay_days": self.delay_days.strip()}
        if self.interval == "weekly":
            draft["weekly_anchor"] = self.weekly_anchor
        if self.interval == "monthly":
            draft["monthly_anchor"] = self.monthly_anchor
        try:
            claimed = await session._require(FEATURE)
            await asyncio.to_thread(_save, claimed.account_id, draft)
        except StripeError as error:
            tell(self, "error", Phrase.of(error), self._locale)
            return None
        tell(self, "error", None, self._locale)
        tell(self, "saved", Phrase("schedule_saved"), self._locale)
        return await session._refresh()


def _save(account_id: str, draft: dict[str, str]) -> None:
    def work(session: Session) -> None:
        account = session.get(ConnectedAccount, account_id)
        assert account is not None
        payout_schedules.change(session, account, **draft)

    run_transaction(work, write=True)
