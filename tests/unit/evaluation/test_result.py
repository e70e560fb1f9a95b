import json

import pytest

from recsys.evaluation.result import EvaluationResult


def _result(**kw):
    fields = dict(name="eval-x", primary_metric="ours/recall@10",
                  metrics={"ours": {"recall@10": 0.5, "by kind": {"a": None}}, "baseline": {"recall@10": 0.25}},
                  details={"k": 10}, problems=["baseline y skipped: no model"])
    return EvaluationResult(**(fields | kw))


def test_primary_and_metric_paths():
    result = _result()
    assert result.primary == 0.5
    assert result.metric("baseline/recall@10") == 0.25
    assert result.metric("ours/by kind") == {"a": None}
    with pytest.raises(KeyError, match="no metric 'ours/mrr'"):
        result.metric("ours/mrr")
    with pytest.raises(KeyError):
        result.metric("ours/recall@10/deeper")


def test_primary_is_none_when_missing_or_undefined():
    assert _result(primary_metric="ours/mrr").primary is None
    assert _result(primary_metric="ours/by kind/a").primary is None
    assert EvaluationResult("bench-x", "recall@10").primary is None


def test_to_json_round_trips():
    result = _result()
    data = json.loads(result.to_json())
    assert data == result.to_dict()
    assert data == {"name": "eval-x", "primary_metric": "ours/recall@10", "primary": 0.5,
                    "metrics": result.metrics, "details": {"k": 10}, "problems": ["baseline y skipped: no model"]}
    assert "\n" not in result.to_json(indent=None)


def test_defaults_are_not_shared():
    a, b = EvaluationResult("a", "m"), EvaluationResult("b", "m")
    a.metrics["m"] = 1.0
    a.problems.append("x")
    assert b.metrics == {} and b.problems == []
