"""Search quality (`recsys eval-search`): labelled queries, hybrid vs single-signal baselines.

The labelled set is built from the catalog itself, deterministically: attribute queries
("women's blue jackets": relevant = every in-stock women's or unisex jacket offered in blue),
price and size queries, exact product names and SKUs, plus a few hand-written natural
queries labelled by category. Relevance comes from the product data, never from the system
under test. Photos: every product photo perturbed (crop, flip, resize, light, JPEG) must find
its product. All systems run side by side in one process on the same index.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageEnhance

from recsys.catalog import Product
from recsys.evaluation.metrics import capped_precision_at_k, hit_at_k, recall_at_k, reciprocal_rank
from recsys.evaluation.result import EvaluationResult
from recsys.search.hybrid import Query
from recsys.search.query import CATEGORY_SYNONYMS
from recsys.training.augment import crop_flip_resize

if TYPE_CHECKING:
    from recsys.assistant import Assistant

# (query, relevant category leaves, gender or "") written by hand, before looking at results.
NATURAL = [
    ("something warm to wear on a cold morning run", ["Jackets", "Hoodies & Sweatshirts"], ""),
    ("comfy top for yoga class", ["Tees", "Tanks", "Bras & Tanks", "Hoodies & Sweatshirts"], "Women"),
    ("bottoms for the gym", ["Pants", "Shorts"], ""),
    ("a rain jacket for hiking", ["Jackets"], ""),
    ("something to carry my laptop", ["Bags"], ""),
    ("gear to work out at home", ["Fitness Equipment"], ""),
    ("track my steps and heart rate", ["Watches"], ""),
    ("a cozy pullover for lounging", ["Hoodies & Sweatshirts"], ""),
    ("light shirt for hot weather running", ["Tees", "Tanks", "Bras & Tanks"], ""),
    ("running shorts for men", ["Shorts"], "Men"),
    ("leggings for pilates", ["Pants"], "Women"),
    ("a gym bag for my stuff", ["Bags"], ""),
    ("something to stay hydrated", ["Fitness Equipment"], ""),
    ("stylish wrist watch", ["Watches"], ""),
    ("sports bra with support", ["Bras & Tanks"], "Women"),
    ("windproof shell for cycling", ["Jackets"], ""),
    ("loose sweatpants", ["Pants"], ""),
    ("tank top for men", ["Tanks"], "Men"),
    ("zip up hoodie for women", ["Hoodies & Sweatshirts"], "Women"),
    ("exercise mat", ["Fitness Equipment"], ""),
]
GENDER_WORD = {"Men": "men's", "Women": "women's"}


@dataclass
class LabelledQuery:
    """A query text, its family (attribute, price, name, ...) and the ids relevant to it."""

    family: str
    text: str
    relevant: set[str]
    filters_truth: dict = field(default_factory=dict)


def _word(leaf: str) -> str:
    return CATEGORY_SYNONYMS.get(leaf, [leaf.lower()])[0] + ("s" if leaf in CATEGORY_SYNONYMS else "")


def _match(p: Product, leaf: str = "", gender: str = "", color: str = "", max_price: float | None = None,
           size: str = "") -> bool:
    return (p.in_stock and (not leaf or p.category_leaf == leaf)
            and (not gender or p.gender in (gender, "Unisex"))
            and (not color or color in p.colors) and (not size or size in p.sizes)
            and (max_price is None or (p.price is not None and p.price <= max_price)))


def build_queries(products: list[Product], seed: int = 7) -> list[LabelledQuery]:
    """The labelled query set, built from the catalog's own data (deterministic for a seed)."""
    rng = random.Random(seed)
    out: list[LabelledQuery] = []
    leaves = sorted({p.category_leaf for p in products})
    attr = []
    for leaf in leaves:
        for gender in ("Men", "Women", ""):
            colours = sorted({c for p in products if _match(p, leaf, gender) for c in p.colors})
            for colour in colours:
                rel = {p.id for p in products if _match(p, leaf, gender, colour)}
                if rel:
                    text = " ".join(x for x in (GENDER_WORD.get(gender, ""), colour.lower(), _word(leaf)) if x)
                    attr.append(LabelledQuery("attribute", text, rel))
    out += rng.sample(attr, min(80, len(attr)))
    for leaf in leaves:
        prices = sorted(p.price for p in products if p.category_leaf == leaf and p.price is not None)
        if prices:
            cap = float(round(statistics.median(prices) / 5) * 5)
            rel = {p.id for p in products if _match(p, leaf, max_price=cap)}
            if rel:
                out.append(LabelledQuery("price", f"{_word(leaf)} under ${cap:g}", rel))
        sizes = sorted({s for p in products if p.category_leaf == leaf for s in p.sizes if s in {"S", "M", "L", "XL"}})
        for size in sizes[:2]:
            rel = {p.id for p in products if _match(p, leaf, size=size)}
            if rel:
                out.append(LabelledQuery("size", f"{_word(leaf)} size {size}", rel))
    named = rng.sample(products, min(60, len(products)))
    for p in named:
        rel = {q.id for q in products if q.title == p.title}
        out.append(LabelledQuery("name", p.title.lower(), rel))
    for p in rng.sample(products, min(40, len(products))):
        out.append(LabelledQuery("sku", p.id, {p.id}))
    for text, cats, gender in NATURAL:
        rel = {p.id for p in products if p.category_leaf in cats and (not gender or p.gender in (gender, "Unisex"))}
        out.append(LabelledQuery("natural", text, rel))
    return out


