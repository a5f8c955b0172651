"""A modal dialog around a form: the dialog role sits on a `div`, because a `form` may not take it.

assets/dialogs.js makes every `[role=dialog][aria-modal=true]` behave as a modal dialog (focus
moves in and stays, Escape presses the dialog's own close button, focus returns to the opener).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from balances_app.ui.components import styles


def modal(form: rx.Component, label: rx.Var | str, **props: Any) -> rx.Component:
    return rx.el.div(form, role="dialog", aria_modal="true", aria_label=label, style=styles.panel, **props)
