"""`GET /embedded/appearance.js`: the frame's first paint in the platform's appearance.

connect.js passes the appearance (and fonts) in the iframe URL's fragment, which never reaches
a server log. This script runs in the frame's <head> before the body is drawn: it checks the
values with the server's own patterns and formulas (sent with it, from ui/appearance.py), sets
the CSS variables on the document, and loads the platform's fonts. The server checks the
appearance again when it arrives with the client secret, and its values then take over.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from balances_app.ui.appearance import for_browser

PATH = "/embedded/appearance.js"
SCRIPT = Path(__file__).with_name("first_paint.js").read_text()
BODY = f"window.BC_APPEARANCE = {json.dumps(for_browser())};\n{SCRIPT}"


async def first_paint_script(_request: Request) -> Response:
    return Response(
        BODY,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


first_paint_app = Starlette(routes=[Route(PATH, first_paint_script, methods=["GET"])])
