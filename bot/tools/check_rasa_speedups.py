"""Checks, in the Rasa venv, that ``bot.rasa_speedups`` reads trackers exactly as Rasa does (run by the tests).

A tracker with two sessions is saved to a real SQLite tracker store, then read back with Rasa's
own ``SQLTrackerStore._retrieve`` and with the patched one, for the last session and for all:
the events and the dialogue state must be the same. Then a call to the action server carries the
events from the latest user message on and the same slots, latest message and active form; and a
session rolls over at ``RECSYS_RASA_SESSION_EVENTS`` events, but not inside a form or a hand-off;
and messages are parsed on the NLU threads while the event loop goes on.
Exits 0 and prints "same" when all hold.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from types import SimpleNamespace  # noqa: E402
from typing import Any  # noqa: E402

from rasa.core.actions.action import ActionSessionStart, RemoteAction  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.processor import MessageProcessor  # noqa: E402
from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity  # noqa: E402

ORIGINAL_RETRIEVE = SQLTrackerStore._retrieve
ORIGINAL_SAVE = SQLTrackerStore.save


async def main(domain_path: Path) -> None:
    """Save, read back both ways, compare; and one value per slot carried into a new session."""
    from bot import rasa_speedups

    assert rasa_speedups.install(), "speed-ups not installed"
    domain = Domain.load(str(domain_path))
    store = SQLTrackerStore(domain, dialect="sqlite", db=os.path.join(tempfile.mkdtemp(), "tracker.db"))
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for i in range(30):
        events += [UserUttered(f"show me jackets {i}", {"name": "search_product", "confidence": 1.0}),
                   SlotSet("scene", "search"), BotUttered(f"here are jackets {i}"), ActionExecuted("action_listen")]
        if i == 15:
            events += [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    await store.save(DialogueStateTracker.from_events("shopper", events, domain.slots))
    await check_saves(domain, events)
    for all_sessions in (False, True):
        theirs = await ORIGINAL_RETRIEVE(store, "shopper", all_sessions)
        ours = await SQLTrackerStore._retrieve(store, "shopper", all_sessions)
        assert [e.as_dict() for e in theirs.events] == [e.as_dict() for e in ours.events], all_sessions
        assert theirs.current_state() == ours.current_state(), all_sessions
    assert await SQLTrackerStore._retrieve(store, "nobody", False) is None
    carried = ActionSessionStart._slot_set_events_from_tracker(
        DialogueStateTracker.from_events("s", [SlotSet("scene", "search"), SlotSet("previous_scene", "search"),
                                               SlotSet("scene", "service")], domain.slots))
    assert [(e.key, e.value) for e in carried] == [("previous_scene", "search"), ("scene", "service")], carried
    check_action_calls_and_rollover(domain)
    await check_parse_off_loop()
    check_graph_in_order()
    print("same")


def check_graph_in_order() -> None:
    """A diamond graph with an input gives what ``dask.get`` gives, node for node, and the same errors."""
    import dask
    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from bot import rasa_speedups

    calls: list[str] = []

    class Step(GraphComponent):
        @classmethod
        def create(cls, config: dict, model_storage: Any, resource: Any, execution_context: Any) -> Step:
            step = cls()
            step.name, step.fail = config["name"], config.get("fail", False)
            return step

        def run(self, **inputs: Any) -> str:
            calls.append(self.name)
            if self.fail:
                raise RuntimeError(f"{self.name} failed")
            return f"{self.name}(" + ",".join(f"{k}={inputs[k]}" for k in sorted(inputs)) + ")"

    def node(name: str, needs: dict[str, str], **config: Any) -> SchemaNode:
        return SchemaNode(needs=needs, uses=Step, constructor_name="create", fn="run",
                          config={"name": name, **config}, eager=True)

    schema = GraphSchema({"tokens": node("tokens", {"text": "__message__"}),
                          "left": node("left", {"t": "tokens"}), "right": node("right", {"t": "tokens"}),
                          "both": node("both", {"a": "left", "b": "right"}, is_target=True),
                          "unused": node("unused", {"t": "tokens"}),
                          "broken": node("broken", {"t": "left"}, fail=True)})
    if "graph" not in rasa_speedups.left_out():
        assert DaskGraphRunner.run.__module__ == "bot.rasa_speedups", "graphs still run through dask"
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    runner = DaskGraphRunner(schema, storage, ExecutionContext(schema, "check"))
    ordered = rasa_speedups.graph_plan(schema.nodes, ["both"])
    assert [name for name, _ in ordered][0] == "tokens" and [name for name, _ in ordered][-1] == "both", ordered
    assert {name for name, _ in ordered} == {"tokens", "left", "right", "both"}, ordered
    for targets in (["both"], ["left", "both"], ["right"]):
        calls.clear()
        ours = runner.run(inputs={"__message__": "hi"}, targets=targets)
        our_calls = sorted(calls)
        graph = runner._build_dask_graph(schema.minimal_graph_schema(targets))
        runner._add_inputs_to_graph({"__message__": "hi"}, graph)
        calls.clear()
        theirs = dict(dask.get(graph, targets))
        assert ours == theirs, (targets, ours, theirs)
        assert our_calls == sorted(calls), (targets, our_calls, calls)  # each node once, the same nodes
    raised = []
    for run in (lambda: runner.run(inputs={"__message__": "hi"}, targets=["broken"]),
                lambda: dask.get(runner._build_dask_graph(schema.minimal_graph_schema(["broken"]))
                                 | {"__message__": ("__message__", "hi")}, ["broken"])):
        try:
            run()
        except Exception as e:  # noqa: BLE001 - the point is which one
            raised.append((type(e), str(e), str(e.__cause__)))
    assert len(raised) == 2 and raised[0] == raised[1], raised
    assert "broken failed" in raised[0][2], raised


async def check_saves(domain: Domain, events: list) -> None:
    """Saved in four steps (across a new session), the patched save stores the rows Rasa's own stores."""
    import sqlalchemy as sa

    rows = []
    for save in (SQLTrackerStore.save, ORIGINAL_SAVE):
        store = SQLTrackerStore(domain, dialect="sqlite", db=os.path.join(tempfile.mkdtemp(), "tracker.db"))
        done = 0
        for upto in (20, 70, 90, len(events)):  # the second session starts at event 70
            tracker = await store.retrieve("shopper") or DialogueStateTracker.from_events("shopper", [], domain.slots)
            for event in events[done:upto]:
                tracker.update(event)
            await save(store, tracker)
            done = upto
        with store.session_scope() as session:
            rows.append(session.execute(sa.text("SELECT id, sender_id, type_name, timestamp, intent_name, action_name, "
                                                "data FROM events ORDER BY id")).all())
    assert rows[0] == rows[1] and len(rows[0]) == len(events), (len(rows[0]), len(rows[1]), len(events))


