"""Configuration from environment variables, each with a documented default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    demo_embed_origins: tuple[str, ...] = field(
        default_factory=lambda: _csv("DEMO_EMBED_ORIGINS", "http://localhost:4242,http://127.0.0.1:4242")
    )
    fingerprint_key: str = field(
        default_factory=lambda: os.environ.get("BALANCES_FINGERPRINT_KEY", "dev-only-fingerprint-key")
    )
    notify_url: str = field(default_factory=lambda: os.environ.get("BALANCES_NOTIFY_URL", ""))
    session_lifetime_seconds: int = field(
        default_factory=lambda: int(os.environ.get("ACCOUNT_SESSION_LIFETIME_SECONDS", "1800"))
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'balances.sqlite3'}"


settings = Settings()
