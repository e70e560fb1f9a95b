"""The library's front door: every conversational decision the Rasa actions need.

Actions pass in what the tracker says (sender, message id, text, intent) and get back plain
data (texts, product views, scene decisions). Keeping Rasa out of here means the whole
behaviour is testable in-process, and the same logic serves the CLI.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .attributes import AttributeTable
from .bm25 import tokenize
from .catalog import Product, catalog_version, load_catalog
from .context_store import ContextStore
from .db import make_session_factory
from .encoders import TextEncoder, get_text_encoder
from .image_encoder import ImageEncoder, get_image_encoder
from .images import CheckedImage
from .index import ProductIndex, ProductIndexError
from .ingest import CATALOG_COPY, SOURCE_FILE, model_tags
from .orders import OrderBook, OrderView
from .query import GENDER_WORDS, Filters, ParsedQuery, QueryParser
from .retrieval import HybridRetriever, Query, Ranked
from .scene import SceneDecision, SceneDetector
from .scene_model import EVENTS, SCENES, TurnContext, bot_action_after
from .settings import PACKAGE_DIR, Settings, get_settings

log = logging.getLogger(__name__)

POLICIES_FILE = PACKAGE_DIR / "data" / "policies.json"
GOES_WITH = re.compile(r"\b(go(es)? with|match|complete|pair|outfit|wear with|buy with|together|accessor)", re.I)
SIMILAR = re.compile(r"\b(similar|like (this|that|it|the)|alternative|instead|other option|cheaper)", re.I)
REFERENCE = re.compile(r"\b(it|this|that|these|those|them|one)\b", re.I)
TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = {"the", "a", "an", "me", "show", "for", "in", "of", "and", "with", "i", "do", "you", "have",
             "want", "need", "some", "any", "is", "are", "to", "my", "find", "looking", "under", "over",
             "size", "one", "it", "this", "that", "please", "can", "what", "something"}


@dataclass
class ProductView:
    id: str
    title: str
    price: float | None
    image_url: str
    category: str
    colors: list[str]
    sizes: list[str]
    score: float
    reason: str
    why: dict = field(default_factory=dict)  # evidence: similarity, matched terms, ranks, filters

    def payload(self) -> dict:
        return {"id": self.id, "title": self.title, "price": self.price, "image": self.image_url,
                "category": self.category, "colors": self.colors, "sizes": self.sizes,
                "score": round(self.score, 4), "reason": self.reason, "why": self.why}


@dataclass
class Answer:
    text: str
    products: list[ProductView] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    relaxed: list[str] = field(default_factory=list)
    card: dict | None = None  # a structured card for rich clients (e.g. an order's status)


# Words that only refine a list already on screen; with colours, sizes and gender words, a search
# made of nothing else keeps the categories of the products shown last.
REFINEMENT_WORDS = {"ones", "size", "sizes", "colour", "colours", "color", "colors", "instead", "then", "ok", "also",
                    "same", "those", "these", "them", "again", "more", "other", "another", "options", "cheaper",
                    "cheap", "cheapest", "dollars", "bucks", "less", "than", "bigger", "smaller", "larger", "version",
                    "available", "got", "how", "about", "only", "just", "stock", "yes", "sure", "maybe"}


class PhotoSearchUnavailable(RuntimeError):
    """A photo arrived but this deployment runs without the image model."""


class Assistant:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.encoder: TextEncoder = get_text_encoder(settings.text_model, settings.device)
        self.index = ProductIndex.load(settings.index_dir)
        catalog_copy = settings.index_dir / CATALOG_COPY
        products = load_catalog(catalog_copy).products
        if catalog_version(products) != self.index.version or self.index.models != model_tags(settings):
            raise ProductIndexError(f"index in {settings.index_dir} is stale for its catalog or models; "
                                    "run `recsys ingest`")
        self.products: dict[str, Product] = {p.id: p for p in products}
        self.image_encoder: ImageEncoder | None = (
            get_image_encoder(settings.image_projection_path, settings.device) if settings.image_search else None)
        if settings.use_gpu and self.index.to_gpu():
            log.info("product index on the GPU")
        self.attributes = AttributeTable([self.products.get(pid) if pid else None for pid in self.index.ids])
        self.retriever = HybridRetriever(self.index, self.products)
        source = json.loads((settings.index_dir / SOURCE_FILE).read_text()).get("catalog", "")
        self.image_root = Path(source).parent if source else settings.index_dir
        self.parser = QueryParser(products)
        self._refinement_words = set(tokenize(" ".join(
            [*self.parser.colors, *{sz for p in products for sz in p.sizes}, *GENDER_WORDS, *REFINEMENT_WORDS])))
        self.scenes = SceneDetector.from_settings(settings, self.encoder)
        session_factory = make_session_factory(settings.resolved_database_url)
        self.store = ContextStore(session_factory)
        self.orders = OrderBook(session_factory)
        self.policies: dict[str, str] = json.loads(POLICIES_FILE.read_text())

    # ---- scene -------------------------------------------------------------------------------
    def observe_turn(self, sender: str, message_id: str, text: str, intent: str | None,
                     photo: CheckedImage | None = None, photo_error: str | None = None, event: str | None = None,
                     in_order_form: bool = False) -> SceneDecision:
        """Decide the scene of a user turn and record it with its explanation (idempotent per
        message id). The model sees the words, the photo and what the store knows of the
        conversation so far: the previous scene distribution, the bot's last move, the products
        on screen, the turn position and the widget event."""
        known = self.store.scene_context(sender, before_message_id=message_id)
        bot_action = "order_prompt" if in_order_form else bot_action_after(known.previous_scene, known.previous_text)
        context = TurnContext(bot_action=bot_action, products_on_screen=known.products_on_screen,
                              turn_index=known.turn_index, event=event if event in EVENTS else "none")
        image_vec = None
        if photo is not None and self.image_encoder is not None:
            image_vec = self.image_encoder.features([photo.image])[0]
        previous = (np.array([known.previous_probs.get(s, 0.0) for s in SCENES], dtype=np.float64)
                    if known.previous_probs else None)
        if previous is not None and previous.sum() <= 0:
            previous = None
        decision = self.scenes.step(text, context, previous, image_vec=image_vec, explain=True)
        decision.explanation["intent"] = intent
        if photo_error:
            decision.explanation["photo_error"] = photo_error
        record = self.store.record_turn(sender, message_id, text, intent, decision.scene, decision.raw_scene,
                                        decision.probs, decision.explanation)
        if not record.created:
            decision = replace(decision, scene=record.scene, probs=record.probs)
        log.info("turn sender=%s scene=%s raw=%s prev=%s intent=%s", sender, decision.scene, decision.raw_scene,
                 known.previous_scene, intent)
        return decision

    # ---- product helpers ----------------------------------------------------------------------
    def view(self, product: Product, score: float, reason: str, why: dict | None = None) -> ProductView:
        image = self.settings.image_base_url.rstrip("/") + "/" + product.image if product.image else ""
        return ProductView(product.id, product.title, product.price, image, product.category,
                           list(product.colors), list(product.sizes), score, reason, why or {})

    def ranked_views(self, ranked: list[Ranked], filters: Filters) -> list[ProductView]:
        described = filters.describe()
        return [self.view(r.product, r.score, r.reason, {**r.explain(), "filters": described}) for r in ranked]

    def _remember(self, sender: str, message_id: str | None, views: list[ProductView]) -> None:
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        if turn_id is None:
            turn_id = self.store.latest_turn_id(sender)
        if turn_id is not None and views:
            self.store.record_shown(turn_id, [(v.id, v.score, v.reason) for v in views])

    def referenced_product(self, sender: str, parsed: ParsedQuery) -> Product | None:
        shown = self.store.last_shown(sender)
        if not shown:
            return None
        if parsed.ordinal is not None:
            idx = parsed.ordinal
            if -len(shown) <= idx < len(shown):
                return self.products.get(shown[idx])
            return None
        if REFERENCE.search(parsed.text):
            return self.products.get(shown[0])
        return None

    def encode_query(self, text: str, photo: CheckedImage | None = None) -> Query:
        query = Query(text=text)
        if text.strip():
            query.text_vector = self.encoder.encode([text])
        if photo is not None:
            if self.image_encoder is None:
                raise PhotoSearchUnavailable("photo search is switched off in this shop")
            query.photo_features = self.image_encoder.features([photo.image])
            if self.image_encoder.projection is not None:
                query.photo_text_vector = self.image_encoder.project(query.photo_features)
        return query

    def _rank(self, query_text: str, allowed: np.ndarray | None, k: int, exclude: set[str] = frozenset(),
              photo: CheckedImage | None = None) -> list[Ranked]:
        query = self.encode_query(query_text, photo)
        return self.retriever.search(query, self._all() if allowed is None else allowed, k, exclude=exclude)

    def _rank_vector(self, vector: np.ndarray, query_text: str, allowed: np.ndarray | None, k: int,
                     exclude: set[str] = frozenset()) -> list[Ranked]:
        """Neighbours of a product vector (recommendations), with the product's title as text."""
        query = Query(text=query_text, text_vector=vector)
        return self.retriever.search(query, self._all() if allowed is None else allowed, k,
                                     signals=("dense",), exclude=exclude)

    def _all(self) -> np.ndarray:
        return self.attributes.present.copy()

    def _allowed(self, filters: Filters) -> np.ndarray:
        return self.attributes.mask(filters)

    # ---- search ------------------------------------------------------------------------------
    def search(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
               photo: CheckedImage | None = None) -> Answer:
        k = k or self.settings.default_k
        text = (text or "").strip()
        if not text and photo is None:
            return Answer("What are you looking for? You can describe it, e.g. \"men's hoodie under $60\", "
                          "or send a photo.")
        parsed = self.parser.parse(text)
        focus = self.referenced_product(sender, parsed) if photo is None else None
        stated = parsed.filters
        if focus is not None and not stated.categories:
            stated = replace(stated, categories=(focus.category_leaf,))
        # A photo shows exactly what the shopper wants: earlier preferences (size, budget...) do
        # not filter it out; only words sent with the photo do.
        stored = Filters() if photo is not None else Filters.from_preferences(self.store.preferences(sender))
        filters = stated.merged_over(stored)
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        self.store.set_preferences(sender, stated.as_preferences(), turn_id, "search")

        if photo is None and focus is None and not stated.categories and self._is_refinement(text, stated):
            # "in blue?", "cheaper ones in XL": a refinement of the list on screen keeps its categories.
            shown = {self.products[pid].category_leaf for pid in self.store.last_shown(sender) if pid in self.products}
            if shown:
                filters = replace(filters, categories=tuple(sorted(shown)))
        query_text = f"{focus.title}. {text}" if focus else text
        allowed = self._allowed(filters)
        relaxed: list[str] = []
        # Relax carried-over preferences first, then what was said now, least specific first.
        relaxable = [("color", "colors"), ("size", "sizes"), ("budget", "max_price"), ("minimum price", "min_price"),
                     ("gender", "gender"), ("brand", "brand")]
        steps = [(f"earlier {label}", attr) for label, attr in relaxable
                 if getattr(stored, attr) not in ((), "", None) and getattr(stated, attr) in ((), "", None)]
        steps += [(label, attr) for label, attr in relaxable if getattr(stated, attr) not in ((), "", None)]
        for label, attr in steps:
            if allowed.any():
                break
            filters = replace(filters, **{attr: Filters.__dataclass_fields__[attr].default})
            relaxed.append(label)
            allowed = self._allowed(filters)
        if not allowed.any():
            return Answer(f"Sorry, nothing in the catalog matches \"{text}\". Try fewer details or another category.",
                          relaxed=relaxed)
        if photo is not None:
            return self._photo_answer(sender, message_id, query_text, photo, allowed, k, filters, relaxed)
        ranked = self._rank(query_text, allowed, k)
        best_similarity = max((r.similarity for r in ranked), default=0.0)
        # Words found only deep in a description ("laptop" in a bag's blurb) are not evidence
        # that the shop sells the thing; a hit in the name, category or brand is.
        lexical = any(set(r.matched) & set(tokenize(f"{r.product.title} {r.product.category} {r.product.brand} "
                                                    f"{r.product.id}")) for r in ranked)
        if not filters.categories and focus is None and best_similarity < self.settings.min_similarity and not lexical:
            leaves = sorted({p.category_leaf for p in self.products.values()})
            return Answer(f"Sorry, I couldn't find anything like \"{text}\" in our shop. We carry: {', '.join(leaves)}.")
        views = self.ranked_views(ranked, filters)
        self._remember(sender, message_id, views)
        described = filters.describe()
        parts = [f"Here {'is' if len(views) == 1 else 'are'} {len(views)} option{'s' if len(views) != 1 else ''}"]
        if described:
            parts.append(" (" + ", ".join(described) + ")")
        text_out = "".join(parts) + ":"
        return self._list_answer(text_out, views, stored, stated, described, relaxed)

    def _is_refinement(self, text: str, stated: Filters) -> bool:
        words = set(tokenize(text)) - self._refinement_words
        if stated.max_price is not None or stated.min_price is not None:
            words = {w for w in words if not w.replace(".", "").isdigit()}
        return not words

    def _list_answer(self, intro: str, views: list[ProductView], stored: Filters, stated: Filters,
                     described: list[str], relaxed: list[str]) -> Answer:
        text_out = intro
        carried = [d for d in stored.describe() if d in described and d not in stated.describe()]
        if carried:
            text_out += f" I kept your earlier preference{'s' if len(carried) > 1 else ''}: {', '.join(carried)}."
        if relaxed:
            text_out += f" Nothing matched everything, so I dropped: {', '.join(relaxed)}."
        for i, v in enumerate(views, 1):
            price = f"${v.price:.2f}" if v.price is not None else "price on request"
            text_out += f"\n{i}. {v.title} - {price}"
        return Answer(text_out, views, described, relaxed)

    def _photo_answer(self, sender: str, message_id: str | None, text: str, photo: CheckedImage,
                      allowed: np.ndarray, k: int, filters: Filters, relaxed: list[str]) -> Answer:
        # Words beside a photo mostly say "do you have this?": only content words (after stop
        # words) go to the text signals, so they refine the photo instead of diluting it.
        words = " ".join(tokenize(text))
        query = self.encode_query(words, photo)
        pictured: Product | None = None
        if not filters.categories and query.photo_features is not None:
            # "Like this but in red": the photo says what kind of product; keep to that category
            # when the photo clearly shows a catalog product and that category has matches.
            top = self.index.search(query.photo_features, 1, self._all(), space="image") \
                if self.index.has("image") else []
            pictured = self.products[top[0].product_id] \
                if top and top[0].score >= self.settings.photo_match_similarity else None
            if pictured is not None:
                leaf = pictured.category_leaf
                narrowed = replace(filters, categories=(leaf,))
                mask = allowed & self._allowed(narrowed)
                if mask.any():
                    allowed, filters = mask, narrowed
        ranked = self.retriever.search(query, allowed, k)
        if not ranked:
            return Answer("Sorry, I couldn't find anything like your photo.", relaxed=relaxed)
        views = self.ranked_views(ranked, filters)
        self._remember(sender, message_id, views)
        described = filters.describe()
        if pictured is not None and ranked[0].product.id == pictured.id:
            intro = f"This looks like the {pictured.title}"
            intro += "; here are the closest matches" if len(views) > 1 else ""
        elif pictured is not None:
            intro = f"Your photo looks like the {pictured.title}; here are the closest matches"
        else:
            intro = "I couldn't find that exact item, but these are the closest matches"
        if described:
            intro += " (" + ", ".join(described) + ")"
        return self._list_answer(intro + ":", views, Filters(), self.parser.parse(text).filters, described, relaxed)

    # ---- recommend ---------------------------------------------------------------------------
    def recommend(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
                  focus_id: str | None = None) -> Answer:
        """``focus_id``: a product the shopper acted on in the widget ("More like this")."""
        k = k or self.settings.default_k
        parsed = self.parser.parse(text or "")
        focus = self.products.get(focus_id) if focus_id else None
        focus = focus or self.referenced_product(sender, parsed)
        stated = parsed.filters
        stored = Filters.from_preferences(self.store.preferences(sender))
        filters = replace(stated.merged_over(stored), sizes=(), colors=())
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        self.store.set_preferences(sender, stated.as_preferences(), turn_id, "recommend")
        picks: list[tuple[Product, float, str]] = []
        seen: set[str] = set()

        def add(product: Product | None, score: float, reason: str) -> None:
            if product and product.id not in seen and (focus is None or product.id != focus.id) and len(picks) < k:
                if filters.matches(product) or not self._allowed(filters).any():
                    picks.append((product, score, reason))
                    seen.add(product.id)

        if focus is not None:
            goes_with = bool(GOES_WITH.search(text or "")) or not SIMILAR.search(text or "")
            links = (list(focus.crosssell) + list(focus.related) + list(focus.upsell)) if goes_with else \
                (list(focus.related) + list(focus.upsell))
            for pid in links:
                kind = "bought together with" if pid in focus.crosssell else "goes with"
                add(self.products.get(pid), 1.0, f"{kind} the {focus.title} (shop's pick)")
            allowed = self._allowed(replace(filters, categories=() if goes_with else (focus.category_leaf,)))
            vector = self.index.vector(focus.id)
            for r in self._rank_vector(vector, focus.title, allowed if allowed.any() else None, k * 2, {focus.id}):
                add(r.product, r.score, f"similar to the {focus.title} ({r.reason})")
            intro = (f"These go well with the {focus.title}:" if goes_with else f"Similar to the {focus.title}:")
        else:
            allowed = self._allowed(replace(filters, categories=stated.categories))
            for r in self._rank(text or "popular", allowed if allowed.any() else None, k * 2):
                rating = r.product.rating or 0.0
                add(r.product, r.score + 0.02 * rating, r.reason + (f"; rated {rating:g}/5" if rating else ""))
            picks.sort(key=lambda item: -item[1])
            intro = "Here are some ideas:"
        views = [self.view(p, s, r) for p, s, r in picks[:k]]
        if not views:
            return Answer("I couldn't find a good suggestion for that. Could you tell me a bit more about what you'd like?")
        self._remember(sender, message_id, views)
        lines = [intro] + [f"{i}. {v.title} - ${v.price:.2f} ({v.reason})" if v.price is not None else f"{i}. {v.title}"
                           for i, v in enumerate(views, 1)]
        return Answer("\n".join(lines), views, filters.describe())

    # ---- service -----------------------------------------------------------------------------
    def service_answer(self, sender: str, topic: str | None, text: str) -> Answer:
        policy = self.policies.get(topic or "", self.policies["service_default"])
        if topic in {"return_request", "refund_request"}:
            parsed = self.parser.parse(text or "")
            focus = self.referenced_product(sender, parsed)
            shown = self.store.last_shown(sender)
            if focus is not None and (parsed.ordinal is not None or re.search(r"\b(it|this|that)\b", text or "", re.I)):
                return Answer(f"About the {focus.title}: {policy}", [self.view(focus, 1.0, "the product you asked about")])
            if shown and re.search(r"\b(these|those|them)\b", text or "", re.I):
                titles = ", ".join(self.products[p].title for p in shown[:3] if p in self.products)
                return Answer(f"About the products I just showed you ({titles}): {policy}")
        return Answer(policy)

    def order_answer(self, sender: str, number: str, email: str) -> Answer:
        order = self.orders.lookup(number, email)
        if order is None:
            return Answer("I couldn't find an order with that number and email. Please check both; "
                          "the number is in your confirmation email.")
        self.store.set_verified_email(sender, email)
        return Answer(describe_order(order), card=order_card(order))

    # ---- widget events -----------------------------------------------------------------------
    WIDGET_EVENTS = {"view", "more_like_this", "add_to_cart"}

    def widget_event(self, sender: str, message_id: str | None, kind: str, product_id: str) -> Product | None:
        """Record a click in the widget as context; None (nothing recorded) for unknown events."""
        product = self.products.get(str(product_id))
        if kind not in self.WIDGET_EVENTS or product is None:
            return None
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        self.store.record_event(sender, product.id, kind, turn_id)
        log.info("widget event sender=%s kind=%s product=%s", sender, kind, product.id)
        return product


