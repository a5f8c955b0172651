"""Payout schedules: when automatic payouts happen. Pure date arithmetic.

A payout date is a calendar day in the account's country; the payout is created at the
start of that day and pays out what is available then. Today's payout counts as done, so
the next payout is the first scheduled day after today.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
INTERVALS = ("daily", "weekly", "monthly", "manual")

# The zone whose calendar decides an account's payout days (one per country; UTC elsewhere).
COUNTRY_ZONES = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "ES": "Europe/Madrid",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels",
    "AT": "Europe/Vienna",
    "PT": "Europe/Lisbon",
    "FI": "Europe/Helsinki",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "NO": "Europe/Oslo",
    "CH": "Europe/Zurich",
    "PL": "Europe/Warsaw",
    "JP": "Asia/Tokyo",
    "SG": "Asia/Singapore",
    "HK": "Asia/Hong_Kong",
    "MY": "Asia/Kuala_Lumpur",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "AE": "Asia/Dubai",
    "KR": "Asia/Seoul",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "IN": "Asia/Kolkata",
}


@dataclass(frozen=True)
class PayoutSchedule:
    interval: str = "daily"
    delay_days: int = 2
    weekly_anchor: str | None = None
    monthly_anchor: int | None = None


def zone_for(country: str) -> ZoneInfo:
    return ZoneInfo(COUNTRY_ZONES.get(country.upper(), "UTC"))


def local_day(moment: int, country: str) -> date:
    return datetime.fromtimestamp(moment, zone_for(country)).date()


def start_of_day(day: date, country: str) -> int:
    return int(datetime.combine(day, time.min, tzinfo=zone_for(country)).timestamp())


def monthly_day(year: int, month: int, anchor: int) -> date:
    """The anchor day of a month; 29-31 fall back to the month's last day."""
    return date(year, month, min(anchor, calendar.monthrange(year, month)[1]))


def is_payout_day(day: date, schedule: PayoutSchedule) -> bool:
    if schedule.interval == "daily":
        return True
    if schedule.interval == "weekly":
        return WEEKDAYS[day.weekday()] == (schedule.weekly_anchor or "monday")
    if schedule.interval == "monthly":
        return day == monthly_day(day.year, day.month, schedule.monthly_anchor or 1)
    return False


def upcoming_payout_days(schedule: PayoutSchedule, today: date, count: int = 1) -> list[date]:
    """The next `count` payout days after `today`; none for a manual schedule."""
    if schedule.interval not in INTERVALS[:3]:
        return []
    days: list[date] = []
    day = today
    while len(days) < count:
        day += timedelta(days=1)
        if is_payout_day(day, schedule):
            days.append(day)
    return days


def add_business_days(day: date, count: int) -> date:
    """`count` weekdays after `day` (bank holidays are not modelled)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
