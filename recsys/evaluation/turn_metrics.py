"""Turn-understanding metrics beyond the scene: dialogue act, attribute slots, references.

Gold turns carry ``act``, ``slots`` (slot name -> value as typed) and ``ref`` (``"2"``, ``"it"``,
``"1 and 3"``, a description); predictions are (act, slots, ref) per turn. Slot values match
when the names agree and the values agree after normalising (numbers as numbers, superlatives
as a sort order, text lower-cased), or, for text, when one contains the other or they share
half their words: annotators keep or drop modifiers ("noise cancelling headphones").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recsys.scene.model import REFS
from recsys.scene.slots import normalize


@dataclass(frozen=True)
class TurnPrediction:
    """What a system says about one turn besides its scene."""

    act: str | None
    slots: Mapping[str, str | float]
    ref: str = "none"


def ref_class(ref: str | None) -> str:
    """The reference class of a gold ``ref``: its first item ("1 and 3" -> "1"), a description -> other."""
    if not ref:
        return "none"
    first = str(ref).split(" and ")[0].strip()
    return first if first in REFS else "other"


def slot_match(name: str, gold: object, pred: object) -> bool:
    """Whether a predicted slot value counts as the gold one (see the module docstring)."""
    g, p = normalize(name, str(gold)), normalize(name, str(pred))
    if g == p:
        return True
    if isinstance(g, float) or isinstance(p, float):
        return False
    gs, ps = str(g), str(p)
    if gs and ps and (gs in ps or ps in gs):
        return True
    gw, pw = set(gs.split()), set(ps.split())
    return bool(gw and pw) and len(gw & pw) / len(gw | pw) >= 0.5


def turn_scores(gold: Sequence[Sequence[dict]], pred: Sequence[Sequence[TurnPrediction]]) -> dict:
    """Act accuracy, slot precision/recall/F1 (overall and per slot), reference accuracy.

    Only turns with a gold ``act`` count; a set without acts gives None figures.
    """
    acts = act_ok = 0
    ref_ok = ref_total = pointer_total = pointer_ok = 0
    tp = fp = fn = 0
    per_slot: dict[str, list[int]] = {}
    for g_turns, p_turns in zip(gold, pred, strict=True):
        for g, p in zip(g_turns, p_turns, strict=True):
            if not g.get("act"):
                continue
            acts += 1
            act_ok += int(p.act == g["act"])
            gold_ref, pred_ref = ref_class(g.get("ref")), p.ref or "none"
            ref_total += 1
            ref_ok += int(gold_ref == pred_ref)
            if gold_ref != "none":
                pointer_total += 1
                pointer_ok += int(gold_ref == pred_ref)
            if g.get("slots_known") is False:  # a corpus sentence nobody annotated: no slot verdict
                continue
            g_slots = dict(g.get("slots") or {})
            matched: set[str] = set()
            for name, value in g_slots.items():
                counts = per_slot.setdefault(name, [0, 0, 0])
                if name in p.slots and slot_match(name, value, p.slots[name]):
                    tp += 1
                    counts[0] += 1
                    matched.add(name)
                else:
                    fn += 1
                    counts[2] += 1
            for name in p.slots:
                if name not in matched:
                    fp += 1
                    per_slot.setdefault(name, [0, 0, 0])[1] += 1
    if not acts:
        return {"act_accuracy": None, "slot_f1": None, "ref_accuracy": None}

    def f1(t: int, f_p: int, f_n: int) -> float:
        return round(2 * t / (2 * t + f_p + f_n), 4) if t + f_p + f_n else 1.0

    return {
        "act_accuracy": round(act_ok / acts, 4),
        "slot_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "slot_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "predicted_slots": tp + fp,
        # A set without gold slots has no slot F1 (every predicted slot would count as wrong).
        "slot_f1": f1(tp, fp, fn) if tp + fn else None,
        "slot_f1_by_name": {n: f1(*c) for n, c in sorted(per_slot.items())} if tp + fn else {},
        "ref_accuracy": round(ref_ok / ref_total, 4),
        "pointer_recall": round(pointer_ok / pointer_total, 4) if pointer_total else None,
        "labelled_turns": acts,
    }
