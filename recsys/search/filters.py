"""Search filters (what the shopper asked for) and the attribute table that turns them into row masks.

Product attributes are kept as numpy columns, so a filter becomes a row mask in microseconds.

A Python loop over the products costs tens of milliseconds at 100K of them; the same
filter over these columns is a handful of vectorised comparisons. Rows line up with the
product index rows, so the mask goes straight into FAISS as an ID selector.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from recsys.catalog import Product

SORT_NAMES = {"price_asc": "cheapest first", "price_desc": "most expensive first"}
# Category levels that hold clothing ("Men > Tops > Tees"): "gym stuff rather than clothes" leaves those out.
APPAREL_LEVELS = {"tops", "bottoms", "clothing", "clothes", "apparel", "dresses", "outerwear", "underwear",
                  "activewear", "sportswear", "knitwear", "swimwear", "loungewear"}


def is_apparel(category: str) -> bool:
    """Whether a category path sits under a clothing level ("Women > Bottoms > Pants")."""
    return any(part.strip().lower() in APPAREL_LEVELS for part in (category or "").split(">"))


@dataclass
class Filters:
    """What the shopper asked for; empty fields do not filter, and only in-stock products count by default."""

    colors: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    gender: str = ""
    min_price: float | None = None
    max_price: float | None = None
    categories: tuple[str, ...] = ()
    brand: str = ""
    in_stock_only: bool = True
    exclude_colors: tuple[str, ...] = ()  # "not black": no product offered in these colours
    kinds: tuple[str, ...] = ()  # "backpacks", "duffles only": only products whose title names one of these
    exclude_kinds: tuple[str, ...] = ()  # "bags but no backpacks": no product whose title names these kinds
    exclude_names: tuple[str, ...] = ()  # "not the dash one": no product whose title has this word
    exclude_materials: tuple[str, ...] = ()  # "a messenger bag, not leather": nothing made of (or named for) these
    no_apparel: bool = False  # "something for the gym rather than clothes": nothing under a clothing level
    sort: str = ""  # "price_asc" / "price_desc" ("cheapest", "most expensive"); empty = by relevance

    @property
    def narrows(self) -> bool:
        """Whether a colour, a colour left out, a size or a price bound is said (whatever the kind)."""
        return bool(self.colors or self.exclude_colors or self.sizes or self.max_price or self.min_price)

    def as_preferences(self) -> dict[str, str]:
        """The parts of a query that are lasting shopper preferences (not the category)."""
        prefs = {}
        if self.colors:
            prefs["color"] = ",".join(self.colors)
        if self.sizes:
            prefs["size"] = ",".join(self.sizes)
        if self.gender:
            prefs["gender"] = self.gender
        if self.max_price is not None:
            prefs["max_price"] = f"{self.max_price:g}"
        if self.min_price is not None:
            prefs["min_price"] = f"{self.min_price:g}"
        if self.brand:
            prefs["brand"] = self.brand
        if self.exclude_colors:
            prefs["not_color"] = ",".join(self.exclude_colors)
        if self.exclude_materials:  # "no wool for me, makes me itch": kept like a colour left out
            prefs["not_material"] = ",".join(self.exclude_materials)
        return prefs

    def describe(self) -> list[str]:
        """The filters as short phrases for a reply ("for men", "in blue", "under $60")."""
        out = []
        if self.kinds:  # "backpacks" says more than "bags"
            out.append(" or ".join(f"{k}s" for k in self.kinds))
        elif self.categories:
            out.append(" or ".join(c.lower() for c in self.categories))
        if self.gender:
            out.append(f"for {self.gender.lower()}")
        if self.colors:
            out.append("in " + "/".join(c.lower() for c in self.colors))
        if self.sizes:
            out.append("size " + "/".join(self.sizes))
        if self.min_price is not None and self.max_price is not None:
            out.append(f"${self.min_price:g}-${self.max_price:g}")
        elif self.max_price is not None:
            out.append(f"under ${self.max_price:g}")
        elif self.min_price is not None:
            out.append(f"over ${self.min_price:g}")
        if self.brand:
            out.append(f"by {self.brand}")
        if self.exclude_colors:
            out.append("not in " + "/".join(c.lower() for c in self.exclude_colors))
        if self.exclude_kinds:
            out.append("no " + "/".join(f"{k}s" for k in self.exclude_kinds))
        if self.exclude_names:
            out.append("not the " + "/".join(n.title() for n in self.exclude_names))
        if self.exclude_materials:
            out.append("not " + "/".join(self.exclude_materials))
        if self.no_apparel:
            out.append("no clothing")
        if self.sort:
            out.append(SORT_NAMES[self.sort])
        return out

    @staticmethod
    def from_preferences(prefs: dict[str, str]) -> Filters:
        """Filters from stored preferences (the inverse of ``as_preferences``); bad prices are ignored."""
        def num(key: str) -> float | None:
            try:
                return float(prefs[key]) if prefs.get(key) else None
            except ValueError:
                return None
        return Filters(
            colors=tuple(c for c in prefs.get("color", "").split(",") if c),
            sizes=tuple(s for s in prefs.get("size", "").split(",") if s),
            gender=prefs.get("gender", ""),
            min_price=num("min_price"),
            max_price=num("max_price"),
            brand=prefs.get("brand", ""),
            exclude_colors=tuple(c for c in prefs.get("not_color", "").split(",") if c),
            exclude_materials=tuple(m for m in prefs.get("not_material", "").split(",") if m),
        )

    def merged_over(self, base: Filters) -> Filters:
        """This query's filters, falling back to ``base`` (stored preferences) field by field."""
        return replace(
            self,
            # "not black" over a stored "I like black": the stated exclusion wins.
            colors=self.colors or tuple(c for c in base.colors if c not in self.exclude_colors),
            sizes=self.sizes or base.sizes,
            gender=self.gender or base.gender,
            min_price=self.min_price if self.min_price is not None else base.min_price,
            max_price=self.max_price if self.max_price is not None else base.max_price,
            brand=self.brand or base.brand,
            # A colour asked for now lifts an earlier "not that colour".
            exclude_colors=tuple(dict.fromkeys([*self.exclude_colors,
                                                *(c for c in base.exclude_colors if c not in self.colors)])),
            exclude_materials=tuple(dict.fromkeys([*self.exclude_materials, *base.exclude_materials])),
        )


