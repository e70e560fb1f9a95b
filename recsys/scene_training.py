"""Train the scene model variants, learn the transition prior, tune the switching filter.

``recsys train-scene`` runs ``train_all``: featurise the committed training conversations
(frozen encoders, cached by content hash), train ``text`` / ``text+context`` / ``full`` heads
with one seed, learn the scene transition matrix from the conversations, then pick the filter's
stickiness and strength on the dev conversations (and nothing else). Weights and metadata are
written atomically next to each other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from pathlib import Path

import numpy as np
import torch

from .embedding_cache import EmbeddingCache
from .encoders import TextEncoder
from .scene import MAX_CHARS, SceneDetector, SwitchFilter
from .scene_conversations import SCENE_DATA_DIR, read_jsonl
from .scene_metrics import score
from .scene_model import CONTEXT_NAMES, SCENES, VARIANTS, TurnBatch, TurnContext, bot_action_after, train_net
from .settings import SHIPPED_CATALOG

log = logging.getLogger(__name__)
MODEL_VERSION = "3"
BETAS = (0.0, 0.2, 0.4, 0.6, 0.8)
GAMMAS = (0.0, 0.25, 0.5, 0.75, 1.0)


def resolve_image(path: str, base: Path | None = None) -> Path:
    """Photo paths in conversation files: absolute, relative to the file, to the working
    directory, or to the shipped catalog (where the training photos live)."""
    p = Path(path)
    if p.is_absolute():
        return p
    for root in ([base] if base else []) + [Path.cwd(), SHIPPED_CATALOG.parent]:
        try:
            if (root / p).exists():
                return root / p
        except OSError:  # a name too long for the file system: it exists nowhere
            break
    return (base or Path.cwd()) / p


class Featurizer:
    """Frozen-encoder vectors for conversation turns, through the embedding cache."""

    def __init__(self, text_encoder: TextEncoder, image_encoder_factory, cache: EmbeddingCache | None) -> None:
        self.text_encoder = text_encoder
        self._image_factory = image_encoder_factory
        self._image_encoder = None
        self.cache = cache

    @property
    def image_encoder(self):
        if self._image_encoder is None:
            self._image_encoder = self._image_factory()
        return self._image_encoder

    def texts(self, texts: list[str]) -> np.ndarray:
        texts = [t.strip()[:MAX_CHARS] for t in texts]
        if self.cache is None:
            return self.text_encoder.encode(texts)
        return self.cache.encode(self.text_encoder.name, texts,
                                 lambda idx: self.text_encoder.encode([texts[i] for i in idx]), self.text_encoder.dim)

    def images(self, paths: list[Path]) -> dict[Path, np.ndarray | str]:
        """Features per readable photo; an error string for an unreadable one."""
        from .image_encoder import FEATURE_DIM, IMAGE_TAG
        from .images import ImageError, check_image_file

        out: dict[Path, np.ndarray | str] = {}
        readable: list[tuple[Path, bytes]] = []
        for path in sorted(set(paths)):
            try:
                check_image_file(path)
                readable.append((path, path.read_bytes()))
            except (ImageError, OSError) as exc:
                out[path] = str(exc)
        if readable:
            def encode(idx: list[int]) -> np.ndarray:
                return self.image_encoder.features([check_image_file(readable[i][0]).image for i in idx])
            if self.cache is None:
                vecs = encode(list(range(len(readable))))
            else:
                vecs = self.cache.encode(IMAGE_TAG, [b for _, b in readable], encode, FEATURE_DIM)
            for (path, _), vec in zip(readable, vecs, strict=True):
                out[path] = vec
        return out

    def conversations(self, convs: list[dict], base: Path | None = None
                      ) -> tuple[list[np.ndarray], list[list[np.ndarray | None]], list[list[str | None]]]:
        """Text vectors, photo vectors (None: no photo) and photo errors, per conversation."""
        texts = [str((t or {}).get("text") or "") for c in convs for t in c["turns"]]
        vecs = self.texts(texts) if texts else np.zeros((0, self.text_encoder.dim), np.float32)
        paths = [resolve_image(str(t["image"]), base) for c in convs for t in c["turns"] if (t or {}).get("image")]
        photos = self.images(paths) if paths else {}
        text_out, image_out, errors = [], [], []
        pos = 0
        for c in convs:
            n = len(c["turns"])
            text_out.append(vecs[pos:pos + n])
            pos += n
            imgs, errs = [], []
            for t in c["turns"]:
                got = photos.get(resolve_image(str(t["image"]), base)) if (t or {}).get("image") else None
                imgs.append(got if isinstance(got, np.ndarray) else None)
                errs.append(got if isinstance(got, str) else None)
            image_out.append(imgs)
            errors.append(errs)
        return text_out, image_out, errors


def noisy_previous(gold: str, rng: random.Random) -> dict[str, float]:
    """The previous turn's distribution as the live model will see it: mostly right, sometimes
    unsure, now and then wrong, so the head learns not to copy it blindly."""
    i = SCENES.index(gold)
    r = rng.random()
    p = np.zeros(len(SCENES))
    if r < 0.75:
        eps = rng.uniform(0.0, 0.3)
        p[:] = eps / len(SCENES)
        p[i] += 1 - eps
    elif r < 0.95:
        p[:] = np.random.default_rng(rng.randint(0, 2**31)).dirichlet(np.ones(len(SCENES)))
        p *= 1 - (m := rng.uniform(0.35, 0.65))
        p[i] += m
    else:
        j = rng.choice([k for k in range(len(SCENES)) if k != i])
        p[:] = 0.05
        p[j] += rng.uniform(0.4, 0.6)
        p /= p.sum()
    return {s: float(x) for s, x in zip(SCENES, p, strict=True)}


def training_batch(convs: list[dict], text_vecs: list[np.ndarray], image_vecs: list[list[np.ndarray | None]],
                   seed: int, image_dim: int) -> TurnBatch:
    rng = random.Random(seed)
    rows_t, rows_i, rows_m, rows_c, labels = [], [], [], [], []
    for conv, tv, iv in zip(convs, text_vecs, image_vecs, strict=True):
        products = 0
        prev_scene: str | None = None
        prev_text = ""
        for k, turn in enumerate(conv["turns"]):
            text = str(turn.get("text") or "")
            ctx = TurnContext(
                previous_probs=noisy_previous(prev_scene, rng) if prev_scene else None,
                bot_action=bot_action_after(prev_scene, prev_text), products_on_screen=products, turn_index=k,
                event=turn.get("event") or "none", has_photo=iv[k] is not None, no_words=not text.strip())
            rows_t.append(tv[k])
            rows_i.append(iv[k] if iv[k] is not None else np.zeros(image_dim, np.float32))
            rows_m.append(1.0 if iv[k] is not None else 0.0)
            rows_c.append(ctx.vector())
            labels.append(SCENES.index(turn["scene"]))
            prev_scene, prev_text = turn["scene"], text
            if prev_scene in ("search", "recommend"):
                products = 5
    return TurnBatch(np.stack(rows_t).astype(np.float32), np.stack(rows_i).astype(np.float32),
                     np.array(rows_m, np.float32), np.stack(rows_c).astype(np.float32), np.array(labels, np.int64))


def learn_transitions(convs: list[dict]) -> np.ndarray:
    counts = np.ones((len(SCENES), len(SCENES)))  # add-one: every shift is possible
    for conv in convs:
        scenes = [t["scene"] for t in conv["turns"]]
        for a, b in zip(scenes, scenes[1:], strict=False):
            counts[SCENES.index(a), SCENES.index(b)] += 1
    return counts / counts.sum(axis=1, keepdims=True)


def run_all(detector: SceneDetector, convs: list[dict], text_vecs, image_vecs, variant: str,
            use_filter: bool) -> list[list[str]]:
    return [[d.scene for d in detector.run(c["turns"], variant=variant, use_filter=use_filter, text_vecs=tv,
                                           image_vecs=iv)]
            for c, tv, iv in zip(convs, text_vecs, image_vecs, strict=True)]


def train_all(text_encoder: TextEncoder, image_encoder_factory, out_path: Path, cache: EmbeddingCache | None,
              seed: int = 13, epochs: int = 25, data_dir: Path = SCENE_DATA_DIR, ensemble: int = 3) -> dict:
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    train = read_jsonl(data_dir / "conversations_train.jsonl")
    dev = read_jsonl(data_dir / "conversations_dev.jsonl")
    feats = Featurizer(text_encoder, image_encoder_factory, cache)
    tr_text, tr_img, _ = feats.conversations(train)
    dv_text, dv_img, _ = feats.conversations(dev)
    image_dim = next((v.shape[0] for c in tr_img for v in c if v is not None), 1280)
    batch = training_batch(train, tr_text, tr_img, seed, image_dim)
    log.info("scene training: %d turns in %d conversations", len(batch.labels), len(train))
    # A small ensemble per variant (seed, seed+1, ...): single nets trained on generated data
    # swing by a point or more between seeds; the average is steadier.
    nets = {name: [train_net(mods, batch, seed + k, epochs) for k in range(ensemble)] for name, mods in VARIANTS.items()}
    transitions = learn_transitions(train)
    class_prior = np.bincount(batch.labels, minlength=len(SCENES)) / len(batch.labels)
    meta: dict = {
        "version": MODEL_VERSION, "encoder": text_encoder.name, "labels": list(SCENES), "text_dim": int(batch.text.shape[1]),
        "image_dim": int(image_dim), "hidden": 96, "ensemble": ensemble, "context_features": list(CONTEXT_NAMES), "seed": seed,
        "epochs": epochs, "transitions": transitions.round(4).tolist(), "class_prior": class_prior.round(4).tolist(),
        "beta": 0.0, "gamma": 0.0, "train_turns": int(len(batch.labels)), "train_conversations": len(train),
        "data_hash": hashlib.sha256((data_dir / "conversations_train.jsonl").read_bytes()).hexdigest()[:16],
    }
    detector = SceneDetector(text_encoder, nets, SwitchFilter(transitions, class_prior, 0.0, 0.0), meta)
    gold = [[t["scene"] for t in c["turns"]] for c in dev]
    best = None
    tuning = []
    for beta in BETAS:
        for gamma in GAMMAS:
            if gamma == 0 and beta > 0:
                continue
            detector.switch = SwitchFilter(transitions, class_prior, beta, gamma)
            m = score(gold, run_all(detector, dev, dv_text, dv_img, "full", True))
            objective = (m["macro_f1"] + m["shift_f1"]) / 2
            tuning.append({"beta": beta, "gamma": gamma, "macro_f1": m["macro_f1"], "shift_f1": m["shift_f1"]})
            if best is None or objective > best[0] + 1e-9:
                best = (objective, beta, gamma, m)
    assert best is not None
    meta["beta"], meta["gamma"] = best[1], best[2]
    detector.switch = SwitchFilter(transitions, class_prior, best[1], best[2])
    meta["dev"] = {
        name: {f: score(gold, run_all(detector, dev, dv_text, dv_img, name, f))["macro_f1"] for f in (False, True)}
        for name in VARIANTS}
    meta["dev_full_filtered"] = best[3]
    meta["filter_tuning"] = tuning
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".tmp")
    torch.save({name: [net.state_dict() for net in members] for name, members in nets.items()}, tmp)
    tmp.replace(out_path)
    meta_tmp = out_path.with_suffix(".json.tmp")
    meta_tmp.write_text(json.dumps(meta, indent=1) + "\n")
    meta_tmp.replace(out_path.with_suffix(".json"))
    return meta
