"""Writes bot/data/nlu.yml from hand-written phrasing, catalog-driven search templates and real corpus utterances.

The search templates carry entity annotations; the service and small-talk utterances are sampled
from the shared corpora (Bitext customer-service, CDLA-Sharing-1.0; CLINC150, CC BY 3.0).

Run once when the phrasing changes: python bot/tools/make_nlu.py [SHARED_SCENES_DIR]
The output is committed, so training never needs the shared folder.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bot" / "data" / "nlu.yml"
SEED = 7

HAND = {
    # The widget sends its clicks as the "/widget_event" shortcut; these only keep Rasa's data check whole.
    "widget_event": ["widget_event", "widget event"],
    # Answers to the bot's own question, and "never mind" (the order form resumes, or stops).
    "affirm": ["yes", "yes please", "yeah", "yep", "ok", "okay", "sure", "sounds good", "right", "correct",
               "ok go on", "yes let's continue", "alright", "fine", "ok sure", "yup", "of course", "go ahead",
               "yes, back to my order", "ok, the order then"],
    "deny": ["no", "nope", "no thanks", "not really", "no thank you", "nah", "not now", "no, that's wrong",
             "I don't think so", "no I don't", "not yet", "negative"],
    "cancel_task": ["forget it", "never mind", "nevermind", "cancel", "cancel that", "stop", "forget about the order",
                    "I don't need it anymore", "skip it", "drop it", "let's not", "forget the order",
                    "don't bother", "never mind the order", "I'll check later", "forget about it", "stop that"],
    "greet": ["hi", "hello", "hey", "hello there", "good morning", "good evening", "hey there", "hiya",
              "hi, anyone there?", "howdy", "greetings", "yo", "hi bot", "good afternoon"],
    "goodbye": ["bye", "goodbye", "see you", "see you later", "that's all, bye", "great, bye", "cya",
                "have a nice day", "talk to you later", "I'm done, bye"],
    "thank": ["thanks", "thank you", "thank you!", "thanks a lot", "cheers", "much appreciated",
              "ok thanks", "great, thanks", "perfect, thank you", "thx", "awesome thanks"],
    "bot_challenge": ["are you a bot?", "are you a human?", "am I talking to a bot?", "are you real?",
                      "is this a real person?", "are you an AI?", "who am I talking to?"],
    "out_of_scope": ["what's the weather tomorrow", "tell me a joke", "who won the game last night",
                     "what is the meaning of life", "can you book me a flight", "what's 2 plus 2",
                     "play some music", "how tall is mount everest", "write me a poem",
                     "what's the capital of france"],
    "order_status": ["where is my order?", "where is my order [1042](order_number)", "track my order",
                     "has my order shipped?", "when will my order arrive?",
                     "what's the status of order [1007](order_number)?", "my package hasn't arrived",
                     "I want to check my order", "order status please",
                     "can you check on my order [1015](order_number)", "is order [1023](order_number) on its way?",
                     "I haven't received my parcel yet", "where's my stuff", "track package",
                     "what happened to my order", "did you ship my order yet"],
    "provide_order_info": ["[roni_cost@example.com](email)", "my email is [alex0@example.com](email)",
                           "I used [roni_cost@example.com](email)", "order number [1003](order_number)",
                           "it's [1019](order_number)", "[1042](order_number)", "number [1011](order_number)",
                           "the number is [1027](order_number)", "[sam1@example.com](email) and [1008](order_number)",
                           "email [maria3@example.com](email)", "it was [1031](order_number)",
                           "order [1004](order_number), email [roni_cost@example.com](email)"],
    "return_request": ["can I return these?", "can I return it?", "I want to return the second one",
                       "how do I return an item", "I'd like to send this back", "return the jacket",
                       "can I exchange it for a different size?", "it doesn't fit, can I return it",
                       "how do returns work", "I need to return my hoodie", "start a return",
                       "can I send the first one back if it doesn't fit?"],
    "refund_request": ["I want a refund", "I'd like a refund for the tank top I ordered", "where is my refund",
                       "how long do refunds take", "can I get my money back", "refund my order please",
                       "it shrank after one wash, I want my money back", "has my refund been processed"],
    "delivery_info": ["how long does delivery take", "do you ship internationally?", "what are the shipping costs",
                      "how much is shipping", "can I get express delivery", "do you deliver on weekends",
                      "please ship it to a different address", "change my delivery address",
                      "when will it arrive if I order today", "is shipping free?"],
    "payment_info": ["can I pay in installments?", "what payment methods do you accept", "do you take paypal",
                     "my payment failed", "can I pay by credit card", "was I charged twice?",
                     "do you accept apple pay", "can I pay on delivery"],
    "account_help": ["I can't update my account", "I forgot my password", "how do I create an account",
                     "delete my account", "change my email address", "I can't log in",
                     "how do I reset my password", "update my profile"],
    "store_policy": ["what is your return policy?", "what's your warranty", "do you price match",
                     "what is your privacy policy", "how long is the return window",
                     "are your products eco friendly?", "what's your exchange policy", "do you have a loyalty program"],
    "show_preferences": ["what do you know about me?", "what are my preferences", "what size did I tell you?",
                         "what have you remembered about me", "show my saved preferences", "what's my budget again?",
                         "which preferences do you have for me", "what did I say my size was",
                         "do you remember my size?", "list what you know about me", "what filters are you using",
                         "what data do you keep about me"],
    "forget_preferences": ["forget my size", "forget my preferences", "forget everything you know about me",
                           "reset my budget", "clear my preferences", "forget the colour I said",
                           "stop using my size", "forget my budget", "delete my saved preferences",
                           "drop the price limit", "start over with no filters", "forget that I'm a man",
                           "never mind the size", "forget my brand preference", "reset my filters please",
                           "you can forget my size and colour"],
    "human_handoff": ["I want to talk to a human", "let me speak to an agent", "connect me to customer service",
                      "real person please", "can I talk to someone", "get me a human", "transfer me to support",
                      "I need to speak with a representative"],
    "recommend_product": ["what goes with this jacket?", "gift for a 10 year old", "what would you recommend?",
                          "any suggestions for a runner?", "something similar to the second one",
                          "what pants would match it?", "gift for my sister who just started doing pilates",
                          "show me something like this", "what else do runners usually buy?",
                          "which one would you pick for hot yoga?", "recommend something for the gym",
                          "what do you suggest for a beginner yogi", "alternatives to the first one",
                          "what goes well with the hoodie", "I need gift ideas", "what's popular right now",
                          "what would complete this outfit", "surprise me", "your best sellers?",
                          "thanks. can you suggest a gym bag?", "any ideas for a birthday present",
                          "what do other customers buy with this", "something like this but cheaper",
                          "what's trending for women", "recommend a watch for my dad",
                          "what should I wear for a marathon"],
}

SEARCH_TEMPLATES = [
    "show me {category}", "I'm looking for {category}", "{color} {category}", "{gender} {category}",
    "{gender} {category} in {color}", "{category} under {price}", "{color} {category} under {price}",
    "do you have {category} in size {size}", "{gender} {category} size {size}", "I need {category} for {activity}",
    "{category} for {activity} under {price}", "find me {color} {category}", "any {category} in {color}?",
    "I want {gender} {category} below {price}", "{category} in {size}", "in {color}?", "do you have it in {color}",
    "show me the {color} one in {size}", "{gender}, size {size}, {color}", "under {price}", "something under {price}",
    "search for {category}", "do you sell {category}?", "what {category} do you have?", "cheap {category}",
    "{category} between {low} and {high} dollars",
]
CATEGORIES = ["hoodies", "jackets", "tees", "t-shirts", "tank tops", "pants", "shorts", "leggings", "bras",
              "bags", "backpack", "yoga mat", "water bottle", "watches", "fitness tracker", "sweatshirt",
              "running jacket", "yoga pants", "duffle bag", "foam roller"]
COLORS = ["red", "blue", "black", "gray", "green", "purple", "orange", "white", "yellow", "grey"]
SIZES = ["XS", "S", "M", "L", "XL"]
GENDERS = ["men's", "women's", "mens", "womens", "men", "women"]
ACTIVITIES = ["running", "yoga", "the gym", "hiking", "cold weather", "hot yoga", "travel"]
PRICES = ["$50", "50 dollars", "$80", "$30", "40", "$100", "60 bucks"]


def annotate(template: str, rng: random.Random) -> str:
    """Fill a search template with random values, annotated as Rasa entities."""
    values = {
        "category": f"[{rng.choice(CATEGORIES)}](category)",
        "color": f"[{rng.choice(COLORS)}](color)",
        "size": f"[{rng.choice(SIZES)}](size)",
        "gender": f"[{rng.choice(GENDERS)}](gender)",
        "price": f"[{rng.choice(PRICES)}](price)",
        "activity": rng.choice(ACTIVITIES),
        "low": f"[{rng.choice(['20', '30', '40'])}](price)",
        "high": f"[{rng.choice(['60', '70', '90'])}](price)",
    }
    return template.format(**values)


def search_examples(rng: random.Random) -> list[str]:
    """``search_product`` examples: each template filled four times, plus 25 catalog product titles."""
    out = set()
    catalog = [json.loads(line) for line in (ROOT / "recsys/data/catalog/luma.jsonl").open()]
    for template in SEARCH_TEMPLATES:
        for _ in range(4):
            out.add(annotate(template, rng))
    for product in rng.sample(catalog, 25):
        out.add(rng.choice(["do you have the {t}?", "{t}", "show me the {t}", "is the {t} in stock?"])
                .format(t=product["title"]))
    return sorted(out)


def corpus_examples(shared: Path, rng: random.Random) -> dict[str, list[str]]:
    """Examples per intent sampled from the Bitext and CLINC150 corpora in ``shared``."""
    bitext_map = {
        "track_order": "order_status", "get_refund": "refund_request", "track_refund": "refund_request",
        "delivery_options": "delivery_info", "delivery_period": "delivery_info",
        "change_shipping_address": "delivery_info",
        "check_payment_methods": "payment_info", "payment_issue": "payment_info", "recover_password": "account_help",
        "edit_account": "account_help", "create_account": "account_help", "delete_account": "account_help",
        "check_refund_policy": "store_policy", "contact_human_agent": "human_handoff",
        "contact_customer_service": "human_handoff",
    }
    out: dict[str, list[str]] = {}
    rows = list(csv.DictReader((shared / "bitext_customer_service.csv").open(encoding="utf-8-sig")))
    for source, intent in bitext_map.items():
        texts = sorted({r["utterance"] for r in rows if r["intent"] == source and "{{" not in r["utterance"]})
        out.setdefault(intent, []).extend(rng.sample(texts, min(8, len(texts))))
    clinc = json.loads((shared / "clinc150_train_val.json").read_text())
    clinc_map = {"greeting": "greet", "goodbye": "goodbye", "thank_you": "thank", "are_you_a_bot": "bot_challenge"}
    for source, intent in clinc_map.items():
        texts = sorted({t for t, i in clinc["train"] if i == source})
        out.setdefault(intent, []).extend(rng.sample(texts, 8))
    other = sorted({t for t, i in clinc["train"] if i in {"tell_joke", "meaning_of_life", "weather", "book_flight",
                                                          "translate", "calculator", "fun_fact", "what_is_your_name",
                                                          "who_made_you", "travel_suggestion", "timezone"}})
    out.setdefault("out_of_scope", []).extend(rng.sample(other, 25))
    out["out_of_scope"].extend(rng.sample(sorted({t for t, _ in clinc["oos_train"]}), 15))
    return out


def main() -> None:
    """Write nlu.yml from the corpora in the folder given on the command line (default: ../shared)."""
    rng = random.Random(SEED)
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "scenes"
    examples = {k: list(v) for k, v in HAND.items()}
    examples["search_product"] = search_examples(rng)
    for intent, texts in corpus_examples(shared, rng).items():
        examples[intent].extend(texts)
    lines = ['version: "3.1"', "", "# Generated by bot/tools/make_nlu.py; edit HAND there, not here.", "nlu:"]
    for intent in sorted(examples):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        for text in dict.fromkeys(examples[intent]):
            lines.append(f"    - {text.replace(chr(10), ' ').strip()}")
    lines += [
        "- regex: email", "  examples: |", r"    - [A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}",
        "- regex: order_number", "  examples: |", r"    - \b\d{4,10}\b",
        "- synonym: Gray", "  examples: |", "    - grey", "    - gray",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} with {sum(len(set(v)) for v in examples.values())} examples")


if __name__ == "__main__":
    main()
