"""Turn understanding quality (`recsys eval-scene FILE`): every system side by side on labelled conversations.

Systems: the bot's own DIET parse (Rasa baseline: the intent mapped to a scene and an act, the
entities to slots; needs the Rasa venv and a trained model, skipped with a reason otherwise),
then the ``text``, ``text+context`` and ``full`` variants of the turn model, each without and
with the switching filter. Scene metrics for every system; where the file has gold acts, act
accuracy, slot F1 and reference accuracy for the baseline and for the live system.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from recsys.datasets.scene_data import ENTITY_SLOTS, INTENT_ACTS, INTENT_SCENES
from recsys.evaluation.result import EvaluationResult
from recsys.evaluation.scene_metrics import score
from recsys.evaluation.turn_metrics import TurnPrediction, turn_scores
from recsys.scene.detector import SceneDecision, SceneDetector, run_conversations
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


def rasa_intents(texts: list[str], model: Path | None = None, timeout: int = 900) -> list[dict]:
    """The bot's DIET parse of each text in the Rasa venv: ``{"intent": name or None, "entities": [...]}``."""
    if not RASA_PYTHON.exists():
        raise BaselineUnavailable(f"no Rasa venv at {RASA_PYTHON.parent.parent} (run `make setup`)")
    model = model or latest_rasa_model()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "intents.json"
        # From the project folder: the model names the bot's own NLU component (bot.nlu), which
        # the script switches off so the baseline is DIET alone.
        env = dict(os.environ, PYTHONPATH=str(PROJECT_DIR))
        proc = subprocess.run([str(RASA_PYTHON), str(PROJECT_DIR / "bot" / "tools" / "rasa_intents.py"), str(model),
                               str(out)], input=json.dumps(texts), capture_output=True, text=True, timeout=timeout,
                              cwd=PROJECT_DIR, env=env)
        if proc.returncode != 0 or not out.exists():
            raise BaselineUnavailable(f"Rasa parse failed: {proc.stderr.strip()[-400:]}")
        return json.loads(out.read_text())


def rasa_baseline(convs: list[dict]) -> tuple[list[list[str]], list[list[TurnPrediction]]]:
    """Intent -> scene and act, entities -> slots, per turn; a turn with no words keeps the last scene."""
    texts = [str(t.get("text") or "") for c in convs for t in c["turns"]]
    parses = iter(rasa_intents(texts))
    scenes_out, preds_out = [], []
    for c in convs:
        scenes: list[str] = []
        preds: list[TurnPrediction] = []
        for _ in c["turns"]:
            parse = next(parses)
            intent = parse.get("intent") or ""
            scene = INTENT_SCENES.get(intent, None)
            scenes.append(scene or (scenes[-1] if scenes else "chitchat"))
            slots: dict[str, str] = {}
            for e in parse.get("entities") or []:
                name = ENTITY_SLOTS.get(str(e.get("entity")))
                if name and e.get("value") is not None:
                    slots.setdefault(name, str(e["value"]))
            preds.append(TurnPrediction(INTENT_ACTS.get(intent), slots, "none"))
        scenes_out.append(scenes)
        preds_out.append(preds)
    return scenes_out, preds_out


RASA_BASELINE = "rasa-intent baseline"


def understand(detector: SceneDetector, featurizer: Featurizer, convs: list[dict], text_vecs: list,
               image_vecs: list) -> tuple[list[list[str]], list[list[TurnPrediction]]]:
    """The live system's scene and (act, slots, reference) for every turn."""
    scenes, preds = [], []
    for c, tv, iv, ts in zip(convs, text_vecs, image_vecs, featurizer.token_states(convs), strict=True):
        ds = detector.run(c["turns"], text_vecs=tv, image_vecs=iv, token_states=ts)
        scenes.append([d.scene for d in ds])
        preds.append([TurnPrediction(d.act, d.slot_values(), d.ref) for d in ds])
    return scenes, preds
LIVE_SYSTEM = "full + filter"  # the shipped model as the assistant runs it
LIVE_READING = "live (words + cues)"  # full + filter on the words as the assistant reads them, its cues after


