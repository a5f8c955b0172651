"""Start real servers for tests, each in its own process group, and wait until they answer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from balances_app.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], what: str = "the condition holds", timeout: float = 30) -> None:
    """Poll a condition the system reaches on its own (a readiness check, not a sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Poll the server until it answers (a readiness check, not a sleep): fail fast if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not come up:\n{log.read_text()}")


@contextmanager
def running(command: list[str], env: dict[str, str], ready_url: str, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(ready_url, process, log)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 from a thread; yields its origin."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway Redis (from Debian's redis-server) on a free port, nothing saved to disk."""
    import shutil as _shutil

    port = free_port()
    command = [
        _shutil.which("redis-server") or "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


class SwitchableProxy:
    """A TCP forwarder on 127.0.0.1 whose backend can be switched: a load balancer in miniature.

    New connections go to the current target; `cut()` drops the open ones, as a dying backend would.
    """

    def __init__(self, port: int, target: int) -> None:
        import asyncio
        import threading

        self.port, self.target = port, target
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        import asyncio

        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port))
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, client_reader, client_writer) -> None:  # type: ignore[no-untyped-def]
        import asyncio

        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            client_writer.close()
            return
        self._writers |= {client_writer, backend_writer}

        async def pipe(reader, writer) -> None:  # type: ignore[no-untyped-def]
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()
                self._writers.discard(writer)

        await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer))

    @contextmanager
    def pointed_at(self, target: int) -> Iterator[None]:
        """New connections go to `target` until the block ends; then back to the previous target, open ones cut."""
        previous, self.target = self.target, target
        try:
            yield
        finally:
            self.target = previous
            self.cut()

    def cut(self) -> None:
        """Close every open connection (the browser will reconnect, to the current target)."""

        def close_all() -> None:
            for writer in list(self._writers):
                writer.close()
            self._writers.clear()

        self._loop.call_soon_threadsafe(close_all)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
