"""FAISS on a GPU (`recsys bench-gpu`): exact search of n x dim vectors, CPU and GPU side by side.

One process, one set of synthetic sentence-embedding-like vectors (see ``recsys.bench.index``):

* exact search on the CPU (``IndexFlatIP``, all of FAISS's threads), on the GPU with float32
  vectors, and on the GPU with float16 vectors (what ``VectorIndex.to_gpu`` makes);
* single queries (numpy in, numpy out: host-device copies included, as the assistant pays them)
  and batches of ``batch`` queries;
* each GPU latency beside the memory-bandwidth bound: one exact query must read every stored
  vector once, so it cannot beat ``n * dim * bytes per value / bandwidth``;
* the assistant's own path (``VectorIndex`` with its GPU copy): unfiltered and batch searches on
  the GPU, filtered ones with the GPU copy and with the CPU index only, each checked against
  exact float32 search (recall@10, and every filtered hit inside the filter); at sizes above the
  exact threshold also the IVF index the assistant picks there, on the CPU and on the GPU.

Needs a FAISS build that sees a GPU; :class:`NoGpu` says so otherwise. Depends on numpy and
FAISS only (torch, when importable, measures the device's copy bandwidth), so
``python -m recsys.cli bench-gpu`` runs where the assistant's other dependencies are not installed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import faiss
import numpy as np

from recsys.bench.index import synthetic
from recsys.evaluation.metrics import neighbour_recall_at_k
from recsys.evaluation.result import EvaluationResult
from recsys.search.index import EXACT_THRESHOLD, VectorIndex

# H100 SXM's HBM3 (NVIDIA's datasheet figure): the bound used when the copy bandwidth cannot be
# measured (no torch with CUDA in this environment).
SPEC_BANDWIDTH_GBS = 3350.0


class NoGpu(RuntimeError):
    """FAISS sees no GPU here (a CPU build, or no device)."""


def gpu_count() -> int:
    """GPUs FAISS can use: 0 for a CPU build or a machine without one."""
    return int(faiss.get_num_gpus()) if hasattr(faiss, "get_num_gpus") else 0


def copy_bandwidth_gbs(gib: float = 1.0, repeats: int = 20) -> tuple[float | None, str]:
    """Device-to-device copy bandwidth (bytes read + written per second, in GB/s) and the GPU's name.

    Measured with torch when it has CUDA; ``(None, "")`` otherwise.
    """
    try:
        import torch
    except ImportError:
        return None, ""
    if not torch.cuda.is_available():
        return None, ""
    n = int(gib * 2**30) // 4
    a = torch.empty(n, dtype=torch.float32, device="cuda")
    b = torch.empty_like(a)
    b.copy_(a)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeats):
        b.copy_(a)
    torch.cuda.synchronize()
    seconds = (time.perf_counter() - start) / repeats
    name = torch.cuda.get_device_name(0)
    del a, b
    torch.cuda.empty_cache()
    return 2 * n * 4 / seconds / 1e9, name


def _times_ms(fn: Callable[[np.ndarray], object], queries: np.ndarray, warmup: int = 3) -> list[float]:
    for q in queries[:warmup]:
        fn(q)
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _batch_ms(fn: Callable[[np.ndarray], object], batch: np.ndarray, repeats: int) -> float:
    fn(batch)  # warm-up: GPU kernels load, scratch memory is allocated
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(batch)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([neighbour_recall_at_k(list(a), list(b), 10) for a, b in zip(found, truth, strict=True)]))


def _row(name: str, single: list[float], batch_ms: float, batch: int, recall: float, bound_ms: float | None,
         stored_bytes: int) -> dict:
    p50 = float(np.percentile(single, 50))
    return {"name": name, "stored_mb": round(stored_bytes / 2**20, 1),
            "p50_ms": round(p50, 3), "p99_ms": round(float(np.percentile(single, 99)), 3),
            "batch_ms": round(batch_ms, 2), "batch_per_query_ms": round(batch_ms / batch, 4),
            "batch_qps": round(batch / batch_ms * 1000, 1), "recall@10": round(recall, 4),
            "bound_ms": None if bound_ms is None else round(bound_ms, 4),
            "p50_over_bound": None if not bound_ms else round(p50 / bound_ms, 2),
            "batch_per_query_over_bound": None if not bound_ms else round(batch_ms / batch / bound_ms, 4)}


def _selector_on_gpu(gpu: faiss.Index, q: np.ndarray, n: int, rng: np.random.Generator) -> str:
    """Whether this FAISS build's GPU index takes an ID selector (the assistant filters on the CPU)."""
    mask = rng.random(n) < 0.1
    packed = np.packbits(mask, bitorder="little")
    sel = faiss.IDSelectorBitmap(n, faiss.swig_ptr(packed))
    try:
        found = gpu.search(q, 10, params=faiss.SearchParameters(sel=sel))[1]
    except RuntimeError as exc:  # FAISS raises its C++ errors as RuntimeError
        return "refused: " + str(exc).strip().splitlines()[-1][:160]
    return "taken, " + ("hits inside the filter" if mask[found[found >= 0]].all() else "hits OUTSIDE the filter")


