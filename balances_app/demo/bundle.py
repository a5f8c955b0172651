"""Build the demo's React page from the official npm packages: `python -m balances_app.demo.bundle`.

The versions are pinned in `demo/react/package.json` and its committed `package-lock.json`;
`npm ci` installs exactly those (only when the lock changed), then esbuild bundles
`dist/demo.js` (the demo page) and `dist/harness.js` (the packages exposed to e2e tests).
`make run` and `make test` call it; the e2e tests call it too, so a bare pytest run works.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from balances_app.serve import offline_env

REACT_DIR = Path(__file__).resolve().parent / "react"
DIST = REACT_DIR / "dist"
_INSTALLED = REACT_DIR / "node_modules" / ".package-lock.json"


def _newest(paths: list[Path]) -> float:
    return max(path.stat().st_mtime for path in paths)


def build() -> Path:
    """Install the pinned packages if needed and bundle; returns the dist folder."""
    env = offline_env()
    lock = REACT_DIR / "package-lock.json"
    if not _INSTALLED.exists() or _INSTALLED.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--loglevel=error"], cwd=REACT_DIR, env=env, check=True)
    sources = [*REACT_DIR.joinpath("src").iterdir(), REACT_DIR / "build.mjs", _INSTALLED]
    outputs = [DIST / "demo.js", DIST / "harness.js"]
    if not all(path.exists() for path in outputs) or min(p.stat().st_mtime for p in outputs) < _newest(sources):
        subprocess.run(["npm", "run", "--silent", "build"], cwd=REACT_DIR, env=env, check=True)
    return DIST


if __name__ == "__main__":
    print(f"Built {build()}")
