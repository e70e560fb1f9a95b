"""Turn-model latency benchmark (`recsys bench-scene`): per-turn cost on this machine, as a live turn pays it.

Each timed turn encodes its own text from scratch (the encoder's recent-text memo is cleared
before every timed call, so no row reuses another row's encoding), runs the full model with
its act, reference and slot heads and the switching filter; photo turns also decode a catalog
photo and run the image backbone. Timed with and without the word-level explanation. With a
baseline model file (``--baseline``, e.g. the v3 model from git history) both models are timed
turn by turn in the same run, interleaved, so machine noise hits both alike.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import numpy as np
import torch

from recsys.bench.legacy_scene import SceneDetectorV3
from recsys.datasets.scene_data import DEV_CONVERSATIONS, read_jsonl
from recsys.encoders.image import get_image_encoder
from recsys.encoders.text import get_text_encoder
from recsys.evaluation.result import EvaluationResult
from recsys.images import check_image_file
from recsys.scene.detector import SceneDetector
from recsys.scene.featurizer import resolve_image
from recsys.scene.model import TurnContext
from recsys.settings import Settings


def _stats(ms: list[float]) -> dict:
    a = np.array(ms)
    return {"n": len(ms), "p50_ms": round(float(np.percentile(a, 50)), 2),
            "p95_ms": round(float(np.percentile(a, 95)), 2), "max_ms": round(float(a.max()), 2)}


def _baseline(path: Path, text_encoder) -> SceneDetector:
    """A baseline model file: v4 or later loads as today's model, a v3 file through its legacy loader."""
    meta_path = path.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    if str(meta.get("version", "3")) in ("1", "2", "3"):  # before the act, reference and slot heads
        return SceneDetectorV3.load_v3(path, text_encoder)
    return SceneDetector.load(path, text_encoder)


def bench_scene(settings: Settings, turns: int = 300, seed: int = 3, baseline: Path | None = None) -> EvaluationResult:
    """Latency (n, p50, p95, max ms) of text turns, with and without word explanations, and photo turns.

    ``metrics`` holds ``text_turn``, ``text_turn_with_word_explanation`` and ``photo_turn`` for
    the configured model and, with ``baseline``, the same under ``baseline/...``; ``details``
    the torch thread count and the models' versions.
    """
    rng = random.Random(seed)
    text_encoder = get_text_encoder(settings.text_model, settings.device)
    image_encoder = get_image_encoder(settings.image_projection_path, settings.device)
    models: dict[str, SceneDetector] = {"": SceneDetector.from_settings(settings, text_encoder)}
    if baseline is not None:
        models["baseline/"] = _baseline(baseline, text_encoder)
    convs = read_jsonl(DEV_CONVERSATIONS)
    texts = [t["text"] for c in convs for t in c["turns"] if t.get("text")]
    photos = sorted({t["image"] for c in convs for t in c["turns"] if t.get("image")})
    previous = np.array([0.1, 0.7, 0.1, 0.1])
    context = TurnContext(bot_action="products", products_on_screen=5, turn_index=3)
    for detector in models.values():
        for text in texts[:20]:  # warm-up: first calls allocate
            detector.step(text, context, previous, explain=True)
    image_encoder.features([check_image_file(resolve_image(photos[0])).image])

    def timed(fn) -> float:
        text_encoder.forget_recent()  # a new shopper message: nothing encoded yet
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    def photo_turn(detector: SceneDetector, text: str, path: str, understand: bool) -> None:
        vec = image_encoder._features([check_image_file(resolve_image(path)).image], 1)[0]  # no memo: a new photo
        detector.step(text, context, previous, image_vec=vec, understand=understand)

    ms: dict[str, list[float]] = {f"{p}{row}": [] for p in models
                                  for row in ("text_turn", "text_turn_with_word_explanation", "photo_turn")}
    # v3 had no act, reference or slot heads: it is timed without them (``understand=False``).
    full = {prefix: not isinstance(det, SceneDetectorV3) for prefix, det in models.items()}
    for _ in range(turns):
        text = rng.choice(texts)
        for prefix, det in models.items():
            ms[f"{prefix}text_turn"].append(
                timed(lambda d=det, t=text, u=full[prefix]: d.step(t, context, previous, understand=u)))
            ms[f"{prefix}text_turn_with_word_explanation"].append(
                timed(lambda d=det, t=text, u=full[prefix]: d.step(t, context, previous, explain=True, understand=u)))
    for _ in range(max(20, turns // 3)):
        text, path = rng.choice(texts + [""] * 10), rng.choice(photos)
        for prefix, det in models.items():
            ms[f"{prefix}photo_turn"].append(
                timed(lambda d=det, t=text, p=path, u=full[prefix]: photo_turn(d, t, p, u)))
    return EvaluationResult(
        name="bench-scene", primary_metric="text_turn/p95_ms", metrics={k: _stats(v) for k, v in ms.items()},
        details={"threads": torch.get_num_threads(),
                 "models": {(p.rstrip("/") or "current"): d.version for p, d in models.items()}})
