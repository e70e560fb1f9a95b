"""`recsys bench-scene`: an older model of today's format, or another text backend, is timed beside the current one."""

from __future__ import annotations

import dataclasses
import shutil

from recsys.bench.scene import bench_scene
from recsys.settings import get_settings


def test_a_baseline_of_todays_format_is_timed_with_all_its_heads(tmp_path):
    settings = get_settings()
    base = tmp_path / "old_model.pt"
    shutil.copy(settings.scene_model_path, base)
    shutil.copy(settings.scene_model_path.with_suffix(".json"), base.with_suffix(".json"))
    result = bench_scene(settings, turns=3, baseline=base)
    versions = result.details["models"]
    assert versions["baseline"] == versions["current"] != "3"
    for row in ("text_turn", "text_turn_with_word_explanation", "photo_turn"):
        assert result.metrics[row]["n"] >= 3 and result.metrics[f"baseline/{row}"]["n"] >= 3
        assert result.metrics[f"baseline/{row}"]["p50_ms"] > 0


def test_other_text_backends_are_timed_beside_the_configured_one_and_compared(settings):
    torch_settings = dataclasses.replace(settings, text_backend="torch")
    result = bench_scene(torch_settings, turns=3, backends=["onnx", "torch"], cosine_texts=8)
    assert result.details["text_backends"] == {"current": "torch", "onnx": "onnx"}  # the configured one once
    for row in ("text_encode", "text_turn", "text_turn_with_word_explanation", "photo_turn"):
        assert result.metrics[row]["n"] >= 3 and result.metrics[f"onnx/{row}"]["p50_ms"] > 0
        assert result.details["ratio"]["onnx"][row]["p95"] > 0
    cosine = result.details["cosine"]["onnx"]
    assert cosine["turn_vectors"]["n"] == 8 and cosine["product_vectors"]["n"] > 100
    assert all(c["min"] > 0.9999 for c in cosine.values()), cosine
