"""`T("Total balance")`: a label in the session's language, for components.

Components are compiled once for every session, so a label cannot be a Python string: it is
a lookup into the session's message table (`SessionState.messages`, filled from the catalogue
of its locale by ui/messages.py), and it changes when the locale does, without a reload.
`{name}` placeholders are filled in the browser from the given vars. Babel's extractor finds
these calls (keyword `T`), so every label lands in the catalogue template.
"""

from __future__ import annotations

import json
import re

import reflex as rx
from reflex.vars.base import VarData

from balances_app.ui.state.session import SessionState


def T(msgid: str, **params: rx.Var | str | int) -> rx.Var:
    """The message in the session's language, `{name}` replaced by the value of each var.

    A missing message reads as its msgid (English); values go in as text, in one pass over the
    message, through a function: a `$` in an amount is never read as a replacement pattern, and
    a value holding another placeholder (`{currency}` in a bank's name) is never filled in.
    Whole numbers (int vars) are written in the session's digits (`SessionState.digits`:
    Arabic-Indic in ar-SA).
    """
    text: rx.Var = SessionState.messages[msgid].to(str)
    expression, var_data = f"({text} ?? {json.dumps(msgid)})", [text._get_all_var_data()]
    if params:
        shown = {name: _shown(rx.Var.create(value)) for name, value in params.items()}
        table = ", ".join(f"{json.dumps(name)}: {var}" for name, var in shown.items())
        names = "|".join(re.escape(name) for name in shown)
        expression = f"{expression}.replace(/\\{{({names})\\}}/g, (_, name) => String(({{{table}}})[name]))"
        var_data += [var._get_all_var_data() for var in shown.values()]
    return rx.Var(_js_expr=expression, _var_type=str, _var_data=VarData.merge(*var_data))


def local_digits(value: rx.Var | int) -> rx.Var:
    """A whole number in the session's digits (`SessionState.digits`), as CLDR writes its numbers:
    '٣' for 3 in ar-SA. Counts in labels and options, not only amounts and dates."""
    var, digits = rx.Var.create(value), SessionState.digits
    return rx.Var(
        _js_expr=f"String({var}).replace(/[0-9]/g, (d) => {digits}[d])",
        _var_type=str,
        _var_data=VarData.merge(var._get_all_var_data(), digits._get_all_var_data()),
    )


def _shown(var: rx.Var) -> rx.Var:
    return local_digits(var) if var._var_type is int else var


def around(message: rx.Var, name: str, element: rx.Component) -> tuple[rx.Var, rx.Component, rx.Var]:
    """A message whose `{name}` is an element of its own (an amount with a test id), in the
    language's word order: the text before the placeholder, the element, the text after."""
    marker, data = json.dumps("{" + name + "}"), message._get_all_var_data()
    before = rx.Var(_js_expr=f"({message}).split({marker})[0]", _var_type=str, _var_data=data)
    after = rx.Var(_js_expr=f"({message}).split({marker}).slice(1).join({marker})", _var_type=str, _var_data=data)
    return before, element, after
