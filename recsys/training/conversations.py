"""Builds the turn model's multi-turn training and dev conversations, labelled with scene, act, slots and reference.

Why conversations and not just utterances: the hard turns are short follow-ups ("in blue?",
"the second one", "ok thanks") whose scene and act only the turns before them reveal, and
shifts, where the model must drop its context. A conversation is a chain of *segments*, each a
task in one scene: a search with its refinements, questions about shown items, cart moves and
sorting; a recommendation; a service task with its order number, corrections and "forget it";
small talk. Segments change scene in every direction, and a search segment may come back after
a detour ("ok, the second one in blue then").

Every turn carries ``scene``, ``act``, ``slots`` (character spans of the slot values) and
``ref`` (which shown item it points at). Labelling follows DESIGN.md's scene table: describing,
refining, asking about or carting a product is ``search``; asking for ideas, alternatives or
what goes with something is ``recommend``; affirm / deny / cancel / correction take the scene of
the task they answer.

Sources, real where they can be, and only from the training side of ``recsys.datasets.scene_splits``:
- product types: the taxonomy's training departments (never the six held-out ones), a list of
  everyday products and the demo catalog's categories;
- service: Bitext utterances (the train part of a hash split, held-out intents never) with acts
  from their categories, and the bot's own NLU examples;
- chitchat: CLINC150 ``train`` of the intents not held out (bank-only intents as out of scope,
  other banking / credit-card intents left out);
- phrasings: ``recsys.training.templates``, split by hash into a train and a dev part (1 in 5).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from recsys.catalog import load_catalog
from recsys.datasets.scene_data import DEV_CONVERSATIONS, TRAIN_CONVERSATIONS, write_jsonl
from recsys.datasets.scene_splits import (
    BITEXT_HELDOUT,
    bitext_act,
    bitext_rows,
    clinc_act,
    clinc_heldout_intent,
    stable_fifth,
    taxonomy_types,
)
from recsys.scene.slots import rule_slots
from recsys.settings import PROJECT_DIR, SHIPPED_CATALOG
from recsys.training import templates as T

NLU_FILE = PROJECT_DIR / "bot" / "data" / "nlu.yml"
SCENE_ORDER = ("service", "search", "recommend", "chitchat")
SLOT_OF = {"type": "product_type", "color": "color", "size": "size", "gender": "gender", "price": "price_max",
           "pmin": "price_min", "brand": "brand", "neg": "negation", "sup": "superlative", "order": "order_number",
           "email": "email"}
# The bot's NLU intents as acts (their examples are extra service and chitchat openers).
NLU_ACTS = {"greet": "greet", "goodbye": "bye", "thank": "thank", "bot_challenge": "smalltalk",
            "out_of_scope": "out_of_scope", "order_status": "order_status", "provide_order_info": "provide_order_info",
            "return_request": "return_request", "refund_request": "refund", "delivery_info": "delivery",
            "payment_info": "payment", "account_help": "account", "store_policy": "policy", "human_handoff": "handoff"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def is_dev(text: str) -> bool:
    """Stable 1-in-5 split of phrasings and corpus sentences into train and dev."""
    return stable_fifth(text)


def split(pool: Sequence[str], dev: bool) -> list[str]:
    """The train or dev part of a pool; the whole pool when that part is empty."""
    part = [t for t in pool if is_dev(t) == dev]
    return part or list(pool)


def nlu_examples(path: Path = NLU_FILE) -> list[tuple[str, str]]:
    """(text, act) of the bot's NLU examples for service and chitchat intents, entity markup removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for block in data.get("nlu", []):
        act = NLU_ACTS.get(block.get("intent"))
        if not act:
            continue
        for line in block["examples"].splitlines():
            text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip().removeprefix("- ").strip())
            if text:
                out.append((text, act))
    return out


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip in a word: a swap, a drop, a double or a wrong key."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == 1:
        return word[:i] + word[i + 1:]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYBOARD) + word[i + 1:]


def singular(name: str) -> str:
    """A rough singular of the last word ("bird cages" -> "bird cage") for "a {type}" phrasings."""
    words = name.split()
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def head_noun(name: str) -> str:
    """The singular last word of a product name: "dining chairs" -> "chair"."""
    return singular(name.split()[-1]) if name.split() else name


