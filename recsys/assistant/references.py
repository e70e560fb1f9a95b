"""What "it", "these", "the second one", "the cheaper one" or "the blue one" point at.

The context store keeps every list the shopper saw, newest first, each with its kind: a search
result, recommendations, the one product an answer was about ("focus"), or the items of an order
the shopper verified. A reference is resolved against the newest list it fits, so a detour does
not break it: after "men's hoodies" and a question about returns (which showed one product),
"the blue one" still finds the blue hoodie in the older list, and "the third one" skips the
one-product answer. Every resolution says which list and why, for the turn's explanation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from recsys.catalog import Product
from recsys.search.query import GENDER_WORDS, MEASURE, UNITS, title_words
from recsys.search.spelling import edit_distance
from recsys.storage.context_store import ShownList

# "that" and "this" only as pronouns ("that one", "I'll take that"), not "a jacket that is warm".
# ("add that for Mrs Patel", "i'll take that in M": "that" ending the pointer, before who it is for or how)
PRONOUN_ONE = re.compile(r"\b(it|this one|that one|(?:this|that) pair)\b|\b(this|that)\s*[?.!]*$|"
                         r"\b(?:add|take|get|buy|want|have)\s+(this|that)\s+(?:for|too|as well|in|then|please|pls)\b",
                         re.I)
PRONOUN_ALL = re.compile(r"\b(these|those|them|they|all of them|both)\b", re.I)
# What may follow "the cheapest" said as a pointer: a size to buy it in, or a please
_THEN_SIZE = r"\s+(?:(?:in\s+|size\s+|sz\s+)?(?:xxs|xs|s|m|l|xl|xxl|\d{2})|pls|please|then|too|again)\b"
# "the cheaper one", and "the cheapest" ending a clause ("add the cheapest", "... in XL"): a pointer, not a search.
# "the cheaper of those", "the pricier of the two": one of the products pointed at, by price
OF_THOSE = re.compile(r"\b(cheaper|cheapest|less expensive|least expensive|pricier|priciest|more expensive|"
                      r"most expensive|dearer)\s+(?:of|out of)\s+"
                      r"(?:those|these|them|the two|both|the (?:\w+\s+)?ones)\b",
                      re.I)
# ("have you cheaper ones?" wishes for other products: no pointer)
CHEAPER = re.compile(r"\b(cheaper|cheapest|less expensive|least expensive|lower priced)\s+(one|option)\b|"
                     rf"\bthe (cheaper|cheapest|least expensive)\s*(?:[?.!,;]|$|{_THEN_SIZE})",
                     re.I)  # "add the cheapest in XL"
PRICIER = re.compile(r"\b(pricier|priciest|pricey|more expensive|most expensive|dearer)\s+(one|option)\b|"
                     r"\bthe (pricier|priciest|more expensive|most expensive|dearest)\s*"
                     rf"(?:[?.!,;]|$|{_THEN_SIZE})", re.I)
# "from before", "from the first list", "earlier": not the list on screen, one shown before it
FROM_BEFORE = re.compile(r"\b(?:from|in|on)\s+(?:before|earlier|the (?:first|other|earlier|previous|last) list)\b|"
                         r"\b(?:earlier|before)\W*$", re.I)
# "which is the longest one", "the biggest": a pointer at the shown product whose title measure is greatest
_ENDS_POINTER = r"(?:\s+(?:one|of\s+\w+(?:\s+\w+)?)|\s+[a-z]+)?\s*(?:[?.!,;]|$|\s+(?:and|pls|please)\b)"
# ("the longer one" of two compared straps too)
LONGEST = re.compile(r"\bthe\s+(longest|biggest|largest|tallest|heaviest|widest|longer|bigger|larger|taller|heavier|"
                     r"wider)" + _ENDS_POINTER, re.I)
SHORTEST = re.compile(r"\bthe\s+(shortest|smallest|lightest|narrowest|shorter|smaller|lighter|narrower)"
                      + _ENDS_POINTER, re.I)
_DEPARTMENT = r"men'?s|mens|women'?s|womens|ladies'?|guys'?|his|hers?"
# "the 1st bag and the 2nd tee", "the first of the men's watches", "the 2nd mens one": a list position
# and the kind (and department) it counts in
KIND_POINTER = re.compile(r"\b(?:the\s+)?(\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|last|cheapest|"
                          r"most expensive|priciest)\s+(?:of\s+(?:the|those|these|your)\s+)?"
                          rf"((?:(?:{_DEPARTMENT})\s+)?[a-z][a-z'-]+)", re.I)
# "the first women's one", "the mens list - the third one", "the first hoodie from his list": a position
# counted among one department's products (the list shown for them), not the list on screen
DEPARTMENT_POINTER = re.compile(rf"\b(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|last)\s+"
                                rf"(?:of\s+(?:the|those|these|your)\s+)?({_DEPARTMENT})(?=\s|[.,!?]|$)|"
                                rf"\b({_DEPARTMENT})\s+(?:list|ones?|lot|selection)\b", re.I)
# "the 65 cm", "the 75 then": a product on screen by the measure in its title
THE_MEASURE = re.compile(r"\bthe\s+(\d{1,3}(?:\.\d)?)\s*(?:cm|centimet(?:er|re)s?|foot|feet|ft|inch(?:es)?|in\b)?"
                         r"(?!\s*(?:\$|dollars?|bucks|%|st|nd|rd|th|x\b))(?:\s+one)?\b", re.I)
# "the blue one", "the XL one", "the red and black one": the words between "the" and "one".
THE_X_ONE = re.compile(r"\bthe\s+((?:[\w'-]+\s+){1,3}?)one\b", re.I)
# "add grey one L", "yellow one?": one word and "one" without "the", when the word is a colour or
# title word of a shown product (otherwise no pointer: "a new one", "which one").
LOOSE_X_ONE = re.compile(r"\b(?!(?:that|this|which|any|every|each|some|no|the|a|an|other|same|new|next|only|"
                         r"1st|2nd|3rd|4th|5th|first|second|third|fourth|fifth|last|cheap|cheaper|cheapest|"
                         r"pricier|priciest)\b)([a-z]+)\s+one\b(?!s)", re.I)
# "the first tee you showed me", "the watch you suggested": a list the bot offered, not an order's items
YOU_SHOWED = re.compile(r"\b(?:you|u)\s+(?:just\s+|first\s+)?(?:showed|shown|show(?:ed)? me|suggested|recommended|"
                        r"found|listed|sent|had)\b|"
                        # "ok thx. back to the tanks, is the first one ...": the products shown before the look-up
                        r"\bback to (?:the|those|these|that|this|my|our)\b", re.I)
# A list position said as a word ("2nd", "third", "last"), as many cues read it
NTH = r"(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|last)"
# "go back to the jackets, the second one": one product of an earlier list, to look at (no size: not bought yet)
BACK_POINT = re.compile(r"\b(?:go |going |get )?back to (?:the|those|that|these|his|her|my)\b[^.?!]{0,40}?"
                        rf"(?:[,:;\u2014\u2013]|\s-)\s*(?:the\s+)?{NTH}(?:\s+one)?\s*(?:pls|please)?\s*[?.!]*\s*$",
                        re.I)
# "ok go back to the jackets", "can we go back to the hoodies pls": an earlier list asked for again, nothing more
BACK_TO_LIST = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|now|hmm+|meh|right|actually|nah)\W+)*"
                          r"(?:(?:let'?s|can we|could we|pls|please|i want to|i wanna)\s+)?(?:go\s+)?back to\s+"
                          # one to three words naming the kind, nothing else ("back to the hoodie add the chaz
                          # in orange L" adds)
                          r"(?:the|those|these|my)\s+(?P<kind>(?!(?:[a-z'&-]+\s+){0,2}(?:add|the|in|size|and|with|for|"
                          r"but)\b)[a-z][a-z'&-]*(?:\s+[a-z][a-z'&-]*){0,2}?)\s*(?:again|pls|please)?"
                          r"\s*[.!?]*$", re.I)
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "last", "1st", "2nd", "3rd", "4th", "5th"}


_POSITION = rf"(?:{NTH}|top)"
# "the first from grandpa's list", "my wife's list", "husband's 1st", "the 2nd from his", "her first two":
# a list shown for one person, named by whose it is
PERSON_POINTER = re.compile(rf"\b([a-z]+)'s\s+(?:list|ones?|{_POSITION})\b|"
                            rf"\bfrom\s+(?:my\s+|the\s+)?([a-z]+)'s\b|"
                            rf"\bfrom\s+(his|her|hers)\b(?!\s+(?:own|size|birthday)\b)|"
                            rf"\b(his|her)\s+(?:list|ones|{_POSITION})\b", re.I)


def department_pointed(text: str, persons: bool = False) -> str:
    """"Men" or "Women" when a pointer counts in one department's products, else "".

    "the 2nd mens one", "the mens list"; with ``persons`` also a person's list: "the first from
    grandpa's list", "husband's 1st", "her first two".
    """
    m = DEPARTMENT_POINTER.search(text or "")
    if m is not None:
        word = (m.group(1) or m.group(2)).lower()
        return "Women" if word.startswith(("w", "l", "her")) else "Men"
    for m in PERSON_POINTER.finditer(text or "") if persons else ():
        pronoun = (m.group(3) or m.group(4) or "").lower()
        if pronoun:
            return "Women" if pronoun.startswith("her") else "Men"
        department = GENDER_WORDS.get((m.group(1) or m.group(2)).lower(), "")
        if department in ("Men", "Women"):
            return department
    return ""


# The parts of "the 1st one from my wife's list in M blue, and the 2nd from his in S red"
_PARTS = re.compile(r"\b(?:and|plus)\b|[&;]", re.I)


def part_around(text: str, at: int) -> str:
    """The part of ``text`` (between "and"s) that holds the character at ``at``."""
    start = 0
    for m in _PARTS.finditer(text):
        if m.start() > at:
            return text[start:m.start()]
        start = m.end()
    return text[start:]


# "remove hers", "if he doesn't like his", "my sister's one": whose the product is, said by a pronoun or a person
# (said alone: "his jacket" names a kind, "my sister's birthday" an occasion)
_ALONE = r"(?=\s*(?:[.,!?;]|$|out\b|back\b|one\b|too\b|instead\b|does|doesn|is\b|isn|won|will|fits?\b|then\b))"
OWNER = re.compile(rf"\b(hers)\b|\b(his){_ALONE}|\b(her|his)\s+(?:one|item|gift|present)\b|"
                   # ("my son's one", "take grandpa's out"; not "he's", "she's")
                   rf"\b(?:my\s+|our\s+)?(?!(?:he|she|it|that|what|there|here|who|let|how|where)'s)([a-z]+)'s{_ALONE}",
                   re.I)


# "take my mum's hoodie out": a person's possessive before the kind of item (for cart items only)
OWNER_OF_KIND = re.compile(r"\b(?:my|our|the)\s+([a-z]+)'s\s+[a-z]", re.I)


def owner_department(text: str, of_kind: bool = False) -> str:
    """"Women" for "hers" or "my sister's", "Men" for "his" or "my brother's", else "".

    ``of_kind`` also reads "my mum's hoodie" (in the cart, an item; elsewhere "my sister's birthday").
    """
    if of_kind:
        for m in OWNER_OF_KIND.finditer(text or ""):
            if GENDER_WORDS.get(m.group(1).lower()):
                return GENDER_WORDS[m.group(1).lower()]
    for m in OWNER.finditer(text or ""):
        word = (m.group(1) or m.group(2) or m.group(3) or "").lower()
        if word:
            return "Women" if word.startswith("her") else "Men"
        department = GENDER_WORDS.get(m.group(4).lower(), "")
        if department:
            return department
    return ""


def owned_by(text: str, products: Sequence[Product], of_kind: bool = False) -> list[Product]:
    """The ``products`` for whom the words say ("remove hers", "my brother's"); [] when they say no one."""
    department = owner_department(text, of_kind)
    return [p for p in products if p.gender == department] if department else []


@dataclass(frozen=True)
class Resolution:
    """The products a message points at, the list they were found in, and how."""

    products: list[Product]
    source: ShownList
    how: str  # "the 2nd product of the search list", for explanations and logs
    # "it" said with several products in that list: the first was taken, though "it" did not say which
    guessed: bool = False

    @property
    def product(self) -> Product:
        """The first (for "it", the only) product pointed at."""
        return self.products[0]


def _described_words(text: str) -> list[str]:
    """The words of "the X one" ("the blue 65cm one" -> blue, 65, cm), ordinals included."""
    m = THE_X_ONE.search(text)
    if not m:
        return []
    # "65cm" is written "65 cm" in titles ("2nd" stays an ordinal)
    phrase = re.sub(r"(\d)(cm|mm|ft|foot|feet|inch|inches|in|kg|lbs?|oz|ml|l)\b", r"\1 \2", m.group(1).lower())
    return [w for w in re.findall(r"[\w'-]+", phrase) if w not in {"and", "other", "same"}]


def _attribute_words(text: str) -> list[str]:
    words = _described_words(text)
    return [] if any(w in ORDINAL_WORDS for w in words) else words


SAME_COLOUR = {"grey": "gray"}  # the catalog spells it "Gray"


def _matches(product: Product, words: list[str]) -> bool:
    """Every word names one of the product's colours or sizes, or appears in its title/category."""
    colours = {c.lower() for c in product.colors}
    sizes = {s.lower() for s in product.sizes}
    title = set(re.findall(r"[\w'-]+", f"{product.title} {product.category}".lower()))
    words = [SAME_COLOUR.get(w, w) for w in words]
    return all(w in colours or w in sizes or w in title or w.rstrip("s") in title for w in words)