def bench_gpu(n: int = 1_000_000, dim: int = 384, queries: int = 200, batch: int = 1024, seed: int = 3,
              cpu_queries: int = 30, bandwidth_gbs: float | None = None,
              on_row: Callable[[dict], None] | None = None) -> EvaluationResult:
    """Exact search of ``n`` x ``dim`` vectors on the CPU and the GPU, with the assistant's GPU path checked.

    ``metrics`` has one row per system (see :func:`_row`) plus ``filtered`` (the assistant's
    filtered searches with the GPU copy in place). ``bandwidth_gbs`` defaults to the measured
    copy bandwidth, else :data:`SPEC_BANDWIDTH_GBS`. Raises :class:`NoGpu` without a GPU.
    """
    if gpu_count() == 0:
        raise NoGpu("FAISS sees no GPU here (faiss.get_num_gpus() == 0): install the GPU build on a GPU machine")
    measured, device = copy_bandwidth_gbs()
    bandwidth = bandwidth_gbs or measured or SPEC_BANDWIDTH_GBS
    source = "given" if bandwidth_gbs else "measured (torch copy)" if measured else "H100 SXM datasheet"

    rng = np.random.default_rng(seed)
    centre = rng.standard_normal((max(50, n // 200), dim)).astype(np.float32)
    vectors = synthetic(n, centre, rng)
    q = synthetic(queries, centre, rng)
    batch_q = synthetic(batch, centre, rng)
    cpu = faiss.IndexFlatIP(dim)
    cpu.add(vectors)
    truth = cpu.search(q, 10)[1]
    rows: dict[str, dict] = {}

    def add(row: dict) -> None:
        rows[row["name"]] = row
        if on_row is not None:
            on_row(row)

    def bound(bytes_per_value: int) -> float:
        return n * dim * bytes_per_value / (bandwidth * 1e9) * 1000

    # CPU: fewer single queries (each reads the whole matrix from host memory)
    single = _times_ms(lambda x: cpu.search(x.reshape(1, -1), 10), q[:cpu_queries])
    found = cpu.search(q, 10)[1]
    add(_row("cpu exact fp32", single, _batch_ms(lambda b: cpu.search(b, 10), batch_q, 2), batch,
             _recall(found, truth), None, vectors.nbytes))

    resources = faiss.StandardGpuResources()
    for float16 in (False, True):
        options = faiss.GpuClonerOptions()
        options.useFloat16 = float16
        gpu = faiss.index_cpu_to_gpu(resources, 0, cpu, options)
        single = _times_ms(lambda x, g=gpu: g.search(x.reshape(1, -1), 10), q)
        found = gpu.search(q, 10)[1]
        add(_row(f"gpu exact {'fp16' if float16 else 'fp32'}", single,
                 _batch_ms(lambda b, g=gpu: g.search(b, 10), batch_q, 5), batch, _recall(found, truth),
                 bound(2 if float16 else 4), n * dim * (2 if float16 else 4)))
        if float16:
            selector_on_gpu = _selector_on_gpu(gpu, q[:5], n, rng)
        del gpu

    # The assistant's path: VectorIndex with its GPU copy (float16), as the shop server runs it.
    index = VectorIndex.build(vectors, "flat")
    on_gpu = index.to_gpu()
    single = _times_ms(lambda x: index.search(x, 10), q)
    found = np.stack([np.pad(index.search(x, 10)[1], (0, 10), constant_values=-1)[:10] for x in q])
    add(_row("VectorIndex.search (GPU copy, fp16)", single, _batch_ms(lambda b: index.search_batch(b, 10), batch_q, 5),
             batch, _recall(found, truth), bound(2), n * dim * 2))

    filtered: dict[str, dict] = {}
    for share in (0.10, 0.03, 0.005):
        mask = rng.random(n) < share
        packed = np.packbits(mask, bitorder="little")
        sel = faiss.IDSelectorBitmap(n, faiss.swig_ptr(packed))
        truth_f = cpu.search(q[:cpu_queries], 10, params=faiss.SearchParameters(sel=sel))[1]
        entry: dict[str, object] = {}
        for where in ("gpu", "cpu"):
            if where == "cpu":
                index.drop_gpu()
            before = (index.gpu_filtered, index.gpu_filter_fallbacks)
            times = _times_ms(lambda x, m=mask: index.search(x, 10, m), q[:cpu_queries], warmup=0)
            got = [index.search(x, 10, mask)[1] for x in q[:cpu_queries]]
            entry[f"{where}_p50_ms"] = round(float(np.percentile(times, 50)), 3)
            entry[f"{where}_recall@10"] = _recall(np.stack([np.pad(g, (0, 10), constant_values=-1)[:10] for g in got]),
                                                 truth_f)
            entry[f"{where}_inside_and_full"] = bool(all(g.size == 10 and mask[g].all() for g in got))
            if where == "gpu":
                entry["answered_on_gpu"] = round((index.gpu_filtered - before[0]) / (2 * len(got)), 3)
        filtered[f"{share:.1%} of rows"] = entry
        index.to_gpu()
    rows["filtered"] = filtered
    if on_row is not None:
        on_row({"name": "filtered", **filtered})

    # The index kind the assistant picks at this size when it is above the exact threshold.
    if n >= EXACT_THRESHOLD:
        ivf = VectorIndex.build(vectors, "ivf")
        for where in ("cpu", "gpu"):
            if where == "gpu":
                ivf.to_gpu()
            single = _times_ms(lambda x: ivf.search(x, 10), q if where == "gpu" else q[:cpu_queries])
            found = np.stack([np.pad(ivf.search(x, 10)[1], (0, 10), constant_values=-1)[:10] for x in q])
            add(_row(f"VectorIndex ivf nprobe={ivf.nprobe} ({where.upper()}{', fp16' if where == 'gpu' else ''})",
                     single, _batch_ms(lambda b: ivf.search_batch(b, 10), batch_q, 3), batch,
                     _recall(found, truth), None, vectors.nbytes))
    return EvaluationResult(
        name="bench-gpu", primary_metric="gpu exact fp16/p50_over_bound", metrics=rows,
        details={"n": n, "dim": dim, "queries": queries, "cpu_queries": cpu_queries, "batch": batch, "seed": seed,
                 "gpu": device or "unknown", "gpus": gpu_count(), "bandwidth_gbs": round(bandwidth, 1),
                 "bandwidth_source": source, "faiss": faiss.__version__, "faiss_threads": faiss.omp_get_max_threads(),
                 "gpu_copy_made": on_gpu, "selector_on_gpu": selector_on_gpu})


def table_line(row: dict) -> str:
    """One line of the printed table for a row of :func:`bench_gpu`."""
    if row["name"] == "filtered":
        parts = [f"  {k:>12}: with the GPU copy p50 {v['gpu_p50_ms']:.3f} ms (answered on the GPU "
                 f"{v['answered_on_gpu']:.0%}), CPU index only p50 {v['cpu_p50_ms']:.3f} ms; recall@10 "
                 f"{v['gpu_recall@10']:.3f} / {v['cpu_recall@10']:.3f}; k rows inside the filter "
                 f"{v['gpu_inside_and_full']} / {v['cpu_inside_and_full']}" for k, v in row.items() if k != "name"]
        return "\n".join(["filtered searches, VectorIndex (flat), top 10:", *parts])
    bound = "-" if row["bound_ms"] is None else f"{row['bound_ms']:.3f}"
    ratio = "-" if row["p50_over_bound"] is None else f"{row['p50_over_bound']:.2f}"
    return (f"{row['name']:38} {row['stored_mb']:8.1f} {row['p50_ms']:8.3f} {row['p99_ms']:8.3f} {bound:>8} "
            f"{ratio:>6} {row['batch_ms']:9.2f} {row['batch_per_query_ms']:8.4f} {row['batch_qps']:10.0f} "
            f"{row['recall@10']:6.3f}")
