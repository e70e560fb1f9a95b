"""Content-addressed embedding cache, so re-ingesting an unchanged catalog encodes nothing.

Keys are SHA-256 of (model tag, content): a changed description, photo or model gives a new key
and a stale vector can never be served. SQLite keeps it one file, safe for concurrent readers
and for a crash mid-write (each batch commits atomically).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def content_key(model_tag: str, content: bytes | str) -> str:
    """SHA-256 hex key of a text or photo's bytes under one model tag."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(model_tag.encode("utf-8") + b"\0" + data).hexdigest()


class EmbeddingCache:
    """Vectors by content key in one SQLite file; thread-safe, counts hits and misses."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, "
                           "vector BLOB NOT NULL)")
        self._conn.commit()
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys`` (absent keys are left out)."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                for key, dim, blob in self._conn.execute(
                        f"SELECT key, dim, vector FROM embeddings WHERE key IN ({marks})", chunk):
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.size == dim:
                        found[key] = vector
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        """Store vectors by key in one transaction, replacing any already there."""
        rows = [(k, int(v.size), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        with self._lock, self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO embeddings (key, dim, vector) VALUES (?, ?, ?)", rows)

    def encode(self, model_tag: str, contents: Sequence[bytes | str],
               encode_missing: Callable[[list[int]], np.ndarray], dim: int) -> np.ndarray:
        """Vectors for ``contents``; only the ones not cached go to ``encode_missing(indices)``."""
        keys = [content_key(model_tag, c) for c in contents]
        cached = self.get_many(sorted(set(keys)))
        missing = [i for i, k in enumerate(keys) if k not in cached]
        out = np.zeros((len(keys), dim), dtype=np.float32)
        if missing:
            fresh = encode_missing(missing)
            new: dict[str, np.ndarray] = {}
            for row, i in enumerate(missing):
                out[i] = fresh[row]
                new[keys[i]] = fresh[row]
            self.put_many(new)
        for i, key in enumerate(keys):
            if key in cached:
                out[i] = cached[key]
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        log.info("embedding cache %s: %d cached, %d encoded", model_tag, len(keys) - len(missing), len(missing))
        return out

    def close(self) -> None:
        """Close the SQLite connection."""
        with self._lock:
            self._conn.close()
