from decimal import Decimal

import pytest

from balances_app.domain.money import exponent, format_day, format_money, from_major, normalize_locale, to_major


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "shown"),
    [
        (123456, "usd", "en_US", "$1,234.56"),
        (123456, "eur", "de_DE", "1.234,56\xa0€"),
        (1235, "jpy", "en_US", "¥1,235"),
        (1235, "jpy", "ja_JP", "￥1,235"),
        (-4825, "usd", "en_US", "-$48.25"),
        # CLDR's currency spacing, as Intl writes it: a space between a symbol of letters and the digits
        (1234567, "kwd", "en_US", "KWD\xa01,234.567"),
        (1250, "usd", "es_419", "USD\xa012.50"),
        (1250, "chf", "en_US", "CHF\xa012.50"),
        (-1250, "chf", "en_US", "-CHF\xa012.50"),
        (1250, "mxn", "en_US", "MX$12.50"),
        (1250, "usd", "nl_NL", "US$\xa012,50"),
        (99, "gbp", "en_GB", "£0.99"),
        (500000, "krw", "ko_KR", "₩500,000"),
    ],
)
def test_amounts_are_formatted_for_the_locale(amount: int, currency: str, locale: str, shown: str) -> None:
    assert format_money(amount, currency, locale) == shown


def test_zero_and_three_decimal_currencies_follow_stripe() -> None:
    assert [exponent(c) for c in ("usd", "JPY", "krw", "vnd", "bhd", "isk")] == [2, 0, 0, 0, 3, 0]
    assert to_major(1235, "jpy") == Decimal(1235)
    assert to_major(1235, "usd") == Decimal("12.35")


def test_major_units_parse_exactly_and_refuse_extra_precision() -> None:
    assert from_major("12.34", "usd") == 1234
    assert from_major("1000", "jpy") == 1000
    with pytest.raises(ValueError):
        from_major("12.345", "usd")
    with pytest.raises(ValueError):
        from_major("10.5", "jpy")


def test_browser_locale_tags_are_understood_and_unknown_ones_fall_back() -> None:
    assert normalize_locale("fr-FR") == "fr_FR"
    assert normalize_locale("ja") == "ja_JP"
    assert normalize_locale("zh-HK") == "zh_Hant_HK"
    assert normalize_locale("fr-BE") == "fr_FR"
    assert normalize_locale("xx-nonsense") == "en_US"
    assert normalize_locale(None) == "en_US"


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("de-DE-u-nu-latn", "de_DE"),  # a browser's Unicode extension refines German, it is still German
        ("ja-JP-u-ca-japanese", "ja_JP"),
        ("en-GB-u-ca-gregory-hc-h23", "en_GB"),
        ("fr-FR-x-private", "fr_FR"),
        ("x-klingon", "en_US"),  # private use only: nothing to go by
        ("de-u", "de_DE"),
        ("es-MX", "es_419"),  # CLDR's parent of Mexican Spanish, not Spain's
        ("es-AR", "es_419"),
        ("pt-AO", "pt_PT"),
        ("zh-Hant-MO", "zh_Hant_HK"),
        ("es-JP", "es_ES"),  # a region CLDR has no Spanish data for: still Spanish
        ("pt-FR", "pt_PT"),
    ],
)
def test_regional_tags_and_extensions_find_the_nearest_supported_locale(tag: str, locale: str) -> None:
    assert normalize_locale(tag) == locale


def test_dates_follow_the_locale() -> None:
    from datetime import date

    assert format_day(date(2026, 12, 3), "en_US") == "Dec 3, 2026"
    assert format_day(date(2026, 12, 3), "de_DE") == "03.12.2026"
