"""The demo's settings: moving the demo to another port keeps its own pages allowed to embed the component."""

from __future__ import annotations

import pytest

from balances_app.settings import Settings


def test_the_demos_embed_origins_follow_its_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """DEMO_PORT=4342 alone used to seed origins of port 4242: every account page failed to load."""
    monkeypatch.delenv("DEMO_EMBED_ORIGINS", raising=False)
    monkeypatch.setenv("DEMO_PORT", "4342")
    assert Settings().demo_embed_origins == ("http://localhost:4342", "http://127.0.0.1:4342")


def test_explicit_embed_origins_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PORT", "4342")
    monkeypatch.setenv("DEMO_EMBED_ORIGINS", "https://platform.example/")
    assert Settings().demo_embed_origins == ("https://platform.example",)
