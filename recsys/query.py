"""Turn shopper words into filters: colour, size, gender, price bounds, category, brand.

Filters are what make "men's hoodies under $60" precise; the dense encoder alone ranks a $99
jacket above a $45 one happily. Parsing is vocabulary-driven (colours, sizes and categories
come from the catalog) so a new catalog brings its own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .catalog import Product

SIZE_WORDS = {
    "extra small": "XS", "xs": "XS", "small": "S", "medium": "M", "large": "L",
    "extra large": "XL", "xl": "XL", "xxl": "XXL", "2xl": "XXL",
}
GENDER_WORDS = {
    "men": "Men", "mens": "Men", "men's": "Men", "man": "Men", "male": "Men", "guy": "Men",
    "guys": "Men", "boyfriend": "Men", "husband": "Men", "dad": "Men", "father": "Men",
    "brother": "Men", "him": "Men", "women": "Women", "womens": "Women", "women's": "Women",
    "woman": "Women", "female": "Women", "ladies": "Women", "lady": "Women", "girlfriend": "Women",
    "wife": "Women", "mom": "Women", "mother": "Women", "sister": "Women", "her": "Women",
}
# Category leaf -> words a shopper uses for it. Leaves not listed match by their own name.
CATEGORY_SYNONYMS = {
    "Hoodies & Sweatshirts": ["hoodie", "hoodies", "sweatshirt", "sweatshirts", "pullover", "sweater"],
    "Jackets": ["jacket", "jackets", "coat", "coats", "windbreaker", "shell"],
    "Tees": ["tee", "tees", "t-shirt", "t-shirts", "tshirt", "tshirts", "shirt", "shirts"],
    "Tanks": ["tank", "tanks", "tank top", "tank tops", "sleeveless"],
    "Bras & Tanks": ["bra", "bras", "sports bra", "tank", "tanks", "tank top", "tank tops"],
    "Pants": ["pants", "trousers", "leggings", "tights", "joggers", "capris", "capri"],
    "Shorts": ["shorts"],
    "Bags": ["bag", "bags", "backpack", "backpacks", "duffle", "duffel", "tote", "messenger"],
    "Fitness Equipment": ["equipment", "yoga mat", "mat", "ball", "roller", "strap", "brick",
                          "water bottle", "bottle", "kettlebell", "dumbbell", "dumbbells", "sprite"],
    "Watches": ["watch", "watches", "tracker", "fitness tracker", "timepiece"],
}
_NUM = r"\$?\s*(\d+(?:\.\d{1,2})?)\s*(?:\$|dollars?|usd|bucks)?"
PRICE_MAX = re.compile(rf"\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|at most|no more than|within|budget(?: is| of)?)\s*{_NUM}", re.I)
PRICE_MIN = re.compile(rf"\b(?:over|above|more than|at least|min(?:imum)?|from)\s*{_NUM}", re.I)
PRICE_RANGE = re.compile(rf"\bbetween\s*{_NUM}\s*(?:and|-|to)\s*{_NUM}|{_NUM}\s*(?:-|to)\s*{_NUM}", re.I)
SIZE_EXPLICIT = re.compile(r"\bsize\s*:?\s*(xxs|xs|s|m|l|xl|xxl|2xl|\d{2}(?:\s*cm)?)\b", re.I)
SIZE_SPOKEN = re.compile(r"\b(?:size|in(?: an?)?)\s+(extra small|extra large|small|medium|large)\b", re.I)
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1}


@dataclass
class Filters:
    colors: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    gender: str = ""
    min_price: float | None = None
    max_price: float | None = None
    categories: tuple[str, ...] = ()
    brand: str = ""
    in_stock_only: bool = True

    def matches(self, p: Product) -> bool:
        if self.in_stock_only and not p.in_stock:
            return False
        if self.colors and not (set(self.colors) & set(p.colors)):
            return False
        if self.sizes and not (set(self.sizes) & set(p.sizes)):
            return False
        if self.gender and p.gender not in (self.gender, "Unisex"):
            return False
        if self.min_price is not None and (p.price is None or p.price < self.min_price):
            return False
        if self.max_price is not None and (p.price is None or p.price > self.max_price):
            return False
        if self.categories and p.category_leaf not in self.categories:
            return False
        if self.brand and p.brand.lower() != self.brand.lower():
            return False
        return True

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
        return prefs

    def describe(self) -> list[str]:
        out = []
        if self.categories:
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
        return out

    @staticmethod
    def from_preferences(prefs: dict[str, str]) -> Filters:
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
        )

    def merged_over(self, base: Filters) -> Filters:
        """This query's filters, falling back to ``base`` (stored preferences) field by field."""
        return replace(
            self,
            colors=self.colors or base.colors,
            sizes=self.sizes or base.sizes,
            gender=self.gender or base.gender,
            min_price=self.min_price if self.min_price is not None else base.min_price,
            max_price=self.max_price if self.max_price is not None else base.max_price,
            brand=self.brand or base.brand,
        )


