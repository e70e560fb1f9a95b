"""FAISS product index with its id map and the catalog version it was built for.

Exact inner-product search (vectors are normalised, so this is cosine) is right for shop
catalogs of thousands of products; filters are applied inside FAISS with an ID selector so a
filtered top-k still returns k matching products when k exist.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

log = logging.getLogger(__name__)

INDEX_FILE = "products.faiss"
META_FILE = "meta.json"


class ProductIndexError(RuntimeError):
    """The stored index is missing, corrupt or built for another catalog/model."""


@dataclass
class Hit:
    product_id: str
    score: float


class ProductIndex:
    def __init__(self, index: faiss.Index, ids: list[str], version: str, model: str) -> None:
        self._index = index
        self.ids = ids
        self._row_of = {pid: row for row, pid in enumerate(ids)}
        self.version = version
        self.model = model

    @classmethod
    def build(cls, vectors: np.ndarray, ids: list[str], version: str, model: str) -> ProductIndex:
        if vectors.shape[0] != len(ids):
            raise ValueError(f"{vectors.shape[0]} vectors for {len(ids)} ids")
        flat = faiss.IndexFlatIP(vectors.shape[1])
        index = faiss.IndexIDMap(flat)
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.arange(len(ids), dtype=np.int64))
        return cls(index, list(ids), version, model)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def vector(self, product_id: str) -> np.ndarray:
        row = self._row_of[product_id]
        return self._index.index.reconstruct(row).reshape(1, -1)

    def search(self, query: np.ndarray, k: int, allowed: set[str] | None = None) -> list[Hit]:
        """Top-k by cosine; ``allowed`` restricts to those product ids (None = all)."""
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            rows = np.array(sorted(self._row_of[p] for p in allowed if p in self._row_of), dtype=np.int64)
            if rows.size == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))
            k = min(k, int(rows.size))
        k = min(k, len(self))
        if k <= 0:
            return []
        scores, rows_found = self._index.search(query, k, params=params)
        return [Hit(self.ids[r], float(s)) for s, r in zip(scores[0], rows_found[0], strict=True) if r >= 0]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        tmp_index = directory / (INDEX_FILE + ".tmp")
        tmp_meta = directory / (META_FILE + ".tmp")
        faiss.write_index(self._index, str(tmp_index))
        tmp_meta.write_text(json.dumps({"version": self.version, "model": self.model, "ids": self.ids}))
        tmp_index.replace(directory / INDEX_FILE)  # atomic: a crash never leaves half an index
        tmp_meta.replace(directory / META_FILE)

    @classmethod
    def load(cls, directory: Path) -> ProductIndex:
        index_path, meta_path = directory / INDEX_FILE, directory / META_FILE
        if not index_path.exists() or not meta_path.exists():
            raise ProductIndexError(f"no product index in {directory}; run `recsys ingest CATALOG`")
        try:
            meta = json.loads(meta_path.read_text())
            index = faiss.read_index(str(index_path))
        except (RuntimeError, ValueError, json.JSONDecodeError) as exc:
            raise ProductIndexError(f"product index in {directory} is corrupt ({exc}); run `recsys ingest`") from exc
        if index.ntotal != len(meta.get("ids", [])):
            raise ProductIndexError(f"product index in {directory} does not match its id map; run `recsys ingest`")
        return cls(index, meta["ids"], meta["version"], meta["model"])
