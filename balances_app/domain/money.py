"""Money is an integer count of a currency's minor units; this module is its one formatter.

The component speaks the locales Stripe's embedded components do (`SUPPORTED_LOCALES`); any
other tag falls back to a supported locale of the same language, else en-US, so every amount a
person reads or types is in a locale whose number rules the tests cover.

Numbers and dates are written in the locale's default numbering system, as CLDR (and the
browser's `Intl`) has it: Arabic-Indic digits and separators in ar-SA (U+0660-U+0669, U+066B, U+066C). Babel
picks the symbols (`numbering_system="default"`) but writes Latin digits, so the digits are
put in the system's own here (`NUMBERING_ZEROS`); amount_input reads either kind back.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as babel_format_date
from babel.numbers import get_currency_name
from num2words import CONVERTER_CLASSES, num2words
from num2words.lang_EU import Num2Word_EU

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
# The digit zero of CLDR's decimal numbering systems (the nine others follow it in Unicode).
NUMBERING_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "mymr": 0x1040, "thai": 0x0E50}
# Stripe's list for embedded components (as Babel names them).
SUPPORTED_LOCALES = (
    "ar_SA",
    "bg_BG",
    "cs_CZ",
    "da_DK",
    "de_DE",
    "el_GR",
    "en_AU",
    "en_CA",
    "en_GB",
    "en_IE",
    "en_IN",
    "en_NZ",
    "en_SG",
    "en_US",
    "es_419",
    "es_ES",
    "es_US",
    "et_EE",
    "fi_FI",
    "fil_PH",
    "fr_CA",
    "fr_FR",
    "he_IL",
    "hr_HR",
    "hu_HU",
    "id_ID",
    "it_IT",
    "ja_JP",
    "ko_KR",
    "lt_LT",
    "lv_LV",
    "ms_MY",
    "mt_MT",
    "nb_NO",
    "nl_NL",
    "pl_PL",
    "pt_BR",
    "pt_PT",
    "ro_RO",
    "ru_RU",
    "sk_SK",
    "sl_SI",
    "sv_SE",
    "th_TH",
    "tr_TR",
    "vi_VN",
    "zh_Hans",
    "zh_Hant_HK",
    "zh_Hant_TW",
)


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
    """A browser or Stripe locale tag ('fr-FR', 'ja', 'zh-HK') as a supported Babel locale, en_US if unknown."""
    if not tag or not isinstance(tag, str) or len(tag) > 35:
        return DEFAULT_LOCALE
    if tag in SUPPORTED_LOCALES:
        return tag
    subtags = tag.replace("_", "-").split("-")
    # BCP 47 extensions start at a one-letter subtag ('de-DE-u-nu-latn', 'en-GB-x-private'):
    # they refine a locale, so the language and region before them still decide.
    singleton = next((index for index, subtag in enumerate(subtags) if index and len(subtag) == 1), len(subtags))
    try:
        parsed = Locale.parse("_".join(subtags[:singleton]))
    except (ValueError, TypeError, UnknownLocaleError):
        try:  # a region CLDR has no data for ('es-JP'): the language still speaks
            parsed = Locale.parse(subtags[0])
        except (ValueError, TypeError, UnknownLocaleError):
            return DEFAULT_LOCALE
    name: str | None = str(parsed)
    while name is not None:  # CLDR's parents first: es_MX is Latin American Spanish, zh_Hant_MO reads as Hong Kong
        if name in SUPPORTED_LOCALES:
            return name
        name = get_global("parent_exceptions").get(name)
    language = parsed.language
    same_language = [name for name in SUPPORTED_LOCALES if Locale.parse(name).language == language]
    same_script = [name for name in same_language if Locale.parse(name).script == parsed.script]
    # en_US for English, de_DE for German, fr_FR for French..., else the first of the language.
    preferred = sorted(
        same_script or same_language, key=lambda n: (n != DEFAULT_LOCALE, n != f"{language}_{language.upper()}")
    )
    return (preferred or [DEFAULT_LOCALE])[0]


def preferred_locale(accept_language: str | None) -> str:
    """The supported locale a browser asks for first (its Accept-Language header), else en_US.

    'de-DE,de;q=0.9,en;q=0.8' -> de_DE; 'xx,fr;q=0.5' -> fr_FR. Only ever chooses among
    SUPPORTED_LOCALES, whatever the header says.
    """
    tags = []
    for position, item in enumerate((accept_language or "")[:500].split(",")[:20]):
        tag, _, quality = item.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag and tag != "*" and 0 < weight <= 1:
            tags.append((-weight, position, tag))
    for _weight, _position, tag in sorted(tags):
        chosen = normalize_locale(tag)
        if chosen != DEFAULT_LOCALE or tag.lower().startswith("en"):
            return chosen
    return DEFAULT_LOCALE


def format_money(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """Format minor units for people: format_money(123456, 'eur', 'de_DE') == '1.234,56 €'.

    Every decimal the currency has in Stripe's amounts is shown (Babel alone would round HUF or
    TWD to whole units), so what is shown is exactly what moves; a symbol of letters keeps a
    space from the digits, as CLDR and the browser's `Intl` have it ('CHF 12.50').
    """
    code = currency.upper()
    loc = Locale.parse(normalize_locale(locale))
    pattern = copy.copy(loc.currency_formats["standard"])
    pattern.frac_prec = (exponent(code), exponent(code))
    shown = pattern.apply(to_major(amount, code), loc, currency=code, currency_digits=False, numbering_system="default")
    return native_digits(_CURRENCY_SPACING.sub("\xa0", shown), loc)


# CLDR's currency spacing, which Babel leaves out and Intl applies: a symbol that ends (or starts)
# with a letter stands a no-break space away from the digits: "CHF 12.50", "USD 12.50" in es-419.
_CURRENCY_SPACING = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def native_digits(text: str, loc: Locale) -> str:
    """Latin digits written in the locale's default numbering system (Arabic-Indic ones in ar_SA)."""
    zero = NUMBERING_ZEROS.get(loc.default_numbering_system)
    return text.translate({ord("0") + i: zero + i for i in range(10)}) if zero else text


