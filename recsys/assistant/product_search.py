"""Product search from words, a photo or both.

Stated filters (size, colour, budget...) are saved as preferences and merged over earlier ones;
a refinement ("in blue?") keeps the categories on screen; when nothing matches, filters are
dropped (carried-over ones first) and the answer says which.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import numpy as np

from recsys.assistant import replies
from recsys.assistant.references import BACK_TO_LIST, GENERIC_TITLE_WORDS, LIST_KINDS, named_product, shown_items
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer, ProductView
from recsys.catalog import Product
from recsys.images import CheckedImage
from recsys.ops.telemetry import span
from recsys.search.bm25 import tokenize
from recsys.search.filters import Filters, is_apparel, title_kinds
from recsys.search.hybrid import Query, Ranked
from recsys.search.query import CATEGORY_SYNONYMS, GENDER_WORDS, KIND_ALIASES

log = logging.getLogger(__name__)

# Words that only refine a list already on screen; with colours, sizes and gender words, a search
# made of nothing else keeps the categories of the products shown last.
REFINEMENT_WORDS = {"ones", "size", "sizes", "colour", "colours", "color", "colors", "instead", "then", "ok", "also",
                    "same", "those", "these", "them", "again", "more", "other", "another", "options", "cheaper",
                    "cheap", "cheapest", "dollars", "bucks", "less", "than", "bigger", "smaller", "larger", "version",
                    "available", "got", "how", "about", "only", "just", "stock", "yes", "sure", "maybe",
                    # price orders and exclusions ("sort by price", "most expensive first", "not black")
                    "sort", "sorted", "order", "price", "prices", "low", "high", "lowest", "highest", "expensive",
                    "priciest", "least", "most", "first", "affordable", "anything", "something", "except", "without",
                    "different", "pls", "please", "show", "by", "not", "no", "but", "me", "stuff", "any",
                    "under", "below", "over", "above", "between", "and", "around", "if", "possible", "can", "you",
                    "next", "page", "results"}  # "next": the list on screen again
CHEAPER_THAN_IT = re.compile(r"\b(cheaper|less expensive|lower price[ds]?|more affordable|for less)\b", re.I)
# "ok back to the jackets": the kind shown before a detour
BACK_TO_KIND = re.compile(r"\b(?:back to|return to|go back to)\s+(?:the|those|these|my)\s+[a-z]", re.I)
# "What hiking pants would go with it?", "a tank to match these": another kind, for the pictured product
GOES_WITH_IT = re.compile(r"\b(?:go(?:es)? with|goes? well with|match(?:es)?|wear with|pair with|to go with|"
                          r"i (?:already )?(?:have|got|own)|i'?ve got)\b", re.I)
# "this but in another colour?": the pictured product's colour is the one not wanted
OTHER_COLOUR = re.compile(r"\b(?:another|other|different|diff)\s+colou?rs?\b", re.I)
# The filters dropped when nothing matches, least specific first (named by replies.FILTER_NAMES).
RELAX_ORDER = ("sizes", "colors", "exclude_colors", "max_price", "min_price", "gender", "brand")


SORT_DEPTH = 500  # the most matches a price order looks at


# "do you do caps?", "got any socks": whether the shop sells a kind, even with a list on screen
SELL_ASK = re.compile(r"\bdo\s+(?:you|u|ya)\s+(?:guys\s+)?(?:do|sell|have|carry|stock)\b|\bgot\s+any\b", re.I)
# "sorry, I meant my husband, not my wife", "oops it's for my son actually": who it is for, corrected
WHO_CORRECTED = re.compile(r"\b(?:i\s+meant|meant\s+(?:for\s+)?(?:my|his|her)|not\s+(?:for\s+)?my\s+\w+|"
                           r"(?:it'?s|its)\s+for\s+\w+\s+actually|actually\s+(?:it'?s|its)\s+for|"
                           # "and the guys ones, same price": another person, the same budget
                           r"same\s+(?:price|budget|limit|range))\b", re.I)


# "..., not that one", "except that one", "other than this one": the product pointed at left out
NOT_THAT_ONE = re.compile(r"\b(?:not|except(?:\s+for)?|other than|apart from|besides|but not)\s+(?:that|this|the same)"
                          r"(?:\s+one)?\b(?!\s+(?:colou?r|size|price|much))", re.I)


def sort_by_price(ranked: list[Ranked], order: str) -> list[Ranked]:
    """Results in price order (unpriced last), relevance breaking ties."""
    priced = [r for r in ranked if r.product.price is not None]
    priced.sort(key=lambda r: (r.product.price if order == "price_asc" else -r.product.price, -r.score))
    return priced + [r for r in ranked if r.product.price is None]


def plain_reason(product: Product, filters: Filters, stated: Filters) -> str:
    """Which of the shopper's wishes the product meets, in words ("men's hoodies, under $60, in your size M").

    Wishes said in this message read "in black"; ones kept from earlier read "in your colour (black)".
    """
    met = []
    colors = "/".join(c.lower() for c in filters.colors if c in product.colors)
    if colors:
        met.append(f"in {colors}" if stated.colors else f"in your colour ({colors})")
    if filters.exclude_colors:
        met.append("not in " + "/".join(c.lower() for c in filters.exclude_colors))
    sizes = "/".join(s for s in filters.sizes if s in product.sizes)
    if sizes:
        met.append(f"size {sizes}" if stated.sizes else f"in your size {sizes}")
    if product.price is not None and filters.max_price is not None:
        met.append(f"under ${filters.max_price:g}" if stated.max_price is not None
                   else f"within your budget of ${filters.max_price:g}")
    if product.price is not None and filters.min_price is not None:
        met.append(f"over ${filters.min_price:g}")
    if filters.brand and product.brand == filters.brand:
        met.append(f"by {product.brand}")
    return replies.match_reason(product.category_leaf or "product", product.gender, met)


class PhotoSearchUnavailable(RuntimeError):
    """A photo arrived but this deployment runs without the image model."""


def _all_have(products: list[Product], attr: str, values: tuple[str, ...]) -> bool:
    """Whether every product (at least one) offers one of ``values`` of ``attr`` (colours, sizes)."""
    wanted = {v.lower() for v in values}
    return bool(products) and all(wanted & {v.lower() for v in getattr(p, attr)} for p in products)


def _given(filters: Filters, attr: str) -> bool:
    return getattr(filters, attr) not in ((), "", None)


def price_order(prices: list[float | None]) -> str | None:
    """The price order a list on screen is in ("price_asc" / "price_desc"), None when it is in none.

    A list of three or more that runs one way through three prices or more was sorted (by chance
    only rarely; "29, 29, 29, 28" runs one way by its ties); a refinement of it keeps that order.
    """
    known = [p for p in prices if p is not None]
    if len(known) < 3 or len(known) != len(prices) or len(set(known)) < 3:  # 29, 29, 29, 28: ties, no order
        return None
    if all(a <= b for a, b in zip(known, known[1:], strict=False)):
        return "price_asc"
    if all(a >= b for a, b in zip(known, known[1:], strict=False)):
        return "price_desc"
    return None


def titled_kinds(product: Product) -> set[str]:
    """The kind words a product's title uses, a shopper's spelling resolved ("duffel" -> "duffle")."""
    return {KIND_ALIASES.get(w, w) for w in title_kinds(product.title)}


# "anything cheaper than the Montana?": the product the price bound is taken from
CHEAPER_THAN = re.compile(r"\b(?:cheaper|less)\s+(?:expensive\s+)?th[ae]n\s+(?:the\s+|that\s+)?"
                          r"([a-z][\w' -]{2,40}?)\W*$", re.I)

# "same colour and budget", "same size please": which of the earlier wishes a search for someone else keeps
_SAME = r"\bsame\b(?:(?!\b(?:but|different|any|other|except)\b)[\w ,&]){0,25}?\b"
SAME_KEPT = {"colors": re.compile(_SAME + r"colou?rs?\b", re.I),
             "sizes": re.compile(_SAME + r"sizes?\b", re.I),
             "max_price": re.compile(_SAME + r"(?:budget|price|limit|max)\b", re.I)}


def for_whom_said(shop: Shop, sender: str, stored: Filters, stated: Filters, text: str) -> Filters:
    """The stored wishes that still hold when the words shop for another gender than they were said for.

    "men's watches under $50" for a brother, then "women's watches" for a sister: the budget,
    sizes and colours were said for someone else ("sorry, I meant my husband, not my wife"
    corrects who the same present is for: its budget stays; "now the men's ones, same colour and
    budget": what is said to stay, stays). Those dropped are forgotten in the store too, else
    "in purple?" for the daughter after the son's backpack "under 40" brings his budget back.
    ``stored`` itself when nothing is dropped.
    """
    if not (stated.gender and stored.gender and stated.gender != stored.gender) or WHO_CORRECTED.search(text):
        return stored
    said = {w for w in ("colors", "sizes", "max_price") if SAME_KEPT[w].search(text)}
    kept = Filters(gender=stored.gender,
                   colors=stored.colors if "colors" in said else (),
                   sizes=stored.sizes if "sizes" in said else (),
                   max_price=stored.max_price if "max_price" in said else None,
                   min_price=stored.min_price if "max_price" in said else None)
    gone = [key for key in stored.as_preferences() if key not in kept.as_preferences() and key != "gender"]
    if gone:
        shop.store.clear_preferences(sender, gone)
        log.info("sender=%s: forgot %s, said for someone else", sender, ", ".join(gone))
    return kept


class ProductSearch:
    """Answers searches by words and by photo."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        sizes = {size for p in shop.products.values() for size in p.sizes}
        self.refinement_words = set(tokenize(" ".join(
            [*shop.parser.colors, *sizes, *GENDER_WORDS, *REFINEMENT_WORDS])))
        # Words for a kind of product narrower than its category ("strap", "backpack", "duffle"),
        # as category synonyms name them.
        leaves = {w.rstrip("s") for p in shop.products.values() for w in tokenize(p.category_leaf)}
        self.kind_words = {w.rstrip("s") for words in CATEGORY_SYNONYMS.values() for phrase in words
                           for w in tokenize(phrase) if " " not in phrase} - leaves
        # "a bag or a backpack": the whole category said beside a kind, so no narrowing to that kind
        self.either_category = re.compile(rf"\b(?:{'|'.join(sorted(leaves))})s?\s+or\b|"
                                          rf"\bor\s+(?:an?\s+|any\s+)?(?:{'|'.join(sorted(leaves))})s?\b", re.I)
        # and as titles alone name them ("Zing Jump Rope": "the cheapest jump rope" is ropes only)
        self.kind_words |= {n.rstrip("s") for n in shop.parser.title_kinds if re.fullmatch(r"[a-z]+", n)} - leaves
        # Of those, the ones that name gear in titles ("Driven Backpack", "Joust Duffle Bag"): said,
        # they keep a search to those products. (Clothing titles vary too much: the "Beaumont Summit
        # Kit" is a jacket too.)
        titled: dict[str, set[bool]] = {}
        for p in shop.products.values():
            for kind in titled_kinds(p):
                if kind in self.kind_words:
                    titled.setdefault(kind, set()).add(is_apparel(p.category))
        self.gear_kinds = {kind for kind, apparel in titled.items() if apparel == {False}}
        # Products with no colour (or size) at all: an earlier colour or size wish cannot rule them out.
        attrs = shop.attributes
        self.colourless = attrs.present & ~attrs.mask(Filters(colors=tuple(shop.parser.colors)))
        self.sizeless = attrs.present & ~attrs.mask(Filters(sizes=tuple(sizes)))
        # Which kinds of product have colours or sizes at all (a water bottle has neither).
        self.kinds_with: dict[str, set[str]] = {"colors": set(), "sizes": set()}
        for p in shop.products.values():
            if p.colors:
                self.kinds_with["colors"].add(p.category_leaf)
            if p.sizes:
                self.kinds_with["sizes"].add(p.category_leaf)

    def titled(self, text: str) -> Product | None:
        """The one product a search names by its title's first and last words ("lando gym jacket"), or None."""
        words = set(re.findall(r"[a-z][\w'-]+", (text or "").lower()))
        if len(words) < 2:
            return None
        hits = [p for p in self.shop.products.values()
                if len(title := re.findall(r"[a-z][\w'-]+", p.title.lower())) >= 2 and len(title[0]) >= 4
                and title[0] not in GENERIC_TITLE_WORDS and title[0] in words and title[-1] in words]
        return hits[0] if len(hits) == 1 else None

    def kinds_named(self, text: str) -> tuple[str, ...]:
        """The kinds of gear the words ask for by the titles' words ("backpacks" -> backpack; not "no backpacks")."""
        if self.either_category.search(text or ""):
            return ()
        said = (KIND_ALIASES.get(w.rstrip("s"), w.rstrip("s")) for w in tokenize(text or ""))
        left_out = set(self.shop.parser.parse(text or "").filters.exclude_kinds)
        return tuple(dict.fromkeys(k for k in said if k in self.gear_kinds and k not in left_out))

    def encode_query(self, text: str, photo: CheckedImage | None = None) -> Query:
        """The words (and photo) as vectors for the retriever; PhotoSearchUnavailable without an image model."""
        with span("retrieval"):
            query = Query(text=text)
            if text.strip():
                query.text_vector = self.shop.encoder.encode([text])
            if photo is not None:
                image_encoder = self.shop.image_encoder
                if image_encoder is None:
                    raise PhotoSearchUnavailable("photo search is switched off in this shop")
                query.photo_features = image_encoder.features([photo.image])
                if image_encoder.projection is not None:
                    query.photo_text_vector = image_encoder.project(query.photo_features)
            return query

    def search(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
               photo: CheckedImage | None = None, bounds: Filters | None = None, narrow: bool = False) -> Answer:
        """The best matches for the words and/or photo, within the stated and stored filters.

        ``bounds`` replaces the filters read from the words (a caller that worked them out, e.g.
        "cheaper" as a price bound below the list on screen); ``narrow`` says the turn narrows the
        list on screen (the turn model's "refine"), however many other words it has.
        """
        shop = self.shop
        k = k or shop.settings.default_k
        text = (text or "").strip()
        if not text and photo is None:
            return Answer(replies.ASK_WHAT)
        spelt = shop.speller.correct(text)
        if spelt.fixes:
            log.info("sender=%s: spelling %s", sender, ", ".join(f"{a}->{b}" for a, b in spelt.fixes))
            text = spelt.text
        again = self.shown_again(sender, text, message_id) if photo is None and bounds is None else None
        if again is not None:
            return again
        focus, stored, stated, filters = self._filters(sender, text, message_id, photo, bounds, narrow)
        # ("tents or sleeping bags": no kind of ours is asked for, though "bags" is one)
        kinds_said = stated.categories if shop.unsold.without_compounds(text) == text \
            else shop.parser.parse(shop.unsold.without_compounds(text)).filters.categories
        unsold = shop.unsold.said(text) if photo is None and focus is None and bounds is None \
            and not kinds_said else []
        if unsold and (not narrow or SELL_ASK.search(text) or len(text.split()) <= 2):  # ("socks?" after jackets)
            # "do you have running shoes?" in a shop with no shoes: said, not guessed at
            log.info("sender=%s: asked for %s, which the catalog has none of", sender, ", ".join(unsold))
            return Answer(replies.not_sold(unsold, shop.kinds))
        query_text = f"{focus.title}. {text}" if focus else text
        filters, allowed, relaxed = self._relax(filters, stored, stated)
        if focus is not None and NOT_THAT_ONE.search(text) and (row := shop.index.row(focus.id)) is not None \
                and allowed[row]:
            # "show me waterproof messenger bags, not that one": others like it, without it
            allowed = allowed.copy()
            allowed[row] = False
        if not allowed.any():
            return Answer(replies.nothing_matches(text), relaxed=relaxed)
        if photo is not None:
            return self._photo_answer(sender, message_id, query_text, photo, allowed, k, filters, relaxed)
        query = self.encode_query(query_text)
        with span("retrieval"):
            # A price order ranks every match, not just the most similar few: "the cheapest
            # watch" is the cheapest of all watches.
            depth = min(int(allowed.sum()), SORT_DEPTH) if filters.sort else k
            ranked = shop.retriever.search(query, allowed, depth)
        if filters.sort:
            # "just the yoga straps, cheapest first": the straps in price order, not all fitness gear
            # ("yoga blocks and straps": both kinds, a block by the titles' word for it, "brick")
            kind_words = {KIND_ALIASES.get(w, w) for w in {w.rstrip("s") for w in tokenize(text)} & self.kind_words}
            named_kind = [r for r in ranked if kind_words & {w.rstrip("s") for w in tokenize(r.product.title)}]
            ranked = sort_by_price(named_kind or ranked, filters.sort)[:k]
        else:
            ranked = self._in_order_shown_before(sender, ranked)
        best_similarity = max((r.similarity for r in ranked), default=0.0)
        # Words found only deep in a description ("laptop" in a bag's blurb) are not evidence
        # that the shop sells the thing; a hit in the name, category or brand is.
        lexical = any(set(r.matched) & set(tokenize(f"{r.product.title} {r.product.category} {r.product.brand} "
                                                    f"{r.product.id}")) for r in ranked)
        # ("need smth for secret santa at work, max 20 bucks, not clothes": a budget said is a wish for
        # products, whatever the words are like)
        if not filters.categories and focus is None and best_similarity < shop.settings.min_similarity and not lexical \
                and stated.max_price is None and stated.min_price is None:
            return Answer(replies.not_in_shop(text, shop.kinds))
        views = self._views(ranked, filters, stated)
        shop.remember(sender, message_id, views, "search")
        described = filters.describe()
        return self._list_answer(replies.search_intro(len(views), described), views, stored, stated, described,
                                 relaxed)

    def shown_again(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"ok go back to the jackets": the newest list of that kind shown again as it was, else None.

        The same products in the same order, so "the second one" next means what it meant then
        (a new search would apply what was said since, such as the hoodies' budget).
        """
        said = BACK_TO_LIST.search(text)
        kinds = set(self.shop.parser.parse(said.group("kind")).filters.categories) if said else set()
        if not kinds:
            return None
        shop = self.shop
        for sl, items in shown_items(shop.store.recent_lists(sender), shop.products):
            if sl.kind in LIST_KINDS and len(items) > 1 and {p.category_leaf for p in items} <= kinds:
                views = [shop.view(p, 1.0, replies.SHOWN_BEFORE) for p in items]
                shop.remember(sender, message_id, views, "search")
                log.info("sender=%s: list of turn %s shown again", sender, sl.turn_id)
                return Answer(replies.product_list(replies.SHOWN_AGAIN, views, [], []), views)
        return None

    def _in_order_shown_before(self, sender: str, ranked: list[Ranked]) -> list[Ranked]:
        """The products in the order a recent list showed exactly these, else as ranked.

        "ok the shorts again": the same list, so "the 1st one" is still the first.
        """
        ids = [r.product.id for r in ranked]
        for shown in self.shop.store.recent_lists(sender):
            if shown.kind == "search" and len(shown.product_ids) == len(ids) and set(shown.product_ids) == set(ids):
                at = {pid: i for i, pid in enumerate(shown.product_ids)}
                return sorted(ranked, key=lambda r: at[r.product.id])
        return ranked

    def refresh(self, sender: str, message_id: str | None, product_ids: list[str]) -> Answer | None:
        """The kind of products on screen searched again, under the shopper's (just updated) preferences."""
        shop = self.shop
        on_screen = [shop.products[p] for p in product_ids if p in shop.products]
        if not on_screen:
            return None
        kinds = tuple(sorted({p.category_leaf for p in on_screen}))
        genders = {p.gender for p in on_screen}
        gender = genders.pop() if len(genders) == 1 and genders <= {"Men", "Women"} else ""
        if shop.store.preferences(sender).get("gender", gender) != gender:
            gender = ""  # "wait no its for me lol. womens" with men's jackets on screen: the kept gender
        order = price_order([p.price for p in on_screen]) or ""  # a list sorted by price stays so
        return self.search(sender, " ".join(kinds).lower(), message_id,
                           bounds=Filters(categories=kinds, gender=gender, sort=order))

    def cheaper(self, sender: str, text: str, message_id: str | None = None) -> Answer:
        """"Cheaper ones?": the same kind of products, below the dearest one on screen, cheapest first.

        After a photo that was recognised, below the pictured product ("cheaper ones like it?").
        """
        shop = self.shop
        shown = [shop.products[p] for p in shop.store.last_shown(sender) if p in shop.products]
        newest = shop.store.recent_lists(sender, limit=1)
        if newest and newest[0].kind == "photo" and shown:
            shown = shown[:1]  # the pictured product, first on a photo list
        than = CHEAPER_THAN.search(text or "")
        named = named_product(f"the {than.group(1)}", shown_items(shop.store.recent_lists(sender), shop.products)) \
            if than else None
        if named is not None:  # "anything cheaper than the Montana?": below that one, not the dearest shown
            shown = [named.product]
        prices = [p.price for p in shown if p.price is not None]
        stated = shop.parser.parse(text).filters
        if not prices or stated.max_price is not None:
            return self.search(sender, text, message_id)
        below = max(prices) - 0.01
        return self.search(sender, text, message_id, bounds=replace(stated, max_price=below, sort="price_asc"))

    def _views(self, ranked: list[Ranked], filters: Filters, stated: Filters) -> list[ProductView]:
        """Result views whose reason says, in plain words, which of the shopper's wishes each meets."""
        views = self.shop.ranked_views(ranked, filters)
        for view, r in zip(views, ranked, strict=True):
            view.reason = plain_reason(r.product, filters, stated)
            if r.image_similarity is not None:  # the likeness figure stays behind Why? (view.why)
                view.reason = f"looks like your photo; {view.reason}"
        return views

    def _gender_of_last(self, sender: str, categories: tuple[str, ...]) -> str:
        """The one gender of the newest list of these kinds ("" when it had both, or there is none)."""
        for sl in self.shop.store.recent_lists(sender):
            items = [self.shop.products[p] for p in sl.product_ids if p in self.shop.products]
            if items and {p.category_leaf for p in items} <= set(categories):
                genders = {p.gender for p in items}
                return genders.pop() if len(genders) == 1 and genders <= {"Men", "Women"} else ""
        return ""

    def _filters(self, sender: str, text: str, message_id: str | None, photo: CheckedImage | None,
                 bounds: Filters | None = None, narrow: bool = False
                 ) -> tuple[Product | None, Filters, Filters, Filters]:
        """The product the words point at, and the stored, stated and combined filters (stated ones are saved)."""
        shop = self.shop
        parsed = shop.parser.parse(text)
        pointed = shop.resolve_reference(sender, parsed) if photo is None and bounds is None else None
        # "put them in order of price": a sort or narrowing of the whole list on screen, not a
        # search around its first product
        focus = pointed.product if pointed is not None and not (narrow and len(pointed.products) > 1) else None
        stated = bounds if bounds is not None else parsed.filters
        # The list on screen and the words that asked for it, read once: a search with no photo and no
        # product pointed at may narrow it
        about_screen = photo is None and focus is None
        on_screen = [shop.products[pid] for pid in shop.store.last_shown(sender) if pid in shop.products] \
            if about_screen else []
        before = shop.store.last_shown_words(sender) if about_screen else ""
        said_before = shop.parser.parse(before).filters
        shown = {p.category_leaf for p in on_screen}
        if parsed.broad and about_screen and bounds is None:
            # "similar tops but not black" with tanks on screen: a narrowing of those, not every top
            unscoped = replace(stated, categories=())
            if shown and shown <= set(stated.categories) and self.is_refinement(text, unscoped):
                stated = unscoped
        if focus is not None and not stated.categories:
            stated = replace(stated, categories=(focus.category_leaf,))
        # A photo shows exactly what the shopper wants: earlier preferences (size, budget...) do
        # not filter it out; only words sent with the photo do.
        known = shop.store.preferences(sender) if photo is None else None
        stored = Filters() if photo is not None else Filters.from_preferences(known)
        if bounds is None and (kept := for_whom_said(shop, sender, stored, stated, text)) is not stored:
            stored, known = kept, None  # (the store changed: read again when needed)
        if stated.colors and stated.exclude_colors and set(stated.exclude_colors) <= set(stored.colors):
            # "sorry i meant blue not black" after black ones: the colour corrected, black not ruled out
            stated = replace(stated, exclude_colors=())
            stored = replace(stored, colors=())
        stored = self._applicable(stored, stated.categories or ((focus.category_leaf,) if focus else ()))
        filters = stated.merged_over(stored)
        if parsed.implied_gender and not filters.gender and bounds is None:
            # "capri pants": only women's products are capris; for this search, not a lasting wish
            filters = replace(filters, gender=parsed.implied_gender)
        if BACK_TO_KIND.search(text) and stated.categories and not filters.gender and bounds is None:
            # "ok back to the jackets, the blue ones only" after an order look-up: the women's jackets
            # shown before it (their gender came from a photo, not a preference), in blue
            filters = replace(filters, gender=self._gender_of_last(sender, stated.categories))
        named = self.titled(text) if photo is None and focus is None and bounds is None \
            and not filters.gender else None
        if named is not None and named.gender in ("Men", "Women"):
            # "lando gym jacket": that men's jacket and others like it for men (so "cheaper?" stays men's)
            filters = replace(filters, gender=named.gender)
        turn_id = shop.store.turn_id(sender, message_id) if message_id else None
        # A price bound worked out for this turn ("cheaper") is not a lasting budget.
        lasting = stated if bounds is None else replace(stated, max_price=parsed.filters.max_price)
        shop.keep_preferences(sender, lasting, turn_id, "search", known)
        refines = about_screen and not stated.categories and (narrow or self.is_refinement(text, stated))
        if refines:
            # "in blue?", "cheaper ones in XL", "nothing black, he has too many. he likes green": a
            # refinement of the list on screen keeps its categories.
            if shown:
                filters = replace(filters, categories=tuple(sorted(shown)))
            genders = {p.gender for p in on_screen}
            if len(genders) == 1 and not filters.gender and genders <= {"Men", "Women"} \
                    and not (len(on_screen) <= 2 and re.search(r"\b(?:any|anything|something|others?)\b", text, re.I)):
                # women's jackets on screen: "under 60" too (not "anything for smaller wrists" after two
                # men's watches compared: others, for whoever)
                filters = replace(filters, gender=genders.pop())
            if not filters.sort:  # "for women?" after "cheapest tees": still cheapest first
                # only a list sorted on purpose: one whose words asked for an order, or narrowed a list
                # that was (tank tops that happen to run $18, $29, $29... are no "cheapest first")
                if said_before.sort or (before and self.is_refinement(before, said_before)):
                    filters = replace(filters, sort=said_before.sort or price_order([p.price for p in on_screen]))
            prices = [p.price for p in on_screen if p.price is not None]
            if filters.max_price is None and prices and CHEAPER_THAN_IT.search(before):
                # "any in green?" after "like the juno jacket but cheaper": still cheaper than it
                filters = replace(filters, max_price=max(prices))
            # "under 30?" after "in blue?": a colour (size) every product on screen has is the list's
            # own filter, which spares nothing, not an earlier wish that spares colourless products.
            if filters.colors and not stated.colors and _all_have(on_screen, "colors", filters.colors):
                stated = replace(stated, colors=filters.colors)
            if filters.sizes and not stated.sizes and _all_have(on_screen, "sizes", filters.sizes):
                stated = replace(stated, sizes=filters.sizes)
        if about_screen and not (filters.exclude_materials or filters.exclude_kinds) \
                and shown and set(filters.categories) <= shown:
            # "duffles only" after "bags, not leather", "under 40" after "no backpacks": a narrowing of
            # that list, still nothing leather, still no backpacks
            filters = replace(filters, exclude_materials=said_before.exclude_materials,
                              exclude_kinds=said_before.exclude_kinds)
        if about_screen:
            # "backpack for school", "duffles only": the products whose titles name that kind (when
            # some match); a refinement keeps the kind its list was asked for ("under 40" after "totes")
            kinds = self.kinds_named(text)
            if not kinds and refines and len(on_screen) > 1:
                # (a list of one is no kind to stay within: "anything for a yoga class under 20?" after
                # the one jump rope asks for more than ropes)
                kinds = self.kinds_named(before) or self._kinds_shared(on_screen)
            if kinds and shop.attributes.mask(replace(filters, kinds=kinds)).any():
                filters = replace(filters, kinds=kinds)
        return focus, stored, stated, filters

    def _kinds_shared(self, products: list[Product]) -> tuple[str, ...]:
        """The gear kind every product on screen is titled by ("messenger" for three messenger bags), if one."""
        if not products:
            return ()
        shared = set.intersection(*(titled_kinds(p) for p in products))
        return tuple(sorted(shared & self.gear_kinds))

    def _applicable(self, stored: Filters, kinds: tuple[str, ...]) -> Filters:
        """Earlier wishes, less those the kinds asked for cannot have ("size L" for a water bottle)."""
        if not kinds:
            return stored
        if not set(kinds) & self.kinds_with["colors"]:
            stored = replace(stored, colors=(), exclude_colors=())
        if not set(kinds) & self.kinds_with["sizes"]:
            stored = replace(stored, sizes=())
        return stored

    def is_refinement(self, text: str, stated: Filters) -> bool:
        """Whether the words only narrow the list on screen ("in blue?", "only under 50 tho", "nothing red either")."""
        words = set(tokenize(text)) - self.refinement_words
        if stated.max_price is not None or stated.min_price is not None:
            words = {w for w in words if not w.replace(".", "").isdigit()}
        # A filter said with a few filler words ("actually make that size L") narrows the list too.
        said_filter = bool(stated.as_preferences() or stated.sort or stated.exclude_kinds or stated.exclude_names
                           or stated.exclude_materials)
        return not words or (said_filter and len(words) <= 3)

    def _relax(self, filters: Filters, stored: Filters,
               stated: Filters) -> tuple[Filters, np.ndarray, list[str]]:
        """Drop filters until something matches: carried-over preferences first, then what was said now."""
        allowed = self._mask(filters, stated)
        relaxed: list[str] = []
        steps = [(replies.earlier(replies.FILTER_NAMES[attr]), attr) for attr in RELAX_ORDER
                 if _given(stored, attr) and not _given(stated, attr)]
        steps += [(replies.FILTER_NAMES[attr], attr) for attr in RELAX_ORDER if _given(stated, attr)]
        if not allowed.any():
            # One carried-over wish that cannot hold here (a size 31 for sweatshirts) goes alone
            # before several are dropped one after another.
            for label, attr in steps:
                if _given(stored, attr) and not _given(stated, attr):
                    fewer = replace(filters, **{attr: Filters.__dataclass_fields__[attr].default})
                    mask = self._mask(fewer, stated)
                    if mask.any():
                        return fewer, mask, [label]
        for label, attr in steps:
            if allowed.any():
                break
            filters = replace(filters, **{attr: Filters.__dataclass_fields__[attr].default})
            relaxed.append(label)
            allowed = self._mask(filters, stated)
        return filters, allowed, relaxed

    def _mask(self, filters: Filters, stated: Filters) -> np.ndarray:
        """The rows matching ``filters``; a colour or size carried over from earlier spares products with none.

        "A water bottle too" after "red tees, size L": the bottle has no colour and no size.
        """
        attrs = self.shop.attributes
        carried_colors = bool(filters.colors) and not stated.colors
        carried_sizes = bool(filters.sizes) and not stated.sizes
        if not carried_colors and not carried_sizes:
            return attrs.mask(filters)
        allowed = attrs.mask(replace(filters, colors=() if carried_colors else filters.colors,
                                     sizes=() if carried_sizes else filters.sizes))
        if carried_colors:
            allowed &= self.colourless | attrs.mask(Filters(colors=filters.colors))
        if carried_sizes:
            allowed &= self.sizeless | attrs.mask(Filters(sizes=filters.sizes))
        return allowed

    def _list_answer(self, intro: str, views: list[ProductView], stored: Filters, stated: Filters,
                     described: list[str], relaxed: list[str]) -> Answer:
        carried = [d for d in stored.describe() if d in described and d not in stated.describe()]
        return Answer(replies.product_list(intro, views, carried, relaxed), views, described, relaxed)

    def _photo_answer(self, sender: str, message_id: str | None, text: str, photo: CheckedImage,
                      allowed: np.ndarray, k: int, filters: Filters, relaxed: list[str]) -> Answer:
        shop = self.shop
        # Words beside a photo mostly say "do you have this?": only content words (after stop
        # words) go to the text signals, so they refine the photo instead of diluting it.
        query = self.encode_query(" ".join(tokenize(text)), photo)
        pictured: Product | None = None
        owned: Product | None = None  # the pictured product, when the words ask for another kind to go with it
        if query.photo_features is not None:
            # "Like this but in red": the photo says what kind of product; keep to that category
            # when the photo clearly shows a catalog product and that category has matches.
            with span("retrieval"):
                top = shop.index.search(query.photo_features, 1, shop.everything(), space="image") \
                    if shop.index.has("image") else []
            pictured = shop.products[top[0].product_id] \
                if top and top[0].score >= shop.settings.photo_match_similarity else None
            if pictured is not None and filters.categories and pictured.category_leaf not in filters.categories:
                # "pants to go with this jacket": the words ask for another kind, for the pictured one's wearer
                # (only when they say so: "the strap on this broke" names a part, not a kind wanted)
                owned, pictured = (pictured if GOES_WITH_IT.search(text) else None), None
                if owned is not None and owned.gender in ("Men", "Women") and not filters.gender:
                    gendered = replace(filters, gender=owned.gender)
                    mask = allowed & shop.attributes.mask(gendered)
                    if mask.any():
                        allowed, filters = mask, gendered
            if pictured is not None:
                # A women's hoodie in the photo: women's hoodies, unless the words said otherwise.
                gender = filters.gender or (pictured.gender if pictured.gender in ("Men", "Women") else "")
                narrowed = replace(filters, categories=(pictured.category_leaf,), gender=gender)
                mask = allowed & shop.attributes.mask(narrowed)
                if mask.any():
                    allowed, filters = mask, narrowed
            if pictured is not None and len(pictured.colors) == 1 and OTHER_COLOUR.search(text) \
                    and not filters.colors:
                # "this but in another colour?" for a tank that only comes in black: the others, not in black
                other = allowed & ~shop.attributes.mask(Filters(colors=pictured.colors, in_stock_only=False))
                if other.any():
                    allowed = other
                    filters = replace(filters, exclude_colors=tuple(pictured.colors))
            if pictured is not None and pictured.price is not None and CHEAPER_THAN_IT.search(text):
                # "like this but cheaper": below the pictured product's price, cheapest first
                with np.errstate(invalid="ignore"):
                    below = allowed & (shop.attributes.price < pictured.price)
                if below.any():
                    allowed = below
                    filters = replace(filters, max_price=round(pictured.price - 0.01, 2))
        with span("retrieval"):
            ranked = shop.retriever.search(query, allowed, k)
        if not ranked:
            return Answer(replies.NO_PHOTO_MATCH, relaxed=relaxed)
        row = shop.index.row(pictured.id) if pictured is not None else None
        if row is not None and allowed[row] and all(r.product.id != pictured.id for r in ranked):
            # "have this in S?": the words alone may rank the pictured product out of the top k; it leads
            only = np.zeros_like(allowed)
            only[row] = True
            with span("retrieval"):
                ranked = (shop.retriever.search(query, only, 1) + ranked)[:max(k, 1)]
        if pictured is not None:
            # the pictured product leads its photo list ("how much is this" outranks it on words alone),
            # so a question that follows ("adjustable?") is about it
            ranked = sorted(ranked, key=lambda r: r.product.id != pictured.id)
        views = self._views(ranked, filters, shop.parser.parse(text).filters)
        # A "photo" list: its first product is the pictured one ("how much?" asks about it).
        leads = pictured is not None and ranked[0].product.id == pictured.id
        shop.remember(sender, message_id, views, "photo" if leads else "search")
        described = filters.describe()
        intro = replies.photo_intro(pictured.title if pictured is not None else None,
                                    pictured is not None and ranked[0].product.id == pictured.id, len(views) > 1,
                                    described, owned.title if owned is not None else None)
        answer = self._list_answer(intro, views, Filters(), shop.parser.parse(text).filters, described, relaxed)
        answer.pictured = pictured.id if pictured is not None else ""
        return answer
