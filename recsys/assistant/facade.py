"""The library's front door: every conversational decision the Rasa actions need.

Actions pass in what the tracker says (sender, message id, text, intent) and get back plain
data (texts, product views, scene decisions). Keeping Rasa out of here means the whole
behaviour is testable in-process, and the same logic serves the CLI. The ``Assistant`` builds the
shared collaborators once (``Shop.open``) and the feature objects, and hands each request to one.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import fields
from typing import Any

from recsys.assistant.cart import Cart
from recsys.assistant.dialogue import (
    ADD_FIRST,
    CART,
    CLEAR_ALL,
    LET_GO,
    NOT_ARRIVED,
    QUESTION,
    REMOVE_FIRST,
    SEARCH_VERB,
    Dialogue,
    Features,
    clauses,
    is_context,
    names_a_topic,
    split_asks,
)
from recsys.assistant.preferences import Preferences
from recsys.assistant.product_questions import ProductQuestions
from recsys.assistant.product_search import ProductSearch
from recsys.assistant.recommendations import Recommendations
from recsys.assistant.references import Resolution
from recsys.assistant.reload import Reloader
from recsys.assistant.service import ServiceDesk
from recsys.assistant.shop import Shop
from recsys.assistant.turns import TurnObserver
from recsys.assistant.views import Answer, ProductView
from recsys.assistant.widget_events import WidgetEvents
from recsys.catalog import Product
from recsys.images import CheckedImage, ImageError, has_photo, photo_from_metadata
from recsys.scene.cues import CANCEL, ORDER_NO, after_cancel
from recsys.scene.detector import SceneDecision
from recsys.scene.slots import parse_email, parse_order_number
from recsys.search.hybrid import Query
from recsys.search.index import ProductIndexError
from recsys.search.query import ParsedQuery
from recsys.settings import Settings, get_settings

log = logging.getLogger(__name__)

# "forget it he has enough clothes, take it out": a removal said after the reason, anywhere in the clause
TAKE_IT_OUT = re.compile(r"\b(?:take (?:it|that|this|them|those) (?:back )?out|remove (?:it|that|this|them|those))\b",
                         re.I)
# Acts that are the order look-up's own business (the form asks and answers them)
ORDER_FORM_ACTS = {"order_status", "provide_order_info", "correction", "affirm", "deny", "cancel_task"}

SHARED = frozenset(f.name for f in fields(Shop))  # read through: assistant.products, assistant.store, ...


# What a question beside a photo may ask of the pictured product ("in another colour?", "how much?")
PHOTO_QUESTIONS = ("color", "size", "price", "material", "feature", "dimensions", "included", "care")


class Assistant:
    """Every conversational decision, each made by its feature module on the shared ``Shop``."""

    def __init__(self, settings: Settings) -> None:
        self.shop = shop = Shop.open(settings)
        self.turns = TurnObserver(shop)
        self.searches = ProductSearch(shop)
        self.recommendations = Recommendations(shop, self.searches.refinement_words, self.searches.kinds_named)
        self.service = ServiceDesk(shop, self.searches)
        self.preferences = Preferences(shop)
        self.widget = WidgetEvents(shop)
        self.cart = Cart(shop)
        self.questions = ProductQuestions(shop)
        self.dialogue = Dialogue(shop, Features(self.searches, self.recommendations, self.service,
                                                self.questions, self.cart, self.preferences),
                                 self.turns.read_part)

    def __getattr__(self, name: str) -> Any:
        """The shared collaborators (``products``, ``index``, ``store``...) read as the assistant's own."""
        if name in SHARED:
            return getattr(self.shop, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def observe_turn(self, sender: str, message_id: str, text: str, intent: str | None,
                     photo: CheckedImage | None = None, photo_error: str | None = None, event: str | None = None,
                     in_order_form: bool = False) -> SceneDecision:
        """Decide the scene of a user turn and record it with its explanation (see turns.py)."""
        return self.turns.observe(sender, message_id, text, intent, photo, photo_error, event, in_order_form)

    def understand(self, sender: str | None, message_id: str, text: str,
                   metadata: dict | None = None) -> SceneDecision:
        """Understand a user message before Rasa picks its rule (the NLU step): scene, act, slots, reference.

        The photo and widget event come from the message's metadata; the decision is recorded, so
        the actions that follow read the same answer instead of deciding again. Without a sender
        the turn is read as a first turn and not recorded.
        """
        photo, photo_error = None, None
        if has_photo(metadata):
            try:
                photo = photo_from_metadata(metadata, self.settings.upload_dir, self.settings.max_upload_bytes)
            except ImageError as exc:
                photo_error = str(exc)
        event = (metadata or {}).get("event")
        kind = str(event.get("type") or "") if isinstance(event, dict) else ""
        if sender is None:
            return self.turns.first_turn(text, photo, kind or None)
        return self.turns.observe(sender, message_id, text, None, photo, photo_error, kind or None)

    def respond(self, sender: str, message_id: str, text: str, intent: str | None = None) -> list[Answer]:
        """The answers to a user turn, chosen by its dialogue act (see dialogue.py); empty for small talk."""
        decision = self.turns.observe(sender, message_id, text, intent)
        return self.dialogue.respond(sender, message_id, text, decision, intent)

    def respond_after_cancel(self, sender: str, message_id: str, text: str) -> list[Answer]:
        """The answers to a request said after "forget it" in the same message; empty when there is none.

        Only the clauses that ask for something are answered: "nvm the return, I'll keep it. show
        me mens tanks instead" gets the tanks, not the return policy again.
        """
        dropped = self.dialogue.dropped_item(sender, message_id, text or "")
        if dropped is not None:  # "Never mind the bottle then, just the brick.": Rasa's cancel rule heard "never mind"
            return [dropped]
        # "hmm actually remove it, changed my mind" read as a cancel: no cancel phrase, so the whole is the ask
        rest = after_cancel(text) if CANCEL.search(text or "") else (text or "")
        answers = []
        for part in split_asks(rest):
            if len(part.split()) < 2 or not self._asks_for_something(part):
                continue  # "never mind, ill look for it later", "I'll keep it": nothing more to answer
            answer = self.dialogue.answer(sender, message_id, part, self.turns.read_part(sender, message_id, part),
                                          None)
            if answer is not None:
                answers.append(answer)
        return answers

    def respond_beside_order_info(self, sender: str, message_id: str, text: str) -> list[Answer]:
        """The answers to the other asks of a message that gave the order look-up its number or email.

        "its 1001. also do you ship to canada?": the look-up takes the number, and the delivery
        question is answered too instead of being swallowed by the form.
        """
        parts = clauses(text)  # as two asks are split, a bare "1003" being a clause of its own here
        if len(parts) < 2:
            return []
        answers = []
        for part in parts:
            if parse_order_number(part) or parse_email(part) or len(part.split()) < 2 or NOT_ARRIVED.search(part):
                continue  # the look-up's own clause, or why it is looked up ("It hasn't arrived yet.")
            if is_context(part, self.shop.parser.parse(part).filters):
                continue  # "It's a gift for my mum and I'm getting nervous": who it is for, no ask
            reading = self.turns.read_part(sender, message_id, part)
            if reading.scene == "chitchat" or reading.act in ORDER_FORM_ACTS:
                continue
            answer = self.dialogue.answer(sender, message_id, part, reading, None)
            if answer is not None:
                answers.append(answer)
        return answers

    def _asks_for_something(self, words: str) -> bool:
        """Whether words said after a cancel ask for something.

        Products, the cart, a search, a cart change, or an order by its number ("never mind the
        pants. can you look up my order 1001?").
        """
        if CLEAR_ALL.search(words):
            return True  # "nvm forget it, clear everything": the cart emptied
        if LET_GO.search(words) and not (SEARCH_VERB.search(words) or CART.search(words) or ORDER_NO.search(words)):
            return False  # "hmm actually forget the backpack, thanks anyway": the backpacks are let go, not asked for
        # "back to the legins, cheapest first": the product words as the search reads them, typos mended
        filters = self.shop.parser.parse(self.shop.speller.correct(words).text).filters
        return bool(filters.categories or filters.sort or CART.search(words)
                    or TAKE_IT_OUT.search(words)  # "he has enough clothes, take it out"
                    or (SEARCH_VERB.search(words) and not LATER.search(words))
                    or REMOVE_FIRST.search(words) or ADD_FIRST.search(words)  # "forget it, clear my cart"
                    or ORDER_NO.search(words)
                    # "forget it, remove it. how long does delivery take anyway": a service question too
                    or (QUESTION.search(words) and names_a_topic(words)))

    def cart_card(self, sender: str) -> dict:
        """The shopper's cart: items, count and total (the widget's cart and the chat's are one)."""
        return self.cart.card(sender)

    def view(self, product: Product, score: float, reason: str, why: dict | None = None) -> ProductView:
        """A product as the widget shows it."""
        return self.shop.view(product, score, reason, why)

    def resolve_reference(self, sender: str, parsed: ParsedQuery) -> Resolution | None:
        """What "it", "the second one", "the blue one" point at in the lists this shopper saw."""
        return self.shop.resolve_reference(sender, parsed)

    def referenced_product(self, sender: str, parsed: ParsedQuery) -> Product | None:
        """The one product the words point at, or None."""
        return self.shop.referenced_product(sender, parsed)

    def encode_query(self, text: str, photo: CheckedImage | None = None) -> Query:
        """The words (and photo) as vectors for the retriever."""
        return self.searches.encode_query(text, photo)

    def search(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
               photo: CheckedImage | None = None) -> Answer:
        """Products matching the words and/or photo, within the shopper's filters (see product_search.py).

        A question beside a photo the shop recognises ("got this in another colour?", "how much is
        this?") is answered about the pictured product first, above the closest matches.
        """
        answer = self.searches.search(sender, text, message_id, k, photo)
        if photo is None or not (text or "").strip():
            return answer
        pictured = self.shop.products.get(answer.pictured)
        if pictured is None:
            return answer  # no product recognised in the photo
        asked = self.questions.asked(text)
        # a question ("got this in another colour?"), not a wish ("like this but in blue")
        aspects = [a for a in asked.aspects if a in PHOTO_QUESTIONS] if QUESTION.search(text) else []
        if aspects:
            lines = [self.questions.about_aspect(pictured, a, asked) for a in aspects]
            answer.text = " ".join(lines) + "\n" + answer.text
        return answer

    def recommend(self, sender: str, text: str, message_id: str | None = None, k: int | None = None,
                  focus_id: str | None = None) -> Answer:
        """Recommendations around a product in focus, the profile and the words (see recommendations.py)."""
        return self.recommendations.recommend(sender, text, message_id, k, focus_id)

    def service_answer(self, sender: str, topic: str | None, text: str, message_id: str | None = None) -> Answer:
        """The policy on a service topic, or a return of a verified order's item (see service.py)."""
        return self.service.answer(sender, topic, text, message_id)

    def order_meant(self, sender: str, text: str) -> tuple[str, str] | None:
        """The verified order (number, email) a status question without a number points back at (see service.py)."""
        return self.service.order_meant(sender, text)

    def email_said_before(self, sender: str) -> str | None:
        """The email a "same email" means (the verified one, else the last one typed), or None."""
        return self.service.email_said_before(sender)

    def verified_email(self, sender: str) -> str | None:
        """The email an earlier look-up in this conversation proved, or None."""
        return self.shop.store.verified_email(sender)

    def order_topic_note(self, text: str) -> str | None:
        """The refund or return policy's gist, said when an order look-up starts from such a question."""
        return self.service.topic_note(text)

    def order_answer(self, sender: str, number: str, email: str, message_id: str | None = None,
                     asked: str = "") -> Answer:
        """An order's status, given its number and the email it was placed with (``asked``: the shopper's words)."""
        return self.service.order_answer(sender, number, email, message_id, asked)

    def show_preferences(self, sender: str) -> Answer:
        """The preferences kept for this shopper, and where they came from."""
        return self.preferences.show(sender)

    def forget_preferences(self, sender: str, text: str) -> Answer:
        """Forget the preferences the words name, or all of them."""
        return self.preferences.forget(sender, text)

    def widget_event(self, sender: str, message_id: str | None, kind: str, product_id: str) -> Product | None:
        """Record a click in the widget as context; None (nothing recorded) for unknown events."""
        return self.widget.record(sender, message_id, kind, product_id)


LATER = re.compile(r"\b(later|another time|tomorrow|myself)\b", re.I)
_assistant: Assistant | None = None
_reloader: Reloader | None = None
_assistant_lock = threading.Lock()


def start_reloader() -> Reloader:
    """Watch the index folder and scene model and swap in a new assistant when they change (see reload.py)."""
    global _reloader
    with _assistant_lock:
        if _reloader is None:
            _reloader = Reloader(get_settings(), lambda: Assistant(get_settings()), _swap,
                                 get_settings().reload_interval_s)
    _reloader.start()
    return _reloader


def _swap(assistant: Assistant) -> None:
    global _assistant
    with _assistant_lock:
        _assistant = assistant


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
