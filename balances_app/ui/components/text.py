"""`T("Total balance")`: a label in the session's language, for components.

Components are compiled once for every session, so a label cannot be a Python string: it is
a lookup into the session's message table (`SessionState.messages`, filled from the catalogue
of its locale by ui/messages.py), and it changes when the locale does, without a reload.
`{name}` placeholders are filled in the browser from the given vars. Babel's extractor finds
these calls (keyword `T`), so every label lands in the catalogue template.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars.base import VarData

from balances_app.ui.state.session import SessionState


def T(msgid: str, **params: rx.Var | str | int) -> rx.Var:
    """The message in the session's language, `{name}` replaced by the value of each var.

    A missing message reads as its msgid (English); values go in as text, through a function,
    so a `$` in an amount is never read as a replacement pattern. Whole numbers (int vars) are
    written in the session's digits (`SessionState.digits`: Arabic-Indic in ar-SA).
    """
    text: rx.Var = SessionState.messages[msgid].to(str)
    expression, var_data = f"({text} ?? {json.dumps(msgid)})", [text._get_all_var_data()]
    for name, value in params.items():
        var = rx.Var.create(value)
        shown = local_digits(var) if var._var_type is int else rx.Var(f"String({var})")
        expression = f"{expression}.replaceAll({json.dumps('{' + name + '}')}, () => {shown})"
        var_data += [var._get_all_var_data(), shown._get_all_var_data()]
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


def around(message: rx.Var, name: str, element: rx.Component) -> tuple[rx.Var, rx.Component, rx.Var]:
    """A message whose `{name}` is an element of its own (an amount with a test id), in the
    language's word order: the text before the placeholder, the element, the text after."""
    marker, data = json.dumps("{" + name + "}"), message._get_all_var_data()
    before = rx.Var(_js_expr=f"({message}).split({marker})[0]", _var_type=str, _var_data=data)
    after = rx.Var(_js_expr=f"({message}).split({marker}).slice(1).join({marker})", _var_type=str, _var_data=data)
    return before, element, after
