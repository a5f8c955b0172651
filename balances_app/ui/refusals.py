"""Every refusal a person reads, in their language: one table from the rule's code to its words.

The domain refuses with Stripe's English message (for the API) plus a code and plain
parameters (domain/errors.py, domain/amount_input.py); here the code picks a catalogue
message and the parameters are formatted in the session's locale (amounts, country names,
plurals). A code missing from the table reads as a generic translated message, never as the
English text of the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from balances_app.domain.amount_input import AmountError
from balances_app.domain.errors import StripeError
from balances_app.domain.money import format_money
from balances_app.ui.messages import N_, say
from balances_app.ui.wording import bank_name, country_name, how_to_type, too_precise, tries_left

# A rule's words: a marked msgid, or a function of the locale and the rule's parameters.
Words = str | Callable[[str, Mapping[str, Any]], str]


def _money(params: Mapping[str, Any], name: str, locale: str) -> str:
    return format_money(int(params.get(name) or 0), str(params.get("currency") or "usd"), locale)


def _code(params: Mapping[str, Any]) -> str:
    return str(params.get("currency") or "").upper()


def _unclear(loc: str, p: Mapping[str, Any]) -> str:
    readings = [format_money(int(r), str(p["currency"]), loc) for r in p.get("readings") or []]
    how = how_to_type(loc, str(p["currency"]))
    if len(readings) > 1:
        text = say(
            loc,
            "“{typed}” is unclear here: it could mean {first} or {second}.",
            typed=p["typed"],
            first=readings[0],
            second=readings[1],
        )
    else:
        text = say(loc, "“{typed}” is unclear here: did you mean {amount}?", typed=p["typed"], amount=readings[0])
    return f"{text} {how}"


REFUSALS: dict[str, Words] = {
    # Amounts and balances (domain/payout_rules.py, domain/ledger.py, domain/topups.py)
    "amount_too_small": lambda loc, p: say(loc, "Payouts must be at least {amount}.", amount=_money(p, "minimum", loc)),
    "topup_amount_too_small": lambda loc, p: say(
        loc, "Top-ups must be at least {amount}.", amount=_money(p, "minimum", loc)
    ),
    "instant_payouts_limit_exceeded": lambda loc, p: say(
        loc,
        "That is more than this platform's daily instant payout limit allows: at most {amount} more today. "
        "Choose a smaller amount or a standard payout.",
        amount=_money(p, "left", loc),
    ),
    "instant_daily_limit_reached": N_("This platform has reached today's instant payout limit. Try a standard payout."),
    "balance_insufficient": lambda loc, p: say(
        loc, "Your balance is too low for this payout: {amount} is available.", amount=_money(p, "available", loc)
    ),
    "instant_balance_insufficient": lambda loc, p: say(
        loc,
        "Your balance is too low for this payout: {amount} is available for instant payouts (fee included).",
        amount=_money(p, "available", loc),
    ),
    "balance_would_go_negative": N_(
        "Your balance is too low for this payout: it would take the available balance below zero."
    ),
    "topups_not_allowed": N_(
        "Adding funds is only available when the payments provider covers this account's negative balances."
    ),
    # Who may pay out, and how (domain/payout_rules.py, domain/payouts.py)
    "payouts_not_allowed": N_("Switch your payout schedule to manual to pay out now."),
    "manual_schedule_required": N_("Switch your payout schedule to manual to pay out now."),
    "instant_payouts_unsupported": N_("Instant payouts are not available for this account."),
    "instant_platform_country": lambda loc, p: say(
        loc,
        "Instant payouts are not available for platforms in {country}.",
        country=country_name(loc, str(p.get("country"))),
    ),
    "instant_account_country": N_("Instant payouts are only available to accounts in the platform's country."),
    "instant_account_not_eligible": N_("This account is not eligible for instant payouts yet."),
    "instant_payouts_currency_disabled": lambda loc, p: say(
        loc, "Instant payouts are only available in {currency}.", currency=_code(p)
    ),
    "instant_destination_unsupported": lambda loc, p: say(
        loc,
        "This bank account cannot receive instant payouts. Choose a debit card or an instant-eligible bank account.",
    ),
    "payout_not_cancelable": N_("Only pending payouts can be canceled."),
    "automatic_payout_not_cancelable": N_("Automatic payouts cannot be canceled."),
    # Destinations and bank accounts (domain/external_accounts.py)
    "no_external_account": lambda loc, p: say(
        loc, "You have no bank account in {currency}. Add a bank account first.", currency=_code(p)
    ),
    "destination_missing": N_("That bank account is no longer available. Choose another one."),
    "destination_currency_mismatch": lambda loc, p: say(
        loc, "That bank account is not in {currency}. Choose another one.", currency=_code(p)
    ),
    "external_account_errored": lambda loc, p: say(
        loc,
        "Payouts to {bank} failed before. Update the bank account details first.",
        bank=bank_name(loc, str(p.get("bank_name") or ""), str(p.get("last4") or "")),
    ),
    "default_required": N_("Make another bank account the default for this currency instead."),
    "external_account_required": lambda loc, p: say(
        loc, "This is the only {currency} bank account: add another before removing it.", currency=_code(p)
    ),
    "external_account_in_use": N_(
        "A payout to this bank account is on its way; remove it once the payout has arrived."
    ),
    "bank_account_exists": N_("This bank account has already been added to this account."),
    "resource_missing": N_("This is no longer available. Reload the page to see what changed."),
    # Bank account numbers (domain/bank_account_numbers.py)
    "country_unsupported": lambda loc, p: say(
        loc, "Bank accounts in {country} are not supported yet.", country=country_name(loc, str(p.get("country")))
    ),
    "currency_unsupported": lambda loc, p: say(
        loc,
        "A bank account in {country} can be in {currencies}, not {currency}.",
        country=country_name(loc, str(p.get("country"))),
        currencies=p.get("currencies", ""),
        currency=p.get("currency", ""),
    ),
    "routing_number_invalid": N_("The routing number is not valid."),
    "account_number_invalid": N_("The account number is not valid."),
    "us_routing_number_invalid": N_("The routing number is not valid: it must be 9 digits with a correct check digit."),
    "us_account_number": N_("The account number must be 4 to 17 digits."),
    "gb_sort_code": N_("The sort code must be 6 digits, like 10-88-00."),
    "gb_account_number": N_("A UK account number has 8 digits."),
    "ca_routing_number": N_("Enter the 5-digit transit number and 3-digit institution number, like 11000-000."),
    "ca_account_number": N_("A Canadian account number has 7 to 12 digits."),
    "au_routing_number": N_("The BSB must be 6 digits, like 000-000."),
    "au_account_number": N_("An Australian account number has 5 to 9 digits."),
    "jp_routing_number": N_("Enter the 4-digit bank code and the 3-digit branch code."),
    "jp_account_number": N_("A Japanese account number has 7 digits."),
    "iban_invalid": N_("The IBAN is not valid. Check it and try again."),
    "iban_country_mismatch": lambda loc, p: say(
        loc,
        "This IBAN is from {iban_country}, but the bank account country is {country}.",
        iban_country=country_name(loc, str(p.get("iban_country"))),
        country=country_name(loc, str(p.get("country"))),
    ),
    # One-time codes (domain/verification.py)
    "verification_required": N_("Enter the code we sent you first."),
    "verification_code_rate_limited": N_(
        "Too many codes were sent to this account. Wait a few minutes, then try again."
    ),
    "verification_code_expired": N_("This code has expired. Ask for a new one."),
    "verification_code_locked": N_("Too many wrong codes. Ask for a new one."),
    "verification_code_invalid": lambda loc, p: tries_left(loc, int(p.get("left") or 0)),
    # The payout schedule (domain/payout_schedules.py)
    "interval_invalid": N_("Choose how often payouts are made."),
    "weekly_anchor_invalid": N_("Choose the day of the week for weekly payouts."),
    "monthly_anchor_invalid": N_("Choose a day of the month from 1 to 31 for monthly payouts."),
    "delay_days_invalid": lambda loc, p: say(
        loc,
        "The delay must be a whole number of days from {minimum} to {maximum}.",
        minimum=p.get("minimum", ""),
        maximum=p.get("maximum", ""),
    ),
    "parameter_invalid": N_("Check what you entered and try again."),
    "parameter_missing": N_("Check what you entered and try again."),
    # The session (domain/account_sessions.py, ui/state/session.py)
    "client_secret_invalid": N_("This session is not valid. Reload the page to continue."),
    "client_secret_already_used": N_("This session has already been used. Reload the page to continue."),
    "account_session_ended": N_("You have been signed out. Reload the page to continue."),
    "account_session_expired": N_("This session has expired. Reload the page to continue."),
    "publishable_key_mismatch": N_("This page is not set up to show this component."),
    "origin_not_allowed": N_("This page is not set up to show this component."),
    "instance_invalid": N_("This page is not set up to show this component."),
    "not_embedded": N_("This page is not set up to show this component."),
    "not_a_component": N_("This page is not set up to show this component."),
    "component_not_enabled": N_("This page is not set up to show this component."),
    "no_session": N_("You have been signed out. Reload the page to continue."),
    "feature_not_enabled": N_("This account session does not allow that action."),
    # Requests and views (domain/idempotency.py, ui/state/*)
    "idempotency_key_in_use": N_("This request is already going through. Wait a moment, then look at your payouts."),
    "idempotency_error": N_("This dialog already sent a different request. Close it and start again."),
    "account_invalid": N_("This account is not available. Reload the page to continue."),
    "payout_unavailable": N_("This payout is not available."),
    "date_invalid": N_("Enter dates as YYYY-MM-DD."),
    # Typed amounts (domain/amount_input.py)
    "amount_missing": N_("Enter an amount."),
    "amount_not_positive": N_("Enter an amount above zero."),
    "amount_too_large": lambda loc, p: say(
        loc, "That is more than a payout can be: at most {amount}.", amount=_money(p, "maximum", loc)
    ),
    "amount_too_precise": lambda loc, p: too_precise(loc, str(p["currency"]), int(p["digits"])),
    "amount_not_a_number": lambda loc, p: (
        say(loc, "“{typed}” is not an amount.", typed=p["typed"]) + " " + how_to_type(loc, str(p["currency"]))
    ),
    "amount_unclear": _unclear,
}


def explain(rule: str, params: Mapping[str, Any], locale: str) -> str:
    """The refusal `rule` in the locale's language; a generic message for a rule the table lacks."""
    words = REFUSALS.get(rule)
    if isinstance(words, str):
        return say(locale, words)
    if words is not None:
        try:
            return words(locale, params)
        except (KeyError, TypeError, ValueError, IndexError):  # parameters not as the rule gives them
            pass
    return say(locale, "Something went wrong. Try again in a moment.")


def refusal(error: StripeError | AmountError, locale: str) -> str:
    """A domain refusal in the locale's language."""
    rule = error.rule if isinstance(error, StripeError) else error.code
    return explain(rule, error.params, locale)
