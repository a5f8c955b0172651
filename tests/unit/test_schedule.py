from datetime import date

from balances_app.domain.schedule import PayoutSchedule, local_day, monthly_day, start_of_day, upcoming_payout_days


def test_daily_payouts_happen_every_day_after_today() -> None:
    days = upcoming_payout_days(PayoutSchedule("daily"), date(2026, 11, 18), 3)
    assert days == [date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)]


def test_weekly_payouts_fall_on_the_anchor() -> None:
    days = upcoming_payout_days(PayoutSchedule("weekly", weekly_anchor="friday"), date(2026, 11, 20), 2)
    assert days == [date(2026, 11, 27), date(2026, 12, 4)]


def test_monthly_anchor_29_to_31_falls_back_to_the_last_day() -> None:
    assert monthly_day(2026, 2, 31) == date(2026, 2, 28)
    assert monthly_day(2028, 2, 30) == date(2028, 2, 29)  # leap year
    assert monthly_day(2026, 4, 31) == date(2026, 4, 30)
    days = upcoming_payout_days(PayoutSchedule("monthly", monthly_anchor=31), date(2026, 1, 31), 3)
    assert days == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_manual_schedules_have_no_payout_days() -> None:
    assert upcoming_payout_days(PayoutSchedule("manual"), date(2026, 11, 18), 3) == []


def test_the_accounts_country_decides_the_day() -> None:
    moment = 1_795_050_000  # 2026-11-19 00:53 UTC: still the 18th in New York, already the 19th in Tokyo
    assert local_day(moment, "US") == date(2026, 11, 18)
    assert local_day(moment, "JP") == date(2026, 11, 19)
    assert start_of_day(date(2026, 11, 19), "JP") == start_of_day(date(2026, 11, 19), "XX") - 9 * 3600
