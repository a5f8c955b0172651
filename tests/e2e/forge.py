"""A hostile browser: events sent over the page's own Reflex websocket, with any name and payload.

Playwright sits between the page and the host (`route_web_socket`): the page keeps working,
and the test sends extra Socket.IO frames on the same authenticated connection, exactly as a
person editing their browser's JavaScript could.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from typing import Any

from playwright.sync_api import Frame, Page, WebSocketRoute
from reflex.state import BaseState, State

PREFIX = "42/_event,"


def every_state() -> Iterator[type[BaseState]]:
    """Every state class in the app's tree (the app's own and Reflex's), so no new one escapes."""
    import balances_app.balances_app  # noqa: F401  (registers every page's states)

    pending: list[type[BaseState]] = [State]
    while pending:
        state = pending.pop()
        yield state
        pending.extend(state.get_substates())


def every_handler() -> Iterator[tuple[type[BaseState], str, list[str]]]:
    """(state, full event name, parameter names) for every event handler of every state."""
    for state in every_state():
        for name, handler in sorted(state.event_handlers.items()):
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            yield state, f"{state.get_full_name()}.{name}", params


class Forger:
    """Install before the page connects; then `send` forged events once the page has sent one."""

    def __init__(self, page: Page) -> None:
        self.mute_parent = False  # drop the frame's messages to its parent (a refusal would remove the frame)
        self.server: WebSocketRoute | None = None
        self.router_data: dict[str, Any] | None = None
        self.sent_by_page: list[dict[str, Any]] = []
        page.context.route_web_socket("**/_event**", self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if isinstance(message, str) and message.startswith(PREFIX):
                body = json.loads(message[len(PREFIX) :])
                if isinstance(body, list) and len(body) == 2 and isinstance(body[1], dict):
                    self.sent_by_page.append(body[1])
                    self.router_data = body[1].get("router_data") or self.router_data
            server.send(message)

        def to_page(message: str | bytes) -> None:
            if self.mute_parent and isinstance(message, str) and message.startswith(PREFIX):
                message = _without_parent_messages(message)
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(to_page)
        self.server = server

    def page_event(self, suffix: str) -> dict[str, Any]:
        """The last event the page itself sent whose name ends with `suffix` (to replay it)."""
        return next(e for e in reversed(self.sent_by_page) if e.get("name", "").endswith(suffix))

    def send(self, name: str, payload: Any) -> None:
        assert self.server is not None and self.router_data is not None, "the page has not connected yet"
        event = {"name": name, "payload": payload, "router_data": self.router_data}
        self.server.send(PREFIX + json.dumps(["event", event]))

    def replay(self, event: dict[str, Any]) -> None:
        assert self.server is not None
        self.server.send(PREFIX + json.dumps(["event", event]))

    def barrier(self, frame: Frame, session_state: str, origin: str, mark: int) -> None:
        """Wait until the host has processed everything sent so far (events of a client run in order)."""
        color = f"#{mark % 0xFFFFFF:06x}"
        data = {"type": "bc:update", "appearance": {"variables": {"colorPrimary": color}}}
        self.send(f"{session_state}.receive", {"origin": origin, "data": data})
        frame.wait_for_function(
            """(color) => {
                const root = document.getElementById('bc-root');
                return !!root && getComputedStyle(root).getPropertyValue('--bc-color-primary').trim() === color;
            }""",
            arg=color,
            timeout=120_000,
        )


def _without_parent_messages(message: str) -> str:
    """The host's update without the scripts that post to the embedding page."""
    body = json.loads(message[len(PREFIX) :])
    update = body[1] if isinstance(body, list) and len(body) == 2 and isinstance(body[1], dict) else None
    if update is None or not update.get("events"):
        return message
    update["events"] = [e for e in update["events"] if "window.parent.postMessage" not in json.dumps(e)]
    return PREFIX + json.dumps(body)
