"""A lost connection, said in the session's language: Reflex's own toasts (English only, under an
English "Notifications" region) are gone from the frame, and the frame says it itself.

The browser goes offline and the frame's open websocket is closed (through Playwright's
WebSocket routing), so its reconnection fails as it would with the host unreachable; back
online, the client's own retry reconnects and the notice goes away.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.e2e.conftest import Shop, Stack
from tests.e2e.test_amount_input import manual_seller, mount_in

pytestmark = pytest.mark.e2e
LOST_IN_GERMAN = "Die Verbindung zum Server wurde unterbrochen. Neuer Versuch läuft …"


def test_a_lost_connection_is_said_in_the_sessions_language_and_clears_when_it_returns(
    page: Page, stack: Stack, shop: Shop
) -> None:
    open_sockets: list[tuple[WebSocketRoute, WebSocketRoute]] = []

    def route(socket: WebSocketRoute) -> None:
        open_sockets.append((socket, socket.connect_to_server()))

    page.context.route_web_socket(re.compile(r"/_event"), route)
    account = manual_seller(stack, shop, "eur", 50_000)
    frame = mount_in(page, stack, shop, account, "de-DE")
    expect(frame.locator("[aria-label^='Notifications']")).to_have_count(0)
    expect(frame.locator("#bc-connection-lost")).to_have_count(0)

    page.context.set_offline(True)
    for page_side, server_side in open_sockets:
        server_side.close()
        page_side.close()
    lost = frame.locator("#bc-connection-lost")
    expect(lost).to_have_text(LOST_IN_GERMAN, timeout=20_000)
    expect(lost).to_have_attribute("role", "alert")

    page.context.set_offline(False)
    expect(lost).to_have_count(0, timeout=30_000)
    expect(frame.get_by_test_id("available-EUR")).to_have_text("500,00 €")
