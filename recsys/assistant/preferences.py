"""The preferences the assistant keeps for a shopper (size, colour, budget...): shown and forgotten on request."""

from __future__ import annotations

from recsys.assistant import replies
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.search.bm25 import tokenize

# Words in "forget my ..." and the stored preference keys they name.
FORGET_WORDS = {"size": ["size"], "sizes": ["size"], "colour": ["color"], "color": ["color"],
                "colours": ["color"], "colors": ["color"], "budget": ["max_price", "min_price"],
                "price": ["max_price", "min_price"], "limit": ["max_price", "min_price"],
                "brand": ["brand"], "gender": ["gender"], "man": ["gender"], "woman": ["gender"],
                "men": ["gender"], "women": ["gender"], "mens": ["gender"], "womens": ["gender"]}


class Preferences:
    """Shows and forgets a shopper's stored preferences."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

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
