"""Texts the server builds for the components come out in the session's language, from codes.

Notices, refusals (from the domain's own rules, raised as they are raised for real), schedule
sentences and plurals are read in German for de_DE and in English for en_US, with amounts in
the session's format; every rule the domain can refuse with has a message; a rule we do not
know reads as a translated generic message, never as the API's English text.
"""

from __future__ import annotations

import ast
import re
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest

from balances_app.domain import bank_account_numbers, payout_rules
from balances_app.domain.amount_input import AmountError, parse_amount
from balances_app.domain.bank_account_numbers import BankDetails
from balances_app.domain.errors import StripeError
from balances_app.domain.schedule import WEEKDAYS, PayoutSchedule
from balances_app.ui import messages
from balances_app.ui.phrases import SENTENCES, Phrase, render, retell, tell
from balances_app.ui.refusals import REFUSALS, explain, refusal
from balances_app.ui.wording import schedule_sentence

ROOT = Path(__file__).resolve().parents[2]
TERMS = SimpleNamespace(instant_fee_bps=100, instant_fee_minimum="0.50", instant_daily_limit=100)


def room(method: str = "standard", balance: int = 5_000, used: int = 0) -> payout_rules.Headroom:
    return payout_rules.Headroom(TERMS, method, "eur", balance, used)


def test_a_payout_notice_reads_in_the_sessions_language_with_its_amount_format() -> None:
    made = Phrase("payout_created", {"amount": 1_250, "currency": "eur"})
    assert render(made, "de_DE") == "Auszahlung über 12,50\xa0€ ist unterwegs."
    assert render(made, "en_US") == "Payout of €12.50 is on its way."
    added = Phrase("topup_created", {"amount": 1_250, "currency": "eur"})
    assert render(added, "de-DE").startswith("12,50\xa0€ werden hinzugefügt.")


def test_the_domains_refusals_read_in_german_and_in_english_with_local_amounts() -> None:
    small = payout_rules.amount_refusal(room(), 50)
    assert small is not None and small.message == "Payouts must be at least €1.00."  # the API's words
    assert refusal(small, "de_DE") == "Auszahlungen müssen mindestens 1,00\xa0€ betragen."
    assert refusal(small, "en_US") == "Payouts must be at least €1.00."
    short = payout_rules.amount_refusal(room(balance=4_000), 4_500)
    assert short is not None and short.code == "balance_insufficient"
    assert refusal(short, "de_DE") == "Ihr Guthaben reicht für diese Auszahlung nicht aus: 40,00\xa0€ sind verfügbar."
    over = payout_rules.amount_refusal(room("instant", balance=50_000, used=6_000), 5_000)
    assert over is not None and over.code == "instant_payouts_limit_exceeded"
    assert "heute höchstens noch 40,00\xa0€" in refusal(over, "de_DE")
    assert "at most €40.00 more today" in refusal(over, "en_US")


def test_bank_account_and_typed_amount_refusals_are_said_from_their_codes() -> None:
    with pytest.raises(StripeError) as bad_iban:
        bank_account_numbers.check(BankDetails("DE", "eur", "FR1420041010050500013M02606"))
    german = "Diese IBAN stammt aus Frankreich, das Land des Bankkontos ist aber Deutschland."
    assert refusal(bad_iban.value, "de_DE") == german
    assert refusal(bad_iban.value, "en_US") == "This IBAN is from France, but the bank account country is Germany."
    with pytest.raises(AmountError) as unclear:
        parse_amount("12.50", "eur", "de_DE")
    german = refusal(unclear.value, "de_DE")
    assert german.startswith("„12.50“ ist hier nicht eindeutig: Es könnte 12,50\xa0€ oder 1.250,00\xa0€ bedeuten.")
    assert "zum Beispiel 1.234,56" in german and "could" not in german


def test_schedule_sentences_follow_the_language_and_its_plural_rules() -> None:
    weekly = PayoutSchedule(interval="weekly", delay_days=2, weekly_anchor="monday", monthly_anchor=None)
    assert schedule_sentence("en_US", weekly) == "Every Monday, for funds available 2 days earlier"
    assert schedule_sentence("de_DE", weekly) == "Jeden Montag, für Guthaben, das 2 Tage vorher verfügbar ist"
    one = PayoutSchedule(interval="daily", delay_days=1, weekly_anchor=None, monthly_anchor=None)
    assert schedule_sentence("en_US", one) == "Daily, for funds available 1 day earlier"
    assert schedule_sentence("de_DE", one) == "Täglich, für Guthaben, das 1 Tag vorher verfügbar ist"
    late = PayoutSchedule(interval="monthly", delay_days=7, weekly_anchor=None, monthly_anchor=31)
    assert schedule_sentence("en_GB", late).startswith("Monthly on day 31 (or the month's last day)")


