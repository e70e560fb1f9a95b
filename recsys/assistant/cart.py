"""The cart by chat: add, remove and show, by words and references ("add the second one").

It is the same cart the widget's "Add to cart" button fills (``ContextStore.cart``): a click and a
sentence are two ways to one record. Every answer carries a ``cart`` card so rich clients can
show the cart and its count.
"""

from __future__ import annotations

import re

from recsys.assistant import replies
from recsys.assistant.references import (
    ANSWER_KINDS,
    CHEAPER,
    PRICIER,
    Resolution,
    each_named,
    each_part_named,
    in_colour,
    measured_products,
    named_in_catalog,
    named_product,
    owned_by,
    product_said,
    said_as_names,
    shown_items,
    title_measure,
    titles_said,
    without_titles,
)
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.catalog import Product
from recsys.search.filters import is_apparel
from recsys.search.query import MEASURE, ORDINALS, title_kinds
from recsys.storage.context_store import ShownList

BOTH = re.compile(r"\bboth\b", re.I)
# "..., just the top one", "... and keep the blue one": what stays in a removal
KEEP_ONLY = re.compile(r"(?:[,.;!-]+|\band\b)\s*(?:i'?ll\s+)?(?:just|only|keep(?:ing)?)\s+(?:the\s+)?[\w' -]+\W*$|"
                       r"[,.;!-]+\s*(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?\s+only\W*$",  # "remove roller, bag only"
                       re.I)
# "great, one in gray, 34 please", "ok 1 in M": one of the product in focus, in a variant
ONE_IN = re.compile(r"^\W*(?:(?:great|ok|okay|perfect|cool|nice|yes|yeah|yep|then|so|i'?ll\s+take|i\s+will\s+take|"
                    r"give\s+me)\W+)*(?:one|1)\s+in\b", re.I)
# (not "the second one from that list": the list, not a product)
IT = re.compile(r"\b(it|that|this)\b(?! one)(?!\s+(?:list|page|time|way)\b)", re.I)
TOO = re.compile(r"\b(too|also|as well|and)\b", re.I)
EVERYTHING = re.compile(r"\b(everything|all of it|all items|empty|clear)\b", re.I)
TITLE_WORD = re.compile(r"[a-z][\w'-]{2,}")
# "take out the last one i added" / "the first one i added": by the order of the adds, not a list's
# ("the one i added last", "the thing i just put in": the latest)
ADDED_AT = re.compile(r"\b(last|latest|first|1st)\s+(?:one|thing|item)?\s*(?:i|you|we)\s+(?:just\s+)?"
                      r"(?:added|put)|\bthe\s+(?:one|thing|item)\s+(?:i|you|we)\s+(?:just\s+)?(?:added|put in)"
                      r"(?:\s+(last|first))?", re.I)
AND = re.compile(r"\b(?:and|&|plus)\b|,", re.I)
# "actually my son's one in M instead", "make hers a small": a cart item, by whose it is, in another size
RESIZE_WHOSE = re.compile(r"\b(?:instead|make|change|switch|actually|rather)\b", re.I)
# The parts of "the 2nd mens one in L and the first womens one in S, both red" (a comma stays inside a part)
EACH_PART = re.compile(r"\b(?:and|plus)\b|&", re.I)
# "the 1st of each", "first one of both": that position in each list just shown
OF_EACH = re.compile(r"\b(?:the\s+)?(\d(?:st|nd|rd|th)|first|second|third|last)(?:\s+one)?\s+(?:of|from)\s+"
                     r"(?:each|both)\b", re.I)
# "add", "ok add pls", "add L", "add in 29", "ill take it": an add that names no product.
BARE_ADD = re.compile(r"^\W*(?:(?:ok|okay|k|ya|yes|yeah|great|cool|perfect|fine|then|so|pls|please)\W+)*"
                      r"(?:add|i'?ll take|ill take|i take|buy|take|put)(?:\s+(?:it|that|this|one|1|a pair))?"
                      r"(?:[\s,]+(?:in\s+)?(?:size\s+)?(?:xxs|xs|s|m|l|xl|xxl|\d{1,2}))?"  # "ok I take, brown, S"
                      r"(?:\s+(?:to (?:my |the )?(?:cart|basket)|in(?:to)? (?:my |the )?(?:cart|basket)))?"
                      # "ok put in cart, size 33": the size after the cart
                      r"(?:[\s,]+(?:in\s+)?(?:size|sz)\s+(?:xxs|xs|s|m|l|xl|xxl|\d{1,2}))?"
                      r"(?:\W+(?:pls|please|then|thanks|thx|too))*\W*$", re.I)

# "actually make it 2 of them", "make that two", "2 of those pls", "can i get 3 of it": how many of
# the item just added (one digit or a number word: sizes by number have two digits)
COUNT = r"(\d|two|three|four|five|six|a couple)"  # not "one": "the first one of those" is a pointer
# "hmm thats a lot, drop it to 4", "bring them down to two": fewer (or more) of the item, by its new count
DOWN_TO = re.compile(rf"\b(?:drop|reduce|lower|cut|bring|take|change|make|put|up|increase)\s+"
                     rf"(?:(?:it|that|them|this|those|these|the\s+[a-z]+)\s+)?(?:down\s+|back\s+|up\s+)?to\s+"
                     rf"(?:just\s+|only\s+)?{COUNT}\b(?!\s*(?:st|nd|rd|th|\$|dollars?|bucks|%)\b)", re.I)
QUANTITY = re.compile(DOWN_TO.pattern + "|"
                      rf"\bmake (?:it|that|them)\s+{COUNT}\b(?!\s*(?:st|nd|rd|th)\b)(?:\s+of (?:them|those|it|these))?|"
                      rf"\b{COUNT}\s+of\s+(?:them|those|these|it|that(?: one)?)\b|"
                      rf"\b(?:i'?ll take|i need|i want|get me|give me|can i (?:get|have))\s+{COUNT}"
                      rf"\s*(?:pls|please)?\W*$|"
                      rf"\bchange (?:the )?(?:quantity|qty) to\s+{COUNT}\b|"
                      # "make the pants qty 2", "qty 3 pls"
                      rf"\b(?:quantity|qty)\s*(?:of\s+)?:?\s*{COUNT}\b(?!\s*(?:st|nd|rd|th)\b)|"
                      # "sorry, only one piece, not two": a count said in pieces (a learner's word for items)
                      r"\b(?:only\s+|just\s+)?(\d|one|two|three|four|five|six)\s+(?:pieces?|pcs|units?)\b(?!\s+of\b)",
                      re.I)
# "add 10 of the first one", "and 5 of the second one in L": how many of the product pointed at
ADD_COUNT = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|a couple)\s+(?:of|x)\s+(?:the\s+)?"
                       r"(?:first|second|third|fourth|fifth|last|\d(?:st|nd|rd|th)|top|same|other)\b", re.I)
