"""The turn model beyond the scene: acts, slots, references; their metrics; the training data and splits."""

from pathlib import Path

import numpy as np
import pytest

from recsys.encoders.text import TokenStates
from recsys.evaluation.turn_metrics import TurnPrediction, ref_class, slot_match, turn_scores
from recsys.scene.model import ACT_SCENES, ACTS, SLOT_TAGS, TurnContext
from recsys.scene.slots import decode, normalize, rule_slots

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"


def one_hot_tags(tags: list[str]) -> np.ndarray:
    out = np.zeros((len(tags), len(SLOT_TAGS)))
    for i, t in enumerate(tags):
        out[i, SLOT_TAGS.index(t)] = 1.0
    return out


def test_decode_joins_pieces_widens_to_words_and_splits_slots():
    text = "black hoddies under $40"
    # word pieces: [CLS] black ho ##dd ##ies under $ 40 [SEP]
    offsets = [(0, 0), (0, 5), (6, 8), (8, 10), (10, 13), (14, 19), (20, 21), (21, 23), (0, 0)]
    tags = ["O", "B-color", "B-product_type", "I-product_type", "O", "O", "B-price_max", "I-price_max", "O"]
    slots = decode(text, TokenStates(np.zeros((9, 4), np.float32), offsets), one_hot_tags(tags))
    assert [(s.name, s.value) for s in slots] == [("color", "black"), ("product_type", "hoddies"), ("price_max", "$40")]
    # a tag on the middle piece only still covers the whole (misspelt) word
    tags = ["O", "O", "O", "B-product_type", "O", "O", "O", "O", "O"]
    slots = decode(text, TokenStates(np.zeros((9, 4), np.float32), offsets), one_hot_tags(tags))
    assert [(s.name, s.value, s.start, s.end) for s in slots] == [("product_type", "hoddies", 6, 13)]


def test_normalized_values_and_exact_rules():
    assert normalize("price_max", "$40") == 40.0 and normalize("price_min", "over 25.5") == 25.5
    assert normalize("superlative", "lowest priced") == "cheapest"
    assert normalize("superlative", "priciest") == "most expensive"
    assert normalize("superlative", "top rated") == "best rated"
    assert normalize("color", "  Light  Blue ") == "light blue"
    found = {s.name: s.value for s in rule_slots("order #004521, it's jo@example.com")}
    assert found == {"order_number": "004521", "email": "jo@example.com"}
    assert normalize("order_number", "004521") == "4521"


def test_turn_metrics_match_slots_fuzzily_and_skip_unannotated_turns():
    assert slot_match("product_type", "noise cancelling headphones", "headphones")
    assert slot_match("price_max", 40, "$40") and not slot_match("price_max", 40, "45")
    assert not slot_match("color", "black", "navy")
    assert ref_class("1 and 3") == "1" and ref_class("the laser one") == "other" and ref_class(None) == "none"
    gold = [[{"act": "search_product", "slots": {"product_type": "hoodies", "color": "grey"}},
             {"act": "add_to_cart", "ref": "2"},
             {"act": "account", "slots_known": False}]]
    pred = [[TurnPrediction("search_product", {"product_type": "grey hoodies", "size": "M"}),
             TurnPrediction("add_to_cart", {}, "2"),
             TurnPrediction("payment", {"product_type": "invoice"})]]
    m = turn_scores(gold, pred)
    assert m["act_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    # hoodies matched, grey missed, size predicted wrongly; the unannotated turn is not scored
    assert m["slot_precision"] == 0.5 and m["slot_recall"] == 0.5
    assert m["ref_accuracy"] == 1.0 and m["pointer_recall"] == 1.0


def test_every_act_has_a_scene_rule_and_phrasings():
    from recsys.training.templates import ACT_TEMPLATES

    assert tuple(ACT_SCENES) == ACTS and set(ACT_TEMPLATES) == set(ACTS)
    assert all(ACT_TEMPLATES[a] for a in ACTS)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")
def test_generated_turns_are_consistently_labelled_and_the_holdout_build_leaves_out_its_parts():
    from recsys.datasets.scene_splits import taxonomy_types
    from recsys.training.conversations import ConversationMaker, make_pools

    held = set(taxonomy_types(SHARED, heldout=True)) - set(taxonomy_types(SHARED, heldout=False))
    pools = make_pools(SHARED, dev=False, holdout=True)
    assert held and not held & set(pools.types)
    assert held & set(make_pools(SHARED, dev=False).types)
    maker = ConversationMaker(pools, seed=3)
    convs = [maker.conversation(f"c{i}") for i in range(150)]
    for conv in convs:
        for turn in conv["turns"]:
            assert turn["act"] in ACTS
            assert ACT_SCENES[turn["act"]] in (turn["scene"], None), turn
            for start, end, slot in turn.get("spans", []):
                assert turn["text"][start:end] == turn["slots"][slot] or slot in turn["slots"], turn


def test_the_live_model_understands_acts_slots_and_pointers(assistant):
    det = assistant.scenes
    after_list = np.array([0.02, 0.9, 0.05, 0.03])
    ctx = TurnContext(bot_action="products", products_on_screen=5, turn_index=2)
    d = det.step("add the second one to my cart", ctx, after_list)
    assert (d.scene, d.act, d.ref) == ("search", "add_to_cart", "2")
    d = det.step("black hoodies for men under $40", TurnContext(), None)
    values = d.slot_values()
    assert d.act == "search_product" and values.get("color") == "black" and values.get("price_max") == 40.0
    assert "hoodie" in str(values.get("product_type"))
    d = det.step("where is my order 104233", TurnContext(), None)
    assert (d.scene, d.act, d.slot_values().get("order_number")) == ("service", "order_status", "104233")
    d = det.step("wo ist meine bestellung, ich warte seit einer woche", TurnContext(), None)
    assert (d.scene, d.act) == ("chitchat", "other_language")


def test_a_big_price_in_a_search_is_a_price_not_an_order_number(assistant):
    d = assistant.scenes.step("a corner sofa under 1500", TurnContext(), None)
    values = d.slot_values()
    assert d.scene == "search" and "order_number" not in values
    d = assistant.scenes.step("where is 1042", TurnContext(), None)
    assert d.slot_values().get("order_number") == "1042"  # the number is tagged as one
    # the live reading (words and exact cues): a bare number asked after is an order's (v10's words
    # alone read it as small talk)
    # (v12 reads it as the order's details given, v11 as a status question: both start the one look-up)
    d = assistant.turns.first_turn("where is 1042")
    assert d.scene == "service" and d.act in {"order_status", "provide_order_info"}
    assert d.slot_values().get("order_number") == "1042"


def test_the_words_before_a_price_say_which_bound_it_is():
    from recsys.scene.slots import Slot, price_bound

    def bound(text: str, value: str, tagged: str = "price_min") -> str:
        start = text.index(value)
        return price_bound(text, Slot(tagged, value, start, start + len(value))).name

    assert bound("women's jackets under $80", "$80") == "price_max"
    assert bound("anything over 40 please", "40", "price_max") == "price_min"
    assert bound("between 60 and 120", "60", "price_max") == "price_min"
    assert bound("between 60 and 120", "120") == "price_max"
    assert bound("a lamp for 30", "30") == "price_min"  # no bound word: the tagger's reading stands
