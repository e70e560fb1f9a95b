"""Evaluation commands: eval-scene, eval-search, eval-recommend (a table, or JSON with ``--json``).

The evaluations return an ``EvaluationResult``; the layouts here (table and JSON) are what
the commands printed before that contract existed, and other tools read the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from recsys.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, error, featurizer, read_conversations, scene_detector
from recsys.settings import get_settings

if TYPE_CHECKING:
    from recsys.evaluation.result import EvaluationResult
    from recsys.settings import Settings

LUMA_FIXTURES_ENV = "RECSYS_LUMA_FIXTURES"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the evaluation commands to the `recsys` parser."""
    p = subparsers.add_parser("eval-scene", help="scene metrics of every system side by side on labelled conversations")
    p.add_argument("file")
    p.add_argument("--no-rasa", action="store_true", help="skip the Rasa-intent baseline")
    p.add_argument("--json", action="store_true")
    p.add_argument("--json-out", metavar="PATH", default=None, help="also write the JSON report to PATH")
    p.set_defaults(func=cmd_eval_scene)

    p = subparsers.add_parser("eval-search", help="precision/recall of search vs BM25-only and dense-only")
    p.add_argument("--queries", default=None, help="labelled queries JSONL (default: the shipped set)")
    p.add_argument("--photos", type=int, default=3, help="perturbed photos per product")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_search)

    p = subparsers.add_parser("eval-recommend",
                              help="recommendations vs the merchant's links: popularity, FAISS neighbours, ours")
    p.add_argument("--links", default=os.environ.get(LUMA_FIXTURES_ENV) or None,
                   help=f"folder with links_*/{{crosssell,related,upsell}}.csv, e.g. ../shared/data/luma/fixtures "
                        f"(default: ${LUMA_FIXTURES_ENV}; none or missing: the catalog's own link fields)")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_recommend)


# ---- eval-scene ------------------------------------------------------------------------------

def live_reading(settings: Settings) -> tuple:
    """The assistant's word normaliser and exact cues, built from the catalog as ``Shop.open`` builds them."""
    from recsys.assistant.turns import exact_reading, words_for_model
    from recsys.catalog import load_catalog
    from recsys.encoders.text import text_encoder_for
    from recsys.search.query import QueryParser
    from recsys.search.spelling import Speller, catalog_words, product_vocabulary

    products = load_catalog(settings.catalog_path).products
    known = text_encoder_for(settings).known_words() | catalog_words(products)
    speller = Speller(product_vocabulary(products, types_only=True), known)
    parser = QueryParser(products)
    return (lambda text: words_for_model(text, speller),
            lambda decision, text: exact_reading(decision, text, parser, speller))


