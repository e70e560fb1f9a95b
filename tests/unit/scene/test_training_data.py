"""The turn model's generated training conversations: labels and slot spans stay true to the text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from recsys.training import templates as T
from recsys.training.conversations import ConversationMaker, Turn, make_pools

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"


@pytest.fixture(scope="module")
def maker() -> ConversationMaker:
    if not (SHARED / "taxonomy").exists():
        pytest.skip(f"no shared data at {SHARED}")
    return ConversationMaker(make_pools(SHARED, dev=False), seed=3)


def test_every_span_marks_its_own_words(maker):
    convs = [maker.conversation(f"c{i}") for i in range(400)]
    turns = [t for c in convs for t in c["turns"]]
    assert len(turns) > 1000
    for t in turns:
        marked: dict[str, set[str]] = {}
        for a, b, name in t.get("spans", []):
            assert 0 <= a < b <= len(t["text"]), t
            assert t["text"][a:b].strip(), t
            marked.setdefault(name, set()).add(t["text"][a:b])
        for name, value in t.get("slots", {}).items():
            assert value in marked[name], t
    texts = [t["text"] for t in turns]
    # Mid-chat asks open with "ok", "and", "also" ...; some messages carry two asks.
    assert any(x.startswith(tuple(T.SHIFT_PREFIXES)) for x in texts)
    assert sum(any(g in x for g in (" oh and ", ". also ", " + ", ", plus ")) for x in texts) > 5


def test_two_asks_are_labelled_by_the_first_real_ask(maker):
    maker.rng = random.Random(0)
    add = Turn("add the 2nd one", "search", "add_to_cart", ref="2")
    ship = Turn("do you ship to ireland", "service", "delivery")
    both = maker.joined(add, ship)
    assert (both.scene, both.act, both.ref) == ("search", "add_to_cart", "2")
    assert both.text.startswith("add the 2nd one") and both.text.endswith("do you ship to ireland")
    thanks = Turn("ok thanks", "chitchat", "thank")
    boots = Turn("black boots size 9", "search", "search_product", [(0, 5, "color"), (6, 11, "product_type")])
    joined = maker.joined(thanks, boots)
    assert (joined.scene, joined.act) == ("search", "search_product")
    assert {joined.text[a:b] for a, b, _ in joined.slots} == {"black", "boots"}


def test_a_prefix_moves_the_slot_spans(maker):
    maker.rng = random.Random(1)
    turn = Turn("Red kettle", "search", "search_product", [(0, 3, "color"), (4, 10, "product_type")])
    out = maker.prefixed(turn, chance=1.0)
    assert out.text != "Red kettle" and out.text.lower().endswith("red kettle")
    assert [out.text[a:b].lower() for a, b, _ in out.slots] == ["red", "kettle"]


def test_search_box_queries_are_taught_as_product_requests(maker):
    maker.rng = random.Random(2)
    made = [maker.filler.fill(q, "search_product", "search") for q in T.KEYWORD_QUERIES for _ in range(3)]
    assert all(m.act == "search_product" and "{" not in m.text for m in made)
    assert sum(any(name == "product_type" for _, _, name in m.slots) for m in made) == len(made)


def test_written_conversations_become_training_turns_with_slot_spans():
    from recsys.training.written import WRITTEN_TRAINING_SETS, as_training, written_conversations

    conv = {"id": "w1", "turns": [
        {"text": "Red trail shoes under 80", "scene": "search", "act": "search_product",
         "slots": {"color": "red", "product_type": "trail shoes", "price_max": 80.0}},
        {"text": "which is the cheapest", "scene": "search", "act": "sort", "slots": {"superlative": "cheapest"}},
        {"text": "the 2nd", "scene": "search", "act": "add_to_cart", "ref": "2"}]}
    got = as_training(conv)["turns"]
    assert sorted(got[0]["spans"]) == [[0, 3, "color"], [4, 15, "product_type"], [22, 24, "price_max"]]
    assert "slots_known" not in got[0]
    assert got[1]["slots_known"] is False  # a normalised superlative is not the shopper's words
    assert got[2]["ref"] == "2" and got[2]["spans"] == []
    assert as_training({"id": "bad", "turns": [{"text": "x", "scene": "shopping", "act": "refine"}]}) is None
    # only spent sets train the model: never a set still waiting for its one final check
    # (sets 13 to 15 are spent but train no shipped model yet; set 16 waits for the next model's check)
    assert not {p.name for p in WRITTEN_TRAINING_SETS} & {f"{kind}{n}.jsonl" for kind in ("conversations", "utterances")
                                                           for n in (13, 14, 15, 16)}
    assert len(written_conversations()) >= 1000
    # a first-message file labels no slots: its turns teach the tagger nothing, not "no slot here"
    firsts = written_conversations([p for p in WRITTEN_TRAINING_SETS if p.name == "utterances.jsonl"])
    assert firsts and all(t.get("slots_known") is False for c in firsts for t in c["turns"])
    convs = written_conversations([p for p in WRITTEN_TRAINING_SETS if p.name == "conversations.jsonl"])
    assert any("slots_known" not in t for c in convs for t in c["turns"])