def described(text: str, items: list[Product]) -> list[Product]:
    """The products of ``items`` that "the X one" describes ("the 8 foot one", "the blue one")."""
    words = _attribute_words(text)
    return [p for p in items if _matches(p, words)] if words else []


def _variants(product: Product, products: dict[str, Product]) -> list[Product]:
    """The other products sold under the same title (colour variants listed as separate products)."""
    return [p for p in products.values() if p.title == product.title and p.id != product.id]


def in_colour(product: Product, colors: Sequence[str], products: dict[str, Product]) -> Product:
    """The product itself, or its variant sold as a separate product in the colours said ("the 65 cm ball in blue")."""
    wanted = {c.lower() for c in colors}
    if not wanted or wanted <= {c.lower() for c in product.colors}:
        return product
    return next((v for v in _variants(product, products) if wanted <= {c.lower() for c in v.colors}), product)


def all_colours(product: Product, products: dict[str, Product]) -> tuple[str, ...]:
    """The colours a product comes in, its variants sold as separate products included."""
    return tuple(dict.fromkeys([*product.colors, *(c for v in _variants(product, products) for c in v.colors)]))


def title_measure(product: Product) -> tuple[float, str] | None:
    """The number and unit a title gives ("Sprite Yoga Strap 10 foot" -> (10.0, "foot")), or None."""
    m = MEASURE.search(product.title)
    return (float(m.group(1)), UNITS[m.group(2).lower()]) if m else None


