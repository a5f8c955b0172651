"""Forged claims over the real websocket: a claimed secret from another instance, a hostile instance
id, and where a client secret or the session key may end up (the host's log, its data folder, states)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from balances_app.db.engine import transaction
from balances_app.db.models import AccountSession
from balances_app.domain.ids import hash_secret
from balances_app.ui.state.session import SessionState
from tests.e2e.conftest import Shop, Stack, mount, seller
from tests.e2e.forge import Forger

pytestmark = pytest.mark.e2e


def _row(stack: Stack, secret: str) -> AccountSession | None:
    with transaction(stack.engine) as session:
        return session.exec(select(AccountSession).where(AccountSession.secret_hash == hash_secret(secret))).first()


def _files_containing(folder: Path, needle: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            try:
                if needle.encode() in path.read_bytes():
                    found.append(str(path))
            except OSError:
                pass
    return found


def test_forged_claims_are_refused_or_handled_and_secrets_stay_out_of_logs_and_files(
    page: Page, stack: Stack, shop: Shop
) -> None:
    own = seller(stack, shop)
    forger = Forger(page)
    frame = mount(page, stack, shop, own)
    expect(frame.get_by_test_id("total-USD")).to_be_visible()
    inner = page.locator("#one iframe").element_handle().content_frame()
    assert inner is not None
    init = forger.page_event("session_state.receive")
    origin = init["payload"]["origin"]
    page_secret = init["payload"]["data"]["clientSecret"]
    receive = f"{SessionState.get_full_name()}.receive"
    forger.mute_parent = True
    log = stack.data_dir / "host.log"
    log_before = log.read_text(errors="replace")

    # 1. The page's own (claimed) secret, from another instance id: refused, row unchanged.
    claimed_before = _row(stack, page_secret)
    assert claimed_before is not None and claimed_before.claimed_at is not None
    other = {"type": "bc:init", "clientSecret": page_secret, "instanceId": "mallory-instance-000000001"}
    forger.send(receive, {"origin": origin, "data": other})
    forger.barrier(inner, SessionState.get_full_name(), origin, 11)
    expect(frame.locator("body")).to_contain_text("already been used")
    assert _row(stack, page_secret).instance_hash == claimed_before.instance_hash

    # 2. A fresh secret with an instance id of lone surrogates: handled (claimed), never a crash.
    fresh = stack.create_session(own.id, shop.secret_key)
    hostile = {"type": "bc:init", "clientSecret": fresh, "instanceId": "\ud800" * 20}
    forger.send(receive, {"origin": origin, "data": hostile})
    forger.barrier(inner, SessionState.get_full_name(), origin, 12)
    new_log = log.read_text(errors="replace")[len(log_before) :]
    assert "Traceback" not in new_log and "UnicodeEncodeError" not in new_log
    assert _row(stack, fresh) is not None

    # 3. Neither secret nor the session key is anywhere but where it belongs.
    key = (stack.data_dir / "session.key").read_text().strip()
    everything = log.read_text(errors="replace")
    assert fresh not in everything and page_secret not in everything and key not in everything
    assert [p for p in _files_containing(stack.data_dir, fresh) if not p.endswith(".log")] == []
    assert [p for p in _files_containing(stack.data_dir, key) if not p.endswith("session.key")] == []
    states = Path(__file__).resolve().parents[2] / ".states"
    if states.exists():  # Reflex's persisted states (present when the host keeps them on disk)
        assert _files_containing(states, fresh) == _files_containing(states, page_secret) == []
