"""Money is an integer count of a currency's minor units; this module is its one formatter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal

# Stripe's lists (which differ from ISO 4217 in places, e.g. ISK and UGX are zero-decimal).
ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
DEFAULT_LOCALE = "en_US"


def exponent(currency: str) -> int:
    """How many minor units digits a currency has in Stripe's amounts."""
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def to_major(amount: int, currency: str) -> Decimal:
    return Decimal(amount).scaleb(-exponent(currency))


def from_major(value: str | Decimal, currency: str) -> int:
    """Parse a major-unit amount ('12.34') into minor units, refusing extra precision."""
    scaled = Decimal(value).scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency.upper()} amounts have at most {exponent(currency)} decimals.")
    return int(scaled)


def normalize_locale(tag: str | None) -> str:
    """Turn a browser or Stripe locale tag ('fr-FR', 'ja') into a Babel locale, en_US if unknown."""
    if not tag:
        return DEFAULT_LOCALE
    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LOCALE


def format_money(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """Format minor units for people: format_money(123456, 'eur', 'de_DE') == '1.234,56 €'."""
    code = currency.upper()
    return format_currency(to_major(amount, code), code, locale=normalize_locale(locale))


def format_day(day: date | datetime, locale: str = DEFAULT_LOCALE) -> str:
    """A date as people read it in their locale: 'Dec 3, 2026', '3 déc. 2026'."""
    return babel_format_date(day, format="medium", locale=normalize_locale(locale))


def parse_amount(text: str, currency: str, locale: str = DEFAULT_LOCALE) -> int:
    """Parse what a person typed ('1.234,56' in de_DE) into minor units; ValueError in plain words."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValueError("Enter an amount.")
    try:
        value = parse_decimal(cleaned, locale=normalize_locale(locale), strict=False)
    except NumberFormatError:
        raise ValueError(f"“{cleaned}” is not an amount.") from None
    if value <= 0:
        raise ValueError("Enter an amount above zero.")
    return from_major(value, currency)


def format_amount_input(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """An amount as a person would type it (no currency sign): '1234.56' becomes '1,234.56' in en_US."""
    digits = exponent(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(to_major(amount, currency), format=pattern, locale=normalize_locale(locale))
