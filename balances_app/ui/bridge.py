"""The iframe side of the connect.js protocol: messages from and to the platform's page.

Parent -> iframe: bc:init {clientSecret, instanceId, publishableKey, appearance, locale, params},
bc:update {appearance, locale}, bc:params {params}, bc:logout. Iframe -> parent: bc:ready,
bc:loaded, bc:expired (send a fresh secret), bc:error {error: {type, message}}, bc:close. The
height is posted by assets/embed.js. Every message goes to one exact origin, never "*".

Why a bridge in the page's head (`window.bcBridge`, assets/embed.js) rather than a plain window
listener in the app: the frame says bc:ready before its app has loaded, so the secret crosses
while React hydrates, and the app's first event after the websocket opens is already the claim
(one round trip to the balance, instead of hydrate -> bc:ready -> bc:init -> claim). The bridge
keeps what arrives before the app mounts, from the parent window and its exact origin only, in
memory, and hands it over once.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.event import EventHandler
from reflex.vars import ObjectVar, Var
from reflex_base.components.memoize_helpers import get_memoized_event_triggers


def _message_spec(event: ObjectVar) -> tuple[Var[str], Var[dict[str, Any]]]:
    return (event.origin.to(str), event.data.to(dict))


class ParentMessages(rx.Fragment):
    """The parent page's messages, from the head's bridge, as a Reflex event trigger.

    The bridge calls the listener with `{origin, data}` for each message: first those that
    arrived before the app mounted, in order, then each new one. (Not a window `message`
    listener: the bridge has already checked the sender is the parent window.)
    """

    on_message: EventHandler[_message_spec]

    @classmethod
    def create(cls, *children: Any, **props: Any) -> ParentMessages:
        component = super().create(*children, **props)
        # As Reflex's WindowEventListener does: the trigger as a stable callback for the hook.
        component.event_triggers = {**component.event_triggers, **get_memoized_event_triggers(component)}
        return component  # type: ignore[return-value]

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), *self.event_triggers.keys()]

    def add_hooks(self) -> list[str | Var[Any]]:
        trigger = Var.create(self.event_triggers["on_message"])
        return [
            Var(
                f"""
useEffect(() => {{
    const bridge = typeof window === 'undefined' ? undefined : window.bcBridge;
    if (!bridge) return;
    bridge.listen({trigger});
    return () => bridge.listen(null);
}}, []);"""
            )
        ]


def post_to_parent(origin: str, message: dict[str, Any]) -> rx.event.EventSpec:
    """postMessage to the embedding page, addressed to its exact origin (through the bridge, which
    follows whether a claim is still unanswered)."""
    body, target = json.dumps(message), json.dumps(origin)
    return rx.call_script(
        f"window.bcBridge ? window.bcBridge.post({body}) : window.parent.postMessage({body}, {target})"
    )


def ask_for_secret() -> rx.event.EventSpec:
    """bc:ready again, after a (re)connect found no claimed session, unless a secret is on its way."""
    return rx.call_script("window.bcBridge && window.bcBridge.ready()")
