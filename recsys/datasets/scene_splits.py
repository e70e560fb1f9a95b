"""Which real material the turn model may train on, and the held-out sets built from the rest.

Decided before any tuning and never changed for a better score (see docs/scene-model.md):
- taxonomy: six of Google's 21 retail departments are held out whole (leave-departments-out);
  training requests name product types of the other departments only;
- CLINC150: one intent in five of the chitchat domains is held out whole (its train and val
  sentences are test sentences), plus CLINC's own out-of-scope ``val``; the ``banking`` and
  ``credit_cards`` domains are left out except for intents that only a bank can serve;
- Bitext: five intents are held out whole.

``build_heldout`` writes the three held-out files into ``recsys/data/scene_eval/``, one-turn
conversations in the ``recsys scene`` format with a gold scene and act.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from recsys.datasets.scene_data import write_jsonl
from recsys.settings import PACKAGE_DIR

SCENE_EVAL_DIR = PACKAGE_DIR / "data" / "scene_eval"
TAXONOMY_FILE = "google_product_taxonomy_2013-07-15.en-US.txt"

HELDOUT_DEPARTMENTS = ("Furniture", "Food, Beverages & Tobacco", "Cameras & Optics", "Vehicles & Parts",
                       "Baby & Toddler", "Office Supplies")
SKIPPED_DEPARTMENTS = ("Mature",)  # weapons and adult goods: not in training, not in tests

BITEXT_HELDOUT = ("check_cancellation_fee", "newsletter_subscription", "switch_account", "check_invoice",
                  "delivery_options")
BITEXT_ACTS = {
    "ACCOUNT": "account", "CANCELLATION_FEE": "policy", "CONTACT": "handoff", "DELIVERY": "delivery",
    "INVOICE": "payment", "NEWSLETTER": "account", "PAYMENT": "payment", "SHIPPING_ADDRESS": "delivery",
    "ORDER": "order_status",
}
BITEXT_INTENT_ACTS = {"check_refund_policy": "policy", "get_refund": "refund", "track_refund": "refund",
                      "complaint": "handoff", "review": "policy", "contact_customer_service": "handoff",
                      "contact_human_agent": "handoff"}

# CLINC: acts of the intents that are not out of scope.
CLINC_ACTS = {"greeting": "greet", "thank_you": "thank", "goodbye": "bye", "yes": "affirm", "no": "deny",
              "cancel": "cancel_task", "order_status": "order_status"}
CLINC_SMALLTALK_DOMAIN = "small_talk"
CLINC_SKIP = {"order", "shopping_list", "shopping_list_update", "maybe"}  # shop-ish or no act of their own
# From banking / credit_cards only what no shopper would say about a shop's payments.
CLINC_BANK_ONLY = {"routing", "interest_rate", "order_checks", "transfer", "credit_score", "improve_credit_score",
                   "apr", "pin_change", "rollover_401k"}
CLINC_BANK_DOMAINS = ("banking", "credit_cards")
CLINC_SCENE_OF_ACT = {"order_status": "service", "affirm": "chitchat", "deny": "chitchat",
                      "cancel_task": "chitchat"}


def stable_fifth(key: str) -> bool:
    """A stable 1-in-5 choice by hash (independent of order and of Python's hash seed)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


def clinc_act(intent: str, domain: str) -> str | None:
    """The dialogue act of a CLINC intent (None: not used at all)."""
    if intent in CLINC_SKIP:
        return None
    if domain in CLINC_BANK_DOMAINS and intent not in CLINC_BANK_ONLY:
        return None
    if intent in CLINC_ACTS:
        return CLINC_ACTS[intent]
    return "smalltalk" if domain == CLINC_SMALLTALK_DOMAIN else "out_of_scope"


def clinc_heldout_intent(intent: str) -> bool:
    """Whether a CLINC intent is held out whole; the acts every chat needs (greet, yes, ...) never are."""
    return intent not in CLINC_ACTS and stable_fifth("clinc:" + intent)


def bitext_act(category: str, intent: str) -> str:
    """The dialogue act of a Bitext category/intent."""
    return BITEXT_INTENT_ACTS.get(intent) or BITEXT_ACTS.get(category, "policy")


def taxonomy_paths(shared_data: Path) -> list[list[str]]:
    """Every category path of the taxonomy as a list of names, department first."""
    lines = (shared_data / "taxonomy" / TAXONOMY_FILE).read_text(encoding="utf-8").splitlines()
    return [line.split(" > ") for line in lines if line.strip() and not line.startswith("#")]


# Category words that name no product on their own ("Accessories", "Baby", "Other").
GENERIC_NAMES = {"accessories", "supplies", "parts", "equipment", "other", "sets", "kits", "baby", "toddler",
                 "kids", "more", "care", "products", "items", "goods", "misc", "miscellaneous", "general"}


def product_names(name: str) -> list[str]:
    """The product types a category name stands for: "Bird Cages & Stands" -> bird cages, stands."""
    parts = [p.strip().lower() for p in re.split(r"\s*(?:&|,)\s*", name) if p.strip()]
    if len(parts) == 2 and len(parts[0].split()) == 1 and len(parts[1].split()) > 1:
        parts = [name.lower()]  # "Fresh & Frozen Vegetables": the first word shares the noun
    return [p for p in parts if len(p) > 2 and not set(p.split()) <= GENERIC_NAMES]


def taxonomy_types(shared_data: Path, heldout: bool) -> list[str]:
    """Product type names of the held-out departments (``heldout``) or of the training departments."""
    out: set[str] = set()
    for path in taxonomy_paths(shared_data):
        if path[0] in SKIPPED_DEPARTMENTS or len(path) < 2:
            continue
        if (path[0] in HELDOUT_DEPARTMENTS) == heldout:
            out.update(product_names(path[-1]))
    return sorted(out)


def _one_turn(i: int, prefix: str, source: str, text: str, scene: str, act: str) -> dict:
    return {"id": f"{prefix}{i:05d}", "source": source, "turns": [{"text": text, "scene": scene, "act": act}]}


def heldout_departments(shared_data: Path) -> list[dict]:
    """Every product type name of the held-out departments, as a shopper's bare request (search)."""
    rows = []
    for path in taxonomy_paths(shared_data):
        if path[0] in HELDOUT_DEPARTMENTS and len(path) >= 2:
            for name in product_names(path[-1]):
                rows.append((path[0], name))
    seen: set[str] = set()
    out = []
    for dept, name in rows:
        if name not in seen:
            seen.add(name)
            out.append(_one_turn(len(out), "ldo", f"taxonomy:{dept}", name, "search", "search_product"))
    return out


def heldout_clinc(shared_data: Path) -> list[dict]:
    """The sentences of the held-out CLINC intents (train and val) and CLINC's out-of-scope ``val``."""
    clinc = json.loads((shared_data / "scenes" / "clinc150_train_val.json").read_text(encoding="utf-8"))
    domain_of = {i: d for d, intents in clinc["domains"].items() for i in intents}
    out = []
    for text, intent in clinc["train"] + clinc["val"]:
        act = clinc_act(intent, domain_of[intent])
        if act and clinc_heldout_intent(intent):
            out.append(_one_turn(len(out), "clinc", f"clinc:{intent}", text, CLINC_SCENE_OF_ACT.get(act, "chitchat"),
                                 act))
    for text, _ in clinc["oos_val"]:
        out.append(_one_turn(len(out), "clinc", "clinc:oos", text, "chitchat", "out_of_scope"))
    return out


def bitext_rows(shared_data: Path) -> list[dict]:
    """Bitext's rows without template placeholders."""
    with (shared_data / "scenes" / "bitext_customer_service.csv").open(encoding="utf-8-sig") as fh:
        return [r for r in csv.DictReader(fh) if "{{" not in r["utterance"]]


def heldout_bitext(shared_data: Path) -> list[dict]:
    """The sentences of the held-out Bitext intents (all service)."""
    out = []
    seen: set[str] = set()
    for r in bitext_rows(shared_data):
        text = r["utterance"].strip()
        if r["intent"] in BITEXT_HELDOUT and text not in seen:
            seen.add(text)
            out.append(_one_turn(len(out), "btx", f"bitext:{r['intent']}", text, "service",
                                 bitext_act(r["category"], r["intent"])))
    return out


def build_heldout(shared_data: Path, out_dir: Path = SCENE_EVAL_DIR) -> dict[str, int]:
    """Write the three held-out files; returns their sizes."""
    files = {"heldout_departments.jsonl": heldout_departments(shared_data),
             "heldout_clinc_intents.jsonl": heldout_clinc(shared_data),
             "heldout_bitext_intents.jsonl": heldout_bitext(shared_data)}
    for name, rows in files.items():
        write_jsonl(rows, out_dir / name)
    return {name: len(rows) for name, rows in files.items()}
