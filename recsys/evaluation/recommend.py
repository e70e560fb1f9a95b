"""Recommendation quality (`recsys eval-recommend`) against the merchant's own links.

The links are Luma's cross-sell, related and up-sell lists (``shared/data/luma/fixtures/links_*``),
or the catalog's own link fields when no such folder is given.

Task: a shopper looks at product s; the products the merchant links to s are the relevant ones.
Products with links are split in two by a stable hash: a *tuning* half and a *test* half. On the
test half, the links of every test product are hidden from the recommender, so it cannot read
the answers off the catalog; co-links come only from tuning-half products. Systems, in one run:
popularity (rating), plain FAISS nearest neighbours of s, and the recommender (neighbours +
co-links + rank + MMR). "with own links" shows what a shopper sees live, where the catalog's
links of s are known (an upper bound, not a fair comparison).

The profile decay `a` is tuned on browsing sessions: walks of three products along the links,
starting from tuning-half products; the relevant set is everything linked to any product of the
session, minus what was seen (the session's interest, not only its last click). Recommendations
come from the profile alone (no focus).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from recsys.catalog import Product
from recsys.evaluation.metrics import hit_at_k, recall_at_k
from recsys.evaluation.result import EvaluationResult
from recsys.recommend.recommender import LINK_KINDS, Recommender, RecommenderConfig
from recsys.search.index_folder import IndexFolder
from recsys.settings import Settings

DECAYS = (0.0, 0.25, 0.5, 0.75, 0.9)


def read_links(fixtures: Path | None, products: dict[str, Product]) -> dict[str, dict[str, set[str]]]:
    """Map sku -> link kind -> linked skus, restricted to products in the catalog."""
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if fixtures is not None and fixtures.exists():
        for group in sorted(fixtures.glob("links_*")):
            for kind in LINK_KINDS:
                path = group / f"{kind}.csv"
                if not path.exists():
                    continue
                with path.open(encoding="utf-8") as fh:
                    for row in csv.DictReader(fh):
                        for sku in row["sku"].split():
                            links[sku][kind].update(x for x in row["linked_sku"].split() if x in products)
    else:
        for p in products.values():
            for kind in LINK_KINDS:
                links[p.id][kind].update(x for x in getattr(p, kind) if x in products)
    return {sku: {k: v - {sku} for k, v in kinds.items()} for sku, kinds in links.items() if sku in products}


def in_test_half(sku: str) -> bool:
    """Whether ``sku`` falls in the test half (a stable hash: the same half on every run)."""
    return int(hashlib.sha256(sku.encode()).hexdigest(), 16) % 2 == 1


def evaluate_recommendations(settings: Settings, fixtures: Path | None, k: int = 10, seed: int = 7,
                             walks: int = 300) -> EvaluationResult:
    """Hit and recall of every system on the test half, and the profile decay tuned on link walks.

    ``metrics`` holds per system ``hit@10``, ``recall@10`` and ``recall@10 by link kind`` (the
    names say 10, the cut-off is ``k``); ``details`` the split sizes, where the links came from
    and the decay search.
    """
    folder = IndexFolder.from_settings(settings)
    index = folder.load_index()
    products = {p.id: p for p in folder.products()}
    links = read_links(fixtures, products)
    all_links = {sku: set().union(*kinds.values()) for sku, kinds in links.items()}
    sources = sorted(s for s, rel in all_links.items() if rel and s in products and index.row(s) is not None)
    test = [s for s in sources if in_test_half(s)]
    tune = [s for s in sources if not in_test_half(s)]
    hidden = set(test)

    def vector(pid: str) -> np.ndarray:
        return index.vector(pid)

    def neighbours(vec: np.ndarray, n: int, allowed) -> list[tuple[str, float]]:
        return [(h.product_id, h.score) for h in index.search(vec, n, allowed)]

    def blinded(p: Product) -> dict[str, set[str]]:
        return {} if p.id in hidden else links.get(p.id, {})

    def own(p: Product) -> dict[str, set[str]]:
        return links.get(p.id, {})

    # ---- decay, tuned on link walks from the tuning half, reported on the test half ----------
    rng = random.Random(seed)

    def make_walks(starts: list[str]) -> list[tuple[list[str], set[str]]]:
        out = []
        for _ in range(walks):
            path = [rng.choice(starts)]
            while len(path) < 3:
                nxt = sorted(all_links.get(path[-1], set()) - set(path))
                if not nxt:
                    break
                path.append(rng.choice(nxt))
            relevant = set().union(*(all_links.get(pid, set()) for pid in path)) - set(path)
            if len(path) == 3 and relevant:
                out.append((path, relevant))
        return out

    def walk_score(rec: Recommender, sessions, decay: float) -> float:
        """recall@k: hit@k is near 1 for every decay on these walks and cannot tell them apart."""
        recalls = []
        for path, relevant in sessions:
            profile = rec.profile([("view", pid) for pid in path], decay)
            got = [r.product.id for r in rec.recommend(k, profile=profile, exclude=set(path))]
            recalls.append(recall_at_k(got, relevant, k))
        return float(np.mean(recalls)) if recalls else 0.0

    tuning_rec = Recommender(products, vector, neighbours, links=own)
    tune_walks, test_walks = make_walks(tune), make_walks(test)
    decay_grid = {a: walk_score(tuning_rec, tune_walks, a) for a in DECAYS}
    best_decay = max(decay_grid, key=lambda a: (decay_grid[a], -a))
    config = replace(RecommenderConfig(), decay=best_decay)
    test_walk_hit = {a: walk_score(tuning_rec, test_walks, a) for a in (0.0, best_decay)}

    # ---- focus task on the test half --------------------------------------------------------
    popular = [pid for pid, _ in sorted(((pid, p.rating or 0.0) for pid, p in products.items()),
                                        key=lambda x: (-x[1], x[0]))]
    ours = Recommender(products, vector, neighbours, config, links=blinded)
    ours_no_mmr = Recommender(products, vector, neighbours, replace(config, mmr_lambda=1.0), links=blinded)
    live = Recommender(products, vector, neighbours, config, links=own)
    systems = {
        "popularity": lambda s: [p for p in popular if p != s],
        "nearest neighbours (FAISS)": lambda s: [pid for pid, _ in neighbours(vector(s), k + 1, None) if pid != s],
        "recommender, no MMR": lambda s: [r.product.id for r in ours_no_mmr.recommend(
            k, focus=products[s], profile=ours.profile([("view", s)]), interactions=[("view", s)])],
        "recommender (what runs)": lambda s: [r.product.id for r in ours.recommend(
            k, focus=products[s], profile=ours.profile([("view", s)]), interactions=[("view", s)])],
        "recommender with the product's own links (live upper bound)": lambda s: [r.product.id for r in live.recommend(
            k, focus=products[s], profile=live.profile([("view", s)]), interactions=[("view", s)])],
    }
    results = {}
    for name, fn in systems.items():
        ranked = {s: fn(s) for s in test}
        by_kind = {}
        for kind in LINK_KINDS:
            kind_recalls = [recall_at_k(ranked[s], links[s][kind], k) for s in test if links[s].get(kind)]
            by_kind[kind] = round(float(np.mean(kind_recalls)), 3) if kind_recalls else None
        results[name] = {"hit@10": round(float(np.mean([hit_at_k(ranked[s], all_links[s], k) for s in test])), 3),
                         "recall@10": round(float(np.mean([recall_at_k(ranked[s], all_links[s], k) for s in test])), 3),
                         "recall@10 by link kind": by_kind}
    return EvaluationResult(
        name="eval-recommend", primary_metric="recommender (what runs)/recall@10", metrics=results,
        details={"k": k, "products": len(products), "sources_with_links": len(sources), "test_products": len(test),
                 "tuning_products": len(tune),
                 "links_from": str(fixtures) if fixtures and fixtures.exists() else "catalog",
                 "decay": {"grid_recall@10_on_tuning_walks": {str(a): round(v, 3) for a, v in decay_grid.items()},
                           "chosen": best_decay, "walks": {"tuning": len(tune_walks), "test": len(test_walks)},
                           "test_walks_recall@10": {str(a): round(v, 3) for a, v in test_walk_hit.items()}}})

