"""Frozen-encoder vectors for the turns of conversation files (the scene CLI, training, evaluation).

Text vectors come from the sentence encoder and photo features from the image encoder, both
through the embedding cache, so re-running a file or retraining re-encodes nothing unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from recsys.encoders.cache import EmbeddingCache
from recsys.encoders.text import TextEncoder, TokenStates
from recsys.scene.detector import MAX_CHARS
from recsys.settings import SHIPPED_CATALOG


def resolve_image(path: str, base: Path | None = None) -> Path:
    """Find a photo path from a conversation file.

    Paths are absolute, relative to the file, to the working directory, or to the shipped
    catalog (where the training photos live).
    """
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
        """The image encoder, loaded on first use (text-only files never load it)."""
        if self._image_encoder is None:
            self._image_encoder = self._image_factory()
        return self._image_encoder

    def texts(self, texts: list[str]) -> np.ndarray:
        """Sentence vectors of turn texts, trimmed as the detector trims them."""
        texts = [t.strip()[:MAX_CHARS] for t in texts]
        if self.cache is None:
            return self.text_encoder.encode(texts)
        return self.cache.encode(self.text_encoder.tag, texts,
                                 lambda idx: self.text_encoder.encode([texts[i] for i in idx]), self.text_encoder.dim)

    def token_states(self, convs: list[dict]) -> list[list[TokenStates]]:
        """Word-piece states of every turn, per conversation, trimmed as the detector trims turns (not cached)."""
        flat = self.text_encoder.token_states_batch([str((t or {}).get("text") or "").strip()[:MAX_CHARS]
                                                     for c in convs for t in c["turns"]])
        out, pos = [], 0
        for c in convs:
            out.append(flat[pos:pos + len(c["turns"])])
            pos += len(c["turns"])
        return out

    def images(self, paths: list[Path]) -> dict[Path, np.ndarray | str]:
        """Features per readable photo; an error string for an unreadable one."""
        from recsys.encoders.image import FEATURE_DIM, IMAGE_TAG
        from recsys.images import ImageError, check_image_file

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
