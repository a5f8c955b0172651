"""The README's webhook handler, run as written against a delivery signed as our worker signs it."""

from __future__ import annotations

import json
import re
import time

import pytest
from starlette.testclient import TestClient

from balances_app.domain.deliveries import signature_header
from balances_app.settings import PROJECT_ROOT

SECRET = "whsec_readme_test_secret"


def handler_app(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict = {}
    exec(code.group(1).replace('WEBHOOK_SECRET = "whsec_..."', f'WEBHOOK_SECRET = "{SECRET}"'), namespace)
    return TestClient(namespace["app"])


def event(kind: str, obj: dict, previous: dict | None = None) -> bytes:
    data = {"object": obj, **({"previous_attributes": previous} if previous else {})}
    body = {"id": f"evt_1{kind}", "object": "event", "account": "acct_1X", "type": kind, "data": data}
    return json.dumps(body).encode()


def post(client: TestClient, payload: bytes, secret: str = SECRET, sent: bytes | None = None):  # type: ignore[no-untyped-def]
    """Sign `payload`; send it (or `sent` instead, as a tamperer would)."""
    headers = {"Stripe-Signature": signature_header(payload, secret, int(time.time()))}
    return client.post("/webhooks", content=payload if sent is None else sent, headers=headers)


def test_the_readme_handler_accepts_our_deliveries_and_refuses_forged_ones(capsys: pytest.CaptureFixture[str]) -> None:
    client = handler_app(capsys)
    paid = event("payout.paid", {"id": "po_1", "object": "payout", "amount": 500, "currency": "usd"})
    assert post(client, paid).status_code == 200
    schedule = {"settings": {"payouts": {"schedule": {"interval": "weekly"}}}}
    updated = event("account.updated", {"id": "acct_1X", "object": "account", **schedule}, previous=schedule)
    assert post(client, updated).status_code == 200
    balance = {"object": "balance", "available": [{"amount": 700, "currency": "usd"}]}
    assert post(client, event("balance.available", balance)).status_code == 200
    bank = {"id": "ba_1", "object": "bank_account", "last4": "6789"}
    assert post(client, event("account.external_account.deleted", bank)).status_code == 200
    assert post(client, paid, sent=paid.replace(b"500", b"900")).status_code == 400  # tampered
    assert post(client, paid, secret="whsec_other").status_code == 400
    out = capsys.readouterr().out
    assert "acct_1X: payout po_1 of 500 usd arrived" in out
    assert "payout schedule is now weekly" in out and "[(700, 'usd')]" in out and "••••6789 deleted" in out
