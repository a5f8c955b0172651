"""The iframe side of the connect.js protocol: messages from and to the platform's page.

Parent -> iframe: bc:init {clientSecret, instanceId, publishableKey, appearance, locale},
bc:update {appearance, locale}, bc:logout. Iframe -> parent: bc:ready, bc:loaded,
bc:expired (send a fresh secret), bc:error {error: {type, message}}. The height is posted
by assets/embed.js. Every message goes to one exact origin, never "*".
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.event import EventHandler
from reflex.vars import ObjectVar, Var
from reflex_components_core.core.window_events import WindowEventListener


def _message_spec(event: ObjectVar) -> tuple[Var[str], Var[dict[str, Any]]]:
    return (event.origin.to(str), event.data.to(dict))


class MessageListener(WindowEventListener):
    """Window `message` events, with the sender's origin, as a Reflex event trigger."""

    on_message: EventHandler[_message_spec]


def post_to_parent(origin: str, message: dict[str, Any]) -> rx.event.EventSpec:
    """postMessage to the embedding page, addressed to its exact origin."""
    return rx.call_script(f"window.parent.postMessage({json.dumps(message)}, {json.dumps(origin)})")
