"""Rasa's socket.io channel end to end (the real Rasa and action servers), driven by a python-socketio
client as a web widget drives it: replies in Rasa's standard shapes (never our custom payload),
a photo through metadata_key, the sender reaching the turn model, and session persistence."""

from __future__ import annotations

import base64
import json
import subprocess
import uuid

import pytest

from tests.stack import ROOT

pytestmark = pytest.mark.integration
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"


def chat(rasa: str, session_id: str, messages: list[dict]) -> list[list[dict]]:
    job = {"url": rasa, "session_id": session_id, "messages": messages}
    out = subprocess.run([str(RASA_PY), str(ROOT / "tests" / "integration" / "socketio_client.py")],
                         input=json.dumps(job), capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)["replies"]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def carousel(replies: list[dict]) -> list[dict]:
    [attachment] = [r["attachment"] for r in replies if r.get("attachment")]
    assert attachment["type"] == "template" and attachment["payload"]["template_type"] == "generic"
    return attachment["payload"]["elements"]


def test_socketio_search_photo_and_session(chat_stack):
    from recsys.catalog import load_catalog
    from recsys.settings import load_settings
    from recsys.storage.context_store import ContextStore
    from recsys.storage.orm import make_session_factory

    settings = load_settings(chat_stack["env"])
    session = f"sio-{uuid.uuid4().hex[:12]}"
    product = next(p for p in load_catalog(settings.catalog_path).products if p.id == "WJ01")
    photo = "data:image/jpeg;base64," + base64.b64encode(
        (settings.catalog_path.parent / product.image).read_bytes()).decode()
    hoodies, pictured = chat(chat_stack["rasa"], session, [
        {"text": "show me men's hoodies under $60"},
        {"text": "", "customData": {"image": photo}},  # a photo with no words: a photo search
    ])
    assert "Here are" in texts(hoodies) and "\n1. " in texts(hoodies)
    cards = carousel(hoodies)
    assert len(cards) == 5 and all(c["title"] and c["image_url"].startswith("http") for c in cards)
    assert not any("custom" in r or "type" in r for r in hoodies + pictured)  # no custom payload
    assert carousel(pictured)[0]["title"] == product.title

    # the same session later (a reload): the conversation goes on, "the first one" still resolves
    again, clicked = chat(chat_stack["rasa"], session, [
        {"text": "does the first one come in black?"},
        # a widget event through metadata_key, as the shop widget's "Add to cart" button sends it
        {"text": "/widget_event", "customData": {"event": {"type": "add_to_cart", "product_id": "MH07"}}},
    ])
    assert carousel(pictured)[0]["title"] in texts(again)
    assert "Added the Hero Hoodie to your cart" in texts(clicked)
    # the turn model read every message with its sender: the turns are in the context store
    store = ContextStore(make_session_factory(settings.resolved_database_url))
    assert len(store.turns(session)) >= 3
