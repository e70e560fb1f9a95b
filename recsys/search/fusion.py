"""Rank fusion as a pure function: several ranked lists in, one fused score per item out.

Reciprocal rank fusion (Cormack et al., 2009) scores an item ``sum_s w_s / (k + rank_s)`` over the
lists ``s`` that found it. It needs no score calibration between signals, which is why dense
text, BM25 and photo similarities can be fused without tuning their scales.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

RRF_K = 60
Item = TypeVar("Item", bound=Hashable)


def reciprocal_rank_fusion(lists: Mapping[str, Sequence[Item]], weights: Mapping[str, float] | None = None,
                           k: int = RRF_K) -> tuple[dict[Item, float], dict[Item, dict[str, int]]]:
    """Fused scores and, per item, its 1-based rank in each list that holds it.

    ``lists`` maps a signal name to its items, best first; ``weights`` (default 1 each) scales a
    signal's contribution.
    """
    fused: dict[Item, float] = {}
    ranks: dict[Item, dict[str, int]] = {}
    for signal, items in lists.items():
        weight = 1.0 if weights is None else weights[signal]
        for rank, item in enumerate(items, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
            ranks.setdefault(item, {})[signal] = rank
    return fused, ranks
