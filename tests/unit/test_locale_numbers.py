"""Plurals by CLDR's rules, numbers and dates in each locale's own digits, and the browser's language.

Polish has three plural forms (1 dzień / 2 dni / 5 dni; 1 próba / 2 próby / 5 prób): the
server's plurals pick them through the catalogue's rules, not an English `n != 1`. Arabic
(ar-SA) writes Arabic-Indic digits as CLDR and the browser's `Intl` do, and what is shown
still reads back when typed, as do Latin digits. With no locale from the platform, the
browser's Accept-Language picks among the supported locales.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from balances_app.domain.amount_input import parse_amount
from balances_app.domain.money import format_amount_input, format_day, format_money, preferred_locale
from balances_app.domain.schedule import PayoutSchedule
from balances_app.ui import messages
from balances_app.ui.phrases import Phrase, render
from balances_app.ui.refusals import explain
from balances_app.ui.wording import schedule_sentence

ARABIC_INDIC = {chr(0x0660 + i) for i in range(10)}
LATIN = set("0123456789")
# Arabic-Indic digits, decimal separator (U+066B) and grouping separator (U+066C), written here in Latin form.
TO_ARABIC = str.maketrans({**{str(i): chr(0x0660 + i) for i in range(10)}, ".": "\u066b", ",": "\u066c"})


def arabic(latin: str) -> str:
    return latin.translate(TO_ARABIC)


@pytest.fixture
def polish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Polish catalogue with the server's plural messages (three forms each), as the only catalogue."""
    catalog = Catalog(locale="pl")
    catalog.add(
        ("Daily, for funds available {days} day earlier", "Daily, for funds available {days} days earlier"),
        (
            "Codziennie, dla środków dostępnych {days} dzień wcześniej",
            "Codziennie, dla środków dostępnych {days} dni wcześniej",
            "Codziennie, dla środków dostępnych {days} dni wcześniej",
        ),
    )
    catalog.add(
        ("That code is not right. {tries} try left.", "That code is not right. {tries} tries left."),
        (
            "Nieprawidłowy kod. Pozostała {tries} próba.",
            "Nieprawidłowy kod. Pozostały {tries} próby.",
            "Nieprawidłowy kod. Pozostało {tries} prób.",
        ),
    )
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(messages, "LOCALES_DIR", tmp_path)
    messages._translations.cache_clear()
    yield
    messages._translations.cache_clear()


def test_polish_plurals_take_cldrs_three_forms(polish: None) -> None:
    assert Catalog(locale="pl").num_plurals == 3
    days = {n: schedule_sentence("pl_PL", PayoutSchedule("daily", n)) for n in (1, 2, 5, 22)}
    assert days[1] == "Codziennie, dla środków dostępnych 1 dzień wcześniej"
    assert days[2] == "Codziennie, dla środków dostępnych 2 dni wcześniej"
    assert days[5] == "Codziennie, dla środków dostępnych 5 dni wcześniej"
    tries = {n: explain("verification_code_invalid", {"left": n}, "pl_PL") for n in (1, 2, 5, 22)}
    assert tries == {
        1: "Nieprawidłowy kod. Pozostała 1 próba.",
        2: "Nieprawidłowy kod. Pozostały 2 próby.",
        5: "Nieprawidłowy kod. Pozostało 5 prób.",
        22: "Nieprawidłowy kod. Pozostały 22 próby.",
    }
    assert explain("verification_code_invalid", {"left": 2}, "en_US") == "That code is not right. 2 tries left."


def test_arabic_amounts_and_dates_use_arabic_indic_digits_as_cldr_says() -> None:
    shown = format_money(123_456, "sar", "ar_SA")
    assert shown == "\u200f" + arabic("1,234.56") + "\xa0ر.س.\u200f"  # what Intl.NumberFormat('ar-SA', SAR) writes
    assert not LATIN & set(shown)
    day = format_day(date(2026, 11, 30), "ar_SA")
    assert day == arabic("30\u200f/11\u200f/2026") and not LATIN & set(day)
    assert ARABIC_INDIC & set(render(Phrase("payout_created", {"amount": 1_250, "currency": "sar"}), "ar_SA"))
    assert format_money(123_456, "usd", "en_US") == "$1,234.56"  # Latin where CLDR says so
    assert format_day(date(2026, 11, 30), "de_DE") == "30.11.2026"


@pytest.mark.parametrize("amount", [100, 1_250, 123_456, 100_000_000_07])
def test_what_arabic_shows_reads_back_and_latin_digits_are_read_too(amount: int) -> None:
    assert parse_amount(format_money(amount, "sar", "ar_SA"), "sar", "ar_SA") == amount
    assert parse_amount(format_amount_input(amount, "sar", "ar_SA"), "sar", "ar_SA") == amount
    assert parse_amount(format_amount_input(amount, "sar", "en_US"), "sar", "ar_SA") == amount
    assert parse_amount(arabic("12.5"), "sar", "ar_SA") == 1_250


def test_an_arabic_refusal_explains_typing_with_the_digits_arabic_shows() -> None:
    said = explain("amount_not_a_number", {"typed": "abc", "currency": "sar"}, "ar_SA")
    assert arabic("1,234.56") in said and arabic(".") in said and "abc" in said


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de_DE"),
        ("de", "de_DE"),
        ("xx-YY,fr;q=0.5", "fr_FR"),
        ("en-GB,en;q=0.9", "en_GB"),
        ("ja;q=0.2,ko;q=0.9", "ko_KR"),
        ("", "en_US"),
        (None, "en_US"),
        ("*;q=1,<script>;q=0.5," + "x" * 5000, "en_US"),
    ],
)
def test_the_browsers_language_chooses_among_supported_locales_only(header: str | None, locale: str) -> None:
    assert preferred_locale(header) == locale
