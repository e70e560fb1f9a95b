"""The scene of each user turn: decided by the scene model from the turn and what came before, then stored."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np

from recsys.assistant.shop import Shop
from recsys.images import CheckedImage
from recsys.ops.telemetry import span
from recsys.scene.detector import SceneDecision
from recsys.scene.model import EVENTS, SCENES, TurnContext, bot_action_after

log = logging.getLogger(__name__)


class TurnObserver:
    """Decides and records the scene of each user turn."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def observe(self, sender: str, message_id: str, text: str, intent: str | None,
                photo: CheckedImage | None = None, photo_error: str | None = None, event: str | None = None,
                in_order_form: bool = False) -> SceneDecision:
        """Decide the scene of a user turn and record it with its explanation (idempotent per message id).

        The model sees the words, the photo and what the store knows of the conversation so far:
        the previous scene distribution, the bot's last move, the products on screen, the turn
        position and the widget event.
        """
        store = self.shop.store
        known = store.scene_context(sender, before_message_id=message_id)
        bot_action = "order_prompt" if in_order_form else bot_action_after(known.previous_scene, known.previous_text)
        context = TurnContext(bot_action=bot_action, products_on_screen=known.products_on_screen,
                              turn_index=known.turn_index, event=event if event in EVENTS else "none")
        previous = (np.array([known.previous_probs.get(s, 0.0) for s in SCENES], dtype=np.float64)
                    if known.previous_probs else None)
        if previous is not None and previous.sum() <= 0:
            previous = None
        with span("scene"):
            image_vec = None
            if photo is not None and self.shop.image_encoder is not None:
                image_vec = self.shop.image_encoder.features([photo.image])[0]
            decision = self.shop.scenes.step(text, context, previous, image_vec=image_vec, explain=True)
        decision.explanation["intent"] = intent
        decision.explanation["understanding"] = {
            "act": decision.act, "act_confidence": decision.act_confidence, "ref": decision.ref,
            "slots": [{"slot": sl.name, "value": sl.value} for sl in decision.slots]}
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
