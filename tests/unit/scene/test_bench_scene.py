"""`recsys bench-scene --baseline`: an older model of today's format is timed beside the current one."""

from __future__ import annotations

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