# "add 2 pls", "ok I'll take three" with one product in focus: that many of it
BARE_COUNT = re.compile(r"^\W*(?:(?:ok|okay|yes|yeah|great|cool|then|so|perfect)\W+)*(?:add|i'?ll take|i will take|"
                        r"take|get me|give me)\s+(\d{1,2}|two|three|four|five|six|a couple)\s*"
                        r"(?:pls|please|plz|of (?:it|them|those|these)|then)?"
                        # "add 2, one for each kid": who they are for
                        r"(?:\s*[,;-]?\s*(?:one\s+)?for\s+(?:each|both|my|the|me|us|him|her|them)\b[\w' ]{0,30})?\W*$",
                        re.I)
A_OR_AN = re.compile(r"\b(?:a|an)\b(?=\s+[a-z])", re.I)
# "oh and a foam yoga brick", "and a water bottle", "plus one jump rope": one more thing, right after an add
# ("also a water bottle" opens a new ask: the bottles are shown)
ONE_MORE = re.compile(r"^\W*(?:(?:oh|ok|okay|ah|hmm|right|ugh|um|well|fine|alright)\W+)*"
                      r"(?:(?:also|and|so)\s+)?"  # "also add a water bottle", "ugh ok add a jump rope too then"
                      r"(?:and|plus|\+|throw in|chuck in|toss in|add)\W+"
                      r"(?:also\s+)?(?:a|an|one|the)\s+"
                      r"(?P<thing>[a-z0-9][a-z0-9' -]{2,40}?)\s*(?:too|as well|also|pls|please|thanks|thx)?"
                      # "and a 65 cm in gray for my wife", "and a water bottle, the cheap one with the carabiner":
                      # its colour, size, who it is for, or which one, said after it
                      r"(?:\s+in\s+[a-z]+|\s+(?:size|sz)\s+\w+|,?\s+for\s+(?:my|her|him|his|the|me)\b[\w' ]*|"
                      r"\s*,\s*the\s+[^.!?;,]*)*"
                      # "And the 8 foot yoga strap as well; mine is fraying.": a remark after it
                      r"(?:\W+then)?"
                      r"(?:\W*$|\s*[;.!]\s+(?:mine|my|it|its|it's|the old|our)\b[^;.!?]*[.!]?\s*$)", re.I)
# "also a strap, the longest one u have", "and a bottle - the cheapest": one more, the extreme of its kind
ONE_MORE_EXTREME = re.compile(r"^\W*(?:(?:oh|ok|okay|and|also|plus|then)\W+)+(?:add\s+)?(?:a|an|one)\s+([a-z]{3,})\s*"
                              r"[,-]*\s*(?:the\s+)?(longest|shortest|biggest|largest|smallest|cheapest|most expensive|"
                              r"priciest)\b(?:\s+one)?[^?]*$", re.I)
# "... and a foam brick", "plus the water bottle": a second product, named after the first pick
AND_ANOTHER = re.compile(r"(?:\band|\bplus|\+)\s+(?:a|an|the)\s+([a-z][a-z' -]{2,40}?)\s*"
                         r"(?:too|as well|pls|please)?\W*$", re.I)
# "take out the cheaper watch", "remove the more expensive one": one cart item by its price
THE_PRICED = re.compile(r"\bthe (cheaper|cheapest|less expensive|least expensive|more expensive|most expensive|pricier|"
                        r"priciest|dearer|dearest)\s+[a-z]+\b|"
                        # "remove the cheap one", "take out the expensive one": of the items in the cart
                        r"\bthe (cheap|expensive|pricey|dear)\s+(?:one|item|thing)\b", re.I)
# "I'll take the cheapest jacket in size L", "add the most expensive watch": one of a kind by its price
THE_EXTREME_KIND = re.compile(r"\b(?:the|your|ur) (cheapest|least expensive|most expensive|priciest|dearest)\s+"
                              r"(?!ones?\b|in\b|of\b|size\b)([a-z]{3,}(?:\s+(?!in\b|of\b|size\b|for\b)[a-z]{3,})?)\b",
                              re.I)
# "size 31 if so, add pls", "if it does, add it": an add that waits on the answer before it
IF_SO = re.compile(r"\bif (?:so|yes|it does|they do|it is|they are|available|it has|in stock)\b|\bif yes then\b", re.I)
# "2nd one in the cart please", "OK, in blue size XS into the cart.": put into the cart without a verb
INTO_CART = re.compile(r"\b(?:in|into|to) (?:the|my|ur|your) (?:cart|basket|trolley)\b", re.I)
# "size 31, add pls": the size to add it in, said before the verb
LEADING_SIZE = re.compile(r"^\W*(?:in\s+)?(?:size|sz)\s+(?:xxs|xs|s|m|l|xl|xxl|\d{1,2})\b[\s,]*", re.I)
# ("the two of them come to $41": a sum said, not a count wanted)
ASKS_PRICE = re.compile(r"\bhow much\b|\bwhat(?:'s| is| would| will)\b|\b(?:cost|price|total)\b|\bwhich\b|"
                        r"\b(?:comes?|came|adds? up|add up)\s+to\b", re.I)
# One piece of "4 yoga bricks please", "6 of the summit", "add 5 pursuit tone bands instead", "2 of the foam
# brick and one 8 foot strap": how many ("a", "the" for one) of which product
COUNTED_PART = re.compile(r"^\W*(?:(?:ok|okay|so|then|and|also|plus|oh|ooh|great|cool|perfect|alright|ya|yes|yeah|"
                          r"add|i'?ll take|ill take|i'?ll get|i'?ll have|get me|give me|put|throw in)\W+)*"
                          r"(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|a couple(?:\s+of)?|one|an?|the)"
                          r"\s+(?:of\s+(?:the\s+)?)?(?P<item>[a-z0-9][\w' -]*?)"
                          r"(?:\s+(?:pls|please|plz|then|instead|too|as well|thanks|thx|each|"
                          r"(?:in(?:to)?|to) (?:my|the) (?:cart|basket)))*\W*$", re.I)
# "brother is the gym guy - add a zing jump rope and ...": a remark before the add
REMARK_BEFORE_ADD = re.compile(r"^[^.?!]*?(?:\s+-+\s+|[,.;:]\s+)(?=(?:(?:ok|okay|so|then|pls|please)\s+)*"
                               r"(?:add|i'?ll take|put|throw in)\b)", re.I)
ADD_VERB = re.compile(r"^\W*(?:(?:ok|okay|so|then|and|also|plus|great|cool|pls|please)\W+)*"
                      r"(?:add|i'?ll take|ill take|put|throw in)\b", re.I)
# "also add your cheapest water bottle": a verb that puts something in the cart, anywhere in the words
CART_VERB = re.compile(r"\b(?:add|put|throw|i'?ll take|ill take|buy|get me)\b", re.I)
# "them", "those", "it": the one product in focus
FOCUS_WORDS = re.compile(r"^(?:them|those|these|it|that|this|that one|this one|those ones)$", re.I)
# What may follow a product's name in one piece: its size, colour and who it is for ("in L", "for my son")
VARIANT_TAIL = re.compile(r"\s+(?:in\s+|size\s+|sz\s+|for\s+(?:my|me|him|her|the)\b).*$", re.I)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "a couple": 2}
MAX_QUANTITY = 50  # a team's order, not a typo'd size


