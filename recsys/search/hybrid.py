"""Hybrid product retrieval: dense text, BM25, and photo signals fused by reciprocal rank.

Each signal answers a different shopper: the dense text space understands "something warm
for running in winter", BM25 makes "Breathe-Easy Tank" or "MH01" come first, photo features
find the product in a shopper's picture, and the projected photo finds products whose *text*
fits the picture. Reciprocal rank fusion (score = sum 1/(60 + rank)) needs no score
calibration between them. Every result keeps the evidence, so it can say why it matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from recsys.catalog import Product
from recsys.search.bm25 import BM25, product_document
from recsys.search.fusion import reciprocal_rank_fusion
from recsys.search.index import ProductIndex

SIGNALS = ("dense", "bm25", "image", "photo_text")
# Weights per signal in the fusion; an exact photo match counts double (a shopper's photo is
# usually of the product itself).
WEIGHTS = {"dense": 1.0, "bm25": 1.0, "image": 2.0, "photo_text": 0.15}
# Beside a photo, words refine ("...but in red") rather than lead: their signals count half.
PHOTO_WEIGHTS = {**WEIGHTS, "dense": 0.5, "bm25": 0.5}
EXACT_ID_BONUS = 1.0  # a query word that is a product id (SKU) puts that product first


@dataclass
class Ranked:
    """One retrieved product with its fused score and the evidence it matched on."""

    product: Product
    score: float  # fused score used for ordering
    similarity: float  # dense text cosine (query text or projected photo vs product text)
    matched: list[str] = field(default_factory=list)  # query terms found by BM25
    image_similarity: float | None = None  # photo vs product photo cosine
    ranks: dict[str, int] = field(default_factory=dict)  # 1-based rank per signal that found it

    @property
    def reason(self) -> str:
        """Why it matched, in words a shopper can read (photo likeness, similarity, matched terms)."""
        parts = []
        if self.image_similarity is not None:
            parts.append(f"looks like your photo ({self.image_similarity:.2f})")
        parts.append(f"similarity {self.similarity:.2f}")
        if self.matched:
            parts.append(f"matches {', '.join(self.matched)}")
        return "; ".join(parts)

    def explain(self) -> dict:
        """The evidence as rounded numbers, for the turn's explanation."""
        return {"score": round(self.score, 5), "similarity": round(self.similarity, 4),
                "image_similarity": None if self.image_similarity is None else round(self.image_similarity, 4),
                "matched_terms": self.matched, "ranks": self.ranks}


@dataclass
class Query:
    """What a search has to go on: the words, their vector, and a photo in both spaces."""

    text: str = ""
    text_vector: np.ndarray | None = None  # (1, d) in the text space
    photo_features: np.ndarray | None = None  # (1, 1280) in the image space
    photo_text_vector: np.ndarray | None = None  # (1, d): the photo projected into the text space


class HybridRetriever:
    """Dense, BM25 and photo retrieval over one product index, fused by reciprocal rank."""

    def __init__(self, index: ProductIndex, products: dict[str, Product]) -> None:
        self.index = index
        self.products = products
        self.bm25 = BM25([product_document(products[pid]) if pid is not None else None for pid in index.ids])
        self._row_of_sku = {pid.lower(): row for row, pid in enumerate(index.ids) if pid is not None}

    def _dense(self, space: str, vector: np.ndarray, depth: int, mask: np.ndarray) -> list[tuple[int, float]]:
        hits = self.index.search(vector, depth, mask, space=space)
        return [(self.index.row(h.product_id), h.score) for h in hits]

    def search(self, query: Query, mask: np.ndarray, k: int, signals: tuple[str, ...] = SIGNALS,
               exclude: set[str] = frozenset(), dedupe_titles: bool = True,
               weights: dict[str, float] | None = None) -> list[Ranked]:
        """Top-k products within ``mask`` (a boolean row mask), fused over ``signals``."""
        if weights is None:
            weights = PHOTO_WEIGHTS if query.photo_features is not None else WEIGHTS
        mask = mask.copy()
        for pid in exclude:
            row = self.index.row(pid)
            if row is not None:
                mask[row] = False
        depth = max(k * 4, 30)
        lists: dict[str, list[tuple[int, float]]] = {}
        matched_terms: dict[int, list[str]] = {}
        if "dense" in signals and query.text_vector is not None:
            lists["dense"] = self._dense("text", query.text_vector, depth, mask)
        if "bm25" in signals and query.text.strip():
            top = self.bm25.top(query.text, depth, mask)
            lists["bm25"] = [(row, score) for row, score, _ in top]
            matched_terms = {row: terms for row, _, terms in top}
        if "image" in signals and query.photo_features is not None and self.index.has("image"):
            lists["image"] = self._dense("image", query.photo_features, depth, mask)
        if "photo_text" in signals and query.photo_text_vector is not None:
            lists["photo_text"] = self._dense("text", query.photo_text_vector, depth, mask)

        fused, ranks = reciprocal_rank_fusion({signal: [row for row, _ in items] for signal, items in lists.items()},
                                              weights)
        if "bm25" in signals:
            for word in query.text.lower().split():
                row = self._row_of_sku.get(word.strip(".,!?\"'"))
                if row is not None and mask[row]:
                    fused[row] = fused.get(row, 0.0) + EXACT_ID_BONUS
                    ranks.setdefault(row, {})["sku"] = 1
                    matched_terms.setdefault(row, []).append(word)
        order = sorted(fused, key=lambda r: (-fused[r], r))
        text_space = query.text_vector if query.text_vector is not None else query.photo_text_vector
        out: list[Ranked] = []
        titles: set[str] = set()
        for row in order:
            pid = self.index.ids[row]
            product = self.products[pid]
            if dedupe_titles and product.title in titles:
                continue  # colour variants sold as separate products would crowd the list
            titles.add(product.title)
            similarity = float(self.index.vector(pid, "text")[0] @ text_space[0]) if text_space is not None else 0.0
            image_similarity = None
            if query.photo_features is not None and self.index.has("image"):
                image_similarity = float(self.index.vector(pid, "image")[0] @ query.photo_features[0])
            out.append(Ranked(product, fused[row], similarity, matched_terms.get(row, []), image_similarity,
                              ranks[row]))
            if len(out) == k:
                break
        return out
