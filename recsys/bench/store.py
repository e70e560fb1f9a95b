"""The context store's cost per turn: the calls one chat turn makes, timed on a fresh database.

A turn reads the message's recorded decision (at NLU time, a miss), the scene context, records the
turn, reads the decision again (the action's read), the recent lists and the turn id, and every
other turn records a shown list of five. Run against SQLite in a temporary folder, or any
SQLAlchemy URL (e.g. the test PostgreSQL), with ``--shoppers`` conversations of ``--turns`` turns.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from recsys.storage.context_store import ContextStore
from recsys.storage.orm import make_session_factory

PROBS = {"search": 0.7, "service": 0.1, "recommend": 0.1, "chitchat": 0.1}
# the size of a stored explanation: a word occlusion per word, the understanding, the context
EXPLANATION = {"words": [{"word": f"w{i}", "delta": 0.01 * i} for i in range(12)],
               "understanding": {"act": "search_product", "slots": []}, "previous_scene": "search",
               "context": {"previous_scene": 0.1, "bot_action": 0.2}}


def bench_store(url: str | None = None, shoppers: int = 30, turns: int = 20) -> dict:
    """Milliseconds of wall and CPU time per turn for the store calls of ``shoppers`` x ``turns`` turns."""
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        store = ContextStore(make_session_factory(url or f"sqlite:///{Path(tmp) / 'context.db'}"))
        run = f"{time.time_ns():x}"  # shoppers of this run only, on a database that may hold others
        store.record_turn(f"{run}-warm", "m0", "hi", None, "chitchat", "chitchat", PROBS, EXPLANATION)
        wall, cpu = time.perf_counter(), time.process_time()
        for t in range(turns):
            for s in range(shoppers):
                sender, message = f"{run}-s{s}", f"m{t}"
                store.recorded_turn(sender, message)
                store.scene_context(sender, before_message_id=message)
                record = store.record_turn(sender, message, "black hoodies under 50", None, "search", "search",
                                           PROBS, EXPLANATION)
                store.recorded_turn(sender, message)
                store.recent_lists(sender)
                store.turn_id(sender, message)
                if t % 2 == 0:
                    store.record_shown(record.id, [(f"P{i}", 0.5, "a reason") for i in range(5)])
        n = shoppers * turns
        return {"database": "sqlite (temporary)" if url is None else url.split(":", 1)[0], "turns": n,
                "wall_ms_per_turn": round(1000 * (time.perf_counter() - wall) / n, 2),
                "cpu_ms_per_turn": round(1000 * (time.process_time() - cpu) / n, 2)}
