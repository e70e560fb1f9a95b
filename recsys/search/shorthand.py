"""Chat shorthand spelled out: "shw mens tnks undr 30" -> "show mens tnks under 30".

Shoppers on a phone drop vowels and use texting abbreviations. The spelling corrector
(``recsys.search.spelling``) only fixes product words of four letters or more against the
catalog, so "shw", "tht", "undr", "exp" or "wmns" reached the turn model and the dialogue's
exact cues as unknown words. This table is exact: each entry is a whole word (or a short phrase)
that means one thing in a shop chat; nothing is guessed. Case is lower-cased only where a word
is replaced.
"""

from __future__ import annotations

import re

# Whole words -> what they stand for. Only abbreviations with one meaning in a shop chat.
WORDS = {
    "shw": "show", "sho": "show", "shwo": "show", "plz": "please", "pls": "please", "pleas": "please",
    "tht": "that", "dat": "that", "thta": "that", "ths": "this", "dis": "this",
    "undr": "under", "unter": "under", "ovr": "over", "abv": "above", "btwn": "between", "betwen": "between",
    "wmns": "womens", "wmn": "women", "womns": "womens", "wmens": "womens", "womans": "womens",
    "mns": "mens", "mn": "men",
    "smth": "something", "sth": "something", "smthg": "something", "smthn": "something",
    "ur": "your", "u": "you", "r": "are", "ya": "yes", "yep": "yes", "yup": "yes", "nope": "no",
    "thx": "thanks", "thnx": "thanks", "tx": "thanks", "ty": "thanks",
    "nvm": "never mind", "nvmd": "never mind", "idk": "i don't know", "rn": "right now",
    "cheapr": "cheaper", "chepaer": "cheaper", "cheeper": "cheaper", "chaeper": "cheaper",
    "wht": "what", "wat": "what", "wut": "what", "whts": "whats", "wats": "whats",
    "hw": "how", "hows": "how's", "dont": "don't", "doesnt": "doesn't", "cant": "can't",
    "ordr": "order", "oder": "order", "crt": "cart", "crat": "cart", "cartt": "cart", "blk": "black", "sz": "size",
    # "totl?" (the speller would read the tote bag), "materail?", "watr bottle"
    "totl": "total", "totla": "total", "ttl": "total", "materail": "material", "matrial": "material",
    "materal": "material", "watr": "water", "wter": "water",
    # cart verbs typed fast ("remoove the jacket")
    "ad": "add", "remoove": "remove", "remvoe": "remove", "remve": "remove", "rmv": "remove", "remov": "remove",
    "reomve": "remove",
    # colours too short for the spelling corrector ("in blu?")
    "blu": "blue", "grn": "green", "gry": "gray", "prpl": "purple", "purp": "purple", "pnk": "pink",
    "orng": "orange", "ylw": "yellow", "brwn": "brown", "wte": "white",
    # who it is for ("a watch for my gf"): the words the gender table knows
    "gf": "girlfriend", "bf": "boyfriend", "hubby": "husband", "wifey": "wife",
}
# Misspelt shop-chat words the catalogue-based corrector cannot mend (they are not product words):
# a phone's slips in the words that name a service topic or a question ("when will it arive",
# "whch ones r waterproof", "retrun policy"). Exact whole words, each with one meaning here.
MISSPELT = {
    "arive": "arrive", "arrvie": "arrive", "ariving": "arriving", "arived": "arrived", "arrvied": "arrived",
    "delivary": "delivery", "delivry": "delivery", "dilivery": "delivery", "delievery": "delivery",
    "deliverey": "delivery", "delivey": "delivery",
    "shiping": "shipping", "shippin": "shipping", "shipin": "shipping",
    "retrun": "return", "retun": "return", "reutrn": "return", "retrn": "return", "retruns": "returns",
    "refnd": "refund", "refun": "refund", "reund": "refund",
    "exhange": "exchange", "excange": "exchange", "exchnage": "exchange",
    "adress": "address", "addres": "address", "adres": "address",
    "pasword": "password", "passwrd": "password", "pssword": "password",
    "acount": "account", "accont": "account", "acct": "account",
    "waranty": "warranty", "warrenty": "warranty", "warrantee": "warranty", "garantee": "guarantee",
    "garanty": "guarantee", "garantie": "guarantee", "guarante": "guarantee", "gaurantee": "guarantee",
    "payement": "payment", "paymnt": "payment",
    "packge": "package", "pakage": "package", "pacakge": "package", "parcle": "parcel",
    "whch": "which", "wich": "which", "whihc": "which", "whcih": "which",
    "diffrence": "difference", "differnce": "difference", "diference": "difference",
    "compair": "compare", "comapre": "compare", "compere": "compare", "campare": "compare", "compar": "compare",
    "actualy": "actually", "acutally": "actually", "actully": "actually",
    "remvoe": "remove", "reomve": "remove", "remov": "remove",
    "somthing": "something", "somethin": "something",
    "wud": "would", "cud": "could", "shud": "should", "enuf": "enough",
}
_ORD = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth"}
# Phrases whose words are ambiguous alone ("hi", "lo", "1", "n", "exp").
PHRASES = [
    (re.compile(r"\bhi(?:gh)?\s+to\s+lo(?:w)?\b", re.I), "high to low"),
    # "the top one", "top pick": the first of the list on screen
    (re.compile(r"\b(the\s+)?top\s+(one|item|result|pick)\b", re.I), r"\1first \2"),
    (re.compile(r"\blo(?:w)?\s+to\s+hi(?:gh)?\b", re.I), "low to high"),
    (re.compile(r"\b(most|more|less|least|to|too|so|v|very)\s+exp\b\.?", re.I), r"\1 expensive"),
    (re.compile(r"\bexp\s+(first|1st|last|ones?)\b", re.I), r"expensive \1"),
    # "which one is most cheap?", "the most cheapest": learners' superlatives
    (re.compile(r"\b(?:the\s+)?most\s+(?:cheap|cheapest)\b", re.I), "the cheapest"),
    # "which one is more cheap?": the comparative
    (re.compile(r"\bmore\s+(?:cheap|cheaper)\b", re.I), "cheaper"),
    (re.compile(r"\b(?:the\s+)?(?:most|more)\s+(?:pricey|priciest)\b", re.I), "the most expensive"),
    # "2nd 1", "the last 1": an ordinal and "one"
    (re.compile(r"\b(1st|2nd|3rd|4th|5th|first|second|third|fourth|fifth|last|other|that|this|blue|black|red|"
                r"grey|gray|green|white|yellow|orange|purple|pink|brown|cheap|cheaper|cheapest|pricey|pricier)\s+1\b"
                r"(?!\s*(?:\$|dollars?|bucks|usd|%))", re.I), r"\1 one"),
    # "add 1 and 2", "compare 2 & 3": list positions said as numbers after a cart or compare verb
    (re.compile(r"\b(swap|switch|change)\s+(it|that|this)\s+(for|with|to)\s+([1-5])\b(?!\s*(?:\$|dollars?|bucks|%))",
                re.I), lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)} the {_ORD[m.group(4)]} one"),
    (re.compile(r"\b(add|remove|compare|take)\s+([1-5])\s*(?:and|&|\+|n)\s*([1-5])\b(?!\s*(?:\$|dollars?|bucks|%))",
                re.I), lambda m: f"{m.group(1)} the {_ORD[m.group(2)]} and the {_ORD[m.group(3)]}"),
    # "ad it in M blue", "pls ad the 2nd": "ad" before a pointer is "add"
    (re.compile(r"\bad\s+(?=(?:it|that|this|them|those|both|the|1st|2nd|3rd|4th|5th|first|second|third)\b)", re.I),
     "add "),
    # "add 2", "ok add #3 pls": a list position, said as the whole message ("add 2 of them" is a count)
    (re.compile(r"^(\W*(?:ok|okay|k|then|so)?\W*)(add|remove|take)\s+#?([1-5])(\s*(?:pls|please|then)?\W*)$", re.I),
     lambda m: f"{m.group(1)}{m.group(2)} the {_ORD[m.group(3)]} one{m.group(4)}"),
    # "ok n the 1st", "socks n a tee": "n" between words is "and" (sizes are never a lone "n")
    (re.compile(r"(?<=[a-z0-9?!.,])\s+n\s+(?=[a-z0-9])", re.I), " and "),
    (re.compile(r"^\s*n\s+(?=[a-z0-9])", re.I), "and "),
    (re.compile(r"(?<![\w/])w/o\b\s*", re.I), "without "),
    (re.compile(r"(?<![\w/])w/(?!o\b)\s*", re.I), "with "),
]
# A whole word, not part of an email address, a web address, a hyphenated name or a contraction.
_WORD = re.compile(r"(?<![\w/'@.-])[a-z]+\??(?![\w/@-])(?!\.\w)", re.I)


def expand(text: str) -> str:
    """The text with chat shorthand spelled out (unchanged when it has none)."""
    if not text:
        return text
    out = text
    for pattern, replacement in PHRASES:
        out = pattern.sub(replacement, out)
    return _whole_words(out, WORDS, MISSPELT)


def mend_misspellings(text: str) -> str:
    """The text with the misspelt shop-chat words of ``MISSPELT`` mended, shorthand left as typed."""
    return _whole_words(text, MISSPELT) if text else text


def _whole_words(text: str, *tables: dict[str, str]) -> str:
    """Each whole word a table knows replaced by its full form (the first table that has it wins; "arive?" too)."""

    def full(word: str) -> str | None:
        return next((t[word.lower()] for t in tables if word.lower() in t), None)

    def word(m: re.Match[str]) -> str:
        found = m.group(0)
        if (whole := full(found)) is not None:
            return whole
        if found.endswith("?") and (base := full(found[:-1])) is not None:
            return base + "?"
        return found

    return _WORD.sub(word, text)
