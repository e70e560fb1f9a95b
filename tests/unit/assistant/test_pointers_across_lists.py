"""Pointers at one of several lists shown: by department ("the 2nd mens one"), by whose it is ("remove
hers"), "back to the jackets", and a search list kept beside an answer in the same message."""

from __future__ import annotations

import pytest

from recsys.assistant.references import department_pointed, owner_department, resolve
from recsys.catalog import load_catalog
from recsys.settings import SHIPPED_CATALOG
from recsys.storage.context_store import ShownList


@pytest.fixture(scope="module")
def products():
    return {p.id: p for p in load_catalog(SHIPPED_CATALOG).products}


@pytest.mark.parametrize("text, department", [
    ("add the 2nd mens one in L", "Men"),
    ("the first of the women's watches", "Women"),
    ("go back to the mens list - the third one", "Men"),
    ("the first hoodie from his list", "Men"),
    ("and the first womens one, green", "Women"),
    ("is the 2nd one for women?", ""),  # a question about the product, not which list
    ("the first one", ""),
])
def test_department_pointed(text, department):
    assert department_pointed(text) == department


@pytest.mark.parametrize("text, department", [
    ("ugh she already has it. remove hers", "Women"),
    ("take his out", "Men"),
    ("remove my mum's one", "Women"),
    ("If my sister doesn't like hers, could she exchange it", "Women"),
    ("add it, it's for my sister's birthday", ""),  # an occasion, not whose item
    ("his size is L", ""),
    ("remove his jacket", ""),  # a kind named: the cart's own kind matching handles it
])
def test_owner_department(text, department):
    assert owner_department(text) == department


MENS = ShownList(20, "search", "search", ["MJ10", "MJ07", "MJ01"])
WOMENS = ShownList(21, "search", "search", ["WJ03", "WJ04", "WJ01"])


def test_an_ordinal_counts_in_the_departments_list(products):
    got = resolve("the 2nd mens one", 1, [WOMENS, MENS], products, gender="Men")
    assert [p.id for p in got.products] == ["MJ07"] and got.source.turn_id == 20 and "men" in got.how
    got = resolve("the first womens one", 0, [WOMENS, MENS], products, gender="Women")
    assert [p.id for p in got.products] == ["WJ03"]
    # without a department: the list on screen
    assert resolve("the 2nd one", 1, [WOMENS, MENS], products).product.id == "WJ04"


def _ids(answer):
    return [p.id for p in answer.products]


def test_two_lists_for_two_people_by_department_and_whose(assistant):
    sender = "ptr-two-people"
    [mens] = assistant.respond(sender, "p1", "mens jackets in red")
    [womens] = assistant.respond(sender, "p2", "now womens jackets in red")
    assert mens.products and womens.products
    his, hers = assistant.products[mens.products[1].id], assistant.products[womens.products[0].id]
    [added] = assistant.respond(sender, "p3", "add the 2nd mens one in L and the first womens one in S, both red")
    assert his.title in added.text and hers.title in added.text
    variants = assistant.store.cart_variants(sender)
    assert variants[his.id][0] == "L" and variants[hers.id][0] == "S"  # each part's own size
    answers = assistant.respond(sender, "p4", "and if hers doesnt fit can we swap it for another size")
    assert hers.title in answers[0].text and "30 days" in answers[0].text
    assistant.respond(sender, "p5", "ugh she says she already has one. remove hers")
    assert list(assistant.store.cart(sender)) == [his.id]


def test_back_to_an_earlier_list_shows_it_again_and_counts_in_it(assistant):
    sender = "ptr-back-to"
    [jackets] = assistant.respond(sender, "b1", "show me mens jackets")
    assistant.respond(sender, "b2", "hmm maybe hoodies instead")
    assistant.respond(sender, "b3", "any under 50")
    [again] = assistant.respond(sender, "b4", "go back to the jackets")
    assert _ids(again) == _ids(jackets) and again.list_kind == "list"  # as shown, not searched under $50
    second = assistant.products[jackets.products[1].id]
    [about] = assistant.respond(sender, "b5", "the 2nd one - what colours?")
    assert second.title in about.text
    assistant.respond(sender, "b6", "hoodies again pls")
    [pointed] = assistant.respond(sender, "b7", "ok go back to the jackets, the second one")
    assert second.title in pointed.text and f"${second.price:.2f}" in pointed.text and _ids(pointed) == [second.id]