def _without(colours: tuple[str, ...], text: str) -> str:
    """The words less the colours the parser found in them ("ok add XS in blue" -> "ok add XS")."""
    for colour in colours:
        text = re.sub(rf"(?:\s+(?:in|and|n|&))?\s+{re.escape(colour)}\b", "", text, flags=re.I)
    return text


# "2nd one, XS, blue", "add it in M", "size 32 purple": a size said for the item, as shoppers write it
_NO_PRICE_OR_MEASURE = r"(?!\s*(?:\$|dollars?|bucks|usd|%|cm|mm|foot|feet|ft|inch|kg|lbs?))"
SIZE_CHOSEN = re.compile(rf"(?:\b(?:in|size|sz|an?)\s+|[,/]\s*|^\s*)(xxs|xs|s|m|l|xl|xxl|\d{{2}})\b"
                         rf"{_NO_PRICE_OR_MEASURE}|"
                         rf"\b(xxs|xs|xl|xxl|\d{{2}})\b{_NO_PRICE_OR_MEASURE}|"
                         r"\b(s|m|l)\s*(?:pls|please|thanks|thx|too|as well)?\W*$|"
                         # "the celeste in yellow M too": a size right after the colour
                         r"\b(?:black|white|gr[ae]y|blue|red|green|yellow|orange|purple|brown|pink)\s+(s|m|l)\b"
                         rf"{_NO_PRICE_OR_MEASURE}|"
                         # "add it S yellow": a bare letter size right after "it", before a colour or the end
                         r"\b(?:it|that|this|one)\s+(s|m|l)(?=\s*,?\s*(?:in\s+)?(?:black|white|gr[ae]y|blue|red|green|"
                         r"yellow|orange|purple|brown|pink)\b|\W*$)|"
                         # "add it in white, small", "in medium": a size said as a word
                         r"(?:\b(?:in|size|an?)\s+|[,/]\s*)(extra[\s-]small|extra[\s-]large|x-small|x-large|small|medium|"
                         r"large)\b", re.I)
SIZE_WORDS_SAID = {"small": "s", "medium": "m", "large": "l", "extra small": "xs", "extra-small": "xs",
                   "x-small": "xs", "extra large": "xl", "extra-large": "xl", "x-large": "xl"}


# "make the second one size L not M", "change the first to an XL": a cart line's size changed
RESIZE = re.compile(r"\b(?:make|change|switch|put)\s+(?:the\s+)?(?P<which>\d(?:st|nd|rd|th)|first|second|third|fourth|"
                    r"fifth|last|other)(?:\s+one|\s+[a-z]+)?\s+(?:to\s+|into\s+|in\s+)?(?:an?\s+|size\s+)?"
                    r"(?P<size>xxs|xs|s|m|l|xl|xxl|\d{2})\b(?!\s*(?:\$|dollars?|bucks|%))", re.I)


def offered_size(product: Product, size: str) -> str | None:
    """The product's own spelling of a size it comes in ("xs" -> "XS", "medium" -> "M"), or None."""
    size = SIZE_WORDS_SAID.get(size.lower(), size)
    return next((z for z in product.sizes if z.lower() == size.lower()), None)

# "+ the 1st, same size n colour", "same colour please": the item added last's size and colour
SAME_VARIANT = re.compile(r"\bsame\s+(?:size|colou?r)(?:\s*(?:and|n|&|\+|,)\s*(?:size|colou?r))?\b", re.I)
# "swap it for the grayson, same size": the size of the item it replaces
SAME_SIZE = re.compile(r"\bsame\s+size\b", re.I)

def sizes_chosen(text: str) -> list[str]:
    """The sizes the words choose an item in ("in M", "size 29"), in the order said."""
    return [next(g for g in m.groups() if g) for m in SIZE_CHOSEN.finditer(text or "")]