def material_words(product: Product) -> tuple[str, ...]:
    """The words of a product's material and title, lower-cased ("Leather, Canvas" -> leather, canvas, ...)."""
    text = f"{product.attributes.get('material') or ''} {product.title or ''}".lower()
    return tuple(dict.fromkeys(re.findall(r"[a-z]+", re.sub(r"&[a-z]+;", " ", text))))


def title_kinds(title: str) -> tuple[str, ...]:
    """A title's words, lower-cased and singular, for "no backpacks" ("Crown Summit Backpack" -> ..., backpack)."""
    return tuple(dict.fromkeys(w.rstrip("s") for w in re.findall(r"[a-z]+", (title or "").lower())))


class AttributeTable:
    """Product attributes as numpy columns, one row per index row (None rows never match)."""

    def __init__(self, products: Sequence[Product | None]) -> None:
        n = len(products)
        self.n = n
        self.present = np.array([p is not None for p in products], dtype=bool)
        self.in_stock = np.array([bool(p and p.in_stock) for p in products], dtype=bool)
        self.price = np.array([p.price if p is not None and p.price is not None else np.nan for p in products],
                              dtype=np.float64)
        self._vocab: dict[str, dict[str, int]] = {}
        self.category = self._codes("category", [p.category_leaf if p else "" for p in products])
        self.gender = self._codes("gender", [p.gender if p else "" for p in products])
        self.brand = self._codes("brand", [p.brand.lower() if p else "" for p in products])
        self.colors = self._sets("colors", [p.colors if p else () for p in products])
        self.sizes = self._sets("sizes", [p.sizes if p else () for p in products])
        # a title's words, singular ("Driven Backpack" -> driven, backpack): "no backpacks" leaves it out
        self.title_words = self._sets("title", [title_kinds(p.title) if p else () for p in products])
        self.materials = self._sets("material", [material_words(p) if p else () for p in products])
        self.apparel = np.array([bool(p and is_apparel(p.category)) for p in products], dtype=bool)

    def _codes(self, name: str, values: list[str]) -> np.ndarray:
        vocab = self._vocab.setdefault(name, {})
        return np.array([vocab.setdefault(v, len(vocab)) for v in values], dtype=np.int32)

    def _sets(self, name: str, values: list[tuple[str, ...]]) -> dict[str, np.ndarray]:
        """Per value, a boolean column (multi-valued attributes such as colours)."""
        columns: dict[str, np.ndarray] = {}
        for row, items in enumerate(values):
            for item in items:
                column = columns.get(item)
                if column is None:
                    column = columns[item] = np.zeros(self.n, dtype=bool)
                column[row] = True
        return columns

    def _code_mask(self, name: str, column: np.ndarray, wanted: Sequence[str]) -> np.ndarray:
        vocab = self._vocab[name]
        codes = [vocab[w] for w in wanted if w in vocab]
        return np.isin(column, codes) if codes else np.zeros(self.n, dtype=bool)

    def _any_of(self, columns: dict[str, np.ndarray], wanted: Sequence[str]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for value in wanted:
            if value in columns:
                mask |= columns[value]
        return mask

    def mask(self, filters: Filters) -> np.ndarray:
        """Boolean row mask of the products matching ``filters`` (Unisex products fit either gender)."""
        mask = self.present.copy()
        if filters.in_stock_only:
            mask &= self.in_stock
        if filters.colors:
            mask &= self._any_of(self.colors, filters.colors)
        if filters.exclude_colors:
            mask &= ~self._any_of(self.colors, filters.exclude_colors)
        if filters.kinds:
            mask &= self._any_of(self.title_words, filters.kinds)
        if filters.exclude_kinds:
            mask &= ~self._any_of(self.title_words, filters.exclude_kinds)
        if filters.exclude_names:
            mask &= ~self._any_of(self.title_words, filters.exclude_names)
        if filters.exclude_materials:
            mask &= ~self._any_of(self.materials, filters.exclude_materials)
        if filters.no_apparel:
            mask &= ~self.apparel
        if filters.sizes:
            mask &= self._any_of(self.sizes, filters.sizes)
        if filters.gender:
            mask &= self._code_mask("gender", self.gender, [filters.gender, "Unisex"])
        with np.errstate(invalid="ignore"):
            if filters.min_price is not None:
                mask &= self.price >= filters.min_price
            if filters.max_price is not None:
                mask &= self.price <= filters.max_price
        if filters.categories:
            mask &= self._code_mask("category", self.category, filters.categories)
        if filters.brand:
            mask &= self._code_mask("brand", self.brand, [filters.brand.lower()])
        return mask
