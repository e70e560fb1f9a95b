"""Benchmark commands: bench-scene and bench-store (JSON), bench-index (a table, or JSON with ``--json``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from recsys.cli.common import EXIT_OK, EXIT_USAGE, error
from recsys.settings import TEXT_BACKENDS, get_settings


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


def index_row(row: dict) -> str:
    """One table line for a ``bench_index`` row."""
    return (f"{row['n']:>9} {row['kind']:5} {row['build_s']:8.2f} {row['faiss_mb']:7.1f} "
            f"{row['nprobe'] or '-':>6} {row['p50_ms']:7.3f} {row['p99_ms']:7.3f} {row['filtered_p50_ms']:7.3f} "
            f"{row['filtered_p99_ms']:7.3f} {row['batch_qps']:8.0f} {row['recall@10']:6.3f} "
            f"{row['filtered_recall@10']:6.3f} {row['filtered_full_k']:6.3f}")
