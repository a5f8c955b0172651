from balances_app.domain.bank_account_numbers import COUNTRIES, currencies_for
from balances_app.ui.countries import country_options


def test_every_country_the_rules_accept_is_offered_by_name_in_the_sessions_language() -> None:
    german = {option.code: option.name for option in country_options("de_DE")}
    assert set(german) == set(COUNTRIES)
    assert all(currencies_for(code) for code in german)  # nothing offered that the rules refuse
    assert german["DE"] == "Deutschland" and german["AT"] == "Österreich" and german["US"] == "Vereinigte Staaten"
    assert {o.code: o.name for o in country_options("ja_JP")}["JP"] == "日本"
    assert {o.code: o.name for o in country_options("fr_FR")}["GB"] == "Royaume-Uni"


def test_names_follow_the_languages_alphabet_not_the_codes() -> None:
    names = [option.name for option in country_options("de_DE")]
    assert names.index("Österreich") < names.index("Polen")  # Ö sorts with O, not after Z
    assert names.index("Dänemark") < names.index("Deutschland")
    english = [option.name for option in country_options("en_US")]
    assert english == sorted(english)
    assert english[0] == "Australia" and english[-1] == "United States"


def test_an_unknown_locale_falls_back_to_english_names() -> None:
    assert {o.code: o.name for o in country_options("xx_YY")}["DE"] == "Germany"
