"""Ranking metrics for one query as plain functions; callers average them over queries.

``ranked`` is a system's answer, best first; ``relevant`` the ids that count as right. An id
counts once however often it appears in ``ranked``. The figures with a ``relevant`` denominator
are undefined for a query with nothing relevant and raise ValueError (leave such queries out).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any


def _hits(ranked: Sequence[Any], relevant: Collection[Any], k: int) -> int:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return len(set(ranked[:k]) & set(relevant))


def _need_relevant(relevant: Collection[Any]) -> None:
    if not relevant:
        raise ValueError("no relevant items: the metric is undefined")


def hit_at_k(ranked: Sequence[Any], relevant: Collection[Any], k: int) -> float:
    """1.0 when any of the first ``k`` is relevant, else 0.0 (averaged: the hit rate, success@k)."""
    return float(_hits(ranked, relevant, k) > 0)


def recall_at_k(ranked: Sequence[Any], relevant: Collection[Any], k: int) -> float:
    """Share of the relevant ids found in the first ``k``."""
    _need_relevant(relevant)
    return _hits(ranked, relevant, k) / len(set(relevant))


def capped_precision_at_k(ranked: Sequence[Any], relevant: Collection[Any], k: int) -> float:
    """Relevant ids in the first ``k`` over ``min(k, number relevant)``.

    The usual precision@k when at least ``k`` ids are relevant; with fewer, a perfect answer
    still scores 1 (precision@k would cap it at ``len(relevant) / k``).
    """
    _need_relevant(relevant)
    return _hits(ranked, relevant, k) / min(k, len(set(relevant)))


def reciprocal_rank(ranked: Sequence[Any], relevant: Collection[Any]) -> float:
    """1 / rank of the first relevant id (ranks from 1), 0.0 when none is (averaged: MRR)."""
    wanted = set(relevant)
    return next((1 / rank for rank, item in enumerate(ranked, 1) if item in wanted), 0.0)


def neighbour_recall_at_k(found: Sequence[Any], exact: Sequence[Any], k: int) -> float:
    """Share of the exact top ``k`` neighbours an approximate search found in its top ``k``.

    Over the exact search's first ``k`` (FAISS's intersection measure for one query); the
    denominator is ``k`` whatever the lists hold.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return len(set(found[:k]) & set(exact[:k])) / k
