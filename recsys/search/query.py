"""Turn shopper words into filters: colour, size, gender, price bounds, category, brand.

Filters are what make "men's hoodies under $60" precise; the dense encoder alone ranks a $99
jacket above a $45 one happily. Parsing is vocabulary-driven (colours, sizes and categories
come from the catalog) so a new catalog brings its own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from recsys.catalog import Product
from recsys.search.filters import Filters, title_kinds

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
    # people shopped for
    "son": "Men", "grandpa": "Men", "grandfather": "Men", "uncle": "Men", "nephew": "Men", "boy": "Men",
    "daughter": "Women", "mum": "Women", "grandma": "Women", "grandmother": "Women", "aunt": "Women",
    "niece": "Women", "girl": "Women",
    "grandson": "Men", "grandsons": "Men", "granddad": "Men", "grandad": "Men", "stepson": "Men", "stepdad": "Men",
    "granddaughter": "Women", "granddaughters": "Women", "granny": "Women", "gran": "Women",
    "stepdaughter": "Women", "stepmom": "Women", "stepmum": "Women", "bro": "Men", "sis": "Women",
    # "t-shirts for gents": the department's older words
    "gents": "Men", "gent": "Men", "gentlemen": "Men", "gentleman": "Men", "gent's": "Men", "womans": "Women",
    # "matching tees for the lads" (no short words the type speller would mend "paypal" into, like "papa")
    "lads": "Men", "blokes": "Men", "fellas": "Men", "boys": "Men", "girls": "Women",
    # "a gift for a coworker, he does yoga": the pronoun says who it is for
    "he": "Men", "his": "Men", "she": "Women",
}
# A department said outright ("mens", "women's"), not a person the product is for
DEPARTMENT_WORDS = frozenset({"men", "mens", "men's", "women", "womens", "women's", "ladies", "male", "female",
                              "gents", "gentlemen"})
# "I look a sweat for my son": a sweatshirt, said after an article ("he sweats loads", "i sweat a lot" are not)
A_SWEAT = re.compile(r"\b(a|one|new|nice|warm|the|that|this)\s+sweat\b")
# "a sweat shirt for my grandsun": one word, not a shirt
SWEAT_SHIRT = re.compile(r"\bsweat[\s-]+shirt")
# "I check with my mother, he is 34": someone asked, not who the product is for
CONSULTED = re.compile(r"\b(?:check(?:ed)? with|ask(?:ed)?|according to|told by|talked to|spoke to)\s+"
                       r"(?:my|his|her|our)\s+[a-z]+\b|\bmy\s+[a-z]+\s+(?:says|said|thinks|told me)\b")
# "no backpacks", "but not the duffles", "without totes": a kind left out
NO_KIND = re.compile(r"\b(?:no|not|without|except|excluding|minus)\s+(?:any\s+|the\s+|a\s+)?([a-z]+)\b")
# "... or duffels", ", nor bags": another kind in a list of kinds left out
MORE_KINDS = re.compile(r"\s*,?\s*(?:or|nor)\s+(?:any\s+|the\s+)?([a-z]+)\b")
# "for the gym rather than clothes", "no clothing pls": nothing to wear
NOT_APPAREL = re.compile(r"\b(?:rather than|instead of|other than|not|no|nothing|without|except|anything but|"
                         r"(?:that |which )?(?:isn'?t|is not|aren'?t|are not)|"  # "something that isn't clothing"
                         r"but not|besides|apart from)\s+(?:any\s+|more\s+|the\s+)?"
                         r"(?:clothes|clothing|apparel|garments|outfits?)\b|"
                         # "something to exercise with at home": a thing to use, so gear, not clothes
                         r"\b(?:something|anything|stuff|things?)\s+(?:i can\s+|to\s+)"
                         r"(?:exercise|work ?out|train|stretch)\s+with\b")
# "this came today in yellow", "got this in red but I wanted blue": a colour received, not wanted
RECEIVED_IN = re.compile(r"\b(?:came|arrived|got (?:it|this|them|these)|received (?:it|this|them|these)|was sent|"
                         r"they sent)\b[^.?!,]{0,20}?\bin\s+[a-z]+\b(?=[^.?!]*\b(?:but|instead|not|wanted|ordered)\b)")
# "I already have this jacket", "I've got these shorts": a kind the shopper owns, not the one asked for
OWNED_BEFORE = re.compile(r"\b(?:i(?:'ve| have)? (?:already )?(?:have|got|own|bought)|i'?ve got|i already have)\s+"
                          r"(?:(?:this|these|that|those|a|an|the|my)\s+)?(?:[a-z]+\s+)?$")
# "bags to carry a yoga mat", "a bag for my water bottle": what links a kind to what it is for
HEAD_LINK = re.compile(r"\b(?:for|to (?:carry|hold|fit|store|keep|put|take|go with|wear with|match)|"
                       r"that (?:fits?|holds?|carr(?:y|ies))|which (?:fits?|holds?)|big enough for|with room for|"
                       # "a yoga bag with a waterproof shell", "a watch with a leather strap": a part, not a kind
                       r"with (?:an?|the|its|some))\b")
# "mens watches but not the dash one": a product left out by a word of its name
# "a messenger bag, not leather", "nothing in polyester", "non-leather": a material left out
NOT_MADE_OF = re.compile(r"\b(?:(?:no|not|without|nothing|anything but|except|other than|rather than|instead of)\s+"
                         r"|non-?)(?:made\s+(?:of|from|with)\s+|in\s+|of\s+)?(?:any\s+|the\s+|real\s+|genuine\s+|fake\s+)?"
                         r"([a-z]+)\b")
NOT_NAMED = re.compile(r"\b(?:not|except|but not|other than|apart from|anything but)\s+the\s+([a-z]+)\s+ones?\b")
# A two-digit number that is no price, age, count or measure ("shorts, 32, black")
BARE_NUMBER = re.compile(r"(?<![$\d.,/#])\b(\d{2})\b(?!\s*(?:\$|dollars?|bucks|usd|%|years?|yo\b|y/o|yrs?|cm|mm|"
                         r"inch|ft|foot|feet|kg|lbs?|oz|ml|x\b|pcs|pack|days?|\.\d|,\d))", re.I)
# A shopper's word for a kind -> the word product titles use for it ("yoga block" = "Foam Yoga Brick")
KIND_ALIASES = {"block": "brick", "duffel": "duffle", "rucksack": "backpack", "daypack": "backpack"}
# Category leaf -> words a shopper uses for it. Leaves not listed match by their own name.
CATEGORY_SYNONYMS = {
    "Hoodies & Sweatshirts": ["hoodie", "hoodies", "hoody", "sweatshirt", "sweatshirts", "pullover", "sweater",
                              "jumper", "jumpers"],
    "Jackets": ["jacket", "jackets", "coat", "coats", "windbreaker", "shell"],
    "Tees": ["tee", "tees", "t-shirt", "t-shirts", "tshirt", "tshirts", "shirt", "shirts"],
    "Tanks": ["tank", "tanks", "tank top", "tank tops", "sleeveless"],
    "Bras & Tanks": ["bra", "bras", "sports bra", "tank", "tanks", "tank top", "tank tops"],
    "Pants": ["pants", "pant", "trousers", "trouser", "leggings", "tights", "joggers", "capris", "capri", "trackpants",
              "sweatpants"],
    "Shorts": ["shorts"],
    "Bags": ["bag", "bags", "backpack", "backpacks", "daypack", "rucksack", "duffle", "duffel", "tote", "messenger"],
    "Fitness Equipment": ["equipment", "ball", "roller", "strap", "brick", "block",
                          "water bottle", "bottle", "kettlebell", "dumbbell", "dumbbells", "sprite",
                          "fitness stuff", "fitness gear", "fitness equipment", "gym equipment", "gym gear",
                          "workout gear", "workout equipment", "exercise equipment", "jump rope"],
    "Watches": ["watch", "watches", "tracker", "fitness tracker", "timepiece"],
}
_NUM = r"\$?\s*(\d+(?:\.\d{1,2})?)\s*(?:\$|dol+ars?|dollers?|usd|bucks)?"
_DOLLARS = r"\$\s*(\d+(?:\.\d{1,2})?)"
PRICE_MAX = re.compile(
    # ("until 30 dollars": a learner's "up to", said with the money)
    rf"\b(?:until|till)\s*(?=\$|\d+(?:\.\d+)?\s*(?:\$|dol+ars?|dollers?|usd|bucks))\s*{_NUM}|"
    rf"(?:<=?|=<)\s*(?=\$|\d{{2}}){_NUM}|"  # "<50": under 50, as a phone shopper types it (not "<3")
    rf"\b(?:under|below|less th[ae]n|cheaper th[ae]n|max(?:imum)?|up to|at most|no more than|within|"
    rf"stretch (?:it |that )?to|go (?:up )?as high as|"  # "Actually, I could stretch to $50."
    rf"budget(?:'s| is| of)?(?:\s+(?:about|around|only|just))?)\s*{_NUM}|"
    # "the limit is $20", "$30 tops": a ceiling said with a dollar sign ("a limit of 30 days" is none)
    rf"\b(?:limit|spending limit|price limit|cap)(?:'s| is| of)?(?:\s+(?:about|around|only|just))?\s*{_DOLLARS}|"
    rf"{_DOLLARS}\s*(?:or less|or under|or below|max(?:imum)?|tops|at most)\b|"
    # "she's a medium, and 50 max": a bare amount with the word of a ceiling (not "size 50 max")
    rf"(?<!size )(?<!waist )(?<!waist is )\b(\d{{2,4}})\s+(?:max(?:imum)?|at most|or less)\b", re.I)
# "thank-you presents, about $25 each", "around 40 bucks": a budget said roughly, read as its ceiling when no
# ceiling is said outright ("about $150 to split ... watches under $60?": under $60)
ROUGH_PRICE = re.compile(r"\b(?:about|around|roughly|approximately|approx\.?)\s*(?:\$\s*(\d+(?:\.\d{1,2})?)|"
                         r"(\d+(?:\.\d{1,2})?)\s*(?:dol+ars?|bucks|usd)\b)", re.I)
# "I don't want to spend more than $50", "nothing over $40": a ceiling, though "more than" and
# "over" usually start a floor.
NOT_MORE = re.compile(rf"\b(?:don'?t|do not|never|not|no|nothing|none|won'?t|can'?t)\b[^.?!$\d]{{0,30}}?"
                      rf"\b(?:more than|over|above)\s*{_NUM}", re.I)
PRICE_MIN = re.compile(rf"(?<![-=])(?:>=?|=>)\s*(?=\$|\d{{2}}){_NUM}|"  # ">30" (not "34 -> 36")
                       rf"\b(?:over|above|more than|at least|min(?:imum)?|from)\s*{_NUM}", re.I)
PRICE_RANGE = re.compile(rf"\bbetween\s*(?:about\s+|around\s+|roughly\s+)?{_NUM}\s*(?:and|-|to)\s*{_NUM}|"
                         rf"{_NUM}\s*(?:-|to)\s*{_NUM}", re.I)
# "size M", "size: 32" ("sizes" is no size S; "size 75 cm" is a measure, below)
SIZE_EXPLICIT = re.compile(r"\bsize\b\s*:?\s*(xxs|xs|s|m|l|xl|xxl|2xl|\d{2}(?!\s*(?:cm|foot|feet|ft|inch)))\b", re.I)
# "the 75 cm one", "an 8 foot strap", "10ft": a size given as a measure, as the catalog writes it
# "55 cm", "6 foot", "2 kg": a measure, in a size or a title ("Sprite Yoga Strap 10 foot")
MEASURE = re.compile(r"\b(\d{1,3})\s*(cm|centimet(?:er|re)s?|mm|foot|feet|ft|inch(?:es)?|kg|lbs?|oz|ml)\b", re.I)
# "im 6ft", "he's 5'10", "I am 180 cm tall": how tall someone is, not a measure of the product
HEIGHT = re.compile(r"\b(?:i'?m|im|i am|he'?s|she'?s|he is|she is|they'?re|we'?re)\s+(?:about\s+|around\s+|like\s+)?"
                    r"(?:\d\s*(?:'|ft|foot|feet)\s*\d{0,2}\s*(?:\"|''|in(?:ch(?:es)?)?)?|\d{3}\s*cm)(?:\s+tall)?", re.I)
UNITS = {"cm": "cm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm", "mm": "mm",
         "foot": "foot", "feet": "foot", "ft": "foot", "inch": "inch", "inches": "inch",
         "kg": "kg", "lb": "lbs", "lbs": "lbs", "oz": "oz", "ml": "ml"}
# ("He is 34 of waist": a learner's word order)
WAIST = re.compile(r"\b(\d{2})\s*(?:\"|in(?:ch)?)?\s*(?:of\s+|in\s+the\s+|at\s+the\s+)?waist\b|"
                   r"\bwaist(?: size)?\s*(?:is\s*)?(\d{2})\b", re.I)
# "i'm a 31", "i wear an XL", "im a size 8": a size said about oneself.
SIZE_SELF = re.compile(r"\b(?:i'?m|i am|i wear|i usually wear|i take|i usually take|she'?s|he'?s|she is|he is)\s+"
                       r"(?:more of\s+|usually\s+)?(?:an?\s+)?(?:size\s+)?"
                       r"(extra small|extra large|small|medium|large|xxs|xs|s|m|l|xl|xxl|2xl|\d{1,2})\b"
                       r"(?!\s*(?:dollars?|bucks|usd|\$|years?|yo|y/o|%))", re.I)
# "purple ones in a 32?", "got it in an XL": a size said with an article
SIZE_IN_A = re.compile(r"\bin an?\s+(\d{2}|xxs|xs|xl|xxl|2xl)\b(?!\s*(?:cm|mm|foot|feet|ft|inch|kg|lbs?|oz|ml|dollars?|"
                       r"bucks|usd|\$|%|minutes?|mins?|hours?|days?|weeks?|months?|years?|pack|set|row)\b)", re.I)
SIZE_SPOKEN = re.compile(r"\b(?:size|in(?: an?)?)\s+(extra small|extra large|small|medium|large)\b", re.I)
# "what about a sports bra to go with it medium": a spoken size said last, as phone shoppers tack it on
# (not "is it large?", "too small")
SIZE_SAID_LAST = re.compile(r"(?<!\btoo )(?<!\bvery )(?<!\bso )(?<!\bis )(?<!\bare )(?<!\bis it )(?<!\bbit )"
                            r"(?<!\bthese )(?<!\bthose )(?<!\bthey )"
                            r"\b(extra small|extra large|small|medium|large)\s*(?:pls|please|plz|thx|thanks)?[\s.!]*$",
                            re.I)
# Sorting and superlatives: an exact reading of the few ways shoppers ask for a price order.
SORT_ASC = re.compile(r"\b((?:from )?least to most expensive|cheaper (?:ones? )?(?:first|1st|on top)|"
                      # "please arrange from low price to high price"
                      r"(?:from )?(?:the )?low(?:er|est)? prices? to (?:the )?high(?:er|est)? prices?|"
                      r"cheapest|least expensive|lowest[- ]priced?|lowest price|low(?:est)? to high(?:est)?|"
                      r"cheap(?:est)? (?:first|1st)|price ascending|most affordable|"
                      r"cheap(?:est)? to (?:most )?expensive|low(?:est)?(?: prices?)? (?:first|1st|on top))\b", re.I)
# "sort by price" names a price order without its direction: cheapest first unless a direction is said.
# "put them in order of price", "in price order" too.
BY_PRICE = re.compile(r"\b(?:(?:(?:sort|order|rank)(?:ed)? (?:them |it |these |those |em )?)?by price|"
                      r"(?:in |by )?order of price|(?:in |by )price order)\b", re.I)
SORT_DESC = re.compile(r"\b((?:from )?most to least expensive|"
                       r"(?:from )?(?:the )?high(?:er|est)? prices? to (?:the )?low(?:er|est)? prices?|"
                       r"priciest|most expensive|high(?:est)? to low(?:est)?|expensive first|"
                       r"highest[- ]priced?|highest price|price descending|most premium|dearest|"
                       r"expensive (?:first|1st)|(?:most )?expensive to cheap(?:est)?|priciest (?:first|1st)|"
                       r"high(?:est)?(?: prices?)? (?:first|1st|on top))\b", re.I)
# "not black", "anything but red", "no white", "I don't like green": colours to leave out.
UGLY = r"(?:ugly|hideous|awful|gross|horrible|terrible|bad|boring|meh|not (?:for me|my (?:thing|style|colou?r)))"
NEGATION = (r"(?:(?:not|no) (?:like|likes|want|wants|wear|wears)|"  # a learner's "he not like black"
            r"not|no|non|nothing|none|aren'?t|isn'?t|except|but not|other than|anything but|without|"
            r"never(?: (?:wear|wears|buy|buys|like|likes|want|wants|use|uses|pick|picks))?|"
            r"(?:don'?t|doesn'?t|do not|does not|won'?t|wont|will not|wouldn'?t|would not) "
            r"(?:like|want|do|wear|come|use|buy|touch|go near|put on)|hates?|dislikes?|can'?t stand|"
            # "he refuses to wear anything black", "she won't be seen in pink"
            r"refuses? to (?:wear|buy|use|touch)|(?:won'?t|wont|will not|would never) be seen (?:dead )?in|"
            # "he's sick of blue", "she's had enough of black"
            r"(?:sick|tired|bored) (?:of|with)|fed up with|had enough of)")
# A word said as a quality ("money is tight", "a bit tight on her"), not as a kind of product
QUALITY_WORD = re.compile(r"\b(?:is|'s|are|so|too|very|pretty|bit|kinda|quite|little|really|feels?|fits?|looks?)"
                          r"\s+[a-z]+(?=\W|$)", re.I)
# "cheapest first", "pricey ones last": a price order, not a pointer at the first product.
ORDER_FIRST = re.compile(r"\b(?:cheap\w*|least expensive|lowest(?: price[ds]?)?|low|expensive|pric\w*|dear\w*|"
                         r"highest(?: price[ds]?)?|high|most expensive)\s+(?:ones?\s+|items?\s+|stuff\s+)?"
                         r"(?:first|1st|last)\b", re.I)
# "last month", "my first time here", "my last order": a time, not "the last one" on screen
ORDINAL_TIME = re.compile(r"\b(?:last|first|1st)\s+(?:week|weekend|month|year|night|time|order|purchase|visit|"
                          r"christmas|summer|winter|spring|autumn|fall|monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday)s?\b|"
                          # "on second thought, ...", "first of all": a way of speaking, no list position
                          r"\b(?:on\s+)?second\s+thoughts?\b|\bfirst\s+of\s+all\b|\bat\s+first\b", re.I)
# "the top one", "top 3", "top rated": a rank, not the "Tops" a catalog level is named.
NOT_A_RANK = r"(?!\s+(?:one|ones|two|three|\d|picks?|choices?|rated|results?|sellers?|of|priced|pick)\b)"
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1}


@dataclass
class ParsedQuery:
    """A shopper's words with the filters and the ordinal ("the second one") found in them."""

    text: str
    filters: Filters = field(default_factory=Filters)
    ordinal: int | None = None  # "the second one" -> 1
    ordinals: list[int] = field(default_factory=list)  # every ordinal, in the order said ("first and third")
    broad: bool = False  # the categories are every leaf under a level the words named ("tops")
    implied_gender: str = ""  # no gender said, but a product word only one gender's products have


