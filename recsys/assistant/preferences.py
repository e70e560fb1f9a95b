"""The preferences the assistant keeps for a shopper (size, colour, budget...): shown and forgotten on request."""

from __future__ import annotations

import re
from dataclasses import replace

from recsys.assistant import replies
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.search.bm25 import tokenize

# "my husband wears a 36", "she's a size L", "i'm a womens S": a size, said of whoever wears it
WEARS_SIZE = re.compile(r"\b(?:wears?|wearing|takes|is|'s|am|i'?m)\s+(?:an?\s+|size\s+)(?:womens?\s+|mens?\s+|"
                        r"women'?s\s+|men'?s\s+)?(?:size\s+)?(xxs|xs|s|m|l|xl|xxl|\d{2})\b(?!\s*(?:\$|dollars?|bucks|%))|"
                        r"\bwears?\s+(?:size\s+)?(xxs|xs|xl|xxl|\d{2})\b(?!\s*(?:\$|dollars?|bucks|%))", re.I)
# Words in "forget my ..." and the stored preference keys they name.
COLOUR_KEYS = ["color", "not_color"]
FORGET_WORDS = {"size": ["size"], "sizes": ["size"], "colour": COLOUR_KEYS, "color": COLOUR_KEYS,
                "colours": COLOUR_KEYS, "colors": COLOUR_KEYS, "budget": ["max_price", "min_price"],
                "price": ["max_price", "min_price"], "limit": ["max_price", "min_price"],
                "brand": ["brand"], "gender": ["gender"], "man": ["gender"], "woman": ["gender"],
                "men": ["gender"], "women": ["gender"], "mens": ["gender"], "womens": ["gender"],
                "material": ["not_material"], "materials": ["not_material"], "fabric": ["not_material"],
                "fabrics": ["not_material"], "wool": ["not_material"]}


class Preferences:
    """Notes, shows and forgets a shopper's stored preferences."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def note(self, sender: str, text: str, message_id: str | None) -> Answer | None:
        """Keep the preferences a statement names ("I wear size M and only like black") and say so.

        None when the words name no size, colour, budget, gender or brand (then it is no statement
        of preference this shop can keep, and the caller searches instead).
        """
        stated = self.shop.parser.parse(text).filters
        worn = WEARS_SIZE.search(text or "")
        if worn and not stated.sizes:  # "my husband wears a 36": a size said without the word "size"
            stated = replace(stated, sizes=(next(g for g in worn.groups() if g).upper(),))
        if not stated.as_preferences():
            return None
        turn_id = self.shop.store.turn_id(sender, message_id) if message_id else None
        prefs = self.shop.keep_preferences(sender, stated, turn_id, "search")
        return Answer(replies.preferences_noted(prefs), kind="search")

    def show(self, sender: str) -> Answer:
        """The preferences in use, each with the words it was said in."""
        details = self.shop.store.preference_details(sender)
        return Answer(replies.preference_list(details) if details else replies.NO_PREFERENCES)

    def forget(self, sender: str, text: str) -> Answer:
        """Forget the preferences the words name ("forget my size"), or all of them."""
        keys = sorted({k for w in tokenize(text or "") for k in FORGET_WORDS.get(w, [])})
        forgotten = self.shop.store.clear_preferences(sender, keys or None)
        if not forgotten:
            return Answer(replies.nothing_to_forget(keys))
        return Answer(replies.forgotten(forgotten, self.shop.store.preferences(sender)))
