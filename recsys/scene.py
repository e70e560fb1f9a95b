"""First scene detector: a small torch head over sentence embeddings, plus a switching filter.

The head gives per-turn likelihoods from the text. The filter multiplies them by a transition
prior that favours staying in the current scene (``stickiness``), so "in blue?" after a search
stays in search while "where is my order 1042" switches at once. The later multimodal model
replaces the head; the contract (labels, probabilities, explanation) stays.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .encoders import TextEncoder

log = logging.getLogger(__name__)

SCENES = ("service", "search", "recommend", "chitchat")


class SceneModelError(RuntimeError):
    """Scene weights are missing, corrupt or for another encoder."""


class SceneHead(nn.Module):
    def __init__(self, dim: int, hidden: int = 64) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Dropout(0.1), nn.Linear(hidden, len(SCENES)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


@dataclass
class SceneDecision:
    scene: str  # after the switching filter
    raw_scene: str  # the head's own argmax
    probs: dict[str, float]  # filtered distribution
    raw_probs: dict[str, float]
    shifted: bool
    explanation: dict = field(default_factory=dict)


def switch_filter(raw: np.ndarray, previous: str | None, stickiness: float) -> np.ndarray:
    """Posterior over scenes given this turn's likelihood and a sticky transition prior."""
    if previous not in SCENES:
        return raw
    prior = np.full(len(SCENES), (1.0 - stickiness) / (len(SCENES) - 1))
    prior[SCENES.index(previous)] = stickiness
    post = raw * prior
    return post / post.sum()


class SceneDetector:
    def __init__(self, encoder: TextEncoder, head: SceneHead, stickiness: float) -> None:
        self.encoder = encoder
        self.head = head.eval()
        self.stickiness = stickiness

    @classmethod
    def load(cls, path: Path, encoder: TextEncoder, stickiness: float) -> SceneDetector:
        if not path.exists():
            raise SceneModelError(f"scene model {path} not found; run `recsys train-scene`")
        try:
            state = torch.load(path, map_location="cpu", weights_only=True)
            meta = json.loads(path.with_suffix(".json").read_text())
        except (OSError, RuntimeError, ValueError) as exc:
            raise SceneModelError(f"scene model {path} is unreadable ({exc}); run `recsys train-scene`") from exc
        if meta.get("encoder") != encoder.name or tuple(meta.get("labels", ())) != SCENES:
            raise SceneModelError(f"scene model {path} was trained for {meta.get('encoder')}/{meta.get('labels')}")
        head = SceneHead(encoder.dim, meta.get("hidden", 64))
        head.load_state_dict(state)
        return cls(encoder, head, stickiness)

    def likelihoods(self, texts: list[str]) -> np.ndarray:
        vectors = self.encoder.encode([t if t.strip() else "" for t in texts])
        with torch.no_grad():
            return torch.softmax(self.head(torch.from_numpy(vectors)), dim=-1).numpy()

    def decide(self, text: str, previous: str | None) -> SceneDecision:
        text = (text or "").strip()
        if not text:
            # Nothing to read: keep the current scene; chitchat with low confidence otherwise.
            scene = previous if previous in SCENES else "chitchat"
            probs = {s: (0.4 if s == scene else 0.2) for s in SCENES}
            return SceneDecision(scene, scene, probs, probs, False, {"reason": "empty message"})
        raw = self.likelihoods([text[:1000]])[0]
        post = switch_filter(raw, previous, self.stickiness)
        scene, raw_scene = SCENES[int(post.argmax())], SCENES[int(raw.argmax())]
        explanation = {
            "previous_scene": previous,
            "text_top": raw_scene,
            "text_confidence": round(float(raw.max()), 3),
            "kept_by_stickiness": bool(previous and raw_scene != previous and scene == previous),
        }
        return SceneDecision(
            scene=scene, raw_scene=raw_scene,
            probs={s: round(float(p), 4) for s, p in zip(SCENES, post, strict=True)},
            raw_probs={s: round(float(p), 4) for s, p in zip(SCENES, raw, strict=True)},
            shifted=bool(previous and scene != previous),
            explanation=explanation,
        )


def train_head(encoder: TextEncoder, examples: list[tuple[str, str]], out_path: Path, seed: int = 13,
               epochs: int = 60, dev_fraction: float = 0.15) -> dict:
    """Train and save the head; returns dev metrics. Deterministic for a fixed seed."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    examples = sorted(set(examples))
    random.Random(seed).shuffle(examples)
    n_dev = int(len(examples) * dev_fraction)
    dev, train = examples[:n_dev], examples[n_dev:]
    x_train = torch.from_numpy(encoder.encode([t for t, _ in train]))
    y_train = torch.tensor([SCENES.index(s) for _, s in train])
    counts = torch.bincount(y_train, minlength=len(SCENES)).float()
    weights = counts.sum() / (len(SCENES) * counts.clamp(min=1))
    head = SceneHead(encoder.dim)
    opt = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=1e-3)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        head.train()
        perm = torch.randperm(len(y_train), generator=gen)
        for start in range(0, len(perm), 128):
            idx = perm[start:start + 128]
            opt.zero_grad()
            loss = loss_fn(head(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
    head.eval()
    metrics: dict = {"train_examples": len(train), "dev_examples": len(dev)}
    if dev:
        with torch.no_grad():
            pred = head(torch.from_numpy(encoder.encode([t for t, _ in dev]))).argmax(-1).numpy()
        gold = np.array([SCENES.index(s) for _, s in dev])
        f1s = {}
        for i, s in enumerate(SCENES):
            tp = int(((pred == i) & (gold == i)).sum())
            fp = int(((pred == i) & (gold != i)).sum())
            fn = int(((pred != i) & (gold == i)).sum())
            f1s[s] = round(2 * tp / max(1, 2 * tp + fp + fn), 4)
        metrics.update({"dev_accuracy": round(float((pred == gold).mean()), 4), "dev_f1": f1s,
                        "dev_macro_f1": round(float(np.mean(list(f1s.values()))), 4)})
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".tmp")
    torch.save(head.state_dict(), tmp)
    tmp.replace(out_path)
    data_hash = hashlib.sha256("\n".join(f"{s}\t{t}" for t, s in examples).encode()).hexdigest()[:16]
    meta = {"encoder": encoder.name, "labels": list(SCENES), "hidden": 64, "seed": seed, "epochs": epochs,
            "data_hash": data_hash, **metrics}
    out_path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta
