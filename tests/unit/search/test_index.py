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
    index.delete(np.array([5, 6, 6, 5000]))  # a repeat and an unknown row change nothing more
    assert len(index) == 998
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



def test_filtered_search_with_a_gpu_copy_is_exact_or_falls_back_to_the_cpu():
    """GPU indexes take no ID selector, so a large filter is answered from the copy's unfiltered
    top rows when k of them match, else by the CPU index; both give the exact filtered top-k.
    A CPU flat index over the same rows stands in for the (positional) GPU copy."""
    x = clustered(60_000)
    index = VectorIndex.build(x, "flat")
    index.delete(np.array([7]))
    stand_in = faiss.IndexFlatIP(x.shape[1])
    stand_in.add(index._vectors)
    index._gpu_index = stand_in
    rng = np.random.default_rng(4)
    wide = rng.random(len(x)) < 0.5  # 30,000 rows: above the subset path, answered on the GPU
    wide[7] = True
    for q in x[:20]:
        rows = index.search(q, 10, wide)[1]
        assert list(rows) == exact_top(x, q, 10, wide & index.live) and 7 not in rows
    assert index.gpu_filtered == 20 and index.gpu_filter_fallbacks == 0
    # 25,000 rows far from every query (the other half of the clusters): the top rows miss them
    far = np.zeros(len(x), dtype=bool)
    far[30_000:55_000] = True
    q = x[0] if not far[0] else x[1]
    scores = x @ q
    far_rows = np.flatnonzero(far)
    far[far_rows[np.argsort(-scores[far_rows])[:25_000 - 20_001]]] = False  # drop the near ones
    assert far.sum() > 20_000
    rows = index.search(q, 10, far)[1]
    assert list(rows) == exact_top(x, q, 10, far & index.live)
    assert index.gpu_filter_fallbacks == 1
    index.drop_gpu()
    assert list(index.search(q, 10, far)[1]) == list(rows) and index.gpu_filter_fallbacks == 1

needs_gpu = pytest.mark.skipif(not hasattr(faiss, "get_num_gpus") or faiss.get_num_gpus() == 0,
                               reason="needs a FAISS GPU build and a GPU (run on the device machine)")


@needs_gpu
@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_real_gpu_copy_agrees_with_the_cpu_index(kind):
    """On a real GPU: the float16 copy finds what the CPU index finds, deleted rows stay out, an
    upsert drops the stale copy, and filtered searches (CPU index) still return k rows inside."""
    x = clustered(8000, dim=64)
    index = VectorIndex.build(x, kind, exact_threshold=5000 if kind == "ivf" else 50_000)
    assert index.kind == kind
    queries = x[:50] + 0.05 * np.random.default_rng(2).standard_normal((50, 64)).astype(np.float32)
    cpu_rows = [index.search(q, 10)[1] for q in queries]
    assert index.to_gpu() and index._gpu_index is not None
    gpu_rows = [index.search(q, 10)[1] for q in queries]
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(gpu_rows, cpu_rows, strict=True)])
    assert overlap >= 0.95, overlap
    batch_scores, batch_rows = index.search_batch(queries, 10)
    assert batch_rows.shape == (50, 10) and np.all(np.diff(batch_scores, axis=1) <= 1e-3)
    index.delete(np.array([int(gpu_rows[0][0])]))
    assert index._gpu_index is None  # a stale copy is dropped, never searched
    assert index.to_gpu()
    assert int(cpu_rows[0][0]) not in index.search(queries[0], 10)[1]
    mask = np.random.default_rng(3).random(len(x)) < 0.1
    for q in queries[:10]:
        rows = index.search(q, 10, mask)[1]
        assert len(rows) == 10 and mask[rows].all()
        assert list(rows) == exact_top(x, q, 10, mask & index.live)
