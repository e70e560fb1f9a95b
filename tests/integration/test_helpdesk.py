"""Helpdesk duties end to end on the real servers (SQLite stores): a hand-off pauses the bot until the
helpdesk hands the conversation back, and `recsys erase-shopper` removes one shopper entirely."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.integration.erasure_checks import check_erasure
from tests.stack import TOKEN

pytestmark = pytest.mark.integration


def say(rasa: str, sender: str, text: str) -> list[dict]:
    resp = requests.post(f"{rasa}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    resp.raise_for_status()
    return resp.json()


def tracker(rasa: str, sender: str) -> dict:
    resp = requests.get(f"{rasa}/conversations/{sender}/tracker?token={TOKEN}", timeout=30)
    resp.raise_for_status()
    return resp.json()


def catalog_photo(env: dict) -> bytes:
    from recsys.catalog import load_catalog
    from recsys.settings import load_settings

    settings = load_settings(env)
    product = next(p for p in load_catalog(settings.catalog_path).products if p.image)
    return (settings.catalog_path.parent / product.image).read_bytes()


def test_handoff_pauses_the_bot_until_handed_back(chat_stack):
    rasa, sender = chat_stack["rasa"], f"{700000 + uuid.uuid4().int % 100000}"  # a helpdesk's numeric id
    replies = say(rasa, sender, "i want to talk to a real person")
    assert any("support team" in (m.get("text") or "") for m in replies), replies
    state = tracker(rasa, sender)
    assert state["paused"] is True and state["slots"]["handoff"] is True  # what the bridge reads

    assert say(rasa, sender, "hello? anyone there") == []  # the agent answers now, not the bot
    assert say(rasa, sender, "show me watches") == []
    said = [e.get("text") for e in tracker(rasa, sender)["events"] if e["event"] == "user"]
    assert "hello? anyone there" in said  # recorded for the agent all the same

    # The helpdesk hands the conversation back (Rasa's own events endpoint).
    resp = requests.post(f"{rasa}/conversations/{sender}/tracker/events?token={TOKEN}",
                         json=[{"event": "resume"}, {"event": "slot", "name": "handoff", "value": False}], timeout=30)
    resp.raise_for_status()
    replies = say(rasa, sender, "show me watches")
    products = [p for m in replies if isinstance(m.get("custom"), dict) for p in m["custom"].get("products", [])]
    assert products and all("Watches" in p.get("category", "Watches") for p in products), replies
    assert tracker(rasa, sender)["paused"] is False


def test_erase_shopper_leaves_nothing_behind_on_sqlite(chat_stack):
    from recsys.settings import load_settings

    env = chat_stack["env"]
    settings = load_settings(env)
    assert settings.resolved_database_url.startswith("sqlite")
    check_erasure(chat_stack["rasa"], env, settings, f"erase-me-{uuid.uuid4().hex[:8]}",
                  f"keep-me-{uuid.uuid4().hex[:8]}", catalog_photo(env))