def order_card(order: OrderView) -> dict:
    return {"type": "order", "number": order.number, "status": order.status,
            "placed_at": order.placed_at.date().isoformat(), "carrier": order.carrier,
            "tracking_number": order.tracking_number,
            "estimated_delivery": order.estimated_delivery.date().isoformat() if order.estimated_delivery else None,
            "total": round(order.total, 2), "currency": order.currency,
            "items": [{"id": pid, "title": title, "quantity": qty, "size": size, "color": color}
                      for pid, title, qty, size, color, _ in order.items]}


def describe_order(order: OrderView) -> str:
    status = order.status.replace("_", " ")
    lines = [f"Order {order.number} (placed {order.placed_at:%b %d, %Y}) is {status}."]
    if order.carrier and order.tracking_number:
        lines.append(f"It ships with {order.carrier}, tracking number {order.tracking_number}.")
    if order.estimated_delivery and order.status in {"processing", "shipped"}:
        lines.append(f"Estimated delivery: {order.estimated_delivery:%b %d}.")
    items = "; ".join(
        f"{qty} x {title}" + (f" ({', '.join(x for x in (size, color) if x)})" if size or color else "")
        for _, title, qty, size, color, _ in order.items
    )
    lines.append(f"Items: {items}. Total ${order.total:.2f} {order.currency}.")
    return " ".join(lines)


_assistant: Assistant | None = None
_assistant_lock = threading.Lock()


def get_assistant() -> Assistant:
    """One Assistant per process: models and index are loaded once, not per request."""
    global _assistant
    with _assistant_lock:
        if _assistant is None:
            settings = get_settings()
            try:
                _assistant = Assistant(settings)
            except ProductIndexError as exc:
                # A stale or missing index is rebuilt from the configured catalog, not served.
                from .ingest import ingest

                log.warning("%s: rebuilding from %s", exc, settings.catalog_path)
                ingest(settings, settings.catalog_path)
                _assistant = Assistant(settings)
        return _assistant
