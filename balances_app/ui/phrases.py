"""Sentences a state keeps (notices, refusals, notes), kept as a code and its facts, so they follow the locale.

A notice such as "Payout of €12.50 is on its way." outlives the event that made it; when the
platform switches the locale (`update({locale})`), it must read "Auszahlung über 12,50 € ist
unterwegs." without any new action. So a state sets such a field with `tell(state, field,
phrase, locale)`, which writes the text and remembers the `Phrase` (a code and plain
parameters: minor units, currency, digits), and each view's `_show` calls `retell(state,
locale)`, which writes every remembered text again in the session's current language. A
field that was changed since (cleared, or set to something else) is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from balances_app.domain.amount_input import AmountError
from balances_app.domain.errors import StripeError
from balances_app.domain.money import format_money
from balances_app.domain.payout_rules import INSTANT_ARRIVAL_SECONDS
from balances_app.ui.messages import say, say_plural
from balances_app.ui.refusals import explain
from balances_app.ui.wording import number


@dataclass(frozen=True)
class Phrase:
    key: str  # a sentence of SENTENCES, or a refusal's rule (ui/refusals.py)
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: StripeError | AmountError) -> Phrase:
        """A domain refusal, to be said in the viewer's language."""
        return cls(error.rule if isinstance(error, StripeError) else error.code, dict(error.params))


def _money(params: Mapping[str, Any], locale: str) -> str:
    return format_money(int(params["amount"]), str(params["currency"]), locale)


def _minutes(locale: str) -> str:
    minutes = INSTANT_ARRIVAL_SECONDS // 60
    return say_plural(
        locale, "In about {minutes} minute", "In about {minutes} minutes", minutes, minutes=number(locale, minutes)
    )


SENTENCES: dict[str, Callable[[str, Mapping[str, Any]], str]] = {
    "payout_created": lambda loc, p: say(loc, "Payout of {amount} is on its way.", amount=_money(p, loc)),
    "topup_created": lambda loc, p: say(
        loc, "Adding {amount}. The funds will be available in a few days.", amount=_money(p, loc)
    ),
    "payout_canceled": lambda loc, p: say(loc, "Payout canceled. The amount is back in your balance."),
    "schedule_saved": lambda loc, p: say(loc, "Payout schedule saved."),
    "bank_added": lambda loc, p: say(loc, "Bank account ••••{last4} added.", last4=p["last4"]),
    "bank_removed": lambda loc, p: say(loc, "Bank account ••••{last4} removed.", last4=p["last4"]),
    "bank_default": lambda loc, p: say(
        loc, "••••{last4} is now the default for {currency}.", last4=p["last4"], currency=str(p["currency"]).upper()
    ),
    "code_sent_add": lambda loc, p: say(
        loc, "Enter the 6-digit code we sent to {contact} to add a bank account.", contact=p["contact"]
    ),
    "code_sent_remove": lambda loc, p: say(
        loc, "Enter the 6-digit code we sent to {contact} to remove a bank account.", contact=p["contact"]
    ),
    "code_stale": lambda loc, p: say(
        loc, "The bank details changed since we sent the code. Add the bank account again."
    ),
    "prefill_daily_limit": lambda loc, p: say(
        loc,
        "Prefilled with what this platform's daily instant payout limit still allows today: {amount}.",
        amount=_money(p, loc),
    ),
    "prefill_instant": lambda loc, p: say(loc, "Prefilled with everything instantly available, less the fee."),
    "arrival_instant": lambda loc, p: _minutes(loc),
    "offer_no_instant_destination": lambda loc, p: say(
        loc, "Add a debit card or an instant-eligible bank account to pay out instantly."
    ),
    "offer_no_topup_source": lambda loc, p: say(
        loc, "Add a {currency} bank account to add funds from it.", currency=str(p["currency"]).upper()
    ),
    "offer_no_destination": lambda loc, p: say(
        loc, "Add a {currency} bank account to receive payouts.", currency=str(p["currency"]).upper()
    ),
    "offer_balance_too_low": lambda loc, p: say(loc, "There is not enough available balance to pay out yet."),
}


def render(phrase: Phrase, locale: str) -> str:
    """The phrase in the locale's language."""
    words = SENTENCES.get(phrase.key)
    if words is None:
        return explain(phrase.key, phrase.params, locale)
    return words(locale, phrase.params)


def tell(state: Any, name: str, phrase: Phrase | None, locale: str) -> None:
    """Set the state's field `name` to the phrase (or to "" for None), and remember it for `retell`."""
    said = dict(state._said)
    if phrase is None:
        setattr(state, name, "")
        said.pop(name, None)
    else:
        text = render(phrase, locale)
        setattr(state, name, text)
        said[name] = (phrase.key, dict(phrase.params), text)
    state._said = said


def retell(state: Any, locale: str) -> None:
    """Say every remembered phrase again in `locale`; forget those whose field has changed since."""
    said = {}
    for name, (key, params, text) in state._said.items():
        if getattr(state, name) != text:
            continue
        again = render(Phrase(key, params), locale)
        setattr(state, name, again)
        said[name] = (key, params, again)
    state._said = said
