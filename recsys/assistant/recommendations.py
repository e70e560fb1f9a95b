"""Recommendations around a product in focus, the shopper's profile and their words.

The recommender (recsys/recommend/recommender.py) does recall -> rank -> diversify; this module
decides the focus, the hard limits and the profile, and records what was shown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

from recsys.assistant import replies
from recsys.assistant.product_search import for_whom_said
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.ops.telemetry import span
from recsys.recommend.recommender import unit
from recsys.search.bm25 import tokenize
from recsys.search.filters import Filters

GOES_WITH = re.compile(r"\b(go(es)? with|match|complete|pair|outfit|wear with|buy with|together|accessor)", re.I)
SIMILAR = re.compile(r"\b(similar|like (this|that|it|the)|alternative|instead|other option|cheaper)", re.I)
STOPWORDS = {"the", "a", "an", "me", "show", "for", "in", "of", "and", "with", "i", "do", "you", "have",
             "want", "need", "some", "any", "is", "are", "to", "my", "find", "looking", "under", "over",
             "size", "one", "it", "this", "that", "please", "can", "what", "something"}

log = logging.getLogger(__name__)


class Recommendations:
    """Answers "what goes with it", "something similar" and open requests for ideas."""

    def __init__(self, shop: Shop, refinement_words: set[str],
                 kinds_named: Callable[[str], tuple[str, ...]] | None = None) -> None:
        self.shop = shop
        self.refinement_words = refinement_words  # words that say nothing of what to recommend
        self.kinds_named = kinds_named  # "a backpack for school": the gear kinds the words name

    def recommend(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
                  focus_id: str | None = None, below: float | None = None) -> Answer:
        """Recommendations around the product in focus, the shopper's profile and their words.

        The focus is ``focus_id`` ("More like this" in the widget), else what the words refer to;
        ``below`` is a price limit said as "cheaper than that one".
        """
        shop = self.shop
        k = k or shop.settings.default_k
        spelt = shop.speller.correct(text or "")
        if spelt.fixes:  # "a jump rop or something": the kind named, as a search reads it
            log.info("sender=%s: spelling %s", sender, ", ".join(f"{a}->{b}" for a, b in spelt.fixes))
            text = spelt.text
        parsed = shop.parser.parse(text or "")
        focus = shop.products.get(focus_id) if focus_id else None
        # offered: "any more like them?" after an order look-up means the products shown, not the order's
        pointed = shop.resolve_reference(sender, parsed, offered=True) if focus is None else None
        focus = focus or (pointed.product if pointed is not None else None)
        stated = parsed.filters
        known = shop.store.preferences(sender)
        # ("now my dad, a hoodie too": the budget and colours said for mum are not his)
        stored = Filters.from_preferences(known)
        if (kept := for_whom_said(shop, sender, stored, stated, text or "")) is not stored:
            stored, known = kept, None  # (the store changed: read again when needed)
        preferences = stated.merged_over(stored)
        shop.keep_preferences(sender, stated, shop.turn_id(sender, message_id), "recommend", known)
        # Budget, gender and brand are hard limits; size and colour only rank (preference fit),
        # since "what goes with it" may be a bag with no size at all.
        # A colour said in this message ("more like that but in gray") is a hard limit too.
        hard = replace(preferences, sizes=(), colors=stated.colors, categories=())
        if below is not None and stated.max_price is None:
            hard = replace(hard, max_price=below)
        similar_only = focus is not None and bool(SIMILAR.search(text or "")) and not GOES_WITH.search(text or "")
        if similar_only:
            hard = replace(hard, categories=(focus.category_leaf,))
            if focus.gender in ("Men", "Women") and not stated.gender:
                hard = replace(hard, gender=focus.gender)  # like a men's jacket: men's jackets
            # Products of one kind share a size scale: "im a 30 in shorts", then "more like the 2nd
            # one" means shorts in 30 (a size only ranks where the kind may have none, a bag)
            if preferences.sizes and shop.attributes.mask(Filters(categories=(focus.category_leaf,),
                                                                  sizes=preferences.sizes, in_stock_only=False)).any():
                hard = replace(hard, sizes=preferences.sizes)
        elif stated.categories:  # "some joggers to go with it": what goes with it, of the kind named
            hard = replace(hard, categories=stated.categories)
            # "running shorts size 30 ... she likes green": a kind named with a size, so that size (one kind
            # shares a size scale; "what goes with it" alone names none)
            # (a size said earlier too: "I'm a medium in tops, 34 in shorts ... men's tanks first")
            if preferences.sizes and shop.attributes.mask(Filters(categories=stated.categories,
                                                                  sizes=preferences.sizes, in_stock_only=False)).any():
                hard = replace(hard, sizes=preferences.sizes)
            # "I only wear black", then "a tank to go with it": a kind named keeps the shopper's colours too
            # (only for kinds that come in colours: "a backpack big enough for a day hike" after "in
            # black?" for pants is any backpack, bags having no colours)
            if preferences.colors and not stated.colors:
                of_kind = [p for p in shop.products.values() if p.category_leaf in stated.categories]
                if of_kind and all(p.colors for p in of_kind) \
                        and shop.attributes.mask(replace(hard, colors=preferences.colors)).any():
                    hard = replace(hard, colors=preferences.colors)
            if focus is not None and focus.gender in ("Men", "Women") and not stated.gender:
                hard = replace(hard, gender=focus.gender)  # trousers to go with a men's jacket: men's
            kinds = self.kinds_named(text or "") if self.kinds_named is not None else ()
            if kinds and shop.attributes.mask(replace(hard, kinds=kinds)).any():
                hard = replace(hard, kinds=kinds)  # "backpack for school": backpacks, not every bag
        # An earlier "not purple" may leave nothing like the product in focus in the colour said
        # now ("anything similar in blue"): then that earlier exclusion goes first, then every limit.
        tries = [(hard, [])]
        if hard.sizes and not stated.sizes:
            tries.append((replace(hard, sizes=()), [replies.earlier(replies.FILTER_NAMES["sizes"])]))
        if hard.colors and not stated.colors:
            tries.append((replace(hard, colors=()), [replies.earlier(replies.FILTER_NAMES["colors"])]))
        if hard.exclude_colors != stated.exclude_colors:
            tries.append((replace(hard, exclude_colors=stated.exclude_colors), [replies.EARLIER_EXCLUSION_DROPPED]))
        if similar_only and (hard.max_price is not None or hard.min_price is not None) \
                and stated.max_price is None and stated.min_price is None:
            # "like the 2nd one but in yellow" after "under 60": the same kind in yellow above the
            # earlier budget, before anything of another kind
            tries.append((replace(hard, max_price=None, min_price=None),
                          [replies.earlier(replies.FILTER_NAMES["max_price"])]))
        tries.append((None, [replies.LIMITS_DROPPED]))
        interactions = shop.store.events(sender)
        recs, relaxed, used = [], [], hard
        for limits, dropped in tries:
            if limits is None and similar_only and stated.colors and focus is not None \
                    and set(stated.colors) <= set(focus.colors):
                # "like the 2nd one but in yellow" when nothing else like it comes in yellow but it does:
                # that one, rather than products of another kind
                view = shop.view(focus, 1.0, replies.ITSELF_IN_COLOUR)
                shop.remember(sender, message_id, [view], "recommend")
                return Answer(replies.only_itself(focus.title, "/".join(c.lower() for c in stated.colors)), [view],
                              used.describe())
            allowed = shop.attributes.mask(limits) if limits is not None else shop.everything()
            if allowed.any():
                recs = self._recommend(sender, text, k, focus, allowed, interactions, preferences, similar_only)
            if recs:
                relaxed, used = dropped, limits or Filters()
                break
        if not recs:
            return Answer(replies.NO_SUGGESTION)
        views = [shop.view(r.product, r.score, r.reason, r.why) for r in recs]
        shop.remember(sender, message_id, views, "recommend")
        if focus is not None:
            intro = replies.similar_to(focus.title) if similar_only else replies.goes_with(focus.title)
        elif interactions:
            intro = replies.PICKED_FOR_YOU
        else:
            intro = replies.SOME_IDEAS
        return Answer(replies.recommendation_list(intro, views), views, used.describe(), relaxed)

    def _recommend(self, sender: str, text: str, k: int, focus, allowed, interactions, preferences: Filters,
                   similar_only: bool) -> list:
        """The recommender's picks within ``allowed``: around the focus, the profile and the words."""
        shop, index = self.shop, self.shop.index
        with span("retrieval"):
            profile = shop.recommender.profile(interactions)
            words = [w for w in tokenize(text or "") if w not in STOPWORDS and w not in self.refinement_words]
            if words and focus is None:  # "gift for my sister who does yoga": the words lead, history helps
                said = shop.encoder.encode([text])[0]
                profile = said if profile is None else unit(0.65 * said + 0.35 * profile)
            bought = {pid for kind, pid in interactions if kind in {"bought", "returned"}}
            return shop.recommender.recommend(
                k, focus=focus, profile=profile, interactions=interactions, preferences=preferences, allowed=allowed,
                admissible=lambda pid: bool(allowed[index.row(pid)]) if index.row(pid) is not None else False,
                exclude=bought,
                link_kinds=("related", "upsell") if similar_only else ("crosssell", "related", "upsell"))