def title_words(title: str | None) -> list[str]:
    """A title's words before any number ("Sprite Stasis Ball 55 cm" -> sprite, stasis, ball)."""
    return re.findall(r"[a-z][a-z'-]+", re.split(r"\s\d", (title or "").lower())[0])


TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
UNITS_SPELLED = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
# "under sixty dollars", "a hundred bucks", "between forty and sixty", "under fifteen dollars each": a price in words
SPELLED_NUMBER = re.compile(rf"\b(?:(?:a|one)\s+(?P<hundred>hundred)|(?P<teen>{'|'.join(TEENS)})|"
                            rf"(?P<tens>{'|'.join(TENS)})(?:[- ](?P<unit>{'|'.join(UNITS_SPELLED)}))?)\b", re.I)
PRICE_AFTER = re.compile(r"^\s*(?:dollars?|bucks|usd|quid)\b|^\s*(?:[?.!,]|$)", re.I)
PRICE_BEFORE = re.compile(r"\b(?:under|below|than|over|above|about|around|max|to|and|between|of|upto|up to|"
                          r"within|budget)\s+$", re.I)


def spelled_prices(lower: str) -> str:
    """Prices said in words as digits ("under sixty dollars" -> "under 60 dollars")."""
    def digits(m: re.Match) -> str:
        if not (PRICE_AFTER.search(lower[m.end():]) or PRICE_BEFORE.search(lower[:m.start()])):
            return m.group(0)  # "twenty minutes", "size thirty" stay words
        if m.group("hundred"):
            return "100"
        if m.group("teen"):
            return str(TEENS[m.group("teen").lower()])
        return str(TENS[m.group("tens").lower()] + (UNITS_SPELLED[m.group("unit").lower()] if m.group("unit") else 0))
    return SPELLED_NUMBER.sub(digits, lower)


