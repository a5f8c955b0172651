"""Apply the Alembic migrations: `python -m balances_app.db.migrate [revision -m "..."]`."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from balances_app.settings import settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url or settings.resolved_database_url)
    return config


def upgrade(url: str | None = None) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


def main(argv: list[str]) -> None:
    if argv[:1] == ["revision"]:
        message = argv[argv.index("-m") + 1] if "-m" in argv else "change"
        command.revision(alembic_config(), message=message, autogenerate=True)
    else:
        upgrade()


if __name__ == "__main__":
    main(sys.argv[1:])
