"""The shopper-facing wording (recsys/assistant/replies.py), byte for byte: other tools compare replies."""

from __future__ import annotations

from datetime import datetime

from recsys.assistant import ProductView, replies
from recsys.storage.context_store import StatedPreference
from recsys.storage.orders import OrderView


def _view(title: str, price: float | None, reason: str = "similarity 0.80") -> ProductView:
    return ProductView("P1", title, price, "", "Men > Tops", [], [], 0.8, reason)


def test_search_list_says_what_was_kept_and_dropped():
    intro = replies.search_intro(2, ["jackets", "under $50"])
    text = replies.product_list(intro, [_view("Kenobi Trail Jacket", 47.0), _view("Quote Jacket", None)],
                                ["under $50"], [replies.earlier(replies.FILTER_NAMES["sizes"]), "color"])
    assert text == ("Here are 2 options (jackets, under $50): I kept your earlier preference: under $50. "
                    "Nothing matched everything, so I dropped: earlier size, color.\n"
                    "1. Kenobi Trail Jacket - $47.00\n2. Quote Jacket - price on request")
    assert replies.search_intro(1, []) == "Here is 1 option:"


def test_photo_intros():
    assert replies.photo_intro("Frankie Sweatshirt", True, False, []) == "This looks like the Frankie Sweatshirt:"
    assert replies.photo_intro("Frankie Sweatshirt", True, True, ["in red"]) == \
        "This looks like the Frankie Sweatshirt; here are the closest matches (in red):"
    assert replies.photo_intro("Frankie Sweatshirt", False, True, []) == \
        "Your photo looks like the Frankie Sweatshirt; here are the closest matches:"
    assert replies.photo_intro(None, False, True, []) == \
        "I couldn't find that exact item, but these are the closest matches:"


def test_recommendation_list():
    text = replies.recommendation_list(replies.goes_with("Chaz Kangeroo Hoodie"),
                                       [_view("Aether Gym Pant", 74.0, "shop's pick"), _view("Gift card", None)])
    assert text == ("These go well with the Chaz Kangeroo Hoodie:\n"
                    "1. Aether Gym Pant - $74.00 (shop's pick)\n2. Gift card")


def test_order_description():
    order = OrderView("1001", "shipped", datetime(2026, 10, 3), "UPS", "1Z1", datetime(2026, 10, 8), 61.5, "USD",
                      [("WS03", "Iris Workout Top", 1, "XS", "Red", 29.0),
                       ("24-MB02", "Fusion Backpack", 2, None, None, 16.25)])
    assert replies.describe_order(order) == (
        "Order 1001 (placed Oct 03, 2026) is shipped. It ships with UPS, tracking number 1Z1. Estimated delivery: "
        "Oct 08. Items: 1 x Iris Workout Top (XS, Red); 2 x Fusion Backpack. Total $61.50 USD.")


def test_returns_opened_and_already_open():
    text = replies.returns_opened([("Iris Workout Top", "1001", 1)], [("Fusion Backpack", "1001", 2)], "Policy.")
    assert text == ("I've opened return request R-1 for the Iris Workout Top from order 1001. Return request R-2 for "
                    "the Fusion Backpack from order 1001 is already open. We'll email the return label to the "
                    "address on the order. Policy.")
    # the order is known: the policy's request for an order number is left out
    text = replies.returns_opened([("Iris Workout Top", "1001", 1)], [], "30 days. Reply with your order number.")
    assert text.endswith("on the order. 30 days.")
    text = replies.returns_opened([("Iris Workout Top", "1001", 1)], [], "30 days. Start a return from your "
                                  "account page or reply here with your order number and I'll look it up.")
    assert text.endswith("on the order. 30 days. Start a return from your account page.")


def test_preferences_shown_and_forgotten():
    details = [StatedPreference("size", "M,L", "search", "women's jackets in size M or L", datetime(2026, 1, 1)),
               StatedPreference("max_price", "80", "", "", datetime(2026, 1, 1))]
    assert replies.preference_list(details) == (
        "Here's what I'm using from what you told me:\n"
        "- size M or L (you said \"women's jackets in size M or L\" while we were on search)\n"
        "- budget up to $80\n"
        "Say e.g. \"forget my size\" or \"forget everything\" to change this.")
    assert replies.nothing_to_forget([]) == "I wasn't keeping any preferences for you, so there's nothing to forget."
    assert replies.nothing_to_forget(["max_price", "min_price"]) == \
        "I wasn't keeping any budget, minimum price for you, so there's nothing to forget."
    assert replies.forgotten(["size"], {"gender": "Women", "max_price": "80"}) == \
        "Done, I've forgotten your size. Still using: for Women; budget up to $80."
    assert replies.forgotten(["color"], {}) == "Done, I've forgotten your colour. I'm not using any other preferences."