def test_an_answer_beside_a_search_keeps_the_list_to_count_in(assistant):
    sender = "ptr-two-asks"
    assistant.respond(sender, "w1", "do you have women's hoodies?")
    answers = assistant.respond(sender, "w2", "Any in white? And what's your return window, in case it doesn't fit?")
    white = answers[0]
    assert len(white.products) >= 2 and "30 days" in answers[-1].text
    assert assistant.store.last_shown(sender) == _ids(white)
    [added] = assistant.respond(sender, "w3", "Add the first white one, size small.")
    assert assistant.products[white.products[0].id].title in added.text


def test_price_of_the_cheapest_again_and_the_cheap_one_out(assistant):
    sender = "ptr-cheapest-again"
    [listing] = assistant.respond(sender, "c1", "mens watches, lowest price first")
    cheapest, priciest = listing.products[0], listing.products[-1]
    assistant.respond(sender, "c2", "and the priciest one there, what's it made of?")
    [price] = assistant.respond(sender, "c3", "how much was the cheapest again")
    assert price.list_kind == "focus" and _ids(price) == [cheapest.id] and f"${cheapest.price:.2f}" in price.text
    assistant.respond(sender, "c4", "put both of those in my cart")
    assert set(assistant.store.cart(sender)) == {cheapest.id, priciest.id}
    assistant.respond(sender, "c5", "remove the cheap one")
    assert list(assistant.store.cart(sender)) == [priciest.id]


def test_get_her_the_second_one_is_an_add(assistant):
    sender = "ptr-get-her"
    [listing] = assistant.respond(sender, "g1", "tank tops for my wife, nothing blue please")
    [added] = assistant.respond(sender, "g2", "get her the 2nd one then, size S")
    assert list(assistant.store.cart(sender)) == [listing.products[1].id] and "Added" in added.text


def test_a_vague_opening_goes_with_the_wish_that_names_the_kind(assistant):
    sender = "ptr-vague-opening"
    answers = assistant.respond(sender, "v1", "Hello! I'm trying to get birthday presents sorted for both my parents. "
                                              "Could we start with my mum? She'd love a cosy hoodie, purple is her "
                                              "colour, and I'd like to keep it under $50.")
    assert len(answers) == 1 and answers[0].products  # one list, not ideas for "presents" first
    for view in answers[0].products:
        p = assistant.products[view.id]
        assert p.category_leaf == "Hoodies & Sweatshirts" and p.gender == "Women" and p.price <= 50
        assert "Purple" in p.colors
    [added] = assistant.respond(sender, "v2", "That sounds right for her. Please add the second one in a medium.")
    assert "Added" in added.text  # the approval asks nothing of its own
    mum = assistant.products[answers[0].products[1].id]
    [dads] = assistant.respond(sender, "v3", "Now my dad. He'd like a hoodie too. He's a large and he only ever "
                                             "wears black.")
    assert len(dads.products) >= 2 and all(assistant.products[v.id].gender == "Men" for v in dads.products)
    assert any(assistant.products[v.id].price > 50 for v in dads.products)  # mum's budget is not his
    assistant.respond(sender, "v4", "Then I'll have the first one, black, size L.")
    dad = assistant.products[dads.products[0].id]
    answers = assistant.respond(sender, "v5", "On second thoughts, please take my mum's hoodie out again. "
                                              "I've just remembered she already has one very like it.")
    assert len(answers) == 1 and mum.title in answers[0].text  # the reason after it asks for nothing
    assert list(assistant.store.cart(sender)) == [dad.id]


def test_add_that_for_someone_and_a_sum_said_changes_nothing(assistant):
    sender = "ptr-add-that-for"
    assistant.respond(sender, "a1", "fitness equipment under $25, most expensive first")
    [about] = assistant.respond(sender, "a2", "What comes in the Harmony kit?")
    kit = about.products[0].id
    assistant.respond(sender, "a3", "Add that for Mrs Patel.")
    assert list(assistant.store.cart(sender)) == [kit]
    answers = assistant.respond(sender, "a4", "Will I get free delivery? The two of them come to $41.")
    assert "Standard delivery" in answers[0].text and not any(a.products for a in answers)
    assert assistant.store.cart(sender) == {kit: 1}  # "the two of them" is a sum said, not a count


def test_and_the_one_you_showed_me_second_is_one_more_add(assistant):
    sender = "ptr-showed-second"
    [bras] = assistant.respond(sender, "s1", "sports bras for women")
    assistant.respond(sender, "s2", "and some womens shorts")
    assistant.respond(sender, "s3", "add the first shorts in a 28")
    assistant.respond(sender, "s4", "Oh, and the bra you showed me second, in XS.")
    assert bras.products[1].id in assistant.store.cart(sender)


