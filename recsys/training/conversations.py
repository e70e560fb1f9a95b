"""Builds the scene model's multi-turn training and dev conversations.

Why conversations and not just utterances: the hard turns are short follow-ups ("in blue?",
"the second one", "ok thanks") whose scene only the turns before them reveal, and shifts, where
the model must drop its context. Each conversation is a chain of *segments*. A segment opens
with an utterance that says its scene on its own, then has 0-3 follow-ups that only make sense
in that scene (a follow-up's gold scene is its segment's scene; closers such as "ok thanks" are
always chitchat). Labelling convention (DESIGN.md's scene table): describing a product, its
colour, size or features, is ``search`` even right after a recommendation ("the second one, in
medium?"); asking for ideas, alternatives or what goes with something is ``recommend``.
Segments change scene in every direction, so the transition prior learned from them is not
biased toward any one shift.

Sources, all real where they can be:
- service openers: Bitext customer-service utterances (the train part of a hash split), the
  bot's own NLU examples, and order/return/delivery templates with real order numbers;
- chitchat openers: CLINC150 ``train`` small talk, out-of-scope and non-shop domains;
- search / recommend openers: templates filled from the shipped catalog and from a broad list
  of everyday product types (shoppers ask for things a shop does not sell, too);
- photos: catalog product photos, with and without words.

Every template pool and every corpus is split by a stable hash into a train part and a dev part
(1 in 5), and the dev conversations are built only from the dev parts and from products whose
photos the train part never sees. ``conversations_dev.jsonl`` in ../shared is never read here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from recsys.catalog import Product, load_catalog
from recsys.datasets.scene_data import (
    DEV_CONVERSATIONS,
    HELDOUT_UTTERANCES,
    INTENT_SCENES,
    SHOPPER_QUERIES,
    TRAIN_CONVERSATIONS,
    write_jsonl,
)
from recsys.settings import PROJECT_DIR, SHIPPED_CATALOG

NLU_FILE = PROJECT_DIR / "bot" / "data" / "nlu.yml"
SCENE_ORDER = ("service", "search", "recommend", "chitchat")

# CLINC intents that are shop business after all (order tracking), so not chitchat.
CLINC_SERVICE = {"order_status"}
CLINC_SKIP = {"order", "shopping_list", "shopping_list_update"}


def nlu_examples(path: Path = NLU_FILE) -> list[tuple[str, str]]:
    """(text, scene) of the bot's NLU examples whose intent maps to a scene, entity annotations removed."""
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


