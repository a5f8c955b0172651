"""Shared fixtures: a migrated SQLite database per test, a frozen clock, the seeded demo."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before any balances_app import: the suite never touches the developer's data folder.
_SUITE_DIR = Path(tempfile.mkdtemp(prefix="balances-tests-"))
os.environ["BALANCES_DATA_DIR"] = str(_SUITE_DIR / "default")

import pytest  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from balances_app.db.engine import make_engine  # noqa: E402
from balances_app.db.migrate import upgrade  # noqa: E402
from balances_app.demo.seed import seed  # noqa: E402
from balances_app.domain.clock import FrozenClock  # noqa: E402

NOW = 1_795_000_000  # 2026-11-18T11:06:40Z, a Wednesday


@pytest.fixture(scope="session")
def suite_dir() -> Path:
    return _SUITE_DIR


@pytest.fixture(scope="session")
def migrated_template(suite_dir: Path) -> Path:
    """One database migrated by Alembic; each test gets a copy."""
    path = suite_dir / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def seeded_template(migrated_template: Path, suite_dir: Path) -> Path:
    """The demo seed (platform, five accounts, months of history), built once per run."""
    path = suite_dir / "seeded.sqlite3"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    seed(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(migrated_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "test.sqlite3"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SUITE_DIR, ignore_errors=True)
