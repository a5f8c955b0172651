"""Every string a person reads in the components comes from one gettext catalogue per language.

Why one mechanism, and why this shape: Reflex compiles the components into the frontend once,
but each session has its own locale and may switch it without reloading the frame. So the
catalogue of the session's language is held in the session state as a plain table
(msgid -> text, see `table`), and components read their labels from it through
`ui/components/text.py:T`; texts the server builds (notices, refusals by error code, schedule
sentences, plurals) use `say` / `say_plural`. Both read the same catalogues, kept in gettext
form under `balances_app/locales` and handled by Babel (`make messages-extract`,
`messages-update`, `messages-compile`).

Msgids are the English (en-US) texts, with `{name}` placeholders that every translation keeps.
A locale falls back the way Stripe's does: the exact locale (pt_BR, en_GB), then its language
(with its script: zh_Hans), then English.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from balances_app.domain.schedule import WEEKDAYS

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
SOURCE_LOCALE = "en_US"  # the msgids are its texts


@lru_cache(maxsize=1)
def catalogues() -> tuple[str, ...]:
    """The languages that have a catalogue (directory names: de, pt_BR, zh_Hans, en_GB...).

    Read once per process, like the compiled catalogues themselves (`_translations`): every `say`
    asks, and globbing the locales directory each time cost a first load ~9 ms of 40 stat calls."""
    return tuple(sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def _parse(locale: str) -> Locale | None:
    try:
        return Locale.parse(str(locale).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def catalogue_for(locale: str) -> str:
    """The catalogue a locale reads: exact, then language (+script), then English ('en_US')."""
    parsed = _parse(locale)
    if parsed is None:
        return SOURCE_LOCALE
    have = set(catalogues())
    candidates = [str(parsed)]
    if parsed.territory:
        candidates.append("_".join(p for p in (parsed.language, parsed.script) if p))
    candidates.append(parsed.language)
    return next((name for name in candidates if name in have), SOURCE_LOCALE)


@lru_cache(maxsize=128)
def _translations(name: str) -> NullTranslations:
    """The compiled catalogue (the .mo when it is fresher than the .po, else compiled in memory)."""
    po = LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def say(locale: str, msgid: str, **params: object) -> str:
    """`msgid` in the locale's language, its `{placeholders}` filled in."""
    text = _translations(catalogue_for(locale)).gettext(msgid)
    return text.format(**params) if params else text


def say_plural(locale: str, singular: str, plural: str, count: int, **params: object) -> str:
    """The form CLDR's plural rules pick for `count` in the locale's language; `{count}` is filled in."""
    text = _translations(catalogue_for(locale)).ngettext(singular, plural, count)
    return text.format(count=count, **params)


@lru_cache(maxsize=1)
def _template() -> Catalog:
    with TEMPLATE.open("rb") as handle:
        return read_po(handle)


def client_msgids() -> tuple[str, ...]:
    """The msgids components read from the session's table (singular messages of the template)."""
    return tuple(m.id for m in _template() if m.id and isinstance(m.id, str))


@lru_cache(maxsize=128)
def _table(name: str) -> dict[str, str]:
    translations = _translations(name)
    return {msgid: translations.gettext(msgid) for msgid in client_msgids()}


def table(locale: str) -> dict[str, str]:
    """Every singular message in the locale's language, for the session state (a copy)."""
    return dict(_table(catalogue_for(locale)))


def N_(msgid: str) -> str:
    """Marks a msgid kept in a table (said where it is shown), for the extractor."""
    return msgid


def say_code(locale: str, msgids: Mapping[str, str], code: str, fallback: str | None = None) -> str:
    """The label of `code` from a table of N_-marked msgids, in the locale's language (else `fallback`, else `code`)."""
    msgid = msgids.get(code)
    return say(locale, msgid) if msgid else (code if fallback is None else fallback)


def weekday_names(locale: str) -> dict[str, str]:
    """CLDR's names of the days of the week in the locale's language ('monday' -> 'Montag')."""
    names = (_parse(locale) or Locale.parse(SOURCE_LOCALE)).days["stand-alone"]["wide"]
    return {day: str(names[index]) for index, day in enumerate(WEEKDAYS)}


def html_lang(locale: str) -> str:
    """The BCP 47 tag for `<html lang>`: 'de-DE', 'zh-Hans-CN', 'ar-SA'."""
    parsed = _parse(locale)
    return "-".join(p for p in (parsed.language, parsed.script, parsed.territory) if p) if parsed else "en-US"


def text_direction(locale: str) -> str:
    """'rtl' for Arabic, Hebrew...; else 'ltr'."""
    parsed = _parse(locale)
    return parsed.text_direction if parsed else "ltr"
