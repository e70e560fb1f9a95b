"""Okapi BM25 over product text, so exact names, SKUs and brands win where embeddings blur.

Dense vectors put "Breathe-Easy Tank" near every tank top; BM25 puts it first when a shopper
types its name. Fields are weighted by repetition (title and id count more than description).
Postings are numpy arrays per term, so scoring touches only the documents that share a term.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from recsys.catalog import Product

TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOP = {"the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "with", "is", "are", "it", "this",
        "that", "me", "show", "i", "you", "do", "have", "want", "need", "some", "any", "my", "find",
        "looking", "please", "can", "what", "something", "under", "over", "one", "like", "but"}


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed terms without stop words; hyphenated words also give their parts."""
    out: list[str] = []
    for token in TOKEN.findall(text.lower()):
        if token in STOP:
            continue
        out.append(token)
        if "-" in token:  # "Breathe-Easy" matches "breathe easy" and "breathe-easy"
            out.extend(t for t in token.split("-") if t and t not in STOP)
    return [_stem(t) for t in out]


def _stem(token: str) -> str:
    """Plural folding only: 'hoodies' -> 'hoodie', 'watches' -> 'watch'; ids stay intact."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y" if not token.endswith("dies") else token[:-1]
    if len(token) > 4 and token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss") and not token[-2].isdigit():
        return token[:-1]
    return token


def product_document(p: Product) -> str:
    """The text BM25 indexes for a product, title, id and brand repeated to weigh more."""
    title = f"{p.title} {p.title} {p.id} {p.id}"
    return " ".join([title, p.brand, p.brand, p.category.replace(">", " "), p.gender, " ".join(p.colors),
                     p.description[:400]])


class BM25:
    """BM25 over one document per index row (None for a deleted row)."""

    def __init__(self, documents: Sequence[str | None], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(documents)
        lengths = np.zeros(self.n, dtype=np.float32)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row, doc in enumerate(documents):
            if doc is None:
                continue
            counts = Counter(tokenize(doc))
            lengths[row] = sum(counts.values())
            for term, tf in counts.items():
                postings[term].append((row, tf))
        live = max(1, sum(d is not None for d in documents))
        self.avgdl = float(lengths.sum() / live) or 1.0
        self.lengths = lengths
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.idf: dict[str, float] = {}
        for term, items in postings.items():
            rows = np.fromiter((r for r, _ in items), dtype=np.int64, count=len(items))
            tfs = np.fromiter((t for _, t in items), dtype=np.float32, count=len(items))
            self.postings[term] = (rows, tfs)
            self.idf[term] = math.log(1 + (live - len(items) + 0.5) / (len(items) + 0.5))

    def scores(self, query: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Per-row BM25 score and, per query term, the rows containing it (for explanations)."""
        total = np.zeros(self.n, dtype=np.float32)
        matched: dict[str, np.ndarray] = {}
        for term in dict.fromkeys(tokenize(query)):
            if term not in self.postings:
                continue
            rows, tfs = self.postings[term]
            norm = self.k1 * (1 - self.b + self.b * self.lengths[rows] / self.avgdl)
            total[rows] += self.idf[term] * tfs * (self.k1 + 1) / (tfs + norm)
            matched[term] = rows
        return total, matched

    def top(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float, list[str]]]:
        """The k best rows with a positive score (within ``mask``): (row, score, matched terms), best first."""
        scores, matched = self.scores(query)
        if mask is not None:
            scores = np.where(mask[: self.n], scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        terms_of: dict[int, list[str]] = defaultdict(list)
        wanted = set(order.tolist())
        for term, rows in matched.items():
            for r in rows.tolist():
                if r in wanted:
                    terms_of[r].append(term)
        return [(int(r), float(scores[r]), sorted(terms_of[int(r)])) for r in order]