@dataclass
class ParsedQuery:
    text: str
    filters: Filters = field(default_factory=Filters)
    ordinal: int | None = None  # "the second one" -> 1


class QueryParser:
    def __init__(self, products: Iterable[Product]) -> None:
        products = list(products)
        self.colors = sorted({c for p in products for c in p.colors}, key=len, reverse=True)
        self.brands = sorted({p.brand for p in products if p.brand})
        self.categories: dict[str, set[str]] = {}
        leaves = {p.category_leaf for p in products if p.category_leaf}
        for leaf in sorted(leaves):
            for word in [*CATEGORY_SYNONYMS.get(leaf, []), leaf.lower()]:
                self.categories.setdefault(word, set()).add(leaf)
        self._category_words = sorted(self.categories, key=len, reverse=True)

    def parse(self, text: str) -> ParsedQuery:
        text = (text or "").strip()
        lower = text.lower().replace("’", "'")
        f = Filters()
        m = PRICE_RANGE.search(lower)
        if m:
            nums = [float(g) for g in m.groups() if g]
            if len(nums) == 2:
                f.min_price, f.max_price = min(nums), max(nums)
        else:
            if (m := PRICE_MAX.search(lower)):
                f.max_price = float(m.group(1))
            if (m := PRICE_MIN.search(lower)):
                f.min_price = float(m.group(1))
        words = re.findall(r"[a-z0-9'\-]+", lower)
        colors = [c for c in self.colors if re.search(rf"\b{re.escape(c.lower())}\b", lower)]
        if "grey" in words and "Gray" in self.colors:
            colors.append("Gray")
        f.colors = tuple(dict.fromkeys(colors))
        sizes = [SIZE_WORDS.get(m.group(1), m.group(1).upper()) for m in SIZE_EXPLICIT.finditer(lower)]
        sizes += [SIZE_WORDS[w] for w in words if w in ("xs", "xl", "xxl", "2xl")]
        for m in SIZE_SPOKEN.finditer(lower):
            sizes.append(SIZE_WORDS[m.group(1)])
        f.sizes = tuple(dict.fromkeys(sizes))
        for word in words:
            if word in GENDER_WORDS:
                f.gender = GENDER_WORDS[word]
                break
        for phrase in self._category_words:
            if re.search(rf"\b{re.escape(phrase)}\b", lower):
                f.categories = tuple(sorted(self.categories[phrase]))
                break
        for brand in self.brands:
            if re.search(rf"\b{re.escape(brand.lower())}\b", lower):
                f.brand = brand
        ordinal = None
        for word, pos in ORDINALS.items():
            if re.search(rf"\b(the )?{word}( one)?\b", lower):
                ordinal = pos
                break
        return ParsedQuery(text=text, filters=f, ordinal=ordinal)
