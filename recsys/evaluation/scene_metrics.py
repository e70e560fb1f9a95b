"""Scene metrics over conversations: per-turn F1 and shift detection.

A shift is a turn whose scene differs from the turn before it. A predicted shift counts as
correct only when it happens at the same turn as a gold shift and lands in the same scene.
Detection delay: for each gold shift, how many turns later the prediction first reaches the new
scene (0 = at once), within that gold segment; shifts never reached there are counted as missed.
"""

from __future__ import annotations

from recsys.scene.model import SCENES


def shifts(scenes: list[str]) -> set[tuple[int, str]]:
    """(turn index, new scene) of every turn whose scene differs from the turn before."""
    return {(i, scenes[i]) for i in range(1, len(scenes)) if scenes[i] != scenes[i - 1]}


def score(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Per-turn accuracy, per-scene and macro F1, shift precision/recall/F1 and detection delay.

    ``gold`` and ``pred`` hold one scene list per conversation, turn for turn. Figures that are
    undefined (no shift predicted or in gold, no shift reached) are None.
    """
    tp = {s: 0 for s in SCENES}
    fp = dict(tp)
    fn = dict(tp)
    correct = total = 0
    s_tp = s_pred = s_gold = 0
    delays: list[int] = []
    missed = 0
    for g, p in zip(gold, pred, strict=True):
        for a, b in zip(g, p, strict=True):
            total += 1
            if a == b:
                correct += 1
                tp[a] += 1
            else:
                fn[a] += 1
                fp[b] += 1
        gs, ps = shifts(g), shifts(p)
        s_tp += len(gs & ps)
        s_pred += len(ps)
        s_gold += len(gs)
        for i, scene in sorted(gs):
            end = next((j for j in range(i + 1, len(g)) if g[j] != scene), len(g))
            hit = next((j - i for j in range(i, end) if p[j] == scene), None)
            if hit is None:
                missed += 1
            else:
                delays.append(hit)
    f1 = {s: (2 * tp[s] / (2 * tp[s] + fp[s] + fn[s]) if (tp[s] + fp[s] + fn[s]) else 1.0) for s in SCENES}
    present = [s for s in SCENES if tp[s] + fn[s] > 0] or list(SCENES)
    sp = s_tp / s_pred if s_pred else 0.0
    sr = s_tp / s_gold if s_gold else 0.0
    return {
        "turns": total, "accuracy": round(correct / total, 4) if total else 0.0,
        "f1": {s: round(v, 4) for s, v in f1.items()},
        "macro_f1": round(sum(f1[s] for s in present) / len(present), 4),
        "shifts": s_gold, "shift_precision": round(sp, 4) if s_pred else None,
        "shift_recall": round(sr, 4) if s_gold else None,
        "shift_f1": (round(2 * sp * sr / (sp + sr), 4) if sp + sr else 0.0) if s_gold or s_pred else None,
        "mean_delay": round(sum(delays) / len(delays), 3) if delays else None, "missed_shifts": missed,
    }
