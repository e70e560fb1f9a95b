"""Turn-model latency benchmark (`recsys bench-scene`): per-turn cost on this machine, as a live turn pays it.

Each timed turn encodes its own text from scratch (the encoder's recent-text memo is cleared
before every timed call, so no row reuses another row's encoding), runs the full model with
its act, reference and slot heads and the switching filter; photo turns also decode a catalog
photo and run the image backbone. Timed with and without the word-level explanation. With a
baseline model file (``--baseline``, e.g. the v3 model from git history) both models are timed
turn by turn in the same run, interleaved, so machine noise hits both alike. With other text
backends (``--backends onnx,onnx-int8``) the current model runs once more on each backend's
encoder, interleaved the same way, with the encoder alone timed too (``text_encode``), and the
backends' sentence vectors and token states are compared with the configured backend's.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import numpy as np
import torch

from recsys.bench.legacy_scene import SceneDetectorV3
from recsys.catalog import load_catalog
from recsys.datasets.scene_data import DEV_CONVERSATIONS, read_jsonl
from recsys.encoders.image import get_image_encoder
from recsys.encoders.text import TextEncoder, text_encoder_for
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


def _cosines(a: np.ndarray, b: np.ndarray) -> dict:
    c = (a * b).sum(axis=1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)
    return {"n": len(c), "min": round(float(c.min()), 5), "p1": round(float(np.percentile(c, 1)), 5),
            "mean": round(float(c.mean()), 5)}


def compare_vectors(reference: TextEncoder, other: TextEncoder, turns: list[str], products: list[str]) -> dict:
    """Cosine (n, min, 1st percentile, mean) between two encoders' outputs on the same texts.

    ``turn_vectors``: shopper turns one at a time, as a live turn encodes them; ``turn_token_states``:
    their word pieces (same pieces and offsets required); ``turn_vectors_batched``: the same turns
    in batches, as training and evaluation encode them; ``product_vectors``: catalog texts in batches,
    as the index is built.
    """
    def one_at_a_time(encoder: TextEncoder) -> tuple[np.ndarray, list]:
        vectors, states = [], []
        for text in turns:
            vectors.append(encoder.encode([text])[0])
            states.append(encoder.token_states(text))  # the same forward pass (the recent-text memo)
        return np.stack(vectors), states

    (ref_vecs, ref), (oth_vecs, oth) = one_at_a_time(reference), one_at_a_time(other)
    pairs = list(zip(ref, oth, strict=True))
    if any((a is None) != (b is None) or (a is not None and a.offsets != b.offsets) for a, b in pairs):
        raise RuntimeError(f"{other.backend}: word pieces or offsets differ from {reference.backend}'s")
    pieces = [(a.states, b.states) for a, b in pairs if a is not None]
    return {
        "turn_vectors": _cosines(ref_vecs, oth_vecs),
        "turn_token_states": _cosines(np.concatenate([a for a, _ in pieces]), np.concatenate([b for _, b in pieces])),
        "turn_vectors_batched": _cosines(reference.encode(turns), other.encode(turns)),
        "product_vectors": _cosines(reference.encode(products), other.encode(products)),
    }


def bench_scene(settings: Settings, turns: int = 300, seed: int = 3, baseline: Path | None = None,
                backends: list[str] | None = None, cosine_texts: int = 1000) -> EvaluationResult:
    """Latency (n, p50, p95, max ms) of text turns, with and without word explanations, and photo turns.

    ``metrics`` holds ``text_turn``, ``text_turn_with_word_explanation`` and ``photo_turn`` for
    the configured model and, with ``baseline``, the same under ``baseline/...``; with
    ``backends`` (text backends other than the configured one), the same plus ``text_encode``
    under ``BACKEND/...`` and for the configured backend. ``details``: the torch thread count, the
    models' versions and, with ``backends``, the text backends, the latency ratio of each backend
    (configured backend's ms / its ms: above 1 is faster) and the cosine of its outputs to the
    configured backend's on ``cosine_texts`` dev turns and the catalog (see ``compare_vectors``).
    """
    rng = random.Random(seed)
    text_encoder = text_encoder_for(settings)
    image_encoder = get_image_encoder(settings.image_projection_path, settings.device)
    models: dict[str, SceneDetector] = {"": SceneDetector.from_settings(settings, text_encoder)}
    encoders: dict[str, TextEncoder] = {"": text_encoder}
    for backend in dict.fromkeys(backends or []):
        if backend != settings.text_backend:
            encoders[f"{backend}/"] = text_encoder_for(settings, backend)
            models[f"{backend}/"] = SceneDetector.from_settings(settings, encoders[f"{backend}/"])
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
        for encoder in encoders.values():
            encoder.forget_recent()  # a new shopper message: nothing encoded yet
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    def photo_turn(detector: SceneDetector, text: str, path: str, understand: bool) -> None:
        vec = image_encoder._features([check_image_file(resolve_image(path)).image], 1)[0]  # no memo: a new photo
        detector.step(text, context, previous, image_vec=vec, understand=understand)

    ms: dict[str, list[float]] = {f"{p}{row}": [] for p in models
                                  for row in ("text_turn", "text_turn_with_word_explanation", "photo_turn")}
    if len(encoders) > 1:
        ms.update({f"{p}text_encode": [] for p in encoders})
    # v3 had no act, reference or slot heads: it is timed without them (``understand=False``).
    full = {prefix: not isinstance(det, SceneDetectorV3) for prefix, det in models.items()}
    for _ in range(turns):
        text = rng.choice(texts)
        if len(encoders) > 1:
            for prefix, enc in encoders.items():  # the encoder alone: vector and token states of a new turn
                ms[f"{prefix}text_encode"].append(timed(lambda e=enc, t=text: e.token_states(t)))
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
    metrics = {k: _stats(v) for k, v in ms.items()}
    details: dict = {"threads": torch.get_num_threads(),
                     "models": {(p.rstrip("/") or "current"): d.version for p, d in models.items()}}
    if len(encoders) > 1:
        details["text_backends"] = {(p.rstrip("/") or "current"): e.backend for p, e in encoders.items()}
        rows = ("text_encode", "text_turn", "text_turn_with_word_explanation", "photo_turn")
        details["ratio"] = {p.rstrip("/"): {row: {q: round(metrics[row][f"{q}_ms"] / metrics[f"{p}{row}"][f"{q}_ms"], 2)
                                                  for q in ("p50", "p95")} for row in rows}
                            for p in encoders if p}
        unique = list(dict.fromkeys(texts))
        sample = random.Random(seed).sample(unique, min(cosine_texts, len(unique)))
        products = [p.embedding_text() for p in load_catalog(settings.catalog_path).products]
        details["cosine"] = {p.rstrip("/"): compare_vectors(text_encoder, e, sample, products)
                             for p, e in encoders.items() if p}
    return EvaluationResult(name="bench-scene", primary_metric="text_turn/p95_ms", metrics=metrics, details=details)
