"""The message catalogues: every string a person reads is in the template, and every catalogue
translates all of them with the same placeholders. A string added to a component without a
translation, or a translation that drops `{amount}`, fails here."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from balances_app.domain.money import SUPPORTED_LOCALES
from balances_app.ui import messages

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog) -> set[str | tuple[str, ...]]:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_every_marked_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg", "-k", "T",
         "-k", "say:2", "-k", "say_plural:2,3", "-k", "N_", "-o", str(fresh), "balances_app"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    missing = _ids(_catalog(fresh)) - _ids(_catalog(messages.TEMPLATE))
    assert not missing, f"run `make messages-update`: not in the template: {sorted(map(str, missing))[:10]}"


@pytest.mark.parametrize("name", messages.catalogues())
def test_every_catalogue_translates_every_message_with_the_same_placeholders(name: str) -> None:
    template = _catalog(messages.TEMPLATE)
    catalogue = {m.id: m for m in _catalog(messages.LOCALES_DIR / name / "LC_MESSAGES" / "messages.po") if m.id}
    for message in template:
        if not message.id:
            continue
        assert message.id in catalogue, f"{name} misses {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = catalogue[message.id].string
        strings = strings if isinstance(strings, tuple) else (strings,)
        assert all(strings), f"{name} leaves {message.id!r} untranslated"
        assert "fuzzy" not in catalogue[message.id].flags, f"{name}: {message.id!r} is marked fuzzy"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, f"{name}: {message.id!r} -> {text!r}"


def test_the_readme_names_every_complete_catalogue() -> None:
    readme = (ROOT / "README.md").read_text()
    languages = readme.split("## Languages", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{name}`" in languages for name in messages.catalogues())


COUNTS = [*range(0, 120), 1_000, 1_000_000, 2_000_000, 1_000_001]


@pytest.mark.parametrize("name", messages.catalogues())
def test_each_catalogue_picks_the_plural_form_cldr_gives_the_locales_it_serves(name: str) -> None:
    """`pt` serves Portugal (Brazil has `pt_BR`): 0 pagamentos there, not 0 pagamento."""
    picks = messages._translations(name).plural
    served = [locale for locale in SUPPORTED_LOCALES if messages.catalogue_for(locale) == name]
    for locale in served:
        expected = gettext.c2py(get_plural(locale).plural_expr)
        wrong = [count for count in COUNTS if picks(count) != expected(count)]
        assert not wrong, f"{name} serves {locale} the wrong plural form for {wrong[:5]}"
