"""Amounts people type, read strictly for their locale: refused whenever a native reader could hesitate.

Why strict: a lenient reader (Babel's `parse_decimal(strict=False)`) takes a misplaced grouping
symbol as grouping, so `12.50` typed in de-DE paid out 1.250,00 € and `12,50` in en-US $1,250.00.
Here an amount is accepted only when it can be read one way:

- digits (of any script; full-width and Arabic-Indic ones too) with the locale's own decimal
  symbol at most once, followed by at most the currency's decimals (`12.5` is 12.50 in en-US);
- the locale's grouping symbol only between groups of the locale's sizes (3, or 3 then 2 in en-IN);
  a regular or no-break space stands for a space grouping symbol, an apostrophe for U+2019;
- a grouping symbol followed by exactly the currency's decimals with no decimal part (KWD `1,250`
  in en-US) is refused: a reader from a comma-decimal locale would read 1.250 KWD;
- the currency's own symbol, code or name in the locale (any plural form: `12,000円`, `12,50 euros`)
  may stand before or after the number;
- no signs, exponents, `NaN` or `Infinity`, and nothing above `MAX_AMOUNT`.

A refusal says what we could read the text as ("could mean 12,50 € or 1.250,00 €") and how to
type it. The same rules run in the live preview and again on the server when the person confirms.
The refusal's English text is for developers; the component says it in the person's language
from its `code` and `params` (ui/refusals.py), as it does for every rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_currency_symbol

from balances_app.domain.money import exponent, format_amount_input, format_money, normalize_locale

# The ledger's amounts are 64-bit integers, and the API's JSON is read by JavaScript: amounts stay
# below 2**53 with room for many of them to be added up.
MAX_AMOUNT = 10**15 - 1
MAX_TYPED = 64  # longer text is not an amount anyone types
SEPARATORS = ".,' "
SPACES = "\u00a0\u202f\u2007\u2009\u3000"
MARKS = "\u200e\u200f\u061c"  # bidi marks that Babel puts around numbers in RTL locales
MINUS = ("-", "\u2212")
ARABIC_DECIMAL, ARABIC_GROUP = "\u066b", "\u066c"  # typed with Arabic-Indic digits


class AmountError(ValueError):
    """A typed amount we refuse: the English message, the rule (`code`) and its figures (`params`)."""

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Symbols:
    decimal: str
    group: str
    primary: int  # digits in the last group (3)
    secondary: int  # digits in the other groups (3, or 2 in en-IN)


def symbols(locale: str) -> Symbols:
    """The locale's Latin-digit decimal and grouping symbols, as typed (spaces and apostrophes unified)."""
    loc = Locale.parse(normalize_locale(locale))
    latn = loc.number_symbols["latn"]
    primary, secondary = loc.decimal_formats[None].grouping
    return Symbols(_unify(latn["decimal"]), _unify(latn["group"]), primary, secondary)


def _unify(text: str) -> str:
    for space in SPACES:
        text = text.replace(space, " ")
    return text.replace("\u2019", "'")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in text)
    return _unify("".join(ch for ch in text if ch not in MARKS)).strip()


# Counts that meet every CLDR plural category (one, two, few, many, other) of the languages we speak.
_COUNTS = (0, 1, 2, 3, 5, 11, 22, 100, 1.5)


@lru_cache(maxsize=512)
def _affixes(code: str, locale: str) -> tuple[re.Pattern[str], ...]:
    """What may stand beside a number for this currency, longest first, in any case: its symbol,
    its code, and its names in the locale in every plural form ('円' and '日本円', 'Euro', 'euros')."""
    names = {get_currency_name(code, count=count, locale=locale) for count in _COUNTS}
    found = {_plain(get_currency_symbol(code, locale=locale)), code, *map(_plain, names)}
    words = sorted((a for a in found if a), key=len, reverse=True)
    return tuple(re.compile(rf"^{re.escape(w)}|{re.escape(w)}$", re.IGNORECASE) for w in words)


def _normalize(text: str, currency: str, locale: str, marks: Symbols) -> str:
    """Digits to ASCII, spaces and apostrophes unified, the currency's symbol, code or name taken off."""
    text = _plain(text).replace(ARABIC_DECIMAL, marks.decimal).replace(ARABIC_GROUP, marks.group)
    for affix in _affixes(currency.upper(), locale):
        text = affix.sub("", text, count=2).strip()
    return text