@dataclass
class Turn:
    """One generated shopper turn with its labels, and a photo or widget event when it has one."""

    text: str
    scene: str
    act: str
    slots: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, slot) character spans
    ref: str = ""
    image: str = ""
    event: str = ""
    slots_known: bool = True  # False: a corpus sentence whose slot words are not annotated

    def to_json(self) -> dict:
        """The turn as a conversation-file row (empty fields left out)."""
        out: dict = {"text": self.text, "scene": self.scene, "act": self.act}
        if self.slots:
            out["spans"] = [[a, b, s] for a, b, s in self.slots]
            out["slots"] = {s: self.text[a:b] for a, b, s in self.slots}
        if not self.slots_known:
            out["slots_known"] = False
        for key in ("ref", "image", "event"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass
class Pools:
    """Sources for one split (train or dev)."""

    dev: bool
    types: list[str]
    colors_by_type: dict[str, list[str]]
    photos: list[str]
    corpus: dict[str, list[str]]  # act -> real sentences (Bitext, CLINC, NLU examples)
    templates: dict[str, list[str]]
    modifiers: list[str] = field(default_factory=lambda: list(T.MODIFIERS))
    uses: list[str] = field(default_factory=lambda: list(T.USES))


def make_pools(shared_data: Path, dev: bool, holdout: bool = False, catalog: Path = SHIPPED_CATALOG) -> Pools:
    """The sources of one split: product types, photos, corpus sentences by act, phrasings by act.

    With ``holdout`` the held-out parts of ``recsys.datasets.scene_splits`` (six taxonomy
    departments, one CLINC intent in five, five Bitext intents) are left out: that build is the
    one the held-out sets measure. The shipped model learns from everything.
    """
    products = [p for p in load_catalog(catalog).products if p.image]
    part = [p for p in products if is_dev(p.id) == dev] or products
    types = taxonomy_types(shared_data, heldout=False)
    held = set(taxonomy_types(shared_data, heldout=True)) - set(types)
    if not holdout:
        types += sorted(held)
        held = set()
    types = split(sorted(types), dev)
    # In the holdout build no product name of a held-out department comes in by another door.
    # The hand-made lists are filtered by head noun ("corner sofa" goes with "sofas", "dining
    # chairs" with "chairs"); the taxonomy's own departments are kept whole, overlaps and all.
    held_heads = {head_noun(h) for h in held}
    everyday = [t for t in split(T.PRODUCT_TYPES, dev) if head_noun(t) not in held_heads]
    catalog_types = sorted({c for c in (p.category_leaf.lower() for p in part if p.category_leaf)
                            if head_noun(c) not in held_heads})
    # Everyday names weigh more than the long tail of the taxonomy: shoppers say "jeans" far
    # more often than "vehicle camshafts", but the model must know both are products.
    type_pool = types + everyday * 12 + catalog_types * 6
    colors_by_type: dict[str, list[str]] = {}
    for p in part:
        colors_by_type.setdefault(p.category_leaf.lower(), []).extend(c.lower() for c in p.colors)
    corpus: dict[str, list[str]] = {}
    seen: set[str] = set()
    for r in bitext_rows(shared_data):
        text = r["utterance"].strip()
        if (holdout and r["intent"] in BITEXT_HELDOUT) or is_dev(text) != dev or text in seen:
            continue
        seen.add(text)
        corpus.setdefault(bitext_act(r["category"], r["intent"]), []).append(text)
    clinc = json.loads((shared_data / "scenes" / "clinc150_train_val.json").read_text(encoding="utf-8"))
    domain_of = {i: d for d, intents in clinc["domains"].items() for i in intents}
    # CLINC's train for training, its val for dev: the held-out intents are in neither.
    for text, intent in clinc["val" if dev else "train"]:
        act = clinc_act(intent, domain_of[intent])
        if act and not (holdout and clinc_heldout_intent(intent)):
            corpus.setdefault(act, []).append(text)
    for text, _ in clinc["oos_val" if dev else "oos_train"]:
        corpus.setdefault("out_of_scope", []).append(text)
    for text, act in nlu_examples():
        if is_dev(text) == dev:
            corpus.setdefault(act, []).append(text)
    templates = {act: split(pool, dev) for act, pool in T.ACT_TEMPLATES.items()}

    def clean(words: list[str]) -> list[str]:
        # "for a gopro", "for a 2015 civic": no word of a held-out department comes in here either.
        return [w for w in words if not {singular(x) for x in w.split()} & held_heads]

    return Pools(dev, type_pool, colors_by_type, [p.image for p in part], corpus, templates,
                 clean(split(T.MODIFIERS, dev)), clean(split(T.USES, dev)))


class Filler:
    """Fills a phrasing's placeholders, keeping the character span of every slot value."""

    def __init__(self, pools: Pools, rng: random.Random) -> None:
        self.pools, self.rng = pools, rng
        self.topic = "jacket"  # the product type of the running search, reused by follow-ups

    def value(self, name: str, singular_form: bool) -> str:
        """A random value for one placeholder."""
        rng = self.rng
        if name == "type":
            t = self.topic if rng.random() < 0.3 else rng.choice(self.pools.types)
            return singular(t) if singular_form else t
        if name == "color":
            return rng.choice(T.COLORS)
        if name == "neg":
            return rng.choice([rng.choice(T.COLORS), rng.choice(T.MATERIALS), rng.choice(T.BRANDS),
                               rng.choice(self.pools.types)])
        if name == "sup":
            return rng.choice(T.SUPERLATIVES[rng.choice(list(T.SUPERLATIVES))])
        if name in ("price", "pmin"):
            return str(rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 300, 500, 800]))
        if name == "spec":
            n = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 18, 20, 24, 27, 32, 40, 50, 64, 90, 100, 120, 190, 256,
                            500])
            return f"{n}{rng.choice(T.SPEC_UNITS)}"
        if name == "n":
            return str(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 20, 24, 36, 50, 100]))
        if name == "order":
            return str(rng.choice([rng.randint(1000, 1099), rng.randint(10000, 99999), rng.randint(100000, 999999)]))
        simple: dict[str, Sequence[str]] = {
            "size": T.SIZES, "gender": T.GENDERS, "brand": T.BRANDS, "email": T.EMAILS, "person": T.PEOPLE,
            "activity": T.ACTIVITIES, "material": T.MATERIALS, "feature": T.FEATURES, "country": T.COUNTRIES,
            "payment": T.PAYMENTS, "title": self.pools.types, "mod": self.pools.modifiers, "use": self.pools.uses}
        return rng.choice(simple[name])

    def noisy(self, piece: str) -> str:
        """A literal piece of a phrasing, sometimes with a keyboard slip in one word."""
        if self.rng.random() < 0.05:
            words = piece.split(" ")
            i = self.rng.randrange(len(words))
            words[i] = typo(words[i], self.rng)
            return " ".join(words)
        return piece

    def fill(self, template: str, act: str, scene: str) -> Turn:
        """A turn from ``template``: placeholders filled, slot spans and the reference recorded."""
        rng = self.rng
        text, spans, ref = "", [], ""
        lower = rng.random() < 0.3
        pos = 0
        for m in PLACEHOLDER.finditer(template):
            text += self.noisy(template[pos:m.start()])
            name = m.group(1)
            if name in ("ref", "ref2"):
                key = rng.choice(list(T.REFS)) if name == "ref" else rng.choice(["1", "2", "3", "last"])
                val = rng.choice(T.REFS[key])
                if name == "ref" and not ref:
                    ref = key
            else:
                article = text.rstrip().endswith((" a", " an")) or text.rstrip() in ("a", "an")
                val = self.value(name, singular_form=article)
                if name == "type" and act in ("search_product", "recommend"):
                    self.topic = val
                if name in SLOT_OF and rng.random() < 0.08:
                    words = val.split(" ")
                    k = rng.randrange(len(words))
                    val = " ".join(words[:k] + [typo(words[k], rng)] + words[k + 1:])
            if lower:
                val = val.lower()
            start = len(text)
            text += val
            if name in SLOT_OF:
                spans.append((start, len(text), SLOT_OF[name]))
            pos = m.end()
        text += self.noisy(template[pos:])
        if lower:
            text = text.lower()
        if rng.random() < 0.15:
            stripped = text.rstrip("?!.")
            text = stripped if stripped else text
        if not ref and act in ("add_to_cart", "ask_about_shown", "remove_from_cart") and re.search(
                r"\b(it|that|this)\b", text, re.I):
            ref = "it"
        if rng.random() < 0.05 and text:
            text += rng.choice([" 🙂", " pls", " thx", " 🙏", "!!", " ??", " lol"])
        spans = [(a, b, s) for a, b, s in spans if b <= len(text) and text[a:b].strip()]
        return Turn(text, scene, act, spans, ref)


