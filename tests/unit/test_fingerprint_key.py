"""The fingerprint and session keys: the installation's own random keys, never published, explicit in production."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from balances_app.settings import (
    FINGERPRINT_KEY_FILE,
    SESSION_KEY_FILE,
    WELL_KNOWN_KEYS,
    ConfigurationError,
    Settings,
    load_fingerprint_key,
    load_session_key,
)

EXPLICIT = "k" * 16 + "0123456789abcdef0123"


def test_first_start_makes_a_random_private_key_in_the_data_folder_and_later_starts_reuse_it(tmp_path: Path) -> None:
    first = load_fingerprint_key(None, tmp_path / "data", production=False)
    path = tmp_path / "data" / FINGERPRINT_KEY_FILE
    assert path.read_text().strip() == first and len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first not in WELL_KNOWN_KEYS
    assert load_fingerprint_key(None, tmp_path / "data", production=False) == first
    assert load_fingerprint_key(None, tmp_path / "other", production=False) != first  # per installation
    assert [p.name for p in (tmp_path / "data").iterdir()] == [FINGERPRINT_KEY_FILE]  # no drafts left behind


def test_workers_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    keys: list[str] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        keys.append(load_fingerprint_key(None, tmp_path, production=False))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert keys[0] == (tmp_path / FINGERPRINT_KEY_FILE).read_text().strip()


def test_production_refuses_to_start_without_an_explicit_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="BALANCES_FINGERPRINT_KEY"):
        load_fingerprint_key(None, tmp_path, production=True)
    assert not (tmp_path / FINGERPRINT_KEY_FILE).exists()
    assert load_fingerprint_key(EXPLICIT, tmp_path, production=True) == EXPLICIT


@pytest.mark.parametrize("production", [False, True])
@pytest.mark.parametrize("key", [*WELL_KNOWN_KEYS, "short-key"])
def test_published_or_short_keys_never_sign_anything(tmp_path: Path, key: str, production: bool) -> None:
    with pytest.raises(ConfigurationError):
        load_fingerprint_key(key, tmp_path, production=production)


def test_a_key_file_holding_the_published_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / FINGERPRINT_KEY_FILE).write_text("dev-only-fingerprint-key\n")
    with pytest.raises(ConfigurationError):
        load_fingerprint_key(None, tmp_path, production=False)


def test_the_environment_setting_is_explicit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BALANCES_FINGERPRINT_KEY", raising=False)
    monkeypatch.delenv("BALANCES_SESSION_KEY", raising=False)
    monkeypatch.setenv("BALANCES_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BALANCES_ENV", "prod")  # a typo must not quietly mean development
    with pytest.raises(ConfigurationError, match="BALANCES_ENV"):
        Settings().check()
    monkeypatch.setenv("BALANCES_ENV", "production")
    with pytest.raises(ConfigurationError, match="BALANCES_FINGERPRINT_KEY"):
        Settings().check()
    monkeypatch.setenv("BALANCES_FINGERPRINT_KEY", EXPLICIT)
    with pytest.raises(ConfigurationError, match="BALANCES_SESSION_KEY"):
        Settings().check()
    monkeypatch.setenv("BALANCES_SESSION_KEY", EXPLICIT[::-1])
    Settings().check()
    assert Settings().fingerprint_key == EXPLICIT


def test_the_session_key_is_a_key_of_its_own(tmp_path: Path) -> None:
    """It signs client secrets; knowing the fingerprint key must not give it, nor the other way round."""
    session_key = load_session_key(None, tmp_path, production=False)
    path = tmp_path / SESSION_KEY_FILE
    assert path.read_text().strip() == session_key and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert session_key != load_fingerprint_key(None, tmp_path, production=False)
    assert load_session_key(None, tmp_path, production=False) == session_key
    with pytest.raises(ConfigurationError, match="BALANCES_SESSION_KEY"):
        load_session_key(None, tmp_path / "elsewhere", production=True)
    with pytest.raises(ConfigurationError):
        load_session_key("short-key", tmp_path, production=False)