def _nth(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


# Words of product titles that say what kind of thing it is, not which one ("the hoodie" is no name).
GENERIC_TITLE_WORDS = {"hoodie", "jacket", "tee", "tank", "pant", "pants", "short", "shorts", "bag", "watch", "bra",
                       "top", "shirt", "sweatshirt", "pullover", "backpack", "ball", "bottle", "set", "kit", "the",
                       "and", "for", "with", "women", "men", "yoga", "running", "training", "full", "zip", "crew",
                       "tote", "legging", "tights", "capri", "mat", "strap", "band", "roller", "block"}
# The generic title words that name a kind of product ("the bottle", "the mat"), not a use or a cut
KIND_TITLE_WORDS = GENERIC_TITLE_WORDS - {"the", "and", "for", "with", "women", "men", "yoga", "running", "training",
                                          "full", "zip", "crew"}
# Lists that are an answer's subject, not a list to pick from: one product asked about, two compared.
ANSWER_KINDS = {"focus", "compare", "added"}  # "added": the product just put in the cart
# Lists shown to pick from (an answer about one of them in the same message does not replace them)
LIST_KINDS = ("search", "photo", "recommend")
# Lists of the one product an answer was about or just put in the cart: pointers, not a list on screen.
ONE_PRODUCT_KINDS = ("focus", "added")
# "the Chaz", "that Teton hoodie": up to three words after a determiner, not across "and" / "vs".
# ("a jacket that can handle rain": "that" opening a clause names nothing)
NAME_PHRASE = re.compile(r"\b(?:the|that(?!\s+(?:can|could|is|are|was|were|will|would|has|have|does|do|should|might|"
                         r"may|fits?|keeps?|works?|goes|lasts?)\b)|this)\s+"
                         r"((?:(?!(?:and|or|vs|versus|with|than|the)\b)[\w'-]+\s*){1,3})")
MODEL_REFS = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "last": -1}  # the turn model's pointer, as an ordinal