@pytest.mark.parametrize("name", messages.catalogues())
def test_a_weekly_sentence_never_says_a_word_twice_in_a_row(name: str) -> None:
    """CLDR's weekday may carry a word the sentence also has: Hebrew's "יום שני" after "בכל יום"."""
    for weekday in WEEKDAYS:
        for days in (1, 2, 5, 22):
            weekly = PayoutSchedule(interval="weekly", delay_days=days, weekly_anchor=weekday, monthly_anchor=None)
            words = re.findall(r"\w+", schedule_sentence(name, weekly).casefold())
            assert not [a for a, b in pairwise(words) if a == b], schedule_sentence(name, weekly)


def test_hebrew_says_every_monday_once() -> None:
    weekly = PayoutSchedule(interval="weekly", delay_days=2, weekly_anchor="monday", monthly_anchor=None)
    assert schedule_sentence("he_IL", weekly).startswith("בכל יום שני, ")


def test_an_unknown_rule_reads_as_a_translated_generic_message_never_the_api_english() -> None:
    odd = StripeError("Some English only the API should say.", code="rule_nobody_knows")
    assert refusal(odd, "de_DE") == "Etwas ist schiefgelaufen. Versuchen Sie es gleich noch einmal."
    assert "English" not in refusal(odd, "en_US")
    assert explain("amount_too_small", {"minimum": "not a number"}, "de_DE").startswith("Etwas ist")


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _domain_rules() -> set[str]:
    """Every code and reason a refusal the component can meet is raised with, read from the source."""
    modules = [
        *(ROOT / "balances_app" / "domain").glob("*.py"),
        *(ROOT / "balances_app" / "ui" / "state").glob("*.py"),
        ROOT / "balances_app" / "ui" / "payout_view.py",
    ]
    api_only = {"webhook_endpoints", "components", "platforms", "metadata", "charges", "accounts"}
    positional = {"_error": (0, 3), "_auth_error": (1,), "_unsupported": (1,), "AmountError": (1,)}
    rules: set[str] = set()
    for path in modules:
        if path.stem in api_only:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "_Format":
                rules |= {f"{_literal(node.args[4])}_routing_number", f"{_literal(node.args[4])}_account_number"}
            if name not in {"StripeError", "invalid", *positional}:
                continue
            rules |= {value for k in node.keywords if k.arg in ("code", "reason") and (value := _literal(k.value))}
            args = [node.args[i] for i in positional.get(name, ()) if i < len(node.args)]
            rules |= {value for arg in args if (value := _literal(arg))}
    return rules | {"account_session_expired"}  # account_sessions.EXPIRED_CODE


def test_every_rule_the_domain_refuses_with_has_a_message_in_the_table() -> None:
    rules = _domain_rules()
    assert {"amount_too_small", "us_account_number", "ca_routing_number", "amount_unclear", "no_session"} <= rules
    missing = sorted(rules - set(REFUSALS))
    assert not missing, f"add these rules to ui/refusals.py: {missing}"
    assert not set(REFUSALS) & set(SENTENCES), "a code must mean one thing"


@pytest.mark.parametrize("rule", sorted(REFUSALS))
def test_every_refusal_is_translated_to_german(rule: str) -> None:
    params = {"minimum": 100, "left": 4_000, "available": 100, "maximum": 999, "currency": "eur", "country": "FR",
              "iban_country": "DE", "currencies": "EUR", "digits": 2, "typed": "1,2,3", "readings": [100, 200],
              "bank_name": "", "last4": "1234"}  # fmt: skip
    english, german = explain(rule, params, "en_US"), explain(rule, params, "de_DE")
    assert english != german and not german.startswith("Etwas ist schiefgelaufen")


def test_a_kept_notice_is_said_again_in_the_new_language_and_a_cleared_one_stays_cleared() -> None:
    state = SimpleNamespace(notice="", dialog_error="", _said={})
    tell(state, "notice", Phrase("payout_created", {"amount": 1_250, "currency": "eur"}), "en_US")
    tell(state, "dialog_error", Phrase("amount_missing"), "en_US")
    state.dialog_error = ""  # cleared by another path since
    retell(state, "de_DE")
    assert state.notice == "Auszahlung über 12,50\xa0€ ist unterwegs."
    assert state.dialog_error == ""
    retell(state, "en_US")
    assert state.notice == "Payout of €12.50 is on its way."