async def check_parse_off_loop() -> None:
    """Two messages whose NLU takes 0.4 s each are parsed side by side, off the event loop."""
    import threading
    import time

    from bot import rasa_speedups

    threads: list[str] = []

    def graph(message: Any, tracker: Any, only_output_properties: bool) -> dict[str, Any]:
        threads.append(threading.current_thread().name)
        time.sleep(0.4)  # what a slow /understand call does to the thread it runs on
        return {"text": message.text, "intent": {"name": "greet", "confidence": 1.0}, "entities": []}

    processor = SimpleNamespace(http_interpreter=None, _parse_message_with_graph=graph,
                                _update_full_retrieval_intent=lambda data: None,
                                _check_for_unseen_features=lambda data: None)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        for _ in range(10):
            await asyncio.sleep(0.02)
            ticks += 1

    started = time.monotonic()
    parsed = await asyncio.gather(*(MessageProcessor.parse_message(processor, UserMessage(f"hi {i}", sender_id=str(i)))
                                    for i in range(2)), tick())
    took = time.monotonic() - started
    if rasa_speedups.nlu_threads() >= 2:
        assert all(name.startswith("rasa-nlu") for name in threads), threads
        assert took < 0.7, f"two parses took {took:.2f} s: not side by side"
        assert ticks == 10, "the event loop stood still while parsing"
    assert [p["text"] for p in parsed[:2]] == ["hi 0", "hi 1"], parsed


def check_action_calls_and_rollover(domain: Domain) -> None:
    """The trimmed action-server call, and when a session rolls over."""
    from bot import rasa_speedups

    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for i in range(70):  # 353 events: past the default limit of 300
        events += [UserUttered(f"show me jackets {i}", {"name": "search_product", "confidence": 1.0}),
                   ActionExecuted("action_track_scene"), SlotSet("scene", "search"),
                   BotUttered(f"here are jackets {i}"), ActionExecuted("action_listen")]
    events += [UserUttered("order 1001", {"name": "order_status", "confidence": 1.0}),
               ActionExecuted("action_track_scene"), SlotSet("order_number", "1001")]
    tracker = DialogueStateTracker.from_events("shopper", events, domain.slots)
    full = tracker.current_state(EventVerbosity.ALL)  # as Rasa calls actions
    call = RemoteAction("action_service_answer", None)._action_call_format(tracker, domain)
    state = call["tracker"]
    assert [e["event"] for e in state["events"]] == ["user", "action", "slot"], state["events"]
    assert state["events"] == full["events"][-3:]
    for key in ("slots", "latest_message", "active_loop", "latest_action_name", "paused", "sender_id"):
        assert state[key] == full[key], key
    assert call["domain"] == domain.as_dict()

    expired = MessageProcessor._has_session_expired
    processor = SimpleNamespace(domain=domain)
    limit = rasa_speedups.session_event_limit()
    short = DialogueStateTracker.from_events("s", events[:50], domain.slots)
    assert not expired(processor, short)
    assert limit <= len(tracker.events), f"check with RECSYS_RASA_SESSION_EVENTS <= {len(tracker.events)}"
    if limit:
        assert expired(processor, tracker)
        with_form = DialogueStateTracker.from_events("s", events + [ActiveLoop("order_form")], domain.slots)
        assert not expired(processor, with_form)
        paused = DialogueStateTracker.from_events("s", events + [ConversationPaused()], domain.slots)
        assert not expired(processor, paused)
        new_session = events + [ActionExecuted("action_session_start"), SessionStarted(),
                                UserUttered("hi", {"name": "greet", "confidence": 1.0})]
        assert not expired(processor, DialogueStateTracker.from_events("s", new_session, domain.slots))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("domain.yml")))