def chosen_variant(product: Product, text: str, colors: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The size and colour the words choose for this product, each only if the product comes in it."""
    said = sizes_chosen(text)
    size = next((z for s in said if (z := offered_size(product, s))), None) if len(product.sizes) > 1 else None
    offered = {c.lower(): c for c in product.colors}
    color = next((offered[c.lower()] for c in colors if c.lower() in offered), None) if len(offered) > 1 else None
    return size, color


def count_of(word: str) -> int:
    """The number a count word says ("4", "four", "a couple (of)"; "a", "an", "the" and "one" are 1)."""
    word = word.lower().replace(" of", "")
    return 1 if word in {"a", "an", "the", "one"} else NUMBER_WORDS.get(word) or int(word)


def quantity_said(text: str) -> int | None:
    """How many of the item the words ask for ("make it 2 of them" -> 2), or None."""
    m = QUANTITY.search(text or "")
    if m is None or ASKS_PRICE.search(text):  # "how much is 2 of them" asks, it does not change the cart
        return None
    n = count_of(next(g for g in m.groups() if g))
    return n if 1 <= n <= 20 else None


class Cart:
    """Adds, removes and lists cart items."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def items(self, sender: str) -> list[tuple[Product, int]]:
        """The products in the cart with their quantities, in the order added."""
        return [(self.shop.products[pid], qty) for pid, qty in self.shop.store.cart(sender).items()
                if pid in self.shop.products]

    def card(self, sender: str) -> dict:
        """The cart as a structured card: items (with the size and colour chosen), count and total."""
        items = self.items(sender)
        variants = self.shop.store.cart_variants(sender)
        return {"type": "cart", "count": sum(q for _, q in items),
                "total": round(sum((p.price or 0.0) * q for p, q in items), 2),
                "items": [{"id": p.id, "title": p.title, "price": p.price, "quantity": q,
                           "size": variants.get(p.id, (None, None))[0], "color": variants.get(p.id, (None, None))[1]}
                          for p, q in items]}

    def lines(self, sender: str) -> list[tuple[str, int, float | None]]:
        """The cart's lines for a reply: each title with the size and colour chosen ("Helios Tee (XS, blue)")."""
        variants = self.shop.store.cart_variants(sender)
        out = []
        for p, q in self.items(sender):
            chosen = [v if i == 0 else v.lower() for i, v in enumerate(variants.get(p.id, (None, None))) if v]
            out.append((f"{p.title} ({', '.join(chosen)})" if chosen else p.title, q, p.price))
        return out

    def show(self, sender: str, with_shipping: bool = False) -> Answer:
        """What is in the cart, with the total (and what delivery adds, when asked: "my total with shipping")."""
        items = self.items(sender)
        lines = self.lines(sender)
        text = replies.cart_lines(lines)
        if with_shipping and items and self.shop.shipping is not None:
            text += "\n" + replies.with_shipping(replies.cart_total(lines), self.shop.shipping)
        return Answer(text, card=self.card(sender), kind="search")

    def checkout(self, sender: str) -> Answer:
        """How to check out (the shop's ``checkout_help``), after the cart and what delivery adds."""
        policies = self.shop.policies
        how = policies.get("checkout_help") or policies.get("payment_info") or policies["service_default"]
        cart = self.show(sender, with_shipping=True)
        return Answer(f"{cart.text}\n{how}", card=cart.card, kind="service")

    def add(self, sender: str, text: str, message_id: str | None, ref: str | None = None) -> Answer:
        """Add the product the words point at; asks which one when they point at none."""
        shop = self.shop
        text = self._same_as_last(sender, text)
        counted = self.counted(sender, text)
        if counted:  # "2 of the foam brick and one 8 foot strap": each, that many
            return self._put(sender, message_id, [p for p, _ in counted], text, counts=dict(
                (p.id, n) for p, n in counted))
        parsed = shop.parser.parse(text)
        lists = shop.store.recent_lists(sender)
        usable = shown_items(lists, shop.products)
        if not parsed.ordinals and AND.search(text):  # "I'll take the yoga brick and the water bottle": both
            for _, items in usable:
                several = each_named(text, items)
                if len(several) >= 2:
                    return self._put(sender, message_id, several[:3], text)
            # "the brick and the 8 foot strap": from two lists ("the orion jacket ...": or the catalog)
            several = each_part_named(text, usable, shop.products)
            if len(several) >= 2:
                return self._put(sender, message_id, several[:3], text)
        by_kind = self._each_by_kind(sender, text)
        if len(by_kind) >= 2:  # "add the 1st bag and the 2nd tee", "the 1st of each"
            return self._put(sender, message_id, by_kind[:3], text)
        titled = titles_said(text, shop.products) if not parsed.ordinals else []
        one_more = self.one_more(text)
        if one_more is not None and not titled:  # "oh and a foam yoga brick" right after an add
            one_more = in_colour(one_more, parsed.filters.colors, shop.products)  # "a 65 cm in gray": that one
            added = self._put(sender, message_id, [one_more], text)
            # its card with the answer: the shopper named a kind of thing, and sees which one went in
            added.products = [shop.view(one_more, 1.0, replies.ADDED)]
            added.list_kind = "focus"
            return added
        if titled and IT.search(titles_removed := without_titles(text, titled)) and TOO.search(titles_removed):
            # "add it. and also the Voyage Yoga Bag": the product in focus, and the one named
            focus = shop.referenced_product(sender, shop.parser.parse("it"))
            titled = [p for p in [focus] if p is not None and p not in titled] + titled
        if titled and not BOTH.search(text):
            # "and the Sprite Yoga Strap 8 foot as well pls", "the Sprite Foam Yoga Brick, add one of those":
            # a whole title said is that product, whatever "it" or "those" would point at
            return self._put(sender, message_id, titled[:3], text)
        # "ok fusion it is, add it" with a compared pair on screen: the one named, not the pair's first
        name_first = bool(IT.search(text)) and not parsed.ordinals
        resolution = named_product(f"the {text}", usable) if name_first else None
        # offered: "add that first watch" after an order look-up means the watches shown, not the order's
        resolution = resolution or shop.resolve_reference(sender, parsed, ref, loose=True, offered=True)
        if name_first and resolution is not None and len(resolution.products) == 1 \
                and (said := named_in_catalog(text, shop.products)) is not None and said.id != resolution.product.id:
            # "I'll take the Didi, add it" with the Dash in focus: "it" is the one just named (not shown as a list)
            resolution = Resolution([said], ShownList(0, "catalog", "", [said.id]), "the product named")
        if resolution is None and not name_first:  # "kenobi in blue L, add": a shown product named without "the"
            resolution = named_product(f"the {text}", usable)
        said = parsed.filters
        if resolution is None and ONE_IN.search(text):
            resolution = self._in_focus(lists[:1])  # "great, one in gray, 34 please" after "is there a gray one?"
        if resolution is None and BARE_COUNT.search(text):
            resolution = self._in_focus(lists[:1])  # "add 2 pls" after "foam or cork?" about the brick: 2 of it
        if resolution is None and INTO_CART.search(text) and (said.sizes or said.colors):
            resolution = self._in_focus(lists[:1])  # "OK, in blue size XS into the cart." after a question about it
        if resolution is None and BARE_ADD.search(_without(said.colors + said.exclude_colors,
                                                            LEADING_SIZE.sub("", IF_SO.sub(" ", text)))):
            resolution = self._in_focus(lists[:1])  # "add" right after "is the 2nd one in L?": that one
        if resolution is None and (extreme := THE_EXTREME_KIND.search(text)):
            # "I'll take the cheapest jacket in size L": the cheapest of that kind on the newest list with it
            picked = self.shop.extreme_of_kind(usable, extreme.group(1), extreme.group(2))
            if picked is None and CART_VERB.search(text):  # "also add your cheapest water bottle": of the shop's
                picked = self.shop.extreme_of_kind([(ShownList(0, "catalog", "", []), list(shop.products.values()))],
                                                   extreme.group(1), extreme.group(2))
            if picked is not None:
                return self._put(sender, message_id, [picked], text)
        if resolution is None:
            # "put the Summit Watch and the Crown Summit Backpack in my cart": named, though not on screen
            named = titles_said(text, shop.products) or [
                p for p in [named_in_catalog(A_OR_AN.sub("the", text), shop.products)] if p is not None] or [
                # "stability ball too, the 65 cm one in blue": the kind said first, the measure after
                p for p in [named_in_catalog(f"the {text}", shop.products)] if p is not None and MEASURE.search(text)]
            if named:
                return self._put(sender, message_id, named[:3], text)
            return Answer(replies.CART_WHICH, kind="search")
        if IF_SO.search(text) and len(resolution.products) == 1:
            # "size 31 if so, add pls": added only if it does come in what the words name
            product = resolution.product
            missing = [s for s in said.sizes if s.lower() not in {x.lower() for x in product.sizes}]
            missing += [c for c in said.colors if c.lower() not in {x.lower() for x in product.colors}]
            if missing:
                return Answer(replies.not_added_missing(product.title, missing), card=self.card(sender), kind="search")
        shown = [shop.products[p] for p in resolution.source.product_ids if p in shop.products]
        if len(parsed.ordinals) >= 2:  # "the first 2", "the first and the third"
            products = [shown[i] for i in parsed.ordinals if -len(shown) <= i < len(shown)]
        elif BOTH.search(text) and len(asked := self._asked_about(sender)) == 2:
            products = asked  # "put both of those in my basket" after asking about two products in turn
        elif BOTH.search(text):
            products = resolution.products[:2]
        elif len(parsed.ordinals) == 1 and IT.search(text) and TOO.search(text):
            # "add it. and the 1st too": the product in focus, and the one the ordinal names
            focus = shop.referenced_product(sender, shop.parser.parse("it"))
            products = [focus] if focus is not None else []
            products += [p for p in resolution.products[:1] if p not in products]
        else:
            products = resolution.products if len(resolution.products) <= 3 else resolution.products[:1]
        # "add the 8 foot one and a foam brick": a product named after "and a" goes in too
        tail = AND_ANOTHER.search(text)
        extra = named_in_catalog(f"the {tail.group(1)}", shop.products) if tail else None
        if extra is not None and extra not in products and len(products) == 1:
            products = [*products, extra]
        return self._put(sender, message_id, products, text)

    def counted(self, sender: str, text: str) -> list[tuple[Product, int]]:
        """The products and counts of "4 yoga bricks please", "6 of the summit", "2 of the foam brick and ...".

        Each piece of "2 of the foam brick and one 8 foot strap" is a count and a product shown, named or
        in focus; [] unless every piece is one (or only says a size or colour) and one count is more than
        one, or an add names several.
        """
        if "?" in (text or ""):
            return []
        text = REMARK_BEFORE_ADD.sub("", text or "", count=1)
        pieces = [(piece, COUNTED_PART.match(piece)) for piece in (p.strip() for p in AND.split(text)) if piece]
        if not any(m for _, m in pieces):
            return []  # no count said with a name (most turns): no store read
        shop = self.shop
        usable = shown_items(shop.store.recent_lists(sender), shop.products)
        found: list[tuple[Product, int]] = []
        variants: list[int] = []  # the counts of "one in blue size S and one in red size M"
        for piece, m in pieces:
            word = m.group("n").lower() if m else ""
            n = count_of(word) if m else 0
            if m is None or m.group("item").lower().startswith(("in ", "size ")):
                if self._only_variant(piece):
                    variants += [n] if m and word not in {"a", "an", "the"} else []
                    continue  # "black", "2 in size 28": how, not what
                return []
            product = self._counted_product(sender, m.group("item"), usable)
            if product is None or not 1 <= n <= MAX_QUANTITY:
                return []
            found.append((product, n))
        if not found and len(variants) >= 2:
            # "one in blue size S and one in red size M please": the product in focus, that many
            focus = self._counted_product(sender, "it", usable)
            found = [(focus, sum(variants))] if focus is not None else []
        # (one of each, with a verb: "add a zing jump rope and the pushup grips")
        several = len(found) >= 2 and bool(ADD_VERB.match(text))
        return found if (any(n > 1 for _, n in found) or several) and len({p.id for p, _ in found}) == len(found) \
            else []

    def _counted_product(self, sender: str, item: str, usable: list[tuple[ShownList, list[Product]]]
                         ) -> Product | None:
        """The product one counted piece names: the one in focus ("them"), a shown one, or one in the catalog."""
        shop = self.shop
        item = item.strip()
        if FOCUS_WORDS.match(item):
            resolution = shop.resolve_reference(sender, shop.parser.parse("it"), offered=True)
            return resolution.product if resolution is not None else None
        name = VARIANT_TAIL.sub("", item)
        measured = [p for _, items in usable for p in measured_products(name, items)]
        if len({p.id for p in measured}) == 1:
            return measured[0]  # "5 of the 8 foot": the strap of that length on screen
        shown = named_product(f"the {name}", usable)
        titled = titles_said(name, shop.products)
        named = titled[0] if len(titled) == 1 else named_in_catalog(f"the {name}", shop.products)
        candidates = [p for p in (shown.product if shown else None, named) if p is not None]
        if not candidates:
            return None
        # "a foam roller" with the Foam Yoga Brick on screen: the title that has more of the words said
        said = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", name.lower())}
        return max(candidates, key=lambda p: len(said & {w.rstrip("s") for w in re.findall(r"[a-z]{3,}",
                                                                                           p.title.lower())}))

    def _only_variant(self, piece: str) -> bool:
        """Whether a piece says only a size, a colour or a count of them ("black", "2 in size 28")."""
        said = self.shop.parser.parse(piece).filters
        words = r"\d{1,2}|one|another|xxs|xs|s|m|l|xl|xxl|in|size|sz|of|each|pls|please|then"
        colours = "".join(f"|{re.escape(c.lower())}" for c in said.colors)
        rest = re.sub(rf"\b(?:{words}{colours})\b", " ", piece.lower())
        return not re.search(r"[a-z]", rest) and not said.categories

    def _each_by_kind(self, sender: str, text: str) -> list[Product]:
        """Products pointed at one per kind: "the 1st bag and the 2nd tee", or "the 1st of each" list just shown."""
        shop = self.shop
        picked: list[Product] = []
        each = OF_EACH.search(text)
        if each:  # the lists shown in the newest turn that showed several ("bags" and "a yoga brick")
            position = ORDINALS.get(each.group(1).lower(), 0)
            seen_kinds: set[str] = set()
            for sl, items in shown_items(shop.store.recent_lists(sender), shop.products):
                kinds = {p.category_leaf for p in items}
                if sl.kind in ANSWER_KINDS or kinds & seen_kinds or len(picked) == 3:
                    break  # the newest lists of different kinds, back to the first kind seen again
                seen_kinds |= kinds
                if -len(items) <= position < len(items):
                    picked.append(items[position])
            return picked if len(picked) >= 2 else []
        return shop.pointed_by_kind(sender, text)

    def _in_focus(self, newest: list[ShownList]) -> Resolution | None:
        """The one product the conversation is about: the newest list when it holds a single product."""
        usable = shown_items(newest, self.shop.products)
        if usable and len(usable[0][1]) == 1 and usable[0][0].kind != "added":  # "add" again adds nothing new
            sl, items = usable[0]
            return Resolution(items, sl, "the product in focus")
        return None

    def _same_as_last(self, sender: str, text: str) -> str:
        """"+ the 1st, same size n colour": the words with the size and colour of the item added last."""
        same = SAME_VARIANT.search(text or "")
        items = self.items(sender) if same else []
        if not items:
            return text
        size, colour = self.shop.store.cart_variants(sender).get(items[-1][0].id, (None, None))
        said = same.group(0).lower()
        wanted = [f"size {size}" for _ in [0] if size and "size" in said] + \
                 [f"in {colour.lower()}" for _ in [0] if colour and "colo" in said]
        return f"{text} {' '.join(wanted)}" if wanted else text

    def _put(self, sender: str, message_id: str | None, products: list[Product], text: str = "",
             counts: dict[str, int] | None = None) -> Answer:
        """Put the products in the cart (once per turn), in the size and colour the words choose; say what it holds.

        ``counts`` says how many of each product id; else a count said for one product ("add 2 pls").
        """
        shop = self.shop
        turn_id = shop.turn_id(sender, message_id)
        # Once per turn: "Ok, I take it. Put in the cart" says it twice, a retried call repeats it.
        already = shop.store.added_in_turn(sender, turn_id) if turn_id is not None else set()
        colors = shop.parser.parse(text).filters.colors if text else ()
        # "the 65 cm ball in blue" with the red one on screen: the blue one, a product of its own
        products = [in_colour(p, colors, shop.products) for p in products]
        # "the 2nd mens one in L and the first womens one in S": each part's size (and colour) for its product
        parts = [part for part in EACH_PART.split(text or "") if part.strip()] if len(products) >= 2 else []
        per_part = len(parts) == len(products) and sum(bool(SIZE_CHOSEN.search(part)) for part in parts) >= 2
        for at, product in enumerate(products):
            if product.id not in already:
                shop.store.record_event(sender, product.id, "add_to_cart", turn_id)
            part = parts[at] if per_part else text
            own = shop.parser.parse(part).filters.colors if per_part else ()
            size, color = chosen_variant(product, part if SIZE_CHOSEN.search(part) else text, own or colors)
            shop.store.set_cart_variant(sender, product.id, size, color)
        counts = dict(counts or {})
        count = ADD_COUNT.search(text or "") or BARE_COUNT.search(text or "")
        if count and len(products) == 1 and not counts:  # "add 10 of the first one in M", "add 2 pls": that many
            n = count_of(count.group(1))
            if 1 <= n <= MAX_QUANTITY:
                counts[products[0].id] = n
        for pid, n in counts.items():
            if n > 1:
                shop.store.set_cart_quantity(sender, pid, n, turn_id)
        newest = shop.store.recent_lists(sender, limit=1)
        # "is there a warranty on that?" next: the product just added (unless this turn showed a
        # list, which one turn's record would replace: "show me tees, and add the first")
        if len(products) == 1 and not (newest and turn_id is not None and newest[0].turn_id == turn_id):
            shop.remember(sender, message_id, [shop.view(products[0], 1.0, replies.ADDED)], "added")
        # ("Added 4 x Sprite Foam Yoga Brick ($5.00 each)": the count the shopper asked for, said back)
        text = " ".join(replies.added_to_cart(p.title, p.price, counts.get(p.id, 1)) for p in products)
        return Answer(text + " " + replies.cart_lines(self.lines(sender)),
                      card=self.card(sender), kind="search")

    def _asked_about(self, sender: str) -> list[Product]:
        """The products of the two newest answers about one product each, when nothing else came between."""
        newest = self.shop.store.recent_lists(sender, limit=2)
        picked = [self.shop.products[sl.product_ids[0]] for sl in newest
                  if sl.kind == "focus" and sl.product_ids and sl.product_ids[0] in self.shop.products]
        return picked[::-1] if len(picked) == 2 and picked[0].id != picked[1].id else []

    def added_last(self, sender: str) -> bool:
        """Whether the shopper's last move on a product was putting it in the cart."""
        events = [kind for kind, _ in self.shop.store.events(sender) if kind != "set_quantity"]  # ("add 2": one add)
        return bool(events) and events[-1] == "add_to_cart"

    def removed_last(self, sender: str) -> bool:
        """Whether the shopper's last cart change took something out ("add the 2nd instead" then adds)."""
        changes = [kind for kind, _ in self.shop.store.events(sender) if kind in {"add_to_cart", "remove_from_cart"}]
        return bool(changes) and changes[-1] == "remove_from_cart"

    def put_back(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"wait no put it back": the item taken out last goes back in (in a size said now); None when none was."""
        removed = [self.shop.products[pid] for kind, pid in self.shop.store.events(sender)
                   if kind == "remove_from_cart" and pid in self.shop.products]
        named = self._named_in_cart(text, list({p.id: p for p in removed}.values()))  # "put the bra back"
        product = named[0] if named else (removed[-1] if removed else None)
        if product is None:
            return None
        return self._put(sender, message_id, [product], text)

    def one_more(self, text: str) -> Product | None:
        """The one catalog product "and a water bottle" names by its title's words (None: no such ask, or several)."""
        m = ONE_MORE.search(text or "")
        if m is None:
            return self._one_more_extreme(text)
        said = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", m.group("thing").lower())}
        hits = {p.title: p for p in self.shop.products.values()
                if said <= {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", p.title.lower())}}
        return next(iter(hits.values())) if len(hits) == 1 else None

    def _one_more_extreme(self, text: str) -> Product | None:
        """The catalog's longest (cheapest, ...) product of a kind: "also a strap, the longest one u have"."""
        m = ONE_MORE_EXTREME.search(text or "")
        if m is None:
            return None
        kind, which = m.group(1).lower().rstrip("s"), m.group(2).lower()
        of_kind = [p for p in self.shop.products.values() if kind in title_kinds(p.title)]
        if which in {"cheapest", "most expensive", "priciest"}:
            priced = [p for p in of_kind if p.price is not None]
            pick = min if which == "cheapest" else max
            return pick(priced, key=lambda p: p.price) if priced else None
        measured = [(m[0], p) for p in of_kind if (m := title_measure(p)) is not None]
        if not measured:
            return None
        pick = max if which in {"longest", "biggest", "largest"} else min
        return pick(measured, key=lambda x: x[0])[1]

    def last_colour(self, sender: str) -> str | None:
        """The colour of the newest cart line that has one (chosen, or the product's only colour); None without."""
        variants = self.shop.store.cart_variants(sender)
        for pid in reversed(list(variants)):
            product = self.shop.products.get(pid)
            colour = variants[pid][1] or (product.colors[0] if product is not None and len(product.colors) == 1
                                          else None)
            if colour:
                return colour
        return None

    def kind_in_cart(self, sender: str, kinds: tuple[str, ...]) -> bool:
        """Whether the cart holds a product of one of these kinds (category leaves)."""
        return any(p.category_leaf in kinds for p, _ in self.items(sender))

    def set_quantity(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"Actually make it 2 of them" after an add: that many of the item added last; None when it says no count."""
        shop = self.shop
        qty = quantity_said(text)
        items = self.items(sender)
        if qty is None or not items:
            return None
        added = [pid for kind, pid in shop.store.events(sender) if kind == "add_to_cart"]
        in_cart = {p.id: p for p, _ in items}
        kinds = shop.parser.parse(text).filters.categories
        if kinds:  # "make it two pairs of the yoga pants": the cart's item of that kind
            in_cart = {pid: p for pid, p in in_cart.items() if p.category_leaf in kinds} or in_cart
        product = next((in_cart[pid] for pid in reversed(added) if pid in in_cart), list(in_cart.values())[-1])
        shop.store.set_cart_quantity(sender, product.id, qty, shop.turn_id(sender, message_id))
        return Answer(replies.quantity_set(product.title, qty) + " " +
                      replies.cart_lines(self.lines(sender)),
                      card=self.card(sender), kind="search")

    def swap(self, sender: str, out: str, into: str, message_id: str | None) -> Answer:
        """A corrected add ("not the third, the second"): take one product out and put the other in."""
        shop = self.shop
        gone = shop.resolve_reference(sender, shop.parser.parse(out))
        turn_id = shop.turn_id(sender, message_id)
        removed = [gone.product.title] if gone is not None and shop.store.remove_from_cart(
            sender, gone.product.id, turn_id) else []
        added = self.add(sender, into, message_id)
        prefix = replies.removed_from_cart(removed) + " " if removed else ""
        return Answer(prefix + added.text, card=added.card, kind="search")

    def swap_named(self, sender: str, out: str, into: str, message_id: str | None) -> Answer | None:
        """"swap the tee for the 2nd tee from before": the cart item named goes, the one pointed at comes in.

        None when the words name no single cart item (then it is no swap of a cart item).
        """
        named = self._named_in_cart(out, [p for p, _ in self.items(sender)])
        if len(named) != 1:
            return None
        shop = self.shop
        # pointed at as an add points ("the 2nd tee from before": the offered lists first)
        incoming = shop.resolve_reference(sender, shop.parser.parse(into), loose=True, offered=True)
        product = incoming.product if incoming is not None else None
        if product is None:  # "swap the ingrid for the jade yoga jacket in gray, S": named from the catalogue
            product = product_said(into if into.lower().startswith("the ") else f"the {into}", shop.products)
        if product is None or product.id == named[0].id:
            return None
        shop.store.remove_from_cart(sender, named[0].id, shop.turn_id(sender, message_id))
        added = self._put(sender, message_id, [product], into)
        return Answer(replies.removed_from_cart([named[0].title]) + " " + added.text, card=added.card, kind="search")

    def replace_last(self, sender: str, text: str, message_id: str | None, ref: str | None = None) -> Answer:
        """"Actually no, the cheapest one instead": the item added last goes, the one pointed at comes in."""
        shop = self.shop
        items = self.items(sender)
        # (read as an add reads it: "for that yellow one" points at a shown product too)
        resolution = shop.resolve_reference(sender, shop.parser.parse(text), ref, loose=True, offered=True)
        if resolution is None or not items or self.removed_last(sender):
            # (nothing to replace, or "remove the first one" just took it out: "the 2nd instead" is an add)
            return self.add(sender, text, message_id, ref)
        last = items[-1][0]
        chosen = resolution.product
        titled = titles_said(text, shop.products)
        if len(titled) == 1 and titled[0].id != last.id:
            chosen = titled[0]  # "swap it for the Grayson Crewneck Sweatshirt": named in full, shown or not
        if last.id == chosen.id:
            return self.show(sender)
        size = shop.store.cart_variants(sender).get(last.id, (None, None))[0]
        if size and (SAME_SIZE.search(text) or (chosen.category_leaf == last.category_leaf
                                                 and not shop.parser.parse(text).filters.sizes)):
            # "swap it for the grayson, white, same size", "nah. swap for the first one" (a hoodie for a
            # hoodie): the size it had
            text = f"{text} size {size}"
        shop.store.remove_from_cart(sender, last.id, shop.turn_id(sender, message_id))
        # "make it the 75" after the blue 65 cm ball: the 75 cm one in blue too (each colour its own product)
        colours = shop.parser.parse(text).filters.colors or (last.colors if len(last.colors) == 1 else ())
        incoming = in_colour(chosen, colours, shop.products)
        added = self._put(sender, message_id, [incoming], text)
        return Answer(replies.removed_from_cart([last.title]) + " " + added.text, card=added.card, kind="search")

    def remove(self, sender: str, text: str, message_id: str | None, ref: str | None = None) -> Answer:
        """Take out the cart item the words name (by reference, by name, or the only one)."""
        shop = self.shop
        items = self.items(sender)
        if not items:
            return Answer(replies.CART_EMPTY, card=self.card(sender), kind="search")
        text = KEEP_ONLY.sub("", text)  # "take the 2nd back out, just the top one": the top one stays
        turn_id = shop.turn_id(sender, message_id)
        in_cart = {p.id: p for p, _ in items}
        priced = [p for p in in_cart.values() if p.price is not None]
        if EVERYTHING.search(text):
            targets = list(in_cart.values())
        elif added_at := ADDED_AT.search(text):  # "take out the last one i added"
            which = (added_at.group(1) or added_at.group(2) or "last").lower()
            targets = [items[0 if which in {"first", "1st"} else -1][0]]
        elif len(of_kind := self._of_kind_in_cart(text, list(in_cart.values()))) == 1 \
                and not self._named_in_cart(text, list(in_cart.values())):
            targets = of_kind  # "changed my mind about the leggings, take them out": the one of that kind
        elif len(owned := owned_by(text, of_kind or list(in_cart.values()), of_kind=True)) == 1:
            targets = owned  # "take my mum's hoodie out" with his hoodie in the cart too: hers
        elif IT.search(text) and not shop.parser.parse(text).ordinals \
                and not self._named_in_cart(text, list(in_cart.values())):
            targets = [items[-1][0]]  # "remove it", "take that out": the item added last
        elif priced and (CHEAPER.search(text) or PRICIER.search(text) or THE_PRICED.search(text)):
            # "the more expensive one", "take out the cheaper watch": by price, in the cart
            said = (THE_PRICED.search(text) or CHEAPER.search(text) or PRICIER.search(text)).group(0)
            dearer = re.search(r"expensive|pric|dear", said, re.I) and not re.search(r"\bless|\bleast", said, re.I)
            pick = max if dearer else min
            targets = [pick(priced, key=lambda p: p.price)]
        else:
            targets = self._named_in_cart(text, list(in_cart.values())) or self._chosen_in_cart(sender, text)
            if not targets:
                resolution = shop.resolve_reference(sender, shop.parser.parse(text), ref)
                if resolution is not None:
                    targets = [p for p in resolution.products if p.id in in_cart] \
                        or self._nth_shown_in_cart(sender, text, in_cart) or self._nth_in_cart(text, items)
                    if not targets and len(resolution.products) == 1:
                        return Answer(replies.not_in_cart(resolution.product.title), card=self.card(sender),
                                      kind="search")
            other = named_in_catalog(text, shop.products) if not targets and len(items) == 1 else None
            if other is not None and other.id != items[0][0].id:
                # "remove the water bottle" with only a foam roller in the cart: not that one
                return Answer(replies.not_in_cart(other.title), card=self.card(sender), kind="search")
            if not targets and len(items) == 1:
                targets = [items[0][0]]  # "remove it" with one item in the cart
        if not targets:
            return Answer(replies.CART_WHICH_REMOVE.format(items=", ".join(p.title for p, _ in items)),
                          card=self.card(sender), kind="search")
        for product in targets:
            shop.store.remove_from_cart(sender, product.id, turn_id)
        return Answer(replies.removed_from_cart([p.title for p in targets]) + " " +
                      replies.cart_lines(self.lines(sender)), card=self.card(sender),
                      kind="search")

    def _nth_shown_in_cart(self, sender: str, text: str, in_cart: dict[str, Product]) -> list[Product]:
        """The nth of the newest shown list whose nth is in the cart ("remove the 3rd one" after an order look-up).

        The tanks the 3rd was added from, not the order's items listed since.
        """
        parsed = self.shop.parser.parse(text)
        if len(parsed.ordinals) != 1:
            return []
        at = parsed.ordinals[0]
        for sl, items in shown_items(self.shop.store.recent_lists(sender), self.shop.products):
            if sl.kind not in ANSWER_KINDS and -len(items) <= at < len(items) and items[at].id in in_cart:
                return [items[at]]
        return []

    def _nth_in_cart(self, text: str, items: list[tuple[Product, int]]) -> list[Product]:
        """"remove the second tee" when no tee shown there is in the cart: the cart's second tee, if it has one."""
        parsed = self.shop.parser.parse(text)
        if len(parsed.ordinals) != 1:
            return []
        kinds = parsed.filters.categories
        lines = [p for p, _ in items if not kinds or p.category_leaf in kinds]
        at = parsed.ordinals[0]
        return [lines[at]] if -len(lines) <= at < len(lines) and len(lines) > 1 else []

    def _chosen_in_cart(self, sender: str, text: str) -> list[Product]:
        """The one cart line chosen in the colour (or size) the words name ("remove the blue one"), else none."""
        said = self.shop.parser.parse(text).filters
        if not (said.colors or said.sizes):
            return []
        wanted = {v.lower() for v in said.colors + said.sizes}
        hits = [pid for pid, chosen in self.shop.store.cart_variants(sender).items()
                if wanted & {v.lower() for v in chosen if v}]
        return [self.shop.products[hits[0]]] if len(hits) == 1 and hits[0] in self.shop.products else []

    def resize(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """"wait make the second one size L not M": that cart line in the new size; None when no cart line is meant."""
        m = RESIZE.search(text or "")
        items = self.items(sender)
        if not items:
            return None
        shop = self.shop
        if m is None:
            # "actually my son's one in M instead": the cart item for him, in that size
            sizes = list(dict.fromkeys(sizes_chosen(text))) if RESIZE_WHOSE.search(text or "") else []
            owned = owned_by(text, [p for p, _ in items], of_kind=True) if len(sizes) == 1 else []
            if len(owned) != 1:
                return None
            product, size = owned[0], sizes[0]
        else:
            size = m.group("size")
            pointer = shop.parser.parse(f"the {m.group('which')} one")
            resolution = shop.resolve_reference(sender, pointer)
            in_cart = {p.id for p, _ in items}
            targets = [p for p in (resolution.products if resolution is not None else []) if p.id in in_cart][:1] \
                or self._nth_in_cart(f"the {m.group('which')} one", items)
            if len(targets) != 1:
                return None
            product = targets[0]
        chosen = offered_size(product, size)
        if chosen is None:
            return Answer(replies.size_answer(product.title, list(product.sizes), [size.upper()]),
                          card=self.card(sender), kind="search")
        shop.store.set_cart_variant(sender, product.id, size=chosen)
        return Answer(f"Done: the {product.title} is now size {chosen}. " + replies.cart_lines(self.lines(sender)),
                      card=self.card(sender), kind="search")

    def resize_last(self, sender: str, size: str) -> bool:
        """"Actually 34 not 32" right after an add: the item added last, in that size (if it comes in it)."""
        items = self.items(sender)
        if not items:
            return False
        product = items[-1][0]
        chosen = offered_size(product, size)
        return chosen is not None and self.shop.store.set_cart_variant(sender, product.id, size=chosen)

    def recolour_named(self, sender: str, name: str, colour: str) -> Product | None:
        """"can you change the helios to black": the cart item named, in that colour if it has it."""
        named = self._named_in_cart(f"the {name}", [p for p, _ in self.items(sender)])
        return self.recolour_last(sender, colour, named[0]) if len(named) == 1 else None

    def add_product(self, sender: str, message_id: str | None, product: Product, text: str = "") -> Answer:
        """Put one product the words named in the cart, in the size and colour they choose."""
        return self._put(sender, message_id, [product], text)

    def recolour_last(self, sender: str, colour: str, product: Product | None = None) -> Product | None:
        """"Actually, change that to orange" right after an add: the item added last, in that colour if it has it."""
        items = self.items(sender)
        if not items:
            return None
        product = product or items[-1][0]
        offered = {c.lower(): c for c in product.colors}
        if colour.lower() not in offered:
            return None
        self.shop.store.set_cart_variant(sender, product.id, color=offered[colour.lower()])
        return product

    def item_named(self, sender: str, text: str) -> Product | None:
        """The one cart item "the bag" names ("whats the bag made of" after adding a bag and a brick), or None."""
        phrases = said_as_names(text)
        hits = self._named_in_cart(phrases, [p for p, _ in self.items(sender)]) if phrases else []
        return hits[0] if hits else None

    def names_in_cart(self, sender: str, text: str) -> bool:
        """Whether the words name exactly one cart item by its title, kind or whose it is ("the tee", "hers")."""
        in_cart = [p for p, _ in self.items(sender)]
        of_kind = self._of_kind_in_cart(text, in_cart)
        return bool(self._named_in_cart(text, in_cart)) or len(of_kind) == 1 \
            or len(owned_by(text, of_kind or in_cart, of_kind=True)) == 1

    def _of_kind_in_cart(self, text: str, products: list[Product]) -> list[Product]:
        """Cart items of the kind the words name as the shop's parser reads it ("the leggings": the capri pants)."""
        kinds = self.shop.parser.parse(text).filters.categories
        # clothes only: a gear category is too wide ("the water bottle" is no foam roller, both equipment)
        return [p for p in products if p.category_leaf in kinds and is_apparel(p.category)] if kinds else []

    @staticmethod
    def _named_in_cart(text: str, products: list[Product]) -> list[Product]:
        """Cart items named by a word of their title or category ("remove the hoodie", "take out the Chaz")."""
        words = set(TITLE_WORD.findall(text.lower())) - {"the", "remove", "take", "out", "from", "cart", "delete",
                                                          "please", "one", "and", "my", "basket", "drop", "don't",
                                                          "want", "anymore", "that", "this"}
        words |= {w.rstrip("s") for w in words}

        def named(p: Product) -> tuple[int, int]:  # "the tee", "the chaz", "the yellow": how many words
            # (its title's words first: "remove the bra" is the Sports Bra, not the tank of "Bras & Tanks")
            title = set(TITLE_WORD.findall(p.title.lower()))
            other = set(TITLE_WORD.findall(f"{p.category_leaf} {' '.join(p.colors)}".lower()))
            in_title = len(words & (title | {t.rstrip("s") for t in title}))
            return in_title, in_title + len(words & (other | {t.rstrip("s") for t in other}))
        scored = [(named(p), p) for p in products]
        best = max((n for n, _ in scored), default=(0, 0))
        # "the foam roller" with the foam brick in the cart too: the item more of the words name
        hits = [p for n, p in scored if n == best and n[1] > 0]
        return hits if len(hits) == 1 else []