def parse_amount(text: str, currency: str, locale: str) -> int:
    """What a person typed, in minor units, or AmountError saying what we understood and how to type it."""
    typed = (text or "").strip()
    if not typed:
        raise AmountError("Enter an amount.", "amount_missing")
    locale = normalize_locale(locale)
    marks = symbols(locale)
    if len(typed) > MAX_TYPED:
        raise _not_an_amount(typed[:20] + "…", currency, locale, marks)
    cleaned = _normalize(typed, currency, locale, marks)
    if cleaned.startswith(MINUS):
        raise AmountError("Enter an amount above zero.", "amount_not_positive")
    parts = re.split(r"([.,' ])", cleaned)
    runs, seps = parts[0::2], parts[1::2]
    if not cleaned or not all(ch.isdigit() or ch in SEPARATORS for ch in cleaned) or not any(runs):
        raise _not_an_amount(typed, currency, locale, marks)
    if any(not run for run in runs[1:]):
        raise _not_an_amount(typed, currency, locale, marks)
    return _read(typed, runs, seps, currency, locale, marks)


def _read(typed: str, runs: list[str], seps: list[str], currency: str, locale: str, marks: Symbols) -> int:
    digits = exponent(currency)
    decimal = bool(seps) and seps[-1] == marks.decimal
    whole, fraction = (runs[:-1], runs[-1]) if decimal else (runs, "")
    groups = seps[:-1] if decimal else seps
    if any(sep != marks.group for sep in groups) or not _grouped(whole, marks):
        raise _unclear(typed, runs, currency, locale, marks)
    if not decimal and len(whole) > 1 and len(whole[-1]) == digits:
        raise _unclear(typed, runs, currency, locale, marks)
    if len(fraction) > digits:
        code = currency.upper()
        raise AmountError(
            f"{code} amounts have no decimals." if digits == 0 else f"{code} amounts have at most {digits} decimals.",
            "amount_too_precise",
            currency=currency,
            digits=digits,
        )
    return _checked(int("".join(whole) or "0") * 10**digits + int(fraction.ljust(digits, "0") or "0"), currency)


def _grouped(whole: list[str], marks: Symbols) -> bool:
    """Digit groups where the locale puts them: '1,234,567' (or '12,34,567' in en-IN)."""
    if len(whole) == 1:
        return True
    first, middle, last = whole[0], whole[1:-1], whole[-1]
    return (
        1 <= len(first) <= marks.secondary
        and not first.startswith("0")
        and all(len(group) == marks.secondary for group in middle)
        and len(last) == marks.primary
    )


def _checked(amount: int, currency: str) -> int:
    if amount <= 0:
        raise AmountError("Enter an amount above zero.", "amount_not_positive")
    if amount > MAX_AMOUNT:
        raise AmountError(
            f"That is more than a payout can be: at most {format_money(MAX_AMOUNT, currency)}.",
            "amount_too_large",
            maximum=MAX_AMOUNT,
            currency=currency,
        )
    return amount


def _example(currency: str, locale: str) -> str:
    return format_amount_input(int("1234567"[: 4 + exponent(currency)]), currency, locale)


def _how_to_type(currency: str, locale: str, marks: Symbols) -> str:
    group = "a space" if marks.group == " " else f"“{marks.group}”"
    example = _example(currency, locale)
    if exponent(currency) == 0:
        return f"{currency.upper()} amounts have no decimals; use {group} between thousands, as in {example}."
    return f"Use “{marks.decimal}” before the decimals and {group} between thousands, as in {example}."


def _not_an_amount(typed: str, currency: str, locale: str, marks: Symbols) -> AmountError:
    return AmountError(
        f"“{typed}” is not an amount. {_how_to_type(currency, locale, marks)}",
        "amount_not_a_number",
        typed=typed,
        currency=currency,
    )


def _unclear(typed: str, runs: list[str], currency: str, locale: str, marks: Symbols) -> AmountError:
    """Say what the text could mean: every separator as grouping, or the last one as the decimal point."""
    digits, readings = exponent(currency), []
    if 0 < len(runs[-1]) <= digits and len(runs) > 1:
        readings.append(int("".join(runs[:-1]) or "0") * 10**digits + int(runs[-1].ljust(digits, "0")))
    readings.append(int("".join(runs)) * 10**digits)
    kept = [r for r in dict.fromkeys(readings) if 0 < r <= MAX_AMOUNT]
    shown = [format_money(r, currency, locale) for r in kept]
    if not shown:
        return _not_an_amount(typed, currency, locale, marks)
    meaning = f"it could mean {shown[0]} or {shown[1]}" if len(shown) > 1 else f"did you mean {shown[0]}?"
    return AmountError(
        f"“{typed}” is unclear here: {meaning}{'.' if len(shown) > 1 else ''} {_how_to_type(currency, locale, marks)}",
        "amount_unclear",
        typed=typed,
        currency=currency,
        readings=kept,
    )
