"""Kinds of product a shopper may ask for that this catalog has none of ("running shoes" in a clothes shop).

The retail kinds are the head nouns of Google's product taxonomy (``recsys/data/retail_kinds.txt``,
built by ``recsys.datasets.retail_kinds``); a kind is unsold when no catalog title or category
uses the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from recsys.catalog import Product
from recsys.settings import PACKAGE_DIR

RETAIL_KINDS_FILE = PACKAGE_DIR / "data" / "retail_kinds.txt"
WORD = re.compile(r"[a-z]+")


def load_retail_kinds(path: Path = RETAIL_KINDS_FILE) -> frozenset[str]:
    """The shipped retail kinds, both numbers (empty when the file is missing)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip().isalpha())  # (comment lines have spaces)


def sold_words(products: Iterable[Product]) -> set[str]:
    """Every word of the catalog's titles and category paths, with a trailing "s" added and taken off."""
    words = {w for p in products for w in WORD.findall(f"{p.title} {p.category}".lower())}
    return words | {f"{w}s" for w in words} | {w[:-1] for w in words if w.endswith("s")} \
        | {f"{w}es" for w in words}


class UnsoldKinds:
    """Says which retail kinds the words ask for that the catalog does not sell."""

    def __init__(self, products: Iterable[Product], retail: frozenset[str] | None = None) -> None:
        retail = load_retail_kinds() if retail is None else retail
        self.unsold = frozenset(retail - sold_words(products))

    def said(self, text: str) -> list[str]:
        """The unsold kinds the words name, in the order said ("do you have running shoes?" -> shoes)."""
        return list(dict.fromkeys(w for w in WORD.findall((text or "").lower()) if w in self.unsold))
