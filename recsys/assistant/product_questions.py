"""Questions about a product on screen ("does the first one come in black?") and comparisons of two.

Answers come from the catalog's attributes of the product the words point at (colours, sizes,
price, material, stock, description), never from a new search: the shopper asked about that
product, so the answer names it and shows no new list.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from recsys.assistant import replies
from recsys.assistant.references import (
    ANSWER_KINDS,
    BACK_POINT,
    FROM_BEFORE,
    ONE_PRODUCT_KINDS,
    PRONOUN_ONE,
    THE_X_ONE,
    YOU_SHOWED,
    all_colours,
    department_pointed,
    each_part_named_anywhere,
    in_colour,
    measured_products,
    named_in_catalog,
    named_in_parts,
    named_products,
    shown_items,
    title_measure,
    titles_said,
    without_titles,
)
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer, ProductView
from recsys.catalog import Product
from recsys.search.query import MEASURE, SIZE_WORDS, title_words

# What a question asks about, by its words. Order matters only for the reply's order.
ASPECTS = {
    # ("what comes in the harmony band kit?" asks what is in it, not its colours)
    "color": re.compile(r"\b(colou?rs?|come[s]? in(?!\s+(?:the|this|that|a|an)\b)|available in|shades?)\b", re.I),
    "size": re.compile(r"\b(sizes?|lengths?|fits?|xxs|xs|xl|xxl|small|medium|large|petite|big|tall|longer|shorter|"
                       r"bigger|smaller|larger)\b", re.I),
    # (not "how much does it hold": its volume)
    "price": re.compile(r"\b(how much(?!\s+(?:does|do|will|can|could|would)\s+(?:it|they|this|that|the\s+[\w' ]{1,30}?)"
                        r"\s+(?:hold|fit|carry|take|weigh))|price[ds]?|cost[s]?|expensive|cheap|on sale|discount)\b",
                        re.I),
    # ("of what is made the first one?": a learner's word order)
    "material": re.compile(r"\b(mad[e]? (?:of|from)|(?:from )?what (?:is|are) (?:it|they|this|that) made|"
                           r"(?:of|from) what (?:is|are) (?:it |they )?made|"
                           r"materials?|fabrics?|cotton|wool|polyester|nylon|fleece|leather|synthetic|plastic|metal|"
                           r"rubber|silicone|steel|spandex|lycra|cork|bamboo|merino|silk)\b", re.I),
    # "is it waterproof?", "does the overnight duffle lock", "adjustable?": a feature the listing may name
    "feature": re.compile(r"\b(water ?proof|water[- ]resistant|water[- ]repellent|weather ?proof|lockable|locks?|"
                          # "better in the rain?", "could she swim with it?": whether water gets in
                          r"rain|rainy|swim|swimming|shower|wet|"
                          r"adjustable|adjusts?|reflective|padded|insulated|breathable|hooded|hoods?|pockets?|laptop|"
                          r"stopwatch|alarm|backlight|timer|heart rate|pedometer|step counter|"
                          r"counts? (?:my |your |the )?steps|calories|"
                          r"lightweight|foldable|wheels?|wheeled|tsa)\b", re.I),
    # "dimensions?", "how big is the roller", "how long is it": the measures the listing gives
    "dimensions": re.compile(r"\b(dimensions?|measurements?|wrists?(?: size)?|strap (?:size|length)|"
                             r"how (?:big|large|long|wide|tall|deep|heavy) (?:is|are)|"
                             # "how many litres is it?", "what's the capacity": a bag's volume
                             r"how many (?:lit(?:er|re)s?|l)\b|capacity|volume|lit(?:er|re)s|"
                             r"how much does (?:it|\w+) weigh|weight|"
                             r"how much (?:does|do|will|can) (?:it|they|this|that|the [\w' ]{1,30}?) "
                             r"(?:hold|carry|fit)|"
                             # "which holds more & which is lighter?": capacity and weight, side by side
                             r"holds? (?:more|the most|less)|more (?:room|space)|"
                             r"(?:which|what)(?: one)? (?:is|'s) (?:lighter|heavier)|weighs? (?:less|more))\b", re.I),
    # "does it come with anything", "is a case included": what comes with it
    "included": re.compile(r"\b(?:comes? with|ships? with|included|includes|in the box|what(?:'s| is) inside|"
                           r"what(?:'s| is) in (?:it|the (?:kit|set|box|pack))|"
                           r"what (?:comes?|do you get|do i get|is|'s) in (?:the|this|that) [\w' -]{0,40}?"
                           r"\b(?:kit|set|box|pack|bundle))\b", re.I),
    # "is it warm?", "good for cold mornings?", "im always freezing": how warm it is
    "warmth": re.compile(r"\b(warm|warmer|warmest|warmth|cold|colder|freezing|chilly|winter|wintry|"
                         r"insulat\w*|toasty|heavy|thick)\b", re.I),
    "care": re.compile(r"\b(wash(?:ing|able)?|care|clean(?:ing)?|dryer|tumble|iron(?:ing)?)\b", re.I),
    "stock": re.compile(r"\b(in stock|available|availability|sold out|have (?:it|any)|left)\b", re.I),
    "gender": re.compile(r"\b(unisex|for (?:men|women|a man|a woman|guys|girls|ladies)|"
                        # "is that a womens one?", "is it a men's jacket?"
                        r"(?:is|isn'?t)\s+(?:that|it|this)\s+(?:a\s+)?(?:womens|women'?s|mens|men'?s|ladies'?|guys'?)"
                        r"(?:\s+\w+)?)\b", re.I),
}
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# "does it come longer?", "a smaller one?": the same product in a greater or smaller measure
MEASURE_UP = re.compile(r"\b(longer|bigger|larger|taller|wider|heavier)\b", re.I)
MEASURE_DOWN = re.compile(r"\b(shorter|smaller|narrower|lighter)\b", re.I)
# A question that opens with a waist or shoe size: "29 in the 1st?", "32?"
WAIST_FIRST = re.compile(r"^\W*(?:size\s+)?(\d{2})\b(?!\s*(?:\$|dollars?|bucks|usd|%))", re.I)
# Materials a shopper can ask the list about ("which of those has cotton"), as the catalog names them.
MATERIAL_WORDS = re.compile(r"\b(cotton|wool|polyester|nylon|spandex|fleece|leather|rayon|mesh|rubber|hemp|"
                            r"silicone|microfiber|canvas|metal|linen|suede|lycra|foam|plastic|stainless steel)\b",
                            re.I)

# "which is the warmest?", "which of them is best for really hot days", "wich one is best for high impact?":
# one of the shown products picked for a need (not a price order: WHICH_PRICED; not two pointed at: compare)
WHICH_BEST = re.compile(r"\b(?:which|wich|whch|what)\b(?:\s+(?:one|ones|of\s+(?:them|those|these|the\s+\w+)))?"
                        r"\s+(?:(?:is|'s|are|would be|will be|do you think is|would you say is)\s+)?(?:the\s+)?"
                        r"(?:best|better|most\s+[a-z]+|(?!(?:cheap|dear|pric)est\b)[a-z]{3,}est)\b"
                        r"(?!\s+(?:rated|reviewed|seller|selling|value|price|deal)\b)", re.I)
# What a need reads in a listing: the need's words said -> the listing's words that meet it
NEEDS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    ("warm", re.compile(r"\b(warm\w*|cold|winter|freezing|chilly|insulat\w*|toasty|cozy|cosy)\b", re.I),
     re.compile(r"\b(warm\w*|fleece|insulat\w*|toasty|thermal|wool|cold|winter|wintry|cozy|cosy|lin(?:ed|ing))\b",
                re.I)),
    ("cool", re.compile(r"\b(hot|heat|summer|cool(?:er|est|ing)|breath\w*|sweat\w*|humid)\b", re.I),
     re.compile(r"\b(cool\w*|breath\w*|wick\w*|light\w*|hot|ventilat\w*|mesh|airflow|dry|evercool)\b", re.I)),
    ("support", re.compile(r"\b(impact|support\w*|bounc\w*|running|jump\w*)\b", re.I),
     re.compile(r"\b(support\w*|impact|compress\w*|underband|encapsulat\w*|secure)\b", re.I)),
    ("dry", re.compile(r"\b(rain\w*|wet|water\w*|storm\w*|drizzl\w*)\b", re.I),
     re.compile(r"\b(water\w*|rain\w*|weather\w*|wet|shell|repel\w*|storm\w*)\b", re.I)),
    ("light", re.compile(r"\b(light(?:est|er)?|weightless|packable|travel\w*)\b", re.I),
     re.compile(r"\b(light\w*|packable|pack(?:s|ed)? (?:down|away)|ultra-?light\w*)\b", re.I)),
    ("comfort", re.compile(r"\b(comf\w*|soft\w*|cozy|cosy|stretch\w*)\b", re.I),
     re.compile(r"\b(comf\w*|soft\w*|stretch\w*|cozy|cosy|plush|brushed)\b", re.I)),
    ("tough", re.compile(r"\b(durable|tough\w*|strong\w*|last\w*|sturd\w*|rugged)\b", re.I),
     re.compile(r"\b(durab\w*|tough\w*|strong\w*|sturd\w*|rugged|heavy[- ]duty|reinforc\w*|abrasion)\b", re.I)),
]


@dataclass(frozen=True)
class Asked:
    """What a question about a product asks: its aspects and any colour or size it names."""

    aspects: tuple[str, ...]
    colors: tuple[str, ...]
    sizes: tuple[str, ...]
    features: tuple[str, ...] = ()  # "waterproof", "lock": the feature words said
    text: str = ""  # the question's words

# "what sizes do they come in?", "which colours?": a question for the values, not a narrowing to one
WHAT_VALUES = re.compile(r"\b(?:what|which|wat|wht)\s+(?:sizes?|colou?rs?|lengths?|shades?)\b|"
                         r"\b(?:what|which|wat|wht)\s+(?:\w+\s+){0,2}(?:do|does)\s+(?:they|it|these|those|them|"
                         r"the \w+(?: one)?)\s+come in\b", re.I)
# "which of the two is cheaper?", "both": the pair just compared
THE_TWO = re.compile(r"\b(?:the|those|these)\s+(?:two|2)\b|\bboth\b", re.I)
# "price of each?", "price diff?", "the difference in price": the pair just compared, by price
PAIR_PRICES = re.compile(r"^\W*(?:(?:and|so|ok|okay|hmm|but)\W+)*(?:what(?:'s| is| are| was)\s+)?(?:the\s+)?"
                         r"(?:(?:price|cost)s?\s*(?:diff(?:erence)?|of (?:each|both|them)|for (?:each|both)|each)|"
                         r"diff(?:erence)? in (?:price|cost)|how much (?:is )?each)\W*$", re.I)
# "between 1 and 3", "2 vs 4": two list positions in a comparison
NUMBER_PAIR = re.compile(r"\b(?:#|no\.?\s*)?([1-9])\s*(?:and|&|vs\.?|versus|or|with|to)\s*(?:#|no\.?\s*)?([1-9])\b"
                         r"(?!\s*(?:\$|dollars?|bucks|usd|%|cm|in\b|inch|foot|feet|ft|kg|lbs?))", re.I)


class ProductQuestions:
    """Answers questions about shown products from their catalog attributes."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def asked(self, text: str) -> Asked:
        """The aspects a question asks about, with the colours and sizes it names."""
        # "how much is the blue 65cm one": the words inside "the ... one" say which product, not what is asked
        text = THE_X_ONE.sub("the one", text)
        for named in titles_said(text, self.shop.products):  # "The Helena Hooded Fleece has pockets?": not hoods
            text = re.sub(r"\W+".join(map(re.escape, re.findall(r"[A-Za-z0-9]+", named.title))), "it", text,
                          flags=re.I)
        parsed = self.shop.parser.parse(text)
        lower = text.lower()
        # "do you have it in pink?" in a catalog with no pink: asked all the same ("no, it comes in blue")
        unlisted = tuple(w.capitalize() for w in OTHER_COLOURS.findall(lower)
                         if w.capitalize() not in self.shop.parser.colors)
        colors = parsed.filters.colors + parsed.filters.exclude_colors + unlisted
        sizes = tuple(dict.fromkeys([*parsed.filters.sizes, *(SIZE_WORDS[w] for w in re.findall(
            r"\b(xs|xl|xxl|small|medium|large)\b", lower)), *(m.upper() for m in re.findall(
                r"\b(?:in|size|an?)\s+(xxs|xs|s|m|l|xl|xxl|\d{2})\b(?!\s*(?:dollars|bucks|\$))", lower)),
            *WAIST_FIRST.findall(lower),  # "29 in the 1st?"
            *(m.upper() for m in re.findall(r"\b(xxs|xs|s|m|l|xl|xxl)\s*\?+\s*$", lower))]))  # "2nd one L?"
        # in the order they are asked ("dimensions? waterproof?")
        found = {name: m.start() for name, pattern in ASPECTS.items() if (m := pattern.search(text))}
        aspects = sorted(found, key=found.get)
        if sizes and not colors:  # "does it come in M?", "available in 34?": a size question
            aspects = [a for a in aspects if a not in ("color", "stock")]
        values = WHAT_VALUES.search(text)
        # (what else is asked stays: "what colours does the kenobi come in and how much is it?")
        others = [a for a in aspects
                  if a in {"price", "material", "warmth", "feature", "dimensions", "care", "included"}]
        if values and re.search(r"\b(?:sizes?|lengths?)\b", values.group(0), re.I):
            aspects = ["size", *others]  # "what sizes do they come in?": not their colours too
        elif values and re.search(r"\b(?:colou?rs?|shades?)\b", values.group(0), re.I):
            aspects = ["color", *others]
        if "dimensions" in aspects and not sizes:
            aspects = [a for a in aspects if a != "size"]  # "how big is the roller": its measures, not sizes
        if "feature" in aspects and not sizes and all(
                m.group(1).lower() in {"fit", "fits"} for m in ASPECTS["size"].finditer(text)):
            aspects = [a for a in aspects if a != "size"]  # "do they fit a laptop": a feature, not its sizes
        if "size" in aspects and not sizes and FIT_ASKED.search(text) and all(
                m.group(1).lower() in {"fit", "fits"} for m in ASPECTS["size"].finditer(text)):
            # "is it a relaxed fit?", "does it fit in a gym locker": what the listing says, not its sizes
            aspects = [a for a in aspects if a != "size"]
        if (colors or sizes) and re.search(r"\bhave (?:it|any|them|one)\s+in\b", lower):
            aspects = [a for a in aspects if a != "stock"]  # "do you have it in pink?": a colour question
        if colors and "color" not in aspects:
            aspects.insert(0, "color")
        if sizes and "size" not in aspects:
            aspects.insert(0, "size")
        features = tuple(dict.fromkeys(m.group(1).lower() for m in ASPECTS["feature"].finditer(text)))
        return Asked(tuple(dict.fromkeys(aspects)), colors, sizes, features, text)

    def answer(self, sender: str, text: str, message_id: str | None, ref: str | None = None,
               asked_in: str | None = None) -> Answer | None:
        """The answer about the product the words point at; None when they point at no shown product.

        ``asked_in`` holds the question when ``text`` is only a pointer ("and the second one?" after
        "does the first one come in black?").
        """
        shop = self.shop
        titled = titles_said(text, shop.products)
        if len(titled) >= 2:
            # "The Sprite Foam Yoga Brick and the Sprite Yoga Strap 10 foot, how much both?": those two,
            # asked without their titles (the strap's "10 foot" is its name, not a size asked for)
            # (kept as a pair answered, like a comparison: "put both in cart" then means those two)
            shop.remember(sender, message_id, [shop.view(p, 1.0, replies.ASKED_ABOUT) for p in titled[:5]], "compare")
            return self.about_several(titled[:5], without_titles(text, titled))
        parsed = shop.parser.parse(text)
        resolution = shop.resolve_reference(sender, parsed, ref)
        # ("The band kit: what is inside, and is it ok for a beginner?": "it" after the name is that product)
        first_clause = re.split(r"[:,;.?!]", text, maxsplit=1)[0]
        named_first = named_in_catalog(first_clause, shop.products) if len(parsed.ordinals) < 2 else None
        if named_first is not None and (resolution is None or len(resolution.products) >= 2):
            # "the Sahara leggings, they are opaque?": "they" are the leggings just named, not the list
            return self.about(sender, named_first, asked_in or text, message_id)
        if resolution is not None and resolution.source.kind != "photo":
            # "what are the first two made of?", "what sizes do they come in?": each of them
            shown = [shop.products[p] for p in resolution.source.product_ids if p in shop.products]
            several = [shown[i] for i in parsed.ordinals if -len(shown) <= i < len(shown)] \
                if len(parsed.ordinals) >= 2 else resolution.products
            if len(several) >= 2:
                return self.about_several(list({p.id: p for p in several}.values())[:5], asked_in or text)
        newest = shop.store.recent_lists(sender, limit=1)
        # ("Which colours?" right after a question about one product: that product's)
        if resolution is None and WHAT_VALUES.search(text) and not (newest and newest[0].kind == "focus"):
            each = self.each_shown(sender, asked_in or text)  # "what lengths are there?" with straps on screen
            if each is not None:
                return each
        # "how far does the Quest Lumaflex band adjust" with the Harmony kit in focus: the product whose
        # whole title is said (or, with nothing on screen pointed at, the one its name says)
        named = titled[0] if len(titled) == 1 else named_in_catalog(text, shop.products)
        said = set(re.findall(r"[a-z]{3,}", text.lower()))

        def overlap(p: Product) -> int:
            return len(said & set(re.findall(r"[a-z]{3,}", p.title.lower())))
        # (never over "the first one", "it": a pointer, not a name; one said after the name is that product)
        pointer = parsed.ordinal is not None or bool(PRONOUN_ONE.search(first_clause))
        if named is not None and (resolution is None or (resolution.product.title != named.title and (
                titled or (not pointer and overlap(named) > overlap(resolution.product))))):
            # ("and the pushup grips, are the handles foam?" with the foam brick on screen: the grips)
            return self.about(sender, named, asked_in or text, message_id)
        if resolution is None:
            # One product in focus ("is it waterproof?"), or the pictured one on top of a photo search
            in_focus = bool(newest) and (len(newest[0].product_ids) == 1 or newest[0].kind == "photo")
            if not in_focus or newest[0].product_ids[0] not in shop.products:
                return None
            product = shop.products[newest[0].product_ids[0]]
        else:
            product = resolution.product
        return self.about(sender, product, asked_in or text, message_id)

    def about(self, sender: str, product: Product, text: str, message_id: str | None) -> Answer:
        """The answer to a question about one product (which then is the product in focus)."""
        asked = self.asked(text)
        # "the 65 one in blue?" with the red 65 cm ball on screen: the blue one, sold as its own product
        product = in_colour(product, asked.colors, self.shop.products)
        colours = all_colours(product, self.shop.products)
        if "color" in asked.aspects and colours != product.colors:
            lines = [_colors(replace(product, colors=colours), asked) if aspect == "color"
                     else self.about_aspect(product, aspect, asked) for aspect in asked.aspects]
        elif not asked.aspects and BACK_POINT.search(text):  # "go back to the jackets, the second one": that one
            lines = [describe(product)]
        else:
            lines = [self.about_aspect(product, aspect, asked) for aspect in asked.aspects] \
                or [included(product, text) or relevant(product, text) or not_mentioned(product, asked.text)
                    or describe(product)]
        if "size" in asked.aspects:
            lines += self._other_measures(product, text)
        view = self._focus(sender, message_id, product)
        return Answer(" ".join(lines), [view], kind="search", list_kind="focus")

    def measure_variants(self, product: Product) -> list[Product]:
        """The same product in other measures ("Sprite Yoga Strap 6 foot" -> its 8 and 10 foot), smallest first."""
        own = title_measure(product)
        if own is None:
            return []
        stem = MEASURE.sub(" ", product.title).split()
        found = [(m, p) for p in self.shop.products.values() if p.title != product.title
                 and (m := title_measure(p)) is not None and m[1] == own[1]
                 and MEASURE.sub(" ", p.title).split() == stem]
        # one per title: colour variants sold as separate products share it ("55 cm" once, not three times)
        return list({p.title: p for _, p in sorted(found, key=lambda x: x[0][0], reverse=True)}.values())[::-1]

    def _other_measures(self, product: Product, text: str) -> list[str]:
        """A line naming the product's other measures (only the greater ones for "longer?"), if it has any."""
        variants = self.measure_variants(product)
        if not variants:
            return []
        own = title_measure(product)[0]
        bigger, smaller = bool(MEASURE_UP.search(text)), bool(MEASURE_DOWN.search(text))
        if bigger:
            variants = [p for p in variants if title_measure(p)[0] > own]
        elif smaller:
            variants = [p for p in variants if title_measure(p)[0] < own]
        return [replies.other_measures(product.title, [(p.title, p.price) for p in variants],
                                       bigger=bigger, smaller=smaller)]

    def each_shown(self, sender: str, text: str) -> Answer | None:
        """The answer about each product of the newest list (at most five); None with fewer than two shown."""
        shop = self.shop
        listed = [sl for sl in shop.store.recent_lists(sender) if sl.kind not in ONE_PRODUCT_KINDS]
        shown = [shop.products[p] for p in listed[0].product_ids if p in shop.products] if listed else []
        return self.about_several(shown[:5], text) if len(shown) >= 2 else None

    def about_several(self, products: list[Product], text: str) -> Answer:
        """The answer to one question about each of several shown products; the list on screen stays."""
        asked = self.asked(text)
        # one sentence per aspect and product: the list stays readable (the details are on the cards)
        lines = [" ".join(SENTENCE.split(self.about_aspect(p, aspect, asked))[0] for aspect in asked.aspects)
                 or SENTENCE.split(describe(p))[0] for p in products]
        return Answer("\n".join(lines), kind="search")

    def pair_again(self, sender: str, text: str) -> list[Product]:
        """The pair compared last when the words say "the two" / "both" and no list came since; else empty."""
        if not (THE_TWO.search(text) or PAIR_PRICES.search(text)):
            return []
        for sl in self.shop.store.recent_lists(sender):
            if sl.kind == "compare":
                return [self.shop.products[p] for p in sl.product_ids if p in self.shop.products]
            if sl.kind not in ANSWER_KINDS:
                return []  # a list shown since the comparison: "the two" are on it
        return []

    def which(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"Which of those has cotton?", "any in blue on the list?": the shown products that have it.

        The list is the newest one shown (a compared pair included, "which of those 2"); None when
        nothing is shown or the words name no material, colour or size to check.
        """
        shop = self.shop
        pair = bool(re.search(r"\b(two|2|both)\b", text, re.I))  # "which of those 2": the compared pair
        lists = [sl for sl in shop.store.recent_lists(sender)
                 if sl.kind not in ONE_PRODUCT_KINDS and (pair or sl.kind not in ANSWER_KINDS)]
        items = [shop.products[p] for p in lists[0].product_ids if p in shop.products] if lists else []
        asked = self.asked(text)
        materials = [m.lower() for m in MATERIAL_WORDS.findall(text)]
        # "which one have place for laptop?", "which are waterproof": a feature the listings name
        features = [FEATURE_ASKED.get(f, f) for f in asked.features]
        part, stems = "", []
        if not (materials or asked.colors or asked.sizes or features):
            # "which of them has removable cups?": the listings that use the words asked about
            part = re.sub(r"^(?:a|an|any|some|the)\s+", "", asked_part(text))
            stems = [w.rstrip("s")[:5] for w in re.findall(r"[a-z]{3,}", part.lower()) if w not in QUESTION_WORDS]
        if not items or not (materials or asked.colors or asked.sizes or features or stems):
            return None

        def has(product: Product) -> bool:
            made_of = f"{(product.attributes or {}).get('material', '')} {product.description or ''}".lower()
            listed = f"{(product.attributes or {}).get('features', '')} {product.description or ''}".lower()
            return (all(m in made_of for m in materials)
                    and all(any(w in listed for w in FEATURE_WORDS.get(f, (f,))) for f in features)
                    and all(c in product.colors for c in asked.colors)
                    and all(z in product.sizes for z in asked.sizes)
                    and all(re.search(rf"\b{re.escape(w)}", listed) for w in stems))

        hits = [p for p in items if has(p)]
        wanted = " and ".join([*materials, *(FEATURE_PHRASES.get(f, f) for f in features),
                               *(c.lower() for c in asked.colors), *(f"size {z}" for z in asked.sizes),
                               *([part] if stems else [])])
        made_of = bool(materials or features or stems) and not asked.colors and not asked.sizes
        text = replies.which_have(wanted, [p.title for p in hits], len(items), made_of, mentioned=bool(stems))
        if len(hits) == 1:  # the one that has it is now the product in focus: "add it" means it
            return Answer(text, [self._focus(sender, message_id, hits[0])], kind="search", list_kind="focus")
        # Several (or none): named in words; the list on screen stays the one pointers count in
        # ("the cheapest one" after "which of those has cotton" is still the list's cheapest).
        return Answer(text, kind="search")

    def best_for(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"Which is the warmest?", "which of them is best for hot days": the shown product whose listing says it most.

        The listing's own words decide (its text, weather, material, style and use), and the answer
        quotes them; None when nothing is shown or no need the listings speak to is recognised.
        """
        which = WHICH_BEST.search(text)
        if which is None:
            return None
        recent = self.shop.store.recent_lists(sender)
        # the pair just compared ("which one is better when it rains?" after a comparison), else the list
        lists = recent[:1] if recent and recent[0].kind == "compare" else \
            [sl for sl in recent if sl.kind not in ONE_PRODUCT_KINDS and sl.kind not in ANSWER_KINDS]
        items = [self.shop.products[p] for p in lists[0].product_ids if p in self.shop.products] if lists else []
        # the need said in the question itself ("ok cool, which one is the most durable?": durable)
        asked = text[which.start():]
        needs = [(name, meets) for name, said, meets in NEEDS if said.search(asked)]
        if len(items) < 2 or not needs:
            return None
        name, meets = needs[0]
        scored = []
        for rank, product in enumerate(items):
            evidence = _evidence(product)
            hits = [line for line in evidence if meets.search(line)]
            scored.append((sum(len(meets.findall(line)) for line in hits), -rank, product, hits))
        hits_of_best, _, best, lines = max(scored, key=lambda s: (s[0], s[1]))
        if not hits_of_best:
            return Answer(replies.none_says_need(len(items)), kind="search")
        view = self._focus(sender, message_id, best)
        # of two, the other one is named too ("which of those is better in the rain?": both were asked about)
        other = next((s for s in scored if s[2].id != best.id), None) if len(items) == 2 else None
        said = replies.best_for_need(best.title, lines[:2], len(items),
                                     other[2].title if other else None, tie=bool(other and other[0] == hits_of_best))
        return Answer(said, [view], kind="search", list_kind="focus")

    def compare(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """Two (or three) shown products side by side; None when the words point at fewer than two."""
        shop = self.shop
        parsed = shop.parser.parse(text)
        lists = [sl for sl in shop.store.recent_lists(sender) if sl.kind not in ANSWER_KINDS]
        if not re.search(r"\b(?:order|ordered|bought|purchased?)\b", text, re.I):
            # "How do the first and the third one compare?" after an order look-up: the products shown to
            # choose from, not the order's items
            lists = [sl for sl in lists if sl.kind != "order"] or lists
        said = parsed.filters
        earlier = bool(YOU_SHOWED.search(text) or FROM_BEFORE.search(text))
        def fits(pid: str) -> bool:
            p = shop.products.get(pid)
            return p is not None and (not said.gender or p.gender in (said.gender, "Unisex")) \
                and (not said.categories or p.category_leaf in said.categories)
        # "compare the two men's watches you showed me", "compare the first and the second tank" with a
        # water bottle shown since: the newest list of that kind, not the one on screen
        other_kind = len(parsed.ordinals) >= 2 and bool(said.categories) and bool(lists) \
            and not all(fits(p) for p in lists[0].product_ids)
        if lists and (earlier and (said.gender or said.categories) or other_kind):
            lists = [sl for sl in lists if all(fits(p) for p in sl.product_ids)] or lists
        department = department_pointed(text, persons=True)
        if lists and department:  # "ok and hers - which of her first two is cheaper?": her list, not his
            lists = [sl for sl in lists if all(shop.products[p].gender in (department, "Unisex")
                                               for p in sl.product_ids if p in shop.products)] or lists
        items = [shop.products[p] for p in lists[0].product_ids if p in shop.products] if lists else []
        picked: list[Product] = []
        named = named_products(text, items)
        pair = NUMBER_PAIR.search(text)
        by_kind = self.shop.pointed_by_kind(sender, text)
        focus = self._in_focus(sender)
        if FROM_BEFORE.search(text) and len(parsed.ordinals) == 1 and focus is not None and len(lists) > 1:
            # "compare it with the first tee from before": the product in focus and that one of the
            # list before the newest (of that kind, when one is said)
            before = [sl for sl in lists[1:] if not said.categories or any(
                shop.products[p].category_leaf in said.categories for p in sl.product_ids if p in shop.products)]
            earlier_items = [shop.products[p] for p in before[0].product_ids if p in shop.products] if before else []
            at = parsed.ordinals[0]
            if -len(earlier_items) <= at < len(earlier_items):
                picked = [focus, earlier_items[at]]
        titled = titles_said(text, shop.products)
        pair_again = self.pair_again(sender, text) if not picked and len(titled) < 2 else []
        if picked:
            pass
        elif pair_again:  # "Which of the two is cheaper?" after a comparison (and a question about one of them)
            picked = pair_again
        elif len(titled) >= 2:  # "the Josie Yoga Jacket and the Adrienne Trek Jacket": wherever they were shown
            picked = titled
        elif len(by_kind) >= 2:  # "how does the 2nd tank compare to the 1st tee": each in its own list
            picked = by_kind
        elif len(parsed.ordinals) >= 2:
            picked = [items[i] for i in parsed.ordinals if -len(items) <= i < len(items)]
        elif pair:  # "whats the diff between 1 and 3": list positions said as bare numbers
            picked = [items[int(n) - 1] for n in pair.groups() if int(n) <= len(items)]
        elif len(measured := measured_products(text, items)) >= 2:  # "the 6 foot and 8 foot strap"
            picked = measured
        elif len(named) >= 2:  # "compare the chaz and the bruno"
            picked = named
        elif len(parted := named_in_parts(text, items)) >= 2:  # "what is the difference, Emma and Sylvia?"
            picked = parted
        elif not parsed.ordinals and not PRONOUN_ONE.search(text) and len(across := each_part_named_anywhere(
                text, shown_items(shop.store.recent_lists(sender), shop.products), shop.products)) >= 2:
            picked = across  # "pushup grips or the cardio ball, which is better": each named, shown before or not
        else:
            resolution = shop.resolve_reference(sender, parsed)
            if resolution is not None and len(resolution.products) >= 2:
                picked = resolution.products[:2]
            elif resolution is not None and len(items) >= 2:
                # "hows it different from the 1st one": "it" is the product in focus, if one is
                focus = self._in_focus(sender) if len(parsed.ordinals) == 1 and PRONOUN_ONE.search(text) else None
                other = focus if focus is not None and focus.id != resolution.product.id \
                    else next(p for p in items if p.id != resolution.product.id)
                picked = [resolution.product, other]
            elif len(items) >= 2:
                picked = items[:2]
        picked = list({p.id: p for p in picked}.values())[:3]
        newest = shop.store.recent_lists(sender, limit=1)
        if len(picked) < 2 and newest and newest[0].kind == "compare":
            # "and which of the two is cheaper" right after a comparison: the same two
            picked = [shop.products[p] for p in newest[0].product_ids if p in shop.products][:3]
        if len(picked) < 2:
            return None
        # Remembered as a pair, so "the cheaper one" and "both" that follow mean these.
        self.shop.remember(sender, message_id, [self.shop.view(p, 1.0, replies.COMPARED) for p in picked], "compare")
        text = replies.comparison(picked)
        asked = self.asked(parsed.text or "")
        for aspect in ("warmth", "feature", "dimensions"):  # "which one is warmer?", "better in the rain": each
            if aspect in asked.aspects:
                text += "\n" + "\n".join(self.about_aspect(p, aspect, asked) for p in picked)
        return Answer(text, kind="search")

    def _in_focus(self, sender: str) -> Product | None:
        """The product the last answer was about, unless a list came after it."""
        for shown in self.shop.store.recent_lists(sender):
            if shown.kind == "focus":
                return next((self.shop.products[p] for p in shown.product_ids if p in self.shop.products), None)
            if shown.kind not in ANSWER_KINDS:
                return None
        return None

    def _focus(self, sender: str, message_id: str | None, product: Product) -> ProductView:
        """Remember the product asked about, so "add it to my cart" means it; its card for the answer."""
        view = self.shop.view(product, 1.0, replies.ASKED_ABOUT)
        turn_id = self.shop.remember(sender, message_id, [view], "focus")
        if turn_id is not None:
            self.shop.store.record_event(sender, product.id, "asked_about", turn_id)
        return view

    @staticmethod
    def about_aspect(product: Product, aspect: str, asked: Asked) -> str:
        """One aspect's answer about a product ("The Chaz comes in black, gray and orange.")."""
        return ASPECT_ANSWERS[aspect](product, asked)



# "does it come with a pump?", "is a bag included?": a part the catalog text may or may not name
COMES_WITH = re.compile(r"\b(?:come|comes|ship|ships|sold)\s+with\s+(?:a\s+|an\s+|the\s+|any\s+)?"
                        r"([a-z][a-z -]{1,25}?)\W*$|"
                        r"\b(?:is|are)\s+(?:a\s+|an\s+|the\s+)?([a-z][a-z -]{1,25}?)\s+included\W*$|"
                        r"\b(?:include|includes)\s+(?:a\s+|an\s+|the\s+|any\s+)?([a-z][a-z -]{1,25}?)\W*$", re.I)


def included(product: Product, text: str) -> str | None:
    """Whether the catalog text names the part asked about ("does it come with a pump?"); None for other questions."""
    m = COMES_WITH.search(text or "")
    if not m:
        return None
    part = next(g for g in m.groups() if g).strip().lower()
    if ANYTHING.match(part):  # "does it come with anything": what the listing says comes with it
        return replies.comes_with_answer(product.title, [x for x in _sentences(product) if WITH_IT.search(x)][:2])
    stem = part[:-1] if part.endswith("s") and len(part) > 3 else part
    said = next((x for x in _sentences(product) if re.search(rf"\b{re.escape(stem)}", x, re.I)), None)
    return replies.included_answer(product.title, part, said)


# Words of a question that say nothing about the product ("does", "have", "just")
QUESTION_WORDS = frozenset("""does have just only what whats which that this with they them there their about
would could should will your from into also does doesn isnt aren more than much many very really actually
come comes came tell know want need like please thanks then good okay""".split())


def _stem(word: str) -> str:
    """A word's first letters once an ending is cut ("running", "runners" -> "runn"; "stuffed" -> "stuf")."""
    return re.sub(r"(?:ing|ers|er|ed|es|s)$", "", word)[:4] if len(word) > 5 else word[:5]


def relevant(product: Product, text: str) -> str | None:
    """The listing's sentences that use the question's own words ("a shoulder strap or just handles?"), or None."""
    title = {w.lower() for w in re.findall(r"[a-z]+", product.title.lower())}
    words = {_stem(w) for w in re.findall(r"[a-z]{4,}", (text or "").lower())
             if w not in QUESTION_WORDS and w not in title}
    if not words:
        return None
    said = [x for x in _sentences(product)
            if words & {_stem(w) for w in re.findall(r"[a-z]{4,}", x.lower())}]
    return replies.listing_says(product.title, said[:2]) if said else None


# Colour words a catalog may not use (its own colours are the parser's)
OTHER_COLOURS = re.compile(r"\b(pink|navy|beige|teal|maroon|burgundy|khaki|turquoise|cream|silver|gold|lilac|mint|"
                           r"coral|olive|tan|violet|magenta|cyan|charcoal|ivory)\b", re.I)
# "is it a relaxed fit?", "does it fit in a gym locker", "fits loose?": how it fits, not which sizes
FIT_ASKED = re.compile(r"\b(?:relaxed|slim|loose|regular|tight|fitted|athletic|oversized|boxy|baggy|straight)\s+fit\b|"
                       r"\bfits?\s+(?:in|into|inside|under|through)\b|\bfits?\s+(?:loose|tight|snug|true)\b", re.I)
# A yes-or-no question about the product ("does it have ...", "is it ...", "thumb holes?")
YES_NO = re.compile(r"^\W*(?:(?:and|so|ok|okay|also|hmm|but)\W+)*(?:does|do|is|are|has|have|can|will|would|could)\b|"
                    r"^\W*(?:[a-z][\w'-]*\s+){0,2}[a-z][\w'-]*\s*\?+\s*$", re.I)
# What is asked about: "have a sleeve for a hydration bladder", "is it a relaxed fit", "fit in a gym locker"
ASKED_PART = re.compile(r"\b(?:have|has|got|with|there|come with|is (?:it|this|that)|are (?:they|those|these))\s+"
                        r"((?:(?:a|an|any|some)\s+)?[a-z][a-z' -]{2,50}?)\W*$|"
                        r"\b(?:in|into|for|on)\s+((?:a|an|the|my)\s+[a-z][a-z' -]{2,40}?)\W*$|"
                        r"\bfor\s+([a-z]{3,}ing(?:\s+[a-z]+)?)\W*$", re.I)  # "good for skiing"


# "is the montana one packable?", "are they squat proof": a quality the listing may or may not say
IS_QUALITY = re.compile(r"^\W*(?:and\s+|so\s+)?(?:is|are)\s+(?:it|this|that|they|these|those|the\s+[\w' -]+?)\s+"
                        r"((?!(?:a|an|the|it|in|for|ok|okay|good|fine)\b)[a-z][\w'-]+(?:\s+proof)?)\W*$", re.I)


def asked_part(text: str) -> str:
    """What a question asks the product has ("a sleeve for a hydration bladder"), or ""."""
    m = ASKED_PART.search(text)
    return next((g for g in m.groups() if g), "") if m else ""


def not_mentioned(product: Product, text: str) -> str | None:
    """For a yes-or-no question the listing has no words for ("thumb holes?"): that it doesn't say; else None."""
    if not YES_NO.search(text or ""):
        return None
    title = {w.lower() for w in re.findall(r"[a-z]+", product.title.lower())}
    if not [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in QUESTION_WORDS and w not in title]:
        return None
    if (quality := IS_QUALITY.match(text)) and quality.group(1).lower() not in QUESTION_WORDS \
            and not re.search(r"\b(?:for|good|ok|okay|fine|suitable|enough|too)\b", text, re.I):
        return replies.not_said(product.title, quality.group(1).lower())  # "is the montana one packable?"
    part = asked_part(text)
    if not part and len(text.split()) <= 4:
        part = re.sub(r"[^\w' -]+", " ", text).strip()  # "thumb holes?"
    part = re.sub(r"^(?:the|my)\s+", "a ", part.strip(), flags=re.I)
    if not part or part.lower() in {"it", "one", "them"}:
        return None
    return replies.not_mentioned(product.title, part)


def _sentences(product: Product) -> list[str]:
    """The sentences of the product's catalog text, trimmed."""
    return [s.strip() for s in SENTENCE.split(product.description or "") if s.strip()]


def _evidence(product: Product) -> list[str]:
    """What the listing says a product is good for: its sentences, then its weather, material, style and use."""
    attributes = product.attributes or {}
    said = [s for s in _sentences(product) if len(s) > 12]
    for key, label in (("climate", "Made for {} weather"), ("material", "Made of {}"), ("style_general", "{}"),
                       ("features", "{}"), ("activity", "Made for {}")):
        if attributes.get(key):
            parts = [html.unescape(p).replace("\u2122", "").replace("\u00ae", "").strip()
                     for p in str(attributes[key]).split(",") if p.strip()]
            said.append(label.format(", ".join(p.lower() for p in parts)) + ".")
    return said


def describe(product: Product) -> str:
    """A short description: the first sentences of the catalog text, with price and options."""
    blurb = " ".join(_sentences(product)[:2])
    return replies.product_summary(product.title, product.price, list(product.colors), list(product.sizes), blurb)


# "any colour besides black?", "other than blue?": the colours it comes in apart from those
BESIDES = re.compile(r"\b(?:besides|other than|apart from|aside from|except(?: for)?|beyond)\b", re.I)


def _colors(product: Product, asked: Asked) -> str:
    return replies.color_answer(product.title, list(product.colors), list(asked.colors),
                                besides=bool(BESIDES.search(asked.text or "")))


def _sizes(product: Product, asked: Asked) -> str:
    return replies.size_answer(product.title, list(product.sizes), list(asked.sizes))


def _price(product: Product, asked: Asked) -> str:
    sale = (product.attributes or {}).get("sale") == "Yes"
    return replies.price_answer(product.title, product.price, sale)


def _material(product: Product, asked: Asked) -> str:
    material = (product.attributes or {}).get("material", "")
    hints = [s for s in SENTENCE.split(product.description or "")
             if ASPECTS["material"].search(s) and not s.lower().startswith("machine wash")]
    answer = replies.material_answer(product.title, material, hints[:2])
    # "is the strap cotton?", "foam or cork?": yes or no for each material named, then what it is made of
    question = (asked.text or "").split("?")[0]  # (not "... im trying to avoid plastic stuff" said after it)
    said = list(dict.fromkeys(m.lower() for m in (*MATERIAL_WORDS.findall(question),
                                                  *OTHER_MATERIALS.findall(question))))
    if said and material and re.match(r"^\W*(?:(?:and|so|ok|hmm|but)\W+)*(?:is|are|does|do|has|have|any)\b|"
                                      r"^[\w\s-]{0,30}\?\s*$", asked.text or "", re.I):
        made = f"{material} {product.description or ''}".lower()
        has = [m for m in said if m in made]
        lacks = [m for m in said if m not in made]
        return replies.material_yes_no(product.title, has, lacks) + " " + answer
    return answer


# Materials the catalog may not use ("cork", "bamboo"): asked about all the same
OTHER_MATERIALS = re.compile(r"\b(cork|bamboo|merino|silk|down|gore-tex|goretex|jute|tpe|pvc)\b", re.I)


# Words of a product text about keeping warm ("fleece lining keep you warm", "cold-fighting")
WARM_WORDS = re.compile(r"\b(warm\w*|fleece|insulat\w*|cold|chill\w*|heat|toasty|cozy|cosy|brushed|lin(?:ed|ing)|"
                        r"wintry|winter|frigid|wind\w*|breathab\w*|lightweight|cool\w*)\b", re.I)
# The catalog's climates, as a reply says them
CLIMATE_WORDS = {"cold": "cold", "wintry": "wintry", "cool": "cool", "windy": "windy", "rainy": "rainy",
                 "all-weather": "all", "spring": "spring", "mild": "mild", "warm": "warm", "hot": "hot",
                 "indoor": "indoor"}


def _warmth(product: Product, asked: Asked) -> str:
    lines = [x for x in _sentences(product) if WARM_WORDS.search(x) and len(x) > 12][:2]
    said = [c.strip().lower() for c in str((product.attributes or {}).get("climate", "")).split(",")]
    climates = [CLIMATE_WORDS[c] for c in CLIMATE_WORDS if c in said]
    return replies.warmth_answer(product.title, lines, climates, (product.attributes or {}).get("material", ""))


def _care(product: Product, asked: Asked) -> str:
    lines = [s.strip() for s in SENTENCE.split(product.description or "") if ASPECTS["care"].search(s)]
    return replies.care_answer(product.title, lines[:2])


# A feature asked about, and the words a listing may name it with ("water-resistant" answers "waterproof")
FEATURE_WORDS = {
    "waterproof": ("waterproof", "water-resistant", "water resistant", "water-repellent", "water repellent",
                   "weatherproof"),
    "lockable": ("lockable", "lock"), "adjustable": ("adjustable", "adjusts"), "reflective": ("reflective",),
    "padded": ("padded", "padding", "cushion"), "insulated": ("insulat",), "breathable": ("breathab",),
    "hooded": ("hood",), "pockets": ("pocket",), "laptop": ("laptop",), "lightweight": ("lightweight",),
    "foldable": ("fold",), "wheeled": ("wheel",), "TSA approved": ("tsa",),
    "stopwatch": ("stopwatch", "stop watch"), "alarm": ("alarm",), "backlight": ("backlight",), "timer": ("timer",),
    "heart rate": ("heart rate",), "step counter": ("steps", "step count", "pedometer"), "calories": ("calorie",),
}
FEATURE_ASKED = {"water proof": "waterproof", "water-resistant": "waterproof", "water resistant": "waterproof",
                 "rain": "waterproof", "rainy": "waterproof", "swim": "waterproof", "swimming": "waterproof",
                 "shower": "waterproof", "wet": "waterproof",
                 "water-repellent": "waterproof", "water repellent": "waterproof", "weatherproof": "waterproof",
                 "weather proof": "waterproof", "lock": "lockable", "locks": "lockable", "pocket": "pockets",
                 "hood": "hooded", "hoods": "hooded", "wheels": "wheeled", "wheel": "wheeled", "tsa": "TSA approved",
                 "adjust": "adjustable", "adjusts": "adjustable", "pedometer": "step counter"}
FEATURE_ASKED.update({f"count{s} {w}steps": "step counter" for s in ("", "s") for w in ("", "my ", "your ", "the ")})
# A feature as "which of those has ..." says it
FEATURE_PHRASES = {"laptop": "room for a laptop", "pockets": "pockets", "hooded": "a hood", "wheeled": "wheels",
                   "padded": "padding", "TSA approved": "a TSA-approved lock"}
FEATURE_PHRASES.update({f: f"a {f} finish" if f == "reflective" else f"a {f} design"
                        for f in ("waterproof", "lockable", "adjustable", "insulated", "breathable", "lightweight",
                                  "foldable", "reflective")})
# "L 29" x W 13" x H 11"", "6'' wide by 12'' long", "Strap fits 7" to 10"": a measure in the listing
MEASURE_TEXT = re.compile(r"\d+(?:\.\d+)?\s*(?:''|\"|”|'|in\b|inch|inches|cm|mm|foot|feet|ft\b|oz\b|lbs?\b|kg\b|"
                          r"pounds?|l\b|lit(?:er|re)s?\b)|\b\d+(?:\.\d+)?\s*x\s*\d", re.I)
# "does it come with anything?": what the listing says comes with it
WITH_IT = re.compile(r"\b(?:comes? with|included|includes|with (?:a|an|its own)|warranty)\b", re.I)
# "Three bands", "Mesh carrying bag", "2 handles": the parts a kit's listing counts
KIT_PARTS = re.compile(r"\b(?:two|three|four|five|six|\d+)\s+[a-z]+|\b(?:carry(?:ing)? (?:bag|case|pouch)|set of)\b",
                       re.I)
ANYTHING = re.compile(r"^(?:anything|something|any extras?|extras?|accessories|stuff|what)$", re.I)


# "a pocket for a water bottle", "a water bottle pocket", "phone pocket?": which pocket is asked about
POCKET_FOR = re.compile(r"\bpockets?\s+(?:for|to hold|that holds?|to fit)\s+(?:a|an|my|the|your)?\s*"
                        r"([a-z]+(?:\s+[a-z]+)?)", re.I)
KIND_POCKET = re.compile(r"\b([a-z]+(?:\s+[a-z]+)?)\s+pockets?\b", re.I)
# Words before "pocket" that say nothing about which one ("does it have a pocket", "any pockets")
_NOT_POCKET_KIND = frozenset("a an any the some have has got with it its one many more big deep".split())


def _pocket_kind(text: str) -> list[str]:
    """The words that say which pocket is asked for ("water bottle"), or [] for any pocket."""
    m = POCKET_FOR.search(text or "") or KIND_POCKET.search(text or "")
    words = (m.group(1) if m else "").lower().split()
    # only the words right before "pocket" ("do those shorts I just added have pockets": none)
    kind: list[str] = []
    for w in reversed(words):
        if w in _NOT_POCKET_KIND or w in QUESTION_WORDS:
            break
        kind.insert(0, w)
    return kind


def _says_all(text: str, words: list[str]) -> bool:
    """Whether the text uses every one of the words (by stem: "water bottles" says "water bottle")."""
    return {_stem(w) for w in words} <= {_stem(w) for w in re.findall(r"[a-z]+", text.lower())}


def _feature(product: Product, asked: Asked) -> str:
    lines = []
    features = [f.strip() for f in (product.attributes or {}).get("features", "").split(",") if f.strip()]
    # once per feature: "water resistant? need it for swimming" asks about one thing twice
    for name in dict.fromkeys(FEATURE_ASKED.get(said.lower(), said.lower()) for said in asked.features):
        words = FEATURE_WORDS.get(name, (name,))
        title = set(title_words(product.title))
        kind = [w for w in _pocket_kind(asked.text) if w not in title] if name == "pockets" else []
        if kind:
            # "pocket for a water bottle?": a listing's "Audio Pocket" is no answer; only that pocket is
            listed = [f for f in features if "pocket" in f.lower() and _says_all(f, kind)]
            said = [x for x in _sentences(product) if _says_all(x, kind)]
            # the sentence that says the pocket first ("Water bottle pocket."), then others with those words
            # ("Tuck water bottles in easy-access external spaces.")
            said.sort(key=lambda x: not re.search(r"\b(?:pocket|sleeve|compartment|holder)", x, re.I))
            name = f"{' '.join(kind)} pocket" if not listed and not said else name
            lines.append(replies.feature_answer(product.title, name, listed, " ".join(said[:2]) or None))
            continue
        listed = [f for f in features if any(w in f.lower() for w in words)]
        said = [x for x in _sentences(product) if any(w in x.lower() for w in words)]
        said.sort(key=lambda x: not MEASURE_TEXT.search(x))  # the sentence with a measure says how far
        sentence = " ".join(said[:2]) or None
        lines.append(replies.feature_answer(product.title, name, listed, sentence))
    return " ".join(lines)


# What a measure question asks for, and the listing's words that give it ("Volume: 29 L", "Weight: 2 lbs")
MEASURE_KINDS = (
    (re.compile(r"\b(?:lit(?:er|re)s?|l|capacity|volume|hold)\b", re.I),
     re.compile(r"\b(?:volume|capacity|lit(?:er|re)s?|\d+(?:\.\d+)?\s*l)\b", re.I)),
    (re.compile(r"\b(?:heavy|weigh\w*)\b", re.I), re.compile(r"\b(?:weigh\w*|lbs?|oz|kg|pounds?|grams?)\b", re.I)),
)


def _dimensions(product: Product, asked: Asked) -> str:
    measures = [x for x in _sentences(product) if MEASURE_TEXT.search(x)]
    for question, answer in MEASURE_KINDS:
        if question.search(asked.text):  # "how many litres is it?": the volume first, not its height
            measures.sort(key=lambda x: not answer.search(x))
    return replies.dimensions_answer(product.title, measures[:2], list(product.sizes))


def _included(product: Product, asked: Asked) -> str:
    # "whats actually included in the kit?": what the listing says comes with it, or what the kit holds
    said = [x for x in _sentences(product) if WITH_IT.search(x) or KIT_PARTS.search(x)][:2]
    return included(product, asked.text) or replies.comes_with_answer(product.title, said)


def _stock(product: Product, asked: Asked) -> str:
    return replies.stock_answer(product.title, product.in_stock, list(product.sizes), list(product.colors))


def _gender(product: Product, asked: Asked) -> str:
    return replies.gender_answer(product.title, product.gender)


ASPECT_ANSWERS = {"color": _colors, "size": _sizes, "price": _price, "material": _material, "feature": _feature,
                  "dimensions": _dimensions, "included": _included, "care": _care, "stock": _stock,
                  "gender": _gender, "warmth": _warmth}
