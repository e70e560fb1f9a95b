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

import numpy as np

from recsys.assistant.references import Resolution, resolve
from recsys.catalog import Product
from recsys.encoders.image import ImageEncoder, get_image_encoder
from recsys.encoders.text import TextEncoder, get_text_encoder
from recsys.images import CheckedImage
from recsys.ops.telemetry import span
from recsys.recommend.recommender import Recommender, RecommenderConfig, unit
from recsys.scene.detector import SceneDecision, SceneDetector
from recsys.scene.model import EVENTS, SCENES, TurnContext, bot_action_after
from recsys.search.bm25 import tokenize
from recsys.search.filters import AttributeTable, Filters
from recsys.search.hybrid import HybridRetriever, Query, Ranked
from recsys.search.index import ProductIndexError
from recsys.search.index_folder import IndexFolder
from recsys.search.query import GENDER_WORDS, ParsedQuery, QueryParser
from recsys.settings import PACKAGE_DIR, Settings, get_settings
from recsys.storage.context_store import ContextStore
from recsys.storage.orders import OrderBook, OrderView
from recsys.storage.orm import make_session_factory

log = logging.getLogger(__name__)

POLICIES_FILE = PACKAGE_DIR / "data" / "policies.json"
GOES_WITH = re.compile(r"\b(go(es)? with|match|complete|pair|outfit|wear with|buy with|together|accessor)", re.I)
SIMILAR = re.compile(r"\b(similar|like (this|that|it|the)|alternative|instead|other option|cheaper)", re.I)
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
        folder = IndexFolder.from_settings(settings)
        self.index, products = folder.load_current(settings)
        self.products: dict[str, Product] = {p.id: p for p in products}
        self.image_encoder: ImageEncoder | None = (
            get_image_encoder(settings.image_projection_path, settings.device) if settings.image_search else None)
        if settings.use_gpu and self.index.to_gpu():
            log.info("product index on the GPU")
        self.attributes = AttributeTable([self.products.get(pid) if pid else None for pid in self.index.ids])
        self.retriever = HybridRetriever(self.index, self.products)
        self.image_root = folder.image_root()
        self.parser = QueryParser(products)
        self._refinement_words = set(tokenize(" ".join(
            [*self.parser.colors, *{sz for p in products for sz in p.sizes}, *GENDER_WORDS, *REFINEMENT_WORDS])))
        self.scenes = SceneDetector.from_settings(settings, self.encoder)
        session_factory = make_session_factory(settings.resolved_database_url)
        self.store = ContextStore(session_factory)
        self.orders = OrderBook(session_factory)
        self.policies: dict[str, str] = json.loads(POLICIES_FILE.read_text())
        self.recommender = Recommender(
            self.products, lambda pid: self.index.vector(pid),
            lambda vec, n, allowed: [(h.product_id, h.score) for h in self.index.search(vec, n, allowed)],
            RecommenderConfig(decay=settings.profile_decay))

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
        previous = (np.array([known.previous_probs.get(s, 0.0) for s in SCENES], dtype=np.float64)
                    if known.previous_probs else None)
        if previous is not None and previous.sum() <= 0:
            previous = None
        with span("scene"):
            image_vec = None
            if photo is not None and self.image_encoder is not None:
                image_vec = self.image_encoder.features([photo.image])[0]
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

    def _turn_id(self, sender: str, message_id: str | None) -> int | None:
        turn_id = self.store.turn_id(sender, message_id) if message_id else None
        return turn_id if turn_id is not None else self.store.latest_turn_id(sender)

    def _remember(self, sender: str, message_id: str | None, views: list[ProductView],
                  kind: str = "search") -> int | None:
        """Record the list shown in this turn; returns the turn's id for further records."""
        turn_id = self._turn_id(sender, message_id)
        if turn_id is not None and views:
            self.store.record_shown(turn_id, [(v.id, v.score, v.reason) for v in views], kind=kind)
        return turn_id

    def resolve_reference(self, sender: str, parsed: ParsedQuery) -> Resolution | None:
        """What "it", "the second one", "the cheaper one", "the blue one" point at, searching the
        lists this shopper saw newest first (across scenes, see references.py)."""
        resolution = resolve(parsed.text, parsed.ordinal, self.store.recent_lists(sender), self.products)
        if resolution is not None:
            log.info("reference sender=%s -> %s (%s)", sender, [p.id for p in resolution.products], resolution.how)
        return resolution

    def referenced_product(self, sender: str, parsed: ParsedQuery) -> Product | None:
        resolution = self.resolve_reference(sender, parsed)
        return resolution.product if resolution is not None else None

    def encode_query(self, text: str, photo: CheckedImage | None = None) -> Query:
        with span("retrieval"):
            return self._encode_query(text, photo)

    def _encode_query(self, text: str, photo: CheckedImage | None) -> Query:
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
        with span("retrieval"):
            return self.retriever.search(query, self._all() if allowed is None else allowed, k, exclude=exclude)

    def _rank_vector(self, vector: np.ndarray, query_text: str, allowed: np.ndarray | None, k: int,
                     exclude: set[str] = frozenset()) -> list[Ranked]:
        """Neighbours of a product vector (recommendations), with the product's title as text."""
        query = Query(text=query_text, text_vector=vector)
        with span("retrieval"):
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
        self._remember(sender, message_id, views, "search")
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
            with span("retrieval"):
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
        with span("retrieval"):
            ranked = self.retriever.search(query, allowed, k)
        if not ranked:
            return Answer("Sorry, I couldn't find anything like your photo.", relaxed=relaxed)
        views = self.ranked_views(ranked, filters)
        self._remember(sender, message_id, views, "search")
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
        """Recommendations around the product in focus (``focus_id``: "More like this" in the
        widget; else what the words refer to), the shopper's profile and their words. See
        recommender.py for recall -> rank -> diversify."""
        k = k or self.settings.default_k
        parsed = self.parser.parse(text or "")
        focus = self.products.get(focus_id) if focus_id else None
        focus = focus or self.referenced_product(sender, parsed)
        stated = parsed.filters
        preferences = stated.merged_over(Filters.from_preferences(self.store.preferences(sender)))
        self.store.set_preferences(sender, stated.as_preferences(), self._turn_id(sender, message_id), "recommend")
        # Budget, gender and brand are hard limits; size and colour only rank (preference fit),
        # since "what goes with it" may be a bag with no size at all.
        hard = replace(preferences, sizes=(), colors=(), categories=())
        similar_only = focus is not None and bool(SIMILAR.search(text or "")) and not GOES_WITH.search(text or "")
        if similar_only:
            hard = replace(hard, categories=(focus.category_leaf,))
        elif focus is None and stated.categories:
            hard = replace(hard, categories=stated.categories)
        allowed = self._allowed(hard)
        relaxed = []
        if not allowed.any():
            allowed, relaxed = self._all(), ["your budget / brand / gender limits (nothing matched them)"]
        interactions = self.store.events(sender)
        with span("retrieval"):
            profile = self.recommender.profile(interactions)
            words = [w for w in tokenize(text or "") if w not in STOPWORDS and w not in self._refinement_words]
            if words and focus is None:  # "gift for my sister who does yoga": the words lead, history helps
                said = self.encoder.encode([text])[0]
                profile = said if profile is None else unit(0.65 * said + 0.35 * profile)
            bought = {pid for kind, pid in interactions if kind in {"bought", "returned"}}
            recs = self.recommender.recommend(
                k, focus=focus, profile=profile, interactions=interactions, preferences=preferences, allowed=allowed,
                admissible=lambda pid: bool(allowed[self.index.row(pid)]) if self.index.row(pid) is not None else False,
                exclude=bought,
                link_kinds=("related", "upsell") if similar_only else ("crosssell", "related", "upsell"))
        if not recs:
            return Answer("I couldn't find a good suggestion for that. Could you tell me a bit more about what you'd like?")
        views = [self.view(r.product, r.score, r.reason, r.why) for r in recs]
        self._remember(sender, message_id, views, "recommend")
        if focus is not None:
            intro = f"Similar to the {focus.title}:" if similar_only else f"These go well with the {focus.title}:"
        elif interactions:
            intro = "Picked for you, from what you've looked at:"
        else:
            intro = "Here are some ideas:"
        lines = [intro] + [f"{i}. {v.title} - ${v.price:.2f} ({v.reason})" if v.price is not None else f"{i}. {v.title}"
                           for i, v in enumerate(views, 1)]
        return Answer("\n".join(lines), views, hard.describe(), relaxed)

    # ---- service -----------------------------------------------------------------------------
    def service_answer(self, sender: str, topic: str | None, text: str, message_id: str | None = None) -> Answer:
        policy = self.policies.get(topic or "", self.policies["service_default"])
        if topic in {"return_request", "refund_request"}:
            resolution = self.resolve_reference(sender, self.parser.parse(text or ""))
            if resolution is not None and resolution.source.kind == "order":
                return self._return_order_items(sender, message_id, resolution, policy)
            if resolution is not None and len(resolution.products) == 1:
                focus = resolution.product
                view = self.view(focus, 1.0, "the product you asked about")
                turn_id = self._remember(sender, message_id, [view], "focus")
                self.store.record_event(sender, focus.id, "asked_about", turn_id)
                return Answer(f"About the {focus.title}: {policy}", [view])
            if resolution is not None:
                titles = ", ".join(p.title for p in resolution.products[:3])
                return Answer(f"About the products I just showed you ({titles}): {policy}")
        elif topic not in self.policies:
            # Not a service question at all ("the blue one" right after a return answer, which the
            # scene model kept in service): a pointer at a product on screen is a search for it.
            resolution = self.resolve_reference(sender, self.parser.parse(text or ""))
            if resolution is not None and resolution.source.kind != "order":
                return self.search(sender, text, message_id)
        return Answer(policy)

    def _return_order_items(self, sender: str, message_id: str | None, resolution: Resolution, policy: str) -> Answer:
        """Open return requests for items of an order the shopper verified in this conversation."""
        numbers = self.store.verified_orders(sender)
        if not numbers:
            return Answer(policy)
        turn_id = self._turn_id(sender, message_id)
        opened, again = [], []
        for product in resolution.products:
            for order_number in numbers:  # the most recently verified order that has this item
                made = self.store.request_return(sender, order_number, product.id, turn_id)
                if made is not None:
                    (opened if made[1] else again).append((product, order_number, made[0]))
                    break
        if not opened and not again:
            return Answer(policy)
        parts = [f"I've opened return request R-{rid} for the {p.title} from order {n}." for p, n, rid in opened]
        parts += [f"Return request R-{rid} for the {p.title} from order {n} is already open." for p, n, rid in again]
        parts.append("We'll email the return label to the address on the order. " + policy)
        return Answer(" ".join(parts))

    def order_answer(self, sender: str, number: str, email: str, message_id: str | None = None) -> Answer:
        order = self.orders.lookup(number, email)
        if order is None:
            return Answer("I couldn't find an order with that number and email. Please check both; "
                          "the number is in your confirmation email.")
        turn_id = self._turn_id(sender, message_id)
        self.store.set_verified_email(sender, email)
        if self.store.record_verified_order(sender, order.number, turn_id):
            for pid, *_ in order.items:  # what they bought is taste, for recommendations
                self.store.record_event(sender, pid, "bought", turn_id)
        items = [self.products[pid] for pid, *_ in order.items if pid in self.products]
        if turn_id is not None and items:  # "can I return it?" now means this order's item
            self.store.record_shown(turn_id, [(p.id, None, f"in order {order.number}") for p in items], kind="order")
        return Answer(describe_order(order), card=order_card(order))

    # ---- preferences ---------------------------------------------------------------------------
    PREFERENCE_LABELS = {"size": "size", "color": "colour", "gender": "for", "max_price": "budget up to $",
                         "min_price": "price from $", "brand": "brand"}
    PREFERENCE_NAMES = {"size": "size", "color": "colour", "gender": "gender", "max_price": "budget",
                        "min_price": "minimum price", "brand": "brand"}
    FORGET_WORDS = {"size": ["size"], "sizes": ["size"], "colour": ["color"], "color": ["color"],
                    "colours": ["color"], "colors": ["color"], "budget": ["max_price", "min_price"],
                    "price": ["max_price", "min_price"], "limit": ["max_price", "min_price"],
                    "brand": ["brand"], "gender": ["gender"], "man": ["gender"], "woman": ["gender"],
                    "men": ["gender"], "women": ["gender"], "mens": ["gender"], "womens": ["gender"]}

    def _describe_preference(self, key: str, value: str) -> str:
        label = self.PREFERENCE_LABELS.get(key, key)
        return f"{label}{value}" if label.endswith("$") else f"{label} {value.replace(',', ' or ')}"

    def show_preferences(self, sender: str) -> Answer:
        details = self.store.preference_details(sender)
        if not details:
            return Answer("I'm not keeping any preferences for you. When you mention a size, colour, budget, "
                          "brand or who it's for, I'll use it in later searches until you change it.")
        lines = ["Here's what I'm using from what you told me:"]
        for p in details:
            where = f" (you said \"{p.said[:80]}\"" + (f" while we were on {p.scene}" if p.scene else "") + ")" \
                if p.said else ""
            lines.append(f"- {self._describe_preference(p.key, p.value)}{where}")
        lines.append("Say e.g. \"forget my size\" or \"forget everything\" to change this.")
        return Answer("\n".join(lines))

    def forget_preferences(self, sender: str, text: str) -> Answer:
        words = tokenize(text or "")
        keys = sorted({k for w in words for k in self.FORGET_WORDS.get(w, [])})
        forgotten = self.store.clear_preferences(sender, keys or None)
        if not forgotten:
            what = ", ".join(dict.fromkeys(self.PREFERENCE_NAMES.get(k, k) for k in keys)) or "preferences"
            return Answer(f"I wasn't keeping any {what} for you, so there's nothing to forget.")
        labels = ", ".join(dict.fromkeys(self.PREFERENCE_NAMES.get(k, k) for k in forgotten))
        left = self.store.preferences(sender)
        tail = " I'm not using any other preferences." if not left else \
            " Still using: " + "; ".join(self._describe_preference(k, v) for k, v in sorted(left.items())) + "."
        return Answer(f"Done, I've forgotten your {labels}.{tail}")

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
                from recsys.search.ingest import ingest

                log.warning("%s: rebuilding from %s", exc, settings.catalog_path)
                ingest(settings, settings.catalog_path)
                _assistant = Assistant(settings)
        return _assistant
