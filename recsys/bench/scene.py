"""Scene latency benchmark (`recsys bench-scene`): per-turn cost on this machine, as a live turn pays it.

Each timed turn encodes its own text (no cache), runs the full model and the switching filter;
photo turns also decode a catalog photo and run the image backbone. Timed with and without the
word-level explanation (occlusion re-encodes the text once per word, batched).
"""

from __future__ import annotations

import random
import time

import numpy as np
import torch

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


def bench_scene(settings: Settings, turns: int = 300, seed: int = 3) -> EvaluationResult:
    """Latency (n, p50, p95, max ms) of ``turns`` text turns, with and without word explanations, and photo turns.

    ``metrics`` holds ``text_turn``, ``text_turn_with_word_explanation`` and ``photo_turn``;
    ``details`` the torch thread count and the scene model's version.
    """
    rng = random.Random(seed)
    text_encoder = get_text_encoder(settings.text_model, settings.device)
    image_encoder = get_image_encoder(settings.image_projection_path, settings.device)
    detector = SceneDetector.from_settings(settings, text_encoder)
    convs = read_jsonl(DEV_CONVERSATIONS)
    texts = [t["text"] for c in convs for t in c["turns"] if t.get("text")]
    photos = sorted({t["image"] for c in convs for t in c["turns"] if t.get("image")})
    previous = np.array([0.1, 0.7, 0.1, 0.1])
    context = TurnContext(bot_action="products", products_on_screen=5, turn_index=3)
    for text in texts[:20]:  # warm-up: first calls allocate
        detector.step(text, context, previous, explain=True)
    image_encoder.features([check_image_file(resolve_image(photos[0])).image])

    def timed(fn) -> float:
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    sample = [rng.choice(texts) for _ in range(turns)]
    text_ms = [timed(lambda t=t: detector.step(t, context, previous)) for t in sample]
    explain_ms = [timed(lambda t=t: detector.step(t, context, previous, explain=True)) for t in sample]
    photo_sample = [(rng.choice(texts + [""] * 10), rng.choice(photos)) for _ in range(max(20, turns // 3))]

    def photo_turn(text: str, path: str) -> None:
        vec = image_encoder._features([check_image_file(resolve_image(path)).image], 1)[0]  # no memo: a new photo
        detector.step(text, context, previous, image_vec=vec)

    photo_ms = [timed(lambda t=t, p=p: photo_turn(t, p)) for t, p in photo_sample]
    return EvaluationResult(
        name="bench-scene", primary_metric="text_turn/p95_ms",
        metrics={"text_turn": _stats(text_ms), "text_turn_with_word_explanation": _stats(explain_ms),
                 "photo_turn": _stats(photo_ms)},
        details={"threads": torch.get_num_threads(), "model": detector.version})