def shown_items(lists: Sequence[ShownList], products: dict[str, Product]) -> list[tuple[ShownList, list[Product]]]:
    """Each shown list with its products still in the catalog, newest first; lists left empty are dropped."""
    usable = [(sl, [products[p] for p in sl.product_ids if p in products]) for sl in lists]
    return [(sl, items) for sl, items in usable if items]


def said_as_names(text: str) -> str:
    """The words said after "the", "that" or "this" ("the Chaz", "that Teton hoodie"), lower-cased."""
    # ("is the 1st water resistant?": a feature, not the Affirm Water Bottle)
    text = WATER_FEATURE.sub(" ", (text or "").lower())
    return " ".join(m.group(1) for m in NAME_PHRASE.finditer(text))


WATER_FEATURE = re.compile(r"\bwater[- ]?(?:resistant|resistance|proof|repellent|tight)\b")


def _name_words(text: str) -> set[str]:
    """The distinctive words said as a name (not "the hoodie" alone); three letters can be a name ("the ana one")."""
    return set(re.findall(r"[a-z][\w'-]{2,}", said_as_names(text))) - GENERIC_TITLE_WORDS - ASK_WORDS


# Words of an ask that are never a name, nor a typo of one ("compare" is no misspelt "Compete")
ASK_WORDS = {"compare", "compared", "comparing", "comparison", "difference", "between", "versus"}


def _title_words(product: Product) -> set[str]:
    """A title's words a name can be said by (four letters or more, or a first word of three: "Ana"), lower-cased."""
    lower = product.title.lower()
    words = set(re.findall(r"[a-z][\w'-]{3,}", lower))
    first = re.match(r"([a-z]{3})\b", lower)
    return words | {first.group(1)} if first else words


def named_product(text: str, usable: list[tuple[ShownList, list[Product]]]) -> Resolution | None:
    """A product on a recent list named by a distinctive word of its title ("the Chaz", "the Teton hoodie").

    The newest list with one such product, unless an older one holds a product more of the words
    name ("the overnight duffle" after an answer about the Joust Duffle Bag).
    """
    found: Resolution | None = None
    most = 0
    for sl, items in usable:
        words = _respelt(_name_words(text), items)
        hits = _named_among(words, text, items)
        if len(hits) == 1 and (said := len(words & _title_words(hits[0]))) > most:
            found, most = Resolution([hits[0]], sl, f"the product named in the {sl.kind} list"), said
    return found


