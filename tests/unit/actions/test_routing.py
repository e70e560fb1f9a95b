"""Routing a user turn by scene: action_track_scene decides it, the answering actions follow it."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.actions import (
    ActionRecommendProducts,
    ActionSceneFallback,
    ActionSearchProducts,
    ActionServiceAnswer,
    ActionTrackScene,
)
from recsys.assistant import replies
from tests.unit.actions.helpers import LISTEN, answer_events, custom, slots_set, texts


def scene_turn_on(tracker, run_action, after_action):
    """action_track_scene on a tracker, then the tracker the answering action receives."""
    _, events = run_action(ActionTrackScene(), tracker)
    return after_action(tracker, "action_track_scene", events)


def scene_turn(name, tracker_from, run_action, after_action, **overrides):
    """action_track_scene on the fixture's turn, then the tracker the answering action receives."""
    return scene_turn_on(tracker_from(name, **overrides), run_action, after_action)


@pytest.mark.parametrize("fixture, scene", [("scene_search", "search"), ("scene_recommend", "recommend"),
                                            ("scene_service", "service"), ("scene_chitchat", "chitchat")])
def test_track_scene_sets_the_scene_slots(fixture, scene, tracker_from, run_action):
    messages, events = run_action(ActionTrackScene(), tracker_from(fixture))
    slots = slots_set(events)
    assert set(slots) == {"previous_scene", "scene", "scene_probs"}
    assert slots["scene"] == scene and slots["previous_scene"] is None
    assert max(slots["scene_probs"], key=slots["scene_probs"].get) == scene
    [shown] = custom(messages, "scene")  # the shop widget's "Why?" panel
    assert shown["scene"] == scene and shown["probs"] == slots["scene_probs"]
    assert texts(messages) == []  # tracking the scene says nothing to the shopper


def test_track_scene_sends_the_scene_panel_only_to_the_shop_channel(tracker_from, run_action):
    tracker = tracker_from("scene_chitchat")
    for event in tracker.events:
        if event["event"] == "user":
            event["input_channel"] = "rest"
    messages, events = run_action(ActionTrackScene(), tracker)
    assert messages == [] and slots_set(events)["scene"] == "chitchat"


def test_product_search_answers_with_a_products_payload(tracker_from, run_action, after_action):
    messages, events = run_action(ActionSearchProducts(),
                                  scene_turn("scene_search", tracker_from, run_action, after_action))
    assert texts(messages)[0].startswith("Here are 5 options (hoodies & sweatshirts, for men, under $60)")
    [payload] = custom(messages, "products")
    assert payload["scene"] == "search" and payload["filters"] == ["hoodies & sweatshirts", "for men", "under $60"]
    assert all(p["price"] <= 60 for p in payload["products"])
    assert events == [SlotSet("shown_products", [p["id"] for p in payload["products"]]), LISTEN]


def test_recommendation_ask_answers_with_a_products_payload(tracker_from, run_action, after_action):
    messages, events = run_action(ActionRecommendProducts(),
                                  scene_turn("scene_recommend", tracker_from, run_action, after_action))
    assert texts(messages)[0].startswith("Here are some ideas:")
    [payload] = custom(messages, "products")
    assert payload["scene"] == "recommend" and len(payload["products"]) == 5
    assert events == [SlotSet("shown_products", [p["id"] for p in payload["products"]]), LISTEN]


def test_delivery_question_answers_with_the_delivery_policy(tracker_from, run_action, after_action, assistant):
    messages, events = run_action(ActionServiceAnswer(),
                                  scene_turn("scene_service", tracker_from, run_action, after_action))
    assert texts(messages) == [assistant.policies["delivery_info"]]
    assert custom(messages, "products") == [] and events == [LISTEN]


def test_the_turns_act_decides_the_answer_not_the_intents_handler(tracker_from, run_action, assistant):
    # DIET called a return question a search; the turn model reads it as a return question.
    tracker = tracker_from("scene_search", latest_message={"text": "can I send it back?"},
                           slots={"scene": "service", "scene_probs": {"service": 0.9, "search": 0.1}})
    messages, events = run_action(ActionSearchProducts(), tracker)
    assert texts(messages) == [assistant.policies["return_request"]]
    assert custom(messages, "products") == [] and answer_events(events) == [LISTEN]


def test_unsure_scene_leaves_the_turn_to_the_intents_handler(tracker_from, run_action):
    tracker = tracker_from("scene_search", slots={"scene": "service", "scene_probs": {"service": 0.5, "search": 0.5}})
    messages, events = run_action(ActionSearchProducts(), tracker)
    [payload] = custom(messages, "products")
    assert payload["scene"] == "search" and slots_set(events)["shown_products"]


def test_nlu_fallback_is_answered_by_the_scene_slot(tracker_from, run_action, after_action):
    tracker = scene_turn("scene_recommend", tracker_from, run_action, after_action,
                         latest_message={"intent": {"name": "nlu_fallback", "confidence": 0.45}})
    messages, _ = run_action(ActionSceneFallback(), tracker)
    [payload] = custom(messages, "products")
    assert payload["scene"] == "recommend"


def test_out_of_scope_small_talk_gets_the_out_of_scope_response(tracker_from, run_action):
    tracker = tracker_from("scene_chitchat", latest_message={"text": "what's the weather like on mars?",
                                                             "intent": {"name": "out_of_scope", "confidence": 0.9}},
                           slots={"scene": "chitchat"})
    messages, events = run_action(ActionSceneFallback(), tracker)
    assert texts(messages) == [replies.OUT_OF_SCOPE] and answer_events(events) == [LISTEN]


