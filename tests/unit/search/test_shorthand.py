"""Chat shorthand is spelled out exactly, and nothing else is touched."""

import pytest

from recsys.search.shorthand import expand


@pytest.mark.parametrize(("text", "want"), [
    ("shw me mens hoodies", "show me mens hoodies"),
    ("add tht", "add that"),
    ("2nd 1 come in L?", "2nd one come in L?"),
    ("ok n the 1st one?? material", "ok and the 1st one?? material"),
    ("undr 35", "under 35"),
    ("most exp first", "most expensive first"),
    ("sort hi to lo", "sort high to low"),
    ("sort cheap to exp", "sort cheap to expensive"),
    ("wmns jackets pls", "womens jackets please"),
    ("smth like this in blue", "something like this in blue"),
    ("nvm", "never mind"),
    ("bag w/ zip w/o straps", "bag with zip without straps"),
    ("in blu?", "in blue?"),
    ("grn or gry pls", "green or gray please"),
])
def test_shorthand_is_spelled_out(text, want):
    assert expand(text) == want


@pytest.mark.parametrize("text", [
    "roni_cost@example.com", "u@example.com is my email", "see https://shop.example/u/r", "hi", "i have 1 question",
    "under $1", "the U-Lock", "order 1001", "", "show me men's hoodies under $60",
])
def test_other_words_are_left_alone(text):
    assert expand(text) == text
