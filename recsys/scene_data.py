"""Builds the scene model's training set (recsys/data/scene_train.jsonl, committed).

Sources: the bot's own NLU examples (intent -> scene), real utterances from the shared corpora
(Bitext customer service -> service; CLINC150 small talk, out-of-scope and non-shop domains ->
chitchat) and catalog-driven search / recommend phrasings. The shared dev conversations are
never used here, so they stay an honest check.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

import yaml

from .catalog import load_catalog
from .settings import PACKAGE_DIR, PROJECT_DIR, SHIPPED_CATALOG

TRAIN_FILE = PACKAGE_DIR / "data" / "scene_train.jsonl"
NLU_FILE = PROJECT_DIR / "bot" / "data" / "nlu.yml"

INTENT_SCENES = {
    "greet": "chitchat", "goodbye": "chitchat", "thank": "chitchat", "bot_challenge": "chitchat",
    "out_of_scope": "chitchat", "nlu_fallback": "chitchat",
    "search_product": "search", "recommend_product": "recommend",
    "order_status": "service", "provide_order_info": "service", "return_request": "service",
    "refund_request": "service", "delivery_info": "service", "payment_info": "service",
    "account_help": "service", "store_policy": "service", "human_handoff": "service",
}
# CLINC intents that are shop business after all (order tracking), so not chitchat.
CLINC_SERVICE = {"order_status"}
CLINC_SKIP = {"order", "shopping_list", "shopping_list_update"}

SEARCH_TEMPLATES = [
    "{gender} {leaf}", "{color} {leaf}", "{leaf} under ${price}", "{color} {leaf} in size {size}",
    "do you have {leaf} for {gender}", "looking for a {color} {leaf}", "{title}", "show me the {title}",
    "is the {title} available in {color}?", "{leaf} between ${low} and ${price}", "any {leaf} in {size}?",
    "I need {leaf} for {activity}", "find {gender} {leaf} in {color} under ${price}",
    "do you sell {leaf}?", "{title} in {size}", "cheapest {leaf}", "{leaf} made of {material}",
]
RECOMMEND_TEMPLATES = [
    "what goes with the {title}?", "something similar to the {title}", "gift ideas for my {person}",
    "what would you recommend for {activity}?", "what pairs well with {leaf}?", "suggest a gift for a {person} who likes {activity}",
    "alternatives to the {title}", "what do people buy with the {title}", "recommend something for {activity}",
    "what's a good {leaf} for a beginner?", "which {leaf} would you pick for {activity}?", "help me choose a present for my {person}",
    "what else would match this", "complete the look with the {title}", "best sellers for {gender}",
]
PEOPLE = ["dad", "mom", "sister", "brother", "wife", "husband", "friend", "coworker", "10 year old", "teenager", "boss"]
ACTIVITIES = ["running", "yoga", "the gym", "hiking", "pilates", "cycling", "travel", "a marathon", "hot yoga", "cold weather"]


def nlu_examples(path: Path = NLU_FILE) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for block in data.get("nlu", []):
        intent = block.get("intent")
        if intent not in INTENT_SCENES:
            continue
        for line in block["examples"].splitlines():
            text = line.strip().removeprefix("- ").strip()
            text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # drop entity annotations
            if text:
                out.append((text, INTENT_SCENES[intent]))
    return out


def corpus_examples(shared_scenes: Path, rng: random.Random, per_class: int = 1500) -> list[tuple[str, str]]:
    rows = list(csv.DictReader((shared_scenes / "bitext_customer_service.csv").open(encoding="utf-8-sig")))
    service = sorted({r["utterance"].strip() for r in rows if "{{" not in r["utterance"]})
    clinc = json.loads((shared_scenes / "clinc150_train_val.json").read_text())
    chit = sorted({t for t, i in clinc["train"] + clinc["oos_train"] if i not in CLINC_SKIP | CLINC_SERVICE})
    clinc_service = sorted({t for t, i in clinc["train"] if i in CLINC_SERVICE})
    return ([(t, "service") for t in rng.sample(service, min(per_class, len(service)))]
            + [(t, "service") for t in clinc_service]
            + [(t, "chitchat") for t in rng.sample(chit, min(per_class, len(chit)))])


def catalog_examples(rng: random.Random, n_each: int = 700) -> list[tuple[str, str]]:
    products = load_catalog(SHIPPED_CATALOG).products
    out = []
    for templates, scene in ((SEARCH_TEMPLATES, "search"), (RECOMMEND_TEMPLATES, "recommend")):
        for _ in range(n_each):
            p = rng.choice(products)
            fill = {
                "title": p.title, "leaf": p.category_leaf.lower(), "gender": rng.choice(["men's", "women's", "mens", "womens", "kids"]),
                "color": (rng.choice(p.colors) if p.colors else rng.choice(["black", "blue", "red"])).lower(),
                "size": rng.choice(p.sizes) if p.sizes else rng.choice(["S", "M", "L"]),
                "price": rng.choice([30, 40, 50, 60, 80, 100]), "low": rng.choice([10, 20, 25]),
                "activity": rng.choice(ACTIVITIES), "person": rng.choice(PEOPLE),
                "material": p.attributes.get("material", "cotton").split(",")[0].lower(),
            }
            out.append((rng.choice(templates).format(**fill), scene))
    return out


def build(shared_scenes: Path, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    examples = nlu_examples() + corpus_examples(shared_scenes, rng) + catalog_examples(rng)
    seen: dict[str, str] = {}
    for text, scene in examples:
        seen.setdefault(text, scene)  # first label wins: the bot's own data comes first
    return sorted(seen.items())


def write(examples: list[tuple[str, str]], path: Path = TRAIN_FILE) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for text, scene in examples:
            fh.write(json.dumps({"text": text, "scene": scene}, ensure_ascii=False) + "\n")


def read(path: Path = TRAIN_FILE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row["text"], row["scene"]) for row in map(json.loads, fh)]
