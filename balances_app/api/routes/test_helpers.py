"""Test-mode helpers under /v1/test_helpers/: move the platform's clock forward.

The clock moves in one short transaction; then everything that fell due runs (in the due-work
runner's small batches, each its own transaction) before the answer, so a test that moves the
clock sees the payouts, top-ups and automatic payouts of the days it skipped.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from balances_app.api.endpoint import Call, endpoint
from balances_app.api.requests import int_param
from balances_app.domain.errors import missing
from balances_app.domain.events import caused_by
from balances_app.domain.platforms import advance_clock
from balances_app.due_runner import catch_up

MAX_ADVANCE = 2 * 365 * 24 * 3600


@endpoint(write=True)
def move_clock(call: Call) -> dict[str, Any]:
    """POST /v1/test_helpers/clock/advance with `seconds`: time moves for this platform."""
    call.reject_unknown("seconds")
    if "seconds" not in call.params:
        raise missing("seconds")
    seconds = int_param(call.params, "seconds", 0, 1, MAX_ADVANCE)
    before = call.now
    advance_clock(call.session, call.platform, seconds, call.request.app.state.clock)
    call.request.state.moved_platform = call.platform.id
    return {"object": "test_helpers.clock", "frozen_time": before + seconds, "livemode": False}


async def advance(request: Request) -> Response:
    """Move the clock, then do what fell due before answering."""
    response = await move_clock(request)
    if platform_id := getattr(request.state, "moved_platform", None):
        with caused_by(None):  # what falls due comes from time passing, not from this request
            await run_in_threadpool(catch_up, request.app.state.engine, platform_id, request.app.state.clock)
    return response


routes = [Route("/v1/test_helpers/clock/advance", advance, methods=["POST"])]