def perturb(image: Image.Image, rng: random.Random) -> Image.Image:
    """What a shopper's photo of a product looks like next to the shop's."""
    out = crop_flip_resize(image, rng, (0.65, 0.95), [128, 200, 256, 400])
    out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.8, 1.2))
    buffer = io.BytesIO()
    out.save(buffer, format="JPEG", quality=rng.choice([60, 75, 90]))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def read_queries(path: Path) -> list[LabelledQuery]:
    """Labelled queries from a JSONL file: ``{"text", "relevant": [ids], "family"?}`` a line."""
    return [LabelledQuery(d.get("family", "file"), d["text"], set(d["relevant"]))
            for d in map(json.loads, path.read_text().splitlines()) if d]


def _summary(results: list[list[str]], queries: list[LabelledQuery]) -> dict:
    p5 = [capped_precision_at_k(got, q.relevant, 5) for got, q in zip(results, queries, strict=True)]
    r10 = [recall_at_k(got, q.relevant, 10) for got, q in zip(results, queries, strict=True)]
    rr = [reciprocal_rank(got, q.relevant) for got, q in zip(results, queries, strict=True)]
    return {"p@5": float(np.mean(p5)), "r@10": float(np.mean(r10)), "mrr": float(np.mean(rr)), "n": len(queries)}


TEXT_SYSTEMS = {  # name -> (filtering, signals); "spelling" corrects typos first (the live search does)
    "hybrid + spelling (as served)": ("filters+spelling", ("dense", "bm25")),
    "hybrid (filters + dense + bm25)": ("filters", ("dense", "bm25")),
    "hybrid, no filters": ("none", ("dense", "bm25")),
    "dense only": ("none", ("dense",)),
    "bm25 only": ("none", ("bm25",)),
}
PHOTO_SYSTEMS = {"photo features": ("image",), "photo -> text (projection)": ("photo_text",),
                 "fused": ("image", "photo_text")}


def evaluate_search(assistant: Assistant, queries: list[LabelledQuery] | None = None, photos_per_product: int = 3,
                    seed: int = 7) -> EvaluationResult:
    """Text and photo search quality of every system, on ``assistant``'s index.

    ``queries`` default to :func:`build_queries` over the indexed products. ``metrics["text"]``
    holds per system ``all`` (P@5 capped, R@10, MRR, n), ``ms_per_query`` and the same figures
    per query family; ``metrics["photo"]`` per system ``recall@1`` and ``recall@5`` (the hit rate
    at 1 and 5: the product of the photo, or one sharing its photo, is found), when the assistant
    has a photo encoder and ``photos_per_product`` > 0.
    """
    products = [assistant.products[pid] for pid in assistant.index.ids if pid is not None]
    if queries is None:
        queries = build_queries(products, seed)
    retriever = assistant.retriever
    everything = assistant.attributes.present & assistant.attributes.in_stock
    vectors = assistant.encoder.encode([q.text for q in queries])
    spelt = [assistant.speller.correct(q.text).text for q in queries]
    spelt_vectors = assistant.encoder.encode(spelt)
    text: dict[str, dict] = {}
    photo: dict[str, dict] = {}
    families = sorted({q.family for q in queries})
    for name, (filtering, signals) in TEXT_SYSTEMS.items():
        results = []
        start = time.perf_counter()
        for i, (q, vector) in enumerate(zip(queries, vectors, strict=True)):
            words = q.text
            if filtering == "filters+spelling":
                words, vector = spelt[i], spelt_vectors[i]
            mask = assistant.attributes.mask(assistant.parser.parse(words).filters) \
                if filtering.startswith("filters") else everything
            if not mask.any():
                mask = everything
            ranked = retriever.search(Query(words, vector.reshape(1, -1)), mask, 10, signals=signals,
                                      dedupe_titles=False)
            results.append([r.product.id for r in ranked])
        elapsed = (time.perf_counter() - start) / len(queries) * 1000
        entry = {"all": _summary(results, queries), "ms_per_query": round(elapsed, 2)}
        for family in families:
            idx = [i for i, q in enumerate(queries) if q.family == family]
            entry[family] = _summary([results[i] for i in idx], [queries[i] for i in idx])
        text[name] = entry

    if assistant.image_encoder is not None and photos_per_product > 0:
        rng = random.Random(seed)
        root = assistant.image_root
        photo_queries, owners = [], []
        for p in products:
            if p.image and (root / p.image).is_file():
                with Image.open(root / p.image) as im:
                    base = im.convert("RGB")
                same_photo = {q.id for q in products if q.image == p.image}
                for _ in range(photos_per_product):
                    photo_queries.append(perturb(base, rng))
                    owners.append(same_photo)
        features = assistant.image_encoder.features(photo_queries)
        projected = assistant.image_encoder.project(features) if assistant.image_encoder.projection else None
        for name, signals in PHOTO_SYSTEMS.items():
            if "photo_text" in signals and projected is None:
                continue
            r1 = r5 = 0.0
            for i, rel in enumerate(owners):
                q = Query("", None, features[i:i + 1], None if projected is None else projected[i:i + 1])
                got = [r.product.id for r in retriever.search(q, everything, 5, signals=signals, dedupe_titles=False)]
                r1 += hit_at_k(got, rel, 1)
                r5 += hit_at_k(got, rel, 5)
            photo[name] = {"recall@1": r1 / len(owners), "recall@5": r5 / len(owners), "n": len(owners)}

    return EvaluationResult(
        name="eval-search", primary_metric="text/hybrid (filters + dense + bm25)/all/p@5",
        metrics={"text": text, "photo": photo},
        details={"queries": len(queries), "families": {f: sum(q.family == f for q in queries) for f in families}})
