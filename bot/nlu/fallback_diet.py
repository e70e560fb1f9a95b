"""DIET only where the turn model leaves it work: Rasa's classifier as the fallback, not a second reading.

DIET costs about 5 ms of Rasa's CPU per message (three quarters of the NLU pipeline), and once
``TurnUnderstanding`` has the turn model's answer its intent and entities are thrown away. This
subclass, placed after ``TurnUnderstanding`` in ``config.yml``, runs DIET on a message only when

- the turn model gave no answer (action server down, ``RECSYS_UNDERSTAND_URL=off`` for the DIET
  baseline, a channel message without an id): DIET's reading is the message's reading, as before;
- the model's act may hold one of DIET's finer intents (``understanding.FINER``: "are you a bot"
  inside small talk, "what do you know about me" inside a preference): DIET's intent is read only
  for that choice, and the model's intent and entities stay.

``RECSYS_RASA_DIET=always`` runs DIET on every message as before (the model's reading still
rules); it exists to measure the saving side by side (``scripts/bench_load.py --compare-env``).
Training is DIET's own, unchanged.
"""

from __future__ import annotations

import os

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.understanding import ANSWER_KEY, FINER_ACTS, intent_for

MODES = ("fallback", "always")


def diet_mode(env: dict[str, str] | None = None) -> str:
    """``RECSYS_RASA_DIET``: ``fallback`` (default) or ``always``; anything else is a configuration error."""
    value = (os.environ if env is None else env).get("RECSYS_RASA_DIET", "").strip().lower() or "fallback"
    if value not in MODES:
        raise ValueError(f"RECSYS_RASA_DIET={value!r}: expected one of {', '.join(MODES)}")
    return value


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True)
class FallbackDIET(DIETClassifier):
    """Rasa's DIETClassifier, run only on messages the turn model did not answer or may leave a finer intent in."""

    def process(self, messages: list[Message]) -> list[Message]:
        """DIET's reading where there is no answer; DIET's finer intent inside the model's act; nothing otherwise."""
        always = diet_mode() == "always"
        unread = [m for m in messages if not isinstance(m.get(ANSWER_KEY), dict)]
        finer = [m for m in messages if isinstance(m.get(ANSWER_KEY), dict)
                 and (always or m.get(ANSWER_KEY).get("act") in FINER_ACTS)]
        if unread:
            super().process(unread)
        for message in finer:
            answer, entities = message.get(ANSWER_KEY), message.get(ENTITIES)
            super().process([message])
            intent = intent_for(answer, message.get(INTENT))
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set(ENTITIES, entities, add_to_output=True)  # the model's slots, not DIET's
        return messages