def understand_as_live(detector: SceneDetector, featurizer: Featurizer, convs: list[dict], base: Path | None,
                       words: Callable[[str], str],
                       cues: Callable[[SceneDecision, str], SceneDecision]) -> tuple[list[list[str]],
                                                                                   list[list[TurnPrediction]]]:
    """``understand`` on the words as the assistant reads them (``words``), its exact cues applied after."""
    read = [{**c, "turns": [{**t, "text": words(str(t.get("text") or ""))} for t in c["turns"]]} for c in convs]
    text_vecs, image_vecs, _ = featurizer.conversations(read, base)
    scenes, preds = [], []
    for c, r, tv, iv, ts in zip(convs, read, text_vecs, image_vecs, featurizer.token_states(read), strict=True):
        ds = [cues(d, str(t.get("text") or ""))
              for d, t in zip(detector.run(r["turns"], text_vecs=tv, image_vecs=iv, token_states=ts), c["turns"],
                              strict=True)]
        scenes.append([d.scene for d in ds])
        preds.append([TurnPrediction(d.act, d.slot_values(), d.ref) for d in ds])
    return scenes, preds


def evaluate_scenes(detector: SceneDetector, featurizer: Featurizer, convs: list[dict], base: Path | None,
                    with_rasa: bool = True,
                    live: tuple[Callable[[str], str], Callable[[SceneDecision, str], SceneDecision]] | None = None,
                    ) -> EvaluationResult:
    """Scene metrics (see ``scene_metrics.score``) of every system on ``convs``, whose turns carry a gold scene.

    ``live`` (the assistant's word normaliser and exact cues) adds the row ``LIVE_READING``: the
    shipped model reading the words as the assistant hands them to it. ``metrics`` holds one
    ``score`` dict per system that ran (plus ``seconds`` for the scene
    model); ``details["systems"]`` names every system in order, ``details["skipped"]`` says why
    a system did not run.
    """
    gold = [[t["scene"] for t in c["turns"]] for c in convs]
    gold_turns = [c["turns"] for c in convs]
    labelled = any(t.get("act") for turns in gold_turns for t in turns)
    text_vecs, image_vecs, _ = featurizer.conversations(convs, base)
    systems: list[str] = []
    metrics: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    if with_rasa:
        systems.append(RASA_BASELINE)
        try:
            scenes, preds = rasa_baseline(convs)
            metrics[RASA_BASELINE] = score(gold, scenes)
            if labelled:
                metrics[RASA_BASELINE].update(turn_scores(gold_turns, preds))
        except (BaselineUnavailable, subprocess.TimeoutExpired) as exc:
            skipped[RASA_BASELINE] = str(exc)
    for variant in VARIANTS:
        for use_filter in (False, True):
            name = f"{variant}{' + filter' if use_filter else ''}"
            started = time.perf_counter()
            if name == LIVE_SYSTEM and labelled:
                scenes, preds = understand(detector, featurizer, convs, text_vecs, image_vecs)
                m = score(gold, scenes)
                m.update(turn_scores(gold_turns, preds))
            else:
                m = score(gold, run_conversations(detector, convs, text_vecs, image_vecs, variant, use_filter))
            m["seconds"] = round(time.perf_counter() - started, 2)
            systems.append(name)
            metrics[name] = m
    if live is not None:
        started = time.perf_counter()
        scenes, preds = understand_as_live(detector, featurizer, convs, base, *live)
        m = score(gold, scenes)
        if labelled:
            m.update(turn_scores(gold_turns, preds))
        m["seconds"] = round(time.perf_counter() - started, 2)
        systems.append(LIVE_READING)
        metrics[LIVE_READING] = m
    return EvaluationResult(
        name="eval-scene", primary_metric=f"{LIVE_SYSTEM}/macro_f1", metrics=metrics,
        details={"conversations": len(convs), "turns": sum(len(g) for g in gold), "systems": systems,
                 "skipped": skipped},
        problems=[f"{name} skipped: {reason}" for name, reason in skipped.items()])
