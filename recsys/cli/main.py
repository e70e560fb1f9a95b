"""`recsys` command line: ingest, search, scene, prepare, training and evaluation commands.

Output contracts (DESIGN.md) are stable: `scene` prints one JSON line per conversation and
`search --json` one JSON array. Errors go to stderr with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from recsys.catalog import CatalogError
from recsys.settings import SettingsError, get_settings, redact_url

log = logging.getLogger("recsys")
EXIT_USAGE, EXIT_DATA = 2, 3


# Characters that some line readers (Python's str.splitlines, JavaScript) take for line breaks
# but json.dumps(ensure_ascii=False) leaves raw inside strings.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(obj: object) -> str:
    """One JSON document on exactly one line, readable (non-ASCII kept) by any line reader."""
    text = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def _setup_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_ingest(args: argparse.Namespace) -> int:
    from recsys.search.ingest import ingest

    report = ingest(get_settings(), Path(args.catalog), skip_bad_rows=args.skip_bad_rows, rebuild=args.rebuild)
    for problem in report.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    for problem in report.missing_images:
        print(f"no photo: {problem}", file=sys.stderr)
    print(f"indexed {report.products} products ({report.mode}: +{report.added} ~{report.updated} "
          f"-{report.deleted}; encoded {report.encoded_texts} texts, {report.encoded_images} photos)"
          + (f", skipped {len(report.skipped)} bad row(s)" if report.skipped else ""))
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    """Everything the servers need, done only when stale: index for the catalog, demo orders."""
    from recsys.catalog import load_catalog
    from recsys.search.ingest import index_is_current, ingest
    from recsys.storage.orders import OrderBook
    from recsys.storage.orm import make_session_factory

    settings = get_settings()
    catalog = Path(args.catalog) if args.catalog else settings.catalog_path
    if index_is_current(settings, catalog):
        print(f"index is current for {catalog}")
    else:
        report = ingest(settings, catalog)
        print(f"indexed {report.products} products from {catalog} ({report.mode})")
    orders_csv = Path(args.luma_orders) if args.luma_orders else None
    book = OrderBook(make_session_factory(settings.resolved_database_url))
    n = book.seed(load_catalog(catalog).products, orders_csv, settings.demo_seed)
    print(f"{n} orders in {redact_url(settings.resolved_database_url)}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the context store's schema to the newest revision (also done at every start-up)."""
    from recsys.storage.migrations import current_revision, migrate
    from recsys.storage.orm import make_engine

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine, args.revision)
    print(f"{redact_url(settings.resolved_database_url)} is at revision {current_revision(engine)}")
    return 0


def cmd_eval_recommend(args: argparse.Namespace) -> int:
    from recsys.evaluation.recommend import print_report, run_eval

    fixtures = Path(args.links) if args.links else None
    report = run_eval(get_settings(), fixtures, k=args.k)
    print(json.dumps(report, indent=2)) if args.json else print_report(report)
    return 0


def cmd_rasa_endpoints(args: argparse.Namespace) -> int:
    from recsys.ops.rasa_endpoints import write_endpoints

    out = write_endpoints(get_settings(), Path(args.out))
    print(out)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from recsys.assistant.core import get_assistant
    from recsys.images import ImageError, check_image_file

    photo = None
    if args.image:
        try:
            photo = check_image_file(args.image, get_settings().max_upload_bytes)
        except ImageError as exc:
            print(f"error: {args.image}: {exc}", file=sys.stderr)
            return EXIT_DATA
    if not args.query.strip() and photo is None:
        print("error: empty query (give words, --image PATH, or both)", file=sys.stderr)
        return EXIT_USAGE
    assistant = get_assistant()
    answer = assistant.search(f"cli-{args.sender}", args.query, k=args.k, photo=photo)
    if args.json:
        print(json_line([v.payload() for v in answer.products]))
    else:
        print(answer.text)
    return 0


def _scene_detector(settings, explain_words: bool = True):
    from recsys.encoders.text import get_text_encoder
    from recsys.scene.detector import SceneDetector

    return SceneDetector.from_settings(settings, get_text_encoder(settings.text_model, settings.device), explain_words)


def _featurizer(settings):
    from recsys.encoders.cache import EmbeddingCache
    from recsys.encoders.image import get_image_encoder
    from recsys.encoders.text import get_text_encoder
    from recsys.scene.featurizer import Featurizer

    return Featurizer(get_text_encoder(settings.text_model, settings.device),
                      lambda: get_image_encoder(settings.image_projection_path, settings.device),
                      EmbeddingCache(settings.embedding_cache_path))


