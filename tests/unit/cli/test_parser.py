"""The parser and the output layouts, in process (no models loaded)."""

import pytest

from recsys.cli.evaluate import (
    recommend_report,
    recommend_table,
    scene_report,
    scene_table,
    search_report,
    search_table,
)
from recsys.cli.main import build_parser
from recsys.evaluation.result import EvaluationResult

COMMANDS = {"ingest", "prepare", "migrate", "import-luma", "search", "scene", "train-scene", "train-image-proj",
            "eval-scene", "eval-search", "eval-recommend", "bench-scene", "bench-store", "bench-index", "bench-gpu",
            "storefront", "rasa-endpoints", "erase-shopper"}


def _subparsers(parser):
    return next(a for a in parser._actions if a.dest == "command").choices


def test_every_command_is_registered_once():
    assert set(_subparsers(build_parser())) == COMMANDS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([command, "--help"])
    assert exit_.value.code == 0 and f"usage: recsys {command}" in capsys.readouterr().out


def test_defaults_stay():
    args = build_parser().parse_args(["bench-index"])
    assert (args.sizes, args.dim, args.queries, args.seed, args.json) == ("10000,100000,1000000", 384, 200, 3, False)
    args = build_parser().parse_args(["eval-search"])
    assert (args.queries, args.photos, args.seed, args.json) == (None, 3, 7, False)
    args = build_parser().parse_args(["search", "red jacket"])
    assert (args.query, args.image, args.k, args.json, args.sender) == ("red jacket", None, 10, False, "default")


def test_eval_recommend_links_default_from_the_environment(monkeypatch):
    monkeypatch.delenv("RECSYS_LUMA_FIXTURES", raising=False)
    assert build_parser().parse_args(["eval-recommend"]).links is None
    monkeypatch.setenv("RECSYS_LUMA_FIXTURES", "/data/luma/fixtures")
    assert build_parser().parse_args(["eval-recommend"]).links == "/data/luma/fixtures"
    assert build_parser().parse_args(["eval-recommend", "--links", "x"]).links == "x"


def test_import_luma_needs_out(capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["import-luma", "luma"])
    assert exit_.value.code == 2 and "--out" in capsys.readouterr().err
    assert build_parser().parse_args(["import-luma", "luma", "--out", "cat"]).out == "cat"


def _scene_metrics(acc):
    return {"turns": 4, "accuracy": acc, "f1": {"service": 1.0, "search": 0.5, "recommend": 0.0, "chitchat": 1.0},
            "macro_f1": 0.625, "shifts": 0, "shift_precision": None, "shift_recall": None, "shift_f1": None,
            "mean_delay": None, "missed_shifts": 0}


def test_scene_layouts_keep_order_and_skipped_systems():
    result = EvaluationResult("eval-scene", "full + filter/macro_f1", {"full + filter": _scene_metrics(0.75)},
                              {"systems": ["rasa-intent baseline", "full + filter"],
                               "skipped": {"rasa-intent baseline": "no Rasa venv"}, "conversations": 1, "turns": 4})
    assert scene_report(result) == {"rasa-intent baseline": "skipped: no Rasa venv",
                                    "full + filter": _scene_metrics(0.75)}
    lines = scene_table(result).splitlines()
    assert lines[0].split() == ["system", "acc", "macroF1", "service", "search", "recomm", "chitchat", "shiftP",
                                "shiftR", "shiftF1", "delay", "act", "slotF1", "ref"]
    assert lines[2] == f"{'rasa-intent baseline':<24} skipped: no Rasa venv"
    assert lines[3] == f"{'full + filter':<24}  0.750    0.625    1.000    0.500    0.000    1.000       -       -" \
                       "       -      -      -      -      -"


def test_search_layouts():
    summary = {"p@5": 0.5, "r@10": 0.25, "mrr": 1.0, "n": 2}
    result = EvaluationResult("eval-search", "text/hybrid/all/p@5",
                              {"text": {"hybrid": {"all": summary, "ms_per_query": 1.5, "name": summary}},
                               "photo": {"fused": {"recall@1": 0.5, "recall@5": 1.0, "n": 4}}},
                              {"queries": 2, "families": {"name": 2}})
    assert list(search_report(result)) == ["text", "photo", "queries"]
    assert search_table(result).splitlines() == [
        "Text queries: 2 (name 2)",
        f"{'system':34}    P@5   R@10    MRR   ms/q       name   (per-family P@5)",
        f"{'hybrid':34}  0.500  0.250  1.000   1.50      0.500",
        "",
        "Photo queries: 4 perturbed catalog photos (crop, flip, resize, light, JPEG)",
        f"{'system':34}    R@1    R@5",
        f"{'fused':34}  0.500  1.000",
    ]


def test_recommend_layouts():
    decay = {"grid_recall@10_on_tuning_walks": {"0.0": 0.2}, "chosen": 0.0, "walks": {"tuning": 5, "test": 4},
             "test_walks_recall@10": {"0.0": 0.1}}
    details = {"k": 10, "products": 9, "sources_with_links": 8, "test_products": 3, "tuning_products": 5,
               "links_from": "catalog", "decay": decay}
    systems = {"popularity": {"hit@10": 0.5, "recall@10": 0.25,
                              "recall@10 by link kind": {"crosssell": None, "related": 0.5, "upsell": 0.0}}}
    result = EvaluationResult("eval-recommend", "popularity/recall@10", systems, details)
    assert list(recommend_report(result)) == ["k", "products", "sources_with_links", "test_products",
                                              "tuning_products", "links_from", "systems", "decay"]
    assert recommend_table(result).splitlines()[2:] == [
        f"{'popularity':62}   0.500      0.250  -/0.500/0.000",
        "profile decay a: recall@10 on 5 tuning walks {'0.0': 0.2}; chosen 0.0; on 4 test walks {'0.0': 0.1}",
    ]