def test_a_message_in_another_language_gets_an_honest_english_only_reply(tracker_from, run_action):
    from recsys.assistant.replies import ENGLISH_ONLY

    tracker = tracker_from("scene_chitchat", latest_message={"text": "hola, ¿dónde está mi pedido? no llega nunca",
                                                            "intent": {"name": "search_product", "confidence": 0.6}})
    messages, events = run_action(ActionTrackScene(), tracker)
    assert texts(messages) == [ENGLISH_ONLY]
    assert slots_set(events)["scene"] == "chitchat"
    # the turn ends there, whatever handler DIET's guess would have run next
    assert {"event": "followup", "name": "action_listen"} in [{k: e.get(k) for k in ("event", "name")}
                                                              for e in events]


def test_rasa_shell_gets_the_product_list_as_text_without_raw_json(tracker_from, run_action, after_action):
    tracker = tracker_from("scene_search")
    for event in tracker.events:
        if event["event"] == "user":
            event["input_channel"] = "cmdline"  # `rasa shell`
    messages, events = run_action(ActionSearchProducts(), scene_turn_on(tracker, run_action, after_action))
    assert [m for m in messages if m.get("custom")] == []
    [text] = texts(messages)
    assert text.startswith("Here are 5 options") and "\n1. " in text and "\n5. " in text
    assert slots_set(events)["shown_products"]  # "the second one" still works afterwards


def test_socketio_clients_get_a_carousel_never_our_payload(tracker_from, run_action, after_action):
    tracker = tracker_from("scene_search")
    for event in tracker.events:
        if event["event"] == "user":
            event["input_channel"] = "socketio"  # rasa-webchat, Rasa's chat widget
    messages, _ = run_action(ActionSearchProducts(), scene_turn_on(tracker, run_action, after_action))
    assert [m for m in messages if m.get("custom")] == []
    [text] = texts(messages)
    assert "\n1. " in text  # the list in words, for clients that show no carousel
    [attachment] = [m["attachment"] for m in messages if m.get("attachment")]
    elements = attachment["payload"]["elements"]
    assert attachment["type"] == "template" and attachment["payload"]["template_type"] == "generic"
    assert len(elements) == 5 and all(e["title"] and e["image_url"] for e in elements)
    second = elements[1]["title"]
    assert elements[1]["buttons"][0]["title"] == "Add to cart" and elements[1]["buttons"][0]["type"] == "postback"
    assert elements[1]["buttons"][0]["payload"].startswith(f"add the {second} (")


@pytest.mark.parametrize("action, fixture, scene", [(ActionSearchProducts, "scene_search", "search"),
                                                    (ActionServiceAnswer, "scene_service", "service")])
def test_an_answering_action_decides_the_scene_itself_in_one_call(action, fixture, scene, tracker_from, run_action,
                                                                  after_action):
    """Rasa runs it straight after the message: it tracks the turn, then answers; once, however reached."""
    messages, events = run_action(action(), tracker_from(fixture))
    slots = slots_set(events)
    assert slots["scene"] == scene and slots["previous_scene"] is None and set(slots["scene_probs"]) >= {scene}
    [panel] = custom(messages, "scene")  # the "Why?" panel first, then the answer
    assert messages[0]["custom"] is panel and panel["scene"] == scene
    assert texts(messages)  # answered in the same call
    if scene == "search":
        assert slots["shown_products"] and custom(messages, "products")
    # After action_track_scene (a response's turn, or an older Rasa model): no second decision.
    messages, events = run_action(action(), scene_turn(fixture, tracker_from, run_action, after_action))
    assert custom(messages, "scene") == [] and not {"scene", "previous_scene"} & set(slots_set(events))


def test_the_scene_slot_says_which_scene_answered_the_turn(tracker_from):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.actions import _send_all
    from recsys.assistant.views import Answer

    tracker = tracker_from("scene_search", slots={"scene": "search"})
    events = _send_all(CollectingDispatcher(), tracker, [Answer("We match prices.", kind="service")], "search")
    assert slots_set(events)["scene"] == "service"
    same = _send_all(CollectingDispatcher(), tracker, [Answer("Here you are.", kind="search")], "search")
    assert "scene" not in slots_set(same)


def test_an_order_number_in_one_clause_starts_the_look_up_with_it(tracker_from):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.actions import _send_all
    from recsys.assistant.views import Answer

    tracker = tracker_from("scene_search", slots={"scene": "search"})
    # "can you look up my order 1001? I want to return something from it": the number wins
    for answers in ([Answer("", start_order="1001"), Answer("", start_order="")],
                    [Answer("", start_order=""), Answer("", start_order="1001")]):
        events = _send_all(CollectingDispatcher(), tracker, answers, "service")
        assert slots_set(events).get("order_number") == "1001"
        assert [e["name"] for e in events if e["event"] == "followup"] == ["order_form"]
    events = _send_all(CollectingDispatcher(), tracker, [Answer("", start_order="")], "service")
    assert "order_number" not in slots_set(events) and any(e["event"] == "followup" for e in events)


def test_an_answer_ends_the_turn_outside_a_form_but_not_inside_one(tracker_from, run_action, after_action):
    # Outside a form every rule ends with the answer: the action says so, and Rasa listens without
    # asking its policies again. During the order look-up the rules go back to the form instead.
    turn = scene_turn("scene_search", tracker_from, run_action, after_action)
    _, events = run_action(ActionSearchProducts(), turn)
    assert events[-1] == LISTEN and events.count(LISTEN) == 1
    in_form = scene_turn("scene_search", tracker_from, run_action, after_action,
                         active_loop={"name": "order_form"})
    _, events = run_action(ActionSearchProducts(), in_form)
    assert slots_set(events)["shown_products"] and LISTEN not in events