def material_heads(products: Iterable[Product]) -> dict[str, set[str]]:
    """Materials that end titles and so name a kind too ("Helena Hooded Fleece": "a cozy fleece")."""
    products = list(products)
    materials = {m.strip().lower() for p in products
                 for m in re.split(r"[,/]", str((p.attributes or {}).get("material", "")))}
    heads: dict[str, set[str]] = {}
    for p in products:
        words = title_words(p.title)
        if len(words) >= 2 and p.category_leaf and words[-1] in materials:
            heads.setdefault(words[-1], set()).add(p.category_leaf)
    return heads


# A material said as a thing: "a cozy womens fleece", "fleeces" (not "fleece?", "fleece lined", "is it fleece")
MATERIAL_AS_KIND = (r"(?:\b(?:a|an|some|another|any|womens?|mens?|women'?s|men'?s|kids?|cozy|cosy|warm|thick|light|"
                    r"new|zip|hooded)\s+(?:[a-z']+\s+)?{w}\b(?![-\s]*(?:lined|lining|material|fabric|inside|interior))"
                    r"|\b{w}s\b)")


def title_nouns(products: Iterable[Product]) -> dict[str, set[str]]:
    """What each product is called by its title's last word(s) ("Zing Jump Rope" -> "rope", "jump rope").

    Only head nouns that are not a level of a category path ("Tops", "Gear") count: the catalog's
    own words for its kinds of products, so a new catalog brings them without a synonym list.
    """
    levels = {part.strip().lower().rstrip("s") for p in products for part in (p.category or "").split(">")}
    # Materials end titles too ("... Fleece"), but "fleece?" asks what a thing is made of.
    materials = {m.strip().lower() for p in products
                 for m in re.split(r"[,/]", str((p.attributes or {}).get("material", "")))}
    nouns: dict[str, set[str]] = {}
    for p in products:
        words = title_words(p.title)
        if len(words) < 2 or not p.category_leaf:
            continue
        head, phrase = words[-1], " ".join(words[-2:])
        if len(head) < 3 or head.rstrip("s") in levels or head in materials:
            continue
        for noun in (head, phrase):
            nouns.setdefault(noun, set()).add(p.category_leaf)
    return nouns


