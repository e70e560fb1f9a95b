"""Rasa NLU component: the turn model's reading of each message becomes the intent and entities.

The turn model (``recsys.scene``) runs in the action server's environment, so this component
(Rasa's environment, Python 3.10) asks it over HTTP: ``POST /understand`` on the action server
(``actions/understanding.py``) with the sender, message id, text and metadata. The answer's
dialogue act becomes the intent the rules and forms use, its slots the entities. It sits before
DIET in ``config.yml`` (after Rasa's exact regular expressions for order numbers and emails), and
DIET runs as ``bot.nlu.fallback_diet.FallbackDIET``: the measured baseline, and the fallback when
the action server cannot answer (then DIET's own intent and entities go on, and the reason is
logged); on answered messages DIET does not run at all, which saves most of Rasa's NLU time.

Acts map to the bot's intents (``ACT_INTENTS``). Where the bot has finer intents than the acts
(``bot_challenge`` within small talk, ``show_preferences`` / ``forget_preferences``), DIET runs on
the messages of those acts and its confident finer intent is kept inside the act (``FINER``).

Where to ask: ``RECSYS_UNDERSTAND_URL``; otherwise the action server's webhook URL
(``ACTION_SERVER_URL``, as in the endpoints file) with ``/webhook`` replaced by ``/understand``;
otherwise ``http://127.0.0.1:5055/understand``; ``off`` turns the component off (DIET alone, as
the baseline evaluation runs it). ``RECSYS_ACTION_TOKEN`` is sent as a bearer token.
The sender id is not part of Rasa's NLU message, so the channels put it in the metadata
(``recsys_sender``, see ``bot.channels.shop``); without it (``rasa shell``'s own channel) the turn
is read without context and not recorded, and the first action of the turn decides it with context.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.request
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

log = logging.getLogger(__name__)

SENDER_KEY = "recsys_sender"
ACT_INTENTS = {
    "search_product": "search_product", "refine": "search_product", "ask_about_shown": "search_product",
    "add_to_cart": "search_product", "remove_from_cart": "search_product", "show_cart": "search_product",
    "compare": "search_product", "sort": "search_product", "state_preference": "search_product",
    "recommend": "recommend_product",
    "order_status": "order_status", "provide_order_info": "provide_order_info", "correction": "provide_order_info",
    "return_request": "return_request", "refund": "refund_request", "delivery": "delivery_info",
    "payment": "payment_info", "account": "account_help", "policy": "store_policy", "handoff": "human_handoff",
    "greet": "greet", "thank": "thank", "bye": "goodbye", "smalltalk": "out_of_scope", "out_of_scope": "out_of_scope",
    "other_language": "out_of_scope",
    # Answers to the bot's own question: the order form goes on ("ok"), or stops ("no", "never mind").
    "affirm": "affirm", "deny": "deny", "cancel_task": "cancel_task",
}
# DIET's finer intents that may stand inside an act of the model (when DIET is confident).
FINER = {
    "bot_challenge": {"smalltalk", "out_of_scope"},
    "show_preferences": {"state_preference", "account", "smalltalk", "out_of_scope", "policy"},
    "forget_preferences": {"state_preference", "account", "cancel_task", "out_of_scope", "policy"},
}
FINER_CONFIDENCE = 0.8
# The acts DIET still reads a message for when the model has answered.
FINER_ACTS = frozenset().union(*FINER.values())
# Where the model's answer is kept on the message (and in Rasa's parse output, for the actions).
ANSWER_KEY = "turn_understanding"
SLOT_ENTITIES = {"product_type": "category", "color": "color", "size": "size", "gender": "gender",
                 "price_max": "price", "brand": "brand", "email": "email", "order_number": "order_number"}
# Entities Rasa's regular expressions find exactly; kept when the model misses them.
EXACT_ENTITIES = {"order_number", "email"}
# Questions about one order: with its number they start the order look-up (its answer covers them).
ORDER_TOPICS = {"return_request", "refund_request", "delivery_info"}
# A correction that carries no order number or email corrects a product detail, not the order form.
SERVICE_SLOTS = {"order_number", "email"}
PRODUCT_SLOTS = {"product_type", "color", "size", "gender", "price_min", "price_max", "brand", "negation"}


def understand_url(env: dict[str, str] | None = None) -> str:
    """Where the action server answers ``/understand`` (see the module docstring)."""
    env = dict(os.environ if env is None else env)
    if env.get("RECSYS_UNDERSTAND_URL"):
        return env["RECSYS_UNDERSTAND_URL"]
    webhook = env.get("ACTION_SERVER_URL", "")
    if webhook.rstrip("/").endswith("/webhook"):
        return webhook.rstrip("/")[: -len("/webhook")] + "/understand"
    return "http://127.0.0.1:5055/understand"


def intent_for(answer: dict, diet: dict | None) -> dict:
    """The intent Rasa uses: the model's act mapped to a bot intent, DIET's finer intent kept where it fits."""
    act = str(answer.get("act") or "out_of_scope")
    confidence = float(answer.get("act_confidence") or 0.0)
    name = ACT_INTENTS.get(act) or "out_of_scope"
    slots = {s.get("slot") for s in answer.get("slots") or []}
    if act == "correction" and not slots & SERVICE_SLOTS:
        # "sorry, I meant green, and under $55": a product detail corrected, whatever scene it follows
        product_fix = bool(slots & PRODUCT_SLOTS)
        name = "search_product" if answer.get("scene") == "search" or product_fix else "out_of_scope"
    if name in ORDER_TOPICS and "order_number" in slots and "email" not in slots:
        # "need to return something from order 1001": the order look-up starts and asks the email
        # (with the email too, the answering action looks the order up and answers the question).
        name = "order_status"
    diet_name = (diet or {}).get("name")
    diet_sure = float((diet or {}).get("confidence") or 0.0) >= FINER_CONFIDENCE
    if diet_name in FINER and act in FINER[diet_name] and diet_sure:
        name = diet_name
    # Rasa's fallback threshold reads this confidence; an act the model is unsure of falls back
    # to the scene-routed fallback action as DIET's unsure intents did.
    return {"name": name, "confidence": confidence}


def well_formed(answer: Any) -> bool:
    """Whether an ``/understand`` answer has the shape this component reads."""
    if not isinstance(answer, dict) or not isinstance(answer.get("act"), str):
        return False
    if not isinstance(answer.get("act_confidence", 0.0), (int, float)):
        return False
    slots = answer.get("slots", [])
    return isinstance(slots, list) and all(isinstance(s, dict) for s in slots)


def entities_for(answer: dict, before: list[dict] | None = None) -> list[dict]:
    """The model's slots as the bot's entities (slots the domain has no entity for are left out).

    ``before`` are the entities the pipeline found before this component: an order number or
    email that the exact regular expressions found and the model did not ("Certainly, it is
    1002.") is kept, since those rules are exact.
    """
    out = []
    for s in answer.get("slots") or []:
        entity = SLOT_ENTITIES.get(str(s.get("slot")))
        if entity:
            out.append({"entity": entity, "value": s.get("value"), "start": s.get("start"), "end": s.get("end"),
                        "extractor": "TurnUnderstanding", "confidence_entity": 1.0})
    found = {e["entity"] for e in out}
    out += [e for e in before or [] if isinstance(e, dict) and e.get("entity") in EXACT_ENTITIES
            and e.get("extractor") == "RegexEntityExtractor" and e["entity"] not in found]
    return out


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False)
class TurnUnderstanding(GraphComponent):
    """Sets intent and entities from the action server's turn model (DIET reads the message when it cannot answer)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``timeout`` in seconds for one ``/understand`` call; ``pause`` after a failure, in seconds."""
        return {"timeout": 2.0, "pause": 30.0}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TurnUnderstanding:
        """The component with its configuration."""
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.timeout = float(config.get("timeout", 2.0))
        self.pause = float(config.get("pause", 30.0))
        self._down_until = 0.0

    def _ask(self, message: Message) -> dict | None:
        """The action server's answer, or None (unreachable, slow, or not a well-formed answer).

        Rasa runs the NLU step on its event loop, so a slow action server would hold up every
        chat: the call has a short timeout, and after a failure the component stops asking for
        ``pause`` seconds (DIET answers meanwhile) instead of waiting on every message.
        """
        if time.monotonic() < self._down_until:
            return None
        answer = self._post(message)
        if answer is None:
            self._down_until = time.monotonic() + self.pause
        return answer

    def _post(self, message: Message) -> dict | None:
        metadata = message.get("metadata") or {}
        sender = metadata.get(SENDER_KEY) if isinstance(metadata, dict) else None
        if not sender:  # a channel that does not say who is talking (e.g. `rasa shell`'s cmdline)
            log.debug("no sender in the message metadata: understood without context, not recorded")
        body = json.dumps({"sender_id": sender, "message_id": message.get("message_id") or "",
                           "text": message.get(TEXT) or "",
                           "metadata": {k: v for k, v in metadata.items() if k != SENDER_KEY}
                           if isinstance(metadata, dict) else None}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        token = os.environ.get("RECSYS_ACTION_TOKEN")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(understand_url(), data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310 (configured URL)
                answer = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.warning("turn understanding unavailable (%s): DIET's reading is used for %.0f s", exc, self.pause)
            return None
        if not well_formed(answer):
            log.warning("turn understanding answered something else than expected: DIET's reading is used")
            return None
        return answer

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the turn model's reading of each message as its intent and entities (none when it cannot answer)."""
        if understand_url() == "off":
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not message.get("message_id") or text.startswith("/"):  # intent shortcuts and training data
                continue
            answer = self._ask(message)
            if answer is None:
                continue
            intent = intent_for(answer, message.get(INTENT))
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set(ENTITIES, entities_for(answer, message.get(ENTITIES)), add_to_output=True)
            message.set(ANSWER_KEY, answer, add_to_output=True)
        return messages
