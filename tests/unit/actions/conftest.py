"""In-process action tests: tracker states as Rasa 3.6 posts them to the action server
(tests/fixtures/trackers/*.json, the webhook body's "tracker"), run against the real Assistant."""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[3]
TRACKERS = ROOT / "tests" / "fixtures" / "trackers"
MERGED = ("slots", "latest_message")  # overrides of these keys update the fixture's dict; others replace


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def actions_use_the_test_assistant(assistant, monkeypatch):
    """The actions ask `get_assistant()` for the process-wide Assistant; here they get the one the
    session fixtures built (real models, index and SQLite store, demo orders seeded). Patched where the
    actions look it up, so no singleton is left behind for other tests, wherever the singleton lives."""
    import actions.actions as actions_module

    monkeypatch.setattr(actions_module, "get_assistant", lambda: assistant)


@pytest.fixture
def tracker_from():
    """Load a tracker fixture as a `Tracker`. Each call is a new shopper (a fresh sender_id), so tests
    sharing the session's store never see each other's turns. `slots=` and `latest_message=` update the
    fixture's dicts; any other keyword replaces that top-level key."""

    def load(name: str, **overrides: Any) -> Tracker:
        state = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
        state.pop("_comment", None)
        state["sender_id"] = f"{state['sender_id'][:16]}-{uuid.uuid4().hex[:12]}"
        for key, value in overrides.items():
            if key in MERGED:
                state[key] = {**(state.get(key) or {}), **value}
            else:
                state[key] = value
        return Tracker.from_dict(state)

    return load


@pytest.fixture
def run_action(domain):
    """Run an action the way rasa_sdk's executor does; returns (dispatcher.messages, events)."""

    def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        dispatcher = CollectingDispatcher()
        events = action.run(dispatcher, tracker, domain)
        if inspect.isawaitable(events):
            events = asyncio.run(events)
        return dispatcher.messages, events

    return run


@pytest.fixture
def after_action():
    """The tracker Rasa sends to the next action: the previous action logged, then its events applied."""

    def apply(tracker: Tracker, action_name: str, events: list[dict[str, Any]]) -> Tracker:
        state = copy.deepcopy(tracker.current_state())
        last = state["events"][-1]["timestamp"] if state["events"] else 0.0
        state["events"].append({"event": "action", "timestamp": last + 0.05, "name": action_name,
                                "policy": "policy_2_RulePolicy", "confidence": 1.0, "action_text": None,
                                "hide_rule_turn": False})
        for event in events:
            state["events"].append(event)
            if event.get("event") == "slot":
                state["slots"][event["name"]] = event["value"]
        state["latest_action_name"] = action_name
        return Tracker.from_dict(state)

    return apply

