"""The scene data that ships with the package: where the files live, how they are read and written.

``recsys/data/scene_data/`` holds the generated training and dev conversations, the held-out
single utterances and the real shopper queries (see ``recsys.training.conversations`` for how
they are made). Training, evaluation and benchmarks read them through this module.
"""

from __future__ import annotations

import json
from pathlib import Path

from recsys.settings import PACKAGE_DIR

SCENE_DATA_DIR = PACKAGE_DIR / "data" / "scene_data"
TRAIN_CONVERSATIONS = SCENE_DATA_DIR / "conversations_train.jsonl"
DEV_CONVERSATIONS = SCENE_DATA_DIR / "conversations_dev.jsonl"
HELDOUT_UTTERANCES = SCENE_DATA_DIR / "utterances_heldout.jsonl"
SHOPPER_QUERIES = SCENE_DATA_DIR / "shopper_queries.txt"

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