def is_dev(text: str) -> bool:
    """Stable 1-in-5 split that does not depend on list order or Python's hash seed."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


def split(pool: Sequence[str], dev: bool) -> list[str]:
    """The train or dev part of a pool by ``is_dev``; the whole pool when that part is empty."""
    part = [t for t in pool if is_dev(t) == dev]
    return part or list(pool)


# ---- vocabularies -------------------------------------------------------------------------------
COLORS = ["black", "white", "red", "blue", "navy", "green", "olive", "grey", "gray", "pink", "purple", "yellow",
          "orange", "brown", "beige", "teal", "burgundy", "dark", "light blue", "khaki"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "small", "medium", "large", "extra large", "size 8", "size 10", "32", "34"]
PEOPLE = ["dad", "mom", "sister", "brother", "wife", "husband", "friend", "coworker", "10 year old", "teenager",
          "boss", "grandma", "grandpa", "girlfriend", "boyfriend", "nephew", "niece", "son", "daughter", "teacher"]
ACTIVITIES = ["running", "yoga", "the gym", "hiking", "pilates", "cycling", "travel", "a marathon", "hot yoga",
              "cold weather", "camping", "swimming", "tennis", "weightlifting", "commuting", "the office", "winter",
              "a beach holiday", "crossfit", "walking the dog"]
GENDERS = ["men's", "women's", "mens", "womens", "kids", "boys", "girls", "unisex", "ladies", "for men", "for women"]
# Everyday product types beyond the demo catalog: real shoppers ask for these too.
PRODUCT_TYPES = [
    "running shoes", "trail running shoes", "sneakers", "hiking boots", "sandals", "flip flops", "rain jacket",
    "winter coat", "down jacket", "fleece", "hoodie", "sweatshirt", "t-shirt", "tank top", "polo shirt", "dress shirt",
    "jeans", "chinos", "shorts", "leggings", "yoga pants", "joggers", "sweatpants", "sports bra", "socks", "beanie",
    "baseball cap", "scarf", "gloves", "backpack", "duffel bag", "gym bag", "laptop bag", "tote bag", "wallet",
    "water bottle", "yoga mat", "foam roller", "dumbbells", "kettlebell", "resistance bands", "jump rope",
    "fitness tracker", "smart watch", "watch", "headphones", "wireless earbuds", "bluetooth speaker", "phone case",
    "phone charger", "usb c cable", "power bank", "laptop", "tablet", "keyboard", "mouse", "monitor", "webcam",
    "desk lamp", "floor lamp", "office chair", "standing desk", "bookshelf", "rug", "curtains", "bed sheets",
    "duvet", "pillow", "towels", "coffee maker", "kettle", "toaster", "blender", "air fryer", "frying pan",
    "knife set", "mugs", "lunch box", "tent", "sleeping bag", "camping stove", "bike helmet", "bike lights",
    "swimsuit", "goggles", "sunglasses", "umbrella", "suitcase", "board game", "lego set", "puzzle", "toy car",
    "dog leash", "cat bed", "shampoo", "sunscreen", "perfume", "lipstick", "face moisturizer", "razor",
    "electric toothbrush", "hair dryer", "jacket", "pants", "dress", "skirt", "shoes", "bag", "tee", "top",
]
MATERIALS = ["cotton", "wool", "leather", "polyester", "merino", "nylon", "fleece", "linen", "organic cotton", "bamboo"]
FEATURES = ["pockets", "a hood", "a zipper", "a shoe compartment", "zip pockets", "a water bottle holder",
            "long sleeves", "short sleeves", "a high waist", "reflective details", "a waterproof finish",
            "padded straps", "a laptop sleeve", "wireless charging", "noise cancelling"]


# ---- utterance pools ----------------------------------------------------------------------------
SEARCH_TEMPLATES = [
    "{gender} {type}", "{color} {type}", "{type} under ${price}", "{color} {type} in size {size}",
    "do you have {type} for {gender2}", "looking for a {color} {type}", "{title}", "show me the {title}",
    "is the {title} available in {color}?", "{type} between ${low} and ${price}", "any {type} in {size}?",
    "I need {type} for {activity}", "find {gender} {type} in {color} under ${price}", "do you sell {type}?",
    "{title} in {size}", "cheapest {type}", "{type} made of {material}", "I'm looking for {type}",
    "can you find me a {color} {type}", "show me {type}", "{type}", "{brand} {type}", "{type} with {feature}",
    "need a new {type}", "where can I find {type} on your site", "search for {type}", "do you carry {type}",
    "I want to buy a {type}", "{material} {type} for {gender2}", "got any {color} {type}?", "{type} size {size}",
    "waterproof {type}", "lightweight {type} for {activity}", "{type} on sale", "{type} in stock?",
    "what {type} do you have", "show me all {color} {type} under ${price}", "{gender} {color} {type} {size}",
    "i need some {type}", "buy {type}", "{type} for {activity} under ${price}", "a {type} with {feature}",
    "list your {type}", "browse {type}", "new arrivals in {type}", "is there a {color} version of the {title}",
]
RECOMMEND_TEMPLATES = [
    "what goes with the {title}?", "something similar to the {title}", "gift ideas for my {person}",
    "what would you recommend for {activity}?", "what pairs well with {type}?",
    "suggest a gift for a {person} who likes {activity}", "alternatives to the {title}",
    "what do people buy with the {title}", "recommend something for {activity}",
    "what's a good {type} for a beginner?", "which {type} would you pick for {activity}?",
    "help me choose a present for my {person}", "complete the look with the {title}", "best sellers for {gender2}",
    "any suggestions for {activity}?", "what should I get my {person} for their birthday?",
    "I don't know what to get, any ideas?", "what's popular right now?", "what are your top rated {type}?",
    "can you recommend a {type}?", "what would match my {color} {type}?", "I need inspiration for {activity} gear",
    "what else would I need for {activity}?", "what accessories go with the {title}?",
    "show me something like the {title} but cheaper", "I'm not sure which {type} to choose, help?",
    "which is better for {activity}, the {title} or something else?", "a gift under ${price} for my {person}",
    "what's trending for {gender2}?", "surprise me with something for {activity}",
    "what would you suggest to wear with {color} {type}?", "outfit ideas for {activity}",
    "recommend me a present for a {person}", "what's your favourite {type}?", "what do you recommend?",
    "similar items to the {title}", "other options like the {title}?", "what goes well with it for {activity}?",
    "christmas gift ideas for a {person}", "starter kit for {activity}, what do I need?",
]
SERVICE_TEMPLATES = [
    "where is my order {order}", "order {order} hasn't arrived", "track order #{order}", "status of order {order}",
    "can I return the {title}?", "I want to return my {type}", "how do I return an item", "return policy?",
    "my {type} arrived damaged", "the {type} I got is the wrong size", "I need a refund for order {order}",
    "when will I get my refund", "how long does delivery take", "do you ship to {country}?", "shipping costs?",
    "can I change my delivery address", "my package is late", "cancel order {order}",
    "can I pay with {payment}?", "my payment was declined", "I was charged twice", "how do I reset my password",
    "I can't log in to my account", "update my email address", "I want to talk to a human",
    "can I exchange the {title} for a bigger size?", "the zipper on my {type} broke", "do you price match?",
    "is there a warranty on the {title}?", "where's my stuff", "I never received my {type}",
    "how do I use a discount code", "my promo code doesn't work", "can I get an invoice for order {order}",
    "do you offer free shipping", "what are your opening hours", "how do I contact customer service",
    "I ordered the wrong size, can I swap it?", "my order {order} is missing an item", "delete my account please",
    "what's the status of my order {order}", "has order {order} shipped yet?", "any update on order {order}?",
    "where's order #{order}", "I'm still waiting for order {order}", "check order {order} please",
    "order #{order} status", "when will order {order} arrive", "is my order {order} on its way?",
    "I want to cancel my order", "can you tell me when my package arrives", "order {order} delivery date",
    "I need to speak to an agent", "my {type} doesn't fit, what now?", "refund status for order {order}",
]
CHITCHAT_EXTRA = [
    "hi", "hello", "hey there", "good morning", "hiya", "yo", "how are you?", "are you a bot?", "who made you?",
    "what's your name?", "tell me a joke", "you're great", "lol", "haha nice", "thanks", "thank you so much",
    "bye", "see you later", "ok bye", "good night", "what's the weather like?", "I'm bored", "nice to meet you",
    "are you human?", "what can you do?", "you're not very smart", "that's funny", "have a nice day",
]
COUNTRIES = ["canada", "the uk", "germany", "australia", "mexico", "france", "japan", "ireland"]
PAYMENTS = ["paypal", "apple pay", "klarna", "a gift card", "amex", "bitcoin", "google pay"]

# Follow-ups: they only make sense in their segment's scene; the gold label is that scene.
REFINE_FOLLOWUPS = [
    "in blue?", "do you have it in {size}?", "cheaper ones?", "under ${price}", "for {gender2}", "and for kids?",
    "any other colours?", "what about {color}?", "in {color} please", "{size}", "size {size}", "only {color} ones",
    "with {feature}", "something lighter", "in {material}?", "less than {price} dollars", "and in {color}?",
    "the second one", "show me the first one", "the third one in {size}", "more options please", "show me more",
    "what sizes does the second one come in?", "does the first one come in {color}?", "is it waterproof?",
    "a bit cheaper", "the {color} one", "ok the {color} one then", "any in stock?", "what about the last one?",
    "bigger sizes?", "one with {feature}", "the first one looks good, in {size}?", "hmm, not those",
    "anything else?", "the cheaper one", "how about {brand}?", "in {size} and {color}",
]
RECOMMEND_FOLLOWUPS = [
    "anything else?", "what about for a {person}?", "something cheaper", "more like the second one",
    "another idea?", "and for my {person}?", "I like the second one, anything similar?", "other suggestions?",
    "what goes with that?", "and something to go with it?", "more like this", "what else would match?",
    "not really my style, other ideas?", "hmm what else", "similar to the first one?", "for {activity} maybe?",
    "the first one, what goes with it?", "more ideas please", "anything more sporty?",
    "and for {person}?", "for my {person} instead?", "what about {activity}?", "maybe for a {person}",
    "something for {activity} instead?", "what about for a {person}?", "any other ideas for them?",
    "what if it's for {activity}?", "ideas under ${price}?", "hmm, something more fun?",
]
SERVICE_FOLLOWUPS = [
    "{order}", "#{order}", "it's {order}", "order number {order}", "{email}", "I used {email}", "my email is {email}",
    "yes", "no", "yes please", "no it hasn't arrived", "it was the {color} one", "the second one",
    "how long will it take?", "and if it doesn't fit?", "can I get a refund instead?", "what about shipping costs?",
    "it's been two weeks", "it shrank after one wash", "it's broken", "it arrived torn", "still nothing",
    "when exactly?", "do I need the receipt?", "do I pay for the return label?", "ok and how long for the refund?",
    "the first one", "both of them", "it was a gift", "I paid by card", "can you check again?", "that's not right",
    "can someone call me?", "I already did that", "it says delivered but it's not here",
]
# Replies that carry no scene of their own ("the second one" answers a search list, a gift idea
# list or "which item do you want to return?" alike): they follow whatever scene they are in.
NEUTRAL_FOLLOWUPS = [
    "the second one", "the first one", "the {color} one", "it was the {color} one", "yes", "no", "yes please",
    "sure", "that one", "both", "this one", "the other one", "and that one?", "what about it?", "the last one",
    "yeah", "nope", "ok and?", "go on", "what about the third?", "the one in {color}", "number 2", "#3 please",
    "not that one", "hmm ok", "the cheaper one", "the {title}", "right", "exactly", "I meant the first one",
]
# Coming back to an earlier product list after a detour: words that point at the list *and* say
# what to do with it, so the scene is the list's (search) or a recommendation, not the detour's.
RETURN_OPENERS = {
    "search": ["ok show me the {color} one in {size} instead", "show me the second one in {color}",
               "back to the {type}, do you have the first one in {size}?", "can I see the third one in {color}?",
               "ok the {color} one in {size} then", "let's go back to the {type}", "show me those {type} again",
               "the first one but in {color}", "actually, show me the cheaper one", "any of those in {size}?",
               "ok, what about the {title} in {size}?", "can you show the second one again"],
    "recommend": ["what would go with the first one?", "anything similar to the second one?",
                  "what goes well with the {color} one?", "more like the first one please",
                  "what pairs with the second one?", "something like the last one but cheaper?",
                  "what would you match with the {title}?", "any alternatives to the third one?"],
}
CHITCHAT_FOLLOWUPS = [
    "haha", "lol", "cool", "ok", "really?", "you're funny", "tell me another", "why?", "nice", "hmm",
    "what else can you do?", "are you sure?", "interesting", "good to know", "how old are you?",
]
CLOSERS = [
    "ok thanks", "great, bye", "thanks!", "perfect thank you", "cheers", "thank you, that's all", "ok cool thanks",
    "awesome, bye", "thanks a lot", "that's all I needed", "bye!", "thx", "ty", "great thanks", "nice, thanks",
    "ok that's it for now", "appreciate it", "thanks for your help", "alright thank you", "👍 thanks",
    "cya", "see ya", "later!", "bye bye", "good night!", "ok great", "perfect!", "awesome", "cool cool",
    "that's helpful, thanks", "you've been very helpful", "nice one", "sweet, thanks", "gotcha, thanks",
    "ok got it", "understood, thanks", "alright", "ok cool", "thank u", "tysm", "many thanks", "ok, bye then",
    "have a good one", "talk later", "that's everything", "no that's all, thanks", "all good now, thanks",
    "brilliant, cheers", "lovely, thank you", "great stuff", "much appreciated", "I'm done, thanks",
    "haha thanks", "thanks, you're the best", "ok ty", "k thanks", "thank you very much!", "goodbye",
]
# Words beside a photo, by the scene they put the turn in.
PHOTO_TEXTS = {
    "search": ["", "", "", "do you have this?", "this in {color}?", "find this", "something like this in {size}",
               "this but in {color}", "do you sell this", "looking for this", "this one", "is this available?",
               "how much is this?", "this in {size}"],
    "recommend": ["what goes with this?", "what would match this?", "similar items to this?",
                  "what else goes with this", "complete the look", "any ideas to pair with this",
                  "what shoes go with this?", "recommend something like this for my {person}"],
    "service": ["this arrived damaged", "I want to return this", "this is the wrong item", "the zipper broke on this",
                "I ordered this but it hasn't come", "can I exchange this?", "this has a stain, refund please"],
    "chitchat": ["look at this lol", "haha", "nice right?", "my cat says hi"],
}


@dataclass
class Pools:
    """Utterance sources for one split (train or dev)."""

    dev: bool
    products: list[Product]
    photos: list[str]  # catalog image paths, relative to the catalog directory
    service: list[str]
    chitchat: list[str]
    nlu: dict[str, list[str]] = field(default_factory=dict)


def _load_corpora(shared_scenes: Path, dev: bool) -> tuple[list[str], list[str]]:
    rows = list(csv.DictReader((shared_scenes / "bitext_customer_service.csv").open(encoding="utf-8-sig")))
    service = sorted({r["utterance"].strip() for r in rows if "{{" not in r["utterance"]})
    clinc = json.loads((shared_scenes / "clinc150_train_val.json").read_text())
    # CLINC's own "train" only; its "val" stays untouched for the held-out utterance check.
    chit = sorted({t for t, i in clinc["train"] + clinc["oos_train"] if i not in CLINC_SKIP | CLINC_SERVICE})
    service += sorted({t for t, i in clinc["train"] if i in CLINC_SERVICE})
    return split(service, dev), split(chit, dev)


def make_pools(shared_scenes: Path, dev: bool, catalog: Path = SHIPPED_CATALOG) -> Pools:
    """The utterance sources of one split: its products and photos, corpus utterances and NLU examples."""
    products = [p for p in load_catalog(catalog).products if p.image]
    part = [p for p in products if is_dev(p.id) == dev] or products
    service, chit = _load_corpora(shared_scenes, dev)
    nlu: dict[str, list[str]] = {}
    for text, scene in nlu_examples():
        nlu.setdefault(scene, []).append(text)
    nlu = {s: split(v, dev) for s, v in nlu.items()}
    return Pools(dev, part, [p.image for p in part], service, chit, nlu)


class Filler:
    """Fills template slots from the catalog and vocabularies."""

    def __init__(self, pools: Pools, rng: random.Random) -> None:
        self.pools, self.rng = pools, rng

    def fill(self, template: str) -> str:
        """Fill ``template`` with random values (a random product's title, colours and sizes among them)."""
        rng = self.rng
        p = rng.choice(self.pools.products)
        values = {
            "title": p.title,
            "type": p.category_leaf.lower() if rng.random() < 0.4 else rng.choice(PRODUCT_TYPES),
            "gender": rng.choice(GENDERS[:7]),
            "gender2": rng.choice(["men", "women", "kids", "my son", "my wife", "her", "him"]),
            "color": (rng.choice(p.colors) if p.colors and rng.random() < 0.4 else rng.choice(COLORS)).lower(),
            "size": rng.choice(list(p.sizes) + SIZES if p.sizes else SIZES),
            "price": rng.choice([20, 30, 40, 50, 60, 80, 100, 150]),
            "low": rng.choice([10, 15, 20, 25]), "activity": rng.choice(ACTIVITIES), "person": rng.choice(PEOPLE),
            "material": rng.choice(MATERIALS),
            "brand": rng.choice(["nike", "adidas", "luma", "patagonia", "north face", "puma"]),
            "feature": rng.choice(FEATURES),
            "order": str(rng.choice([rng.randint(1000, 1099), rng.randint(10000, 99999)])),
            "email": rng.choice(["roni_cost@example.com", "jane.doe@gmail.com", "mike77@yahoo.com",
                                 "a.lee@outlook.com"]),
            "country": rng.choice(COUNTRIES), "payment": rng.choice(PAYMENTS),
        }
        text = template.format(**values)
        if rng.random() < 0.15:
            text = text.lower()
        if rng.random() < 0.1:
            text = text.rstrip("?!.")
        return text


@dataclass
class Turn:
    """One generated shopper turn with its gold scene, and a photo or widget event when it has one."""

    text: str
    scene: str
    image: str = ""
    event: str = ""  # widget event carried in metadata, e.g. "more_like_this"

    def to_json(self) -> dict:
        """The turn as a conversation-file row (empty photo and event left out)."""
        out = {"text": self.text, "scene": self.scene}
        if self.image:
            out["image"] = self.image
        if self.event:
            out["event"] = self.event
        return out


class ConversationMaker:
    """Generates conversations of scene segments from one split's pools, reproducibly for a seed."""

    def __init__(self, pools: Pools, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = pools
        self.filler = Filler(pools, self.rng)
        dev = pools.dev
        self.templates = {
            "search": split(SEARCH_TEMPLATES, dev), "recommend": split(RECOMMEND_TEMPLATES, dev),
            "service": split(SERVICE_TEMPLATES, dev),
        }
        self.followups = {
            "search": split(REFINE_FOLLOWUPS, dev), "recommend": split(RECOMMEND_FOLLOWUPS, dev),
            "service": split(SERVICE_FOLLOWUPS, dev), "chitchat": split(CHITCHAT_FOLLOWUPS, dev),
        }
        self.closers = split(CLOSERS, dev)
        self.neutral = split(NEUTRAL_FOLLOWUPS, dev)
        self.refine = split([t for t in REFINE_FOLLOWUPS if "{" in t or "?" in t], dev)
        self.returns = {s: split(v, dev) for s, v in RETURN_OPENERS.items()}
        self.chit_extra = split(CHITCHAT_EXTRA, dev)

    def opener(self, scene: str) -> Turn:
        """A turn that says ``scene`` on its own: a corpus utterance, an NLU example, a template or a photo."""
        rng, pools = self.rng, self.pools
        if scene == "chitchat":
            r = rng.random()
            if r < 0.35:
                return Turn(rng.choice(self.chit_extra + pools.nlu.get("chitchat", [])), scene)
            return Turn(rng.choice(pools.chitchat), scene)
        if rng.random() < 0.12 and pools.photos and scene in PHOTO_TEXTS:
            words = rng.choice(PHOTO_TEXTS[scene])
            return Turn(self.filler.fill(words) if words else "", scene, image=rng.choice(pools.photos))
        if scene == "service" and rng.random() < 0.5:
            return Turn(rng.choice(pools.service), scene)
        if rng.random() < 0.2 and pools.nlu.get(scene):
            return Turn(rng.choice(pools.nlu[scene]), scene)
        return Turn(self.filler.fill(rng.choice(self.templates[scene])), scene)

    def followup(self, scene: str) -> Turn:
        """A turn that only makes sense in ``scene``: a follow-up, a neutral reply or a widget click."""
        rng = self.rng
        if scene in ("search", "recommend") and rng.random() < 0.06:
            return Turn("", scene, event=rng.choice(["view", "add_to_cart"]))  # a click is not a change of course
        if rng.random() < 0.25:
            return Turn(self.filler.fill(rng.choice(self.neutral)), scene)
        if scene == "recommend" and rng.random() < 0.15:
            return Turn("", scene, event="more_like_this")
        if scene == "search" and rng.random() < 0.08:
            return Turn("", scene, event="view")
        return Turn(self.filler.fill(rng.choice(self.followups[scene])), scene)

    def conversation(self, cid: str) -> dict:
        """One conversation of 1-4 segments, each a different scene from the one before."""
        rng = self.rng
        turns: list[Turn] = []
        if rng.random() < 0.35:
            turns.append(self.opener("chitchat"))
        scene = turns[-1].scene if turns else None
        shown = False
        for _ in range(rng.randint(1, 4)):
            scene = rng.choice([s for s in SCENE_ORDER if s != scene])
            if shown and scene in RETURN_OPENERS and rng.random() < 0.35:
                turns.append(Turn(self.filler.fill(rng.choice(self.returns[scene])), scene))
            else:
                turns.append(self.opener(scene))
            shown = shown or scene in RETURN_OPENERS
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                turns.append(self.followup(scene))
            if rng.random() < 0.15:
                # An acknowledgement between topics ("ok thanks") is small talk in any context.
                scene = "chitchat"
                turns.append(Turn(self.filler.fill(rng.choice(self.closers)), scene))
            elif scene == "search" and rng.random() < 0.15:
                # "More like this" under a search result asks for recommendations.
                scene = "recommend"
                turns.append(Turn("", scene, event="more_like_this"))
            elif scene == "recommend" and rng.random() < 0.3:
                # Asking about a suggestion's colour, size or features describes a product: search.
                scene = "search"
                turns.append(Turn(self.filler.fill(rng.choice(self.refine)), scene))
        if rng.random() < 0.4 and turns[-1].scene != "chitchat":
            turns.append(Turn(self.filler.fill(rng.choice(self.closers)), "chitchat"))
        return {"id": cid, "turns": [t.to_json() for t in turns]}


def single_utterances(pools: Pools, rng: random.Random, per_scene: int) -> list[dict]:
    """One-turn conversations: each scene's openers alone, as the start of a chat."""
    maker = ConversationMaker(pools, rng.randint(0, 10**9))
    out = []
    for scene in SCENE_ORDER:
        for i in range(per_scene):
            out.append({"id": f"u-{scene}-{i}", "turns": [maker.opener(scene).to_json()]})
    return out


def build(shared_scenes: Path, n_train: int = 1600, n_dev: int = 300, seed: int = 17) -> dict[str, list[dict]]:
    """The train conversations (plus one-turn openers) and the dev conversations, from separate pools."""
    train_pools, dev_pools = make_pools(shared_scenes, dev=False), make_pools(shared_scenes, dev=True)
    train_maker, dev_maker = ConversationMaker(train_pools, seed), ConversationMaker(dev_pools, seed + 1)
    train = [train_maker.conversation(f"t{i:05d}") for i in range(n_train)]
    train += single_utterances(train_pools, random.Random(seed + 2), per_scene=600)
    dev = [dev_maker.conversation(f"d{i:04d}") for i in range(n_dev)]
    return {"train": train, "dev": dev}


def heldout_utterances(shared_scenes: Path, per_source: int = 400, seed: int = 5) -> list[dict]:
    """Real single utterances no training example came from.

    Sources: CLINC150 ``val`` (small talk and out-of-scope: chitchat; order status: service), the
    Bitext dev part (service) and the hand-written shopper queries in ``shopper_queries.txt``
    (search / recommend).
    """
    rng = random.Random(seed)
    clinc = json.loads((shared_scenes / "clinc150_train_val.json").read_text())
    chit = sorted({t for t, i in clinc["val"] + clinc["oos_val"] if i not in CLINC_SKIP | CLINC_SERVICE})
    clinc_service = sorted({t for t, i in clinc["val"] if i in CLINC_SERVICE})
    rows = list(csv.DictReader((shared_scenes / "bitext_customer_service.csv").open(encoding="utf-8-sig")))
    bitext = sorted({r["utterance"].strip() for r in rows
                     if "{{" not in r["utterance"] and is_dev(r["utterance"].strip())})
    items = ([(t, "chitchat", "clinc-val") for t in rng.sample(chit, min(per_source, len(chit)))]
             + [(t, "service", "clinc-val") for t in clinc_service]
             + [(t, "service", "bitext-dev") for t in rng.sample(bitext, min(per_source, len(bitext)))])
    for line in SHOPPER_QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            scene, text = line.split("\t", 1)
            items.append((text.strip(), scene.strip(), "shopper-queries"))
    return [{"id": f"h{i:04d}", "source": src, "turns": [{"text": t, "scene": s}]}
            for i, (t, s, src) in enumerate(items)]


def write_all(shared_scenes: Path, log: Callable[[str], None] = print) -> None:
    """Build and write the train, dev and held-out files, logging their sizes."""
    data = build(shared_scenes)
    write_jsonl(data["train"], TRAIN_CONVERSATIONS)
    write_jsonl(data["dev"], DEV_CONVERSATIONS)
    write_jsonl(heldout_utterances(shared_scenes), HELDOUT_UTTERANCES)
    for name, rows in data.items():
        n_turns = sum(len(c["turns"]) for c in rows)
        log(f"{name}: {len(rows)} conversations, {n_turns} turns")
