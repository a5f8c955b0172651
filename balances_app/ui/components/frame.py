"""The frame every embedded component shares: appearance, the message bridge, load and error states."""

from __future__ import annotations

import reflex as rx
from reflex.components.core.banner import has_connection_errors

from balances_app.ui.bridge import ParentMessages
from balances_app.ui.components import styles
from balances_app.ui.components.document_locale import document_locale
from balances_app.ui.components.text import T
from balances_app.ui.state.session import SessionState


def loading() -> rx.Component:
    return rx.el.div(
        # Its text once the session's language is known (hydrated), never English first.
        rx.el.div(rx.cond(rx.State.is_hydrated, T("Loading your balance…"), ""), style=styles.label),
        id="bc-loading",
        role="status",
        aria_live="polite",
        style=styles.card,
    )


def failure() -> rx.Component:
    return rx.el.div(
        rx.el.div(T("This component could not load"), style=styles.heading),
        rx.el.div(SessionState.error_message, style=styles.label),
        id="bc-error",
        role="alert",
        style=styles.danger_note,
    )


def ended() -> rx.Component:
    return rx.el.div(
        rx.el.div(T("You have been signed out. Reload the page to continue."), style=styles.label),
        id="bc-ended",
        style=styles.card,
    )


def connection_lost() -> rx.Component:
    """While the websocket cannot reach the host: said in the session's language (Reflex's own
    toasts are English, so the app has none; see balances_app.py). Reconnecting clears it."""
    return rx.cond(
        has_connection_errors,
        rx.el.div(
            T("The connection to the server was lost. Trying again…"),
            id="bc-connection-lost",
            role="alert",
            style=styles.danger_note,
        ),
    )


def embed_frame(content: rx.Component, title: rx.Var) -> rx.Component:
    """Wrap a component's content: the parts every embedded component needs.

    The content is the frame document's main landmark, named by a heading that only assistive
    technology shows (the platform's page has its own visible title).
    """
    return rx.el.main(
        rx.el.h1(title, class_name="bc-visually-hidden"),
        ParentMessages.create(on_message=SessionState.receive),
        document_locale(),
        connection_lost(),
        rx.el.div(
            rx.match(
                SessionState.status,
                ("loading", loading()),
                ("error", failure()),
                ("ended", ended()),
                content,
            ),
            style=styles.root,
        ),
        id="bc-root",
        lang=SessionState.lang,
        dir=SessionState.direction,
        style=SessionState.css_vars,
    )
