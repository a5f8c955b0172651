"""The frame document's `<html lang>` and `dir` follow the session's locale.

Reflex renders into `<body>`, so the root element's attributes are set from an effect, each
time the session's `lang` or `direction` change (values the server built with Babel, see
`SessionState._set_locale`). Before the app mounts, the first-paint script (ui/first_paint.js)
sets them from the `locale` in the frame's URL, as the server would, so the first paint has them; the
effect waits for the session's own values (after `announce`, when the state is hydrated) so
the default English ones never flash in between.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var, VarData

from balances_app.ui.state.session import SessionState


class DocumentLocale(rx.Fragment):
    """Renders nothing; keeps `document.documentElement.lang` and `.dir` on the session's values."""

    def add_hooks(self) -> list[str | Var]:
        lang, direction, hydrated = SessionState.lang, SessionState.direction, rx.State.is_hydrated
        effect = (
            f"useEffect(() => {{ if (!{hydrated}) return; const root = document.documentElement; "
            f"root.lang = {lang}; root.dir = {direction}; }}, [{hydrated}, {lang}, {direction}]);"
        )
        data = VarData.merge(
            lang._get_all_var_data(),
            direction._get_all_var_data(),
            hydrated._get_all_var_data(),
            VarData(imports={"react": [rx.ImportVar(tag="useEffect")]}),
        )
        return [Var(effect, _var_data=data)]


document_locale = DocumentLocale.create