def test_show_the_ones_in_yellow_then_swap_the_cart_item_for_that_one(assistant):
    sender = "ptr-swap-yellow"
    [hoodies] = assistant.respond(sender, "y1", "I'd like to see some women's hoodies under $60, please.")
    assistant.respond(sender, "y2", "I'll take the third one in a medium.")
    [yellow] = assistant.respond(sender, "y3", "On second thought, could you show me the ones that come in yellow?")
    assert yellow.list_kind == "list" and yellow.products
    assert all("Yellow" in assistant.products[v.id].colors for v in yellow.products)
    assistant.respond(sender, "y4", "Swap the one in my cart for that yellow one, please.")
    assert list(assistant.store.cart(sender)) == [yellow.products[0].id]


def test_similar_hoodies_in_another_colour_are_like_the_one_in_focus(assistant):
    sender = "ptr-similar"
    assistant.respond(sender, "l1", "show me mens hoodies")
    assistant.respond(sender, "l2", "is the Oslo Trek available in XL?")
    [similar] = assistant.respond(sender, "l3", "Hmm, not brown this time. Show me similar hoodies in other colour.")
    assert "Oslo Trek" in similar.text and similar.products
    assert all(assistant.products[v.id].gender == "Men" for v in similar.products)


def test_a_kind_asked_with_a_budget_is_a_search_not_a_question(assistant):
    sender = "ptr-stepdad"
    assistant.respond(sender, "k1", "women's watches")
    assistant.respond(sender, "k2", "add the first one")
    [mens] = assistant.respond(sender, "k3", "And my stepdad would like one too. A men's watch under $50?")
    assert mens.list_kind == "list" and mens.products
    assert all(assistant.products[v.id].gender == "Men" and assistant.products[v.id].price <= 50
               for v in mens.products)


def test_a_budget_said_for_someone_else_stays_forgotten(assistant):
    sender = "ptr-son-then-daughter"
    assistant.respond(sender, "u1", "lookng for a backpak for my son, hes starting uni in sept")
    assistant.respond(sender, "u2", "under 40?")
    assistant.respond(sender, "u3", "and a hoody for my daughter, she's a S. she hates orange")
    [purple] = assistant.respond(sender, "u4", "in purple?")
    assert "under $40" not in purple.text and len(purple.products) >= 2  # his budget does not come back
    assert "max_price" not in assistant.store.preferences(sender)


@pytest.mark.parametrize("text, department", [
    ("The first from grandpa's list - what colours does it come in?", "Men"),
    ("and grandma's second one, L red", "Women"),
    ("ok and hers - which of her first two is cheaper?", "Women"),
    ("which is warmer, that or his first one?", "Men"),
    ("the 2nd from his in S red", "Men"),
    ("add it, its for my sister's birthday", ""),  # an occasion
    ("is the first one her size?", ""),
])
def test_a_persons_list(text, department):
    assert department_pointed(text, persons=True) == department


def test_lists_for_grandpa_and_grandma_by_whose_they_are(assistant):
    sender = "ptr-grandparents"
    [his] = assistant.respond(sender, "g1", "Grandpa first: men's tees, size XL, he loves blue, cheapest first please.")
    [hers] = assistant.respond(sender, "g2", "And for grandma women's tees in L, she loves red, also cheapest first.")
    grandpa, grandma = (assistant.products[his.products[0].id], assistant.products[hers.products[1].id])
    [colours] = assistant.respond(sender, "g3", "The first from grandpa's list - what colours does it come in?")
    assert grandpa.title in colours.text
    assistant.respond(sender, "g4", "Please add grandpa's first one, XL blue")
    assistant.respond(sender, "g5", "and grandma's second one, L red")
    assert list(assistant.store.cart(sender)) == [grandpa.id, grandma.id]
    assistant.respond(sender, "g6", "oh take grandpa's out, grandma says he has too many t-shirts already")
    assert list(assistant.store.cart(sender)) == [grandma.id]


