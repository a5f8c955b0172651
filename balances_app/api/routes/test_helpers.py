"""Test-mode helpers under /v1/test_helpers/: move the platform's clock forward."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.requests import int_param
from balances_app.domain import due
from balances_app.domain.errors import missing
from balances_app.domain.events import caused_by
from balances_app.domain.platforms import advance_clock

MAX_ADVANCE = 2 * 365 * 24 * 3600


@endpoint(write=True)
def advance(call: Call) -> dict[str, Any]:
    """POST /v1/test_helpers/clock/advance with `seconds`: time moves for this platform, and what falls due runs."""
    call.reject_unknown("seconds")
    if "seconds" not in call.params:
        raise missing("seconds")
    seconds = int_param(call.params, "seconds", 0, 1, MAX_ADVANCE)
    before = call.now
    advance_clock(call.session, call.platform, seconds)
    with caused_by(None):  # what falls due comes from time passing, not from this request
        due.run_for_platform(call.session, call.platform, before + seconds)
    return {"object": "test_helpers.clock", "frozen_time": before + seconds, "livemode": False}


routes = [Route("/v1/test_helpers/clock/advance", advance, methods=["POST"])]