def _kinds_said(text: str) -> set[str]:
    """The kind words said as a name ("the bottle", "the kit"), singular."""
    return {w.rstrip("s") for w in re.findall(r"[a-z][\w'-]{2,}", said_as_names(text))} & KIND_TITLE_WORDS


def _of_kinds(product: Product, kinds: set[str]) -> bool:
    """Whether the product's title has one of these kind words."""
    return bool(kinds & {w.rstrip("s") for w in title_words(product.title)})


def named_by_kind(text: str, usable: list[tuple[ShownList, list[Product]]]) -> Resolution | None:
    """The one product of the newest list whose title has the kind word said ("add the bottle" among balls)."""
    kinds = _kinds_said(text)
    listed = [(sl, items) for sl, items in usable if sl.kind not in ANSWER_KINDS]
    if not kinds or not listed:
        return None
    sl, items = listed[0]
    hits = [p for p in items if _of_kinds(p, kinds)]
    return Resolution([hits[0]], sl, f"the only {'/'.join(sorted(kinds))} of the {sl.kind} list") \
        if len(hits) == 1 else None


def _respelt(words: set[str], items: list[Product]) -> set[str]:
    """Name words with a typo read as the one title word of ``items`` they are a letter or two from ("endevor")."""
    titled = set().union(*(_title_words(p) for p in items)) if items else set()
    unknown = {w for w in words if w not in titled and len(w) >= 5}
    if not unknown:  # (the usual case: reading every listing's words is only for a possible typo)
        return words
    # a word the listings use is no typo ("is the strap leather" is not the Aether pant)
    used = set(re.findall(r"[a-z][\w'-]{3,}", " ".join(f"{p.description} {p.attributes.get('material', '')}".lower()
                                                       for p in items)))
    out = words - unknown
    for word in unknown:
        if word in used:
            out.add(word)
            continue
        limit = 1 if len(word) <= 6 else 2
        near = {t for t in titled if t not in GENERIC_TITLE_WORDS and edit_distance(word, t, limit) <= limit}
        out.add(near.pop() if len(near) == 1 else word)
    return out


def named_products(text: str, items: list[Product]) -> list[Product]:
    """The products of ``items`` named by a distinctive title word ("compare the chaz and the bruno")."""
    # Only words said as a name: "the Chaz", "that Teton hoodie", not any word of a new search.
    return _named_among(_respelt(_name_words(text), items), text, items)


def _named_among(words: set[str], text: str, items: list[Product]) -> list[Product]:
    """``named_products`` with the name words already read (and respelt) from ``text``."""
    if not words:
        return []
    scored = [(len(words & _title_words(p)), p) for p in items]
    best = max((n for n, _ in scored), default=0)
    if best == 0:
        return []
    hits = [p for n, p in scored if n > 0]
    top = [p for n, p in scored if n == best]
    if len(top) > 1:
        # "the ryker crew neck one": words too common to name alone ("crew", "neck") tell the Rykers apart
        said = set(re.findall(r"[a-z]{4,}", said_as_names(text)))
        tied = [(len(said & set(re.findall(r"[a-z]{4,}", p.title.lower()))), p) for p in top]
        most = max(n for n, _ in tied)
        if sum(n == most for n, _ in tied) == 1 and most > best:
            return [p for n, p in tied if n == most]
    if len(top) == 1 and best > 1:  # "the Overnight Duffle" over the other duffle: the fuller match
        return top
    return list({p.id: p for p in hits}.values())


def each_named(text: str, items: list[Product]) -> list[Product]:
    """Products each named by a word no other item has ("the yoga brick and the water bottle"), in order."""
    words = [w for w in re.findall(r"[a-z][\w'-]{3,}", said_as_names(text)) if w not in GENERIC_TITLE_WORDS]
    found: list[Product] = []
    for word in dict.fromkeys(words):
        hits = [p for p in items if word in _title_words(p)]
        if len(hits) == 1 and hits[0] not in found:
            found.append(hits[0])
    return found


# The parts of "the brick and the 8 foot strap", "the Chaz, and the Bruno too"
ADD_PARTS = re.compile(r"\b(?:and|plus)\b|[,&+]", re.I)


def each_part_named(text: str, usable: list[tuple[ShownList, list[Product]]],
                    catalog: dict[str, Product] | None = None) -> list[Product]:
    """One product per part of "I take the brick and the 8 foot strap", each found on the newest list naming it.

    Across lists, unlike :func:`each_named`: the brick from the first list, the strap from the one
    after; "the kit" is the one kit of the newest list with a kit. With ``catalog``, a part naming
    no shown product may name one of the catalog ("add the orion jacket in black M and the caesar
    in black 32", the jacket's list long gone). Only parts saying "the ..." count, and each must
    name one product, all different; else [].
    """
    parts = [part for part in ADD_PARTS.split(text or "") if NAME_PHRASE.search(part)]
    if len(parts) < 2:
        return []
    found: list[Product] = []
    for part in parts:
        picked = _by_measure(part, usable) or named_product(part, usable) or _one_of_kind(part, usable)
        product = picked.product if picked is not None else \
            named_in_catalog(part, catalog) if catalog is not None else None
        if product is None or product in found:
            return []
        found.append(product)
    return found


