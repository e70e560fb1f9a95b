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
ARTICLE = frozenset({"a", "an", "any", "some"})
# Nouns the taxonomy has as a kind ("Drill Bits", "Playing Cards") that shoppers use for something else
NOT_A_KIND = frozenset("""bit bits lot lots couple pair pairs piece pieces kind kinds sort sorts type types way ways
thing things time times day days week weeks month months year years size sizes colour colours color colors price
prices budget gift gifts present presents idea ideas option options choice choices deal deals sale sales match
matches look looks style styles fit fits pack packs set sets part parts side sides top tops end ends point points
question questions order orders item items product products stuff change changes return returns""".split())


# Words before a thing a product holds or fits ("bags that take a laptop")
CARRIES = frozenset("take takes fit fits hold holds carry carries hold fitting holding carrying".split())
# A sold kind's word made another kind by the word before it ("sleeping bags" in a shop of gym bags)
COMPOUND_KINDS = re.compile(r"\b(?:sleeping|punching|bean|golf|diaper|garbage|trash|laundry|tea)\s+bags?\b|"
                            r"\b(?:swim|swimming|wet)\s+suits?\b", re.I)


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
        """The unsold kinds the words ask for, in the order said ("do you have running shoes?" -> shoes).

        A kind is asked for in the plural ("shoes", "socks") or after "a", "an", "any" or "some" ("a
        cap"); words that are more often a measure or a manner of speaking ("a bit pricey") never.
        """
        compounds = [m.group(0).lower() for m in COMPOUND_KINDS.finditer(text or "")]
        words = WORD.findall(COMPOUND_KINDS.sub(" ", text or "").lower())
        asked = compounds
        for i, word in enumerate(words):
            if word not in self.unsold or word in NOT_A_KIND:
                continue
            if CARRIES & set(words[max(0, i - 3):i]):
                continue  # "the others that take a laptop", "fits a tablet": what a product holds, not a wish
            plural = word.endswith("s") and not word.endswith("ss")
            said_before = {w for w in asked if word.startswith(w) or w.startswith(word)}  # "a cap, do you do caps"
            if (plural or ARTICLE & set(words[max(0, i - 2):i])) and not said_before:
                asked.append(word)
        return list(dict.fromkeys(asked))

    @staticmethod
    def without_compounds(text: str) -> str:
        """The words with the unsold compound kinds taken out ("tents or sleeping bags" -> "tents or")."""
        return COMPOUND_KINDS.sub(" ", text or "")
