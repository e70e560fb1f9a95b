"""Personalised recommendations: profile -> recall -> rank -> diversify, each pick with a reason.

- **Profile**: P_t = a * P_{t-1} + (1 - a) * I_t over the shopper's interactions in order (I_t is the
  interacted product's text vector times how much the interaction says: a purchase more than a
  click, a return pushes away; INTERACTION_WEIGHTS below). `a` (decay) is tuned by `recsys
  eval-recommend` on browsing sessions walked along the catalog's links.
- **Recall**: FAISS neighbours of the product in focus and of the profile; the merchant's
  cross-sell / related / up-sell links of the focus; and the links of the focus's nearest
  neighbours ("co-links": what the shop pairs with products like this one), which also serve
  products the merchant never linked.
- **Rank**: a weighted sum of link evidence, similarity, preference fit (stated size, colour,
  brand), popularity (rating) and price fit (stated budget).
- **Diversify**: MMR, so five picks are not five colours of one hoodie.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from recsys.catalog import Product
from recsys.search.filters import Filters

Neighbours = Callable[[np.ndarray, int, np.ndarray | None], list[tuple[str, float]]]
# Interactions the recommender learns from, with how much each says about taste (a return says
# the product did not suit).
INTERACTION_WEIGHTS = {"view": 1.0, "more_like_this": 1.5, "asked_about": 1.0, "add_to_cart": 2.0,
                       "bought": 3.0, "returned": -1.0}
LINK_KINDS = ("crosssell", "related", "upsell")


@dataclass(frozen=True)
class RecommenderConfig:
    """Profile decay, recall depth, ranking weights and the MMR trade-off."""

    decay: float = 0.5  # a in P_t = a P_{t-1} + (1-a) I_t
    recall_k: int = 30
    colink_neighbours: int = 5
    w_link: float = 1.0
    w_colink: float = 0.8
    w_similarity: float = 0.5
    w_profile: float = 0.4
    w_preference: float = 0.2
    w_popularity: float = 0.1
    w_price: float = 0.2
    mmr_lambda: float = 0.75


@dataclass
class Recommendation:
    """One pick: the product, its score, a reason in words, and the evidence behind it."""

    product: Product
    score: float
    reason: str
    why: dict = field(default_factory=dict)


class Recommender:
    """Recommends products from a focus product, a shopper profile and stated preferences."""

    def __init__(self, products: dict[str, Product], vector: Callable[[str], np.ndarray], neighbours: Neighbours,
                 config: RecommenderConfig | None = None,
                 links: Callable[[Product], dict[str, Sequence[str]]] | None = None) -> None:
        """Recommend over ``products``, with their vectors and a FAISS neighbour search.

        ``links`` gives a product's merchant links; the offline evaluation passes one that hides
        the held-out products' own links.
        """
        self.products = products
        self.vector = lambda pid: np.asarray(vector(pid), dtype=np.float32).reshape(-1)
        self.neighbours = neighbours
        self.config = config or RecommenderConfig()
        self.links = links or (lambda p: {kind: getattr(p, kind) for kind in LINK_KINDS})

    # ---- profile -----------------------------------------------------------------------------
    def profile(self, interactions: Sequence[tuple[str, str]], decay: float | None = None) -> np.ndarray | None:
        """The shopper's taste as a unit vector from interactions in order; None when they say nothing."""
        a = self.config.decay if decay is None else decay
        vec: np.ndarray | None = None
        for kind, pid in interactions:
            weight = INTERACTION_WEIGHTS.get(kind)
            if weight is None or pid not in self.products:
                continue
            step = weight * self.vector(pid)
            vec = (1 - a) * step if vec is None else a * vec + (1 - a) * step
        if vec is None or not np.linalg.norm(vec) > 1e-9:
            return None
        return unit(vec)

    # ---- recommend ---------------------------------------------------------------------------
    def recommend(self, k: int, focus: Product | None = None, profile: np.ndarray | None = None,
                  interactions: Sequence[tuple[str, str]] = (), preferences: Filters | None = None,
                  allowed: np.ndarray | None = None, admissible: Callable[[str], bool] | None = None,
                  exclude: set[str] = frozenset(), popular_fallback: bool = True,
                  link_kinds: Sequence[str] = LINK_KINDS) -> list[Recommendation]:
        """Up to ``k`` picks, recalled, ranked and diversified, each with its reason.

        ``allowed`` is the row mask FAISS searches within (hard filters: gender, budget...);
        ``admissible`` applies the same filters to candidates that come from links.
        """
        cfg = self.config
        prefs = preferences or Filters()
        exclude = set(exclude) | ({focus.id} if focus else set())
        evidence: dict[str, dict] = {}

        def note(pid: str, key: str, value) -> None:
            """Keep the first value of a kind of evidence; for scores, the highest."""
            if pid in exclude or pid not in self.products or (admissible is not None and not admissible(pid)):
                return
            ev = evidence.setdefault(pid, {})
            if key in ev and isinstance(value, float):
                ev[key] = max(ev[key], value)
            elif key not in ev:
                ev[key] = value

        focus_vec = self.vector(focus.id) if focus else None
        if focus is not None:
            for kind, ids in self.links(focus).items():
                for pid in ids if kind in link_kinds else ():
                    note(pid, "link", kind)
            for pid, score in self.neighbours(focus_vec, cfg.recall_k, allowed):
                note(pid, "sim_focus", float(score))
            near = [(pid, s) for pid, s in self.neighbours(focus_vec, cfg.colink_neighbours + 1, None)
                    if pid != focus.id and pid in self.products][: cfg.colink_neighbours]
            for pid, s in near:
                for ids in self.links(self.products[pid]).values():
                    for linked in ids:
                        note(linked, "colink", float(s))
                        evidence.get(linked, {}).setdefault("colink_via", pid)
        if profile is not None:
            for pid, score in self.neighbours(profile, cfg.recall_k, allowed):
                note(pid, "sim_profile", float(score))
        if not evidence and popular_fallback:
            for pid, _p in sorted(self.products.items(), key=lambda kv: -(kv[1].rating or 0.0))[: cfg.recall_k]:
                note(pid, "popular", 1.0)
        if not evidence:
            return []

        ids = list(evidence)
        vecs = np.stack([self.vector(pid) for pid in ids])
        if focus_vec is not None:  # similarity to the focus for every candidate, not only recalled ones
            for pid, s in zip(ids, vecs @ focus_vec, strict=True):
                evidence[pid].setdefault("sim_focus", float(s))
        if profile is not None:
            for pid, s in zip(ids, vecs @ profile, strict=True):
                evidence[pid].setdefault("sim_profile", float(s))
        scored = []
        for pid in ids:
            p, ev = self.products[pid], evidence[pid]
            parts = {
                "link": cfg.w_link * (1.0 if "link" in ev else 0.0),
                "colink": cfg.w_colink * ev.get("colink", 0.0),
                "similarity": cfg.w_similarity * ev.get("sim_focus", 0.0),
                "profile": cfg.w_profile * ev.get("sim_profile", 0.0),
                "preference": cfg.w_preference * preference_fit(p, prefs),
                "popularity": cfg.w_popularity * ((p.rating or 3.0) / 5.0),
                "price": cfg.w_price * price_fit(p, prefs),
            }
            scored.append((pid, sum(parts.values()), parts))
        chosen = mmr([(pid, s) for pid, s, _ in scored], dict(zip(ids, vecs, strict=True)), k, cfg.mmr_lambda)
        parts_of = {pid: parts for pid, _, parts in scored}
        out = []
        for pid, score in chosen:
            p = self.products[pid]
            out.append(Recommendation(p, score, self.reason(p, focus, evidence[pid], interactions, prefs),
                                      {"score_parts": {k: round(v, 4) for k, v in parts_of[pid].items()},
                                       **{k: (round(v, 4) if isinstance(v, float) else v)
                                          for k, v in evidence[pid].items()}}))
        return out

    def reason(self, p: Product, focus: Product | None, ev: dict, interactions: Sequence[tuple[str, str]],
               prefs: Filters) -> str:
        """Why this product was picked, in words ("bought together with the ...; rated 4/5")."""
        parts = []
        if focus is not None and ev.get("link") == "crosssell":
            parts.append(f"bought together with the {focus.title} (shop's pick)")
        elif focus is not None and ev.get("link") == "upsell":
            parts.append(f"a step up from the {focus.title} (shop's pick)")
        elif focus is not None and ev.get("link") == "related":
            parts.append(f"goes with the {focus.title} (shop's pick)")
        elif ev.get("colink_via") in self.products and focus is not None:
            parts.append(f"the shop pairs it with the {self.products[ev['colink_via']].title}, "
                         f"which is like the {focus.title}")
        elif focus is not None and ev.get("sim_focus", 0.0) > 0:
            parts.append(f"similar to the {focus.title}")
        if ev.get("sim_profile") is not None and interactions:
            because = self._closest_interaction(p, interactions)
            if because is not None:
                verb = {"bought": "bought", "add_to_cart": "put in your cart", "asked_about": "asked about"}
                parts.append(f"because you {verb.get(because[0], 'looked at')} the {self.products[because[1]].title}")
        if not parts and ev.get("popular"):
            parts.append("popular with shoppers")
        if prefs.sizes and set(prefs.sizes) & set(p.sizes):
            parts.append(f"comes in your size {'/'.join(sorted(set(prefs.sizes) & set(p.sizes)))}")
        if prefs.colors and (colours := sorted({c.lower() for c in prefs.colors} & {c.lower() for c in p.colors})):
            parts.append(f"in your colour ({'/'.join(colours)})")  # which one, as a search's reasons say
        if p.rating:
            parts.append(f"rated {p.rating:g}/5")
        return "; ".join(parts) or "a good match"

    def _closest_interaction(self, p: Product, interactions: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
        best, best_sim = None, -1.0
        v = self.vector(p.id)
        for kind, pid in interactions:
            if pid in self.products and pid != p.id and INTERACTION_WEIGHTS.get(kind, 0) > 0:
                s = float(v @ self.vector(pid))
                if s > best_sim:
                    best, best_sim = (kind, pid), s
        return best


def unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1 (float32); a zero vector stays zero."""
    return (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float32)


def preference_fit(p: Product, prefs: Filters) -> float:
    """Share of the stated preferences that the product meets (1.0 when none were stated)."""
    checks = []
    if prefs.sizes:
        checks.append(bool(set(prefs.sizes) & set(p.sizes)))
    if prefs.colors:
        checks.append(bool({c.lower() for c in prefs.colors} & {c.lower() for c in p.colors}))
    if prefs.brand:
        checks.append(prefs.brand.lower() == (p.brand or "").lower())
    if prefs.gender:
        checks.append(p.gender in (prefs.gender, "Unisex", ""))
    return sum(checks) / len(checks) if checks else 1.0


def price_fit(p: Product, prefs: Filters) -> float:
    """1.0 within the stated budget, falling off with the distance outside it; 0.5 for an unknown price."""
    if p.price is None:
        return 0.5
    if prefs.max_price is not None and p.price > prefs.max_price:
        return max(0.0, 1.0 - (p.price - prefs.max_price) / max(prefs.max_price, 1.0))
    if prefs.min_price is not None and p.price < prefs.min_price:
        return max(0.0, 1.0 - (prefs.min_price - p.price) / max(prefs.min_price, 1.0))
    return 1.0


def mmr(scored: list[tuple[str, float]], vectors: dict[str, np.ndarray], k: int,
        lam: float) -> list[tuple[str, float]]:
    """Maximal marginal relevance over min-max normalised scores."""
    if not scored:
        return []
    lo, hi = min(s for _, s in scored), max(s for _, s in scored)
    norm = {pid: (s - lo) / (hi - lo) if hi > lo else 1.0 for pid, s in scored}
    raw = dict(scored)
    left = sorted(norm, key=lambda pid: -norm[pid])
    chosen: list[str] = []
    while left and len(chosen) < k:
        def gain(pid: str) -> float:
            if not chosen:
                return norm[pid]
            redundancy = max(float(vectors[pid] @ vectors[c]) for c in chosen)
            return lam * norm[pid] - (1 - lam) * redundancy
        best = max(left, key=gain)
        chosen.append(best)
        left.remove(best)
    return [(pid, raw[pid]) for pid in chosen]
