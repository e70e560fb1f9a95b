"""Checks, in the Rasa venv, that ``bot.rasa_speedups`` reads trackers exactly as Rasa does (run by the tests).

A tracker with two sessions is saved to a real SQLite tracker store, then read back with Rasa's
own ``SQLTrackerStore._retrieve`` and with the patched one, for the last session and for all:
the events and the dialogue state must be the same. Exits 0 and prints "same" when they are.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.core.actions.action import ActionSessionStart  # noqa: E402
from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

ORIGINAL_RETRIEVE = SQLTrackerStore._retrieve


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
    print("same")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("domain.yml")))
