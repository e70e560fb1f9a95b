"""FAISS index layer: exact vs IVF, filtered top-k, updates without rebuild, persistence."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from recsys.search.index import ProductIndex, ProductIndexError, VectorIndex


def clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(8, n // 100), dim)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + rng.standard_normal((n, dim)).astype(np.float32)
    faiss.normalize_L2(x)
    return x


def exact_top(x: np.ndarray, q: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
    scores = x @ q
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return list(np.argsort(-scores, kind="stable")[:k])


def test_auto_kind_by_size():
    assert VectorIndex.build(clustered(500), exact_threshold=1000).kind == "flat"
    assert VectorIndex.build(clustered(5000), exact_threshold=1000).kind == "ivf"


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_filtered_search_returns_k_matching_rows(kind):
    x = clustered(6000)
    index = VectorIndex.build(x, kind)
    rng = np.random.default_rng(1)
    for selectivity in (0.001, 0.02, 0.5):
        mask = rng.random(len(x)) < selectivity
        for q in x[:20]:
            scores, rows = index.search(q, 10, mask)
            assert len(rows) == min(10, int(mask.sum()))
            assert mask[rows].all()
            assert list(scores) == sorted(scores, reverse=True)


def test_ivf_recall_against_exact_is_at_least_95_percent():
    x = clustered(20000, dim=64, seed=2)
    index = VectorIndex.build(x, "ivf")
    rng = np.random.default_rng(3)
    queries = x[rng.choice(len(x), 100, replace=False)] + 0.0625 * rng.standard_normal((100, 64)).astype(np.float32)
    faiss.normalize_L2(queries)
    recall = np.mean([len(set(index.search(q, 10)[1]) & set(exact_top(x, q, 10))) / 10 for q in queries])
    assert recall >= 0.95, recall


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_upsert_and_delete_without_rebuild(kind, tmp_path):
    x = clustered(3000)
    ids = [f"p{i}" for i in range(len(x))]
    index = ProductIndex.build(ids, {"text": x}, "v1", {"text": "m"}, kind=kind)
    target = x[7]
    assert index.search(target, 1)[0].product_id == "p7"
    index.delete("p7")
    assert all(h.product_id != "p7" for h in index.search(target, 10))
    assert len(index) == 2999
    index.upsert("new-1", {"text": target})  # a new product lands exactly where p7 was
    assert index.search(target, 1)[0].product_id == "new-1"
    index.upsert("p8", {"text": -x[8]})  # updated in place: its old vector is gone
    assert all(h.product_id != "p8" for h in index.search(x[8], 5))
    index.save(tmp_path)
    loaded = ProductIndex.load(tmp_path)
    assert len(loaded) == 3000 and loaded.search(target, 1)[0].product_id == "new-1"
    assert loaded.ids[7] is None  # tombstone keeps every other row where it was


def test_corrupt_or_missing_index_is_detected(tmp_path):
    with pytest.raises(ProductIndexError, match="no product index"):
        ProductIndex.load(tmp_path)
    index = ProductIndex.build(["a", "b"], {"text": clustered(2, dim=8)}, "v", {"text": "m"})
    index.save(tmp_path)
    (tmp_path / "text.products.faiss").write_bytes(b"garbage")
    with pytest.raises(ProductIndexError, match="corrupt"):
        ProductIndex.load(tmp_path)


def test_gpu_copy_results_skip_deleted_rows():
    """The GPU copy of a flat index is positional; deleted rows must not leak from it. The GPU
    copy is built from exactly this CPU index (see to_gpu), so it stands in where no GPU exists."""
    x = clustered(1000)
    index = VectorIndex.build(x, "flat")
    index.delete(np.array([5, 6]))
    stand_in = faiss.IndexFlatIP(x.shape[1])
    stand_in.add(index._vectors)
    index._gpu_index = stand_in
    for q in (x[5], x[6], x[100]):
        scores, rows = index.search(q, 10)
        assert 5 not in rows and 6 not in rows and len(rows) == 10
        index._gpu_index = None
        cpu_scores, cpu_rows = index.search(q, 10)
        index._gpu_index = stand_in
        assert list(rows) == list(cpu_rows)
    batch_scores, batch_rows = index.search_batch(x[:4], 5)
    assert batch_rows.shape == (4, 5) and not np.isin(batch_rows, [5, 6]).any()
