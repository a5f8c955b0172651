"""Country names for the bank-account form, in the session's language, in that language's order.

The countries offered are the domain's (domain/bank_account_numbers.COUNTRIES); the names come
from CLDR through Babel (`Locale.territories`). Without ICU, the order is an approximation of
the locale's collation: accents and case are ignored, so "Österreich" sorts with the O's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from balances_app.domain.bank_account_numbers import COUNTRIES


@dataclass(frozen=True)
class CountryOption:
    code: str
    name: str


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_options(locale: str) -> list[CountryOption]:
    """Every country offered, named in `locale` (a Babel locale name such as 'de_DE')."""
    return list(_sorted_options(locale))


@cache
def _sorted_options(locale: str) -> tuple[CountryOption, ...]:
    try:
        names = Locale.parse(locale).territories
    except (ValueError, TypeError, UnknownLocaleError):
        names = Locale.parse("en_US").territories
    options = [CountryOption(code, names.get(code, code)) for code in COUNTRIES]
    return tuple(sorted(options, key=lambda option: (_key(option.name), option.name)))