def format_day(day: date | datetime, locale: str = DEFAULT_LOCALE) -> str:
    """A date as people read it in their locale: 'Dec 3, 2026', '3 déc. 2026' (Arabic-Indic digits in ar_SA)."""
    loc = Locale.parse(normalize_locale(locale))
    return native_digits(babel_format_date(day, format="medium", locale=loc), loc)


def format_amount_input(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """An amount as a person would type it (no currency sign, the locale's own grouping, every decimal):
    123456 USD is '1,234.56' in en_US, '1.234,56' in de_DE; 12345678 INR is '1,23,456.78' in en_IN."""
    loc = Locale.parse(normalize_locale(locale))
    digits = exponent(currency)
    pattern = copy.copy(loc.decimal_formats[None])
    pattern.frac_prec = (digits, digits)
    return native_digits(pattern.apply(to_major(amount, currency), loc, numbering_system="default"), loc)


def spell_amount(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """The exact amount as the confirm step shows it: '12,50 € (zwölf Euro und fünfzig Cent)'.

    Words come from num2words where it knows the language and the currency; elsewhere the
    currency's name in the locale stands beside the formatted amount: '1,250.500 KWD (Kuwaiti dinars)'.
    """
    loc = Locale.parse(normalize_locale(locale))
    shown = format_money(amount, currency, str(loc))
    words = _words(to_major(amount, currency), currency.upper(), loc)
    if words is None:
        words = get_currency_name(currency.upper(), count=to_major(amount, currency), locale=loc)
    return f"{shown} ({words})"


# num2words' Arabic converter names only these currencies; it says "riyal" for any other.
_ARABIC_CURRENCIES = frozenset({"SAR", "EGP"})


def _knows(language: str, code: str) -> bool:
    """Whether num2words names `code` in `language` itself, as many units as it is given.

    Its converters without currency words of their own inherit English ones ("tizenkettő
    dollars, ötven cents"); most read a whole number as cents (1,000 yen as "ten yen"), so a
    currency without minor units is spelled only by converters that know it has none (ja, ko).
    """
    converter = CONVERTER_CLASSES[language]
    if language == "ar":
        return code in _ARABIC_CURRENCIES
    forms = getattr(converter, "CURRENCY_FORMS", {})
    if code not in forms or (forms is Num2Word_EU.CURRENCY_FORMS and not language.startswith("en")):
        return False
    return bool(exponent(code)) or not forms[code][1]


def _words(value: Decimal, code: str, loc: Locale) -> str | None:
    languages = [f"{loc.language}_{loc.territory}", loc.language, "no" if loc.language == "nb" else ""]
    language = next((name for name in languages if name in CONVERTER_CLASSES), None)
    if language is None or exponent(code) == 3 or not _knows(language, code):
        return None
    try:
        return str(num2words(value if exponent(code) else int(value), lang=language, to="currency", currency=code))
    except Exception:  # num2words refuses some languages, currencies and sizes in its own ways
        return None