def test_two_picks_from_two_peoples_lists_then_a_resize_and_a_removal_by_whose(assistant):
    sender = "ptr-wife-and-son"
    [hers] = assistant.respond(sender, "w1", "First my wife: women's tees in blue, size M please")
    [his] = assistant.respond(sender, "w2", "Now my son, he wears men's S. tees too, he likes red")
    wife, son = hers.products[0].id, his.products[1].id
    assistant.respond(sender, "w3", "ok the 1st one from my wife's list in M blue, and the 2nd from his in S red")
    assert list(assistant.store.cart(sender)) == [wife, son]
    assert assistant.store.cart_variants(sender)[son][0] == "S"
    [resized] = assistant.respond(sender, "w4", "actually my son's one in M instead, he's growing so fast")
    assert assistant.store.cart_variants(sender)[son][0] == "M" and "size M" in resized.text
    assistant.respond(sender, "w5", "and take hers out, she says she has enough tees")
    assert list(assistant.store.cart(sender)) == [son]


def test_which_of_her_first_two_compares_her_list(assistant):
    sender = "ptr-her-first-two"
    [hers] = assistant.respond(sender, "h1", "show me running shorts for her, size 29")
    assistant.respond(sender, "h2", "and for him, size 32")
    [answer] = assistant.respond(sender, "h3", "ok and hers - which of her first two is cheaper?")
    for view in hers.products[:2]:
        assert view.title in answer.text


def test_a_service_clause_naming_no_topic_goes_with_the_ask_beside_it(assistant):
    sender = "ptr-service-context"
    answers = assistant.respond(sender, "s1", "hallo, do u ship to the EU? im in germany")
    assert len(answers) == 1 and "EU" in answers[0].text
    answers = assistant.respond(sender, "s2", "how long does it take and what does express cost")
    assert len(answers) == 1 and "Express" in answers[0].text  # not the refund's "how long"
    answers = assistant.respond(sender, "s3", "can I pay in installments? it's gonna be a big order")
    assert len(answers) == 1 and "installments" in answers[0].text
    answers = assistant.respond(f"{sender}-2", "s4", "Hello!! So my mum just took up yoga and I want to get her "
                                                     "a few bits: a yoga strap, and I was wondering whether you "
                                                     "accept PayPal?")
    assert answers[0].products and "PayPal" in answers[-1].text  # both asks answered


def test_take_the_one_just_named_and_how_long_to_get_there(assistant):
    sender = "ptr-didi"
    assistant.respond(sender, "d1", "ok. show me the Dash Digital Watch")
    assistant.respond(sender, "d2", "and the Didi Sport Watch, which one is better for running?")
    assistant.respond(sender, "d3", "I'll take the Didi, add it")
    assert list(assistant.store.cart(sender)) == ["24-WG02"]
    answers = assistant.respond(sender, "d4", "how long would it take to get there? she's in toronto")
    assert "business days" in answers[0].text


def test_people_words_are_no_spelling_targets_for_shop_words(assistant):
    # ("papa" among the people words once made the type speller read "paypal" as "papa")
    sender = "ptr-paypal"
    assistant.respond(sender, "p1", "show me mens shorts")
    [answer] = assistant.respond(sender, "p2", "do u take paypal")
    assert "PayPal" in answer.text
    assert assistant.shop.type_speller.correct("do u take paypal").text == "do u take paypal"


@pytest.mark.parametrize("text, asks", [
    ("hallo, do u ship to the EU? im in germany", 1),  # a statement beside a delivery question
    ("how long does it take and what does express cost", 1),  # a short question led into the next
    ("can I pay in installments? it's gonna be a big order", 1),
    ("can u delete my account and also do u sell my data", 2),  # the privacy policy is a topic of its own
    ("i ordered stuff for the whole family and got charged twice?? also can i still change the delivery address", 2),
    ("Before I give you my email: would the money go back onto my card, and how long does that usually take?", 2),
    ("how long do refunds take + whats the warranty on ur stuff", 2),
])
def test_which_service_clauses_are_asks_of_their_own(assistant, text, asks):
    from recsys.assistant.dialogue import split_asks

    sender = f"ptr-clauses-{abs(hash(text))}"
    parts = split_asks(text)
    readings = [assistant.turns.read_part(sender, "c1", p) for p in parts]
    assert len(assistant.dialogue._asks(sender, parts, readings)) == asks


def test_a_yes_or_no_reading_of_a_question_keeps_what_it_names():
    from recsys.assistant.dialogue import reconcile

    # a product named on screen still makes "does the diana tights have a pocket?" a question about it
    assert reconcile("deny", "does the diana tights have a pocket?", True, True) == "ask_about_shown"
    assert reconcile("affirm", "I was wondering whether you accept PayPal?", False) == "payment"
