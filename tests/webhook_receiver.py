"""A platform's webhook handler in miniature: an HTTP server in a thread that keeps what it receives.

It answers with `status` (settable), can hold requests until released (to catch a host mid-delivery),
and verifies nothing itself: tests do that with the official SDK.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    body: bytes
    signature: str
    at: float


@dataclass
class Receiver:
    url: str
    status: int = 200
    received: list[Received] = field(default_factory=list)
    arrived: int = 0  # requests that reached the handler, answered or still held
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.release.set()

    def wait_for(self, condition: Callable[[list[Received]], bool], timeout: float = 20) -> list[Received]:
        """Poll until `condition(received)` holds (a readiness check, not a sleep)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(list(self.received)):
                return list(self.received)
            time.sleep(0.05)
        raise AssertionError(f"condition not met; received {len(self.received)} deliveries")


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.arrived += 1
            receiver.release.wait(60)
            receiver.received.append(Received(body, self.headers.get("Stripe-Signature", ""), time.time()))
            try:
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the sender is gone (a host killed mid-delivery)
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 256  # many workers post at once: the default backlog of 5 resets connections

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(f"http://127.0.0.1:{server.server_address[1]}/webhooks")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
