"""Real host processes delivering: killed mid-delivery they lose nothing; two on one PostgreSQL never double up."""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlmodel import col, select

from balances_app.db.engine import make_engine, transaction
from balances_app.db.event_tables import Event, WebhookAttempt, WebhookDelivery
from balances_app.db.migrate import upgrade
from balances_app.db.throwaway_postgres import postgres_server
from balances_app.serve import host_command, host_env
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.factories import make_account, make_platform
from tests.servers import free_port, running, wait_until
from tests.webhook_receiver import Receiver, webhook_receiver


@contextmanager
def host(database_url: str, folder: Path, name: str, workers: int = 1) -> Iterator[tuple[str, int]]:
    """A component host process (API, websocket and delivery worker; no frontend build needed)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = host_env(
        url,
        DATABASE_URL=database_url,
        BALANCES_DATA_DIR=str(folder),
        BALANCES_WEBHOOK_POLL_SECONDS="0.1",
        BALANCES_WEBHOOK_TIMEOUT_SECONDS="2",
        __REFLEX_MOUNT_FRONTEND_COMPILED_APP="false",
    )
    with running(host_command(port, workers), env, f"{url}/ping", folder / f"{name}.log") as process:
        yield url, process.pid


def platform_with_account(engine: Engine) -> tuple[str, str]:
    now = int(time.time())
    platform, key = make_platform(engine, now)
    return key, make_account(engine, platform, now).id


def register(url: str, key: str, receiver: Receiver) -> str:
    form = {"url": receiver.url, "enabled_events[]": "charge.succeeded", "connect": "true"}
    response = httpx.post(f"{url}/v1/webhook_endpoints", data=form, auth=(key, ""))
    assert response.status_code == 200, response.text
    return response.json()["id"]


def charge(url: str, key: str, account_id: str, amount: int) -> None:
    response = httpx.post(
        f"{url}/v1/charges",
        data={"amount": str(amount), "currency": "usd", "source": "tok_visa"},
        headers={"Stripe-Account": account_id},
        auth=(key, ""),
        timeout=30,
    )
    assert response.status_code == 200, response.text


def event_ids(engine: Engine) -> set[str]:
    with transaction(engine) as session:
        return set(session.exec(select(Event.id)).all())


def received_ids(receiver: Receiver) -> list[str]:
    return [json.loads(r.body)["id"] for r in receiver.received]


def deliveries(engine: Engine) -> list[WebhookDelivery]:
    with transaction(engine) as session:
        return list(session.exec(select(WebhookDelivery)).all())


def test_killing_the_host_mid_delivery_loses_no_event(
    databases: SqliteDatabases | PostgresDatabases, tmp_path: Path
) -> None:
    database_url = databases.migrated()
    engine = make_engine(database_url)
    key, account_id = platform_with_account(engine)
    with webhook_receiver() as receiver:
        with host(database_url, tmp_path, "doomed") as (url, pid):
            register(url, key, receiver)
            receiver.release.clear()  # hold every delivery: the host is mid-delivery
            for index in range(10):
                charge(url, key, account_id, 1000 + index)
            receiver.wait_for(lambda _: receiver.arrived >= 1)
            assert any(d.claimed_by for d in deliveries(engine)), "the host holds deliveries when it dies"
            os.killpg(pid, signal.SIGKILL)
        receiver.release.set()
        written = event_ids(engine)
        assert len(written) == 10  # one charge.succeeded per charge: the outbox survived
        with host(database_url, tmp_path, "next"):
            receiver.wait_for(lambda _: written <= set(received_ids(receiver)), timeout=40)
            wait_until(lambda: {d.status for d in deliveries(engine)} == {"succeeded"})
    engine.dispose()


def test_two_hosts_on_one_postgresql_make_each_attempt_once(tmp_path: Path) -> None:
    with postgres_server() as database_url, webhook_receiver() as good, webhook_receiver() as failing:
        upgrade(database_url)
        engine = make_engine(database_url)
        key, account_id = platform_with_account(engine)
        failing.status = 500
        with (
            host(database_url, tmp_path, "first", workers=2) as (first, _),
            host(database_url, tmp_path, "second", workers=2) as (second, _),
        ):
            register(first, key, good)
            register(second, key, failing)
            for index in range(30):
                charge(first if index % 2 else second, key, account_id, 1000 + index)
            written = event_ids(engine)
            assert len(written) == 30
            good.wait_for(lambda _: set(received_ids(good)) == written)
            failing.wait_for(lambda _: set(received_ids(failing)) == written)
            wait_until(lambda: all(d.attempt_count == 1 for d in deliveries(engine)))
            # the failing endpoint's retries fall due when the platform's test clock moves on
            response = httpx.post(f"{first}/v1/test_helpers/clock/advance", data={"seconds": "61"}, auth=(key, ""))
            assert response.status_code == 200
            failing.wait_for(lambda _: len(failing.received) >= 60)
            wait_until(lambda: sum(d.attempt_count for d in deliveries(engine)) == 90)
            assert Counter(received_ids(good)) == Counter(dict.fromkeys(written, 1))  # once per event
            assert Counter(received_ids(failing)) == Counter(dict.fromkeys(written, 2))  # once per attempt
            with transaction(engine) as session:
                workers = set(session.exec(select(WebhookAttempt.worker)).all())
                attempts = session.exec(select(col(WebhookAttempt.id))).all()
            assert len(attempts) == 90 and len(workers) >= 2
        engine.dispose()
