"""`T("Total balance")`: a label in the session's language, for components.

Components are compiled once for every session, so a label cannot be a Python string: it is
a lookup into the session's message table (`SessionState.messages`, filled from the catalogue
of its locale by ui/messages.py), and it changes when the locale does, without a reload.
`{name}` placeholders are filled in the browser from the given vars. Babel's extractor finds
these calls (keyword `T`), so every label lands in the catalogue template.
"""

from __future__ import annotations

import reflex as rx

from balances_app.ui.state.session import SessionState


def T(msgid: str, **params: rx.Var | str) -> rx.Var:
    text = SessionState.messages[msgid].to(str)
    for name, value in params.items():
        text = text.replace("{" + name + "}", rx.Var.create(value).to_string() if not isinstance(value, str) else value)
    return text
