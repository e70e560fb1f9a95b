"""Typo-tolerant search: misspelt product words are corrected, exact names, ids and known words are not."""

from __future__ import annotations

import pytest

from recsys.search.spelling import Speller, edit_distance


@pytest.fixture(scope="module")
def speller():
    targets = ["hoodie hoodies jacket jackets backpack watch watches shorts leggings black purple first",
               "Chaz Kangeroo Hoodie", "Endeavor Daytrip Backpack"]
    return Speller(targets, known_words={"wash", "her", "hello", "help", "the", "please"})


@pytest.mark.parametrize("wrong, right", [("hoddies", "hoodies"), ("jakcet", "jacket"), ("bakpack", "backpack"),
                                          ("wach", "watch"), ("shrots", "shorts"), ("legins", "leggings"),
                                          ("purpel", "purple"), ("frist", "first")])
def test_typos_become_catalog_words(speller, wrong, right):
    assert speller.correct(f"show me {wrong} please").text == f"show me {right} please"


@pytest.mark.parametrize("text", ["Kangeroo", "24-WG081-gray", "MH01", "hello", "wash", "helo there", "xyzzy"])
def test_known_words_ids_and_far_words_stay(speller, text):
    assert speller.correct(text).text == text


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("jakcet", "jacket", 2) == 1
    assert edit_distance("hoddies", "hoodies", 2) == 1
    assert edit_distance("abc", "xyzw", 1) == 2  # capped at limit + 1


def test_a_typo_across_a_hyphen():
    assert Speller(["tshirts tshirt tee"]).correct("womens t-shrits").text == "womens tshirts"


def test_chat_words_about_price_are_not_typos():
    speller = Speller(["price prices cozy"])
    assert speller.correct("and the pricey one from before").text == "and the pricey one from before"
    assert speller.correct("the priciest").text == "the priciest"
    assert speller.correct("the prics").text == "the price"  # a real typo still is one


def test_a_three_letter_typo_after_the_first_word_of_a_name():
    speller = Speller(["Zing Jump Rope", "Sprite Yoga Strap", "Voyage Yoga Bag", "Yoga Mat", "rope strap bag"])
    got = speller.correct("got a jump rop?")
    assert got.text == "got a jump rope?" and got.fixes == [("rop", "rope")]
    assert speller.correct("a yoga strp").text == "a yoga strap"  # four letters: the word alone is corrected
    for text in ("a yoga mat", "a yoga bag", "yoga for her", "jump, rop", "a rop"):
        assert speller.correct(text).text == text  # a catalog word, a function word, no name around it


def test_question_words_and_foreign_thanks():
    from recsys.search.spelling import CHAT_WORDS, product_vocabulary

    targets = product_vocabulary([], types_only=True)
    speller = Speller(targets, known_words={"the", "is", "wat", "one"})
    assert speller.correct("wat materal is the frist one").text == "wat material is the first one"
    # "Vielen Dank" stays German thanks, never "tank"
    assert "dank" in CHAT_WORDS and Speller(targets + ["tank tanks"], known_words=set()).correct("Dank").text == "Dank"


def test_a_known_word_inflected_is_no_typo():
    # the tokenizer knows "brows" but not "browse": "before I browse" is not "before I brown"
    speller = Speller(["brown black blue"], known_words={"brows", "before"})
    assert speller.correct("quick thing before I browse").text == "quick thing before I browse"
    assert speller.correct("in browm").text == "in brown"  # a real typo still is one
