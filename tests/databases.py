"""Fresh databases for tests: SQLite files by default, PostgreSQL when BALANCES_TEST_SCALED=1.

Each kind keeps two migrated templates (empty, and with the demo seed) and hands out copies:
SQLite copies the file, PostgreSQL uses CREATE DATABASE ... TEMPLATE.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from balances_app.db.engine import make_engine
from balances_app.db.migrate import upgrade
from balances_app.demo.seed import seed

_names = itertools.count()


def _seed(url: str) -> None:
    engine = make_engine(url)
    seed(engine)
    engine.dispose()


class SqliteDatabases:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.empty = folder / "template.sqlite3"
        upgrade(f"sqlite:///{self.empty}")
        self._seeded: Path | None = None

    def migrated(self) -> str:
        return self._copy(self.empty)

    def seeded(self) -> str:
        if self._seeded is None:
            self._seeded = Path(self._copy(self.empty).removeprefix("sqlite:///"))
            _seed(f"sqlite:///{self._seeded}")
        return self._copy(self._seeded)

    def _copy(self, source: Path) -> str:
        target = self.folder / f"db{next(_names)}.sqlite3"
        shutil.copy(source, target)
        return f"sqlite:///{target}"


class PostgresDatabases:
    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.empty = self._create("template_empty")
        upgrade(self._url(self.empty))
        self._seeded: str | None = None

    def migrated(self) -> str:
        return self._url(self._create(f"db{next(_names)}", self.empty))

    def seeded(self) -> str:
        if self._seeded is None:
            self._seeded = self._create("template_seeded", self.empty)
            _seed(self._url(self._seeded))
        return self._url(self._create(f"db{next(_names)}", self._seeded))

    def _create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        return name

    def _url(self, name: str) -> str:
        return self.server_url.rsplit("/", 1)[0] + f"/{name}"
