"""Benchmark commands: bench-scene and bench-store (JSON); bench-index and bench-gpu (a table, or ``--json``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from recsys.cli.common import EXIT_OK, EXIT_USAGE, error
from recsys.settings import TEXT_BACKENDS, get_settings

EXIT_NO_GPU = 1  # bench-gpu on a machine where FAISS sees no GPU


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the benchmark commands to the `recsys` parser."""
    p = subparsers.add_parser("bench-scene", help="per-turn turn-model latency (text, text + photo) on this machine")
    p.add_argument("--turns", type=int, default=300)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--baseline", metavar="V3_MODEL.pt", default=None,
                   help="also time a v3 scene model file turn by turn in the same run, e.g. "
                        "`git show 07d02b4:recsys/data/scene_model/scene_model.pt` (and its .json) saved to var/")
    p.add_argument("--backends", metavar="B1,B2", default="",
                   help=f"also time these text backends ({', '.join(TEXT_BACKENDS)}) turn by turn in the same run, "
                        "with the latency ratio and the cosine of their vectors to the configured backend's")
    p.add_argument("--cosine-texts", type=int, default=1000, help="dev turns compared for --backends")
    p.set_defaults(func=cmd_bench_scene)

    p = subparsers.add_parser("bench-store", help="the context store's cost per chat turn (SQLite, or --database-url)")
    p.add_argument("--shoppers", type=int, default=30)
    p.add_argument("--turns", type=int, default=20, help="turns per shopper")
    p.add_argument("--database-url", default=None,
                   help="an SQLAlchemy URL to time instead of a temporary SQLite file (its tables are migrated)")
    p.set_defaults(func=cmd_bench_store)

    p = subparsers.add_parser("bench-index", help="FAISS build/latency/recall at synthetic sizes")
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_index)

    p = subparsers.add_parser("bench-gpu", help="FAISS exact search at 1M vectors, CPU vs GPU, vs the bandwidth bound")
    p.add_argument("--n", type=int, default=1_000_000, help="stored vectors")
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=200, help="single queries timed on the GPU")
    p.add_argument("--cpu-queries", type=int, default=30, help="single queries timed on the CPU (slow at 1M)")
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--bandwidth-gbs", type=float, default=None,
                   help="memory bandwidth for the bound (default: measured with torch, else the H100 SXM figure)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_gpu)


def cmd_bench_scene(args: argparse.Namespace) -> int:
    """Per-turn latency as JSON: torch threads, model versions (backends, ratios, cosines), then one summary per row."""
    from recsys.bench.scene import bench_scene

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = sorted(set(backends) - set(TEXT_BACKENDS))
    if unknown:
        error(f"unknown text backend(s) {', '.join(unknown)}; choose from {', '.join(TEXT_BACKENDS)}")
        return EXIT_USAGE
    result = bench_scene(get_settings(), args.turns, args.seed, Path(args.baseline) if args.baseline else None,
                         backends, args.cosine_texts)
    print(json.dumps({**result.details, **result.metrics}, indent=2))
    return EXIT_OK


def cmd_bench_store(args: argparse.Namespace) -> int:
    """The store calls of a chat turn, timed: JSON with milliseconds of wall and CPU time per turn."""
    from recsys.bench.store import bench_store

    if args.shoppers < 1 or args.turns < 1:
        error("--shoppers and --turns must be at least 1")
        return EXIT_USAGE
    print(json.dumps(bench_store(args.database_url, args.shoppers, args.turns), indent=2))
    return EXIT_OK


def cmd_bench_index(args: argparse.Namespace) -> int:
    """FAISS index figures per size and kind; the table streams a row as each is measured."""
    from recsys.bench.index import bench_index, faiss_setup

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.json:
        result = bench_index(sizes, args.dim, args.queries, args.seed)
        print(json.dumps(list(result.metrics.values()), indent=2))
        return EXIT_OK
    setup = faiss_setup()
    print(f"dim {args.dim}, {args.queries} queries, filter keeps 10% of rows, FAISS threads "
          f"{setup['faiss_threads']}, GPUs {setup['gpus']}")
    print(f"{'n':>9} {'kind':5} {'build s':>8} {'MB':>7} {'nprobe':>6} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'f.p50':>7} {'f.p99':>7} {'QPS':>8} {'R@10':>6} {'f.R@10':>6} {'k full':>6}")
    bench_index(sizes, args.dim, args.queries, args.seed, on_row=lambda row: print(index_row(row), flush=True))
    return EXIT_OK


def cmd_bench_gpu(args: argparse.Namespace) -> int:
    """CPU and GPU exact search side by side (a table streamed row by row, or JSON); exit 1 without a GPU."""
    from recsys.bench.gpu import NoGpu, bench_gpu, gpu_count, table_line

    if min(args.n, args.dim, args.queries, args.cpu_queries, args.batch) < 1 or args.cpu_queries > args.queries:
        error("--n, --dim, --queries, --cpu-queries and --batch must be positive, and --cpu-queries <= --queries")
        return EXIT_USAGE
    if gpu_count() == 0:
        error("FAISS sees no GPU here (faiss.get_num_gpus() == 0): install the GPU build on a GPU machine")
        return EXIT_NO_GPU
    options = (args.n, args.dim, args.queries, args.batch, args.seed, args.cpu_queries, args.bandwidth_gbs)
    try:
        if args.json:
            print(bench_gpu(*options).to_json())
            return EXIT_OK
        print(f"{'system':38} {'MB':>8} {'p50 ms':>8} {'p99 ms':>8} {'bound':>8} {'p50/b':>6} "
              f"{'batch ms':>9} {'ms/q':>8} {'batch QPS':>10} {'R@10':>6}", flush=True)
        result = bench_gpu(*options, on_row=lambda row: print(table_line(row), flush=True))
    except NoGpu as exc:
        error(str(exc))
        return EXIT_NO_GPU
    print(json.dumps(result.details))
    return EXIT_OK


def index_row(row: dict) -> str:
    """One table line for a ``bench_index`` row."""
    return (f"{row['n']:>9} {row['kind']:5} {row['build_s']:8.2f} {row['faiss_mb']:7.1f} "
            f"{row['nprobe'] or '-':>6} {row['p50_ms']:7.3f} {row['p99_ms']:7.3f} {row['filtered_p50_ms']:7.3f} "
            f"{row['filtered_p99_ms']:7.3f} {row['batch_qps']:8.0f} {row['recall@10']:6.3f} "
            f"{row['filtered_recall@10']:6.3f} {row['filtered_full_k']:6.3f}")