# The parts of "pushup grips or the cardio ball, which is better": names joined by and / or / vs
COMPARED_PARTS = re.compile(r"\b(?:and|or|vs|versus|plus|with|against|to)\b|[,&+?;:]", re.I)


def each_part_named_anywhere(text: str, usable: list[tuple[ShownList, list[Product]]],
                             catalog: dict[str, Product]) -> list[Product]:
    """Products named one per part of "pushup grips or the cardio ball", on any recent list or else in the catalog.

    "the" may be left out ("bruno vs mach street"); parts naming nothing ("which is better") are
    skipped; [] unless two or more different products are named.
    """
    found: list[Product] = []
    for part in COMPARED_PARTS.split(text or ""):
        if not part.strip():
            continue
        said = part if NAME_PHRASE.search(part) else f"the {part}"
        picked = named_product(said, usable)
        product = picked.product if picked is not None else named_in_catalog(said, catalog)
        if product is not None and product not in found:
            found.append(product)
    return found if len(found) >= 2 else []


def _one_of_kind(text: str, usable: list[tuple[ShownList, list[Product]]]) -> Resolution | None:
    """The one product whose title has the kind word said ("the kit"), on the newest list with any of that kind."""
    kinds = _kinds_said(text)
    if not kinds:
        return None
    for sl, items in usable:
        hits = [p for p in items if _of_kinds(p, kinds)]
        if hits:
            return Resolution([hits[0]], sl, f"the only {'/'.join(sorted(kinds))} of the {sl.kind} list") \
                if len({p.title for p in hits}) == 1 else None
    return None


def named_in_parts(text: str, items: list[Product]) -> list[Product]:
    """:func:`named_products` with each part of "the difference, Emma and Sylvia?" read as a name, "the" or not."""
    parts = ADD_PARTS.split(text or "")
    each: list[Product] = []
    for part in parts:  # "between bruno and mach street": one product a part, however many words each says
        hits = named_products(f"the {part}", items)
        if len(hits) == 1 and hits[0] not in each:
            each.append(hits[0])
    if len(each) >= 2:
        return each
    return named_products(" ".join(f"the {part}" for part in parts), items)


def measured_products(text: str, items: list[Product]) -> list[Product]:
    """The products of ``items`` each measure said names ("the 6 foot and 8 foot strap"), one title per measure."""
    found: list[Product] = []
    for m in MEASURE.finditer(text or ""):
        said = _measure_said(m)
        hits = {p.title: p for p in items if title_measure(p) == said}
        if len(hits) == 1 and (hit := next(iter(hits.values()))) not in found:
            found.append(hit)
    return found


def _measure_said(m: re.Match[str]) -> tuple[float, str]:
    """A :data:`MEASURE` match as :func:`title_measure` gives one ("8 ft" -> (8.0, "foot"))."""
    return float(m.group(1)), UNITS[m.group(2).lower()]


def _by_measure(text: str, usable: list[tuple[ShownList, list[Product]]]) -> Resolution | None:
    """The shown product whose title has the measure said ("the 8 foot strap"), newest list first."""
    measure = THE_MEASURE.search(text)
    if not measure:
        return None
    for sl, items in usable:
        hits = [p for p in items if (m := title_measure(p)) is not None and m[0] == float(measure.group(1))]
        if len({p.title for p in hits}) == 1:
            return Resolution([hits[0]], sl, f"the {measure.group(1)} one of the {sl.kind} list")
    return None


def without_titles(text: str, products: list[Product]) -> str:
    """The words with the products' titles taken out ("add it. and also the Voyage Yoga Bag": "add it and also the")."""
    lower = " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))
    for p in products:
        lower = lower.replace(" ".join(re.findall(r"[a-z0-9]+", p.title.lower())), " ")
    return lower


def titles_said(text: str, products: dict[str, Product]) -> list[Product]:
    """Catalog products whose whole title the words say ("the Summit Watch and the Crown Summit Backpack"), in order."""
    lower = " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))
    spans: list[tuple[int, int, Product]] = []
    for p in products.values():
        title = " ".join(re.findall(r"[a-z0-9]+", p.title.lower()))
        if len(title.split()) >= 2 and (m := re.search(rf"\b{re.escape(title)}\b", lower)):
            spans.append((m.start(), m.end(), p))
    # a title inside a longer one said ("summit watch" in "the summit watch band") is that longer one
    kept = [(a, b, p) for a, b, p in spans if not any(x <= a and b <= y and (x, y) != (a, b) for x, y, _ in spans)]
    # one product per title: colour variants sold as separate products share it
    return list({p.title: p for _, _, p in sorted(kept, key=lambda t: t[0], reverse=True)}.values())[::-1]


