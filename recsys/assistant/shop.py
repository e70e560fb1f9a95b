"""What the assistant's features share: the shop's models, index, catalog and records, built once.

``Shop.open`` wires the collaborators from the settings. Besides them, the ``Shop`` carries the
few helpers every feature needs: a product as the widget shows it, the record of what a shopper
was shown, and what their words point at.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from recsys.assistant.references import (
    ANSWER_KINDS,
    KIND_POINTER,
    LIST_KINDS,
    Resolution,
    department_pointed,
    owned_by,
    owner_department,
    part_around,
    resolve,
    shown_items,
)
from recsys.assistant.views import ProductView, ShippingRates
from recsys.catalog import Product
from recsys.encoders.image import ImageEncoder, get_image_encoder
from recsys.encoders.text import TextEncoder, text_encoder_for
from recsys.recommend.recommender import Recommender, RecommenderConfig
from recsys.scene.detector import SceneDetector
from recsys.search.filters import AttributeTable, Filters, is_apparel, title_kinds
from recsys.search.hybrid import HybridRetriever, Ranked
from recsys.search.index import ProductIndex
from recsys.search.index_folder import IndexFolder
from recsys.search.query import ParsedQuery, QueryParser
from recsys.search.spelling import Speller, catalog_words, product_vocabulary
from recsys.search.unsold import UnsoldKinds
from recsys.settings import PACKAGE_DIR, Settings
from recsys.storage.context_store import ContextStore, ShownList
from recsys.storage.orders import OrderBook
from recsys.storage.orm import make_session_factory

log = logging.getLogger(__name__)

POLICIES_FILE = PACKAGE_DIR / "data" / "policies.json"


@dataclass
class Shop:
    """The collaborators every feature shares, and the helpers built on them."""

    settings: Settings
    encoder: TextEncoder
    image_encoder: ImageEncoder | None  # None when photo search is switched off
    index: ProductIndex
    products: dict[str, Product]
    attributes: AttributeTable
    retriever: HybridRetriever
    image_root: Path
    parser: QueryParser
    scenes: SceneDetector
    store: ContextStore
    orders: OrderBook
    policies: dict[str, str]
    shipping: ShippingRates | None  # None when the policies give no rates
    recommender: Recommender
    speller: Speller  # typos to any product word (titles, types, colours, materials), for search
    type_speller: Speller  # typos to product types, colours and genders only, for the turn model
    unsold: UnsoldKinds  # kinds of product retail sells that this catalog has none of ("shoes")

    @classmethod
    def open(cls, settings: Settings) -> Shop:
        """Load the models, the current index and its catalog, and open the stores (ProductIndexError if stale)."""
        encoder = text_encoder_for(settings)
        folder = IndexFolder.from_settings(settings)
        index, catalog = folder.load_current(settings)
        products = {p.id: p for p in catalog}
        image_encoder = get_image_encoder(settings.image_projection_path, settings.device) \
            if settings.image_search else None
        if settings.use_gpu and index.to_gpu():
            log.info("product index on the GPU")
        scenes = SceneDetector.from_settings(settings, encoder)
        sessions = make_session_factory(settings.resolved_database_url,
                                        settings.database_idle_transaction_timeout_s)
        known = encoder.known_words() | catalog_words(catalog)
        policies = json.loads(POLICIES_FILE.read_text())
        rates = policies.pop("shipping_rates", None)
        shipping = ShippingRates(float(rates["standard"]), rates.get("free_over"), rates.get("express")) \
            if isinstance(rates, dict) else None
        return cls(
            settings=settings, encoder=encoder, image_encoder=image_encoder, index=index, products=products,
            attributes=AttributeTable([products.get(pid) if pid else None for pid in index.ids]),
            retriever=HybridRetriever(index, products), image_root=folder.image_root(), parser=QueryParser(catalog),
            scenes=scenes, store=ContextStore(sessions), orders=OrderBook(sessions),
            policies=policies, shipping=shipping,
            recommender=Recommender(
                products, index.vector,
                lambda vec, n, allowed: [(h.product_id, h.score) for h in index.search(vec, n, allowed)],
                RecommenderConfig(decay=settings.profile_decay)),
            speller=Speller(product_vocabulary(catalog), known),
            type_speller=Speller(product_vocabulary(catalog, types_only=True), known),
            unsold=UnsoldKinds(catalog))

    def view(self, product: Product, score: float, reason: str, why: dict | None = None) -> ProductView:
        """A product as the widget shows it, with its image URL and why it is listed."""
        image = self.settings.image_base_url.rstrip("/") + "/" + product.image if product.image else ""
        return ProductView(product.id, product.title, product.price, image, product.category,
                           list(product.colors), list(product.sizes), score, reason, why or {}, product.gender)

    def ranked_views(self, ranked: list[Ranked], filters: Filters) -> list[ProductView]:
        """Views of search results, each explaining its ranks and the filters applied."""
        described = filters.describe()
        return [self.view(r.product, r.score, r.reason, {**r.explain(), "filters": described}) for r in ranked]

    @cached_property
    def kinds(self) -> list[str]:
        """The catalog's product kinds (category leaves), sorted: what "we sell ..." lists."""
        return sorted({p.category_leaf for p in self.products.values() if p.category_leaf})

    def everything(self) -> np.ndarray:
        """A row mask of every catalog product, in stock or not."""
        return self.attributes.present.copy()

    def turn_id(self, sender: str, message_id: str | None) -> int | None:
        """The stored turn of this message, else the shopper's latest turn."""
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        return turn_id if turn_id is not None else self.store.latest_turn_id(sender)

    def keep_preferences(self, sender: str, stated: Filters, turn_id: int | None, scene: str,
                         known: dict[str, str] | None = None) -> dict[str, str]:
        """Store what a message states as lasting preferences; returns what it stored.

        Colours left out add up ("nothing red", then "nothing gray either"), and a colour asked for
        lifts its own exclusion ("not red" then "ok show me red ones"). ``known``: the stored
        preferences, when the caller has just read them.
        """
        prefs = stated.as_preferences()
        if stated.colors or stated.exclude_colors:
            known = self.store.preferences(sender) if known is None else known
            before = [c for c in known.get("not_color", "").split(",") if c]
            kept = [c for c in before if c not in stated.colors]
            if stated.exclude_colors:
                prefs["not_color"] = ",".join(dict.fromkeys([*kept, *stated.exclude_colors]))
            elif kept != before and kept:
                prefs["not_color"] = ",".join(kept)
            elif kept != before:
                self.store.clear_preferences(sender, ["not_color"])
        self.store.set_preferences(sender, prefs, turn_id, scene)
        return prefs

    def remember(self, sender: str, message_id: str | None, views: list[ProductView],
                 kind: str = "search") -> int | None:
        """Record the list shown in this turn; returns the turn's id for further records.

        An answer about one product (or a pair compared) said in the same message as a search does
        not replace the search's list: the list stays the one on screen that "the first white one"
        counts in ("any in white? and what's your return window?").
        """
        turn_id = self.turn_id(sender, message_id)
        if turn_id is not None and views:
            keep = LIST_KINDS if kind in ANSWER_KINDS else ()
            self.store.record_shown(turn_id, [(v.id, v.score, v.reason) for v in views], kind=kind, keep_lists=keep)
        return turn_id

    def resolve_reference(self, sender: str, parsed: ParsedQuery, ref: str | None = None,
                          loose: bool = False, offered: bool = False, gender: str = "",
                          owned: bool = False) -> Resolution | None:
        """What "it", "the second one", "the cheaper one", "the blue one" point at.

        The lists this shopper saw are searched newest first, across scenes (see references.py);
        ``ref`` is the turn model's pointer, used where the words' exact patterns find none;
        ``gender`` (else one the words count in: "the first women's one") picks the department;
        ``owned`` reads "hers" as the cart item for her (a question about a purchase, not a search:
        "do you sell running shoes? hers are falling apart").
        """
        mine = self.owned_in_cart(sender, parsed.text) if owned and parsed.ordinal is None else None
        if mine is not None:  # "if my sister doesn't like hers": the one item in the cart for her
            log.info("reference sender=%s -> [%s] (the item in the cart for them)", sender, mine.id)
            return Resolution([mine], ShownList(0, "cart", "", [mine.id]), "the item in the cart for them")
        resolution = resolve(parsed.text, parsed.ordinal, self.store.recent_lists(sender), self.products, ref,
                             parsed.filters.categories, loose, offered,
                             gender or department_pointed(parsed.text, persons=True))
        if resolution is not None:
            log.info("reference sender=%s -> %s (%s)", sender, [p.id for p in resolution.products], resolution.how)
        return resolution

    def owned_in_cart(self, sender: str, text: str) -> Product | None:
        """The one cart item for whom the words say ("remove hers", "my brother's"), else None."""
        if not owner_department(text):  # (most words say no one: no cart read)
            return None
        owned = owned_by(text, [self.products[pid] for pid in self.store.cart(sender) if pid in self.products])
        return owned[0] if len(owned) == 1 else None

    def pointed_by_kind(self, sender: str, text: str) -> list[Product]:
        """The products "the 2nd tank" and "the cheapest shorts" point at: each counted in its kind's list."""
        picked: list[Product] = []
        for m in KIND_POINTER.finditer(text):
            kinds = self.parser.parse(m.group(2)).filters.categories
            # "the 2nd mens one", "the first of the women's watches"; whose list, in the words around it:
            # "the 1st one from my wife's list in M blue, and the 2nd from his in S red"
            gender = department_pointed(m.group(0)) or department_pointed(part_around(text, m.start()), persons=True)
            if not kinds and not gender:
                continue
            if re.match(r"cheapest|most expensive|priciest", m.group(1), re.I):  # "the cheapest shorts"
                if not kinds:
                    continue
                usable = shown_items(self.store.recent_lists(sender), self.products)
                product = self.extreme_of_kind(usable, m.group(1), m.group(2))
            else:
                parsed = self.parser.parse(f"the {m.group(1)} one")
                parsed.filters.categories = kinds
                resolution = self.resolve_reference(sender, parsed, gender=gender)
                product = resolution.product if resolution is not None else None
            if product is not None and product not in picked:
                picked.append(product)
        return picked

    def extreme_of_kind(self, usable: list[tuple[ShownList, list[Product]]], which: str, kind: str
                        ) -> Product | None:
        """The cheapest (or dearest) shown product of a kind ("jacket", "water bottle"), newest list first."""
        words = kind.lower().split()
        pick = max if re.search(r"expensive|priciest|dearest", which, re.I) else min
        said = [w.rstrip("s") for w in dict.fromkeys([" ".join(words), words[-1], words[0]])]
        # Clothes by the category a word names ("the cheapest jacket": the Beaumont Summit Kit too), gear
        # by the kind its titles name ("water bottle", "band": not any fitness equipment); then any category.
        in_category = lambda p, w: p.category_leaf in self.parser.parse(w).filters.categories  # noqa: E731
        for matches in [lambda p, w: w in title_kinds(p.title) or (is_apparel(p.category) and in_category(p, w)),
                        in_category]:
            for word in said:  # "water bottle", "bottle"; "band please", "band"
                for _, items in usable:
                    of_kind = [p for p in items if p.price is not None and matches(p, word)]
                    if of_kind:
                        return pick(of_kind, key=lambda p: p.price)
        return None

    def referenced_product(self, sender: str, parsed: ParsedQuery) -> Product | None:
        """The one product the words point at (the first, for "these"), or None."""
        resolution = self.resolve_reference(sender, parsed)
        return resolution.product if resolution is not None else None
