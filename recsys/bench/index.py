"""FAISS index benchmark (`recsys bench-index`): build time, memory, latency, QPS and recall at scale.

Vectors are synthetic but shaped like sentence embeddings: normalised points around a few
thousand cluster centres (uniform random vectors would be a worst case no real catalog has).
Every index kind runs on the same vectors and queries in one process, and recall@10 is
measured against exact search on those vectors.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import faiss
import numpy as np

from recsys.evaluation.metrics import neighbour_recall_at_k
from recsys.evaluation.result import EvaluationResult
from recsys.search.index import EXACT_THRESHOLD, VectorIndex


def synthetic(n: int, centre: np.ndarray, rng: np.random.Generator, spread: float = 1.5) -> np.ndarray:
    """``n`` normalised points around ``centre`` rows, with noise ``spread`` times the centres' size.

    With 1.5, a query's best match has cosine ~0.41 and its 10th ~0.38, close to MiniLM
    queries against product texts (tighter clusters make IVF look better than it will be).
    """
    out = np.empty((n, centre.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        out[start:stop] = centre[rng.integers(0, len(centre), stop - start)] + \
            spread * rng.standard_normal((stop - start, centre.shape[1])).astype(np.float32)
    faiss.normalize_L2(out)
    return out


def _latency(fn, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def bench_one(vectors: np.ndarray, queries: np.ndarray, kind: str, truth: np.ndarray, mask: np.ndarray,
              truth_filtered: np.ndarray) -> dict:
    """One index ``kind`` on ``vectors``: build, size, latency (plain and within ``mask``), QPS, recall@10.

    ``truth`` and ``truth_filtered`` are the exact top 10 rows per query, without and within ``mask``.
    """
    start = time.perf_counter()
    index = VectorIndex.build(vectors, kind)
    build_s = time.perf_counter() - start
    faiss_bytes = int(faiss.serialize_index(index._index).nbytes)
    p50, p99 = _latency(lambda q: index.search(q, 10), queries)
    fp50, fp99 = _latency(lambda q: index.search(q, 10, mask), queries)
    found = np.stack([np.pad(index.search(q, 10)[1], (0, 10))[:10] for q in queries])
    found_f = np.stack([np.pad(index.search(q, 10, mask)[1], (0, 10))[:10] for q in queries])
    recall = float(np.mean([neighbour_recall_at_k(a, b, 10) for a, b in zip(found, truth, strict=True)]))
    recall_f = float(np.mean([neighbour_recall_at_k(a, b, 10) for a, b in zip(found_f, truth_filtered, strict=True)]))
    full_k = float(np.mean([(r >= 0).sum() == 10 and mask[r].all() for r in found_f]))
    batch = np.repeat(queries, max(1, 1024 // len(queries)), axis=0)[:1024]
    start = time.perf_counter()
    index.search_batch(batch, 10)
    qps = len(batch) / (time.perf_counter() - start)
    return {"kind": index.kind, "n": len(vectors), "build_s": round(build_s, 2),
            "faiss_mb": round(faiss_bytes / 2**20, 1), "vectors_mb": round(vectors.nbytes / 2**20, 1),
            "nprobe": index.nprobe if index.kind == "ivf" else None,
            "p50_ms": round(p50, 3), "p99_ms": round(p99, 3), "filtered_p50_ms": round(fp50, 3),
            "filtered_p99_ms": round(fp99, 3), "batch_qps": round(qps, 1), "recall@10": round(recall, 4),
            "filtered_recall@10": round(recall_f, 4), "filtered_full_k": round(full_k, 4)}


def faiss_setup() -> dict:
    """FAISS's thread count and GPUs here, which the figures depend on."""
    return {"faiss_threads": faiss.omp_get_max_threads(),
            "gpus": faiss.get_num_gpus() if hasattr(faiss, "get_num_gpus") else 0}


def bench_index(sizes: list[int], dim: int = 384, n_queries: int = 200, seed: int = 3,
                on_row: Callable[[dict], None] | None = None) -> EvaluationResult:
    """Every index kind worth trying at each of ``sizes`` on synthetic vectors of ``dim``.

    ``metrics`` holds one row (see :func:`bench_one`, plus ``auto_choice``: the kind the index
    picks by itself at that size) per ``"<kind> n=<size>"``, in run order; ``on_row`` sees each
    row as soon as it is measured. The primary metric is recall@10 of the automatic choice at
    the largest size.
    """
    rng = np.random.default_rng(seed)
    rows: dict[str, dict] = {}
    for n in sizes:
        centre = rng.standard_normal((max(50, n // 200), dim)).astype(np.float32)
        vectors = synthetic(n, centre, rng)
        queries = synthetic(n_queries, centre, rng)  # new points, not copies of stored ones
        mask = rng.random(n) < 0.10
        exact = faiss.IndexFlatIP(dim)
        exact.add(vectors)
        truth = exact.search(queries, 10)[1]
        packed = np.packbits(mask, bitorder="little")
        sel = faiss.IDSelectorBitmap(n, faiss.swig_ptr(packed))
        truth_f = exact.search(queries, 10, params=faiss.SearchParameters(sel=sel))[1]
        del exact
        kinds = ["flat", "ivf"] if n >= 10_000 else ["flat"]
        for kind in kinds:
            row = bench_one(vectors, queries, kind, truth, mask, truth_f)
            row["auto_choice"] = _auto_kind(n)
            key = f"{kind} n={n}"
            repeat = 2
            while key in rows:  # the same size asked for again
                key, repeat = f"{kind} n={n} #{repeat}", repeat + 1
            rows[key] = row
            if on_row is not None:
                on_row(row)
    primary = f"{_auto_kind(max(sizes))} n={max(sizes)}/recall@10" if sizes else "recall@10"
    return EvaluationResult(name="bench-index", primary_metric=primary, metrics=rows,
                            details={"dim": dim, "queries": n_queries, "seed": seed, **faiss_setup()})


def _auto_kind(n: int) -> str:
    return "flat" if n < EXACT_THRESHOLD else "ivf"