class QueryParser:
    """Reads filters out of shopper words, with the colours, brands and categories of one catalog."""

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
        # Materials the catalog names ("Leather, Canvas"; "Cocona&reg; performance fabric" -> cocona, ...)
        self.materials = {w for p in products
                          for w in re.findall(r"[a-z]{3,}", re.sub(r"&[a-z]+;", " ", str(
                              (p.attributes or {}).get("material", "")).lower()))} - {"performance", "fabric"}
        # Kinds named only in titles ("jump rope"): read where no category word is said.
        nouns = title_nouns(products)
        self.title_kinds = {n: kinds for n, kinds in nouns.items() if n not in self.categories}
        self._title_words = sorted(self.title_kinds, key=len, reverse=True)
        self.material_kinds = {w: leaves for w, leaves in material_heads(products).items() if w not in self.categories}
        # Sizes that are measures ("55 cm", "6 foot"), by number and unit, as the catalog writes them
        self.measures: dict[tuple[str, str], str] = {}
        for p in products:
            for size in p.sizes:
                m = MEASURE.fullmatch(size.strip())
                if m:
                    self.measures[(m.group(1), UNITS[m.group(2).lower()])] = size
        # A level between the department and the leaf ("Tops", "Bottoms") names every leaf under it:
        # "a white yoga top" is a tee, tank, hoodie or jacket, never pants.
        self.level_kinds: dict[str, set[str]] = {}
        for p in products:
            parts = [part.strip() for part in (p.category or "").split(">")]
            for level in parts[1:-1]:
                word = level.lower()
                if word and word not in GENDER_WORDS and word not in self.categories:
                    for form in {word, word.rstrip("s")}:
                        self.level_kinds.setdefault(form, set()).add(p.category_leaf)
        # Title nouns every product of one gender has ("capri", "bra"): "capri pants" are women's
        genders: dict[str, list[str]] = {}
        for p in products:
            if words := title_words(p.title):
                genders.setdefault(words[-1], []).append(p.gender or "")
        # Kind words the titles use ("backpack", "duffle", "tee"): "bags but no backpacks" leaves those out
        title_vocab = {w for p in products for w in title_kinds(p.title)}
        said_kinds = {w.rstrip("s") for phrases in CATEGORY_SYNONYMS.values() for w in phrases if " " not in w}
        self.excludable_kinds = title_vocab & (said_kinds | {n for n in nouns if " " not in n}) - {"the", "and"}
        # "not the dash one": a word of a title names the products left out (colours are read apart)
        self.title_vocab = title_vocab - {c.lower() for c in self.colors}
        # Kinds sized by numbers ("32" for shorts): "shorts, 32, black" says the size without "size"
        self.numeric_sizes: dict[str, set[str]] = {}
        for p in products:
            for size in p.sizes:
                if size.isdigit():
                    self.numeric_sizes.setdefault(p.category_leaf, set()).add(size)
        self.noun_gender = {n: g[0] for n, g in genders.items() if len(g) >= 3 and len(set(g)) == 1
                            and g[0] in ("Men", "Women") and n not in self.level_kinds}  # "top" is any top

    def parse(self, text: str) -> ParsedQuery:
        """Price bounds, colours, sizes, gender, category, brand and an ordinal found in ``text``."""
        text = (text or "").strip()
        lower = SWEAT_SHIRT.sub("sweatshirt", spelled_prices(text.lower().replace("’", "'")))
        lower = A_SWEAT.sub(r"\1 sweatshirt", lower)
        f = Filters()
        m = PRICE_RANGE.search(lower)
        if m:
            nums = [float(g) for g in m.groups() if g]
            if len(nums) == 2:
                f.min_price, f.max_price = min(nums), max(nums)
        elif (m := NOT_MORE.search(lower)):
            f.max_price = float(m.group(1))
        else:
            if (m := PRICE_MAX.search(lower) or ROUGH_PRICE.search(lower)):
                f.max_price = float(next(g for g in m.groups() if g))
            if (m := PRICE_MIN.search(lower)):
                f.min_price = float(next(g for g in m.groups() if g))
        words = re.findall(r"[a-z0-9'\-]+", lower)
        # "this came today in yellow but I ordered it in black": the colour received is not the one wanted
        wanted_part = RECEIVED_IN.sub(" ", lower)
        colors = [c for c in self.colors if re.search(rf"\b{re.escape(c.lower())}\b", wanted_part)]
        if "grey" in words and "Gray" in self.colors:
            colors.append("Gray")
        excluded = [c for c in colors if self._negated(c, lower)]
        f.colors = tuple(c for c in dict.fromkeys(colors) if c not in excluded)
        f.exclude_colors = tuple(dict.fromkeys(excluded))
        # The direction said first wins ("cheapest to priciest"); "sort by price" alone is cheapest first.
        asc, desc = SORT_ASC.search(lower), SORT_DESC.search(lower)
        if desc and (not asc or desc.start() < asc.start()):
            f.sort = "price_desc"
        elif asc or BY_PRICE.search(lower):
            f.sort = "price_asc"
        sizes = [SIZE_WORDS.get(m.group(1), m.group(1).upper()) for m in SIZE_EXPLICIT.finditer(lower)]
        sizes += [SIZE_WORDS[w] for w in words if w in ("xs", "xl", "xxl", "2xl")]
        for m in SIZE_SPOKEN.finditer(lower):
            sizes.append(SIZE_WORDS[m.group(1)])
        if (last := SIZE_SAID_LAST.search(lower)) and len(words) > 1:
            sizes.append(SIZE_WORDS[last.group(1)])
        sizes += [m.group(1) or m.group(2) for m in WAIST.finditer(lower)]  # "a 34 waist", "waist 32"
        sizes += [SIZE_WORDS.get(m.group(1), m.group(1).upper()) for m in SIZE_SELF.finditer(lower)]
        sizes += [SIZE_WORDS.get(m.group(1), m.group(1).upper()) for m in SIZE_IN_A.finditer(lower)]
        sizes += [self.measures[key] for m in MEASURE.finditer(HEIGHT.sub(" ", lower))
                  if (key := (m.group(1), UNITS[m.group(2).lower()])) in self.measures]
        f.sizes = tuple(dict.fromkeys(sizes))
        said_words = re.findall(r"[a-z0-9'\-]+", CONSULTED.sub(" ", lower))
        # "my wife and i want matching jackets. show mens first": the department said wins over who is named
        department = [w for w in said_words if w in DEPARTMENT_WORDS]
        for word in department[:1] or said_words:
            # "my brother's bday", "my brothers bday": the possessive names the same person
            word = word if word in GENDER_WORDS else re.sub(r"'?s$", "", word)
            if word in GENDER_WORDS:
                f.gender = GENDER_WORDS[word]
                break
        excluded_kinds = []
        for m in NO_KIND.finditer(lower):
            kind = m.group(1).rstrip("s")
            kind = KIND_ALIASES.get(kind, kind)
            if kind in self.excludable_kinds:
                excluded_kinds.append(kind)
                end = m.end()
                # "no totes or duffels": each kind of the list left out
                while (more := MORE_KINDS.match(lower, end)) and \
                        KIND_ALIASES.get(more.group(1).rstrip("s"), more.group(1).rstrip("s")) in self.excludable_kinds:
                    excluded_kinds.append(KIND_ALIASES.get(more.group(1).rstrip("s"), more.group(1).rstrip("s")))
                    end = more.end()
                lower = lower[:m.start()] + " " * (end - m.start()) + lower[end:]  # not the kinds wanted
        f.exclude_kinds = tuple(dict.fromkeys(excluded_kinds))
        names = [m.group(1) for m in NOT_NAMED.finditer(lower)
                 if m.group(1) in self.title_vocab and m.group(1) not in excluded_kinds]
        f.exclude_names = tuple(dict.fromkeys(names))
        materials = [m.group(1) for m in NOT_MADE_OF.finditer(lower) if m.group(1) in self.materials]
        f.exclude_materials = tuple(dict.fromkeys(materials))
        for m in NOT_MADE_OF.finditer(lower):
            if m.group(1) in materials:  # "not leather" says what the bag is not, not what it is
                lower = lower[:m.start()] + " " * (m.end() - m.start()) + lower[m.end():]
        if (m := NOT_APPAREL.search(lower)):
            f.no_apparel = True
            lower = lower[:m.start()] + " " * (m.end() - m.start()) + lower[m.end():]
        broad = False
        for vocabulary, words_ in ((self.categories, self._category_words), (self.title_kinds, self._title_words)):
            # "budget is tight", "it's a bit tight": a title's kind word said as a quality, no kind asked for
            said = QUALITY_WORD.sub(" ", lower) if vocabulary is self.title_kinds else lower
            phrase = self._head_kind(said, words_, vocabulary)
            if phrase is not None:  # "straps" as "strap"
                f.categories = tuple(sorted(vocabulary[phrase]))
                break
        else:
            level = next((w for w in self.level_kinds if re.search(rf"(?<!on )\b{re.escape(w)}\b{NOT_A_RANK}", lower)),
                         None)
            material = next((w for w in self.material_kinds
                             if re.search(MATERIAL_AS_KIND.format(w=re.escape(w)), lower)), None)
            if material is not None:
                f.categories = tuple(sorted(self.material_kinds[material]))
            elif level is not None:
                f.categories, broad = tuple(sorted(self.level_kinds[level])), True
        f.sizes = tuple(dict.fromkeys([*f.sizes, *self._bare_sizes(lower, f.categories)]))
        for brand in self.brands:
            if re.search(rf"\b{re.escape(brand.lower())}\b", lower):
                f.brand = brand
        pointers = ORDINAL_TIME.sub(" ", ORDER_FIRST.sub(" ", lower))
        implied = "" if f.gender else self._implied_gender(lower)
        return ParsedQuery(text=text, filters=f, ordinal=self._ordinal(pointers), ordinals=self._ordinals(pointers),
                           broad=broad, implied_gender=implied)

    def _bare_sizes(self, lower: str, categories: tuple[str, ...]) -> list[str]:
        """Numbers said beside a kind sized by numbers ("and matching shorts, 32, black"; "32 in shorts")."""
        wanted = set().union(*(self.numeric_sizes.get(c, set()) for c in categories))
        if not wanted:
            return []
        prices = [m.span() for p in (PRICE_RANGE, NOT_MORE, PRICE_MAX, PRICE_MIN) for m in p.finditer(lower)]
        return [m.group(1) for m in BARE_NUMBER.finditer(lower) if m.group(1) in wanted
                and not any(a <= m.start(1) < b for a, b in prices)]

    @staticmethod
    def _head_kind(lower: str, phrases: list[str], vocabulary: dict[str, set[str]]) -> str | None:
        """The kind the words ask for: the longest phrase said, or the kind the rest is for.

        "bags to carry a yoga mat" are bags, not fitness equipment; "yoga mat bag" is a bag too.
        """
        found: list[tuple[int, int, str]] = []
        for w in phrases:  # longest first: "tank top" before "tank"
            for m in re.finditer(rf"\b{re.escape(w)}(?:s|es)?\b", lower):
                if not any(m.start() < end and start < m.end() for start, end, _ in found):
                    found.append((m.start(), m.end(), w))
        if not found:
            return None
        longest = found[0][2]
        found.sort()
        first, later = found[0], [f for f in found[1:] if vocabulary[f[2]] != vocabulary[found[0][2]]]
        if later and OWNED_BEFORE.search(lower[max(0, first[0] - 40):first[0]]):
            return later[0][2]  # "I already have this jacket. What hiking pants would go with it?": the pants
        if later and HEAD_LINK.search(lower[first[1]:later[0][0]]):
            return first[2]
        if later and not lower[first[1]:later[0][0]].strip():
            return later[0][2]  # "yoga mat bag": the last noun of a compound is its kind
        return longest

    def _implied_gender(self, lower: str) -> str:
        """The one gender of every product a title noun in the words names ("capris" are women's).

        A noun inside a longer product phrase said does not count ("sports bra" names its kind itself).
        """
        for noun, gender in self.noun_gender.items():
            if not re.search(rf"\b{re.escape(noun)}(?:s|es)?\b", lower):
                continue  # (most messages name none: the phrases below are looked for only then)
            phrases = [w for w in self._category_words
                       if " " in w and re.search(rf"\b{re.escape(w)}(?:s|es)?\b", lower)]
            if not any(noun in phrase.split() and phrase != noun for phrase in phrases):
                return gender
        return ""

    @staticmethod
    def _negated(color: str, lower: str) -> bool:
        """Whether the colour is said as one to leave out ("not black", "no red or white")."""
        name = "gr[ae]y" if color == "Gray" else re.escape(color.lower())
        # "nothing that comes in red", "none that's white": the clause between the negation and the colour
        # "I'd prefer not to buy anything in orange": a verb and a pronoun between them
        return bool(re.search(rf"\b{NEGATION}\s+(?:(?:that|which)(?:'?s|\s+(?:comes?|is|are))?\s+)?"
                              rf"(?:(?:to\s+)?(?:buy|get|wear|have|see|order)\s+|(?:show|send|give)\s+(?:me|him|her|us)\s+)?"
                              rf"(?:(?:in|the|any|anything|any more|something|with)\s+){{0,2}}"
                              rf"(?:[a-z]+\s+(?:or|and|nor)\s+)?{name}\b", lower)
                    # "yellow is ugly", "the red ones look awful": a colour judged, to leave out
                    or re.search(rf"\b{name}\s+(?:ones?\s+)?(?:is|are|'s|looks?|seems?)\s+(?:so\s+|too\s+|really\s+|"
                                 rf"kinda\s+|very\s+)?{UGLY}\b|\b{name}\s+(?:ones?\s+)?(?:sucks?|is a no)\b", lower))

    @staticmethod
    def _ordinal(lower: str) -> int | None:
        for word, pos in ORDINALS.items():
            if re.search(rf"\b(the )?{word}( one)?\b", lower):
                return pos
        return None

    @staticmethod
    def _ordinals(lower: str) -> list[int]:
        """Every ordinal in the order said; "the first two" / "the top 3" count as 1..n."""
        m = re.search(r"\b(?:first|top)\s+(two|three|2|3)\b", lower)
        if m:
            return list(range({"two": 2, "three": 3}.get(m.group(1), 0) or int(m.group(1))))
        found = sorted((m.start(), pos) for word, pos in ORDINALS.items()
                       for m in re.finditer(rf"\b{word}\b", lower))
        return list(dict.fromkeys(pos for _, pos in found))
