"""The conversational logic in-process, with the real encoder, FAISS index and SQLite store."""

from recsys.storage.orders import SAMPLE_CUSTOMER


def turn(assistant, sender, mid, text, intent=None):
    return assistant.observe_turn(sender, mid, text, intent)


def test_search_applies_filters_and_records_shown(assistant):
    turn(assistant, "a1", "m1", "men's hoodies under $60", "search_product")
    answer = assistant.search("a1", "men's hoodies under $60", "m1", k=4)
    assert len(answer.products) == 4
    for view in answer.products:
        product = assistant.products[view.id]
        assert product.price <= 60 and product.gender in ("Men", "Unisex")
        assert product.category_leaf == "Hoodies & Sweatshirts"
        assert view.reason == "men's hoodies & sweatshirts, under $60"  # plain words; numbers behind Why?
        assert "similarity" in view.why
        assert view.image_url.endswith(".jpg")
    assert assistant.store.last_shown("a1") == [v.id for v in answer.products]


def test_budget_carries_across_a_service_detour(assistant):
    turn(assistant, "a2", "m1", "hoodies under $50", "search_product")
    assistant.search("a2", "hoodies under $50", "m1")
    d = turn(assistant, "a2", "m2", "can I return the second one?", "return_request")
    assert d.scene == "service"
    shown = assistant.store.last_shown("a2")
    reply = assistant.service_answer("a2", "return_request", "can I return the second one?")
    assert assistant.products[shown[1]].title in reply.text and "30 days" in reply.text
    turn(assistant, "a2", "m3", "now show me jackets", "search_product")
    answer = assistant.search("a2", "now show me jackets", "m3")
    assert answer.products and all(assistant.products[v.id].price <= 50 for v in answer.products)
    assert "kept your earlier preference" in answer.text and "under $50" in answer.text


def test_unknown_category_says_so(assistant):
    answer = assistant.search("a3", "do you sell laptops?")  # a kind retail sells and this shop does not
    assert answer.products == [] and "don't sell laptops" in answer.text and "Jackets" in answer.text


def test_impossible_filters_are_relaxed_and_reported(assistant):
    answer = assistant.search("a4", "lavender XS watches over $500")
    assert answer.products and answer.relaxed
    assert "dropped" in answer.text


def test_empty_query_asks_back(assistant):
    assert "What are you looking for" in assistant.search("a5", "   ").text


def test_recommend_goes_with_uses_merchant_links(assistant):
    turn(assistant, "a6", "m1", "Chaz Kangeroo Hoodie", "search_product")
    shown = assistant.search("a6", "Chaz Kangeroo Hoodie", "m1").products
    focus = assistant.products[shown[0].id]
    turn(assistant, "a6", "m2", "what would go well with the first one?", "recommend_product")
    answer = assistant.recommend("a6", "what would go well with the first one?", "m2")
    ids = [v.id for v in answer.products]
    assert ids and focus.id not in ids
    linked = set(focus.crosssell) | set(focus.related) | set(focus.upsell)
    if linked:
        assert ids[0] in linked and "shop's pick" in answer.products[0].reason


def test_recommend_without_focus_gives_distinct_products(assistant):
    answer = assistant.recommend("a7", "gift ideas for my sister who does yoga")
    titles = [v.title for v in answer.products]
    assert len(titles) == len(set(titles)) == 5


def test_order_answer_only_with_matching_email(assistant):
    ok = assistant.order_answer("a8", "1001", SAMPLE_CUSTOMER)
    assert "Order 1001" in ok.text and "shipped" in ok.text
    denied = assistant.order_answer("a9", "1001", "attacker@example.com")
    assert "couldn't find" in denied.text and "1001 (" not in denied.text


def test_a_refinement_keeps_the_categories_on_screen(assistant):
    turn(assistant, "a9", "m1", "show me men's hoodies under 60", "search_product")
    assistant.search("a9", "show me men's hoodies under 60", "m1")
    d = turn(assistant, "a9", "m2", "in blue?", "out_of_scope")
    assert d.scene == "search"
    answer = assistant.search("a9", "in blue?", "m2")
    assert answer.products
    for view in answer.products:
        product = assistant.products[view.id]
        assert product.category_leaf == "Hoodies & Sweatshirts" and "Blue" in product.colors
    # a new product word is a new search, not a refinement
    other = assistant.search("a9", "blue jackets", "m3")
    assert all(assistant.products[v.id].category_leaf == "Jackets" for v in other.products)
