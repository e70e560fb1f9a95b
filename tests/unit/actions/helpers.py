"""Small readers for what an action returned."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import FollowupAction

# What an answering action ends with outside a form: the turn is over, Rasa listens.
LISTEN = FollowupAction("action_listen")


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """{slot name: value} of the SlotSet events an action returned (later ones win)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def custom(messages: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The json_message payloads of one type ("products", "scene", "order", ...) among the messages."""
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == kind]


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


SCENE_SLOTS = ("previous_scene", "scene", "scene_probs")


def answer_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events of the answer itself: without the scene slots an answering action sets when it tracks the turn."""
    return [e for e in events if not (e.get("event") == "slot" and e.get("name") in SCENE_SLOTS)]
