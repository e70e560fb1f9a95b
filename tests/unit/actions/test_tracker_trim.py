"""Rasa sends the action server only the events since the shopper's latest message (bot/rasa_speedups.py):
every place the actions read events must look no further back than that."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rasa_sdk import Tracker

from actions.actions import (
    _answered_this_turn,
    _filled_this_turn,
    _form_started_this_turn,
    _message_id,
    _turn_tracked,
)
from bot.rasa_speedups import events_since_latest_user

ROOT = Path(__file__).resolve().parents[3]
# The only readers of raw events in actions/, each stopping at the latest user message.
EVENT_READERS = {"_message_id", "_happened_this_turn"}
# rasa_sdk Tracker methods that reach further back than the latest user message.
WHOLE_HISTORY = {"applied_events", "events_after_latest_restart", "idx_after_latest_restart",
                 "get_last_event_for", "last_executed_action_has"}


def _user(text: str, t: float, channel: str = "shop", message_id: str | None = None) -> dict:
    return {"event": "user", "timestamp": t, "text": text, "input_channel": channel, "message_id": message_id,
            "parse_data": {"intent": {"name": "search_product", "confidence": 0.9}}, "metadata": {}}


def _conversation() -> list[dict]:
    """Two sessions, an order form opened in an earlier turn and one opened this turn, slot candidates at the end."""
    events = [{"event": "action", "name": "action_session_start", "timestamp": 0.0},
              {"event": "session_started", "timestamp": 0.1},
              {"event": "action", "name": "action_listen", "timestamp": 0.2}]
    t = 1.0
    for i in range(12):
        events += [_user(f"turn {i}", t, channel="rest", message_id=f"m{i}"),
                   {"event": "action", "name": "action_track_scene", "timestamp": t + 0.1},
                   {"event": "slot", "name": "scene", "value": "search", "timestamp": t + 0.2}]
        if i == 4:
            events += [{"event": "active_loop", "name": "order_form", "timestamp": t + 0.3},
                       {"event": "active_loop", "name": None, "timestamp": t + 0.4}]
        if i == 6:
            events += [{"event": "action", "name": "action_session_start", "timestamp": t + 0.5},
                       {"event": "session_started", "timestamp": t + 0.6}]
        events += [{"event": "bot", "text": f"answer {i}", "timestamp": t + 0.7},
                   {"event": "action", "name": "action_listen", "timestamp": t + 0.8}]
        t += 1.0
    events += [_user("where is order 1001", t, message_id=None),
               {"event": "action", "name": "action_track_scene", "timestamp": t + 0.1},
               {"event": "active_loop", "name": "order_form", "timestamp": t + 0.2},
               {"event": "action", "name": "order_form", "timestamp": t + 0.3},
               {"event": "slot", "name": "order_number", "value": "1001", "timestamp": t + 0.4},
               {"event": "slot", "name": "requested_slot", "value": "order_email", "timestamp": t + 0.5}]
    return events


def _tracker(events: list[dict]) -> Tracker:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker("shopper", {"scene": "search", "order_number": "1001"}, {"text": latest["text"],
                   "intent": latest["parse_data"]["intent"], "message_id": latest["message_id"]},
                   events, False, None, {"name": "order_form"}, "order_form")


def test_trimming_keeps_the_events_from_the_latest_user_message_on():
    events = _conversation()
    trimmed = events_since_latest_user(events)
    assert trimmed[0]["event"] == "user" and trimmed[0]["text"] == "where is order 1001"
    assert trimmed == events[-len(trimmed):] and len(trimmed) == 6
    no_user = events[:3]
    assert events_since_latest_user(no_user) == no_user


@pytest.mark.parametrize("read", [
    _message_id,
    _form_started_this_turn,
    _turn_tracked,
    _answered_this_turn,
    _filled_this_turn,
    lambda tracker: tracker.get_latest_input_channel(),
    lambda tracker: tracker.slots_to_validate(),
], ids=["message_id", "form_started_this_turn", "turn_tracked", "answered_this_turn", "filled_this_turn",
        "latest_input_channel", "slots_to_validate"])
def test_event_readers_answer_the_same_on_the_trimmed_tracker(read):
    for cut in (len(_conversation()), len(_conversation()) - 4, 40):  # several points of the conversation
        events = _conversation()[:cut]
        full, trimmed = _tracker(events), _tracker(events_since_latest_user(events))
        assert read(trimmed) == read(full), cut


def test_actions_read_events_only_where_the_trim_allows():
    """A new reader of ``tracker.events`` (or a whole-history helper) must be checked here first."""
    readers: set[str] = set()
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Attribute) and node.attr in WHOLE_HISTORY:
                    pytest.fail(f"{path.name}:{node.lineno} {func.name} calls {node.attr}, which reads past "
                                "the latest user message; Rasa no longer sends those events")
                if isinstance(node, ast.Attribute) and node.attr == "events" \
                        and isinstance(node.value, ast.Name) and node.value.id == "tracker":
                    readers.add(func.name)
    assert readers == EVENT_READERS