def _read_conversations(path: Path) -> tuple[list[dict], list[str]]:
    """Conversations and one `file:line: reason` per line that is not one."""
    convs, problems = [], []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                conv = json.loads(line)
                turns = conv["turns"]
                if not isinstance(turns, list) or not all(isinstance(t, dict) for t in turns):
                    raise TypeError("'turns' is not a list of objects")
                for i, turn in enumerate(turns, 1):
                    for key in ("text", "image"):
                        if turn.get(key) is not None and not isinstance(turn[key], str):
                            raise TypeError(f"turn {i}: '{key}' is not a string")
                    if len(turn.get("image") or "") > 4096:
                        raise TypeError(f"turn {i}: 'image' is not a usable path")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                problems.append(f"{path}:{lineno}: not a conversation ({exc})")
                continue
            conv.setdefault("id", str(lineno))
            convs.append(conv)
    return convs, problems


def cmd_scene(args: argparse.Namespace) -> int:
    """Each conversation is run turn by turn, each turn seeing only earlier turns."""
    settings = get_settings()
    detector = _scene_detector(settings)
    featurizer = _featurizer(settings)
    path = Path(args.file)
    if not path.exists():
        print(f"error: {path} not found", file=sys.stderr)
        return EXIT_USAGE
    convs, problems = _read_conversations(path)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    for conv in convs:
        text_vecs, image_vecs, errors = featurizer.conversations([conv], path.parent)
        turns = [dict(t, image_error=e) if e else t for t, e in zip(conv["turns"], errors[0], strict=True)]
        decisions = detector.run(turns, explain=args.explain, use_filter=not args.raw,
                                 text_vecs=text_vecs[0], image_vecs=image_vecs[0])
        out = {"id": conv["id"], "scenes": [d.scene for d in decisions], "probs": [d.probs for d in decisions]}
        if args.explain:
            out["raw_scenes"] = [d.raw_scene for d in decisions]
            out["explanations"] = [d.explanation for d in decisions]
        print(json_line(out), flush=True)
    return EXIT_DATA if problems else 0


def cmd_eval_scene(args: argparse.Namespace) -> int:
    from recsys.evaluation.scene import evaluate, format_table

    settings = get_settings()
    path = Path(args.file)
    if not path.exists():
        print(f"error: {path} not found", file=sys.stderr)
        return EXIT_USAGE
    convs, problems = _read_conversations(path)
    unlabelled = [c["id"] for c in convs if not all(t.get("scene") in ("service", "search", "recommend", "chitchat")
                                                   for t in c["turns"])]
    for problem in problems + [f"{path}: conversation {i}: a turn has no gold scene" for i in unlabelled]:
        print(f"error: {problem}", file=sys.stderr)
    convs = [c for c in convs if c["id"] not in set(unlabelled)]
    if not convs:
        return EXIT_DATA
    results = evaluate(_scene_detector(settings, explain_words=False), _featurizer(settings), convs, path.parent,
                       with_rasa=not args.no_rasa)
    if args.json:
        print(json.dumps(dict(results), indent=2))
    else:
        print(f"{path}: {len(convs)} conversations, {sum(len(c['turns']) for c in convs)} turns")
        print(format_table(results))
    return EXIT_DATA if problems or unlabelled else 0


def cmd_bench_scene(args: argparse.Namespace) -> int:
    from recsys.bench.scene import run_benchmark

    print(json.dumps(run_benchmark(get_settings(), args.turns, args.seed), indent=2))
    return 0


def cmd_train_scene(args: argparse.Namespace) -> int:
    from recsys.encoders.cache import EmbeddingCache
    from recsys.encoders.image import get_image_encoder
    from recsys.encoders.text import get_text_encoder
    from recsys.training.scene import train_all

    settings = get_settings()
    if args.rebuild_data:
        from recsys.training import conversations as scene_conversations

        scene_conversations.write_all(Path(args.rebuild_data), log=lambda m: print(m, file=sys.stderr))
    out = Path(args.out) if args.out else settings.scene_model_path
    meta = train_all(get_text_encoder(settings.text_model, settings.device),
                     lambda: get_image_encoder(settings.image_projection_path, settings.device), out,
                     EmbeddingCache(settings.embedding_cache_path), seed=args.seed, epochs=args.epochs)
    print(json.dumps({k: v for k, v in meta.items() if k not in ("filter_tuning", "transitions")}, indent=2))
    return 0


def cmd_train_image_proj(args: argparse.Namespace) -> int:
    from recsys.training.image_projection import train_from_catalog

    settings = get_settings()
    out = Path(args.out) if args.out else settings.image_projection_path
    metrics = train_from_catalog(settings, Path(args.catalog) if args.catalog else settings.catalog_path, out,
                                 seed=args.seed)
    print(json.dumps(metrics, indent=2))
    return 0


def cmd_eval_search(args: argparse.Namespace) -> int:
    from recsys.evaluation.search import run_eval

    return run_eval(get_settings(), Path(args.queries) if args.queries else None, args.photos, args.seed,
                    args.json)


def cmd_bench_index(args: argparse.Namespace) -> int:
    from recsys.bench.index import run_bench

    sizes = [int(s) for s in args.sizes.split(",") if s]
    return run_bench(sizes, args.dim, args.queries, args.json, args.seed)


