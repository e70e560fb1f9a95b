import numpy as np
import pytest

from recsys.evaluation.metrics import (
    capped_precision_at_k,
    hit_at_k,
    neighbour_recall_at_k,
    recall_at_k,
    reciprocal_rank,
)

RANKED = ["a", "x", "b", "y", "z", "c"]
RELEVANT = {"a", "b", "c", "d"}


def test_hit_at_k():
    assert hit_at_k(RANKED, RELEVANT, 1) == 1.0
    assert hit_at_k(["x", "a"], RELEVANT, 1) == 0.0
    assert hit_at_k(["x", "a"], RELEVANT, 2) == 1.0
    assert hit_at_k([], RELEVANT, 5) == 0.0
    assert hit_at_k(RANKED, set(), 5) == 0.0


def test_recall_at_k():
    assert recall_at_k(RANKED, RELEVANT, 1) == 0.25
    assert recall_at_k(RANKED, RELEVANT, 5) == 0.5
    assert recall_at_k(RANKED, RELEVANT, 10) == 0.75
    assert recall_at_k(["a", "a", "a"], RELEVANT, 3) == 0.25  # an id counts once


def test_capped_precision_at_k():
    assert capped_precision_at_k(RANKED, RELEVANT, 5) == 2 / 4  # 4 relevant < k: out of 4
    assert capped_precision_at_k(RANKED, RELEVANT, 2) == 1 / 2  # the usual precision@2
    assert capped_precision_at_k(["a", "x"], {"a"}, 5) == 1.0  # one relevant, found: perfect


def test_reciprocal_rank():
    assert reciprocal_rank(RANKED, RELEVANT) == 1.0
    assert reciprocal_rank(["x", "y", "b"], RELEVANT) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x", "y"], RELEVANT) == 0.0


def test_neighbour_recall_at_k_counts_out_of_k():
    exact = np.array([1, 2, 3, 4])
    assert neighbour_recall_at_k(np.array([4, 3, 9, 8]), exact, 4) == 0.5
    assert neighbour_recall_at_k(np.array([1, 2, 3, 4, 5]), exact, 2) == 1.0
    assert neighbour_recall_at_k(np.array([3, 4]), exact, 2) == 0.0  # only the first k of each count


@pytest.mark.parametrize("fn", [recall_at_k, capped_precision_at_k])
def test_nothing_relevant_is_undefined(fn):
    with pytest.raises(ValueError, match="no relevant"):
        fn(RANKED, set(), 5)


@pytest.mark.parametrize("fn", [hit_at_k, recall_at_k, capped_precision_at_k, neighbour_recall_at_k])
def test_k_must_be_positive(fn):
    with pytest.raises(ValueError, match="k must be"):
        fn(RANKED, RELEVANT, 0)
