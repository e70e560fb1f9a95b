"""`recsys bench-index`: FAISS index build time, memory, latency, QPS and recall at scale.

Vectors are synthetic but shaped like sentence embeddings: normalised points around a few
thousand cluster centres (uniform random vectors would be a worst case no real catalog has).
Every index kind runs on the same vectors and queries in one process, and recall@10 is
measured against exact search on those vectors.
"""

from __future__ import annotations

import json
import time

import faiss
import numpy as np

from recsys.search.index import EXACT_THRESHOLD, VectorIndex


def synthetic(n: int, centre: np.ndarray, rng: np.random.Generator, spread: float = 1.5) -> np.ndarray:
    """``n`` points around ``centre`` rows with noise 1.5x the centres' size: a query's best
    match then has cosine ~0.41 and its 10th ~0.38, close to MiniLM queries against product
    texts (tighter clusters make IVF look better than it will be)."""
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
    start = time.perf_counter()
    index = VectorIndex.build(vectors, kind)
    build_s = time.perf_counter() - start
    faiss_bytes = int(faiss.serialize_index(index._index).nbytes)
    p50, p99 = _latency(lambda q: index.search(q, 10), queries)
    fp50, fp99 = _latency(lambda q: index.search(q, 10, mask), queries)
    found = np.stack([np.pad(index.search(q, 10)[1], (0, 10))[:10] for q in queries])
    found_f = np.stack([np.pad(index.search(q, 10, mask)[1], (0, 10))[:10] for q in queries])
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)]))
    recall_f = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found_f, truth_filtered, strict=True)]))
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


def run_bench(sizes: list[int], dim: int, n_queries: int, as_json: bool, seed: int) -> int:
    rng = np.random.default_rng(seed)
    results = []
    gpu = faiss.get_num_gpus() if hasattr(faiss, "get_num_gpus") else 0
    if not as_json:
        print(f"dim {dim}, {n_queries} queries, filter keeps 10% of rows, FAISS threads "
              f"{faiss.omp_get_max_threads()}, GPUs {gpu}")
        print(f"{'n':>9} {'kind':5} {'build s':>8} {'MB':>7} {'nprobe':>6} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'f.p50':>7} {'f.p99':>7} {'QPS':>8} {'R@10':>6} {'f.R@10':>6} {'k full':>6}")
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
            row["auto_choice"] = "flat" if n < EXACT_THRESHOLD else "ivf"
            results.append(row)
            if as_json:
                continue
            print(f"{row['n']:>9} {row['kind']:5} {row['build_s']:8.2f} {row['faiss_mb']:7.1f} "
                  f"{row['nprobe'] or '-':>6} {row['p50_ms']:7.3f} {row['p99_ms']:7.3f} {row['filtered_p50_ms']:7.3f} "
                  f"{row['filtered_p99_ms']:7.3f} {row['batch_qps']:8.0f} {row['recall@10']:6.3f} "
                  f"{row['filtered_recall@10']:6.3f} {row['filtered_full_k']:6.3f}", flush=True)
    if as_json:
        print(json.dumps(results, indent=2))
    return 0
