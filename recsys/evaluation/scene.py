"""Scene detection quality (`recsys eval-scene FILE`): every system side by side on labelled conversations.

Systems: the bot's own DIET intent mapped to a scene (Rasa baseline, needs the Rasa venv and a
trained model; skipped with a reason otherwise), then the ``text``, ``text+context`` and
``full`` variants of the scene model, each without and with the switching filter.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from recsys.datasets.scene_data import INTENT_SCENES
from recsys.evaluation.result import EvaluationResult
from recsys.evaluation.scene_metrics import score
from recsys.scene.detector import SceneDetector, run_conversations
from recsys.scene.featurizer import Featurizer
from recsys.scene.model import VARIANTS
from recsys.settings import PROJECT_DIR

RASA_PYTHON = PROJECT_DIR / ".venv-rasa" / "bin" / "python"


class BaselineUnavailable(RuntimeError):
    """The Rasa baseline cannot run here (no Rasa venv, no trained model, or Rasa failed)."""


def latest_rasa_model(models_dir: Path = PROJECT_DIR / "models") -> Path:
    """The newest trained bot model in ``models_dir``."""
    models = sorted(models_dir.glob("bot-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise BaselineUnavailable(f"no trained Rasa model in {models_dir} (run `make model`)")
    return models[-1]


def rasa_intents(texts: list[str], model: Path | None = None, timeout: int = 900) -> list[str | None]:
    """The bot's DIET intent for each text, parsed in the Rasa venv (None where it found none)."""
    if not RASA_PYTHON.exists():
        raise BaselineUnavailable(f"no Rasa venv at {RASA_PYTHON.parent.parent} (run `make setup`)")
    model = model or latest_rasa_model()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "intents.json"
        proc = subprocess.run([str(RASA_PYTHON), str(PROJECT_DIR / "bot" / "tools" / "rasa_intents.py"), str(model),
                               str(out)], input=json.dumps(texts), capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not out.exists():
            raise BaselineUnavailable(f"Rasa parse failed: {proc.stderr.strip()[-400:]}")
        return json.loads(out.read_text())


def rasa_baseline(convs: list[dict]) -> list[list[str]]:
    """Intent -> scene per turn; a turn with no words (photo or click only) keeps the last scene."""
    texts = [str(t.get("text") or "") for c in convs for t in c["turns"]]
    intents = iter(rasa_intents(texts))
    out = []
    for c in convs:
        scenes: list[str] = []
        for _ in c["turns"]:
            intent = next(intents)
            scene = INTENT_SCENES.get(intent or "", None)
            scenes.append(scene or (scenes[-1] if scenes else "chitchat"))
        out.append(scenes)
    return out


RASA_BASELINE = "rasa-intent baseline"
LIVE_SYSTEM = "full + filter"  # what the assistant runs


def evaluate_scenes(detector: SceneDetector, featurizer: Featurizer, convs: list[dict], base: Path | None,
                    with_rasa: bool = True) -> EvaluationResult:
    """Scene metrics (see ``scene_metrics.score``) of every system on ``convs``, whose turns carry a gold scene.

    ``metrics`` holds one ``score`` dict per system that ran (plus ``seconds`` for the scene
    model); ``details["systems"]`` names every system in order, ``details["skipped"]`` says why
    a system did not run.
    """
    gold = [[t["scene"] for t in c["turns"]] for c in convs]
    text_vecs, image_vecs, _ = featurizer.conversations(convs, base)
    systems: list[str] = []
    metrics: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    if with_rasa:
        systems.append(RASA_BASELINE)
        try:
            metrics[RASA_BASELINE] = score(gold, rasa_baseline(convs))
        except (BaselineUnavailable, subprocess.TimeoutExpired) as exc:
            skipped[RASA_BASELINE] = str(exc)
    for variant in VARIANTS:
        for use_filter in (False, True):
            name = f"{variant}{' + filter' if use_filter else ''}"
            started = time.perf_counter()
            m = score(gold, run_conversations(detector, convs, text_vecs, image_vecs, variant, use_filter))
            m["seconds"] = round(time.perf_counter() - started, 2)
            systems.append(name)
            metrics[name] = m
    return EvaluationResult(
        name="eval-scene", primary_metric=f"{LIVE_SYSTEM}/macro_f1", metrics=metrics,
        details={"conversations": len(convs), "turns": sum(len(g) for g in gold), "systems": systems,
                 "skipped": skipped},
        problems=[f"{name} skipped: {reason}" for name, reason in skipped.items()])