def product_by_id(text: str, products: dict[str, Product]) -> Product | None:
    """The catalog product whose id the words carry ("MH06", "24-MG02"), as buttons send them."""
    for token in re.findall(r"\b[\w-]{3,}\b", text or ""):
        if token in products and re.search(r"\d", token):
            return products[token]
    return None


def product_said(text: str, products: dict[str, Product]) -> Product | None:
    """The one product whose whole title the words say, else the one ``named_in_catalog`` finds."""
    titled = titles_said(text, products)
    return titled[0] if len(titled) == 1 else named_in_catalog(text, products)


def named_in_catalog(text: str, products: dict[str, Product]) -> Product | None:
    """The one catalog product named by a distinctive word of its title ("does the Teton hoodie come in XL?")."""
    found = named_product(text, [(ShownList(0, "catalog", "", []), list(products.values()))])
    if found is not None:
        return found.product
    # "is the foam roller in stock?": the last two words of exactly one title, said after "the"
    phrases = said_as_names(text)
    if not phrases:
        return None
    hits = {p.title: p for p in products.values()
            if len(words := re.findall(r"[a-z][\w'-]+", p.title.lower())) >= 2
            and re.search(rf"\b{re.escape(' '.join(words[-2:]))}\b", phrases)}
    if len(hits) == 1:
        return next(iter(hits.values()))
    # "and the 75 cm ball, does it come in blue?": the one title with that measure and kind word
    measure = MEASURE.search(phrases)
    # (the kind word may come after the words a name phrase keeps: "the 8 foot yoga strap")
    kinds = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", (text or "").lower())} & KIND_TITLE_WORDS
    if measure is None or not kinds:
        return None
    said = _measure_said(measure)
    hits = {p.title: p for p in products.values() if title_measure(p) == said and _of_kinds(p, kinds)}
    return next(iter(hits.values())) if len(hits) == 1 else None


def _back_past_order(usable: list[tuple[ShownList, list[Product]]]) -> bool:
    """Whether the newest answer (a comparison, a question) was about a list shown before an order look-up.

    "back to the tanks, compare the 1st and 2nd", then "does the 1st one come in green": the tanks'
    first, not the looked-up order's item.
    """
    if not usable or usable[0][0].kind not in ANSWER_KINDS:
        return False
    ids = {p.id for p in usable[0][1]}
    for at, (sl, items) in enumerate(usable[1:], 1):
        if sl.kind not in ANSWER_KINDS and ids <= {p.id for p in items}:
            return any(s.kind == "order" for s, _ in usable[1:at])
    return False


