"""The scene data that ships with the package: where the files live, how they are read and written.

``recsys/data/scene_data/`` holds the generated training and dev conversations (see
``recsys.training.conversations`` for how they are made); the held-out sets are in
``recsys/data/scene_eval/`` (``recsys.datasets.scene_splits``). Training, evaluation and
benchmarks read them through this module.
"""

from __future__ import annotations

import json
from pathlib import Path

from recsys.settings import PACKAGE_DIR

SCENE_DATA_DIR = PACKAGE_DIR / "data" / "scene_data"
TRAIN_CONVERSATIONS = SCENE_DATA_DIR / "conversations_train.jsonl"
DEV_CONVERSATIONS = SCENE_DATA_DIR / "conversations_dev.jsonl"

# The bot's own intents by scene: its NLU examples are training openers, and the Rasa baseline
# of `recsys eval-scene` maps the intent DIET predicts to a scene with this table.
INTENT_SCENES = {
    "greet": "chitchat", "goodbye": "chitchat", "thank": "chitchat", "bot_challenge": "chitchat",
    "out_of_scope": "chitchat", "nlu_fallback": "chitchat",
    "search_product": "search", "recommend_product": "recommend",
    "order_status": "service", "provide_order_info": "service", "return_request": "service",
    "refund_request": "service", "delivery_info": "service", "payment_info": "service",
    "account_help": "service", "store_policy": "service", "human_handoff": "service",
    "show_preferences": "service", "forget_preferences": "service",
}
# The same intents as dialogue acts, and the bot's entities as slots (the baseline's act and slots).
INTENT_ACTS = {
    "greet": "greet", "goodbye": "bye", "thank": "thank", "bot_challenge": "smalltalk", "out_of_scope": "out_of_scope",
    "nlu_fallback": "out_of_scope", "search_product": "search_product", "recommend_product": "recommend",
    "order_status": "order_status", "provide_order_info": "provide_order_info", "return_request": "return_request",
    "refund_request": "refund", "delivery_info": "delivery", "payment_info": "payment", "account_help": "account",
    "store_policy": "policy", "human_handoff": "handoff", "show_preferences": "state_preference",
    "forget_preferences": "state_preference",
}
ENTITY_SLOTS = {"category": "product_type", "color": "color", "size": "size", "gender": "gender",
                "price": "price_max", "brand": "brand", "email": "email", "order_number": "order_number"}


def write_jsonl(rows: list[dict], path: Path) -> None:
    """Write rows as JSON lines, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_jsonl(path: Path) -> list[dict]:
    """Every JSON object of a JSON-lines file (blank lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
