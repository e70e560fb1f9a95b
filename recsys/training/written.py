"""Hand-written labelled conversations as training conversations (the spent evaluation sets).

Each independent set is played once as a final check; once spent, its conversations are real
shopper phrasing with gold labels, which the template-generated data lacks. They join the
training data here, converted to its shape: slot values become character spans where the words
hold them (the label guide has slot values copied from the text), and a turn whose values cannot
all be placed keeps its scene, act and reference but teaches the tagger nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from recsys.scene.model import ACTS, SCENES, SLOT_TYPES
from recsys.settings import PROJECT_DIR

# Spent sets only: each was played once as a final check before it joined the training data
# (docs/scene-model.md says when). The next check needs a set written after this list changed.
WRITTEN_TRAINING_SETS = tuple(PROJECT_DIR / "tests" / "data" / p for p in (
    "written_dev/conversations.jsonl", "independent/conversations.jsonl", "independent/conversations2.jsonl",
    "independent/conversations3.jsonl", "independent/conversations4.jsonl",
    # first messages (one-turn conversations): since v7; no first message trained v6
    "independent/utterances.jsonl", "independent/utterances2.jsonl", "independent/utterances3.jsonl",
    # since v8: the fifth and sixth sets, each played once as v7's final checks
    "independent/conversations5.jsonl", "independent/conversations6.jsonl",
    "independent/utterances5.jsonl", "independent/utterances6.jsonl",
    # since v9: the seventh sets, each played once as v8's final checks
    "independent/conversations7.jsonl", "independent/utterances7.jsonl",
    # since v10: the eighth sets, each played once as v9's final checks
    "independent/conversations8.jsonl", "independent/utterances8.jsonl",
    # since v11: the ninth and tenth sets, each played once as v10's final checks
    "independent/conversations9.jsonl", "independent/utterances9.jsonl",
    "independent/conversations10.jsonl", "independent/utterances10.jsonl",
    # since v12: the eleventh and twelfth sets, each played once as v11's final checks
    "independent/conversations11.jsonl", "independent/utterances11.jsonl",
    "independent/conversations12.jsonl", "independent/utterances12.jsonl"))
REPEAT = 3  # about 7,600 written turns beside about 20,000 generated ones: each written one counts thrice


def slot_spans(turn: dict) -> tuple[list[list], bool]:
    """The character spans of a turn's slot values, and whether every value was found in its words."""
    spans, known = [], True
    for name, value in (turn.get("slots") or {}).items():
        if name not in SLOT_TYPES:
            continue  # order numbers and emails are exact rules, not tagged
        if name == "superlative":
            known = False  # a normalised value ("cheapest"), not the shopper's words
            continue
        said = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        m = re.search(re.escape(said), turn.get("text") or "", re.I)
        if m is None:
            known = False
            continue
        spans.append([m.start(), m.end(), name])
    return spans, known


def as_training(conv: dict, slots_labelled: bool = True) -> dict | None:
    """One labelled conversation in the training shape; None when a turn has no usable scene or act.

    ``slots_labelled=False``: the file labels no slots at all (the first-message sets), so a turn
    without slots says nothing about its words, rather than that they hold no slot.
    """
    turns = []
    for t in conv.get("turns") or []:
        if t.get("scene") not in SCENES or t.get("act") not in ACTS or t.get("image"):
            return None
        spans, known = slot_spans(t)
        known = known and slots_labelled
        turn = {"text": str(t.get("text") or ""), "scene": t["scene"], "act": t["act"], "spans": spans}
        if t.get("ref"):
            turn["ref"] = str(t["ref"])
        if not known:
            turn["slots_known"] = False
        turns.append(turn)
    return {"id": str(conv.get("id")), "turns": turns} if turns else None


def written_conversations(paths: Sequence[Path] = WRITTEN_TRAINING_SETS) -> list[dict]:
    """Every usable conversation of the given files (missing files are skipped)."""
    out = []
    for path in paths:
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        labelled = any("slots" in t for row in rows for t in row.get("turns") or [])
        for row in rows:
            conv = as_training(row, labelled)
            if conv is not None:
                out.append(conv)
    return out
