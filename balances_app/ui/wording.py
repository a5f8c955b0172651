"""Words the server builds from facts, in the session's language: statuses, schedules, names, plurals.

Every function takes the session's locale and plain values (codes, counts, minor units) and
returns text through the catalogues (`say`, `say_plural`), with numbers, amounts, dates and
country names formatted for that locale by Babel (CLDR). Refusals have their own table
(ui/refusals.py); notices and other sentences a state keeps are `Phrase`s (ui/phrases.py).
"""

from __future__ import annotations

from babel import Locale

from balances_app.domain.amount_input import symbols
from balances_app.domain.money import exponent, format_amount_input, native_digits, normalize_locale
from balances_app.domain.schedule import PayoutSchedule
from balances_app.ui.messages import N_, say, say_code, say_plural


def _locale(locale: str) -> Locale:
    return Locale.parse(normalize_locale(locale))


def number(locale: str, value: int) -> str:
    """A whole number in the locale's digits (Arabic-Indic ones in ar_SA)."""
    return native_digits(str(value), _locale(locale))


def country_name(locale: str, code: str) -> str:
    """'DE' -> 'Germany', 'Deutschland', 'ألمانيا' (CLDR's names); the code itself if CLDR has none."""
    return _locale(locale).territories.get(code.upper(), code.upper())


def weekday_name(locale: str, weekday: str) -> str:
    """'monday' -> 'Monday', 'Montag' (CLDR's stand-alone wide names)."""
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    index = days.index(weekday) if weekday in days else 0
    return _locale(locale).days["stand-alone"]["wide"][index]


STATUS_LABELS = {
    "pending": N_("Pending"),
    "in_transit": N_("In transit"),
    "paid": N_("Paid"),
    "failed": N_("Failed"),
    "canceled": N_("Canceled"),
}


def status_label(locale: str, status: str) -> str:
    """A payout's status as its badge shows it."""
    return say_code(locale, STATUS_LABELS, status)


def method_label(locale: str, method: str, automatic: bool, manual_word: str = "standard") -> str:
    """How a payout was made: 'Instant', 'Automatic', 'Standard' (or 'Manual' in the balances list)."""
    if method == "instant":
        return say(locale, "Instant")
    if automatic:
        return say(locale, "Automatic")
    return say(locale, "Manual") if manual_word == "manual" else say(locale, "Standard")


def bank_name(locale: str, name: str, last4: str) -> str:
    """'STRIPE TEST BANK ••••6789', or 'Bank account ••••6789' when the bank's name is unknown."""
    return f"{name or say(locale, 'Bank account')} ••••{last4}"


def failure(locale: str, code: str | None) -> str:
    """Why a payout failed, from its failure code (Stripe's codes; the API keeps Stripe's message)."""
    reasons = {
        "no_account": say(locale, "The bank account details on file probably belong to no account."),
        "account_closed": say(locale, "The bank account has been closed."),
        "insufficient_funds": say(locale, "The bank account has insufficient funds to receive the payout reversal."),
        "debit_not_authorized": say(locale, "Debit transactions are not approved on the bank account."),
        "invalid_currency": say(locale, "The bank was unable to process this payout because of its currency."),
        "invalid_account_number": say(locale, "The routing number seems correct, but the account number is invalid."),
    }
    return reasons.get(code or "", say(locale, "The bank could not process this payout."))


def schedule_sentence(locale: str, schedule: PayoutSchedule) -> str:
    """'Every Monday, for funds available 2 days earlier', in the locale's words and plural rules."""
    if schedule.interval == "manual":
        return say(locale, "Manual: you choose when to pay out")
    delay, days = schedule.delay_days, number(locale, schedule.delay_days)
    if schedule.interval == "weekly":
        weekday = weekday_name(locale, schedule.weekly_anchor or "monday")
        return say_plural(
            locale,
            "Every {weekday}, for funds available {days} day earlier",
            "Every {weekday}, for funds available {days} days earlier",
            delay,
            weekday=weekday,
            days=days,
        )
    if schedule.interval == "monthly":
        anchor = schedule.monthly_anchor or 1
        if anchor > 28:
            return say_plural(
                locale,
                "Monthly on day {day} (or the month's last day), for funds available {days} day earlier",
                "Monthly on day {day} (or the month's last day), for funds available {days} days earlier",
                delay,
                day=number(locale, anchor),
                days=days,
            )
        return say_plural(
            locale,
            "Monthly on day {day}, for funds available {days} day earlier",
            "Monthly on day {day}, for funds available {days} days earlier",
            delay,
            day=number(locale, anchor),
            days=days,
        )
    return say_plural(
        locale,
        "Daily, for funds available {days} day earlier",
        "Daily, for funds available {days} days earlier",
        delay,
        days=days,
    )


def tries_left(locale: str, left: int) -> str:
    return say_plural(
        locale,
        "That code is not right. {tries} try left.",
        "That code is not right. {tries} tries left.",
        left,
        tries=number(locale, left),
    )


def too_precise(locale: str, currency: str, digits: int) -> str:
    if digits == 0:
        return say(locale, "{currency} amounts have no decimals.", currency=currency.upper())
    return say_plural(
        locale,
        "{currency} amounts have at most {digits} decimal.",
        "{currency} amounts have at most {digits} decimals.",
        digits,
        currency=currency.upper(),
        digits=number(locale, digits),
    )


def how_to_type(locale: str, currency: str) -> str:
    """How to type an amount in this locale, with an example in its own digits and symbols."""
    loc = _locale(locale)
    shown = loc.number_symbols.get(loc.default_numbering_system) or loc.number_symbols["latn"]
    latin = symbols(locale)
    decimal = shown.get("decimal", latin.decimal)
    group = " " if latin.group == " " else shown.get("group", latin.group)
    example = format_amount_input(int("1234567"[: 4 + exponent(currency)]), currency, locale)
    if exponent(currency) == 0:
        if group == " ":
            return say(
                locale,
                "{currency} amounts have no decimals; use a space between thousands, as in {example}.",
                currency=currency.upper(),
                example=example,
            )
        return say(
            locale,
            "{currency} amounts have no decimals; use “{group}” between thousands, as in {example}.",
            currency=currency.upper(),
            group=group,
            example=example,
        )
    if group == " ":
        return say(
            locale,
            "Use “{decimal}” before the decimals and a space between thousands, as in {example}.",
            decimal=decimal,
            example=example,
        )
    return say(
        locale,
        "Use “{decimal}” before the decimals and “{group}” between thousands, as in {example}.",
        decimal=decimal,
        group=group,
        example=example,
    )
