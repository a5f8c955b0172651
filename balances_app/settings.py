"""Configuration from environment variables, each with a documented default.

Two HMAC keys are never well-known values:
- the bank-account fingerprint key (whoever knows it can recover a 12-digit account number
  from its fingerprint in seconds): `BALANCES_FINGERPRINT_KEY`;
- the account-session key, which signs client secrets (whoever knows it can open any
  account's components): `BALANCES_SESSION_KEY`. It is kept out of the database on purpose,
  so a leaked copy of the database cannot mint sessions.
Each is the variable when set, else a random key made on the first start and kept in the data
folder (mode 0600). With `BALANCES_ENV=production` the host refuses to start without explicit
keys, so several machines cannot silently use different ones.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production")
FINGERPRINT_KEY_FILE = "fingerprint.key"
SESSION_KEY_FILE = "session.key"
MIN_KEY_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 8  # a random hex key of 32 characters has about 14
# Keys published anywhere (the project's old default, the tests' own): they must never sign anything.
WELL_KNOWN_KEYS = frozenset({"dev-only-fingerprint-key", "test-session-key-0123456789abcdef0123"})


class ConfigurationError(RuntimeError):
    """The host must not start with this configuration."""


def _checked(key: str, source: str) -> str:
    if key in WELL_KNOWN_KEYS:
        raise ConfigurationError(f"{source} is a published key: set a random one (e.g. `openssl rand -hex 32`).")
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigurationError(f"{source} is too short: use at least {MIN_KEY_LENGTH} random characters.")
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:  # 'aaaa…' or 32 spaces is long, not random
        raise ConfigurationError(f"{source} is not random: set one made by `openssl rand -hex 32`.")
    return key


def load_key(given: str | None, data_dir: Path, production: bool, variable: str, file_name: str) -> str:
    """The explicit key, or this installation's own random key (made once, atomically, then reused)."""
    if given:
        return _checked(given, variable)
    if production:
        raise ConfigurationError(
            f"BALANCES_ENV=production needs {variable}: a random secret of at least "
            f"{MIN_KEY_LENGTH} characters, the same on every machine that shares the database."
        )
    path = data_dir / file_name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".{file_name}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(draft, path)  # atomic: when two workers start at once, the first one's key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return _checked(path.read_text().strip(), str(path))


def load_fingerprint_key(given: str | None, data_dir: Path, production: bool) -> str:
    return load_key(given, data_dir, production, "BALANCES_FINGERPRINT_KEY", FINGERPRINT_KEY_FILE)


def load_session_key(given: str | None, data_dir: Path, production: bool) -> str:
    return load_key(given, data_dir, production, "BALANCES_SESSION_KEY", SESSION_KEY_FILE)


def _csv(name: str, default: str) -> tuple[str, ...]:
    raw = os.environ.get(name, default)
    return tuple(item.strip().rstrip("/") for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Everything the component host and the demo read from the environment."""

    port: int = field(default_factory=lambda: int(os.environ.get("BALANCES_PORT", "3000")))
    public_url: str = field(
        default_factory=lambda: os.environ.get("BALANCES_PUBLIC_URL", "http://localhost:3000").rstrip("/")
    )
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("BALANCES_DATA_DIR", PROJECT_ROOT / "data")))
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL", ""))
    # One host worker per core by default; several workers share Reflex's state through Redis.
    workers: int = field(default_factory=lambda: int(os.environ.get("BALANCES_WORKERS", str(os.cpu_count() or 1))))
    demo_port: int = field(default_factory=lambda: int(os.environ.get("DEMO_PORT", "4242")))
    demo_embed_origins: tuple[str, ...] = field(  # by default the demo's own origins, on its port
        default_factory=lambda: _csv(
            "DEMO_EMBED_ORIGINS",
            "http://localhost:{0},http://127.0.0.1:{0}".format(os.environ.get("DEMO_PORT", "4242")),
        )
    )
    environment: str = field(default_factory=lambda: os.environ.get("BALANCES_ENV", "development"))
    notify_url: str = field(default_factory=lambda: os.environ.get("BALANCES_NOTIFY_URL", ""))
    session_lifetime_seconds: int = field(
        default_factory=lambda: int(os.environ.get("ACCOUNT_SESSION_LIFETIME_SECONDS", "1800"))
    )

    @property
    def production(self) -> bool:
        if self.environment not in ENVIRONMENTS:
            choices = ", ".join(ENVIRONMENTS)
            raise ConfigurationError(f"BALANCES_ENV must be one of {choices}, not {self.environment!r}.")
        return self.environment == "production"

    @cached_property
    def fingerprint_key(self) -> str:
        """Read (or made) once per process; `check()` at start makes a bad configuration fail early."""
        return load_fingerprint_key(os.environ.get("BALANCES_FINGERPRINT_KEY"), self.data_dir, self.production)

    @cached_property
    def session_key(self) -> bytes:
        """The account-session signing key, read (or made) once per process, as HMAC key bytes."""
        return load_session_key(os.environ.get("BALANCES_SESSION_KEY"), self.data_dir, self.production).encode()

    def check(self) -> None:
        """Refuse to start with a configuration that would be unsafe (raises ConfigurationError)."""
        if not self.fingerprint_key or not self.session_key:
            raise ConfigurationError("A signing key is empty.")
        if self.fingerprint_key.encode() == self.session_key:
            raise ConfigurationError("BALANCES_SESSION_KEY must differ from BALANCES_FINGERPRINT_KEY.")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'balances.sqlite3'}"


settings = Settings()
