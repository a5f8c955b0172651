"""The real host process and its keys: made on first start, reused after, required in production."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
from pathlib import Path

import httpx

from balances_app.db.engine import make_engine
from balances_app.serve import host_command, host_env
from balances_app.settings import FINGERPRINT_KEY_FILE, SESSION_KEY_FILE, WELL_KNOWN_KEYS
from tests.databases import SqliteDatabases
from tests.factories import make_account, make_platform
from tests.servers import free_port, running

BANK = {
    "external_account[object]": "bank_account",
    "external_account[country]": "US",
    "external_account[currency]": "usd",
    "external_account[routing_number]": "110000000",
    "external_account[account_number]": "000123456789",
}
IDENTITY = "US:110000000:000123456789"


def _env(port: int, data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = host_env(f"http://localhost:{port}", BALANCES_DATA_DIR=str(data_dir), DATABASE_URL=database_url, **extra)
    env.pop("__REFLEX_MOUNT_FRONTEND_COMPILED_APP")  # the API alone: no frontend build needed
    env.pop("BALANCES_FINGERPRINT_KEY", None)
    env.pop("BALANCES_SESSION_KEY", None)
    return env


def _hmac(key: str) -> str:
    return hmac.new(key.encode(), IDENTITY.encode(), hashlib.sha256).hexdigest()[:16]


def test_the_host_makes_its_key_on_first_start_and_reuses_it(databases: SqliteDatabases, tmp_path: Path) -> None:
    url = databases.migrated()
    own = make_engine(url)
    platform, secret = make_platform(own, 1_795_000_000)
    account = make_account(own, platform, 1_795_000_000)
    own.dispose()
    data_dir, port = tmp_path / "data", free_port()
    host = f"http://localhost:{port}"
    add = f"{host}/v1/accounts/{account.id}/external_accounts"
    with running(host_command(port), _env(port, data_dir, url), f"{host}/ping", tmp_path / "first.log"):
        key = (data_dir / FINGERPRINT_KEY_FILE).read_text().strip()
        added = httpx.post(add, data=BANK, auth=(secret, ""), timeout=30)
        assert added.status_code == 200, added.text
        form = {"account": account.id, "components[balances][enabled]": "true"}
        created = httpx.post(f"{host}/v1/account_sessions", data=form, auth=(secret, ""), timeout=30)
        client_secret = created.json()["client_secret"]
    assert added.json()["fingerprint"] == _hmac(key)
    assert all(added.json()["fingerprint"] != _hmac(known) for known in WELL_KNOWN_KEYS)
    with running(host_command(port), _env(port, data_dir, url), f"{host}/ping", tmp_path / "second.log"):
        again = httpx.post(add, data=BANK, auth=(secret, ""), timeout=30)
        # a client secret signed before the restart is still this installation's: its use is accepted
        used = httpx.post(f"{host}/embedded/logout", data={"client_secret": client_secret}, timeout=30)
        forged = httpx.post(f"{host}/embedded/logout", data={"client_secret": client_secret[:-2] + "AA"}, timeout=30)
    assert (data_dir / FINGERPRINT_KEY_FILE).read_text().strip() == key
    assert again.json()["error"]["code"] == "bank_account_exists"  # the same key still recognises the account
    assert (data_dir / SESSION_KEY_FILE).stat().st_mode & 0o077 == 0
    assert used.status_code == 204, used.text
    assert forged.json()["error"]["code"] == "client_secret_invalid"


def test_in_production_the_host_refuses_to_start_without_a_key(databases: SqliteDatabases, tmp_path: Path) -> None:
    port = free_port()
    env = _env(port, tmp_path / "data", databases.migrated(), BALANCES_ENV="production")
    done = subprocess.run(host_command(port), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "BALANCES_FINGERPRINT_KEY" in done.stdout + done.stderr
    assert not (tmp_path / "data" / FINGERPRINT_KEY_FILE).exists()
    env["BALANCES_FINGERPRINT_KEY"] = "0123456789abcdef" * 3
    done = subprocess.run(host_command(port), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "BALANCES_SESSION_KEY" in done.stdout + done.stderr
    assert not (tmp_path / "data" / SESSION_KEY_FILE).exists()
