"""Typo-tolerant search: misspelt product words corrected against the catalog's own vocabulary.

"hoddies" is no word the encoder or BM25 knows, so it finds unrelated products (and the turn
model cannot tell it is shopping). A word is corrected only when it is neither a catalog word nor
a word the text encoder knows whole, is at least four letters long and has no digits (so product
ids and exact names stay untouched), and a catalog word lies within a small edit distance: one
edit for words up to five letters, two beyond. Ties go to the word the catalog uses most.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from recsys.catalog import Product
from recsys.search.query import CATEGORY_SYNONYMS, GENDER_WORDS, ORDINALS

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swaps count as one edit); ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


# Chat words no dictionary has, never "corrected" ("oops" is not "tops").
# Short words a two-word name never stands in for ("yoga for her" is no "yoga form")
FUNCTION_WORDS = frozenset("""a an the and but for nor not yet any all one two six ten few out off via per are was
were has had got get its his her him she you your our who why how what now new old too yes yep nah can did does
may own use way see say let lot bit pls plz thx""".split())
CHAT_WORDS = frozenset({"oops", "whoops", "oopsie", "opps", "welp", "lmao", "haha", "hehe", "hmmm", "nope", "yup",
                        "yeah", "okay", "thnx", "thanx", "plz", "pls",
                        # chat words the text model's vocabulary lacks ("the pricey one" is no "price one")
                        "pricey", "pricier", "priciest", "spendy", "comfy", "comfier", "cosy", "cozy",
                        # thanks and greetings in other languages ("Vielen Dank" is no "tank")
                        "dank", "danke", "vielen", "bitte", "merci", "gracias", "grazie", "obrigado", "obrigada",
                        "hola", "bonjour", "ciao", "adios", "hallo", "tschuss", "dziekuje", "tack", "bedankt"})


# Endings a known word takes without the tokenizer knowing the whole word ("browse" is "brows" + "e")
INFLECTIONS = ("e", "s", "es", "ed", "ing", "er", "ers")


@dataclass(frozen=True)
class Corrected:
    """A text after spelling correction, with each (wrong, right) pair."""

    text: str
    fixes: list[tuple[str, str]] = field(default_factory=list)


def product_vocabulary(products: Iterable[Product], types_only: bool = False) -> list[str]:
    """The words a product typo may stand for: types, colours, genders (unless ``types_only``: titles too)."""
    products = list(products)
    texts = [" ".join(words) for words in CATEGORY_SYNONYMS.values()] + list(GENDER_WORDS) + list(ORDINALS)
    texts.append("cheapest cheaper expensive priciest price highest lowest")  # "cheepest", "hihgest"
    # Service words, so "shiping" is shipping (not "skipping") and "retrun" a return
    texts.append("shipping delivery return returns refund payment order warranty exchange tracking")
    # Words of questions about a product, so "wat materal is it" asks its material
    texts.append("material materials fabric colour colours color colors waterproof washable")
    texts += [f"{p.category_leaf} {' '.join(p.colors)}" for p in products]
    if not types_only:
        texts += [f"{p.title} {p.category} {p.brand} {p.attributes.get('material', '')}" for p in products]
    return texts


def catalog_words(products: Iterable[Product]) -> set[str]:
    """Every word of the catalog's text, descriptions included (never "corrected")."""
    return {w.lower().strip("'-") for p in products
            for w in WORD.findall(f"{p.title} {p.category} {p.brand} {p.description}")}


class Speller:
    """Corrects misspelt words to the catalog's vocabulary."""

    def __init__(self, target_texts: Iterable[str], known_words: Iterable[str] = ()) -> None:
        """``target_texts``: the words a typo may be corrected to; ``known_words``: words never corrected."""
        counts: Counter[str] = Counter()
        for text in target_texts:
            counts.update(w.lower().strip("'-") for w in WORD.findall(text or ""))
        self.counts = {w: n for w, n in counts.items() if len(w) >= 4}
        self.targets = frozenset(counts)
        # "jump rop": a three-letter word is too short to correct alone, but after the first word of
        # a two-word name ("jump rope") one edit away from its second word, it is that word.
        self.follows: dict[str, set[str]] = {}
        for text in target_texts:
            words = [w.lower().strip("'-") for w in WORD.findall(text or "")]
            for first, second in itertools.pairwise(words):
                if len(first) >= 3 and len(second) >= 4:
                    self.follows.setdefault(first, set()).add(second)
        self.known = frozenset(known_words) | frozenset(self.counts) | CHAT_WORDS
        self._by_length: dict[int, list[str]] = {}
        for word in self.counts:
            self._by_length.setdefault(len(word), []).append(word)
        self._memo: dict[str, str | None] = {}

    def suggest(self, word: str) -> str | None:
        """The catalog word a misspelt word stands for, or None (known word, or nothing close)."""
        lower = word.lower()
        if "-" in lower and lower.replace("-", "").isalpha() and lower.replace("-", "") not in self.known:
            lower = lower.replace("-", "")  # "t-shrits": the hyphen is part of the typo
        if len(lower) < 4 or self._known(lower) or not lower.isalpha():
            return None
        if lower in self._memo:
            return self._memo[lower]
        limit = 1 if len(lower) <= 5 else 2
        best: tuple[int, int, str] | None = None
        for n in range(len(lower) - limit, len(lower) + limit + 1):
            for candidate in self._by_length.get(n, ()):
                d = edit_distance(lower, candidate, limit)
                if d <= limit and (best is None or (d, -self.counts[candidate]) < best[:2]):
                    best = (d, -self.counts[candidate], candidate)
        result = best[2] if best is not None else None
        if len(self._memo) < 10_000:
            self._memo[lower] = result
        return result

    def _known(self, lower: str) -> bool:
        """A known word, or one a known word of four letters or more inflects ("browse": brows + e, not "brown")."""
        return lower in self.known or any(lower.endswith(end) and len(lower) - len(end) >= 4
                                          and lower[:-len(end)] in self.known for end in INFLECTIONS)

    def correct(self, text: str) -> Corrected:
        """The text with misspelt words replaced (case of the rest kept)."""
        fixes: list[tuple[str, str]] = []

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            right = self.suggest(word)
            if right is None:
                return word
            fixes.append((word, right))
            return right
        out = WORD.sub(fix, text or "")
        out = self._fix_short(out, fixes)
        return Corrected(out, fixes)

    def _fix_short(self, text: str, fixes: list[tuple[str, str]]) -> str:
        """A short typo read as the second word of a two-word name ("jump rop" -> "jump rope")."""
        words = list(WORD.finditer(text))
        for before, m in reversed(list(itertools.pairwise(words))):  # from the end: spans before stay valid
            short, lower = m.group(0), m.group(0).lower()
            if (len(lower) != 3 or lower in self.targets or lower in FUNCTION_WORDS or not lower.isalpha()
                    or text[before.end():m.start()].strip()):
                continue
            near = sorted((-self.counts.get(w, 0), w) for w in self.follows.get(before.group(0).lower(), ())
                          if edit_distance(lower, w, 1) <= 1)
            if near:
                fixes.append((short, near[0][1]))
                text = text[:m.start()] + near[0][1] + text[m.end():]
        return text
