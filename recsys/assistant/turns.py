"""The scene of each user turn: decided by the scene model from the turn and what came before, then stored."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import numpy as np

from recsys.assistant.dialogue import SHOPPING_ACTS, SMALL_TALK_ACTS
from recsys.assistant.shop import Shop
from recsys.images import CheckedImage
from recsys.ops.telemetry import span
from recsys.scene.cues import GREETING, meant_size, with_exact_act
from recsys.scene.detector import SceneDecision
from recsys.scene.language import looks_foreign
from recsys.scene.model import EVENTS, SCENES, TurnContext, bot_action_after
from recsys.scene.slots import Slot
from recsys.search.query import BY_PRICE, SORT_ASC, SORT_DESC, QueryParser
from recsys.search.shorthand import expand, mend_misspellings
from recsys.search.spelling import Speller
from recsys.storage.context_store import SceneContext, TurnRecord

log = logging.getLogger(__name__)
THANKS_BYE = re.compile(r"\b(thanks?|thank you|cheers|bye|goodbye|love)\b", re.I)  # "thanks for the bag"
# A message that is only thanks, praise or a goodbye ("ok ty ur helpful", "thanks so much, bye"): small
# talk, however the conversation before it leans (the switching filter once kept it a recommendation).
THANKS_ONLY = re.compile(r"^\W*(?:(?:ok|okay|k|great|cool|perfect|awesome|nice|alright|lovely|oh|ah)\W+)*"
                         r"(?:thanks?|thank you|thx|ty|tysm|cheers|ta|bye|goodbye|cya)\b"
                         r"(?:\W+(?:so|very|much|a lot|again|anyway|for (?:the|your|ur) help|"
                         r"you'?re|youre|your|ur|you are|really|super|helpful|great|the best|a star|legend|bye|cya|"
                         r"have a good (?:day|one)|"
                         r"x+))*\W*$", re.I)

# "brb match starting", "one sec shes stirring", "pasta boiling over brb": away for a moment, nothing asked
AWAY = re.compile(r"\b(?:brb|be right back|back in a (?:sec|min|minute|bit)|one sec|1 sec|a sec|one moment|"
                  r"hold on|hang on|gimme a (?:sec|min)|give me a (?:sec|second|min|minute))\b", re.I)


COURTESY_ACTS = {"thank", "greet", "bye"}
CLAUSE_END = re.compile(r"(?<=[.!?,;])\s+")


def decision_from_record(record: TurnRecord, intent: str | None) -> SceneDecision:
    """The decision stored for a turn, as the detector returned it."""
    expl = dict(record.explanation or {})
    understood = expl.get("understanding") or {}
    if intent and not expl.get("intent"):
        expl["intent"] = intent
    slots = [Slot(str(s.get("slot")), str(s.get("value")), int(s.get("start", -1)), int(s.get("end", -1)))
             for s in understood.get("slots") or [] if isinstance(s, dict)]
    previous = expl.get("previous_scene")
    return SceneDecision(record.scene, record.raw_scene or record.scene, record.probs,
                         bool(previous and previous != record.scene), expl, act=understood.get("act", "smalltalk"),
                         act_confidence=float(understood.get("act_confidence", 0.0)), slots=slots,
                         ref=understood.get("ref", "none"))


def model_context(known: SceneContext, event: str | None = None,
                  in_order_form: bool = False) -> tuple[TurnContext, np.ndarray | None]:
    """What the turn model sees of the conversation so far: the turn's context and the previous scene distribution."""
    bot_action = "order_prompt" if in_order_form else bot_action_after(known.previous_scene, known.previous_text)
    context = TurnContext(bot_action=bot_action, products_on_screen=known.products_on_screen,
                          turn_index=known.turn_index, event=event if event in EVENTS else "none")
    previous = (np.array([known.previous_probs.get(s, 0.0) for s in SCENES], dtype=np.float64)
                if known.previous_probs else None)
    if previous is not None and previous.sum() <= 0:
        previous = None
    return context, previous


def words_for_model(text: str, type_speller: Speller) -> str:
    """The words as the turn model reads them: misspelt product types and chat words mended ("hoddies", "arive").

    Chat shorthand stays as typed: the model learned "u", "pls" and "ur" as shoppers write them,
    and spelling them out moved some of its readings (measured on the independent conversations);
    the exact cues and the dialogue read the spelled-out words (``expand``).
    """
    return type_speller.correct(mend_misspellings(text)).text


