"""FAISS vector index over product rows: exact or IVF by size, filterable, updatable, persisted.

Rows are stable int64 positions in the id map; a deleted product leaves a tombstone (``None``)
so other rows never move and FAISS ids stay valid without a rebuild.

* Below ``exact_threshold`` vectors the index is exact (``IndexFlatIP``: cosine on normalised
  vectors). Above it, ``IndexIVFFlat`` with nlist ~ 4*sqrt(n) and an ``nprobe`` chosen for
  recall@10 >= 0.95 (measured by ``recsys bench-index``).
* Filters arrive as a boolean row mask and go into FAISS as an ``IDSelectorBitmap``. Top-k is
  always k matching rows when k exist: small matching sets are scored exactly, and IVF widens
  ``nprobe`` until it has k.
* With a GPU (``faiss.get_num_gpus() > 0``) and ``use_gpu``, unfiltered and batch searches run on
  a float16 GPU copy. FAISS's GPU indexes take no ID selector (1.15.1 ignores one silently), so a
  filter too large for exact subset scoring is answered from the GPU's unfiltered top ~4k/share
  rows when at least k of them match (then they are the filtered top-k the same index would give
  on the CPU), else by the CPU index with its selector.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

log = logging.getLogger(__name__)

INDEX_FILE = "products.faiss"
VECTORS_FILE = "vectors.npy"
META_FILE = "meta.json"
EXACT_THRESHOLD = 50_000
# A filter matching fewer rows than this is scored exactly over just those rows: cheaper than a
# selector scan of the whole flat index, and the IVF fallback for very selective filters.
SUBSET_EXACT_MAX = {"flat": 20_000, "ivf": 2_000}
# The most rows a filtered search asks of the GPU copy: FAISS's GPU k-selection slows sharply
# above 1,024 (measured on an H100 at 1M rows: k=1,024 4.8 ms, k=2,048 12.2 ms).
GPU_FILTER_MAX_FETCH = 1024


class ProductIndexError(RuntimeError):
    """The stored index is missing, corrupt or built for another catalog/model."""


@dataclass
class Hit:
    """A product found by a vector search, with its cosine score."""

    product_id: str
    score: float


def default_nlist(n: int) -> int:
    """~4*sqrt(n) lists, but at least 39 training points per list (FAISS's k-means minimum)."""
    return max(1, min(int(4 * math.sqrt(max(n, 1))), n // 39))


class VectorIndex:
    """FAISS index keyed by row; keeps a float32 copy of the vectors for exact subset scoring."""

    def __init__(self, dim: int, kind: str, index: faiss.Index, vectors: np.ndarray, live: np.ndarray,
                 nprobe: int = 1) -> None:
        self.dim = dim
        self.kind = kind
        self._index = index
        self._vectors = vectors
        self.live = live  # bool per row: False for deleted rows
        # kept with ``live``: counting a 1M-row mask costs ~0.3 ms, a GPU query ~3 ms
        self._n_live = int(live.sum())
        self.nprobe = nprobe
        self._gpu_index: faiss.Index | None = None
        self._lock = threading.RLock()
        # filtered searches the GPU copy answered, and those it sent back to the CPU index
        self.gpu_filtered = 0
        self.gpu_filter_fallbacks = 0

    # ---- construction -----------------------------------------------------------------------
    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "auto", exact_threshold: int = EXACT_THRESHOLD,
              nlist: int | None = None, nprobe: int | None = None, seed: int = 1234) -> VectorIndex:
        """Index ``vectors`` as rows 0..n-1: flat below ``exact_threshold``, else IVF with a tuned nprobe."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        if kind == "auto":
            kind = "flat" if n < exact_threshold else "ivf"
        rows = np.arange(n, dtype=np.int64)
        if kind == "flat":
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
            index.add_with_ids(vectors, rows)
            return cls(dim, "flat", index, vectors, np.ones(n, dtype=bool))
        if kind != "ivf":
            raise ValueError(f"unknown index kind {kind!r} (use auto, flat or ivf)")
        nlist = nlist or default_nlist(n)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample = vectors if n <= nlist * 40 else vectors[rng.choice(n, nlist * 40, replace=False)]
        index.cp.seed = seed
        index.cp.niter = 10
        index.train(sample)
        index.add_with_ids(vectors, rows)
        built = cls(dim, "ivf", index, vectors, np.ones(n, dtype=bool), nprobe or 1)
        if nprobe is None:
            built.tune_nprobe(seed=seed)
        return built

    def tune_nprobe(self, target: float = 0.97, queries: int = 200, seed: int = 1234) -> float:
        """Smallest power-of-two nprobe whose recall@10 vs exact search reaches ``target``.

        Queries are stored vectors plus a little noise (a query near, not on, a product), so
        the measured recall reflects this index's own data rather than a guess.
        """
        rng = np.random.default_rng(seed)
        live = np.flatnonzero(self.live)
        q = self._vectors[rng.choice(live, min(queries, live.size), replace=False)]
        # noise of norm ~0.5 around a unit vector: a query about as far from its best match
        # as a shopper's words are from a product text
        q = q + (0.5 / math.sqrt(self.dim)) * rng.standard_normal(q.shape).astype(np.float32)
        faiss.normalize_L2(q)
        truth = np.argsort(-(q @ self._vectors[live].T), axis=1)[:, :10]
        truth = live[truth]
        nlist = int(self._index.nlist)
        nprobe, recall = 1, 0.0
        while True:
            found = self._index.search(q, 10, params=faiss.SearchParametersIVF(nprobe=nprobe))[1]
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)]))
            if recall >= target or nprobe >= nlist:
                break
            nprobe = min(nlist, nprobe * 2)
        self.nprobe = nprobe
        log.info("IVF nlist=%d: nprobe=%d gives recall@10 %.3f on %d probe queries", nlist, nprobe, recall, len(q))
        return recall

    def __len__(self) -> int:
        return self._n_live

    @property
    def rows(self) -> int:
        """Row count including deleted rows (the next new row's position)."""
        return int(self.live.size)

    def vector(self, row: int) -> np.ndarray:
        """The stored vector of a row, shaped (1, dim)."""
        return self._vectors[row].reshape(1, -1)

    # ---- updates ----------------------------------------------------------------------------
    def upsert(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Add new rows or replace existing ones in place (no rebuild)."""
        rows = np.asarray(rows, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        with self._lock:
            existing = rows[rows < self.rows]
            if existing.size:
                self._index.remove_ids(existing[self.live[existing]])
            top = int(rows.max()) + 1 if rows.size else 0
            if top > self.rows:
                grow = top - self.rows
                self._vectors = np.concatenate([self._vectors, np.zeros((grow, self.dim), np.float32)])
                self.live = np.concatenate([self.live, np.zeros(grow, dtype=bool)])
            self._vectors[rows] = vectors
            self._n_live += int(np.unique(rows[~self.live[rows]]).size)
            self.live[rows] = True
            self._index.add_with_ids(vectors, rows)
            self.drop_gpu()  # a stale copy is never searched

    def delete(self, rows: np.ndarray) -> None:
        """Tombstone live rows: they leave FAISS and results, and no other row moves."""
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        with self._lock:
            rows = rows[(rows < self.rows)]
            rows = rows[self.live[rows]]
            if rows.size:
                self._index.remove_ids(rows)
                self.live[rows] = False
                self._n_live -= int(rows.size)
                self.drop_gpu()

    # ---- search -----------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores and rows of the top-k live rows (within ``mask`` when given), best first."""
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        allowed = self.live if mask is None else (mask[: self.rows] & self.live)
        n_allowed = int(allowed.sum()) if mask is not None else len(self)
        k = min(k, n_allowed)
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        with self._lock:
            if mask is not None and n_allowed <= SUBSET_EXACT_MAX[self.kind]:
                rows = np.flatnonzero(allowed)
                scores = self._vectors[rows] @ query[0]
                top = np.argpartition(-scores, k - 1)[:k] if k < rows.size else np.arange(rows.size)
                top = top[np.argsort(-scores[top], kind="stable")]
                return scores[top].astype(np.float32), rows[top]
            if self._gpu_index is not None:
                if mask is None:
                    scores, found = self._gpu_search(query, k)
                    return self._trim(scores[0], found[0])
                got = self._gpu_filtered(query, k, allowed, n_allowed)
                if got is not None:
                    return got
            if mask is None:
                params = faiss.SearchParametersIVF(nprobe=self.nprobe) if self.kind == "ivf" else None
                scores, found = self._index.search(query, k, params=params)
                return self._trim(scores[0], found[0])
            packed = np.packbits(allowed, bitorder="little")
            selector = faiss.IDSelectorBitmap(allowed.size, faiss.swig_ptr(packed))
            if self.kind == "flat":
                scores, found = self._index.search(query, k, params=faiss.SearchParameters(sel=selector))
                return self._trim(scores[0], found[0])
            nprobe = self.nprobe
            nlist = int(self._index.nlist)
            while True:  # widen until k matches are found; nprobe == nlist is exhaustive
                params = faiss.SearchParametersIVF(sel=selector, nprobe=min(nprobe, nlist))
                scores, found = self._index.search(query, k, params=params)
                got = self._trim(scores[0], found[0])
                if got[1].size >= k or nprobe >= nlist:
                    return got
                nprobe *= 4

    def search_batch(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Unfiltered top-k for many queries at once: scores and rows, (n, k) each, -1 rows where fewer."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        with self._lock:
            if self._gpu_index is not None:
                return self._gpu_search(queries, k)
            params = faiss.SearchParametersIVF(nprobe=self.nprobe) if self.kind == "ivf" else None
            return self._index.search(queries, k, params=params)

    @staticmethod
    def _trim(scores: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keep = rows >= 0
        return scores[keep], rows[keep]

    # ---- GPU --------------------------------------------------------------------------------
    def to_gpu(self, float16: bool = True) -> bool:
        """Put a GPU copy next to the CPU index when FAISS sees a GPU; False when none.

        A flat index is copied from the row-ordered vectors (GPU positions == rows; deleted rows
        are dropped from results), an IVF index as it is (its lists carry the row ids).
        """
        if not hasattr(faiss, "get_num_gpus") or faiss.get_num_gpus() == 0:
            return False
        resources = faiss.StandardGpuResources()
        options = faiss.GpuClonerOptions()
        options.useFloat16 = float16
        if self.kind == "flat":
            source = faiss.IndexFlatIP(self.dim)
            source.add(self._vectors)
        else:
            source = self._index
        with self._lock:
            self._gpu_resources = resources  # kept alive as long as the GPU index that uses it
            self._gpu_index = faiss.index_cpu_to_gpu(resources, 0, source, options)
            if self.kind == "ivf":
                faiss.GpuParameterSpace().set_index_parameter(self._gpu_index, "nprobe", self.nprobe)
        log.info("FAISS %s index copied to GPU 0 (float16=%s)", self.kind, float16)
        return True

    def drop_gpu(self) -> None:
        """Search the CPU index only, until the next ``to_gpu``."""
        with self._lock:
            self._gpu_index = None
            self._gpu_resources = None

    def _gpu_filtered(self, query: np.ndarray, k: int, allowed: np.ndarray,
                      n_allowed: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The top-k within ``allowed`` from the GPU's unfiltered top rows; None when fewer than k match.

        Any matching row scoring above the last fetched row was fetched, so k matches among the
        fetched rows are exactly the filtered top-k (for IVF: within the same probed lists).
        """
        fetch = min(GPU_FILTER_MAX_FETCH, self.rows, math.ceil(4 * k * len(self) / max(n_allowed, 1)))
        scores, rows = self._gpu_index.search(query, fetch)
        scores, rows = scores[0], rows[0]
        inside = np.zeros(rows.size, dtype=bool)
        valid = rows >= 0
        inside[valid] = allowed[rows[valid]]
        if int(inside.sum()) < k:
            self.gpu_filter_fallbacks += 1
            return None
        self.gpu_filtered += 1
        return scores[inside][:k], rows[inside][:k]

    def _gpu_search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        dead = self.rows - self._n_live
        scores, rows = self._gpu_index.search(queries, min(k + dead, self.rows))
        if dead:
            keep = np.where(rows >= 0, self.live[np.clip(rows, 0, None)], False)
            out_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
            out_r = np.full((len(queries), k), -1, dtype=np.int64)
            for i in range(len(queries)):
                found_s, found_r = scores[i][keep[i]][:k], rows[i][keep[i]][:k]
                out_s[i, :found_s.size], out_r[i, :found_r.size] = found_s, found_r
            return out_s, out_r
        return scores[:, :k], rows[:, :k]

    # ---- persistence ------------------------------------------------------------------------
    def save(self, directory: Path, prefix: str) -> dict:
        """Write index and vectors (each atomically) and return the metadata ``load`` needs."""
        directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            tmp_index = directory / f"{prefix}{INDEX_FILE}.tmp"
            tmp_vectors = directory / f"{prefix}{VECTORS_FILE}.tmp"
            faiss.write_index(self._index, str(tmp_index))
            with tmp_vectors.open("wb") as fh:
                np.save(fh, self._vectors)
            tmp_index.replace(directory / f"{prefix}{INDEX_FILE}")
            tmp_vectors.replace(directory / f"{prefix}{VECTORS_FILE}")
            return {"kind": self.kind, "dim": self.dim, "nprobe": self.nprobe, "live": self.live.tolist()}

    @classmethod
    def load(cls, directory: Path, prefix: str, meta: dict) -> VectorIndex:
        """Read what ``save`` wrote; ProductIndexError when index and vectors disagree."""
        index = faiss.read_index(str(directory / f"{prefix}{INDEX_FILE}"))
        vectors = np.load(directory / f"{prefix}{VECTORS_FILE}", allow_pickle=False)
        live = np.asarray(meta["live"], dtype=bool)
        if vectors.shape != (live.size, int(meta["dim"])) or index.ntotal != int(live.sum()):
            raise ProductIndexError(f"{prefix}index in {directory} does not match its vectors")
        return cls(int(meta["dim"]), meta["kind"], index, vectors, live, int(meta.get("nprobe", 1)))


class ProductIndex:
    """Product ids <-> rows, plus one vector index per modality (``text``, ``image``, ...).

    ``version`` is the catalog's content hash and ``models`` the encoder tags the vectors came
    from: a mismatch with what the server loads means the index is stale.
    """

    def __init__(self, ids: list[str | None], spaces: dict[str, VectorIndex], version: str,
                 models: dict[str, str]) -> None:
        self.ids = ids
        self._row_of = {pid: row for row, pid in enumerate(ids) if pid is not None}
        self.spaces = spaces
        self.version = version
        self.models = models

    @classmethod
    def build(cls, ids: list[str], spaces: dict[str, np.ndarray], version: str, models: dict[str, str],
              kind: str = "auto") -> ProductIndex:
        """Index one vector per id in each space; every space must have a vector for every id."""
        for name, vectors in spaces.items():
            if vectors.shape[0] != len(ids):
                raise ValueError(f"{name}: {vectors.shape[0]} vectors for {len(ids)} ids")
        built = {name: VectorIndex.build(vectors, kind) for name, vectors in spaces.items()}
        return cls(list(ids), built, version, models)

    @property
    def model(self) -> str:
        """The tag of the text encoder the index was built with."""
        return self.models.get("text", "")

    def __len__(self) -> int:
        return len(self._row_of)

    def row(self, product_id: str) -> int | None:
        """The product's row, or None when it is not indexed."""
        return self._row_of.get(product_id)

    def has(self, space: str) -> bool:
        """Whether the index has vectors in ``space`` (``image`` only when photo search was on)."""
        return space in self.spaces

    def vector(self, product_id: str, space: str = "text") -> np.ndarray:
        """The product's stored vector in ``space``, shaped (1, dim)."""
        return self.spaces[space].vector(self._row_of[product_id])

    def mask_for(self, product_ids: set[str]) -> np.ndarray:
        """Row mask of the given products (unknown ids are ignored)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        rows = [self._row_of[p] for p in product_ids if p in self._row_of]
        mask[rows] = True
        return mask

    def search(self, query: np.ndarray, k: int, allowed: set[str] | np.ndarray | None = None,
               space: str = "text") -> list[Hit]:
        """Top-k by cosine in ``space``; ``allowed`` is a set of ids or a row mask (None = all)."""
        mask = self.mask_for(allowed) if isinstance(allowed, set) else allowed
        scores, rows = self.spaces[space].search(query, k, mask)
        return [Hit(self.ids[r], float(s)) for s, r in zip(scores, rows, strict=True) if self.ids[r] is not None]

    # ---- updates ----------------------------------------------------------------------------
    def upsert(self, product_id: str, vectors: dict[str, np.ndarray]) -> int:
        """Add or replace a product in every space (a new product gets a new row); returns its row."""
        row = self._row_of.get(product_id)
        if row is None:
            row = len(self.ids)
            self.ids.append(product_id)
            self._row_of[product_id] = row
        for name, space in self.spaces.items():
            if name not in vectors:
                raise ValueError(f"upsert of {product_id!r} lacks a {name} vector")
            space.upsert(np.array([row]), vectors[name].reshape(1, -1))
        return row

    def delete(self, product_id: str) -> bool:
        """Remove a product from every space; False when it was not indexed."""
        row = self._row_of.pop(product_id, None)
        if row is None:
            return False
        self.ids[row] = None
        for space in self.spaces.values():
            space.delete(np.array([row]))
        return True

    def to_gpu(self) -> bool:
        """Copy every space to the GPU; True only when all of them went."""
        return all([space.to_gpu() for space in self.spaces.values()]) if self.spaces else False

    # ---- persistence ------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write every space, then the meta file that commits them."""
        directory.mkdir(parents=True, exist_ok=True)
        spaces = {name: space.save(directory, f"{name}.") for name, space in self.spaces.items()}
        tmp_meta = directory / (META_FILE + ".tmp")
        tmp_meta.write_text(json.dumps({"version": self.version, "models": self.models, "ids": self.ids,
                                        "spaces": spaces}))
        tmp_meta.replace(directory / META_FILE)  # the meta file is written last: it commits the index

    @classmethod
    def load(cls, directory: Path) -> ProductIndex:
        """Read a saved index; ProductIndexError when it is missing, corrupt or inconsistent."""
        meta_path = directory / META_FILE
        if not meta_path.exists():
            raise ProductIndexError(f"no product index in {directory}; run `recsys ingest CATALOG`")
        try:
            meta = json.loads(meta_path.read_text())
            spaces = {name: VectorIndex.load(directory, f"{name}.", info) for name, info in meta["spaces"].items()}
            ids = meta["ids"]
        except ProductIndexError:
            raise
        except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
            raise ProductIndexError(f"product index in {directory} is corrupt ({exc}); run `recsys ingest`") from exc
        for name, space in spaces.items():
            if space.rows != len(ids):
                raise ProductIndexError(f"{name} index in {directory} does not match its id map; run `recsys ingest`")
        return cls(ids, spaces, meta["version"], meta.get("models", {}))