class ConversationMaker:
    """Generates labelled conversations of task segments from one split's pools, reproducibly for a seed."""

    # "search_product" here is a new product asked for while a list is on screen ("ok and car
    # floor mats, black"); "accessory" a product for a shown one ("a sleeve that fits it");
    # "recommend" asks for ideas or "something like it" over the list, which is recommend.
    SEARCH_FOLLOWUPS = (("refine", 32), ("ask_about_shown", 20), ("add_to_cart", 12), ("sort", 9), ("compare", 5),
                        ("state_preference", 4), ("show_cart", 4), ("remove_from_cart", 3), ("correction", 2),
                        ("cancel_task", 2), ("affirm", 2), ("event", 5), ("search_product", 6), ("accessory", 3),
                        ("recommend", 4))
    RECOMMEND_FOLLOWUPS = (("recommend", 50), ("refine", 18), ("ask_about_shown", 14), ("add_to_cart", 8),
                           ("cancel_task", 4), ("event", 6))
    SERVICE_OPENERS = (("order_status", 22), ("return_request", 14), ("refund", 10), ("delivery", 14),
                       ("payment", 14), ("account", 10), ("policy", 9), ("handoff", 7))
    SERVICE_FOLLOWUPS = (("delivery", 14), ("refund", 8), ("policy", 8), ("return_request", 6), ("payment", 5),
                         ("affirm", 16), ("deny", 8), ("cancel_task", 8), ("handoff", 5), ("order_status", 6))
    CHITCHAT_OPENERS = (("greet", 25), ("smalltalk", 35), ("out_of_scope", 30), ("other_language", 10))

    def __init__(self, pools: Pools, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = pools
        self.filler = Filler(pools, self.rng)
        self.accessory = split(T.ACCESSORY_FOR_SHOWN, pools.dev)

    def prefixed(self, turn: Turn, chance: float) -> Turn:
        """The turn, sometimes opened the way a new ask mid-chat is ("ok and ...", "also ..."): spans shift."""
        if not turn.text or turn.image or self.rng.random() >= chance:
            return turn
        prefix = self.rng.choice(T.SHIFT_PREFIXES)
        turn.text = prefix + (turn.text[0].lower() + turn.text[1:] if self.rng.random() < 0.7 else turn.text)
        turn.slots = [(a + len(prefix), b + len(prefix), name) for a, b, name in turn.slots]
        return turn

    def joined(self, first: Turn, second: Turn) -> Turn:
        """Two asks in one message; the first ask labels the turn (see below), both asks' slot words are marked."""
        glue = self.rng.choice(T.TWO_ASK_JOINS)
        lead = first.text.rstrip(" .?!") if glue[0] in ".?" else first.text
        start = len(lead) + len(glue)
        text = lead + glue + second.text
        slots = [(a, b, n) for a, b, n in first.slots if b <= len(lead)]
        slots += [(a + start, b + start, n) for a, b, n in second.slots]
        # A greeting, thanks or "ok" before a real ask is not an ask: the real one labels the turn.
        main = second if first.act in ("greet", "thank", "affirm") and second.act not in ("thank", "bye") else first
        return Turn(text, main.scene, main.act, slots, main.ref, slots_known=first.slots_known and second.slots_known)

    def pick(self, weighted: Sequence[tuple[str, int]]) -> str:
        """One name of a (name, weight) list."""
        names, weights = zip(*weighted, strict=True)
        return self.rng.choices(names, weights=weights)[0]

    def turn(self, act: str, scene: str | None = None) -> Turn:
        """A turn of ``act`` in ``scene`` (the act's own scene when None): a corpus sentence or a filled phrasing."""
        scene = scene or T.ACT_SCENES[act] or "chitchat"
        corpus = self.pools.corpus.get(act)
        if corpus and self.rng.random() < (0.6 if scene in ("service", "chitchat") else 0.2):
            # Corpus sentences (service and small talk) name no product attributes, so every
            # word is "no slot" except the exact ones the rules find.
            text = self.rng.choice(corpus)
            return Turn(text, scene, act, [(sl.start, sl.end, sl.name) for sl in rule_slots(text)])
        return self.filler.fill(self.rng.choice(self.pools.templates[act]), act, scene)

    def photo(self, act: str, scene: str) -> Turn:
        """A turn with a catalog photo and a few words (or none)."""
        words = self.rng.choice(T.PHOTO_TEXTS[act])
        t = self.filler.fill(words, act, scene) if words else Turn("", scene, act)
        t.image = self.rng.choice(self.pools.photos)
        return t

    def event(self, scene: str) -> Turn:
        """A widget click under a product card (no words)."""
        if scene == "recommend":
            return Turn("", "recommend", "recommend", ref="it", event="more_like_this")
        kind = self.rng.choice(["view", "add_to_cart"])
        return Turn("", "search", "ask_about_shown" if kind == "view" else "add_to_cart", ref="it", event=kind)

    def search_segment(self, back: bool) -> list[Turn]:
        """A search: an opener (or, back after a detour, a pointer at the old list), then follow-ups."""
        rng = self.rng
        if back:
            turns = [self.turn(rng.choice(["ask_about_shown", "add_to_cart", "refine"]), "search")]
        elif self.pools.photos and rng.random() < 0.1:
            turns = [self.photo("search_product", "search")]
        elif rng.random() < 0.05:
            turns = [self.turn("state_preference"), self.turn("search_product")]
        else:
            turns = [self.turn("search_product")]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            act = self.pick(self.SEARCH_FOLLOWUPS)
            if act == "event":
                turns.append(self.event("search"))
            elif act == "accessory":
                turns.append(self.filler.fill(rng.choice(self.accessory), "search_product", "search"))
            elif act == "search_product":
                turns.append(self.prefixed(self.turn(act, "search"), 0.5))
            elif act == "recommend":
                turns.append(self.turn(act, "recommend"))
            else:
                turns.append(self.turn(act, "search"))
        return turns

    def recommend_segment(self) -> list[Turn]:
        """A recommendation, then more ideas; refining or asking about a suggestion turns it into a search."""
        rng = self.rng
        turns = [self.photo("recommend", "recommend") if self.pools.photos and rng.random() < 0.08
                 else self.turn("recommend")]
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            act = self.pick(self.RECOMMEND_FOLLOWUPS)
            if act == "event":
                turns.append(self.event("recommend"))
            elif act in ("recommend", "cancel_task"):
                turns.append(self.turn(act, "recommend"))
            else:
                turns.append(self.turn(act, "search"))
        return turns

    def service_segment(self) -> list[Turn]:
        """A service task: the ask, the order number or email it needs (maybe corrected), follow-up questions."""
        rng = self.rng
        act = self.pick(self.SERVICE_OPENERS)
        if act == "return_request" and self.pools.photos and rng.random() < 0.1:
            first = self.photo("return_request", "service")
        else:
            first = self.turn(act)
        turns = [first]
        if act == "return_request" and rng.random() < 0.35:
            # "I want to return my jacket" -> "which one?" -> "the second one": still the return
            turns.append(self.filler.fill(rng.choice(T.RETURN_POINTERS), "return_request", "service"))
        needs_number = act in ("order_status", "return_request", "refund") and not re.search(r"\d{4}", first.text)
        if needs_number and rng.random() < 0.75:
            turns.append(self.turn("provide_order_info"))
            if rng.random() < 0.12:
                turns.append(self.turn("correction", "service"))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            turns.append(self.turn(self.pick(self.SERVICE_FOLLOWUPS), "service"))
        return turns

    def chitchat_segment(self) -> list[Turn]:
        """Small talk, out-of-scope asks or another language, with a reply or two."""
        act = self.pick(self.CHITCHAT_OPENERS)
        turns = [self.turn(act)]
        if act != "other_language":
            for _ in range(self.rng.choice([0, 0, 1, 2])):
                turns.append(self.turn(self.rng.choice(["smalltalk", "smalltalk", "out_of_scope", "affirm", "deny"]),
                                       "chitchat"))
        return turns

    def conversation(self, cid: str) -> dict:
        """One conversation of 1-4 segments, each in a different scene from the one before."""
        rng = self.rng
        turns: list[Turn] = []
        if rng.random() < 0.3:
            turns.append(self.turn("greet"))
        scene: str | None = None
        searched = False
        for _ in range(rng.randint(1, 4)):
            scene = rng.choice([s for s in SCENE_ORDER if s != scene])
            if scene == "search":
                segment = self.search_segment(back=searched and rng.random() < 0.4)
                searched = True
            elif scene == "recommend":
                segment = self.recommend_segment()
                searched = True
            elif scene == "service":
                segment = self.service_segment()
            else:
                segment = self.chitchat_segment()
            if turns:
                # A new ask mid-chat often opens with "ok", "and", "also": the words after it rule.
                segment[0] = self.prefixed(segment[0], 0.3)
                last = turns[-1]
                if (rng.random() < 0.12 and last.text and segment[0].text and not (last.image or last.event)
                        and not (segment[0].image or segment[0].event) and len(last.text) + len(segment[0].text) < 160):
                    # Two asks in one message: this segment's first ask rides on the last turn.
                    turns[-1] = self.joined(last, segment.pop(0))
            turns += segment
            scene = turns[-1].scene
            if rng.random() < 0.15:
                turns.append(self.turn(rng.choice(["thank", "thank", "affirm"]), "chitchat"))
                scene = "chitchat"
        if rng.random() < 0.4 and turns[-1].scene != "chitchat":
            turns.append(self.turn(rng.choice(["thank", "thank", "bye"])))
        return {"id": cid, "turns": [t.to_json() for t in turns]}

    def openers(self, per_act: int) -> list[dict]:
        """One-turn conversations: every act that can open a chat, alone."""
        out = []
        for act, scene in T.ACT_SCENES.items():
            if scene is None:
                continue
            for i in range(per_act):
                out.append({"id": f"u-{act}-{i}", "turns": [self.turn(act).to_json()]})
        return out


def build(shared_data: Path, n_train: int = 3000, n_dev: int = 400, seed: int = 17,
          holdout: bool = False) -> dict[str, list[dict]]:
    """The train conversations (plus one-turn openers) and the dev conversations, from separate pools."""
    train_maker = ConversationMaker(make_pools(shared_data, dev=False, holdout=holdout), seed)
    dev_maker = ConversationMaker(make_pools(shared_data, dev=True, holdout=holdout), seed + 1)
    train = [train_maker.conversation(f"t{i:05d}") for i in range(n_train)] + train_maker.openers(per_act=120)
    dev = [dev_maker.conversation(f"d{i:04d}") for i in range(n_dev)]
    return {"train": train, "dev": dev}


def write_all(shared_data: Path, out_dir: Path | None = None, holdout: bool = False,
              log: Callable[[str], None] = print) -> None:
    """Build and write the train and dev conversations (and, for the shipped data, the held-out sets)."""
    from recsys.datasets.scene_splits import build_heldout

    data = build(shared_data, holdout=holdout)
    write_jsonl(data["train"], (out_dir / TRAIN_CONVERSATIONS.name) if out_dir else TRAIN_CONVERSATIONS)
    write_jsonl(data["dev"], (out_dir / DEV_CONVERSATIONS.name) if out_dir else DEV_CONVERSATIONS)
    for name, rows in data.items():
        log(f"{name}: {len(rows)} conversations, {sum(len(c['turns']) for c in rows)} turns")
    if out_dir is None:
        for name, n in build_heldout(shared_data).items():
            log(f"{name}: {n} one-turn conversations")
