"""Typed amounts, over every supported locale and currency: refused, or read as a native reader reads them."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balances_app.domain.amount_input import MAX_AMOUNT, AmountError, parse_amount
from balances_app.domain.bank_account_numbers import CURRENCIES
from balances_app.domain.money import (
    SUPPORTED_LOCALES,
    THREE_DECIMAL,
    ZERO_DECIMAL,
    exponent,
    format_amount_input,
    format_money,
    spell_amount,
)

CURRENCY_CODES = sorted(
    {c.upper() for codes in CURRENCIES.values() for c in codes}
    | ZERO_DECIMAL
    | THREE_DECIMAL
    | {"EUR", "USD", "INR", "BRL", "MXN", "SGD", "HKD", "THB", "TRY", "ILS", "SAR", "AED", "CNY", "TWD"}
)
locales = st.sampled_from(SUPPORTED_LOCALES)
currencies = st.sampled_from(CURRENCY_CODES)
amounts = st.integers(min_value=1, max_value=MAX_AMOUNT)
# What people type: digits and every separator any locale uses, in any order.
typed = st.text(alphabet="0123456789.,' \u00a0\u202f", min_size=1, max_size=14)


def native_reading(text: str, currency: str, locale: str) -> int | None:
    """What a reader of `locale` takes `text` for, by Babel's strict reading (spaces as the locale's own)."""
    group = get_group_symbol(locale)
    if group in ("\u00a0", "\u202f"):
        text = text.replace(" ", group).replace("\u00a0", group).replace("\u202f", group)
    try:
        value = parse_decimal(text.strip(), locale=locale, strict=True)
    except NumberFormatError:
        return None
    scaled = value.scaleb(exponent(currency))
    return int(scaled) if scaled == scaled.to_integral_value() else None


@settings(max_examples=600, deadline=None)
@given(locales, currencies, amounts)
def test_formatting_then_parsing_is_the_identity(locale: str, currency: str, amount: int) -> None:
    assert parse_amount(format_amount_input(amount, currency, locale), currency, locale) == amount
    assert parse_amount(format_money(amount, currency, locale), currency, locale) == amount


@settings(max_examples=3000, deadline=None)
@given(typed, currencies, locales)
@example("12.50", "EUR", "de_DE")
@example("12,50", "USD", "en_US")
@example("1,250", "KWD", "en_US")
@example("12,34,567.5", "INR", "en_IN")
def test_whatever_is_typed_is_refused_or_read_as_a_native_reader_reads_it(
    text: str, currency: str, locale: str
) -> None:
    try:
        amount = parse_amount(text, currency, locale)
    except AmountError as refusal:
        assert str(refusal)  # always a message to show
        return
    assert amount == native_reading(text, currency, locale)


@settings(max_examples=1500, deadline=None)
@given(locales, locales, currencies, amounts)
def test_an_amount_typed_in_another_locales_format_is_refused_or_means_the_same(
    typed_in: str, read_in: str, currency: str, amount: int
) -> None:
    text = format_amount_input(amount, currency, typed_in)
    with contextlib.suppress(AmountError):
        assert parse_amount(text, currency, read_in) == amount


def test_the_other_decimal_separator_is_refused_saying_what_we_understood() -> None:
    with pytest.raises(AmountError) as german:
        parse_amount("12.50", "eur", "de_DE")
    assert "12,50\xa0€" in str(german.value) and "1.250,00\xa0€" in str(german.value)
    with pytest.raises(AmountError) as american:
        parse_amount("12,50", "usd", "en_US")
    assert "$12.50" in str(american.value) and "$1,250.00" in str(american.value)
    assert "Use “.” before the decimals" in str(american.value)


@pytest.mark.parametrize(
    ("text", "currency", "locale", "amount"),
    [
        ("12,50", "eur", "de_DE", 1250),
        ("1.250", "eur", "de_DE", 125_000),
        ("1.234,5", "eur", "de_DE", 123_450),
        ("12.5", "usd", "en_US", 1250),
        ("$1,234.56", "usd", "en_US", 123_456),
        ("12,50 €", "eur", "fr_FR", 1250),
        ("1 234,56", "eur", "fr_FR", 123_456),
        ("1\u00a0234,56", "eur", "sv_SE", 123_456),
        ("12,34,567.50", "inr", "en_IN", 123_456_750),
        ("1,250", "jpy", "ja_JP", 1250),
        ("\uff11\uff0c\uff12\uff15\uff10", "jpy", "ja_JP", 1250),
        ("\u0661\u0662\u066b\u0665\u0660", "sar", "ar_SA", 1250),
        ("1,250.5", "kwd", "en_US", 1_250_500),
        ("1.250,500", "bhd", "de_DE", 1_250_500),
        ("50000", "krw", "ko_KR", 50_000),
        # the currency's name as the locale writes it beside a number (CLDR's names, every plural form)
        ("12,000円", "jpy", "ja_JP", 12_000),
        ("\uff11\uff12\uff0c\uff10\uff10\uff10 円", "jpy", "ja_JP", 12_000),
        ("12,50 Euro", "eur", "de_DE", 1250),
        ("12,50 euros", "eur", "fr_FR", 1250),
        ("10 euro", "eur", "it_IT", 1000),
        ("1.000 euros", "eur", "es_ES", 100_000),
    ],
)
def test_what_natives_type_is_read_as_they_mean_it(text: str, currency: str, locale: str, amount: int) -> None:
    assert parse_amount(text, currency, locale) == amount


@pytest.mark.parametrize(
    ("text", "currency", "locale", "says"),
    [
        ("NaN", "usd", "en_US", "“NaN” is not an amount"),
        ("Infinity", "usd", "en_US", "is not an amount"),
        ("1e30", "usd", "en_US", "“1e30” is not an amount. Use “.” before the decimals"),
        ("-5", "usd", "en_US", "Enter an amount above zero."),
        ("0,00", "eur", "de_DE", "Enter an amount above zero."),
        ("", "usd", "en_US", "Enter an amount."),
        ("9" * 20, "usd", "en_US", "more than a payout can be"),
        ("12.345", "usd", "en_US", "USD amounts have at most 2 decimals."),
        ("12.5", "jpy", "en_US", "JPY amounts have no decimals."),
        ("1,250", "kwd", "en_US", "could mean KWD\xa01.250 or KWD\xa01,250.000"),
        ("1,2345", "usd", "en_US", "did you mean $12,345.00?"),
        ("1.234,56", "usd", "en_US", "could mean"),
        ("1 234.56", "usd", "en_US", "could mean"),
        ("1.250", "jpy", "fr_FR", "JPY amounts have no decimals; use a space between thousands"),
        ("12,-", "eur", "de_DE", "is not an amount"),
        ("12.50 Euro", "eur", "de_DE", "could mean 12,50\xa0€ or 1.250,00\xa0€"),
        ("12,000ドル", "jpy", "ja_JP", "is not an amount"),
    ],
)
def test_refusals_say_what_is_wrong_plainly(text: str, currency: str, locale: str, says: str) -> None:
    with pytest.raises(AmountError) as refusal:
        parse_amount(text, currency, locale)
    assert says in str(refusal.value)


def test_the_confirm_step_spells_the_amount_out() -> None:
    assert spell_amount(1250, "eur", "de_DE") == "12,50\xa0€ (zwölf Euro und fünfzig Cent)"
    assert spell_amount(1250, "usd", "en_US") == "$12.50 (twelve dollars, fifty cents)"
    assert spell_amount(125_000, "jpy", "ja_JP") == "￥125,000 (十二万五千円)"
    assert spell_amount(1_250_500, "kwd", "en_US") == "KWD\xa01,250.500 (Kuwaiti dinars)"  # no words: the name


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "words"),
    [
        # num2words reads a whole number as cents: 1,000 yen must not be "ten yen".
        (1000, "jpy", "es_419", "(yenes japoneses)"),
        (1000, "jpy", "fi_FI", "(Japanin jeniä)"),
        # its Arabic converter says riyal for every currency it does not know.
        (1250, "eur", "ar_SA", "(يورو)"),
        (1000, "jpy", "ar_SA", "(ين ياباني)"),
        (1250, "sar", "ar_SA", "(اثنا عشر ريالاً و خمسون هللة)"),
        # languages whose converter has no currency words of its own fall back to English ones.
        (1250, "usd", "hu_HU", "(USA-dollár)"),
    ],
)
def test_the_words_name_the_right_amount_and_currency(amount: int, currency: str, locale: str, words: str) -> None:
    assert spell_amount(amount, currency, locale).endswith(words)


@given(locales, currencies, amounts)
@settings(max_examples=200, deadline=None)
def test_every_amount_can_be_spelled_in_every_locale(locale: str, currency: str, amount: int) -> None:
    assert spell_amount(amount, currency, locale).startswith(format_money(amount, currency, locale))


def test_decimal_values_are_exact() -> None:
    assert parse_amount("0.01", "usd", "en_US") == 1
    assert Decimal(parse_amount("999,999,999,999.99", "usd", "en_US")) == Decimal(99_999_999_999_999)
