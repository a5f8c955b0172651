"""`GET /embedded/appearance.js`: the frame's first paint in the platform's appearance.

connect.js passes the appearance (and fonts) in the iframe URL's fragment, which never reaches
a server log. This script runs in the frame's <head> before the body is drawn: it checks the
values with the server's own patterns and formulas (sent with it, from ui/appearance.py), sets
the CSS variables on the document, and loads the platform's fonts. It also sets `<html lang>` and
`dir` from the URL's `locale` (or the browser's languages) as the server will, from its table. The server checks the
appearance again when it arrives with the client secret, and its values then take over.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from babel.core import get_global
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from balances_app.domain.money import SUPPORTED_LOCALES, normalize_locale
from balances_app.ui.appearance import for_browser
from balances_app.ui.messages import html_lang, text_direction

PATH = "/embedded/appearance.js"
SCRIPT = Path(__file__).with_name("first_paint.js").read_text()


def locale_table() -> dict[str, list[str]]:
    """`<html lang>` and `dir` the server gives each tag the browser may look up (exact, language+script,
    language), so the first paint never shows a tag the session will not have ('fa' is not rtl here)."""
    table: dict[str, list[str]] = {}
    for name in SUPPORTED_LOCALES:
        parsed = Locale.parse(name)
        for key in (html_lang(name), parsed.language, "-".join(p for p in (parsed.language, parsed.script) if p)):
            locale = normalize_locale(key.replace("-", "_"))
            table[key] = [html_lang(locale), text_direction(locale)]
    # Regions whose CLDR parent the server follows (es-MX reads as es-419, not as Spain's es).
    for child in get_global("parent_exceptions"):
        locale, by_language = normalize_locale(child), normalize_locale(child.split("_")[0])
        if locale != by_language:
            table.setdefault(child.replace("_", "-"), [html_lang(locale), text_direction(locale)])
    return table


BODY = f"window.BC_APPEARANCE = {json.dumps({**for_browser(), 'locales': locale_table()})};\n{SCRIPT}"


async def first_paint_script(_request: Request) -> Response:
    return Response(
        BODY,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


first_paint_app = Starlette(routes=[Route(PATH, first_paint_script, methods=["GET"])])