def exact_reading(decision: SceneDecision, text: str, parser: QueryParser, type_speller: Speller) -> SceneDecision:
    """The model's decision with exact cues applied; a product type said as small talk is shopping.

    "now tanks" read as a goodbye (or "jackets pls" as thanks) would get Rasa's goodbye
    response: a message that names a product type the shop parses, with few other words, is a search.
    """
    words = expand(text)
    decision = with_exact_act(decision, words)
    if decision.act in SHOPPING_ACTS and THANKS_ONLY.search(words):
        return replace(decision, act="thank", scene="chitchat")
    if decision.act in SHOPPING_ACTS and AWAY.search(words) and "?" not in words:
        said = parser.parse(type_speller.correct(words).text).filters
        if not (said.categories or said.narrows):
            return replace(decision, act="smalltalk", scene="chitchat")
    if decision.act == "other_language" and not looks_foreign(text) and GREETING.search(words) \
            and not parser.parse(type_speller.correct(words).text).filters.categories:
        # "Namaste! Good evening", "Oi! good morning": a greeting from home, then English
        return replace(decision, act="greet", scene="chitchat")
    if decision.act == "other_language" and not looks_foreign(text):
        # "undr 30", "wit magsafe": shorthand the model took for another language; a price, colour,
        # size or product kind the shop reads in it is shopping
        f = parser.parse(type_speller.correct(words).text).filters
        if f.categories or f.colors or f.sizes or f.max_price is not None or f.min_price is not None:
            return replace(decision, act="search_product", scene="search")
        if meant_size(words):  # "entschuldigung, 34 not 36": a size corrected, whatever the apology
            return replace(decision, act="correction", scene="search")
    if decision.act in COURTESY_ACTS and not THANKS_ONLY.search(words):
        # "thanks! back to the tees, only the red ones please": the courtesy opens a shopping ask
        rest = [parser.parse(type_speller.correct(p).text).filters for p in CLAUSE_END.split(words)[1:]]
        wish = next((f for f in rest if f.categories or f.narrows or f.sort), None)
        if wish is not None:
            return replace(decision, act="search_product" if wish.categories else "refine", scene="search")
    if decision.act not in SMALL_TALK_ACTS or THANKS_BYE.search(words):
        return decision
    if SORT_ASC.search(words) or SORT_DESC.search(words) or BY_PRICE.search(words):
        return replace(decision, act="sort", scene="search")  # "sort hi to lo" is no greeting
    if len(words.split()) <= 4 and parser.parse(type_speller.correct(words).text).filters.categories:
        return replace(decision, act="search_product", scene="search")
    return decision


class TurnObserver:
    """Decides and records the scene of each user turn."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def _photo_features(self, photo: CheckedImage | None) -> np.ndarray | None:
        """The photo's image features (None without a photo or with photo search switched off)."""
        if photo is None or self.shop.image_encoder is None:
            return None
        return self.shop.image_encoder.features([photo.image])[0]

    def _spelt(self, text: str) -> str:
        """The words as the turn model reads them (``words_for_model``)."""
        return words_for_model(text, self.shop.type_speller)

    def _exact(self, decision: SceneDecision, text: str) -> SceneDecision:
        """The model's decision with the exact cues applied (``exact_reading``)."""
        return exact_reading(decision, text, self.shop.parser, self.shop.type_speller)

    def first_turn(self, text: str, photo: CheckedImage | None = None, event: str | None = None) -> SceneDecision:
        """A turn read with no conversation before it, not recorded (a caller that cannot say who is talking)."""
        context = TurnContext(event=event if event in EVENTS else "none")
        with span("scene"):
            decision = self.shop.scenes.step(self._spelt(text), context, None, image_vec=self._photo_features(photo))
        return self._exact(decision, text)

    def read_part(self, sender: str, message_id: str, text: str) -> SceneDecision:
        """The turn model's reading of one clause of a message (one of two asks), in the turn's context.

        Not recorded: the message as a whole is the turn.
        """
        known = self.shop.store.scene_context(sender, before_message_id=message_id)
        context, previous = model_context(known)
        with span("scene"):
            return self._exact(self.shop.scenes.step(self._spelt(text), context, previous), text)

    def observe(self, sender: str, message_id: str, text: str, intent: str | None,
                photo: CheckedImage | None = None, photo_error: str | None = None, event: str | None = None,
                in_order_form: bool = False) -> SceneDecision:
        """Decide the scene of a user turn and record it with its explanation (idempotent per message id).

        The model sees the words, the photo and what the store knows of the conversation so far:
        the previous scene distribution, the bot's last move, the products on screen, the turn
        position and the widget event.
        """
        store = self.shop.store
        recorded = store.recorded_turn(sender, message_id)
        if recorded is not None:  # understood already (the NLU step asked first): the same answer
            return decision_from_record(recorded, intent)
        known = store.scene_context(sender, before_message_id=message_id)
        context, previous = model_context(known, event, in_order_form)
        with span("scene"):
            decision = self.shop.scenes.step(self._spelt(text), context, previous,
                                             image_vec=self._photo_features(photo), explain=True)
        decision = self._exact(decision, text)
        decision.explanation["intent"] = intent
        decision.explanation["understanding"] = {
            "act": decision.act, "act_confidence": decision.act_confidence, "ref": decision.ref,
            "slots": [{"slot": sl.name, "value": sl.value, "start": sl.start, "end": sl.end}
                      for sl in decision.slots]}
        if photo_error:
            decision.explanation["photo_error"] = photo_error
        record = store.record_turn(sender, message_id, text, intent, decision.scene, decision.raw_scene,
                                   decision.probs, decision.explanation)
        if not record.created:
            decision = replace(decision, scene=record.scene, probs=record.probs)
        log.info("turn sender=%s scene=%s raw=%s prev=%s intent=%s act=%s ref=%s slots=%s", sender, decision.scene,
                 decision.raw_scene, known.previous_scene, intent, decision.act, decision.ref,
                 ",".join(sl.name for sl in decision.slots) or "-")
        return decision