def cmd_storefront(args: argparse.Namespace) -> int:
    from recsys.demo.storefront import serve

    serve(get_settings(), args.host, args.port, args.chat_server)
    return 0


def cmd_import_luma(args: argparse.Namespace) -> int:
    from recsys.datasets.luma import import_luma

    path = import_luma(Path(args.luma_dir), Path(args.out))
    print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="recsys", description="Scene-switching shop assistant library")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (default from settings)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="load a catalog (JSONL/CSV) and bring the index in line (incremental)")
    p.add_argument("catalog")
    p.add_argument("--skip-bad-rows", action="store_true", help="index the good rows, report the bad ones")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch instead of updating")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("prepare", help="build the index if stale and seed the demo orders")
    p.add_argument("--catalog", default=None)
    p.add_argument("--luma-orders", default=None, help="Luma orders.csv to seed the sample customer's orders")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("migrate", help="upgrade the context store's database schema (Alembic)")
    p.add_argument("--revision", default="head")
    p.set_defaults(func=cmd_migrate)
    p = sub.add_parser("eval-recommend", help="recommendations vs the merchant's links: popularity, FAISS neighbours, ours")
    p.add_argument("--links", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "luma" / "fixtures"),
                   help="folder with links_*/{crosssell,related,upsell}.csv (default: ../shared/data/luma/fixtures; "
                        "missing: the catalog's own link fields)")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_recommend)
    p = sub.add_parser("rasa-endpoints", help="write Rasa's endpoints.yml (tracker and lock store) from settings")
    p.add_argument("--out", default="var/endpoints.yml")
    p.set_defaults(func=cmd_rasa_endpoints)
    p = sub.add_parser("search", help="search products")
    p.add_argument("query", nargs="?", default="", help="words (may be empty with --image)")
    p.add_argument("--image", default=None, help="a photo to search by (JPEG/PNG/WebP/GIF)")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.add_argument("--sender", default="default", help="context-store shopper id (preferences carry over)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("scene", help="label conversations in a JSONL file turn by turn")
    p.add_argument("file")
    p.add_argument("--explain", action="store_true", help="add raw scenes and per-turn explanations")
    p.add_argument("--raw", action="store_true", help="the model alone, without the switching filter")
    p.set_defaults(func=cmd_scene)

    p = sub.add_parser("eval-scene", help="scene metrics of every system side by side on labelled conversations")
    p.add_argument("file")
    p.add_argument("--no-rasa", action="store_true", help="skip the Rasa-intent baseline")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_scene)

    p = sub.add_parser("bench-scene", help="per-turn scene latency (text, text + photo) on this machine")
    p.add_argument("--turns", type=int, default=300)
    p.add_argument("--seed", type=int, default=3)
    p.set_defaults(func=cmd_bench_scene)

    p = sub.add_parser("train-scene", help="train the scene model from recsys/data/scene_data/")
    p.add_argument("--rebuild-data", metavar="SHARED_SCENES_DIR", default=None,
                   help="first regenerate the training/dev conversations from ../shared/data/scenes")
    p.add_argument("--out", default=None)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=25)
    p.set_defaults(func=cmd_train_scene)

    p = sub.add_parser("train-image-proj", help="train the photo->text projection on the catalog's photos")
    p.add_argument("--catalog", default=None)
    p.add_argument("--out", default=None)
    p.add_argument("--seed", type=int, default=13)
    p.set_defaults(func=cmd_train_image_proj)

    p = sub.add_parser("eval-search", help="precision/recall of search vs BM25-only and dense-only")
    p.add_argument("--queries", default=None, help="labelled queries JSONL (default: the shipped set)")
    p.add_argument("--photos", type=int, default=3, help="perturbed photos per product")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_search)

    p = sub.add_parser("bench-index", help="FAISS build/latency/recall at synthetic sizes")
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_index)

    p = sub.add_parser("storefront", help="serve the demo storefront page with the chat widget")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--chat-server", default="http://localhost:5005", help="Rasa server URL the widget talks to")
    p.set_defaults(func=cmd_storefront)

    p = sub.add_parser("import-luma", help="convert the Luma sample store into the project's catalog")
    p.add_argument("luma_dir")
    p.add_argument("--out", default=str(Path(__file__).parent / "data" / "catalog"))
    p.set_defaults(func=cmd_import_luma)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        _setup_logging(args.log_level or settings.log_level)
        if getattr(args, "k", 1) < 1:
            parser.error("-k must be at least 1")
        return args.func(args)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"catalog error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # noqa: BLE001 - the CLI reports, the log keeps the traceback
        from recsys.encoders.image import ImageModelError
        from recsys.encoders.text import ModelNotFoundError
        from recsys.scene.model import SceneModelError
        from recsys.search.index import ProductIndexError

        if isinstance(exc, (ModelNotFoundError, ProductIndexError, SceneModelError, ImageModelError)):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_DATA
        raise


if __name__ == "__main__":
    sys.exit(main())
