import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from recsys.scene import SCENES, switch_filter

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "scenes" / "conversations_dev.jsonl"


def test_switch_filter_keeps_scene_on_ambiguous_turn_and_switches_on_clear_one():
    ambiguous = np.array([0.30, 0.40, 0.20, 0.10])  # service, search, recommend, chitchat
    assert SCENES[int(switch_filter(ambiguous, "service", 0.34).argmax())] == "service"
    clear = np.array([0.05, 0.90, 0.03, 0.02])
    assert SCENES[int(switch_filter(clear, "service", 0.34).argmax())] == "search"
    assert np.allclose(switch_filter(clear, None, 0.34), clear)


def test_detector_labels_clear_turns(assistant):
    scenes = assistant.scenes
    assert scenes.decide("where is my order 1042", None).scene == "service"
    assert scenes.decide("red running jacket for women", None).scene == "search"
    assert scenes.decide("what would go with this jacket? any gift ideas", None).scene == "recommend"
    assert scenes.decide("hi there!", None).scene == "chitchat"
    empty = scenes.decide("   ", "search")
    assert empty.scene == "search" and empty.explanation["reason"] == "empty message"


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "recsys.cli", *args], capture_output=True, text=True, cwd=ROOT, **kw)


@pytest.mark.skipif(not DEV.exists(), reason="shared dev conversations not present")
def test_scene_cli_prints_documented_format():
    result = run_cli("scene", str(DEV))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    gold = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    assert [c["id"] for c in lines] == [c["id"] for c in gold]
    correct = total = 0
    for conv, ref in zip(lines, gold, strict=True):
        assert set(conv) == {"id", "scenes", "probs"}
        assert len(conv["scenes"]) == len(conv["probs"]) == len(ref["turns"])
        for scene, probs, turn in zip(conv["scenes"], conv["probs"], ref["turns"], strict=True):
            assert scene in SCENES and set(probs) == set(SCENES)
            assert abs(sum(probs.values()) - 1) < 1e-3 and max(probs, key=probs.get) == scene
            correct += scene == turn["scene"]
            total += 1
    assert correct / total >= 0.75  # a floor for the first detector, not a tuned target


def test_scene_cli_rejects_bad_lines(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "ok", "turns": [{"text": "hi"}]}\nnot json\n{"id": "x"}\n')
    result = run_cli("scene", str(f))
    assert result.returncode == 3
    assert json.loads(result.stdout.splitlines()[0])["id"] == "ok"
    assert f"{f}:2" in result.stderr and f"{f}:3" in result.stderr


def test_training_is_reproducible_and_accurate(assistant, tmp_path):
    from recsys import scene_data
    from recsys.scene import train_head

    examples = scene_data.read()
    meta = train_head(assistant.encoder, examples, tmp_path / "head.pt", seed=13, epochs=20)
    assert meta["dev_macro_f1"] >= 0.9
    again = train_head(assistant.encoder, examples, tmp_path / "head2.pt", seed=13, epochs=20)
    assert again["dev_macro_f1"] == meta["dev_macro_f1"]
