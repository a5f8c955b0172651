"""One frontend build for any number of throwaway hosts, each on its own port.

Reflex bakes the backend URL into the built frontend (one small `reflex-env-*.js` module).
Rather than rebuilding for every port (seconds each, and racing with anyone serving `.web`),
a host gets its own copy of the built client with that one module pointed at its URL, and is
served from that copy (`REFLEX_WEB_WORKDIR`). The shared build is made, or remade when a
source file is newer than it, under a file lock, so parallel test processes build once.
"""

from __future__ import annotations

import fcntl
import re
import shutil
from pathlib import Path

from balances_app.serve import build_frontend
from balances_app.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / ".web"
CLIENT = Path("build") / "client"
# What the built frontend is made from (the rest of the package runs on the server only).
SOURCES = [
    PROJECT_ROOT / "balances_app" / "ui",
    PROJECT_ROOT / "balances_app" / "balances_app.py",
    PROJECT_ROOT / "assets",
    PROJECT_ROOT / "rxconfig.py",
]
_BAKED = re.compile(r"(https?|wss?)://[^/`\"']+(/(?:ping|_event|_upload|auth-codespace|_health|_all_routes))")


def _env_module(client: Path) -> Path | None:
    return next(iter(sorted((client / "assets").glob("reflex-env-*.js"))), None)


def _newest_source() -> float:
    newest = 0.0
    for root in SOURCES:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.suffix in (".py", ".js", ".css")]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def ensure_built() -> Path:
    """The shared built client, fresh; built now if missing or older than the sources."""
    WEB.mkdir(exist_ok=True)
    with (WEB / ".testkit.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        module = _env_module(WEB / CLIENT)
        if module is None or module.stat().st_mtime < _newest_source():
            build_frontend("http://localhost:3000")
        return WEB / CLIENT


def relocated(public_url: str, workdir: Path) -> Path:
    """A web folder for one host at `public_url`: a copy of the build, pointed at that URL."""
    source = ensure_built()
    target = workdir / CLIENT
    with (WEB / ".testkit.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        shutil.copytree(source, target)
    module = _env_module(target)
    if module is None:
        raise RuntimeError(f"No reflex-env module in {source}: is the build complete?")
    http = public_url.rstrip("/")
    websocket = http.replace("http", "ws", 1)  # http -> ws, https -> wss

    def point(match: re.Match[str]) -> str:
        return (http if match.group(1).startswith("http") else websocket) + match.group(2)

    pointed, count = _BAKED.subn(point, module.read_text())
    if not count:
        raise RuntimeError(f"No backend URL found in {module.name}: has Reflex changed how it bakes it?")
    module.write_text(pointed)
    module.with_name(module.name + ".gz").unlink(missing_ok=True)
    return workdir