def resolve(text: str, ordinal: int | None, lists: Sequence[ShownList],
            products: dict[str, Product], ref: str | None = None,
            categories: Sequence[str] = (), loose: bool = False, offered: bool = False,
            gender: str = "") -> Resolution | None:
    """The products a message refers to, or None when it refers to none (or to nothing we showed).

    ``ref`` is the turn model's reading of the pointer ("2", "last", "it"), used where the
    exact patterns below find none (e.g. "the 2nd", "number two", a typo'd ordinal). ``loose``
    also reads "grey one" without "the" (in a cart command, where it can only be a pointer).
    ``offered`` (or words like "you showed me") skips a verified order's items while an offered
    list exists: "add that first watch" after an order look-up means the watches shown before it.
    ``gender`` counts an ordinal among that department's products ("the 2nd mens one").
    """
    text = OF_THOSE.sub(r"\1 one", text or "")  # "the cheaper of those": the cheaper one
    usable = shown_items(lists, products)
    if offered or YOU_SHOWED.search(text) or _back_past_order(usable):
        usable = [(sl, items) for sl, items in usable if sl.kind != "order"] or usable
    if ordinal is None and ref in MODEL_REFS:
        # The model's pointer yields to a product the words name ("is the Overnight Duffle leather?")
        named = named_product(text, usable) if usable else None
        if named is not None:
            return named
        ordinal = MODEL_REFS[ref]
    by_id = product_by_id(text, products)
    if by_id is not None:  # "add the Stark Fundamental Hoodie (MH06) to my cart": a carousel button
        source = next((sl for sl, items in usable if by_id in items), ShownList(0, "catalog", "", [by_id.id]))
        return Resolution([by_id], source, f"the product with id {by_id.id}")
    if not usable:
        return None
    multi = [(sl, items) for sl, items in usable if sl.kind != "focus" and len(items) > 1]
    # A comparison's pair answers "the cheaper one" and "both"; ordinals count on the lists shown as lists.
    listed = [(sl, items) for sl, items in usable if sl.kind not in ANSWER_KINDS]

    # "the first orange one from before": counted among the shown products that are orange
    described_by = [w for w in _described_words(text) if w not in ORDINAL_WORDS]
    if ordinal is not None and (categories or described_by or gender):  # "the first tee you showed me"
        kinds = set(categories)
        # "the 2nd mens one": the men's products first, unisex ones only where no list has any
        for departments in ([gender], [gender, "Unisex"]) if gender else ([],):
            of_kind = [(sl, [p for p in items if (not kinds or p.category_leaf in kinds)
                             and (not departments or p.gender in departments)
                             and (not described_by or _matches(p, described_by))]) for sl, items in usable]
            for sl, items in of_kind:
                if sl.kind not in ANSWER_KINDS and -len(items) <= ordinal < len(items):
                    n = ordinal + 1 if ordinal >= 0 else len(items) + ordinal + 1
                    kind = "/".join(sorted(kinds) + described_by + ([gender] if gender else [])).lower()
                    return Resolution([items[ordinal]], sl, f"the {_nth(n)} {kind} of the {sl.kind} list")
    if ordinal is not None:  # "the second one": the newest real list (not a one-product answer) that has one
        ordered = listed + [x for x in usable if x[0].kind in ANSWER_KINDS]
        for sl, items in ordered:
            if -len(items) <= ordinal < len(items):
                n = ordinal + 1 if ordinal >= 0 else len(items) + ordinal + 1
                return Resolution([items[ordinal]], sl, f"the {_nth(n)} product of the {sl.kind} list")
        return None

    by_kind = named_by_kind(text, usable)
    # "add the bottle" with one bottle among balls and bricks (not "the Leah top" with another top on screen:
    # the name said is another product's)
    if by_kind is not None and ((other := named_product(text, usable)) is None
                                or other.product.id == by_kind.product.id):
        return by_kind

    by_measure = _by_measure(text, listed)
    if by_measure is not None:  # "add the 65 cm in blue", "the 75 then": the shown product whose title has it
        return by_measure

    for pattern, pick in ((LONGEST, max), (SHORTEST, min)):
        said = pattern.search(text)
        if said and not CHEAPER.search(text) and not PRICIER.search(text):
            for sl, items in multi:
                measured = [(m, p) for p in items if (m := title_measure(p)) is not None]
                units = {u for (_, u), _ in measured}
                if len(measured) > 1 and len(units) == 1:  # "55 cm" against "6 foot" says nothing
                    best = pick(measured, key=lambda x: x[0][0])[1]
                    return Resolution([best], sl, f"the {said.group(1).lower()} of the {sl.kind} list "
                                                  "(by its title's measure)")
    for pattern, pick, label in ((CHEAPER, min, "cheapest"), (PRICIER, max, "priciest")):
        if pattern.search(text):
            # "the pricey one from before": among the lists before the one on screen
            earlier = multi[1:] if FROM_BEFORE.search(text) and len(multi) > 1 else multi
            for sl, items in earlier:
                priced = [p for p in items if p.price is not None]
                if len(priced) > 1:
                    return Resolution([pick(priced, key=lambda p: p.price)], sl, f"the {label} of the {sl.kind} list")
            return None

    words = _attribute_words(text)
    if words:  # "the blue one": the newest list with a product that fits every word
        for sl, items in usable:
            hits = [p for p in items if _matches(p, words)]
            respelt = sorted(_respelt(set(words), items))  # "the endevor daytrip one"
            hits = hits or [p for p in items if _matches(p, respelt)]
            # a list shows one colour variant of a title; "the blue one" may be its blue variant
            hits = hits or [v for p in items for v in _variants(p, products) if _matches(v, words)]
            if hits:
                return Resolution([hits[0]], sl, f"the {' '.join(words)} one in the {sl.kind} list")
        return None

    loose_match = LOOSE_X_ONE.search(text) if loose else None
    if loose_match:  # "add grey one L": only when a shown product has that colour or title word
        for sl, items in usable:
            hits = [p for p in items if _matches(p, [loose_match.group(1).lower()])]
            if hits:
                return Resolution([hits[0]], sl, f"the {loose_match.group(1).lower()} one in the {sl.kind} list")

    if PRONOUN_ALL.search(text):
        # "how much r those" right after a search that found one product: that one (a one-product
        # answer, "focus" or "added", is no list of its own: the list before it)
        newest_found = usable[0][0].kind not in ("focus", "added", *ANSWER_KINDS)
        sl, items = usable[0] if newest_found or not multi else multi[0]
        return Resolution(items, sl, f"all products of the {sl.kind} list")

    named = named_product(text, usable)
    if named is not None:
        return named

    if ref == "it" and not PRONOUN_ONE.search(text) and not re.search(r"\b(?:this|that)\b", text, re.I):
        # The model's "it" said without a pronoun ("kenobi in blue L, add"; "add that too" has one): a
        # product named loosely first; a bare "add" with a whole list on screen points at nothing
        # (the caller asks which)
        named = named_product(f"the {text}", usable) if loose else None
        if named is not None:
            return named
        if len(usable[0][1]) > 1:
            return None
    if PRONOUN_ONE.search(text) or ref == "it":  # "it": the product in focus, else the newest list's first
        sl, items = usable[0]
        how = "the product in focus" if len(items) == 1 else f"the 1st product of the {sl.kind} list"
        return Resolution([items[0]], sl, how, guessed=len({p.id for p in items}) > 1)
    return None