def cmd_eval_scene(args: argparse.Namespace) -> int:
    """Every scene system on a labelled conversations file; exit 3 when lines were left out."""
    from recsys.evaluation.scene import evaluate_scenes
    from recsys.scene.model import SCENES

    settings = get_settings()
    path = Path(args.file)
    if not path.exists():
        error(f"{path} not found")
        return EXIT_USAGE
    convs, problems = read_conversations(path)
    unlabelled = [c["id"] for c in convs if not all(t.get("scene") in SCENES for t in c["turns"])]
    for problem in problems + [f"{path}: conversation {i}: a turn has no gold scene" for i in unlabelled]:
        error(problem)
    convs = [c for c in convs if c["id"] not in set(unlabelled)]
    if not convs:
        return EXIT_DATA
    result = evaluate_scenes(scene_detector(settings, explain_words=False), featurizer(settings), convs, path.parent,
                             with_rasa=not args.no_rasa, live=live_reading(settings))
    if args.json_out:
        out = Path(args.json_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(scene_report(result), indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(scene_report(result), indent=2))
    else:
        print(f"{path}: {result.details['conversations']} conversations, {result.details['turns']} turns")
        print(scene_table(result))
    return EXIT_DATA if problems or unlabelled else EXIT_OK


def scene_report(result: EvaluationResult) -> dict:
    """The JSON layout: system -> its metrics, or ``"skipped: reason"``."""
    skipped = result.details["skipped"]
    return {name: result.metrics[name] if name in result.metrics else f"skipped: {skipped[name]}"
            for name in result.details["systems"]}


def scene_table(result: EvaluationResult) -> str:
    """One row per system: accuracy, macro and per-scene F1, shift P/R/F1, delay; act, slot and reference figures."""
    head = f"{'system':<24} {'acc':>6} {'macroF1':>8} {'service':>8} {'search':>8} {'recomm':>8} {'chitchat':>8} " \
           f"{'shiftP':>7} {'shiftR':>7} {'shiftF1':>7} {'delay':>6} {'act':>6} {'slotF1':>6} {'ref':>6}"
    lines = [head, "-" * len(head)]
    for name, m in scene_report(result).items():
        if isinstance(m, str):
            lines.append(f"{name:<24} {m}")
            continue
        f = m["f1"]
        delay = "-" if m["mean_delay"] is None else f"{m['mean_delay']:.2f}"
        sp, sr, sf = (("-" if m[k] is None else f"{m[k]:.3f}") for k in ("shift_precision", "shift_recall", "shift_f1"))
        act, slot, ref = (("-" if m.get(k) is None else f"{m[k]:.3f}")
                          for k in ("act_accuracy", "slot_f1", "ref_accuracy"))
        lines.append(f"{name:<24} {m['accuracy']:>6.3f} {m['macro_f1']:>8.3f} {f['service']:>8.3f} {f['search']:>8.3f} "
                     f"{f['recommend']:>8.3f} {f['chitchat']:>8.3f} {sp:>7} {sr:>7} {sf:>7} {delay:>6} "
                     f"{act:>6} {slot:>6} {ref:>6}")
    return "\n".join(lines)


# ---- eval-search -----------------------------------------------------------------------------

def cmd_eval_search(args: argparse.Namespace) -> int:
    """Search quality on labelled queries, hybrid vs single-signal baselines."""
    from recsys.assistant import get_assistant
    from recsys.evaluation.search import evaluate_search, read_queries

    queries = read_queries(Path(args.queries)) if args.queries else None
    result = evaluate_search(get_assistant(), queries, args.photos, args.seed)
    print(json.dumps(search_report(result), indent=2) if args.json else search_table(result))
    return EXIT_OK


def search_report(result: EvaluationResult) -> dict:
    """The JSON layout: ``text`` and ``photo`` metrics per system, and the number of text queries."""
    return {"text": result.metrics["text"], "photo": result.metrics["photo"], "queries": result.details["queries"]}


def search_table(result: EvaluationResult) -> str:
    """Text queries: P@5, R@10, MRR, ms per query and P@5 per family; photo queries: R@1, R@5."""
    families = result.details["families"]
    lines = [f"Text queries: {result.details['queries']} ({', '.join(f'{f} {n}' for f, n in families.items())})",
             f"{'system':34} {'P@5':>6} {'R@10':>6} {'MRR':>6} {'ms/q':>6}  "
             + "  ".join(f"{f[:9]:>9}" for f in families) + "   (per-family P@5)"]
    for name, entry in result.metrics["text"].items():
        a = entry["all"]
        lines.append(f"{name:34} {a['p@5']:6.3f} {a['r@10']:6.3f} {a['mrr']:6.3f} {entry['ms_per_query']:6.2f}  "
                     + "  ".join(f"{entry[f]['p@5']:9.3f}" for f in families))
    photo = result.metrics["photo"]
    if photo:
        n = next(iter(photo.values()))["n"]
        lines += [f"\nPhoto queries: {n} perturbed catalog photos (crop, flip, resize, light, JPEG)",
                  f"{'system':34} {'R@1':>6} {'R@5':>6}"]
        lines += [f"{name:34} {entry['recall@1']:6.3f} {entry['recall@5']:6.3f}" for name, entry in photo.items()]
    return "\n".join(lines)


# ---- eval-recommend --------------------------------------------------------------------------

def cmd_eval_recommend(args: argparse.Namespace) -> int:
    """Recommendations vs the merchant's links, against popularity and plain FAISS neighbours."""
    from recsys.evaluation.recommend import evaluate_recommendations

    fixtures = Path(args.links) if args.links else None
    result = evaluate_recommendations(get_settings(), fixtures, k=args.k)
    print(json.dumps(recommend_report(result), indent=2) if args.json else recommend_table(result))
    return EXIT_OK


def recommend_report(result: EvaluationResult) -> dict:
    """The JSON layout: split sizes and link source, ``systems`` (the metrics), ``decay``."""
    d = result.details
    return {**{key: d[key] for key in ("k", "products", "sources_with_links", "test_products", "tuning_products",
                                       "links_from")},
            "systems": result.metrics, "decay": d["decay"]}


def recommend_table(result: EvaluationResult) -> str:
    """One row per system (hit@10, recall@10, recall@10 per link kind), then the decay search."""
    d = result.details
    lines = [f"links: {d['links_from']}; {d['sources_with_links']} products with links, "
             f"{d['test_products']} in the test half (their links hidden), {d['tuning_products']} tuning",
             f"{'system':62} {'hit@10':>7} {'recall@10':>10}  recall@10 crosssell/related/upsell"]
    for name, r in result.metrics.items():
        kinds = "/".join("-" if v is None else f"{v:.3f}" for v in r["recall@10 by link kind"].values())
        lines.append(f"{name:62} {r['hit@10']:>7.3f} {r['recall@10']:>10.3f}  {kinds}")
    decay = d["decay"]
    lines.append(f"profile decay a: recall@10 on {decay['walks']['tuning']} tuning walks "
                 f"{decay['grid_recall@10_on_tuning_walks']}; chosen {decay['chosen']}; "
                 f"on {decay['walks']['test']} test walks {decay['test_walks_recall@10']}")
    return "\n".join(lines)
