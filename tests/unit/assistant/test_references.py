"""Reference resolution across scenes (recsys/references.py) and the cross-scene behaviour the
assistant builds on it: returns of verified order items, preferences shown and forgotten."""

from __future__ import annotations

import pytest

from recsys.assistant.references import resolve
from recsys.catalog import load_catalog
from recsys.settings import SHIPPED_CATALOG
from recsys.storage.context_store import ShownList


@pytest.fixture(scope="module")
def products():
    return {p.id: p for p in load_catalog(SHIPPED_CATALOG).products}


HOODIES = ShownList(10, "search", "search", ["MH01", "MH06", "MH09"])  # $52 black/gray/orange, $42, $69 blue
RETURN_DETOUR = ShownList(11, "focus", "service", ["MH01"])
ORDER = ShownList(12, "order", "service", ["WS03"])


@pytest.mark.parametrize("text, ordinal, lists, expected, source", [
    ("the second one", 1, [HOODIES], ["MH06"], 10),
    ("the second one", 1, [RETURN_DETOUR, HOODIES], ["MH06"], 10),  # skips the one-product answer
    ("the last one", -1, [RETURN_DETOUR, HOODIES], ["MH09"], 10),
    ("show me the cheaper one", None, [RETURN_DETOUR, HOODIES], ["MH06"], 10),
    ("the most expensive one", None, [HOODIES], ["MH09"], 10),
    ("what about the orange one", None, [RETURN_DETOUR, HOODIES], ["MH01"], 11),  # the focus product is orange
    ("the blue one in XL", None, [RETURN_DETOUR, HOODIES], ["MH06"], 10),  # MH06 is the first blue one
    ("is it machine washable?", None, [RETURN_DETOUR, HOODIES], ["MH01"], 11),  # the product in focus
    ("can I return these?", None, [RETURN_DETOUR, HOODIES], ["MH01", "MH06", "MH09"], 10),
    ("can I return it?", None, [ORDER, HOODIES], ["WS03"], 12),  # after an order look-up: its item
])
def test_resolves_to_the_right_list(products, text, ordinal, lists, expected, source):
    got = resolve(text, ordinal, lists, products)
    assert got is not None and [p.id for p in got.products] == expected and got.source.turn_id == source
    assert got.how


@pytest.mark.parametrize("text, ordinal", [
    ("I want a jacket that is waterproof", None),  # "that" as a conjunction is no reference
    ("the pink one", None),  # nothing pink was shown
    ("the ninth one", 8),
    ("show me yoga mats", None),
])
def test_no_reference(products, text, ordinal):
    assert resolve(text, ordinal, [RETURN_DETOUR, HOODIES], products) is None


def test_nothing_shown_means_no_reference(products):
    assert resolve("the second one", 1, [], products) is None


def test_return_after_order_lookup_and_detour(assistant):
    sender = "ref-order-shopper"
    a = assistant
    a.observe_turn(sender, "m1", "where is my order 1001", "order_status")
    a.observe_turn(sender, "m2", "roni_cost@example.com", "provide_order_info", in_order_form=True)
    order = a.order_answer(sender, "1001", "roni_cost@example.com", "m2")
    assert order.card and order.card["number"] == "1001"
    a.observe_turn(sender, "m3", "can I return it?", "return_request")
    answer = a.service_answer(sender, "return_request", "can I return it?", "m3")
    assert "return request R-" in answer.text and "from order 1001" in answer.text
    title = a.products["WS03"].title
    assert title in answer.text
    assert ("bought", "WS03") in a.store.events(sender) and ("returned", "WS03") in a.store.events(sender)
    # a second sender asking the same thing gets the policy, not the order
    a.observe_turn("ref-intruder", "x1", "can I return it?", "return_request")
    other = a.service_answer("ref-intruder", "return_request", "can I return it?", "x1")
    assert "R-" not in other.text and "1001" not in other.text and title not in other.text


def _list_then_return(a, sender: str, query: str, which: str):
    """A search list, then a return question about one of its products (turns m1, m2)."""
    a.observe_turn(sender, "m1", query, "search_product")
    listed = a.search(sender, query, "m1")
    assert len(listed.products) >= 3
    question = f"can I return the {which} one?"
    a.observe_turn(sender, "m2", question, "return_request")
    return listed, a.service_answer(sender, "return_request", question, "m2")


def test_a_product_pointer_kept_in_service_becomes_a_search(assistant):
    sender = "ref-blue-after-return"
    a = assistant
    _list_then_return(a, sender, "men's hoodies under $80", "second")
    a.observe_turn(sender, "m3", "the blue one", "search_product")
    answer = a.service_answer(sender, "search_product", "the blue one", "m3")  # routed to service by the scene
    assert answer.products and "blue" in " ".join(answer.products[0].colors).lower()
    assert a.policies["service_default"] not in answer.text
    policy = a.service_answer(sender, "delivery_info", "the blue one", "m3")  # a real service topic: policy
    assert policy.text.endswith(a.policies["delivery_info"]) and "About the " in policy.text  # about that product


def test_detour_then_back_to_the_list(assistant):
    sender = "ref-detour-shopper"
    a = assistant
    first, detour = _list_then_return(a, sender, "men's hoodies under $60", "first")
    assert first.products[0].title in detour.text
    a.observe_turn(sender, "m3", "ok what about the third one in XL", "search_product")
    back = a.search(sender, "ok what about the third one in XL", "m3")
    third = a.products[first.products[2].id]
    assert back.products and all(a.products[p.id].category_leaf == third.category_leaf for p in back.products)
    assert "size XL" in back.filters
    if "XL" in third.sizes:
        assert back.products[0].id == third.id


def test_preferences_seen_and_forgotten(assistant):
    sender = "ref-pref-shopper"
    a = assistant
    a.observe_turn(sender, "m1", "women's jackets in size M under $80", "search_product")
    a.search(sender, "women's jackets in size M under $80", "m1")
    shown = a.show_preferences(sender)
    assert "size M" in shown.text and "budget up to $80" in shown.text and "women's jackets" in shown.text
    a.observe_turn(sender, "m2", "do you have tees?", "search_product")
    tees = a.search(sender, "do you have tees?", "m2")
    assert "size M" in tees.filters and "under $80" in tees.filters  # carried into a later search
    forgot = a.forget_preferences(sender, "forget my size")
    assert "forgotten your size" in forgot.text and "budget" in forgot.text
    assert "size" not in a.store.preferences(sender)
    again = a.search(sender, "do you have tees?", "m2")
    assert "size M" not in again.filters and "under $80" in again.filters
    assert "nothing to forget" in a.forget_preferences(sender, "forget my size").text
    assert "forgotten" in a.forget_preferences(sender, "forget everything you know about me").text
    assert a.store.preferences(sender) == {}
