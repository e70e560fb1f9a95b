"""Answers by dialogue act: questions about shown products, cart, sorting, negation, preferences, two asks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from recsys.assistant.dialogue import reconcile, split_asks


@pytest.mark.parametrize("text, parts", [
    ("can I return shoes after 30 days? also show me black backpacks",
     ["can I return shoes after 30 days?", "show me black backpacks"]),
    ("do you accept paypal and do you have womens watches under 50",
     ["do you accept paypal", "do you have womens watches under 50"]),
    ("show me men's shorts. also how long does delivery take?",
     ["show me men's shorts.", "how long does delivery take?"]),
    ("black and white hoodies", ["black and white hoodies"]),
    ("hi? ok", ["hi? ok"]),  # one-word clauses are no separate asks
    ("how long do refunds take + whats the warranty", ["how long do refunds take", "whats the warranty"]),
    # a lone "Oh" opens the clause after it instead of keeping the message whole
    ("Add the first one in M. Oh and how much is delivery?", ["Add the first one in M.", "Oh how much is delivery?"]),
    ("add the 3rd in XL, and take the bag out", ["add the 3rd in XL", "take the bag out"]),
    ("Hi! how long do refunds take, and also do you accept PayPal?",
     ["Hi! how long do refunds take", "do you accept PayPal?"]),  # a greeting opens the first ask
    ("does the third one also come in a 30?", ["does the third one also come in a 30?"]),  # "also" inside one ask
    ("show me mens running tees and check my order 1001", ["show me mens running tees", "check my order 1001"]),
    # "also" inside "do u also sell": one question; a later sentence is the next ask
    ("do u also sell yoga bricks? how much r those", ["do u also sell yoga bricks?", "how much r those"]),
    ("can you also show me bags", ["can you also show me bags"]),
    ("first one have also red colour?", ["first one have also red colour?"]),  # a verb, then "also"
])
def test_split_asks(text, parts):
    assert split_asks(text) == parts


@pytest.mark.parametrize("act, text, shown, want", [
    ("search_product", "add the second one to my cart", True, "add_to_cart"),
    ("refine", "take the watch out of my basket", True, "remove_from_cart"),
    ("search_product", "what's in my cart?", False, "show_cart"),
    ("out_of_scope", "what is it made of?", True, "ask_about_shown"),
    ("ask_about_shown", "do you have those in size 29?", True, "refine"),
    ("search_product", "cheaper ones?", True, "cheaper"),
    ("correction", "show me more like that in a different colour", True, "more_like"),
    ("add_to_cart", "i like the second one, anything similar in yellow?", True, "more_like"),
    ("search_product", "what's your cheapest watch?", False, "sort"),
    ("policy", "what's your return policy for the second one?", True, "policy"),  # service stays service
    ("state_preference", "show me black backpacks", False, "search_product"),
    ("sort", "add the cheapest", True, "add_to_cart"),
    ("refine", "material?", True, "ask_about_shown"),
    ("refine", "ok and whats the cheaper one made of", True, "ask_about_shown"),
    ("refine", "sort em cheapest first", True, "sort"),
    ("search_product", "cheaper ones?", True, "cheaper"),
    ("refine", "if the 2nd is too big can i swap sizes for free?", True, "policy"),
    ("search_product", "fyi i'm a 31 in shorts", False, "state_preference"),
    ("search_product", "i like the blue one", True, "search_product"),
    ("search_product", "hmm actually remove it, changed my mind", True, "remove_from_cart"),
    ("refine", "how much", True, "ask_about_shown"),
    ("compare", "can i exchange the 1st for a diff size if it doesnt fit", True, "policy"),
    ("search_product", "ugh. any similar jackets that come in XL", True, "more_like"),
    ("add_to_cart", "can i exchange the 1st if its too small", True, "policy"),  # "too small" is no "too"
    ("add_to_cart", "add that one too", True, "add_to_cart"),
    ("add_to_cart", "ok 2nd in M pls", True, "add_to_cart"),  # a pick from the list
    ("add_to_cart", "ok 2nd in M pls", False, "search_product"),  # nothing on screen to pick from
    ("remove_from_cart", "2nd one comes in L?", True, "ask_about_shown"),  # no removal said
    ("remove_from_cart", "i don't want the 2nd one anymore", True, "remove_from_cart"),
    ("add_to_cart", "2nd one in the cart please", True, "add_to_cart"),  # no verb, but into the cart
    ("show_cart", "whats in my cart", True, "show_cart"),
    ("policy", "How much is it?", True, "ask_about_shown"),  # after a policy answer: the price
    ("add_to_cart", "2nd one material", True, "ask_about_shown"),  # no cart verb: a question about it
    ("refine", "Put them in order of price, lowest first.", True, "sort"),
])
def test_reconcile_exact_cues(act, text, shown, want):
    assert reconcile(act, text, shown) == want


def _ids(answer):
    return [p.id for p in answer.products]


def test_question_about_a_shown_product_names_it_and_shows_no_list(assistant):
    sender = "dlg-question"
    [listing] = assistant.respond(sender, "q1", "men's hoodies")
    assert listing.list_kind == "list" and len(listing.products) >= 2
    first = assistant.products[listing.products[0].id]
    [answer] = assistant.respond(sender, "q2", "does the first one come in black?")
    assert first.title in answer.text and answer.list_kind == "focus" and _ids(answer) == [first.id]
    assert ("Yes," if "Black" in first.colors else "No,") in answer.text
    [price] = assistant.respond(sender, "q3", "how much is it?")
    assert f"${first.price:.2f}" in price.text


def test_cart_by_chat_is_the_widgets_cart(assistant):
    sender = "dlg-cart"
    [listing] = assistant.respond(sender, "c1", "show me watches")
    second, third = listing.products[1], listing.products[2]
    [added] = assistant.respond(sender, "c2", "add the second one to my cart")
    assert second.title in added.text and added.card["count"] == 1
    assistant.widget_event(sender, "c3", "add_to_cart", third.id)  # the widget's button: same cart
    [shown] = assistant.respond(sender, "c4", "what's in my cart?")
    assert [i["id"] for i in shown.card["items"]] == [second.id, third.id]
    [removed] = assistant.respond(sender, "c5", "remove the second one from my cart")
    assert assistant.store.cart(sender) == {third.id: 1} and "Removed" in removed.text


def test_cheapest_sorts_every_match_by_price(assistant):
    [answer] = assistant.respond("dlg-sort", "s1", "what's your cheapest watch?")
    prices = [p.price for p in answer.products]
    watches = sorted(p.price for p in assistant.products.values() if p.category_leaf == "Watches" and p.in_stock)
    assert prices == watches[:len(prices)]


def test_not_black_leaves_black_out(assistant):
    [answer] = assistant.respond("dlg-neg", "n1", "women's jackets, but not black")
    assert answer.products and all("Black" not in p.colors for p in answer.products)
    assert all("not in black" in p.reason for p in answer.products)


def test_preference_statement_is_acknowledged_and_kept(assistant):
    sender = "dlg-pref"
    [answer] = assistant.respond(sender, "p1", "I wear size M and I only like black")
    assert answer.text.startswith("Got it: size M, black") and not answer.products
    [hoodies] = assistant.respond(sender, "p2", "men's hoodies")
    assert all("M" in p.sizes and "Black" in p.colors for p in hoodies.products)
    assert "in your size M" in hoodies.products[0].reason


def test_two_asks_get_two_answers_in_order(assistant):
    answers = assistant.respond("dlg-two", "t1", "can I return shoes after 30 days? also show me black backpacks")
    assert len(answers) == 2
    assert "30 days" in answers[0].text and not answers[0].products
    assert answers[1].products and all(p.category.endswith("Bags") for p in answers[1].products)


def test_misspelt_product_word_still_finds_it(assistant):
    [answer] = assistant.respond("dlg-typo", "y1", "hoddies pls")
    assert answer.products and all("Hoodies" in p.category for p in answer.products)


def test_a_bare_pointer_repeats_the_last_task(assistant):
    sender = "dlg-ellipsis"
    [listing] = assistant.respond(sender, "e1", "show me backpacks")
    second, third = listing.products[1], listing.products[2]
    assistant.respond(sender, "e2", "add the second one to my cart")
    [added] = assistant.respond(sender, "e3", "and the third one too")
    assert third.title in added.text and list(assistant.store.cart(sender)) == [second.id, third.id]


def test_first_two_go_to_the_cart_together(assistant):
    sender = "dlg-first-two"
    [listing] = assistant.respond(sender, "f1", "watches")
    assistant.respond(sender, "f2", "add the first 2 to my cart")
    assert list(assistant.store.cart(sender)) == [p.id for p in listing.products[:2]]


def test_warranty_about_a_shown_product_is_the_store_policy(assistant):
    sender = "dlg-warranty"
    [listing] = assistant.respond(sender, "w1", "watches")
    [answer] = assistant.respond(sender, "w2", "does the first one come with a warranty?")
    assert listing.products[0].title in answer.text and "1 year" in answer.text


def test_a_corrected_add_swaps_the_cart_items(assistant):
    sender = "dlg-swap"
    [listing] = assistant.respond(sender, "s1", "fitness equipment")
    assistant.respond(sender, "s2", "add the first one to my cart")
    assistant.respond(sender, "s3", "and the third")  # a bare pointer: added too
    [answer] = assistant.respond(sender, "s4", "no wait, not the third, i meant the second")
    assert list(assistant.store.cart(sender)) == [listing.products[0].id, listing.products[1].id]
    assert "Removed" in answer.text and listing.products[1].title in answer.text


def test_forget_it_then_a_new_request_is_answered(assistant):
    from recsys.scene.cues import after_cancel

    assert after_cancel("actually forget it, show me mens tank tops instead") == "show me mens tank tops instead"
    assert after_cancel("eh never mind, ill look for it later") == "ill look for it later"
    # a kind let go is a cancel too ("the black one" and "forget the name" are not)
    assert after_cancel("hmm actually forget the backpack, thanks anyway") == "thanks anyway"
    from recsys.scene.cues import CANCEL
    assert CANCEL.search("Actually, forget the jackets for today; I'll come back at the weekend.")
    assert not CANCEL.search("forget the black one") and not CANCEL.search("i forget the name of it")
    assert after_cancel("never mind the pants. can you look up my order 1001?") == "can you look up my order 1001"
    assert after_cancel("forget it. the blue one in M") == "the blue one in M"  # no ask after it: kept
    [answer] = assistant.respond_after_cancel("dlg-cancel", "k1", "actually forget it, show me mens tank tops instead")
    assert answer.products and all("Tanks" in p.category for p in answer.products)
    assert assistant.respond_after_cancel("dlg-cancel", "k2", "eh never mind, ill look for it later") == []
    # a kind let go is no ask for it; one asked for after it is
    assert assistant.respond_after_cancel("dlg-cancel", "k3", "hmm actually forget the backpack, thanks anyway") == []
    assert assistant.respond_after_cancel("dlg-cancel", "k4", "Actually, forget the jackets for today") == []
    [hoodies] = assistant.respond_after_cancel("dlg-cancel", "k5", "forget the jackets, show me hoodies")
    assert hoodies.products and all("Hoodies" in p.category for p in hoodies.products)


def test_price_of_they_after_a_list_is_about_the_top_product(assistant):
    sender = "dlg-they"
    [listing] = assistant.respond(sender, "t1", "women's leggings")
    [answer] = assistant.respond(sender, "t2", "how much are they?")
    # each of them (the top one first), and no new list
    assert listing.products[0].title in answer.text and not answer.products


def test_exact_cues_overrule_the_model_act():
    from dataclasses import replace

    from recsys.scene.cues import with_exact_act
    from recsys.scene.detector import SceneDecision

    unsure = SceneDecision(scene="service", raw_scene="service", probs={}, shifted=False, act="cancel_task",
                           act_confidence=0.41)
    assert with_exact_act(unsure, "nvm ill do it later").act_confidence == 1.0
    greet = replace(unsure, act="greet")
    assert with_exact_act(greet, "how's your day going").act == "smalltalk"  # no greeting word
    assert with_exact_act(greet, "hey there, how are you").act == "greet"
    # an apology is no cancel, unless it also stops something
    assert with_exact_act(unsure, "haha sorry im on the bus typing w one hand").act == "smalltalk"
    assert with_exact_act(unsure, "sorry, not now").act == "cancel_task"
    search = replace(unsure, scene="search", act="search_product")
    for text, act in [("hi, the running shorts i got are too small. what do i do?", "return_request"),
                      ("the bag arrived ripped", "return_request"),
                      ("My delivery is three days late. What's going on?", "order_status"),
                      ("my packge hasnt come yet", "order_status"),  # the parcel's word mistyped
                      ("my parcel still hasnt arrived", "order_status"),
                      ("is the delivery late on weekends", "search_product"),  # a policy question, no order
                      ("show me running shorts that dont fit too tight", "search_product")]:
        got = with_exact_act(search, text)
        assert got.act == act, text
        assert got.scene == ("search" if act == "search_product" else "service"), text
    # an email or an order number as the message's point is order information, not a policy question
    policy = replace(unsure, act="policy")
    for text, act in [("oh wait its an underscore not a dot: roni_cost@example.com", "provide_order_info"),
                      ("and order 1002? same email", "order_status"),
                      ("how do i change my email to a@b.com", "policy")]:  # the account itself
        assert with_exact_act(policy, text).act == act, text
    fix = replace(unsure, act="correction")
    assert with_exact_act(fix, "oh wait its an underscore not a dot: roni_cost@example.com").act == "provide_order_info"
    assert with_exact_act(fix, "sorry i meant 34").act == "correction"  # a size, not the order form


def test_cheapest_first_is_an_order_not_a_pointer(assistant):
    parsed = assistant.shop.parser.parse("sort em cheapest first")
    assert parsed.ordinal is None and parsed.ordinals == [] and parsed.filters.sort == "price_asc"
    assert assistant.shop.parser.parse("the first one").ordinal == 0


def test_compared_pair_answers_the_cheaper_one_and_both(assistant):
    sender = "dlg-compare"
    [listing] = assistant.respond(sender, "p1", "mens hoodies")
    titles = {p.title.split()[0].lower(): p for p in listing.products}
    a, b = list(titles)[1], list(titles)[3]
    [answer] = assistant.respond(sender, "p2", f"compare the {a} and the {b}")
    assert titles[a].title in answer.text and titles[b].title in answer.text
    cheaper = min((titles[a], titles[b]), key=lambda p: p.price)
    [made] = assistant.respond(sender, "p3", "ok and whats the cheaper one made of")
    assert cheaper.title in made.text and [p.id for p in made.products] == [cheaper.id]
    assistant.respond(sender, "p4", "add both")
    assert set(assistant.store.cart(sender)) == {titles[a].id, titles[b].id}


def test_question_about_a_product_named_before_any_list(assistant):
    sender = "dlg-named"
    teton = next(p for p in assistant.products.values() if p.title.startswith("Teton"))
    [answer] = assistant.respond(sender, "n1", "does the teton pullover hoodie come in purple")
    assert teton.title in answer.text and [p.id for p in answer.products] == [teton.id]
    [material] = assistant.respond(sender, "n2", "material?")
    assert teton.title in material.text and "made of" in material.text


def test_add_the_cheapest_without_saying_cart(assistant):
    sender = "dlg-add-cheapest"
    [listing] = assistant.respond(sender, "a1", "most expensive mens watches?")
    assistant.respond(sender, "a2", "add the cheapest")
    cheapest = min(listing.products, key=lambda p: p.price)
    assert list(assistant.store.cart(sender)) == [cheapest.id]


def test_an_order_number_and_email_across_clauses_are_one_look_up(assistant):
    sender = "dlg-order-two-asks"
    [answer] = assistant.respond(sender, "o1", "whats the status of order 1002, email roni_cost@example.com, "
                                               "and how long do refunds take")
    assert "1002" in answer.text and "5-7" in answer.text and answer.card and answer.card.get("type") == "order"
    assert assistant.store.verified_orders(sender) == ["1002"]


def test_a_carried_size_that_cannot_hold_goes_alone(assistant):
    sender = "dlg-relax"
    assistant.respond(sender, "r1", "fyi i'm a 31 in shorts")
    [answer] = assistant.respond(sender, "r2", "purple sweatshirts")
    assert answer.products and all("Purple" in assistant.products[p.id].colors for p in answer.products)


def test_remove_it_takes_out_the_item_added_last(assistant):
    sender = "dlg-remove-it"
    assistant.respond(sender, "i1", "backpacks")
    assistant.respond(sender, "i2", "add the first one to my cart")
    assistant.respond(sender, "i3", "hmm actually remove it, changed my mind")
    assert assistant.store.cart(sender) == {}


def test_an_earlier_colour_and_size_spare_products_that_have_none(assistant):
    sender = "dlg-bottle"
    assistant.respond(sender, "b1", "im an L btw")
    assistant.respond(sender, "b2", "mens tees in red")
    [answer] = assistant.respond(sender, "b3", "find me a water bottle too")
    assert "Water Bottle" in answer.products[0].title


def test_a_negated_colour_said_about_oneself_is_kept_out(assistant):
    f = assistant.shop.parser.parse("im a size S and i dont do black").filters
    assert f.exclude_colors == ("Black",) and f.colors == () and f.sizes == ("S",)


def test_an_order_number_without_its_email_starts_the_look_up(assistant):
    answers = assistant.respond("dlg-start-order", "s1", "show me mens gym shorts and also where is order 1002")
    assert answers[0].products and answers[-1].start_order == "1002"


def test_a_size_or_colour_after_a_policy_answer_narrows_the_list(assistant):
    sender = "dlg-after-policy"
    assistant.respond(sender, "p1", "yo show me mens shorts and also whats the return policy")
    [answer] = assistant.respond(sender, "p2", "size 34 in black?")
    assert answer.products and all("Black" in assistant.products[p.id].colors for p in answer.products)


def test_forget_it_then_clear_my_cart(assistant):
    sender = "dlg-clear"
    assistant.respond(sender, "c1", "backpacks")
    assistant.respond(sender, "c2", "add the first one to my cart")
    assistant.respond_after_cancel(sender, "c3", "ugh forget it, clear my cart")
    assert assistant.store.cart(sender) == {}


def test_a_refinement_keeps_the_colour_of_the_list_it_narrows(assistant):
    sender = "dlg-blue-balls"
    assistant.respond(sender, "k1", "do u sell those big exercise balls")
    assistant.respond(sender, "k2", "in blue?")
    [answer] = assistant.respond(sender, "k3", "under 30?")
    # colourless equipment (a yoga brick) is not spared: blue was the list's own filter
    assert answer.products and all("Blue" in p.colors and p.price <= 30 for p in answer.products)


def test_remove_the_kind_of_product_in_the_cart(assistant):
    sender = "dlg-remove-tee"
    assistant.respond(sender, "r1", "mens tees")
    assistant.respond(sender, "r2", "add the first one to my cart")
    assistant.respond(sender, "r3", "mens shorts")
    assistant.respond(sender, "r4", "add the first one to my cart")
    [answer] = assistant.respond(sender, "r5", "actually remove the tee")
    [left] = assistant.store.cart(sender)
    assert answer.text.startswith("Removed the") and "Short" in assistant.shop.products[left].title


def test_and_the_second_one_in_the_same_size_adds_it_too(assistant):
    sender = "dlg-and-second"
    assistant.respond(sender, "a1", "mens tanks under 25")
    assistant.respond(sender, "a2", "ok add the 1st one in L")
    assistant.respond(sender, "a3", "and the 2nd one in the same size")
    assert len(assistant.store.cart(sender)) == 2


def test_what_cards_do_you_take_is_a_payment_question(assistant):
    sender = "dlg-cards"
    assistant.respond(sender, "p1", "mens watches under 50")
    [answer] = assistant.respond(sender, "p2", "what cards do u take")
    assert "Visa" in answer.text and not answer.products


def test_a_budget_said_as_nothing_over_is_a_ceiling_for_later_searches(assistant):
    sender = "dlg-budget"
    [noted] = assistant.respond(sender, "g1", "heads up im on a tight budget, nothing over $40 pls")
    assert not noted.products
    [answer] = assistant.respond(sender, "g2", "show me bags")
    assert answer.products and all(p.price <= 40 for p in answer.products)


def test_add_it_and_the_first_too_adds_both(assistant):
    sender = "dlg-it-and-first"
    [shown] = assistant.respond(sender, "t1", "backpacks under 40")
    assistant.respond(sender, "t2", "how much is the 2nd one")
    assistant.respond(sender, "t3", "add it. and the 1st too")
    assert set(assistant.store.cart(sender)) == {shown.products[0].id, shown.products[1].id}


def test_a_bare_add_after_a_question_adds_the_product_asked_about(assistant):
    sender = "dlg-bare-add"
    [shown] = assistant.respond(sender, "b1", "shw me mens hoodies undr 60")
    assert shown.products and all(p.price <= 60 for p in shown.products)
    [about] = assistant.respond(sender, "b2", "2nd 1 come in L?")
    second = shown.products[1]
    assert second.title in about.text and not about.products[1:]
    assistant.respond(sender, "b3", "add tht")
    assert assistant.store.cart(sender) == {second.id: 1}


def test_a_bare_add_with_a_whole_list_on_screen_asks_which(assistant):
    sender = "dlg-bare-add-list"
    assistant.respond(sender, "l1", "mens tanks")
    [answer] = assistant.respond(sender, "l2", "add")
    assert not assistant.store.cart(sender) and "which" in answer.text.lower()


def test_a_bare_size_question_after_one_product_is_about_it(assistant):
    sender = "dlg-bare-size"
    assistant.respond(sender, "z1", "mens tanks")
    [about] = assistant.respond(sender, "z2", "whats the 1st one made of")
    product = assistant.products[about.products[0].id]
    [answer] = assistant.respond(sender, "z3", "XL?")
    assert product.title in answer.text and len(answer.products) <= 1


def test_terse_price_orders(assistant):
    sender = "dlg-terse-sort"
    assistant.respond(sender, "o1", "womens watches")
    [desc] = assistant.respond(sender, "o2", "most exp first")
    prices = [p.price for p in desc.products]
    assert len(prices) >= 2 and prices == sorted(prices, reverse=True)
    [asc] = assistant.respond(sender, "o3", "sort cheap to exp")
    prices = [p.price for p in asc.products]
    assert len(prices) >= 2 and prices == sorted(prices)


def test_an_order_look_up_and_a_search_in_one_message_get_both(assistant):
    answers = assistant.respond("dlg-order-and-search", "t1",
                                "order 1003 alex0@example.com + do u have mens running tees")
    assert len(answers) == 2 and "1003" in answers[0].text and answers[1].products


def test_which_of_the_list_has_a_material(assistant):
    sender = "dlg-which-cotton"
    [shown] = assistant.respond(sender, "w1", "mens hoodies green, cheapest first")
    [answer] = assistant.respond(sender, "w2", "any cotton ones in the list?")
    cotton = [p.title for p in shown.products
              if "cotton" in f"{assistant.products[p.id].attributes.get('material', '')} "
                            f"{assistant.products[p.id].description}".lower()]
    assert cotton and all(t in answer.text for t in cotton)
    assert len(answer.products) == (1 if len(cotton) == 1 else 0)  # one is in focus; several are named


def test_the_cheapest_one_instead_replaces_the_last_add(assistant):
    sender = "dlg-instead"
    [shown] = assistant.respond(sender, "i1", "mens hoodies green, cheapest first")
    assistant.respond(sender, "i2", "add the 3rd one")
    assistant.respond(sender, "i3", "actually no, the cheapest one instead")
    cheapest = min(shown.products, key=lambda p: p.price)
    assert assistant.store.cart(sender) == {cheapest.id: 1}


def test_and_the_second_after_adding_a_product_by_name_adds_it_too(assistant):
    sender = "dlg-named-then-2nd"
    [shown] = assistant.respond(sender, "n1", "fitness stuff under 15, cheapest first")
    brick = next(p for p in shown.products if "Brick" in p.title)
    assistant.respond(sender, "n2", "add the brick")
    assistant.respond(sender, "n3", "n the 2nd")
    assert set(assistant.store.cart(sender)) == {brick.id, shown.products[1].id}


def test_a_short_question_naming_a_service_topic_is_answered_with_the_policy(assistant):
    sender = "dlg-ship-free"
    assistant.respond(sender, "f1", "messenger bags")
    [answer] = assistant.respond(sender, "f2", "ship free?")
    assert "$50" in answer.text and not answer.products and answer.kind == "service"


def test_a_product_type_read_as_small_talk_is_a_search(assistant):
    sender = "dlg-now-tanks"
    assistant.respond(sender, "k1", "womens tees")
    decision = assistant.observe_turn(sender, "k2", "now tanks", None)
    assert (decision.scene, decision.act) == ("search", "search_product")
    assert assistant.observe_turn(sender, "k3", "thanks for the tanks", None).act != "search_product"


def test_the_grey_one_is_a_pointer_with_or_without_the(assistant):
    sender = "dlg-grey-one"
    [shown] = assistant.respond(sender, "g1", "mens tanks under 25, priciest first")
    grey = next(p for p in shown.products if "Gray" in assistant.products[p.id].colors)
    [about] = assistant.respond(sender, "g2", "the grey one, wht fabric")
    assert grey.title in about.text and [p.id for p in about.products] == [grey.id]
    assistant.respond(sender, "g3", "add grey one L")
    assert assistant.store.cart(sender) == {grey.id: 1}


def test_a_preference_said_with_a_list_on_screen_shows_the_list_again_with_it(assistant):
    sender = "dlg-pref-refresh"
    assistant.respond(sender, "p1", "mens hoodies under 60")
    [answer] = assistant.respond(sender, "p2", "he hates black tho")
    assert answer.text.startswith("Got it") and answer.products
    assert all("Black" not in assistant.products[p.id].colors for p in answer.products)
    assert all(assistant.products[p.id].category_leaf == "Hoodies & Sweatshirts" for p in answer.products)
    [first] = assistant.respond("dlg-pref-first", "p3", "I don't like green")  # nothing on screen: noted only
    assert not first.products


def test_a_waist_size_question_about_a_shown_product(assistant):
    sender = "dlg-waist"
    [shown] = assistant.respond(sender, "w1", "womens pants in blue under 50")
    first = assistant.products[shown.products[0].id]
    size = next(s for s in first.sizes if s.isdigit())
    [answer] = assistant.respond(sender, "w2", f"{size} in the 1st?")
    assert first.title in answer.text and f"size {size}" in answer.text and len(answer.products) == 1


def test_remove_it_read_as_a_cancel_still_removes(assistant):
    sender = "dlg-cancel-remove"
    assistant.respond(sender, "c1", "need a backpack for school")
    assistant.respond(sender, "c2", "ok add the second one")
    assistant.respond_after_cancel(sender, "c3", "hmm actually remove it, changed my mind")
    assert assistant.store.cart(sender) == {}


def test_cart_by_colour_name_and_last_added(assistant):
    sender = "dlg-cart-colour"
    [shown] = assistant.respond(sender, "y1", "mens jackets under 50 cheapest first")
    kenobi = next(p for p in shown.products if "Kenobi" in p.title)
    yellow = next(p for p in shown.products if "Yellow" in assistant.products[p.id].colors and p.id != kenobi.id)
    assistant.respond(sender, "y2", "kenobi in blue L, add")
    assistant.respond(sender, "y3", "add the yellow one too")
    assert set(assistant.store.cart(sender)) == {kenobi.id, yellow.id}
    assistant.respond(sender, "y4", "actually no, remove the yellow")
    assert assistant.store.cart(sender) == {kenobi.id: 1}
    assistant.respond(sender, "y5", "add the yellow one")
    assistant.respond(sender, "y6", "hmm nah take out the last one i added")
    assert assistant.store.cart(sender) == {kenobi.id: 1}


def test_a_size_after_a_pointer_then_add_that_size(assistant):
    sender = "dlg-2nd-L"
    [shown] = assistant.respond(sender, "s1", "mens tees")
    [about] = assistant.respond(sender, "s2", "2nd one L?")
    assert shown.products[1].title in about.text and len(about.products) == 1
    assistant.respond(sender, "s3", "add L")
    assert assistant.store.cart(sender) == {shown.products[1].id: 1}


def test_colour_one_alone_narrows_the_list(assistant):
    sender = "dlg-blue-one"
    assistant.respond(sender, "b1", "womens sports bras")
    [answer] = assistant.respond(sender, "b2", "blue one?")
    assert len(answer.products) >= 2 and all("Blue" in assistant.products[p.id].colors for p in answer.products)


def test_i_take_it_put_it_in_the_cart_adds_once(assistant):
    sender = "dlg-take-it"
    [shown] = assistant.respond(sender, "t1", "yoga balls")
    assistant.respond(sender, "t2", "does the 1st come in blue?")
    assistant.respond(sender, "t3", "Ok, I take it. Put in the cart")
    # once, and in the colour asked about: the blue ball is a product of its own in this catalog
    [(pid, count)] = assistant.store.cart(sender).items()
    assert count == 1 and assistant.products[pid].title == shown.products[0].title
    assert assistant.products[pid].colors == ("Blue",)


def test_a_preference_said_in_a_service_turn_is_kept(assistant):
    sender = "dlg-pref-after-refund"
    assistant.respond(sender, "r1", "I returned a jacket last week, when will I see the money back?")
    [noted] = assistant.respond(sender, "r2", "Fine. For the replacement: I wear size L and I only like black stuff.")
    assert noted.text.startswith("Got it")
    [jackets] = assistant.respond(sender, "r3", "show me jackets")
    assert jackets.products and all("Black" in assistant.products[p.id].colors for p in jackets.products)


def test_after_never_mind_only_the_new_ask_is_answered(assistant):
    sender = "dlg-nvm-return"
    answers = assistant.respond_after_cancel(sender, "n1",
                                             "ok nvm the return, I'll keep it. show me mens tanks under 25 instead")
    assert len(answers) == 1 and answers[0].products
    assert all(p.price <= 25 for p in answers[0].products)


def test_a_price_order_is_never_read_as_a_greeting(assistant):
    sender = "dlg-hi-to-lo"
    assistant.respond(sender, "h1", "fitness equipment between 20 and 60")
    decision = assistant.observe_turn(sender, "h2", "sort hi to lo", None)
    assert (decision.scene, decision.act) == ("search", "sort")
    [answer] = assistant.respond(sender, "h2", "sort hi to lo")
    prices = [p.price for p in answer.products]
    assert len(prices) >= 2 and prices == sorted(prices, reverse=True)


def test_do_any_of_them_come_in_a_colour_lists_those_and_counts_among_them(assistant):
    sender = "dlg-any-gray"
    assistant.respond(sender, "a1", "womens jackets")
    [gray] = assistant.respond(sender, "a2", "Do any of them come in gray?")
    assert len(gray.products) >= 2 and all("Gray" in assistant.products[p.id].colors for p in gray.products)
    [answer] = assistant.respond(sender, "a3", "Thanks. Back to the jackets: how much is the second gray one?")
    assert gray.products[1].title in answer.text


def test_numbers_after_add_are_list_positions(assistant):
    sender = "dlg-add-1-2"
    [shown] = assistant.respond(sender, "n1", "mens watches cheapest first")
    assistant.respond(sender, "n2", "add 1 and 2")
    assert set(assistant.store.cart(sender)) == {shown.products[0].id, shown.products[1].id}


def test_american_express_is_a_payment_question(assistant):
    [answer] = assistant.respond("dlg-amex", "x1", "Do you accept American Express for my next purchase?")
    assert "American Express" in answer.text and "delivery" not in answer.text.lower()


def test_remove_it_and_show_me_something_cheaper_of_the_same_kind(assistant):
    sender = "dlg-remove-and-cheaper"
    assistant.respond(sender, "r1", "mens jackets most expensive first")
    assistant.respond(sender, "r2", "Alright, add the Orion in yellow, size M.")
    assert len(assistant.store.cart(sender)) == 1
    answers = assistant.respond(sender, "r3", "Hmm, on second thought it's too much. Please remove it and "
                                              "show me something under $50 instead.")
    assert not assistant.store.cart(sender)
    listed = [a for a in answers if a.products]
    assert listed and all(assistant.products[p.id].category_leaf == "Jackets" and p.price < 50
                          for p in listed[-1].products)


def test_ill_go_with_the_first_adds_it(assistant):
    sender = "dlg-go-with"
    [shown] = assistant.respond(sender, "g1", "womens tees under 35")
    assistant.respond(sender, "g2", "ill go with the first, size s")
    assert assistant.store.cart(sender) == {shown.products[0].id: 1}


def test_a_follow_up_clause_with_nothing_shown_stays_with_its_question(assistant):
    answers = assistant.respond("dlg-shipping-free", "f1", "how long does standard shipping take and is it free?")
    assert len(answers) == 1 and "3-5" in answers[0].text and "$50" in answers[0].text


def test_a_search_and_a_misspelt_shipping_question_get_both(assistant):
    answers = assistant.respond("dlg-watch-shipping", "w1", "womens wacthes under 50 and do u have free shiping")
    assert len(answers) == 2 and answers[0].products and "$50" in answers[1].text


def test_two_shown_products_by_name_go_to_the_cart(assistant):
    sender = "dlg-two-names"
    assistant.respond(sender, "m1", "fitness stuff under 15")
    assistant.respond(sender, "m2", "I'll take the yoga brick and the water bottle.")
    titles = {assistant.products[p].title for p in assistant.store.cart(sender)}
    assert any("Brick" in t for t in titles) and any("Bottle" in t for t in titles) and len(titles) == 2


def test_who_it_is_for_is_context_not_a_second_ask(assistant):
    answers = assistant.respond("dlg-for-aunt", "a1",
                                "Could you show me women's hoodies in gray, please? They're for my aunt.")
    assert len(answers) == 1 and answers[0].products
    assert all(assistant.products[p.id].category_leaf == "Hoodies & Sweatshirts" for p in answers[0].products)


def test_a_product_named_in_full_wins_over_a_similar_one(assistant):
    sender = "dlg-overnight"
    [shown] = assistant.respond(sender, "o1", "duffle bags")
    overnight = next((p for p in shown.products if p.title == "Overnight Duffle"), None)
    if overnight is None:
        pytest.skip("the Overnight Duffle is not among the first five duffle bags")
    [answer] = assistant.respond(sender, "o2", "Is the Overnight Duffle made of leather?")
    assert "Overnight Duffle" in answer.text.split(".")[0]  # ("No, the Overnight Duffle isn't listed as leather.")


def test_a_narrower_kind_sorted_by_price_stays_that_kind(assistant):
    [answer] = assistant.respond("dlg-straps", "s1", "just the yoga straps, cheapest first")
    assert answer.products and all("Strap" in p.title for p in answer.products)


def test_it_doesnt_fit_her_is_a_return_question(assistant):
    sender = "dlg-doesnt-fit"
    assistant.respond(sender, "f1", "womens sports bras")
    assistant.respond(sender, "f2", "does the 1st come in M")
    [answer] = assistant.respond(sender, "f3", "what if it doesnt fit her")
    assert "30 days" in answer.text
    [again] = assistant.respond(sender, "f4", "if it doesnt fit her can she exchange it for free?")
    assert "exchange" in again.text.lower() and not assistant.store.cart(sender)


def test_back_to_a_kind_and_add_the_first_one_adds_one(assistant):
    sender = "dlg-back-to-bags"
    [shown] = assistant.respond(sender, "b1", "messenger bags")
    assistant.respond(sender, "b2", "whats your return policy")
    assistant.respond(sender, "b3", "ok back to the messenger bags, add the first one")
    assert assistant.store.cart(sender) == {shown.products[0].id: 1}


def test_swap_it_for_a_number_is_a_list_position(assistant):
    sender = "dlg-swap-1"
    [shown] = assistant.respond(sender, "s1", "mens watches cheapest first")
    assistant.respond(sender, "s2", "add the 2nd one")
    assistant.respond(sender, "s3", "actually swap it for 1")
    assert assistant.store.cart(sender) == {shown.products[0].id: 1}


def test_a_size_corrected_with_a_bare_number(assistant):
    sender = "dlg-meant-29"
    assistant.respond(sender, "c1", "leggings for my sister, size 28")
    decision = assistant.observe_turn(sender, "c2", "sorry i meant 29 not 28", None)
    assert (decision.scene, decision.act) == ("search", "correction")
    [answer] = assistant.respond(sender, "c2", "sorry i meant 29 not 28")
    assert answer.products and all("29" in assistant.products[p.id].sizes for p in answer.products)
    assert all(assistant.products[p.id].category_leaf == "Pants" for p in answer.products)


def test_ok_first_in_l_after_a_comparison_adds_it(assistant):
    sender = "dlg-ok-1st-L"
    [shown] = assistant.respond(sender, "p1", "mens hoodies under 55")
    assistant.respond(sender, "p2", "compare the 1st and 2nd")
    assistant.respond(sender, "p3", "ok 1st in L")
    assert assistant.store.cart(sender) == {shown.products[0].id: 1}


def test_swap_for_another_size_is_an_exchange_question(assistant):
    sender = "dlg-swap-size"
    assistant.respond(sender, "x1", "mens watches")
    assistant.respond(sender, "x2", "tell me about the first one")
    [answer] = assistant.respond(sender, "x3", "can i swap something from it for another size?")
    assert "exchange" in answer.text.lower()


def test_a_top_is_any_kind_of_top_and_not_a_rank(assistant):
    [answer] = assistant.respond("dlg-white-top", "t1", "a white yoga top for her, size S")
    assert answer.products
    assert all(assistant.products[p.id].category.split(" > ")[1] == "Tops" for p in answer.products)
    assert assistant.parser.parse("price of the top one").filters.categories == ()


def test_ones_that_dont_come_in_red_leave_red_out(assistant):
    sender = "dlg-dont-come-in-red"
    assistant.respond(sender, "r1", "men's jackets between $40 and $60")
    [answer] = assistant.respond(sender, "r2", "What about ones that don't come in red?")
    assert answer.products and all("Red" not in assistant.products[p.id].colors for p in answer.products)


def test_a_cart_item_named_then_take_it_out_removes_that_item(assistant):
    sender = "dlg-not-the-jacket"
    assistant.respond(sender, "j1", "womens jackets")
    assistant.respond(sender, "j2", "add the 1st")
    [jacket] = assistant.store.cart(sender)
    assistant.respond(sender, "j3", "womens pants")
    assistant.respond(sender, "j4", "add the 1st")
    assert len(assistant.store.cart(sender)) == 2
    assistant.respond(sender, "j5", "actually not the jacket, too pricey. take it out")
    assert jacket not in assistant.store.cart(sender) and len(assistant.store.cart(sender)) == 1


def test_compare_two_list_positions_said_as_numbers(assistant):
    sender = "dlg-diff-1-3"
    [shown] = assistant.respond(sender, "d1", "fitness equipment cheapest first")
    [answer] = assistant.respond(sender, "d2", "whats the diff between 1 and 3")
    assert shown.products[0].title in answer.text and shown.products[2].title in answer.text
    assert shown.products[1].title not in answer.text


def test_a_late_order_then_its_number_in_the_next_sentence_is_one_look_up(assistant):
    sender = "dlg-late-order-number"
    assistant.respond(sender, "s1", "show me womens shorts")
    answers = assistant.respond(sender, "s2", "Oh, before I forget, my last order still hasn't arrived. "
                                              "It's order 1003.")
    assert [a.start_order for a in answers] == ["1003"] and not answers[0].products


def test_a_kind_named_beside_goes_with_it_is_the_kind_recommended(assistant):
    sender = "dlg-joggers-with-it"
    assistant.respond(sender, "j1", "show me men's hoodies")
    assistant.respond(sender, "j2", "the third one, add it in XL")
    [answer] = assistant.respond(sender, "j3", "and some joggers to go with it, under 50")
    products = [assistant.products[p.id] for p in answer.products]
    assert products and all("Pants" in p.category and p.price <= 50 for p in products)


def test_compare_it_with_a_list_position_means_the_product_in_focus(assistant):
    sender = "dlg-diff-it-1st"
    [shown] = assistant.respond(sender, "d1", "mens sweatshirts")
    assistant.respond(sender, "d2", "whats the 3rd one made of")
    [answer] = assistant.respond(sender, "d3", "hows it different from the 1st one")
    assert shown.products[0].title in answer.text and shown.products[2].title in answer.text
    assert shown.products[1].title not in answer.text
    [plain] = assistant.respond(sender, "d4", "compare the first two")
    assert shown.products[0].title in plain.text and shown.products[1].title in plain.text


def test_an_order_look_up_for_a_refund_says_how_long_refunds_take(assistant):
    assert "5-7 business days" in assistant.order_topic_note("order 1003: when do I get my refund?")
    assert assistant.order_topic_note("where is my order 1003") is None
    # a typo in the topic word still says the gist ("i need to retrun a pair of shorts")
    assert "30 days" in assistant.order_topic_note("hi i need to retrun a pair of shorts, how does that work")


def test_take_the_hoodie_back_out_with_other_products_on_screen(assistant):
    sender = "dlg-hoodie-back-out"
    assistant.respond(sender, "h1", "mens hoodies")
    assistant.respond(sender, "h2", "add the 3rd in XL")
    assistant.respond(sender, "h3", "and some joggers to go with it")
    [answer] = assistant.respond(sender, "h4", "actually take the hoodie back out, changed my mind")
    assert not assistant.store.cart(sender) and not answer.products


def test_what_sizes_do_they_come_in_answers_for_each_shown_product(assistant):
    sender = "dlg-what-sizes"
    [shown] = assistant.respond(sender, "w1", "mens hoodies")
    [answer] = assistant.respond(sender, "w2", "what sizes do they come in?")
    assert not answer.products and all(p.title in answer.text for p in shown.products)
    assert "size" in answer.text.lower() and "colour" not in answer.text.lower()


def test_the_first_two_made_of_names_both(assistant):
    sender = "dlg-first-two"
    [shown] = assistant.respond(sender, "f1", "womens tanks")
    [answer] = assistant.respond(sender, "f2", "what are the first two made of?")
    assert shown.products[0].title in answer.text and shown.products[1].title in answer.text


def test_the_cheapest_ones_material_is_an_answer_not_a_sort(assistant):
    sender = "dlg-cheapest-material"
    [shown] = assistant.respond(sender, "c1", "womens shorts")
    [answer] = assistant.respond(sender, "c2", "What's the cheapest one made of?")
    cheapest = min(shown.products, key=lambda p: assistant.products[p.id].price)
    assert answer.text.startswith(f"The {cheapest.title}") and "made of" in answer.text


def test_and_the_named_product_asks_the_same_again(assistant):
    sender = "dlg-and-the-named"
    [shown] = assistant.respond(sender, "n1", "mens tees under 25 bucks?")
    first, second = shown.products[0], shown.products[1]
    assistant.respond(sender, "n2", f"whats the {first.title} made of")
    [answer] = assistant.respond(sender, "n3", f"and the {second.title}?")
    assert answer.text.startswith(f"The {second.title}") and "made of" in answer.text


def test_a_size_given_as_a_measure_and_sizes_is_no_size_s(assistant):
    assert assistant.parser.parse("only the 75 cm ones please").filters.sizes == ("75 cm",)
    assert assistant.parser.parse("an 8ft strap").filters.sizes == ("8 foot",)
    assert assistant.parser.parse("what sizes do they come in?").filters.sizes == ()


def test_delivery_for_a_bag_like_that_is_a_delivery_question(assistant):
    sender = "dlg-bag-like-that"
    assistant.respond(sender, "b1", "duffle bags")
    [answer] = assistant.respond(sender, "b2", "how much is delivery for a bag like that?")
    assert "delivery" in answer.text.lower() and "similar" not in answer.text.lower()


def test_material_with_a_list_on_screen_answers_for_each(assistant):
    sender = "dlg-material-list"
    [shown] = assistant.respond(sender, "m1", "do you sell yoga straps?")
    [answer] = assistant.respond(sender, "m2", "material?")
    assert not answer.products and all(p.title in answer.text for p in shown.products[:5])


def test_capris_are_womens_for_that_search_only(assistant):
    sender = "dlg-capris"
    [answer] = assistant.respond(sender, "c1", "do you have capri pants that aren't black?")
    assert answer.products and all(assistant.products[p.id].gender == "Women" for p in answer.products)
    assert "gender" not in assistant.store.preferences(sender)  # implied by the word, not said


def test_total_with_shipping_adds_the_delivery_fee(assistant):
    sender = "dlg-total-shipping"
    assistant.respond(sender, "s1", "duffle bags")
    assistant.respond(sender, "s2", "add the cheapest")
    [price] = [assistant.products[p].price for p in assistant.store.cart(sender)]
    [answer] = assistant.respond(sender, "s3", "whats my total with shipping")
    rates = assistant.shipping
    fee = 0.0 if price >= rates.free_over else rates.standard
    assert f"${price + fee:.2f} in total" in answer.text


def test_a_product_named_by_its_last_words_before_any_list(assistant):
    [answer] = assistant.respond("dlg-foam-roller", "r1", "Is the foam roller in stock?")
    assert answer.text.startswith("Yes, the Sprite Foam Roller")


def test_the_blue_one_is_the_blue_variant_of_the_title_shown(assistant):
    sender = "dlg-blue-variant"
    assistant.respond(sender, "v1", "an exercise ball, what do you have?")
    [shown] = assistant.respond(sender, "v2", "he needs the 75 cm one. Could you show me those?")
    assert [assistant.products[p.id].sizes for p in shown.products] == [("75 cm",)]  # one answer, one list
    assistant.respond(sender, "v3", "The blue one, please.")
    assistant.respond(sender, "v4", "Add it to my cart.")
    [added] = assistant.store.cart(sender)
    assert "Blue" in assistant.products[added].colors and "75 cm" in assistant.products[added].sizes


def test_add_one_product_per_kind_by_position(assistant):
    sender = "dlg-per-kind"
    [bags] = assistant.respond(sender, "k1", "show me bags")
    [tees] = assistant.respond(sender, "k2", "and womens tees")
    assistant.respond(sender, "k3", "add the 1st bag and the 2nd tee in S")
    assert assistant.store.cart(sender) == {bags.products[0].id: 1, tees.products[1].id: 1}
    sender = "dlg-of-each"
    [bags] = assistant.respond(sender, "e1", "i need a bag to carry my yoga stuff")
    [bricks] = assistant.respond(sender, "e2", "also a yoga brick")
    assistant.respond(sender, "e3", "add the 1st of each")
    assert assistant.store.cart(sender) == {bags.products[0].id: 1, bricks.products[0].id: 1}


def test_a_question_beside_the_order_number_is_answered_too(assistant):
    sender = "dlg-beside-order"
    assistant.respond(sender, "o1", "where's my order?")
    [answer] = assistant.respond_beside_order_info(sender, "o2", "1003, and how much is express shipping?")
    assert "$15" in answer.text
    assert assistant.respond_beside_order_info(sender, "o3", "1003") == []
    assert assistant.respond_beside_order_info(sender, "o4", "alex0@example.com thanks") == []


def test_that_after_an_add_is_the_product_added_and_the_list_stays(assistant):
    sender = "dlg-warranty-added"
    [shown] = assistant.respond(sender, "w1", "mens jackets between 40 and 60")
    assistant.respond(sender, "w2", "Add the 3rd in L")
    [answer] = assistant.respond(sender, "w3", "Is there any warranty on that?")
    assert shown.products[2].title in answer.text and "1 year" in answer.text
    assistant.respond(sender, "w4", "add the 2nd too")
    assert set(assistant.store.cart(sender)) == {shown.products[2].id, shown.products[1].id}
    sender = "dlg-list-then-add"
    answers = assistant.respond(sender, "l1", "show me mens tees, and add the first")
    assistant.respond(sender, "l2", "add the 2nd too")
    assert set(assistant.store.cart(sender)) == {p.id for p in answers[0].products[:2]}


def test_a_statement_before_a_service_question_is_its_context(assistant):
    answers = assistant.respond("dlg-present-eu", "p1", "Hello! I'm buying a present for my mother, who lives "
                                                        "in Germany. Do you ship to the EU?")
    assert len(answers) == 1 and "EU" in answers[0].text and not answers[0].products


def test_and_the_x_one_too_after_an_add_adds_it(assistant):
    sender = "dlg-55-too"
    assistant.respond(sender, "b1", "blue exercise balls, most expensive first")
    assistant.respond(sender, "b2", "add the first one")
    assistant.respond(sender, "b3", "and the 55 one too")
    assert sorted(assistant.products[p].sizes[0] for p in assistant.store.cart(sender)) == ["55 cm", "75 cm"]


def test_a_return_of_ones_own_purchase_starts_the_order_look_up(assistant):
    [answer] = assistant.respond("dlg-own-return", "r1", "i need to return a jaket from my last order")
    assert answer.start_order == "" and not answer.products  # the look-up asks the number
    [wrong] = assistant.respond("dlg-own-wrong-item", "r1", "i ordered a grey hoody and got an orange one")
    assert wrong.start_order == "" and "exchanges" in wrong.text  # the policy's gist, then the look-up's question
    [policy] = assistant.respond("dlg-abstract-return", "r1", "can I return shoes after 30 days?")
    assert policy.start_order is None and "30 days" in policy.text  # a policy question stays one
    # "they're" with nothing on screen, and "last week", point at no shown product
    for i, said in enumerate(["i want to send back a pair of pants i bought, they're way too long",
                              "i wanna return a hoodei i got last week"]):
        [answer] = assistant.respond(f"dlg-own-return-{i}", "r1", said)
        assert answer.start_order == "", said
    sender = "dlg-own-return-shown"
    assistant.respond(sender, "r1", "show me mens hoodies")
    [shown] = assistant.respond(sender, "r2", "can i return the second one if i want to send it back?")
    assert shown.start_order is None  # a shown product's return policy


def test_a_shipping_question_about_a_verified_orders_item_gets_the_orders_status(assistant):
    sender = "dlg-order-shipped"
    [order] = assistant.respond(sender, "o1", "status of order 1001, email roni_cost@example.com")
    assert "Order 1001" in order.text
    for i, said in enumerate(["so has it shipped or not", "is it on its way"]):
        [again] = assistant.respond(sender, f"o{i + 2}", said)
        assert again.text == order.text and again.card["number"] == "1001", said
    # (a return of it is not tried here: return requests are per order item, and other tests open one)


@pytest.mark.parametrize("before, text, act, kind", [
    # as the switching filter once read them: kept in the return's scene, as a correction or a return
    ("i want to return something i bought", "actually first, do u have the hero hoddie in grey?", "correction",
     "Hoodies & Sweatshirts"),
    ("I returned a jacket last week, when will I see the money back?", "show me jackets", "return_request",
     "Jackets"),
])
def test_a_product_ask_read_in_a_service_scene_is_a_search(assistant, before, text, act, kind):
    sender = f"dlg-kind-in-service-{act}"
    assistant.respond(sender, "s1", before)
    decision = assistant.understand(sender, "s2", text, {})
    [answer] = assistant.dialogue.respond(sender, "s2", text, replace(decision, act=act, scene="service"))
    assert answer.products and {assistant.products[p.id].category_leaf for p in answer.products} == {kind}


def test_a_product_named_in_a_policy_question_is_in_focus_after(assistant):
    sender = "dlg-price-match-named"
    [policy] = assistant.respond(sender, "p1", "saw the teton pullover hoodie cheaper elsewhere, do u price match?")
    assert "price" in policy.text and [p.title for p in policy.products] == ["Teton Pullover Hoodie"]
    [price] = assistant.respond(sender, "p2", "how much is it here anyway?")
    assert "Teton Pullover Hoodie" in price.text and "$70" in price.text


def test_something_like_a_named_product_but_cheaper(assistant):
    [answer] = assistant.respond("dlg-like-juno", "j1", "something like the juno jacket but cheaper")
    juno = next(p for p in assistant.products.values() if p.title == "Juno Jacket")
    assert answer.products and all(p.id != juno.id for p in answer.products)
    for view in answer.products:
        product = assistant.products[view.id]
        assert product.price < juno.price and product.gender == juno.gender
        assert product.category_leaf == juno.category_leaf


def test_a_bare_pick_the_model_reads_as_an_add_adds(assistant):
    sender = "dlg-bare-pick"
    [shown] = assistant.respond(sender, "b1", "mens gym shorts, cheapest first")
    decision = assistant.understand(sender, "b2", "the first one pls", {})
    assistant.dialogue.respond(sender, "b2", "the first one pls", replace(decision, act="add_to_cart"))
    assert list(assistant.store.cart(sender)) == [shown.products[0].id]


@pytest.mark.parametrize("text, act", [("ok ty ur helpful", "thank"), ("thanks so much, bye", "thank"),
                                       ("thanks, show me bags", "recommend")])
def test_thanks_alone_is_small_talk_whatever_the_scene_before(assistant, text, act):
    from recsys.assistant.turns import exact_reading
    from recsys.scene.detector import SceneDecision

    read = SceneDecision("recommend", "chitchat", {"recommend": 0.5}, True, act="recommend")
    got = exact_reading(read, text, assistant.shop.parser, assistant.shop.type_speller)
    assert got.act == act and (got.scene == "chitchat") == (act == "thank")


@pytest.mark.parametrize("text, act, scene", [
    ("wait whre is my order", "order_status", "service"),  # a typo'd look-up
    ("are you a real person btw?", "smalltalk", "chitchat"),  # about the assistant, not a policy
    ("ok and r u a real person lol", "smalltalk", "chitchat"),
    ("where do i enter my order number", "policy", "service"),  # no look-up asked: the model's act stays
    ("btw did my order ship yet? its 1003", "order_status", "service"),  # one's own order's status
    ("my order still hasnt shipped", "order_status", "service"),
    ("can my order ship to canada", "policy", "service"),  # a delivery question, no look-up
    ("order late", "order_status", "service"),
    ("my package is late", "order_status", "service"),
    ("what happens if my order is lost", "policy", "service"),
])
def test_exact_cues_for_a_look_up_and_a_question_about_the_bot(text, act, scene):
    from recsys.scene.cues import with_exact_act
    from recsys.scene.detector import SceneDecision

    read = SceneDecision("service", "service", {"service": 0.5}, False, act="policy", act_confidence=0.45)
    got = with_exact_act(read, text)
    assert (got.act, got.scene) == (act, scene)
    if act == "smalltalk":  # read as a hand-off it is still about the bot, unless a person is asked for
        assert with_exact_act(replace(read, act="handoff"), text).act == "smalltalk"
        assert with_exact_act(replace(read, act="handoff"), f"{text} i want to talk to someone").act == "handoff"
    assert got.act_confidence == (0.45 if act == "policy" else 1.0)  # sure enough for Rasa's fallback
    if act == "order_status":  # the model's own unsure reading of a look-up is made sure too
        unsure = with_exact_act(replace(read, act="order_status"), text)
        assert unsure.act == "order_status" and unsure.act_confidence == 1.0


def test_shorthand_read_as_another_language_is_shopping(assistant):
    from recsys.assistant.turns import exact_reading
    from recsys.scene.detector import SceneDecision

    read = SceneDecision("chitchat", "chitchat", {"chitchat": 0.6}, True, act="other_language")
    got = exact_reading(read, "undr 30", assistant.shop.parser, assistant.shop.type_speller)
    assert (got.act, got.scene) == ("search_product", "search")
    same = exact_reading(read, "hola, busco zapatillas", assistant.shop.parser, assistant.shop.type_speller)
    assert same.act == "other_language"


@pytest.mark.parametrize("sender, listed, title_part, said", [
    # the only product of a kind on the list is named by the kind
    ("dlg-add-the-bottle", "a water bottle", "Bottle", "add the bottle"),
    # "the 8 foot one please": the one product on the list that fits, taken
    ("dlg-pick-described", "show me the yoga straps, cheapest first", "8 foot",
     "She's quite tall, so the 8 foot one please."),
])
def test_the_one_product_the_words_describe_goes_in_the_cart(assistant, sender, listed, title_part, said):
    [shown] = assistant.respond(sender, "b1", listed)
    fitting = [p for p in shown.products if title_part in p.title]
    assert len(fitting) == 1
    assistant.respond(sender, "b2", said)
    assert list(assistant.store.cart(sender)) == [fitting[0].id]


def test_a_long_refinement_the_model_reads_as_one_keeps_the_kind_on_screen(assistant):
    sender = "dlg-long-refine"
    assistant.respond(sender, "h1", "show me men's hoodies")
    decision = assistant.understand(sender, "h2", "nothing black, he has too many. he likes green", {})
    [answer] = assistant.dialogue.respond(sender, "h2", "nothing black, he has too many. he likes green",
                                          replace(decision, act="refine", scene="search"))
    products = [assistant.products[p.id] for p in answer.products]
    assert products and all(p.category_leaf == "Hoodies & Sweatshirts" and "Black" not in p.colors
                            for p in products)


@pytest.mark.parametrize("text", ["nothing black he already has like 5 black ones",
                                  "nothing black, he has too many. he likes green"])
def test_a_wish_for_ideas_that_only_narrows_the_list_on_screen_refines_it(assistant, text):
    sender = f"dlg-recommend-narrows-{len(text)}"
    assistant.respond(sender, "h1", "need a hoodie for my son, under 60")
    decision = assistant.understand(sender, "h2", text, {})
    answers = assistant.dialogue.respond(sender, "h2", text, replace(decision, act="recommend", scene="recommend"))
    products = [assistant.products[p.id] for a in answers for p in a.products]
    assert len(answers) == 1 and products
    assert all(p.category_leaf == "Hoodies & Sweatshirts" and "Black" not in p.colors and p.price <= 60
               for p in products)


@pytest.mark.parametrize("text", ["The watch in my order arrived with a cracked face.",
                                  "my duffle bag arrived with a ripped strap", "the blender i got doesn't work"])
def test_a_problem_with_a_received_item_is_a_return(text):
    from recsys.scene.cues import with_exact_act
    from recsys.scene.detector import SceneDecision

    read = SceneDecision("search", "search", {"search": 0.6}, False, act="search_product")
    assert with_exact_act(read, text).act == "return_request"


def test_a_first_clause_that_asks_nothing_goes_with_the_ask_after_it(assistant):
    sender = "dlg-bit-much"
    [shown] = assistant.respond(sender, "w1", "men's watches, most expensive first")
    assistant.respond(sender, "w2", "What's the first one made of?")
    answers = assistant.respond(sender, "w3", "Bit much. I'll take the second one instead.")
    assert not any(a.products and a.list_kind == "list" for a in answers)  # no new list before the add
    assert list(assistant.store.cart(sender)) == [shown.products[1].id]


def test_add_that_too_after_a_new_list_adds_its_first(assistant):
    sender = "dlg-add-that-too"
    assistant.respond(sender, "j1", "yoga equipment under 20")
    assistant.respond(sender, "j2", "add the first one")
    [ropes] = assistant.respond(sender, "j3", "got jump ropes?")
    assistant.respond(sender, "j4", "add that too")
    assert ropes.products[0].id in assistant.store.cart(sender) and len(assistant.store.cart(sender)) == 2


def test_a_cart_item_dropped_in_words_leaves_the_cart(assistant):
    sender = "dlg-drop"
    [bags] = assistant.respond(sender, "d1", "i need a bag to carry my yoga stuff")
    assistant.respond(sender, "d2", "also a yoga brick")
    assistant.respond(sender, "d3", "add the 1st of each")
    assert len(assistant.store.cart(sender)) == 2
    [answer] = assistant.respond(sender, "d4", "eh forget the bag, just the brick")
    assert "Removed" in answer.text and bags.products[0].title in answer.text
    assert [assistant.shop.products[p].category_leaf for p in assistant.store.cart(sender)] == ["Fitness Equipment"]
    # a new search that names no cart item is no removal
    [search] = assistant.respond(sender, "d5", "never mind the jacket, show me hoodies")
    assert search.products and len(assistant.store.cart(sender)) == 1


def test_swap_one_shown_item_for_another_in_the_cart(assistant):
    sender = "dlg-swap-for"
    [listing] = assistant.respond(sender, "w1", "women's hoodies in gray")
    assistant.respond(sender, "w2", "add the first one to my cart")
    assistant.respond(sender, "w3", "how do the second and third compare?")
    [answer] = assistant.respond(sender, "w4", "Actually, swap the first one for the third.")
    assert list(assistant.store.cart(sender)) == [listing.products[2].id]
    assert "Removed" in answer.text


def test_what_you_showed_me_is_an_offered_list_not_the_orders_items(assistant):
    sender = "dlg-offered"
    [tees] = assistant.respond(sender, "v1", "womens tees under 30")
    [order] = assistant.respond(sender, "v2", "status of order 1002, email roni_cost@example.com")
    assert "Order 1002" in order.text and "Tee" in order.text  # its items: a tee not on the list
    [answer] = assistant.respond(sender, "v3", "is the first tee you showed me available in xl")
    assert tees.products[0].title in answer.text
    assistant.respond(sender, "v4", "add that first tee to my cart")
    assert list(assistant.store.cart(sender)) == [tees.products[0].id]


def test_the_first_one_i_added_is_the_first_add(assistant):
    sender = "dlg-first-added"
    [listing] = assistant.respond(sender, "a1", "mens hoodies in size L, black")
    assistant.respond(sender, "a2", "add the 2nd one")
    assistant.respond(sender, "a3", "and the 4th too")
    assistant.respond(sender, "a4", "hmm actually take out the first one i added")
    assert list(assistant.store.cart(sender)) == [listing.products[3].id]


@pytest.mark.parametrize("first, fix, size", [("show me mens gym shorts size 34", "oops no, 33 sorry", "33"),
                                              ("womens tees in red size S", "and make that M actually", "M")])
def test_a_size_corrected_in_a_few_words_shows_the_list_in_that_size(assistant, first, fix, size):
    sender = f"dlg-fix-{size}"
    assistant.respond(sender, "f1", first)
    [answer] = assistant.respond(sender, "f2", fix)
    assert answer.products and all(size in p.sizes for p in answer.products)


def test_a_bare_size_the_list_comes_in_narrows_it(assistant):
    sender = "dlg-bare-size"
    [shorts] = assistant.respond(sender, "b1", "show me womens running shorts in orange")
    assert any("30" in p.sizes for p in shorts.products)
    [answer] = assistant.respond(sender, "b2", "in 30?")
    assert answer.products and all("30" in p.sizes and "Orange" in p.colors for p in answer.products)


def test_a_follow_up_without_a_topic_keeps_the_topic_before(assistant):
    sender = "dlg-follow-topic"
    assistant.respond(sender, "p1", "how much is express shipping")
    [answer] = assistant.respond(sender, "p2", "and is standard free?")
    assert "$50" in answer.text and "Returns" not in answer.text


def test_a_question_about_both_shown_products_answers_each(assistant):
    sender = "dlg-both"
    [listing] = assistant.respond(sender, "q1", "mens hoodies under 50")
    assert len(listing.products) == 2
    [answer] = assistant.respond(sender, "q2", "do both of those come in purple?")
    assert not answer.products and all(p.title in answer.text for p in listing.products)


def test_a_short_remark_before_an_ask_is_no_search_of_its_own(assistant):
    [answer] = assistant.respond("dlg-remark", "r1", "hmm bit much. show me mens hoodies under 50")
    assert answer.products and "couldn't find" not in answer.text
    assert len(assistant.respond("dlg-remark", "r2", "hmm bit much. show me mens hoodies under 50")) == 1


def test_gf_and_hubby_are_who_it_is_for():
    from recsys.search.shorthand import expand

    assert expand("a watch for my gf") == "a watch for my girlfriend"
    assert expand("hoodie for hubby") == "hoodie for husband"


def test_ideas_within_a_limit_said_in_words(assistant):
    [ideas] = assistant.respond("dlg-limit", "l1", "We're doing Secret Santa at work and the limit is $20. Any ideas?")
    assert ideas.products and all(p.price <= 20 for p in ideas.products)


@pytest.mark.parametrize("sender, said, picked", [
    # a decision said mid-sentence adds that one
    ("dlg-decided", ["women's watches, most expensive first", "compare the first two for me, please",
                     "I think I'll go with the second one, it's more within my budget. Please add it."], 1),
])
def test_the_product_picked_in_words_goes_in_the_cart(assistant, sender, said, picked):
    [listing] = assistant.respond(sender, "p0", said[0])
    for i, text in enumerate(said[1:], start=1):
        assistant.respond(sender, f"p{i}", text)
    assert list(assistant.store.cart(sender)) == [listing.products[picked].id]


def test_picks_and_swaps_said_in_other_words(assistant):
    sender = "dlg-picks"
    [shorts] = assistant.respond(sender, "k1", "mens gym shorts")
    assistant.respond(sender, "k2", "ok 2nd one, 32, blue")  # a pick with its size and colour
    assert list(assistant.store.cart(sender)) == [shorts.products[1].id]
    [cheap] = assistant.respond(sender, "k3", "cheapest first")
    assistant.respond(sender, "k4", "swap the one in my cart for the first one here")
    assert list(assistant.store.cart(sender)) == [cheap.products[0].id]
    [total] = assistant.respond(sender, "k5", "total? and do i get free shipping")
    assert "Your cart (1 item" in total.text and "free on orders over" in total.text
    [jackets] = assistant.respond(sender, "k6", "womens jackets cheapest first")
    assistant.respond(sender, "k7", "ok the first one it is, in gray, size S")
    assert jackets.products[0].id in assistant.store.cart(sender)


def test_a_return_with_its_order_number_starts_that_look_up(assistant):
    [answer] = assistant.respond("dlg-return-number", "n1", "can u look up order 1003, i might want to return sth")
    assert answer.start_order == "1003"


def test_a_product_described_by_its_measure_and_a_bare_follow_up(assistant):
    sender = "dlg-measure"
    assistant.respond(sender, "m1", "do u sell exercise balls? the big bouncy ones for pilates")
    [price] = assistant.respond(sender, "m2", "how much is the blue 65cm one")
    assert price.text == "The Sprite Stasis Ball 65 cm is $27.00." and price.products[0].id == "24-WG082-blue"
    [other] = assistant.respond(sender, "m3", "and the 75?")
    assert "Sprite Stasis Ball 75 cm is $" in other.text


def test_the_longest_is_found_by_the_titles_measure(assistant):
    sender = "dlg-longest"
    [straps] = assistant.respond(sender, "l1", "any yoga strapps?")
    assert any("10 foot" in p.title for p in straps.products)
    answers = assistant.respond(sender, "l2", "which is the longest one and how much is it")
    assert all(_ids(a) == ["24-WG087"] for a in answers) and "$21.00" in answers[-1].text
    assert not any(a.list_kind == "list" for a in answers)  # a pointer, not the list again
    [shortest] = assistant.respond(sender, "l3", "and the shortest?")
    assert "6 foot" in shortest.text


def test_a_total_is_the_cart_with_delivery_even_read_as_an_add(assistant):
    sender = "dlg-total-then"
    assistant.respond(sender, "t1", "mens hoodies")
    assistant.respond(sender, "t2", "add the first one in L")
    answers = assistant.respond(sender, "t3", "whats the total then, and is shipping free?")
    assert "Your cart (1 item" in answers[0].text and "Standard delivery:" in answers[0].text
    assert len(assistant.store.cart(sender)) == 1  # nothing added twice


def test_do_u_also_sell_is_one_ask_and_those_are_its_products(assistant):
    sender = "dlg-also-sell"
    assistant.respond(sender, "a1", "womens tops under 30")
    answers = assistant.respond(sender, "a2", "do u also sell yoga bricks? how much r those")
    assert answers[0].list_kind == "list" and "24-WG084" in _ids(answers[0])
    assert "$5.00" in answers[-1].text and "Tee" not in answers[-1].text


def test_blocks_and_straps_sorted_keeps_both_kinds(assistant):
    [listing] = assistant.respond("dlg-blocks", "b1", "ok show me yoga blocks and straps, cheapest first")
    assert _ids(listing)[0] == "24-WG084" and {"24-WG085", "24-WG086"} <= set(_ids(listing))


def test_swap_a_cart_item_named_by_kind_for_a_shown_one(assistant):
    sender = "dlg-swap-named"
    [tees] = assistant.respond(sender, "w1", "mens tees")
    for i, text in enumerate(["add the 1st one in M", "now mens shorts, size 32", "the 2nd one pls",
                              "and a watch under 50", "actually swap the tee for the 2nd tee from before, also M"]):
        assistant.respond(sender, f"w{i + 2}", text)
    cart = list(assistant.store.cart(sender))
    assert tees.products[0].id not in cart and tees.products[1].id in cart and len(cart) == 2


def test_a_named_follow_up_with_where_and_size_repeats_the_add(assistant):
    sender = "dlg-named-too"
    [shorts] = assistant.respond(sender, "n1", "mens shorts under 35, cheapest first")
    first = assistant.products[shorts.products[0].id]
    assistant.respond(sender, "n2", "same but in grey")
    assistant.respond(sender, "n3", "ok add the 1st one in 34")
    name = first.title.split()[0].lower()  # "arcadio"
    assistant.respond(sender, "n4", f"and the {name} ones from before too, size 32")
    assert first.id in assistant.store.cart(sender) and len(assistant.store.cart(sender)) == 2


def test_similar_in_a_colour_an_earlier_exclusion_would_empty(assistant):
    sender = "dlg-similar-blue"
    for i, text in enumerate(["wmns tnks", "not yellow or purple", "add M"]):  # one tank is neither
        assistant.respond(sender, f"s{i}", text)
    [similar] = assistant.respond(sender, "s9", "anything similar in blue")
    assert similar.products and all("Blue" in assistant.products[v.id].colors for v in similar.products)


@pytest.mark.parametrize("sender, said, check", [
    # a bare colour after a list and a delivery answer narrows the list (no return policy)
    ("dlg-red-ones", ["womens tanks in XS pls, and do u ship to canada?", "red ones"], "Red"),
    # a new order of the list on screen after a remark: the same kind, priciest first
    ("dlg-priciest", ["womens jackets, cheapest first pls", "how much is the first one",
                      "hmm looks kinda thin. show me the priciest ones instead"], "price_desc"),
    # "similar tops" with women's tanks on screen: those, narrowed (no men's tops)
    ("dlg-similar-tops", ["womens tanks", "similar tops but not black"], "Women"),
    # a sort of the whole list on screen keeps that list's kind and gender, in the order asked
    ("dlg-sort-them", ["I need a jacket for my mother-in-law, she's a size L.", "Show me only the red ones under $70.",
                       "Put them in order of price, lowest first."], "women_asc"),
    # ideas "rather than clothes" hold nothing to wear
    ("dlg-no-clothes", ["We're doing Secret Santa at work and the limit is $20. Any ideas?",
                        "Something for the gym rather than clothes, please."], "no_apparel"),
    # bags to carry a yoga mat are bags
    ("dlg-bag-for", ["do you have bags to carry a yoga mat?"], "bags"),
])
def test_follow_ups_on_the_list_on_screen(assistant, sender, said, check):
    for i, text in enumerate(said[:-1]):
        assistant.respond(sender, f"f{i}", text)
    [answer] = assistant.respond(sender, "f9", said[-1])
    shown = [assistant.products[p.id] for p in answer.products]
    assert shown
    if check == "Red":
        assert all("Red" in p.colors and "XS" in p.sizes for p in shown)
    elif check == "price_desc":
        assert all(p.category_leaf == "Jackets" for p in shown) and shown[0].price >= shown[-1].price
    elif check == "women_asc":
        assert all(p.gender in ("Women", "Unisex") and "Red" in p.colors for p in shown)
        assert [p.price for p in shown] == sorted(p.price for p in shown)
    elif check == "no_apparel":
        assert all(p.category.startswith("Gear") for p in shown)
    elif check == "bags":
        assert all(p.category_leaf == "Bags" for p in shown)
    else:
        assert all(p.gender in ("Women", "Unisex") and "Black" not in p.colors for p in shown)


def test_a_status_question_points_back_at_the_order_looked_up(assistant):
    sender = "dlg-order-meant"
    assert assistant.order_meant(sender, "so has it shipped or not") is None  # nothing looked up yet
    assistant.order_answer(sender, "1001", "roni_cost@example.com", "o1")
    assert assistant.order_meant(sender, "so has it shipped or not") == ("1001", "roni_cost@example.com")
    assert assistant.order_meant(sender, "and where is my other order") is None
    assert assistant.order_meant(sender, "where is order 1002") is None


@pytest.mark.parametrize("after_cancel", [False, True])  # as one message, and after Rasa's cancel rule
def test_a_search_let_go_before_an_order_look_up_shows_no_list(assistant, after_cancel):
    sender = f"dlg-let-go-{after_cancel}"
    assistant.respond(sender, "l1", "looking for some pants for hiking")
    said = "never mind the pants. can you look up my order 1001? I want to return something from it"
    answers = assistant.respond_after_cancel(sender, "l2", said) if after_cancel \
        else assistant.respond(sender, "l2", said)
    assert not any(a.products for a in answers) and any(a.start_order == "1001" for a in answers)


def test_the_cost_of_shipping_is_a_delivery_answer(assistant):
    sender = "dlg-ship-cost"
    assistant.respond(sender, "c1", "fitness equipment under $15")
    assistant.respond(sender, "c2", "add the first")
    [answer] = assistant.respond(sender, "c3", "That's under $50, so how much is shipping?")
    assert not answer.products and "delivery" in answer.text.lower()


def test_a_narrowing_of_a_cheaper_list_stays_cheaper(assistant):
    sender = "dlg-cheaper-green"
    assistant.respond(sender, "g1", "something like the juno jacket but cheaper")
    [green] = assistant.respond(sender, "g2", "any in green?")
    shown = [assistant.products[p.id] for p in green.products]
    assert shown and all("Green" in p.colors and p.price < 77 for p in shown)


def test_when_a_looked_up_order_arrives_and_how_a_return_would_work(assistant):
    sender = "dlg-order-arrival"
    assistant.respond(sender, "a1", "order status for 1003, email alex0@example.com")
    when = " ".join(a.text for a in assistant.respond(sender, "a2", "so its shipped? when does it get here"))
    assert "1003" in when and "3-5 business days" in when
    # a question about how a return would work opens none; saying so does
    [how] = assistant.respond(sender, "a3", "and if i dont like it how do i return")
    assert "30 days" in how.text and "opened" not in how.text
    # "it" with the order's four items on screen names none of them: which one, before anything is opened
    [which] = assistant.respond(sender, "a4", "return it")
    assert "which item" in which.text.lower() and "opened" not in which.text.lower()
    [done] = assistant.respond(sender, "a5", "the tank")
    assert "opened return request" in done.text.lower() and "Antonia Racer Tank" in done.text


def test_a_corrected_colour_does_not_rule_out_the_one_it_replaces(assistant):
    sender = "dlg-meant-blue"
    for i, text in enumerate(["mens workout pants black, size 34", "sorry i meant blue not black"]):
        assistant.respond(sender, f"b{i}", text)
    shown = [assistant.products[p.id] for p in assistant.respond(sender, "b9", "anything under 50?")[0].products]
    # the blue pants under $50 that also come in black are no longer left out
    assert len(shown) >= 2 and all("Blue" in p.colors and p.price <= 50 for p in shown)
    assert "not_color" not in assistant.store.preferences(sender)


def test_the_first_orange_one_from_before_too_repeats_the_add(assistant):
    # "the first orange one" counts among the orange ones, past the newer list of black tees
    sender = "dlg-first-orange"
    [orange] = assistant.respond(sender, "o0", "mens running tee, orange, M")
    said = ["more like the first one but in black", "add the 2nd one in M",
            "and the first orange one from before too, also M"]
    for i, text in enumerate(said, start=1):
        assistant.respond(sender, f"o{i}", text)
    cart = list(assistant.store.cart(sender))
    assert orange.products[0].id in cart and len(cart) == 2


def test_how_many_of_the_item_just_added(assistant):
    sender = "dlg-quantity"
    assistant.respond(sender, "q1", "fitness equipment under 25, cheapest first")
    answers = assistant.respond(sender, "q2", "add the first one. actually make it 2 of them")
    [(first, qty)] = list(assistant.store.cart(sender).items())
    assert qty == 2 and not any(a.products for a in answers[1:])  # no new list: the list on screen stays
    assert "2 x" in answers[-1].text and "x2" in answers[-1].text
    assistant.respond(sender, "q3", "how much is 2 of them")  # a question, not a change
    assert assistant.store.cart(sender) == {first: 2}
    assistant.respond(sender, "q4", "make that three")
    assert assistant.store.cart(sender) == {first: 3}


def test_set22_follow_ups_add_remove_and_ask_as_meant(assistant):
    def cart(sender):
        return list(assistant.store.cart(sender))

    sender = "dlg-22-add-colour"
    assistant.respond(sender, "a1", "womens hoodies, anything but purple")
    [one] = assistant.respond(sender, "a2", "nothing over 50 pls")
    assistant.respond(sender, "a3", "does it come in XS")
    assistant.respond(sender, "a4", "ok add XS in blue")  # a colour picks no product: the one in focus
    assert cart(sender) == [one.products[0].id]

    sender = "dlg-22-same-size"
    [hoodies] = assistant.respond(sender, "b1", "hey do u have black hoddies for guys")
    assistant.respond(sender, "b2", "ok add the 2nd one in black, L")
    assistant.respond(sender, "b3", "and the 3rd one too, same size n colour")
    assert cart(sender) == [p.id for p in hoodies.products[1:3]]
    assistant.respond(sender, "b4", "take out the one i added last")
    assert cart(sender) == [hoodies.products[1].id]

    sender = "dlg-22-pick-sized"
    assistant.respond(sender, "c1", "black pants for men")
    [tees] = assistant.respond(sender, "c2", "show me black tees")
    assistant.respond(sender, "c3", "2nd tee in black M pls")
    assert cart(sender) == [tees.products[1].id]

    sender = "dlg-22-and-36"
    [shorts] = assistant.respond(sender, "d1", "black mens shorts under 35")
    assistant.respond(sender, "d2", "does the first one come in 34")
    [answer] = assistant.respond(sender, "d3", "and 36?")
    assert shorts.products[0].title in answer.text and "36" in answer.text and len(answer.products) <= 1

    sender = "dlg-22-blu"
    assistant.respond(sender, "e1", "womens leggings")
    [blue] = assistant.respond(sender, "e2", "in blu?")
    assert blue.products and all("Blue" in assistant.products[p.id].colors for p in blue.products)


def test_add_the_cheapest_in_a_size_and_a_colour_judged_ugly(assistant):
    sender = "dlg-22-cheapest-xl"
    assistant.respond(sender, "t1", "show me mens tanks")
    assistant.respond(sender, "t2", "only yellow ones")
    [blue] = assistant.respond(sender, "t3", "wait no i meant blue, yellow is ugly lol")
    assert blue.products and all("Blue" in assistant.products[p.id].colors for p in blue.products)
    [cheapest] = assistant.respond(sender, "t4", "sort cheapest first")
    assistant.respond(sender, "t5", "add the cheapest in XL")
    assert list(assistant.store.cart(sender)) == [cheapest.products[0].id]


def test_same_email_is_the_one_said_before_and_no_second_ask(assistant):
    from recsys.assistant.dialogue import split_asks
    from recsys.scene.slots import says_same_email

    assert split_asks("oh wait wrong number, its 1001. same email") == ["oh wait wrong number, its 1001. same email"]
    assert split_asks("and whats the status of 1002? same email as before") == [
        "and whats the status of 1002? same email as before"]
    assert says_same_email("its 1001. same email") and not says_same_email("same email: roni_cost@example.com")
    assert says_same_email("sorry typo, its 1001")  # the number corrected: the email typed before stands
    assert says_same_email("wait sorry its 1001 not 1004")
    assert says_same_email("My apologies, I misread it. It's 1002, not 1003.")
    assert not says_same_email("its 1001") and not says_same_email("sorry typo")
    sender = "dlg-same-email"
    assert assistant.email_said_before(sender) is None
    assistant.observe_turn(sender, "e1", "wheres my package", None)
    assistant.observe_turn(sender, "e2", "Roni_Cost@example.com", None)  # typed, not yet proved
    assistant.observe_turn(sender, "e3", "oh wait wrong number, its 1001. same email", None)
    assert assistant.email_said_before(sender) == "roni_cost@example.com"


def test_more_like_one_keeps_the_size_said_for_that_kind(assistant):
    sender = "dlg-22-more-like-size"
    [shorts] = assistant.respond(sender, "m1", "im a 30 in shorts. show me womens running shorts")[-1:]
    answers = assistant.respond(sender, "m2", "i like the 2nd one, got more like it in purple?")
    similar = [a for a in answers if a.products][-1]
    assert similar.products and shorts.products
    for view in similar.products:
        product = assistant.products[view.id]
        assert "30" in product.sizes and "Purple" in product.colors, (product.id, product.sizes, product.colors)


def test_does_it_come_longer_names_the_same_product_in_greater_measures(assistant):
    sender = "dlg-22-longer"
    [straps] = assistant.respond(sender, "l1", "whats the cheapest yoga strap")
    assert straps.products[0].title.endswith("6 foot")
    [answer] = assistant.respond(sender, "l2", "does it come longer?")
    assert "8 foot" in answer.text and "10 foot" in answer.text and "Longer" in answer.text
    [answer] = assistant.respond(sender, "l3", "does it come shorter?")
    assert "smallest" in answer.text and "8 foot" not in answer.text  # nothing shorter than the 6 foot


def test_why_an_order_is_looked_up_is_no_second_ask(assistant):
    sender = "dlg-not-arrived"
    assistant.respond(sender, "n1", "I'm looking for a new women's jacket for spring.")
    assistant.respond(sender, "n2", "Do any of them come in gray?")
    answers = assistant.respond(sender, "n3", "Before I forget, can you check on my order 1003? It hasn't arrived yet.")
    assert [a.start_order for a in answers] == ["1003"] and not any(a.products for a in answers)


def test_after_forget_it_a_removal_and_a_service_question_are_both_answered(assistant):
    sender = "dlg-22-forget-remove-ask"
    assistant.respond(sender, "f1", "womens hoodies under 50")
    assistant.respond(sender, "f2", "add the first one")
    answers = assistant.respond_after_cancel(sender, "f3",
                                             "hmm actually forget it, remove it. how long does delivery take anyway")
    assert assistant.store.cart(sender) == {}
    assert len(answers) == 2 and "business days" in answers[1].text


def test_never_mind_one_cart_item_then_just_the_other(assistant):
    sender = "dlg-never-mind-then"
    assistant.respond(sender, "g1", "fitness equipment under 15")
    assistant.respond(sender, "g2", "add the water bottle and the yoga brick")
    assert len(assistant.store.cart(sender)) == 2
    assistant.respond(sender, "g3", "Never mind the bottle then, just the brick.")
    assert [assistant.products[p].title for p in assistant.store.cart(sender)] == ["Sprite Foam Yoga Brick"]
    # the same words after Rasa's cancel rule heard "never mind"
    sender = "dlg-never-mind-then-cancel"
    assistant.respond(sender, "h1", "fitness equipment under 15")
    assistant.respond(sender, "h2", "add the water bottle and the yoga brick")
    assistant.respond_after_cancel(sender, "h3", "Never mind the bottle then, just the brick.")
    assert [assistant.products[p].title for p in assistant.store.cart(sender)] == ["Sprite Foam Yoga Brick"]


def test_why_an_order_is_looked_up_is_no_ask_beside_the_order_info(assistant):
    sender = "dlg-not-arrived-beside"
    assistant.respond(sender, "p1", "I'm looking for a new women's jacket for spring.")
    assert assistant.respond_beside_order_info(
        sender, "p2", "Before I forget, can you check on my order 1003? It hasn't arrived yet.") == []


def test_the_pricey_one_from_before_is_in_an_earlier_list(assistant):
    sender = "dlg-pricey-before"
    assistant.respond(sender, "w1", "womens watch")
    [dear] = assistant.respond(sender, "w2", "most exp first")
    assistant.respond(sender, "w3", "back to watches, under 50")
    assistant.respond(sender, "w4", "add the 2nd one")
    [added] = list(assistant.store.cart(sender))
    assistant.respond(sender, "w5", "and the pricey one from before")
    assert list(assistant.store.cart(sender)) == [added, dear.products[0].id]
    assistant.respond(sender, "w6", "hmm too much, remove the pricey one")
    assert list(assistant.store.cart(sender)) == [added]


def test_an_add_that_waits_on_the_answer(assistant):
    sender = "dlg-if-so"
    [shorts] = assistant.respond(sender, "i1", "womens running shorts")
    first = assistant.products[shorts.products[0].id]
    size = next(s for s in first.sizes if s.isdigit())
    colour = first.colors[0]
    answers = assistant.respond(sender, "i2",
                                f"does the first one come in {colour.lower()}? size {size} if so, add pls")
    assert answers[0].text.startswith("Yes") and list(assistant.store.cart(sender)) == [first.id]

    sender = "dlg-if-not"
    assistant.respond(sender, "j1", "womens running shorts")
    missing = next(c for c in ("Purple", "Orange", "Yellow", "Pink", "Brown") if c not in first.colors)
    answers = assistant.respond(sender, "j2",
                                f"does the first one come in {missing.lower()}? size {size} if so, add pls")
    assert answers[0].text.startswith("No") and assistant.store.cart(sender) == {}
    answers = assistant.respond(sender, "j3", "size 99 if so, add it")  # a size it does not come in
    assert assistant.store.cart(sender) == {}


def test_set23_a_sister_a_brother_two_pairs_and_what_about(assistant):
    sender = "dlg-23-siblings"
    [mens] = assistant.respond(sender, "s1", "For my brother, could you show me men's watches under $50?")
    [womens] = assistant.respond(sender, "s2", "For my sister, could you show me the women's watches, "
                                               "starting with the most expensive?")
    assert any(p.price > 50 for p in womens.products)  # the brother's budget is not hers
    [pair] = assistant.respond(sender, "s3", "Could you compare the two men's watches you showed me a moment ago?")
    assert all(p.title in pair.text for p in mens.products[:2])

    sender = "dlg-23-two-pairs"
    [pants] = assistant.respond(sender, "t1", "womens yoga pants")
    assistant.respond(sender, "t2", "add the first one")
    [bags] = assistant.respond(sender, "t3", "do you have any yoga bags?")
    assistant.respond(sender, "t4", "Please add the first bag, and actually make it two pairs of the yoga pants "
                                    "rather than one, as my sister is coming too.")
    assert assistant.store.cart(sender) == {pants.products[0].id: 2, bags.products[0].id: 1}

    sender = "dlg-23-what-about"
    assistant.respond(sender, "u1", "I wear a women's size M and I only ever wear black.")
    assistant.respond(sender, "u2", "Could you show me some workout tops?")
    [bottoms] = assistant.respond(sender, "u3", "What about leggings or yoga pants?")
    assert bottoms.products and all("Black" in assistant.products[p.id].colors for p in bottoms.products)


def test_an_order_number_that_has_not_arrived_is_a_look_up(assistant):
    decision = assistant.turns.first_turn("I placed order 1001 a while ago and it still hasn't arrived, so I'd be "
                                          "grateful if you could check on it for me.")
    assert (decision.scene, decision.act) == ("service", "order_status")
    [answer] = assistant.respond("dlg-23-late-1001", "o1", "I placed order 1001 a while ago and it still hasn't "
                                                            "arrived, so I'd be grateful if you could check on it.")
    assert answer.start_order == "1001" and not answer.products


def test_a_size_corrected_right_after_an_add_and_the_second_pair_of(assistant):
    sender = "dlg-23-size-after-add"
    [shorts] = assistant.respond(sender, "v1", "mens gym shorts gray")
    assistant.respond(sender, "v2", "add 1st 32 gray")
    [noted] = assistant.respond(sender, "v3", "actually 34 not 32")
    assert "34" in noted.text and not noted.products and assistant.store.preferences(sender)["size"] == "34"
    [pair] = assistant.respond(sender, "v4", "compare 1st n 2nd")
    assert all(p.title in pair.text for p in shorts.products[:2])  # the list on screen is still the one shown

    sender = "dlg-23-second-pair"
    [shorts] = assistant.respond(sender, "w1", "men's running shorts in gray")
    assistant.respond(sender, "w2", "Could you also show me women's yoga pants in black?")
    assistant.respond(sender, "w3", "I'll take the first pair of yoga pants in black, size 28, please.")
    assistant.respond(sender, "w4", "And the second pair of running shorts in gray, size 34.")
    assert shorts.products[1].id in assistant.store.cart(sender) and len(assistant.store.cart(sender)) == 2


def test_trouble_with_the_site_gets_an_apology_and_help_not_a_policy(assistant):
    sender = "dlg-site-trouble"
    for i, said in enumerate(["your website is so confusing, I can't find anything", "I can't find anything"]):
        [answer] = assistant.respond(sender, f"s{i}", said)
        assert answer.text.startswith("Sorry") and not answer.products, said
        assert "Warranty" not in answer.text and "Visa" not in answer.text, said


def test_a_correction_and_a_preference_in_one_message_are_one_list(assistant):
    sender = "dlg-correct-and-prefer"
    assistant.respond(sender, "c1", "hello, I want buy jacket for my husband, he wear size L")
    [answer] = assistant.respond(sender, "c2", "sorry no, he wear XL, not L. and he like black")
    assert answer.products and all("Jackets" in p.category for p in answer.products)
    assert all("XL" in p.sizes and "Black" in p.colors for p in answer.products)


def test_a_question_about_the_bots_name_is_about_the_bot(assistant):
    [answer] = assistant.respond("dlg-bot-name", "n1", "ok thanks I guess. do you have a name?")
    assert "virtual assistant" in answer.text and not answer.products
    [watches] = assistant.respond("dlg-bot-name", "n2", "do you have a name brand watch")
    assert watches.products  # "a name brand" is no question about the bot


def test_why_the_order_look_up_needs_the_email_is_answered(assistant):
    [answer] = assistant.respond("dlg-why-email", "w1", "why you need my email again? I gave everything when ordering")
    assert "only the person who placed it" in answer.text and "password" not in answer.text


def test_a_refinement_keeps_no_price_order_the_list_only_ran_in_by_chance(assistant):
    sender = "dlg-chance-order"
    assistant.respond(sender, "o1", "fyi I'm a guy and I wear L")
    assistant.respond(sender, "o2", "show me tank tpos")
    [blue] = assistant.respond(sender, "o3", "blue ones")
    assert "first" not in blue.text.split(":")[0]  # no "cheapest first" in the caption
    assistant.respond(sender, "o4", "cheapest womens tees")
    [narrowed] = assistant.respond(sender, "o5", "in blue?")
    prices = [p.price for p in narrowed.products]
    assert "cheapest first" in narrowed.text and prices == sorted(prices)


@pytest.mark.parametrize("said", [
    ("mens shorts in blue size 33", "first one material?", "ok put in cart, size 33, blue"),
    ("Could you show me women's yoga pants in black for under $50?",
     "Does the third pair come in a size 29, and what is it made of?",
     "Lovely. Please add that pair to my basket in black, size 29."),
])
def test_an_add_with_no_pointer_or_that_pair_takes_the_product_in_focus(assistant, said):
    sender = f"dlg-add-focus-{len(said[0])}"
    search, question, add = said
    assistant.respond(sender, "p1", search)
    [about] = assistant.respond(sender, "p2", question)
    [added] = assistant.respond(sender, "p3", add)
    assert added.text.startswith("Added") and about.products[0].title in added.text


def test_thanks_then_a_wish_is_read_as_the_wish():
    from recsys.assistant.turns import exact_reading
    from recsys.scene.detector import SceneDecision

    class Parsed:
        def __init__(self, text):
            self.filters = _filters(text)

    def _filters(text):
        from recsys.search.filters import Filters
        return Filters(colors=("Red",)) if "red" in text else Filters()

    class Parser:
        def parse(self, text):
            return Parsed(text)

    class Speller:
        def correct(self, text):
            return type("C", (), {"text": text})()

    thanks = SceneDecision("chitchat", "chitchat", {}, False, {}, act="thank")
    read = exact_reading(thanks, "thanks! back to the tees, only the red ones please", Parser(), Speller())
    assert (read.scene, read.act) == ("search", "refine")
    assert exact_reading(thanks, "thanks so much, bye", Parser(), Speller()).act == "thank"


def test_next_and_any_cheaper_keep_to_the_list_on_screen(assistant):
    sender = "dlg-next-cheaper"
    [tees] = assistant.respond(sender, "n1", "mens tees")
    [again] = assistant.respond(sender, "n2", "next")
    assert again.products and all("Tees" in assistant.products[p.id].category for p in again.products)
    from recsys.assistant.dialogue import reconcile
    assert reconcile("compare", "Any of those cheaper than the Orion?", True) == "cheaper"
    assert reconcile("compare", "which of those two is cheaper", True) == "compare"


def test_a_budget_said_with_who_it_is_for_limits_the_request(assistant):
    sender = "dlg-budget-context"
    answers = assistant.respond(sender, "b1", "Ok. I want buy a present for my mother, she do yoga. "
                                              "Maximum 40 dollars. A women yoga top maybe")
    shown = [p for a in answers for p in a.products]
    assert shown and all(p.price <= 40 for p in shown)


def test_set_25_first_play_fixes(assistant):
    from recsys.scene.cues import meant_size

    # "i never wear black" leaves black out
    [noted] = assistant.respond("dlg-never-black", "v1", "just so u know im a size XL and i never wear black")
    [jackets] = assistant.respond("dlg-never-black", "v2", "show me womens jackets")
    assert jackets.products and all("Black" not in assistant.products[p.id].colors for p in jackets.products)
    # a bare size fixed, with why said after it
    assert meant_size("no wait 36, im bigger than i thought lol") == "36"
    # "and colour black exist?" right after an answer about one product: that product
    sender = "dlg-colour-exist"
    assistant.respond(sender, "c1", "i search hodie for man, warm one")
    [about] = assistant.respond(sender, "c2", "the second, is wool? and it have size XL?")
    [black] = assistant.respond(sender, "c3", "and colour black exist?")
    assert black.text.startswith("Yes") and about.products[0].title in black.text
    # ... but a budget or "anything" is a search
    [cheaper] = assistant.respond(sender, "c5", "anything under 55 in green?")
    assert cheaper.products and all(p.price <= 55 for p in cheaper.products)
    assistant.respond(sender, "c6", "the second, is wool? and it have size XL?")
    # a part the catalog text does not name is said so, not a description
    [pump] = assistant.respond(sender, "c4", "does it come with a pump?")
    assert "doesn't mention a pump" in pump.text


def test_set_26_product_features_measures_and_what_comes_with_it(assistant):
    sender = "dlg-s26-features"
    assistant.respond(sender, "f1", "bag for a weekend away")
    assistant.respond(sender, "f2", "not leather")
    # a kind and an order in one message: one list, the kind by its titles, "not leather" still holds
    [duffles] = assistant.respond(sender, "f3", "duffles only. cheapest first")
    titles = [assistant.products[p.id].title for p in duffles.products]
    assert titles and all("Duffle" in t for t in titles)
    assert all("leather" not in assistant.products[p.id].attributes.get("material", "").lower()
               for p in duffles.products)
    assert [p.price for p in duffles.products] == sorted(p.price for p in duffles.products)
    # a feature and the measures, answered from the listing, in the order asked
    [about] = assistant.respond(sender, "f4", "1st one - dimensions? waterproof?")
    assert not about.products or len(about.products) == 1
    assert '29"' in about.text and "waterproof" in about.text.lower()
    assert about.text.index('29"') < about.text.lower().index("waterproof")
    # "does the X lock" names a feature; a listing that does not say so is not promised
    [lock] = assistant.respond(sender, "f5", "does the overnight duffle lock")
    assert "lockable" in lock.text.lower() and "Overnight Duffle" in lock.text
    # "does the endurance one come with anything": what the description says comes with it
    watches = "dlg-s26-watch"
    assistant.respond(watches, "w1", "mens watches under 50")
    [extras] = assistant.respond(watches, "w2", "does the endurance one come with anything")
    assert "case" in extras.text and not (extras.products and len(extras.products) > 1)
    # "how big is the roller": its measures, not "one size"
    roller = "dlg-s26-roller"
    assistant.respond(roller, "r1", "foam roller")
    [big] = assistant.respond(roller, "r2", "how big is the roller")
    assert "12" in big.text and "one size" not in big.text


def test_set_26_lists_kinds_genders_and_sizes_as_said(assistant):
    # "backpack for school": backpacks, not every bag; "which one is most cheap?" of those
    sender = "dlg-s26-backpack"
    [ideas] = assistant.respond(sender, "b1", "sorry my english is not so good. backpack for school, for my son")
    assert ideas.products and all("Backpack" in assistant.products[p.id].title for p in ideas.products)
    [cheapest] = assistant.respond(sender, "b2", "which one is most cheap?")
    assert cheapest.text.startswith(f"The cheapest is the {cheapest.products[0].title}")
    assert all("Backpack" in assistant.products[p.id].title for p in cheapest.products)
    assert [p.price for p in cheapest.products] == sorted(p.price for p in cheapest.products)
    # "no backpacks", then "under 40 pls": still no backpacks
    sender = "dlg-s26-no-backpacks"
    assistant.respond(sender, "n1", "need a bag for the gym, no backpacks")
    [under] = assistant.respond(sender, "n2", "under 40 pls")
    assert under.products and not any("Backpack" in assistant.products[p.id].title for p in under.products)
    # a product named by its title: that gender's products, so "cheaper?" stays men's
    sender = "dlg-s26-lando"
    [lando] = assistant.respond(sender, "l1", "lando gym jakcet")
    assert lando.products[0].title == "Lando Gym Jacket"
    [cheaper] = assistant.respond(sender, "l2", "cheaper?")
    assert cheaper.products and all(assistant.products[p.id].gender in ("Men", "Unisex") for p in cheaper.products)
    # "he does yoga": men's pants
    [pants] = assistant.respond("dlg-s26-he", "h1", "buying a gift for a coworker, he does yoga. pants maybe?")
    assert pants.products and all(assistant.products[p.id].gender in ("Men", "Unisex") for p in pants.products)
    # "he wont wear anything yellow" leaves yellow out of the next search
    sender = "dlg-s26-no-yellow"
    assistant.respond(sender, "y1", "shopping for my son (14). hes skinny, an XS, and he wont wear anything yellow")
    [tees] = assistant.respond(sender, "y2", "gym tshirts for him")
    assert tees.products and all("Yellow" not in assistant.products[p.id].colors for p in tees.products)
    # "purple ones in a 32?": size 32
    sender = "dlg-s26-in-a-32"
    assistant.respond(sender, "s1", "womens running shorts")
    [shorts] = assistant.respond(sender, "s2", "purple ones in a 32?")
    assert shorts.products and all("32" in assistant.products[p.id].sizes for p in shorts.products)


def test_set_26_cart_lines_keep_the_size_and_colour_chosen(assistant):
    sender = "dlg-s26-cart"
    assistant.respond(sender, "c1", "gym tshirts for men")
    [shown] = assistant.respond(sender, "c2", "cheapest first")
    first, second = shown.products[0], shown.products[1]
    [added] = assistant.respond(sender, "c3", "2nd one, XS, blue")
    assert f"{second.title} (XS, blue)" in added.text
    assert {"id": second.id, "size": "XS", "color": "Blue"}.items() <= added.card["items"][0].items()
    [both] = assistant.respond(sender, "c4", "and the 1st too, XS black")
    assert [i["id"] for i in both.card["items"]] == [second.id, first.id]
    # "remove the blue one": the line chosen in blue, not whichever list product is blue
    [removed] = assistant.respond(sender, "c5", "remove the blue one")
    assert [i["id"] for i in removed.card["items"]] == [first.id]
    # the longer of two compared straps
    sender = "dlg-s26-longer"
    assistant.respond(sender, "s1", "yoga stuff under 20 bucks?")
    assistant.respond(sender, "s2", "just the straps, cheapest first")
    assistant.respond(sender, "s3", "compare them")
    [longer] = assistant.respond(sender, "s4", "add the longer one")
    assert [i["title"] for i in longer.card["items"]] == ["Sprite Yoga Strap 8 foot"]


def test_set_26_exchange_asked_ahead_and_a_cross_list_comparison(assistant):
    sender = "dlg-s26-exchange"
    assistant.respond(sender, "e1", "womens tanks in L")
    [policy] = assistant.respond(sender, "e2", "If size is wrong, she can change?")
    assert "exchange" in policy.text and not policy.products
    sender = "dlg-s26-compare"
    [tees] = assistant.respond(sender, "x1", "womens tees in blue")
    [tanks] = assistant.respond(sender, "x2", "and mens tanks, also blue")
    [compared] = assistant.respond(sender, "x3", "how does the 2nd tank compare to the 1st tee")
    assert tanks.products[1].title in compared.text and tees.products[0].title in compared.text


def test_v12_replay_follow_ups(assistant):
    from recsys.scene.cues import CANCEL
    from recsys.search.shorthand import expand

    # "What do you have?" after the need: one list, not ideas and then a second search
    answers = assistant.respond("dlg-v12-ball", "b1",
                                "My father's physiotherapist told him to get an exercise ball. What do you have?")
    assert len(answers) == 1 and answers[0].products
    # "... the 75 cm one. Could you show me those?": a list, not an answer about one ball
    [those] = assistant.respond("dlg-v12-ball", "b2",
                                "He's about six foot, so I think he needs the 75 cm one. Could you show me those?")
    assert those.products and all("75 cm" in p.title for p in those.products)
    # "add 2" alone is the second product; "add 2 of them" stays a count
    assert expand("add 2") == "add the second one" and expand("ok add 3 pls") == "ok add the third one please"
    assert expand("add 2 of them") == "add 2 of them"
    # "ok add josie in black, size S": the shown Josie, without "the"
    sender = "dlg-v12-josie"
    assistant.respond(sender, "j1", "show me womens jackets, cheapest first")
    [added] = assistant.respond(sender, "j2", "ok add josie in black, size S")
    assert [i["title"] for i in added.card["items"]] == ["Josie Yoga Jacket"]
    assert added.card["items"][0]["size"] == "S" and added.card["items"][0]["color"] == "Black"
    # "how long do i have to send it back" asks the policy's limit; no look-up starts
    [limit] = assistant.respond("dlg-v12-limit", "l1", "how long do i have to send it back tho")
    assert "30 days" in limit.text and limit.start_order is None
    # "On second thought, please forget it" is a cancel
    assert CANCEL.search("On second thought, please forget it; I've just found the confirmation email")


def test_a_wish_said_twice_is_one_list_beside_the_other_ask(assistant):
    text = ("I'll also need running shorts. Could you show me some men's shorts, and tell me whether I can pay with "
            "PayPal?")
    assert split_asks(text)[0] == "I'll need running shorts."  # "I'll" alone is no ask
    answers = assistant.respond("dlg-wish-twice", "w1", text)
    assert len(answers) == 2 and answers[0].products and "PayPal" in answers[1].text
    assert all(assistant.products[p.id].gender in ("Men", "Unisex") for p in answers[0].products)


def test_set_27_cart_edits_features_and_an_earlier_comparison(assistant):
    from recsys.search.shorthand import expand

    sender = "dlg-s27-cart"
    assistant.respond(sender, "c1", "show me mens black tees")
    [two] = assistant.respond(sender, "c2", "add the first two in M black")
    first, second = [i["id"] for i in two.card["items"]]
    # a cart line's size changed by its position
    [resized] = assistant.respond(sender, "c3", "wait make the second one size L not M")
    assert [(i["id"], i["size"]) for i in resized.card["items"]] == [(first, "M"), (second, "L")]
    assistant.respond(sender, "c4", "show me mens black tees in L")
    # "the second tee" not in the cart from the newest list: the cart's second tee
    [removed] = assistant.respond(sender, "c5", "remove the second tee")
    assert [i["id"] for i in removed.card["items"]] == [first]
    [cleared] = assistant.respond_after_cancel(sender, "c6", "nvm forget it, clear everything")
    assert cleared.card["items"] == []
    assert expand("ad it in M blue") == "add it in M blue"
    # a part the listing may name, asked as "does it have a ..."
    assistant.respond("dlg-s27-watch", "w1", "womens watches")
    [stopwatch] = assistant.respond("dlg-s27-watch", "w2", "does the first have a stopwatch")
    assert "stopwatch" in stopwatch.text
    # "compare it with the first tee from before": the product in focus and that earlier one
    sender = "dlg-s27-before"
    [tees] = assistant.respond(sender, "b1", "womens tshirts under 30")
    assistant.respond(sender, "b2", "more like the first one but in yellow")
    assistant.respond(sender, "b3", "what material is the second")
    [compared] = assistant.respond(sender, "b4", "compare it with the first tee from before")
    assert tees.products[0].title in compared.text


def test_like_it_in_a_colour_only_it_comes_in_and_a_wrong_item_received(assistant):
    # the Frankie Sweatshirt is the only men's hoodie in yellow
    sender = "dlg-itself-yellow"
    assistant.respond(sender, "y1", "frankie sweatshirt")
    [like] = assistant.respond(sender, "y2", "got anything like the frankie but in yellow? for men")
    assert [p.title for p in like.products] == ["Frankie  Sweatshirt"] and "itself" in like.text
    # a wrong item received names a kind, yet is the shopper's order: what returns allow, no list
    [wrong] = assistant.respond("dlg-wrong-item", "w1", "i ordered a grey hoody and got an orange one -_-")
    assert not wrong.products and "exchange" in wrong.text


def test_checkout_and_a_question_about_a_kind_not_on_screen(assistant):
    # "chekout how" is small talk to the turn model: the cart, what delivery adds, how to check out
    sender = "dlg-checkout"
    [empty] = assistant.respond(sender, "k1", "chekout how")
    assert "empty" in empty.text and "Checkout" in empty.text
    assistant.respond(sender, "k2", "mens rain jackets")
    assistant.respond(sender, "k3", "add the first in M")
    [how] = assistant.respond(sender, "k4", "how do i check out?")
    assert "Your cart (1 item" in how.text and "Standard delivery" in how.text and "Checkout" in how.text
    [looked] = assistant.respond(sender, "k5", "check out these hoodies")  # a look, not the checkout
    assert looked.products and "Checkout" not in looked.text
    # a question about a kind of gear none of which is on screen: those found, each answered
    sender = "dlg-kind-question"
    assistant.respond(sender, "q1", "yoga straps")
    [balls] = assistant.respond(sender, "q2", "does the stability ball come with a pump?")
    titles = [assistant.products[v.id].title for v in balls.products]
    assert any("Stasis Ball" in t for t in titles) and "Hand pump included" in balls.text
    # with several of that kind on screen: each of them, no new list
    [pump] = assistant.respond(sender, "q3", "does the exercise ball come with a pump?")
    assert not pump.products and pump.text.count("Stasis Ball") >= 2


def test_set28_adds_by_title_count_and_from_an_earlier_list(assistant):
    # products named by their whole titles, none on screen: both added
    sender = "dlg-s28-titles"
    [added] = assistant.respond(sender, "t1", "Put the Summit Watch and the Crown Summit Backpack in my cart, "
                                              "they're for my son")
    assert [i["id"] for i in added.card["items"]] == ["24-MG03", "24-MB03"]
    # "add 10 of the first one", "and 5 of the second one in L": that many
    sender = "dlg-s28-count"
    [tanks] = assistant.respond(sender, "c1", "mens tank tops between $20 and $30")
    first, second = tanks.products[0].id, tanks.products[1].id
    assistant.respond(sender, "c2", "add 10 of the first one in M")
    [more] = assistant.respond(sender, "c3", "and 5 of the second one in L")
    assert [(i["id"], i["quantity"]) for i in more.card["items"]] == [(first, 10), (second, 5)]
    # back to an earlier list by its kind, a pick in a size; the put-off clause before it asks nothing
    sender = "dlg-s28-back"
    [hoodies] = assistant.respond(sender, "b1", "show me men's hoodies")
    assistant.respond(sender, "b2", "my husband needs a gym bag, what bags do you have?")
    answers = assistant.respond(sender, "b3", "hmm maybe later for him. ok back to the hoodie for my son — "
                                              "the second one, size L. any colour's fine, he's not fussy")
    assert len(answers) == 1 and [i["id"] for i in answers[0].card["items"]] == [hoodies.products[1].id]


def test_set28_context_clauses_ask_nothing(assistant):
    sender = "dlg-s28-context"
    [watches] = assistant.respond(sender, "w1", "show me women's watches")
    # "she's allergic to some straps" says why the question is asked: no search for straps
    answers = assistant.respond(sender, "w2", "what is the first one made of? she's allergic to some straps")
    assert len(answers) == 1 and not answers[0].products or answers[0].list_kind == "focus"
    assert watches.products[0].title in answers[0].text
    # "The colour is not important." beside a pick: no list again
    answers = assistant.respond(sender, "w3", "Good, I take the second one. The colour is not important.")
    assert len(answers) == 1 and answers[0].card and answers[0].card["items"]
    # "Vielen Dank" is no "tank"
    assert assistant.respond(sender, "w4", "Vielen Dank! Very kind.") == []
    # a whole message a look-up takes: the gift note beside the order number asks for no ideas
    assert assistant.respond_beside_order_info(sender, "w5", "Where is my order 1003? It's a gift for my mum "
                                                             "and I'm getting nervous") == []


def test_an_order_status_word_asked_about_after_a_look_up(assistant):
    sender = "dlg-status-meaning"
    before = assistant.respond(sender, "s0", "closed?? what does that mean")  # no order looked up: no meaning
    assert not any("refunded" in a.text for a in before)
    assistant.order_answer(sender, "1002", "roni_cost@example.com")
    [meaning] = assistant.respond(sender, "s1", "closed?? what does that mean")
    assert meaning.kind == "service" and "refunded" in meaning.text
    # a part of the product in focus is no new search for that kind of gear
    assistant.respond(sender, "s2", "joust duffle bag")
    assistant.respond(sender, "s3", "is the first one waterproof")
    [strap] = assistant.respond(sender, "s4", "does the strap adjust")
    assert not strap.products or strap.list_kind == "focus"
    assert "Joust Duffle Bag" in strap.text and "Adjustable shoulder strap" in strap.text


def test_how_to_pay_is_no_checkout_and_no_cart():
    # "pay for my order in installments" asks how to pay; "pay for my cart with paypal?" too
    assert reconcile("payment", "Can I pay for my order in installments?", True) == "payment"
    assert reconcile("show_cart", "can i pay for my cart with paypal?", False) == "payment"
    assert reconcile("out_of_scope", "chekout how", False) == "checkout"
    assert reconcile("search_product", "check out these hoodies", False) != "checkout"


def test_set29_picks_prices_in_words_and_colour_changes(assistant):
    from recsys.scene.cues import with_exact_act
    from recsys.scene.detector import SceneDecision

    # "ok ill take the endeavor" read as thanks: Rasa would answer "you're welcome"; the words pick
    heard = SceneDecision("chitchat", "chitchat", {}, False, act="thank")
    assert with_exact_act(heard, "ok ill take the endeavor").act == "add_to_cart"
    assert with_exact_act(heard, "thanks, I'll take a look later").act == "thank"
    sender = "dlg-s29-cheapest"
    assistant.respond(sender, "j1", "men's jackets under $55")
    [added] = assistant.respond(sender, "j2", "I'll take the cheapest jacket in size L, in red.")
    cheapest = min((p for p in assistant.products.values() if p.category_leaf == "Jackets" and p.gender == "Men"
                    and p.price <= 55 and "Red" in p.colors and "L" in p.sizes), key=lambda p: p.price)
    assert [(i["id"], i["size"], i["color"]) for i in added.card["items"]] == [(cheapest.id, "L", "Red")]
    [recoloured] = assistant.respond(sender, "j3", "Actually, let me change that to orange.")
    assert recoloured.card["items"][0]["color"] == "Orange" and not recoloured.products
    # "and a foam brick" beside a pick from the list: both
    sender = "dlg-s29-and-a"
    assistant.respond(sender, "s1", "yoga straps")
    [both] = assistant.respond(sender, "s2", "ok add the 8 foot one and a foam brick")
    assert [i["title"] for i in both.card["items"]] == ["Sprite Yoga Strap 8 foot", "Sprite Foam Yoga Brick"]


def test_set29_prices_said_in_words_and_typed_loosely(assistant):
    parse = assistant.shop.parser.parse
    assert parse("Of those, which ones are under sixty dollars?").filters.max_price == 60
    assert parse("somthing cheaper then 50 dolars").filters.max_price == 50
    assert parse("between forty and sixty").filters.min_price == 40
    assert parse("I have twenty minutes").filters.max_price is None


def test_set29_cart_by_price_named_bounds_and_kinds_kept(assistant):
    sender = "dlg-s29-watches"
    assistant.respond(sender, "w1", "watches for men under 60")
    assistant.respond(sender, "w2", "add the Aim one")
    assistant.respond(sender, "w3", "and the Cruise one too")
    [removed] = assistant.respond(sender, "w4", "hmm no, take out the cheaper watch")
    assert [i["title"] for i in removed.card["items"]] == ["Cruise Dual Analog Watch"]
    # "anything cheaper than the Montana?": below the Montana, not below the dearest on screen
    sender = "dlg-s29-montana"
    assistant.respond(sender, "m1", "men's jackets between $40 and $60")
    [cheaper] = assistant.respond(sender, "m2", "Anything cheaper than the Montana?")
    assert cheaper.products and all(assistant.products[v.id].price < 49 for v in cheaper.products)
    # a sort of three messenger bags keeps to messenger bags; "add X and show me Y" is two asks
    sender = "dlg-s29-messenger"
    assistant.respond(sender, "b1", "need a messenger bag")
    [ordered] = assistant.respond(sender, "b2", "sort those by price low to high")
    assert ordered.products and all("Messenger" in assistant.products[v.id].title for v in ordered.products)
    added, watches = assistant.respond(sender, "b3", "add the wayfarer and show me mens watches under 50")
    assert added.card["items"][0]["title"] == "Wayfarer Messenger Bag"
    assert watches.products and all(assistant.products[v.id].category_leaf == "Watches" for v in watches.products)


def test_set29_return_start_and_a_preference_to_keep_in_mind(assistant):
    [start] = assistant.respond("dlg-s29-return", "r1", "i want return it please")
    assert start.start_order == ""  # the order look-up asks the number
    [noted] = assistant.respond("dlg-s29-keep", "k1", "Just so you know, I'm a size M and I only wear black. "
                                                      "Please keep that in mind.")
    assert not noted.products and "black" in noted.text.lower()


def test_sets30_32_picks_by_name_without_a_verb(assistant):
    sender = "dlg-s30-iris"
    assistant.respond(sender, "i1", "looking for tees for my girlfriend, size M, green")
    assistant.respond(sender, "i2", "only under 30 pls")
    [added] = assistant.respond(sender, "i3", "the iris then, green M")
    assert [(i["title"], i["size"], i["color"]) for i in added.card["items"]] == [("Iris Workout Top", "M", "Green")]
    # a question about the same product is no pick
    assistant.respond(sender, "i4", "the gabrielle one in green?")
    assert [assistant.products[p].title for p in assistant.store.cart(sender)] == ["Iris Workout Top"]
    # a whole title said is that product, over "it" and the product in focus
    sender = "dlg-s30-titles"
    assistant.respond(sender, "t1", "a foam roller for my partner")
    assistant.respond(sender, "t2", "add the roller")
    [strap] = assistant.respond(sender, "t3", "and the Sprite Yoga Strap 8 foot as well pls")
    assert [i["title"] for i in strap.card["items"]] == ["Sprite Foam Roller", "Sprite Yoga Strap 8 foot"]


def test_sets30_32_one_more_after_an_add_and_a_new_ask(assistant):
    sender = "dlg-s31-one-more"
    assistant.respond(sender, "o1", "yoga straps")
    assistant.respond(sender, "o2", "add the 8 foot one")
    [more] = assistant.respond(sender, "o3", "and a foam roller")
    assert [i["title"] for i in more.card["items"]] == ["Sprite Yoga Strap 8 foot", "Sprite Foam Roller"]
    [listed] = assistant.respond(sender, "o4", "also a water bottle")  # a new ask: shown, not put in
    assert [v.title for v in listed.products] == ["Affirm Water Bottle"]
    assert set(assistant.store.cart(sender)) == {p.id for p in assistant.products.values()
                                                 if p.title in ("Sprite Yoga Strap 8 foot", "Sprite Foam Roller")}


def test_sets30_32_colour_variants_sold_as_their_own_products(assistant):
    sender = "dlg-s29-ball"
    assistant.respond(sender, "b1", "do u sell stability balls")
    [answer] = assistant.respond(sender, "b2", "the 65 one in blu, how much")
    assert answer.text.startswith("Yes, the Sprite Stasis Ball 65 cm comes in blue")
    assistant.respond(sender, "b3", "ad it to cart")
    [(pid, _)] = assistant.store.cart(sender).items()
    assert assistant.products[pid].title == "Sprite Stasis Ball 65 cm" and assistant.products[pid].colors == ("Blue",)


def test_sets30_32_questions_the_listing_answers_in_its_sentences(assistant):
    sender = "dlg-s31-listing"
    [kit] = assistant.respond(sender, "q1", "whats actually included in the Harmony strength band kit?")
    assert "Three flex bands" in kit.text
    [band] = assistant.respond(sender, "q2", "and how far does the Quest Lumaflex band adjust")
    assert "Quest" in band.text and "55" in band.text
    [strap] = assistant.respond(sender, "q3", "does the joust have a shoulder strap or just handles")
    assert "shoulder strap" in strap.text.lower()
    sender = "dlg-s30-warm"
    assistant.respond(sender, "w1", "mens hoodies")
    [warm] = assistant.respond(sender, "w2", "is the first one warm?? im always freezing")
    first = assistant.store.recent_lists(sender)[1].product_ids[0]
    assert assistant.products[first].title in warm.text and "warm" in warm.text.lower()


def test_sets30_32_what_the_shop_sells_and_wishes_kept(assistant):
    [sells] = assistant.respond("dlg-s32-sells", "s1", "first time here. what kind of stuff do you actually sell?")
    assert "Jackets" in sells.text and "Watches" in sells.text and not sells.products
    assistant.respond("dlg-s32-narrow", "n1", "womens jackets")
    [narrowed] = assistant.respond("dlg-s32-narrow", "n2", "what do you have between 50 and 70?")
    assert narrowed.products and all(50 <= assistant.products[v.id].price <= 70 for v in narrowed.products)
    [kept] = assistant.respond("dlg-s30-husband", "h1",
                               "my husband wears a 36 and only likes gray, can u keep that in mind")
    assert not kept.products and "36" in kept.text and "gray" in kept.text.lower()
    parse = assistant.shop.parser.parse
    assert parse("he's sick of blue").filters.exclude_colors == ("Blue",)
    assert not parse("budget is tight this month").filters.categories


def _cart_titles(assistant, sender):
    return sorted(assistant.products[p].title for p in assistant.store.cart(sender))


def test_sets32_33_adds_across_lists_and_picks_after_a_question(assistant):
    sender = "dlg-s32-two-lists"
    assistant.respond(sender, "a1", "I am woman, size 28 for pants, and please nothing black")
    assistant.respond(sender, "a2", "I search yoga things, the block and the strap. I am beginner")
    assistant.respond(sender, "a3", "how much cost the strap of 8 foot?")
    assistant.respond(sender, "a4", "ok I take the brick and the 8 foot strap")  # one from each list
    assert _cart_titles(assistant, sender) == ["Sprite Foam Yoga Brick", "Sprite Yoga Strap 8 foot"]
    # "great, one in gray, 34 please" right after "is there a gray one?": that product, in gray 34
    sender = "dlg-s32-one-in"
    assistant.respond(sender, "b1", "mens gym shorts, 34 waist, under 30 bucks")
    assistant.respond(sender, "b2", "the pierce gym short - is there a gray one?")
    [added] = assistant.respond(sender, "b3", "great, one in gray, 34 please")
    assert [(i["title"], i["size"], i["color"]) for i in added.card["items"]] == [("Pierce Gym Short", "34", "Gray")]
    # "S, black" right after an add: that line in that size and colour
    sender = "dlg-s33-values"
    assistant.respond(sender, "c1", "womens tees under 25")
    assistant.respond(sender, "c2", "ill take the second")
    [done] = assistant.respond(sender, "c3", "S, black")
    assert [(i["size"], i["color"]) for i in done.card["items"]] == [("S", "Black")]
    # "take the 2nd back out, just the top one": the top one stays
    sender = "dlg-s33-keep"
    assistant.respond(sender, "d1", "gym bag under 40?")
    assistant.respond(sender, "d2", "sort by price, most expensive on top")
    assistant.respond(sender, "d3", "ok throw the 2nd in my cart")
    assistant.respond(sender, "d4", "hmm and the top one too")
    assistant.respond(sender, "d5", "nah take the 2nd back out, just the top one")
    assert _cart_titles(assistant, sender) == ["Crown Summit Backpack"]


def test_sets32_33_names_said_loosely(assistant):
    sender = "dlg-s32-names"
    assistant.respond(sender, "n1", "womens yoga pants under 50")
    [both] = assistant.respond(sender, "n2", "what is the difference, Emma and Sylvia?")  # names without "the"
    assert "Emma Leggings" in both.text and "Sylvia Capri" in both.text and "Portia" not in both.text
    assistant.respond(sender, "n3", "Emma in blue, 28, gracias")  # a pick, thanked in Spanish
    assert _cart_titles(assistant, sender) == ["Emma Leggings"]
    sender = "dlg-s33-ana"
    assistant.respond(sender, "m1", "womens shorts in white")
    assistant.respond(sender, "m2", "the ana one, white 29")  # a three-letter name
    assert _cart_titles(assistant, sender) == ["Ana Running Short"]
    sender = "dlg-s32-typo"
    assistant.respond(sender, "t1", "how much is the jupiter all weather trainer")
    assistant.respond(sender, "t2", "and the kenobi?")
    assistant.respond(sender, "t3", "compare them")
    assistant.respond(sender, "t4", "ok the jupitr, L, blue")  # a misspelt name in a pick
    assert _cart_titles(assistant, sender) == ["Jupiter All-Weather Trainer"]
    [recoloured] = assistant.respond(sender, "t5", "oh wait, green not blue")
    assert [i["color"] for i in recoloured.card["items"]] == ["Green"]


def test_sets32_33_what_is_asked_and_what_is_only_said(assistant):
    # a kind asked for someone, with preferences in the same message: a search, keeping them
    sender = "dlg-s32-for-me"
    [shorts] = assistant.respond(sender, "f1", "running shorts for me, women's. I'm always a 30 and I don't wear black")
    assert shorts.products and all(p.category.endswith("Shorts") and "Black" not in p.colors for p in shorts.products)
    # why the ask ("I want it matching") is no second ask: the purple ones, nothing else
    sender = "dlg-s32-matching"
    assistant.respond(sender, "p1", "womens leggings in 29")
    answers = assistant.respond(sender, "p2", "any purple ones? I want it matching")
    assert len(answers) == 1 and answers[0].products and all("Purple" in p.colors for p in answers[0].products)
    # away for a moment: nothing shown
    sender = "dlg-s33-brb"
    assistant.respond(sender, "w1", "mens tees")
    assert not any(a.products for a in assistant.respond(sender, "w2", "brb match starting"))
    # a size corrected after an apology in German is no other language
    sender = "dlg-s32-german"
    assistant.respond(sender, "g1", "mens shorts size 36")
    [fixed] = assistant.respond(sender, "g2", "entschuldigung, 34 not 36")
    assert fixed.products and all("34" in p.sizes for p in fixed.products)


def test_sets33_material_kept_and_gender_corrected(assistant):
    sender = "dlg-s33-wool"
    [noted] = assistant.respond(sender, "w1", "before i forget: no wool for me, makes me itch like crazy")
    assert "no wool" in noted.text and not noted.products
    [hoodies] = assistant.respond(sender, "w2", "mens hoodies")
    assert hoodies.products and not any("wool" in (assistant.products[p.id].attributes.get("material") or "").lower()
                                        for p in hoodies.products)
    sender = "dlg-s33-gender"
    assistant.respond(sender, "g1", "rain jacket for my bf, what do u have")
    [women] = assistant.respond(sender, "g2", "wait no its for me lol. womens")
    assert women.products and all(p.gender == "Women" for p in women.products)


def test_sets32_33_a_kind_the_shop_does_not_sell_is_said(assistant):
    sender = "dlg-s32-shoes"
    assistant.respond(sender, "s1", "hey, just so you know: I'm a men's M and I don't like black stuff")
    [shoes] = assistant.respond(sender, "s2", "I started runing. do you have runing shoes?")
    assert "don't sell shoes" in shoes.text and not shoes.products
    [tees] = assistant.respond(sender, "s3", "ok, a running tee then")
    assert tees.products and all(p.category.endswith("Tees") for p in tees.products)
    [bags] = assistant.respond(sender, "s4", "a bag for my laptop")  # a kind sold, for a thing not sold
    assert bags.products and all("Bags" in p.category for p in bags.products)
    [carry] = assistant.respond("dlg-s34-mat-bag", "m1", "do you have bags to carry a yoga mat?")
    assert carry.products and all("Bags" in p.category for p in carry.products)
    [mats] = assistant.respond("dlg-s34-mats", "m1", "Do you sell yoga mats?")  # no product is a mat
    assert "don't sell" in mats.text and "mats" in mats.text and not mats.products
    [joggers] = assistant.respond("dlg-s34-joggers", "m1", "joggers?")  # sold, as jogging pants
    assert joggers.products and all("Pants" in p.category for p in joggers.products)


def test_set34_volume_two_service_asks_and_a_detour_let_go(assistant):
    sender = "dlg-s34-travel"
    assistant.respond(sender, "t1", "show me backpacks")
    [litres] = assistant.respond(sender, "t2", "The Crown Summit, how many litres is it?")
    assert "29 L" in litres.text  # the volume, not only the height
    express, paypal = assistant.respond(sender, "t3", "cheers. how much is express, and can i pay with paypal")
    assert "$15" in express.text and "PayPal" in paypal.text
    # "last month" is no pointer at the last backpack; "a hoodie" is no backpack on screen
    [sister] = assistant.respond(sender, "t4", "Also, my sister ordered here last month and want to return a hoodie. "
                                               "How she can do it?")
    assert "30 days" in sister.text and "Backpack" not in sister.text
    [let_go] = assistant.respond(sender, "t5", "Ah, forget it, she will do it by herself from her account.")
    assert let_go.text.startswith("Okay!") and "password" not in let_go.text


def test_set34_recipient_prizes_named_products_and_remarks_on_the_total(assistant):
    sender = "dlg-s34-grandson"
    assert assistant.respond(sender, "g1", "Good afternoon. I am buying a present for my grandson, who is 19 and mad "
                                           "about football. I am not very good with these websites.") == []
    [warm] = assistant.respond(sender, "g2", "Perhaps something warm for standing on the touchline in winter?")
    assert warm.products and all(p.gender in ("Men", "Unisex") for p in warm.products)  # said as small talk, kept
    [typhon] = assistant.respond(sender, "g3", "My daughter mentioned the Typhon jacket. Could you tell me about it?")
    assert typhon.text.startswith("The Typhon") and [p.id for p in typhon.products] == ["MJ11"]
    [prizes] = assistant.respond("dlg-s34-prizes", "p1", "Hello, I'm a PE teacher looking for ideas for small "
                                                        "end-of-year prizes for my class. Something under fifteen "
                                                        "dollars each.")
    assert prizes.products and all(p.price <= 15 for p in prizes.products)  # one list, the budget in words kept
    [trophies] = assistant.respond("dlg-s34-prizes", "p2", "One more thought: do you sell medals or trophies?")
    assert "don't sell trophies" in trophies.text and not trophies.products
    sender = "dlg-s34-kit"
    assistant.respond(sender, "k1", "show me all the equipment, from cheap to expensive")
    [kit] = assistant.respond(sender, "k2", "The band kit: what is inside, and it is ok for a beginner?")
    assert "Band Kit" in kit.text and "Three flex bands" in kit.text  # named first, so "it" is the kit
    [rope] = assistant.respond(sender, "k3", "Ok then add also the jump rope, so it is more than 50")
    assert rope.text.startswith("Added the Zing Jump Rope") and not rope.products
    [roller] = assistant.respond(sender, "k4", "and a foam roller, that should get me over 100 right")
    assert roller.text.startswith("Added the Sprite Foam Roller")


def test_set34_side_by_side_a_named_product_asked_about_and_a_bare_size(assistant):
    sender = "dlg-s34-sbs"
    assistant.respond(sender, "s1", "womens red tees size M")
    [compared] = assistant.respond(sender, "s2", "Could you put the first and the last side by side for me?")
    assert compared.text.startswith("Side by side") and not assistant.store.cart(sender)
    sender = "dlg-s34-zoe"
    assistant.respond(sender, "z1", "yellow bras and tanks under 30")
    [zoe] = assistant.respond(sender, "z2", "ooh the zoe tank. does it have the built in bra thing")
    assert zoe.text.startswith("The Zoe Tank") and "bra" in zoe.text
    [added] = assistant.respond(sender, "z3", "add it S yellow")
    assert "Zoe Tank (S, yellow)" in added.text


def test_set32_typos_names_without_the_and_a_learners_take(assistant):
    sender = "dlg-s32-bruno"
    assistant.respond(sender, "b1", "mens blue hoodies under 65")
    [compared] = assistant.respond(sender, "b2", "wat is the diffrence between bruno and mach street")
    assert "Bruno Compete Hoodie" in compared.text and "Mach Street Sweatshirt" in compared.text
    [material] = assistant.respond(sender, "b3", "brunos materail?")
    assert material.text.startswith("The Bruno Compete Hoodie is made of") and "cotton" in material.text
    assistant.respond(sender, "b4", "ad bruno blue size s to cart")
    [bottle] = assistant.respond(sender, "b5", "also add a watr bottle plz")
    assert bottle.text.startswith("Added the Affirm Water Bottle")
    [total] = assistant.respond(sender, "b6", "totl?")
    assert "$70.00" in total.text and not total.products
    sender = "dlg-s32-sweat"
    [sweats] = assistant.respond(sender, "s1", "bon. I look a sweat for my son, size S, he not like black")
    assert sweats.products and all("Hoodies" in p.category and p.gender == "Men" for p in sweats.products)
    assistant.respond(sender, "s2", "less than 55")
    assistant.respond(sender, "s3", "the brown one?")
    [taken] = assistant.respond(sender, "s4", "ok I take, brown, S")
    assert "Oslo Trek Hoodie (S, brown)" in taken.text


def test_set35_gift_rush_asks(assistant):
    [santa] = assistant.respond("dlg-s35-santa", "a1", "need smth for secret santa at work, max 20 bucks, not clothes")
    assert santa.products and all(p.price <= 20 for p in santa.products)  # a budget said is a wish for products
    sender = "dlg-s35-dad"
    assistant.respond(sender, "d1", "I want buy pants for my father, he is size 36 I think")
    [resized] = assistant.respond(sender, "d2", "Sorry, I check with my mother, he is 34 not 36")
    assert resized.products and all(p.gender == "Men" and "34" in p.sizes for p in resized.products)
    [late] = assistant.respond("dlg-s35-late", "l1", "I left my Christmas shopping very late. If I order today, how "
                                                    "long does standard delivery take, and how fast is express?")
    assert "3-5 business days" in late.text and "couldn't find" not in late.text
    sender = "dlg-s35-family"
    assistant.respond(sender, "f1", "Now my brother: men's gym shorts under $30.")
    assistant.respond(sender, "f2", "Add the second one for him.")
    [swapped] = assistant.respond(sender, "f3", "Actually, he already has shorts like those. "
                                                "Swap them for the first ones on that list.")
    assert list(assistant.store.cart(sender)) == ["MSH11"] and swapped.text.startswith("Removed")
    sender = "dlg-s35-yoga"
    assistant.respond(sender, "y1", "Please show me yoga equipment like brick or strap under 25 dollar")
    [both] = assistant.respond(sender, "y2", "The Sprite Foam Yoga Brick and the Sprite Yoga Strap 10 foot, "
                                             "how much both?")
    assert "$5.00" in both.text and "$21.00" in both.text and "doesn't come in" not in both.text
    assistant.respond(sender, "y3", "Good, put both in cart for my daughter")
    assert sorted(assistant.store.cart(sender)) == ["24-WG084", "24-WG087"]


def test_set35_a_name_taken_a_typo_cart_and_an_exchange_asked_ahead(assistant):
    sender = "dlg-s35-luma"
    assistant.respond(sender, "w1", "womens watches")
    [taken] = assistant.respond(sender, "w2", "take the luma one")
    assert taken.text.startswith("Added the Luma Analog Watch")
    [cart] = assistant.respond(sender, "w3", "wats in my crat")
    assert cart.text.startswith("Your cart (1 item")
    sender = "dlg-s35-niece"
    assistant.respond(sender, "n1", "green shorts for women")
    assistant.respond(sender, "n2", "Ok, I take the first in 28")
    [exchange] = assistant.respond(sender, "n3", "If is too small, she can change to 29?")
    assert "exchanges" in exchange.text and not exchange.products
    [material] = assistant.respond(sender, "n4", "From what is it made?")
    assert "made of" in material.text


def test_set34_a_size_asked_of_the_product_in_focus_and_an_exchange_asked_ahead(assistant):
    sender = "dlg-s34-geo"
    assistant.respond(sender, "g1", "warm trousers for my husband for running")
    assistant.respond(sender, "g2", "The Geo has pockets with zip?")
    [size] = assistant.respond(sender, "g3", "He is 34 of waist, is possible?")
    assert size.text.startswith("Yes, the Geo Insulated Jogging Pant comes in size 34")
    sender = "dlg-s34-change"
    assistant.respond(sender, "c1", "show me bags")
    assistant.respond(sender, "c2", "ok I take the first bag")
    [policy] = assistant.respond(sender, "c3", "and if he dont like it he can change for other thing?")
    assert "exchanges" in policy.text and not policy.text.startswith("Similar")


def test_set36_replacing_something(assistant):
    [duffles] = assistant.respond("dlg-s36-zip", "z1", "The zipper on my gym bag broke yesterday. I'm looking for a "
                                                      "replacement duffle bag for the gym.")
    assert duffles.products and all("Duffle" in p.title for p in duffles.products)  # a search, not the warranty
    [packs] = assistant.respond("dlg-s36-school", "s1", "my backpack broke (zip gone) need new one for school under "
                                                       "40 bucks")
    assert packs.products and all(p.price <= 40 and "Bags" in p.category for p in packs.products)
    sender = "dlg-s36-sahara"
    assistant.respond(sender, "l1", "leggings for women")
    [opaque] = assistant.respond(sender, "l2", "the Sahara leggings, they are opaque?")
    assert "Sahara" in opaque.text and "Emma" not in opaque.text  # "they" are the leggings just named
    sender = "dlg-s36-duffle"
    assistant.respond(sender, "d1", "duffle bags with wheels")
    assistant.respond(sender, "d2", "how much is the impulse one")
    [tsa] = assistant.respond(sender, "d3", "tsa approved?")
    assert "Impulse Duffle" in tsa.text and "TSA" in tsa.text and tsa.list_kind == "focus"
    assistant.respond(sender, "d4", "the impulse one. add")
    [rope] = assistant.respond(sender, "d5", "ugh ok add a jump rope too then")
    assert rope.text.startswith("Added the Zing Jump Rope")
    [totes] = assistant.respond("dlg-s36-totes", "t1", "What is the difference between Savvy Shoulder Tote and "
                                                      "Compete Track Tote?")
    assert totes.text.startswith("Side by side") and "Savvy" in totes.text and "Compete" in totes.text


def test_set36_a_title_word_is_no_feature_the_pair_again_and_values_into_the_cart(assistant):
    sender = "dlg-s36-helena"
    assistant.respond(sender, "h1", "I want a new women hoodie, size XS")
    assistant.respond(sender, "h2", "Not purple please")
    [pockets] = assistant.respond(sender, "h3", "The Helena Hooded Fleece has pockets?")
    assert "pockets" in pockets.text and "hooded" not in pockets.text.split("says:")[0]
    [colours] = assistant.respond(sender, "h4", "Which colours?")
    assert colours.text == "The Helena Hooded Fleece comes in blue, gray and yellow."  # the one in focus
    [added] = assistant.respond(sender, "h5", "OK, in blue size XS into the cart.")
    assert "Helena Hooded Fleece (XS, blue)" in added.text
    assistant.respond(sender, "h6", "Could you compare the Joust Duffle Bag and the Overnight Duffle for me?")
    assistant.respond(sender, "h7", "Is the Overnight Duffle waterproof? My old one was.")
    [cheaper] = assistant.respond(sender, "h8", "Which of the two is cheaper?")
    assert "Joust Duffle Bag is $11.00 cheaper" in cheaper.text


def test_two_adds_in_one_message_reach_back_past_the_lists_and_a_kind_word_names_the_one_asked_about(assistant):
    sender = "dlg-two-named-adds"
    assistant.respond(sender, "o1", "I'm getting the Orion two-tone jacket. what trousers would go with it?")
    assistant.respond(sender, "o2", "black ones")
    assistant.respond(sender, "o3", "is the caesar warm-up pant warm enough for winter?")
    # the jacket's list was replaced by the pairing list of its turn: the jacket is found in the catalog
    assistant.respond(sender, "o4", "add the orion jacket in black M and the caesar in black 32")
    assert _cart_titles(assistant, sender) == ["Caesar Warm-Up Pant", "Orion Two-Tone Fitted Jacket"]
    assert assistant.store.cart_variants(sender)[next(p for p, q in assistant.products.items()
                                                      if q.title == "Orion Two-Tone Fitted Jacket")] == ("M", "Black")
    sender = "dlg-kit-and-grips"
    assistant.respond(sender, "k1", "Show me all the equipment, from cheap to expensive")
    assistant.respond(sender, "k2", "The band kit: what is inside, and it is ok for a beginner?")
    [pair] = assistant.respond(sender, "k3", "And pushup grips or the cardio ball, which is better for the arms?")
    assert pair.text.startswith("Side by side") and "Pushup Grips" in pair.text and "Cardio Ball" in pair.text
    assistant.respond(sender, "k4", "I take the kit and the grips")  # the kit asked about, the grips compared
    assert _cart_titles(assistant, sender) == ["Go-Get'r Pushup Grips", "Harmony Lumaflex™ Strength Band Kit"]
    [strap] = assistant.respond(sender, "k5", "And the 8 foot yoga strap as well; mine is fraying.")
    assert strap.text.startswith("Added the Sprite Yoga Strap 8 foot")


def test_set37_questions_the_listing_answers_in_words_or_does_not_mention(assistant):
    sender = "dlg-s37-jackets"
    assistant.respond(sender, "j1", "men's rain jackit for hiking, not yellow")
    assistant.respond(sender, "j2", "is the hyperion waterprof or just water resistent")
    [thumbs] = assistant.respond(sender, "j3", "thumb holes?")  # a feature of the jacket asked about, no search
    assert "Hyperion" in thumbs.text and "Thumb holes" in thumbs.text and thumbs.list_kind == "focus"
    [socks] = assistant.respond(sender, "j4", "socks?")  # a kind the shop has none of is no feature
    assert "don't sell socks" in socks.text
    assistant.respond(sender, "j5", "under 55?")
    [remote] = assistant.respond(sender, "j6", "kenobi trail jacket - what's this remote thing on the chest")
    assert "Kenobi Trail Jacket" in remote.text and "remote" in remote.text and not remote.text.startswith("Here are")
    sender = "dlg-s37-packs"
    assistant.respond(sender, "p1", "need a hiking backpak, something waterproof")
    [side] = assistant.respond(sender, "p2", "crown summit vs fusion backpack - which holds more & which is lighter?")
    assert side.text.startswith("Side by side") and "2 lbs" in side.text  # the weight the listing gives
    [sleeve] = assistant.respond(sender, "p3", "does the fusion have a sleeve for a hydration bladder")
    assert "doesn't mention a sleeve for a hydration bladder" in sleeve.text
    [each] = assistant.respond(sender, "p4", "price of each?")  # the pair just compared
    assert "$38.00" in each.text and "$59.00" in each.text
    sender = "dlg-s37-bras"
    assistant.respond(sender, "b1", "womens sports bras for medium impact stuff, best rated first")
    [cups] = assistant.respond(sender, "b2", "which of them has removable cups?")
    assert cups.text == "Of those, only the Electra Bra Top mentions removable cups in its listing."
    assistant.respond(sender, "b3", "is the erica one ok for running?")
    [colours] = assistant.respond(sender, "b4", "colours for erica?")
    assert colours.text == "The Erica Evercool Sports Bra comes in blue, orange and yellow."
    [fit] = assistant.respond("dlg-s37-fit", "f1", "Is the Abominable Hoodie a relaxed fit?")
    assert "Relaxed fit" in fit.text


def test_set37_kits_colours_materials_and_heights(assistant):
    sender = "dlg-s37-props"
    assistant.respond(sender, "y1", "looking for yoga props for my home practice, mainly a strap and blocks")
    answers = assistant.respond(sender, "y2", "difference between the 6 foot and 8 foot strap apart from length? "
                                              "im 5'10 with tight hamstrings")
    assert len(answers) == 1 and "6 foot" in answers[0].text and "10 foot" not in answers[0].text  # no tights
    assistant.respond(sender, "y3", "ok the 8 foot one pls, and a yoga brik")
    assert _cart_titles(assistant, sender) == ["Sprite Foam Yoga Brick", "Sprite Yoga Strap 8 foot"]
    [kit] = assistant.respond(sender, "y4", "what comes in the harmony strenght band kit?")
    assert "Three flex bands" in kit.text  # what is in it, not its colours
    sender = "dlg-s37-ball"
    [sizes] = assistant.respond(sender, "s1", "what sizes do stability balls come in? im 6ft")
    assert "6 foot" not in sizes.text  # a height is no size
    assistant.respond(sender, "s2", "price of the 75 cm one")
    [pink] = assistant.respond(sender, "s3", "do you have it in pink?")
    assert pink.text.startswith("No, the Sprite Stasis Ball 75 cm doesn't come in pink")
    sender = "dlg-s37-brick"
    assistant.respond(sender, "k1", "yoga bricks")
    [cork] = assistant.respond(sender, "k2", "foam or cork?")
    assert cork.text.startswith("The Sprite Foam Yoga Brick has foam, not cork.")
    assistant.respond(sender, "k3", "add 2 pls")  # two of the one brick in focus
    assert assistant.store.cart(sender) == {"24-WG084": 2}
    assistant.respond(sender, "k4", "also a strap, the longest one u have")
    assert _cart_titles(assistant, sender) == ["Sprite Foam Yoga Brick", "Sprite Yoga Strap 10 foot"]


def test_set37_cart_by_chat(assistant):
    sender = "dlg-s37-bags"
    assistant.respond(sender, "g1", "bags for the gym")
    assistant.respond(sender, "g2", "ok add the voyage + a foam roller")
    assert _cart_titles(assistant, sender) == ["Sprite Foam Roller", "Voyage Yoga Bag"]
    assistant.respond(sender, "g3", "remove roller, bag only")
    assert _cart_titles(assistant, sender) == ["Voyage Yoga Bag"]
    [still] = assistant.respond(sender, "g4", "thank you. and the bag is still in my bag?")
    assert still.text.startswith("Your cart (1 item")
    sender = "dlg-s37-balls"
    assistant.respond(sender, "b1", "show me stability balls")
    assistant.respond(sender, "b2", "ok add the 75 cm in blue")
    [gray] = assistant.respond(sender, "b3", "and a 65 cm in gray for my wife")
    assert gray.text.startswith("Added the Sprite Stasis Ball 65 cm") and gray.products[0].payload()["id"] == \
        "24-WG082-gray"
    sender = "dlg-s37-tops"
    assistant.respond(sender, "t1", "women's tops for yoga under $35, in purple")
    assistant.respond(sender, "t2", "add the 1st and the 3rd, both size S, purple")
    assistant.respond(sender, "t3", "remove the first one")
    assistant.respond(sender, "t4", "add the 2nd instead, size M purple")  # instead of the one taken out
    assert len(assistant.store.cart(sender)) == 2
    assistant.respond(sender, "t5", "actually empty the cart, i'm overthinking this")
    [just] = assistant.respond(sender, "t6", "ok just the 2nd one in S purple")
    assert just.text.startswith("Added the") and len(assistant.store.cart(sender)) == 1


def test_set37_compare_is_no_misspelt_name_and_price_please_is_an_aspect(assistant):
    sender = "dlg-s37-compete"
    assistant.respond(sender, "c1", "women's tanks in blue")
    [first] = assistant.respond(sender, "c2", "the first tank, what's it made of")
    [pair] = assistant.respond(sender, "c3", "compare it with the second one")
    shown = next(sl.product_ids for sl in assistant.store.recent_lists(sender) if sl.kind == "search")  # the tanks
    titles = {assistant.products[shown[0]].title, assistant.products[shown[1]].title}
    assert {line[2:].split(":")[0] for line in pair.text.splitlines()[1:3]} == titles  # not the two "Compete"s
    [prices] = assistant.respond("dlg-s37-price", "p1", "womens hoodies")
    [each] = assistant.respond("dlg-s37-price", "p2", "price please")
    assert not each.products and each.text.count("$") == len(prices.products)


def test_tell_me_more_about_it_describes_the_product_in_focus(assistant):
    sender = "dlg-tell-more"
    assistant.respond(sender, "t1", "bags for the gym")
    assistant.respond(sender, "t2", "whats the voyage yoga bag made of")
    [more] = assistant.respond(sender, "t3", "tell me more about it")
    assert more.text.startswith("The Voyage Yoga Bag is $32.00") and more.list_kind == "focus"


def test_set32_36_a_measured_ball_named_and_why_a_question_is_asked(assistant):
    sender = "dlg-s32-ball"
    assistant.respond(sender, "b1", "just the equipment, not clothes")
    assistant.respond(sender, "b2", "how much is the foam roller")
    [ball] = assistant.respond(sender, "b3", "and the 75 cm ball, does it come in blue?")
    assert "Sprite Stasis Ball 75 cm comes in blue" in ball.text and ball.text.count("75 cm ($") == 0  # not itself
    sender = "dlg-s36-swim"
    assistant.respond(sender, "w1", "show me womens waches")
    assistant.respond(sender, "w2", "cheapest first")
    answers = assistant.respond(sender, "w3", "is the 1st water resistant? need it for swimming")
    assert len(answers) == 1 and "Luma Analog Watch" in answers[0].text and not answers[0].text.startswith("Here")
    assert answers[0].text.count("About the") == 1  # one feature, asked twice, answered once
    sender = "dlg-s36-compare-swim"
    assistant.respond(sender, "c1", "men's watches under $60")
    answers = assistant.respond(sender, "c2", "Could you compare the first two? I swim, so it should be water "
                                              "resistant.")
    assert len(answers) == 1 and answers[0].text.startswith("Side by side") and "waterproof" in answers[0].text


def test_set34_36_a_comparison_during_a_return_and_what_broke_before_a_return_question(assistant):
    sender = "dlg-s34-compare-in-return"
    assistant.respond(sender, "r1", "what's your returns policy?")
    assistant.respond(sender, "r2", "do you have messenger bags? And is express shipping an option?")
    [pair] = assistant.respond(sender, "r3", "What's the difference between the Wayfarer and the Rival?")
    assert pair.text.startswith("Side by side") and "Wayfarer" in pair.text and "Rival" in pair.text
    answers = assistant.respond("dlg-s36-ripped", "p1", "The Caesar Warm-Up Pant I bought from you in size 34 "
                                                       "ripped at the seam after two weeks. Can I return it?")
    assert not any(a.products for a in answers)  # what the return is about, no search for pants


def test_set38_counts_said_with_the_product_named(assistant):
    sender = "dlg-s38-yoga"
    assistant.respond(sender, "y1", "what yoga equipment do you have, like blocks or straps")
    [bricks] = assistant.respond(sender, "y2", "4 yoga bricks please")  # no verb: a count and a name
    assert bricks.text.startswith("Added 4 x Sprite Foam Yoga Brick ($5.00 each)")
    assistant.respond(sender, "y3", "5 of the 8 foot then")  # the strap of that length on screen
    assert assistant.store.cart(sender) == {"24-WG084": 4, "24-WG086": 5}
    sender = "dlg-s38-gym"
    assistant.respond(sender, "g1", "gym equipment")
    # a foam roller is not the foam brick on screen; each piece its own count
    assistant.respond(sender, "g2", "add a foam roller, the harmony band kit and 3 yoga bricks")
    assert assistant.store.cart(sender) == {"24-WG088": 1, "24-UG03": 1, "24-WG084": 3}
    assistant.respond(sender, "g3", "brother is the gym guy - add a zing jump rope and the pushup grips")
    assert {"24-UG04", "24-UG05"} <= set(assistant.store.cart(sender))
    sender = "dlg-s38-watches"
    [six] = assistant.respond(sender, "w1", "need 6 watches under $60")  # a count with a kind is a search
    assert six.text.startswith("Here are") and not assistant.store.cart(sender)
    assistant.respond(sender, "w2", "6 of the summit please")
    assistant.respond(sender, "w3", "add 5 pursuit tone bands")  # named, never shown
    assert assistant.store.cart(sender) == {"24-MG03": 6, "24-UG02": 5}


def test_set38_two_of_the_pictured_product_and_the_photo_with_its_kind_said(assistant):
    from recsys.images import check_image_file

    sender = "dlg-s38-twins"
    photo = check_image_file(assistant.image_root / "images/mh09-blue_main.jpg")  # through the real encoder
    text = "they both want this hoodie in different colours. what colours does it come in"
    assistant.observe_turn(sender, "t1", text, None, photo=photo)  # as the action server does, then the search
    answer = assistant.search(sender, text, "t1", photo=photo)
    assert answer.text.startswith("The Abominable Hoodie comes in blue, green and red")  # "hoodie" said too
    assistant.respond(sender, "t2", "one in blue size S and one in red size M please")
    assert assistant.store.cart(sender) == {"MH09": 2}


def test_set38_questions_orders_and_kinds_the_shop_does_not_sell(assistant):
    sender = "dlg-s38-totes"
    assistant.respond(sender, "t1", "show me totes")
    [pocket] = assistant.respond(sender, "t2", "Savvy has pocket for water bottle?")  # a name, then what it has
    assert pocket.text == ("About the Savvy Shoulder Tote's pockets, the product description says: Water bottle "
                           "pocket.")  # not its "Audio Pocket"
    [side] = assistant.respond(sender, "t3", "does the compete have a side pocket")
    assert "doesn't mention a side pocket" in side.text
    [tents] = assistant.respond("dlg-s38-tents", "n1", "do u sell tents or sleeping bags")
    assert "don't sell" in tents.text and "sleeping bags" in tents.text and not tents.products
    [mens] = assistant.respond("dlg-s38-couple", "c1", "my wife and i want matching rain jackets for a hiking "
                                                       "trip. show mens first")
    assert {assistant.products[v.payload()["id"]].gender for v in mens.products} == {"Men"}
    sender = "dlg-s38-delivery"
    assistant.respond(sender, "d1", "show me yoga bags")
    assistant.respond(sender, "d2", "add the first one")
    answers = assistant.respond(sender, "d3", "With two pairs and the bag, will delivery be free, and how long "
                                              "will it take to arrive?")
    assert not any(a.list_kind == "search" for a in answers) and "free on orders over $50" in answers[-1].text
    assert "Your cart comes to $32.00, so standard delivery is $5.00 ($18.00 more makes it free)." in answers[-1].text
    answers = assistant.respond(sender, "d4", "ok add the second one as well - free shipping then, right?")
    assert answers[0].text.startswith("Added the") and "free on orders over $50" in answers[-1].text


def test_set38_order_look_ups_said_plainly():
    from recsys.scene.cues import CHECK_ORDER, WHERE_ORDER
    assert CHECK_ORDER.search("Can you look my old order also? For the warranty of old watch.")
    assert CHECK_ORDER.search("look at my previous order please")
    assert WHERE_ORDER.search("oh wait before I forget, where's my last order? it's #1001")


def test_set38_cart_counts_changed_and_items_pointed_at_by_price_or_measure(assistant):
    sender = "dlg-s38-count"
    assistant.respond(sender, "w1", "watches under $60")
    assistant.respond(sender, "w2", "6 of the summit please")
    [four] = assistant.respond(sender, "w3", "hmm thats a lot, drop it to 4")  # a new count, not a removal
    assert assistant.store.cart(sender) == {"24-MG03": 4} and "4 x Summit Watch" in four.text
    answers = assistant.respond(sender, "w4", "ooh also, do you price match? I saw it cheaper somewhere")
    assert not any(a.list_kind == "search" for a in answers)  # why it is asked, not a cheaper search
    sender = "dlg-s38-cheaper-of"
    assistant.respond(sender, "t1", "my son wants a tank top. mens, yellow")
    shown = [assistant.products[p] for p in assistant.store.recent_lists(sender)[0].product_ids]
    assistant.respond(sender, "t2", "add the cheaper of those in S")
    assert list(assistant.store.cart(sender)) == [min(shown, key=lambda p: p.price).id]
    sender = "dlg-s38-ball"
    assistant.respond(sender, "b1", "gym equipment")
    assistant.respond(sender, "b2", "add a foam roller")
    assistant.respond(sender, "b3", "stability ball too, the 65 cm one in blue")
    assert assistant.store.cart(sender) == {"24-WG088": 1, "24-WG082-blue": 1}
    sender = "dlg-s38-kids"
    assistant.respond(sender, "k1", "backpacks for school")
    assistant.respond(sender, "k2", "does the first one have a laptop sleeve")
    assistant.respond(sender, "k3", "add 2, one for each kid")
    assert list(assistant.store.cart(sender).values()) == [2]


def test_set38_an_add_after_a_delivery_question_and_a_remove_by_the_name_more_words_say(assistant):
    sender = "dlg-s38-roommates"
    assistant.respond(sender, "r1", "what fitness equipment do you have")
    assistant.respond(sender, "r2", "add a foam roller, the harmony band kit and 3 yoga bricks")
    assistant.respond(sender, "r3", "can I change the delivery address after I order? we're moving flats soon")
    assistant.respond(sender, "r4", "stability ball too, the 65 cm one in blue")  # the add was the last cart change
    assert "24-WG082-blue" in assistant.store.cart(sender)
    assistant.respond(sender, "r5", "remove the foam roller, one of them has one")  # not the foam brick
    assert "24-WG088" not in assistant.store.cart(sender) and "24-WG084" in assistant.store.cart(sender)


def test_set39_detours_come_back_to_the_products_shown_before(assistant):
    sender = "dlg-s39-juno"
    [jackets] = assistant.respond(sender, "j1", "womens jackets please")
    shown = [v.payload()["id"] for v in jackets.products]
    assistant.turns.observe(sender, "j2", "check order 1003, alex0@example.com", None)
    assistant.order_answer(sender, "1003", "alex0@example.com", "j2")  # its items are a list of their own
    [pair] = assistant.respond(sender, "j3", "How do the first and the third one compare?")
    titles = [assistant.products[shown[0]].title, assistant.products[shown[2]].title]
    assert pair.text.startswith("Side by side") and all(t in pair.text for t in titles)  # not the order's items
    [colours] = assistant.respond(sender, "j4", "back to that first jacket, what colours does it come in?")
    assert colours.text.startswith(f"The {titles[0]} comes in")
    sender = "dlg-s39-delivery"
    assistant.respond(sender, "d1", "looking for a backpack for school")
    assistant.respond(sender, "d2", "ok and how long would it take to get here if i order today")
    [faster] = assistant.respond(sender, "d3", "hmm is there a faster option")  # delivery, not faster products
    assert "Express delivery" in faster.text and not faster.products


def test_set39_a_second_question_after_if_not_and_the_pictured_kind_named():
    from recsys.assistant.dialogue import split_asks

    assert split_asks("can I exchange it for a smaller size, and if not how long would a refund take?") == [
        "can I exchange it for a smaller size", "how long would a refund take?"]


def test_set39_that_backpack_after_a_photo_of_one_is_the_pictured_one(assistant):
    from recsys.images import check_image_file

    sender = "dlg-s39-photo-pack"
    photo = check_image_file(assistant.image_root / "images/mb03-black-0.jpg")
    assistant.observe_turn(sender, "p1", "", None, photo=photo)
    assistant.search(sender, "", "p1", photo=photo)
    [answer] = assistant.respond(sender, "p2", "is that backpack waterproof?")
    assert "Crown Summit Backpack" in answer.text and not answer.products[1:]  # about it, no list of backpacks


def test_sets29_34_36_a_choice_by_name_then_add_it_and_one_list_for_two_clauses(assistant):
    sender = "dlg-s29-jade"
    assistant.respond(sender, "j1", "I'm looking for a women's jacket for spring, ideally not red")
    assistant.respond(sender, "j2", "Could you tell me what the Jade Yoga Jacket is made of?")
    assistant.respond(sender, "j3", "Do you have a few more like that one, in a different colour perhaps?")
    assistant.respond(sender, "j4", "Thank you, but I think I will stay with the Jade. Please add it in green, "
                                    "size XS.")
    assert list(assistant.store.cart(sender)) == ["WJ09"]  # "it" is the Jade, not the first of the list after it
    sender = "dlg-s34-messenger"
    assistant.respond(sender, "m1", "do you have messenger bags?")
    assistant.respond(sender, "m2", "What's the difference between the Wayfarer and the Rival?")
    answers = assistant.respond(sender, "m3", "Not the leather one, then. Show me the others that take a laptop.")
    assert len(answers) == 1 and "24-MB06" not in [v.id for v in answers[0].products]  # once, without the Rival
    sender = "dlg-s36-totes"
    assistant.respond(sender, "t1", "show me totes")
    assistant.respond(sender, "t2", "What is the difference between Savvy Shoulder Tote and Compete Track Tote?")
    [cheap] = assistant.respond(sender, "t3", "Which one is more cheap?")  # the two compared, by price
    assert "They cost the same." in cheap.text


def test_set40_a_size_none_of_the_list_has_sorting_words_and_two_asks(assistant):
    sender = "dlg-s40-leggings"
    assistant.respond(sender, "l1", "womens leggins")
    [none] = assistant.respond(sender, "l2", "do they come in size 30?")
    assert none.text.startswith("None of these comes in size 30") and "28" in none.text and not none.products
    sender = "dlg-s40-jackets"
    assistant.respond(sender, "j1", "I'd like to see men's jackets under $48, please.")
    [desc] = assistant.respond(sender, "j2", "Sort them from most to least expensive.")
    prices = [v.payload()["price"] for v in desc.products]
    assert len(prices) > 1 and prices == sorted(prices, reverse=True)
    sender = "dlg-s40-hoodies"
    assistant.respond(sender, "h1", "mens hoodies, not black, under 60 pls")
    answers = assistant.respond(sender, "h2", "sort high to low and which one has a hood?")
    assert len(answers) == 2 and "most expensive first" in answers[0].text and "hood" in answers[1].text


def test_set40_typos_in_question_and_service_words_are_mended():
    from recsys.assistant.dialogue import Dialogue
    from recsys.search.shorthand import expand, mend_misspellings

    assert Dialogue._topic("account", None, "can i still change the adress") == "delivery_info"
    assert Dialogue._topic("account", None, "how do i change my address in my account") == "account_help"

    assert mend_misspellings("whch ones r waterproof") == "which ones r waterproof"  # shorthand kept for the model
    assert mend_misspellings("when will it arive?") == "when will it arrive?"
    assert expand("wats the diffrence") == "whats the difference"


def test_set41_phone_shoppers_cancel_words_before_an_ask_and_a_kind_to_go_with_it(assistant):
    sender = "dlg-s41-legins"
    assistant.respond(sender, "l1", "black legins size 28")
    assistant.respond(sender, "l2", "wait i sent a return back last week when do i get my money")
    [back] = assistant.respond_after_cancel(sender, "l3", "ok nvm back to the legins, cheapest first")
    prices = [v.payload()["price"] for v in back.products]
    assert len(prices) > 1 and prices == sorted(prices)  # the leggings again, cheapest first: not a let-go
    assistant.respond(sender, "l4", "add the first 1 in 28")
    [out] = assistant.respond_after_cancel(sender, "l5", "Oh no forget it he has enough clothes, take it out")
    assert out.text.startswith("Removed") and not assistant.store.cart(sender)
    sender = "dlg-s41-shorts"
    assistant.respond(sender, "s1", "womens running shorts size 30")
    assistant.respond(sender, "s2", "add the 1st in 30")
    [bras] = assistant.respond(sender, "s3", "ok what about a sports bra to go with it medium")
    assert bras.products and all("Bra" in v.payload()["title"] or "Tank" in v.payload()["title"]
                                 for v in bras.products)  # bras, not a size question about the shorts
    [owe] = assistant.respond(sender, "s4", "thats it what do i owe")
    assert owe.text.startswith("Your cart") and "in total" in owe.text
    [when] = assistant.respond(sender, "s5", "total and delivery time?")
    assert "3-5 business days" in when.text and "in total" in when.text


def test_set41_a_broken_bag_replaced_a_sweat_shirt_and_the_exchange_asked_ahead(assistant):
    sender = "dlg-s41-backpack"
    [broke] = assistant.respond(sender, "b1", "oh n her backpack broke, cheap backpak pls")
    assert broke.products and "Warranty" not in broke.text  # a search, not the warranty
    sender = "dlg-s41-grandson"
    [sweat] = assistant.respond(sender, "g1", "I want a sweat shirt for my grandsun he is a medium, under 50 please")
    assert sweat.products and all(assistant.products[v.id].category_leaf == "Hoodies & Sweatshirts"
                                  for v in sweat.products)
    assert "size M" in sweat.text
    sender = "dlg-s41-watch"
    assistant.respond(sender, "w1", "need a watch for my dad bday")
    assistant.respond(sender, "w2", "somthing under 50")
    assistant.respond(sender, "w3", "add the cheaper one and when wud it arrive")
    [swap] = assistant.respond(sender, "w4", "if he dont like it can he swap it")
    assert "30 days" in swap.text and not swap.products[1:]


def test_set41_a_kind_with_a_size_keeps_the_size_and_exercise_gear_is_no_clothing(assistant):
    sender = "dlg-s41-green"
    [ideas] = assistant.respond(sender, "r1", "ok so my wife wants running shorts size 30 not too short and she likes "
                                              "green")
    assert ideas.products and all("30" in assistant.products[v.id].sizes for v in ideas.products)
    sender = "dlg-s41-home"
    [home] = assistant.respond(sender, "e1", "Hello there I am looking for something to exercise with at home my "
                                             "doctor says I should do some light resistance training")
    assert home.products and all(assistant.products[v.id].category_leaf == "Fitness Equipment"
                                 for v in home.products)


def test_set38_how_much_for_both_after_two_went_in_and_a_price_remark_before_the_ask(assistant):
    sender = "dlg-s38-twins"
    assistant.respond(sender, "t1", "mens hoodies")
    assistant.respond(sender, "t2", "add 2 of the 1st")
    [both] = assistant.respond(sender, "t3", "how much for both")
    assert both.text.startswith("Your cart (2 items")
    answers = assistant.respond(sender, "t4", "ugh that's over my budget. anything similar under $50, in blue?")
    assert len(answers) == 1 and answers[0].products and "couldn't find" not in answers[0].text


def test_set42_english_as_a_second_language(assistant):
    from recsys.assistant.dialogue import Dialogue

    parse = assistant.shop.parser.parse
    assert parse("Hi, kindly show me t-shirts for gents, size M").filters.gender == "Men"
    assert parse("please arrange from low price to high price").filters.sort == "price_asc"
    assert parse("in size 36 and until 30 dollars").filters.max_price == 30.0
    assert Dialogue._topic("store_policy", None, "when I send it back, in how many days I receive the money?") \
        == "refund_request"
    assert Dialogue._topic("store_policy", None, "If the size is not good, I can change it?") == "return_request"
    assert Dialogue._topic("account", None, "Also how to change the address in my profile?") == "account_help"
    sender = "dlg-s42-devolution"
    [back] = assistant.respond(sender, "d1", "Hi, I want to make a devolution of one hoodie, I buy it the last "
                                             "week and is too small")
    assert "30 days" in back.text and not back.products
    [poland] = assistant.respond(sender, "d2", "Hello. You are sending also to Poland?")
    assert "EU" in poland.text
    sender = "dlg-s42-shorts"
    assistant.respond(sender, "s1", "Oi! I need shorts for running, for woman, size 30")
    [cheap] = assistant.respond(sender, "s2", "put the more cheap first please")
    prices = [v.payload()["price"] for v in cheap.products]
    assert len(prices) > 1 and prices == sorted(prices) and not assistant.store.cart(sender)
    [made] = assistant.respond(sender, "s3", "of what is made the first one?")
    assert "made of" in made.text
    assistant.respond(sender, "s4", "mens shorts size 36")
    assistant.respond(sender, "s5", "I want the first one, size 36, black, two pieces")
    assert list(assistant.store.cart(sender).values()) == [2]
    assistant.respond(sender, "s6", "sorry, only one piece, not two. change it please")
    assert list(assistant.store.cart(sender).values()) == [1]


def test_set42_a_greeting_from_home_is_a_greeting(assistant):
    decision = assistant.turns.observe("dlg-s42-namaste", "n1", "Namaste! Good evening", None)
    assert decision.act == "greet"


def test_set43_a_kit_built_piece_by_piece(assistant):
    sender = "dlg-s43-kit"
    assistant.respond(sender, "k1", "womens jackets in orange")
    assistant.respond(sender, "k2", "the 2nd one, size M")
    assert len(assistant.store.cart(sender)) == 1  # a bare pick with a size is taken
    assistant.respond(sender, "k3", "Add the Echo Fit Compression Short in black, size 29.")
    assert "WSH07" in assistant.store.cart(sender)  # named from the catalogue, not on screen
    [tees] = assistant.respond(sender, "k4", "Now a tee to go with it, same colour please.")
    assert tees.products and all("Black" in assistant.products[v.id].colors or "black" in
                                 [c.lower() for c in assistant.products[v.id].colors] for v in tees.products)
    assistant.respond(sender, "k5", "womens backpacks")
    assistant.respond(sender, "k6", "The Driven Backpack, please.")
    assert "24-WB03" in assistant.store.cart(sender)
    assistant.respond(sender, "k7", "add pushup grips too")
    assert "24-UG05" in assistant.store.cart(sender)


def test_set43_what_goes_with_the_pictured_one_is_the_kind_asked_for(assistant):
    from recsys.images import check_image_file

    parse = assistant.shop.parser.parse
    assert parse("I already have this jacket. What hiking pants would go with it?").filters.categories == ("Pants",)
    sender = "dlg-s43-photo"
    photo = check_image_file(assistant.image_root / "images/mj04-black_main.jpg")
    text = "I already have this jacket. What hiking pants would go with it?"
    assistant.observe_turn(sender, "p1", text, None, photo=photo)
    answer = assistant.search(sender, text, "p1", photo=photo)
    assert "Kenobi Trail Jacket" in answer.text and answer.products
    assert all(assistant.products[v.id].category_leaf == "Pants" and assistant.products[v.id].gender in
               ("Men", "Unisex") for v in answer.products)


def test_set43_named_pieces_added_swapped_and_a_cheaper_kind_asked(assistant):
    sender = "dlg-s43-yoga"
    assistant.respond(sender, "y1", "mens tanks")
    assistant.respond(sender, "y2", "I also need an 8 foot yoga strap and a yoga brick, add both")
    assert set(assistant.store.cart(sender)) == {"24-WG086", "24-WG084"}  # those two, not the tanks on screen
    sender = "dlg-s43-run"
    assistant.respond(sender, "r1", "womens runing jaket pls")
    assistant.respond(sender, "r2", "ingrid running jacket in white, size S. add it")
    [shorts] = assistant.respond(sender, "r3", "shrots to go with it, white too")
    assert shorts.products and list(assistant.store.cart(sender).values()) == [1]  # shorts shown, no second jacket
    [cheaper] = assistant.respond(sender, "r4", "too much. cheaper jacket than the ingrid?")
    assert cheaper.products and not cheaper.text.startswith("Side by side")
    assert all(v.payload()["price"] < 84 for v in cheaper.products)
    [swap] = assistant.respond(sender, "r5", "swap the ingrid for the jade yoga jacket in gray, S")
    assert swap.text.startswith("Removed the Ingrid") and list(assistant.store.cart(sender)) == ["WJ09"]


def test_set42_a_reason_before_a_price_match_question_and_a_later_wish(assistant):
    sender = "dlg-s42-match"
    assistant.respond(sender, "m1", "womens duffle bags")
    [match] = assistant.respond(sender, "m2", "In other shop I see this duffle more cheap. You can do the same price?")
    assert "14 days" in match.text and not match.products
    [guarantee] = assistant.respond(sender, "m3", "Wait, the bag has garantee?")
    assert "1 year" in guarantee.text
    answers = assistant.respond(sender, "m4", "Perfect. Eventually I take also a pant, but not today. Thank you!")
    assert not any(a.products for a in answers)


def test_set43_colours_said_before_hold_for_a_kind_recommended(assistant):
    sender = "dlg-s43-black"
    answers = assistant.respond(sender, "b1", "Quick note before we start: I'm a medium in tops, 34 in shorts, and I "
                                              "only wear black. I'm building a gym kit, so men's tanks first.")
    tanks = answers[-1]
    assert tanks.products and all("Black" in assistant.products[v.id].colors for v in tanks.products)


def test_an_unsold_kind_added_is_said_unsold_not_the_product_in_focus(assistant):
    sender = "dlg-socks"
    assistant.respond(sender, "s1", "mens backpacks")
    assistant.respond(sender, "s2", "add the 1st")
    [socks] = assistant.respond(sender, "s3", "add some socks")
    assert "don't sell socks" in socks.text and list(assistant.store.cart(sender).values()) == [1]


def test_set44_a_wrong_item_before_the_exchange_question_and_gear_that_isnt_clothing(assistant):
    from recsys.assistant.dialogue import split_asks

    assert assistant.shop.parser.parse("something that isn't clothing").filters.no_apparel
    sender = "dlg-s44-hero"
    answers = assistant.respond(sender, "h1", "I ordered the Hero Hoodie in green and got a gray one. Can I "
                                              "exchange it?")
    assert not any("comes in" in a.text for a in answers)  # the exchange, not the hoodie's colours
    assert len(split_asks("I ordered the Hero Hoodie in green and got a gray one. Can I exchange it?")) == 2


def test_set44_the_colour_received_is_not_wanted_and_the_cheapest_of_a_kind_added(assistant):
    parse = assistant.shop.parser.parse
    assert parse("this came today in yellow but I ordered it in black. do you have this one in black?") \
        .filters.colors == ("Black",)
    assert parse("it came in blue").filters.colors == ("Blue",)  # no "but": the colour as said
    sender = "dlg-s44-band"
    assistant.respond(sender, "b1", "resistance bands under 20")
    assistant.respond(sender, "b2", "add the cheapest band")
    assert list(assistant.store.cart(sender)) == ["24-UG02"]
    assistant.respond(sender, "p1", "mens pants")
    assistant.respond(sender, "p2", "price high to low")
    [cheaper] = assistant.respond(sender, "p3", "the first one's too pricey. anything under 60?")
    assert cheaper.products and all(v.payload()["price"] <= 60 for v in cheaper.products)


def test_charged_twice_after_an_order_is_no_wrong_item():
    from recsys.scene.cues import ITEM_PROBLEM

    assert not ITEM_PROBLEM.search("i ordered stuff for the whole family and got charged twice??")
    assert ITEM_PROBLEM.search("I ordered the Hero Hoodie in green and got a gray one.")


def test_set45_which_of_those_is_best_for_a_need_quotes_the_listing(assistant):
    sender = "dlg-s45-warm"
    assistant.respond(sender, "w1", "mens hoodies under 60")
    [warmest] = assistant.respond(sender, "w2", "which is the warmest?")
    assert warmest.list_kind == "focus" and "warm" in warmest.text.lower() and "I'd go for the" in warmest.text
    [hot] = assistant.respond(sender, "w3", "which of them is best for really hot days?")
    assert "I'd go for the" in hot.text
    assistant.respond(sender, "w4", "womens sports bras")
    [impact] = assistant.respond(sender, "w5", "wich one is best for high impact?")
    assert "impact" in impact.text.lower() or "support" in impact.text.lower()
    assert not assistant.respond(sender, "w6", "which is the cheapest?")[0].text.startswith("Of those, I'd go")


def test_set45_who_it_is_for_said_after_the_ask_and_a_swap_to_a_named_product(assistant):
    parts = split_asks("I don't really know what I want. Something cozy to wear after workouts? I'm a guy")
    assert parts == ["I don't really know what I want. Something cozy to wear after workouts? I'm a guy"]
    sender = "dlg-s45-swap"
    assistant.respond(sender, "s1", "sweatshirts")
    assistant.respond(sender, "s2", "highest price first")  # the Grayson is no longer on screen
    assistant.respond(sender, "s3", "add the Hollister Backyard Sweatshirt in green, M")
    assistant.respond(sender, "s4", "hmm, swap it for the Grayson Crewneck Sweatshirt instead, white, same size")
    assert list(assistant.store.cart(sender)) == ["MH11"]
    assert assistant.store.cart_variants(sender)["MH11"] == ("M", "White")


def test_set45_a_name_after_a_comparison_and_that_one_after_a_question_are_chosen(assistant):
    sender = "dlg-s45-pick"
    assistant.respond(sender, "p1", "men's watches under 50")
    assistant.respond(sender, "p2", "difference between the Aim Analog Watch and the Endurance Watch?")
    assistant.respond(sender, "p3", "ok the Endurance")
    assert list(assistant.store.cart(sender)) == ["24-MG01"]
    assistant.respond(sender, "p4", "is the Aim Analog Watch waterproof?")
    assistant.respond(sender, "p5", "ok, that one then")
    assert list(assistant.store.cart(sender)) == ["24-MG01", "24-MG04"]
    assistant.respond(sender, "p6", "ok two things then: the jump rope and the foam roller")
    assert set(assistant.store.cart(sender)) == {"24-MG01", "24-MG04", "24-UG04", "24-WG088"}


def test_set47_colours_left_out_add_up_and_a_colour_asked_for_lifts_its_exclusion(assistant):
    parse = assistant.shop.parser.parse
    assert parse("he won't touch anything yellow").filters.exclude_colors == ("Yellow",)
    assert parse("Nothing with green in it, please.").filters.exclude_colors == ("Green",)
    sender = "dlg-s47-colours"
    assistant.respond(sender, "c1", "I can't stand anything red. Looking for a men's hoodie.")
    assistant.respond(sender, "c2", "nothing gray either")
    assert set(assistant.store.preferences(sender)["not_color"].split(",")) == {"Red", "Gray"}
    [tees] = assistant.respond(sender, "c3", "ok what about t-shirts")
    assert tees.products and not any({"Red", "Gray"} & set(v.payload()["colors"]) for v in tees.products)
    assistant.respond(sender, "c4", "show me red ones then")
    assert assistant.store.preferences(sender)["not_color"] == "Gray"


def test_set47_a_budget_or_size_said_again_replaces_the_old_one(assistant):
    from recsys.scene.cues import meant_size

    assert meant_size("sorry, 31 - I always get that wrong") == "31"
    assert assistant.shop.parser.parse("she's a medium, and 50 max").filters.max_price == 50
    sender = "dlg-s47-budget"
    assistant.respond(sender, "b1", "women's hoodies in size S, budget $50 at most")
    [again] = assistant.respond(sender, "b2", "Sorry, I meant $60, not $50.")
    assert again.products and max(v.payload()["price"] for v in again.products) > 50
    assert all(v.payload()["price"] <= 60 for v in again.products)
    assistant.respond(sender, "b3", "actually make that 70")
    assert assistant.store.preferences(sender)["max_price"] == "70"


def test_set47_a_kind_named_before_take_them_out_is_the_item_removed(assistant):
    sender = "dlg-s47-remove"
    assistant.respond(sender, "r1", "black leggings for yoga, size 28")
    assistant.respond(sender, "r2", "add the first one in 28")
    assistant.respond(sender, "r3", "do you sell water bottles?")
    assistant.respond(sender, "r4", "add the water bottle too")
    assistant.respond(sender, "r5", "actually I've changed my mind about the leggings, take them out")
    assert list(assistant.store.cart(sender)) == ["24-UG06"]
    assistant.respond(sender, "r6", "tees")
    assistant.respond(sender, "r7", "add the 1st in M")
    assistant.respond(sender, "r8", "actualy remove it, ill get the 2nd")
    assert len(assistant.store.cart(sender)) == 2 and "24-UG06" in assistant.store.cart(sender)


def test_set46_phone_price_signs_and_a_range_said_again(assistant):
    parse = assistant.shop.parser.parse
    assert parse("<50").filters.max_price == 50 and parse(">30 please").filters.min_price == 30
    sender = "dlg-s46-range"
    assistant.respond(sender, "r1", "any bags under 35?")
    [again] = assistant.respond(sender, "r2", "hmm make that 35 to 50 actually")  # a range: not "under 35"
    assert again.products and all(35 <= v.payload()["price"] <= 50 for v in again.products)


def test_set46_same_colour_and_budget_for_someone_else_and_same_size_for_the_next_add(assistant):
    sender = "dlg-s46-same"
    assistant.respond(sender, "s1", "women's jackets in black, up to $70")
    [mens] = assistant.respond(sender, "s2", "And now the men's ones, same colour and budget.")
    assert mens.products and all(v.payload()["price"] <= 70 and "Black" in v.payload()["colors"]
                                 for v in mens.products)
    sender = "dlg-s46-plus"
    assistant.respond(sender, "p1", "womens pants size 29 under 50")
    assistant.respond(sender, "p2", "1 vs 3")
    assistant.respond(sender, "p3", "3rd. 29. black")
    assistant.respond(sender, "p4", "+ the 1st, same size n colour")
    variants = assistant.store.cart_variants(sender)
    assert len(variants) == 2 and set(variants.values()) == {("29", "Black")}


def test_set46_a_name_beats_a_kind_word_and_forget_the_second_one(assistant):
    sender = "dlg-s46-leah"
    assistant.respond(sender, "l1", "I love the Leah Yoga Top. Is it available in size L, and how much is it?")
    assistant.respond(sender, "l2", "Could you show me other women's tops like it, under $35, in purple?")
    assistant.respond(sender, "l3", "Please add the Leah top in purple, size L.")
    assert list(assistant.store.cart(sender)) == ["WT05"]
    assistant.respond(sender, "l4", "And the second one from that list too, purple, L.")
    assert len(assistant.store.cart(sender)) == 2 and assistant.store.cart(sender)["WT05"] == 1
    assistant.respond(sender, "l5", "Actually, forget the second one. Just the Leah top.")
    assert list(assistant.store.cart(sender)) == ["WT05"]


def test_set46_the_cheapest_jacket_is_any_jacket_and_the_cheapest_bottle_a_bottle(assistant):
    sender = "dlg-s46-cheapest"
    assistant.respond(sender, "c1", "mens jackets under 50")
    assistant.respond(sender, "c2", "I'll take the cheapest jacket in size L, in red.")
    assert list(assistant.store.cart(sender)) == ["MJ01"]  # the Beaumont Summit Kit has no "jacket" in its title
    assistant.respond(sender, "c3", "Ok. Also add your cheapest water bottle.")
    assert list(assistant.store.cart(sender)) == ["MJ01", "24-UG06"]


def test_set49_changes_of_mind_in_the_cart(assistant):
    from recsys.scene.cues import meant_size

    assert meant_size("Oh, sorry, I meant a small, not a medium.") == "S"
    sender = "dlg-s49-swap"
    assistant.respond(sender, "w1", "mens hoodies")
    assistant.respond(sender, "w2", "add the 2nd one, M")
    assistant.respond(sender, "w3", "nah. swap for the first one")
    [(pid, variant)] = assistant.store.cart_variants(sender).items()
    assert variant[0] == "M" and len(assistant.store.cart(sender)) == 1
    assistant.respond(sender, "w4", "hmm actually no take it out")
    assert not assistant.store.cart(sender)
    assistant.respond(sender, "w5", "wait no put it back, ill risk it")
    assert list(assistant.store.cart(sender)) == [pid]
    assistant.respond(sender, "w6", "take it out")
    assistant.respond(sender, "w7", "actually the 3rd")
    assert len(assistant.store.cart(sender)) == 1 and pid not in assistant.store.cart(sender)


def test_set49_remove_the_bra_is_the_bra_not_the_tank_and_a_stretched_budget(assistant):
    sender = "dlg-s49-bra"
    assistant.respond(sender, "b1", "I'd like to see women's sports bras, please.")
    assistant.respond(sender, "b2", "Add the first one in a small.")
    [bra] = list(assistant.store.cart(sender))
    assistant.respond(sender, "b3", "Could you show me women's tank tops as well?")
    assistant.respond(sender, "b4", "Add the second one, also in a small, please.")
    assistant.respond(sender, "b5", "Actually, remove the bra. I'll think about it.")
    assert bra not in assistant.store.cart(sender) and len(assistant.store.cart(sender)) == 1
    assert assistant.shop.parser.parse("Actually, I could stretch to $50.").filters.max_price == 50


def test_review_of_the_new_cues_no_false_readings(assistant):
    """What a review of the set 45-49 cues found them misreading, kept as it should be."""
    from recsys.assistant.product_search import SAME_KEPT
    from recsys.scene.cues import meant_size

    parse = assistant.shop.parser.parse
    assert split_asks("if you have it, i'll take it") == ["if you have it, i'll take it"]
    assert meant_size("is it actually large enough for a laptop?") is None
    assert meant_size("no, 40, I can't spend more than that") is None
    for text in ("love it <3", "size 34 -> 36", "i need 12 tops for my soccer team", "waist 32 max"):
        f = parse(text).filters
        assert f.max_price is None and f.min_price is None, text
    assert parse("not tanks, tees please").filters.exclude_kinds == ("tank",)
    assert {k for k, r in SAME_KEPT.items() if r.search("same size but a different colour")} == {"sizes"}
    sender = "dlg-review-bottle"
    assistant.respond(sender, "r1", "foam roller")
    assistant.respond(sender, "r2", "add the Sprite Foam Roller")
    assistant.respond(sender, "r3", "remove the water bottle")
    assert "24-WG088" in assistant.store.cart(sender)  # no bottle in the cart: the roller stays
