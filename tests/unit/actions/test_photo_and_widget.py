"""A photo sent with no words, and clicks in the shop widget."""

from __future__ import annotations

import shutil

import pytest

from actions.actions import ActionRecommendProducts, ActionSearchProducts, ActionTrackScene, ActionWidgetEvent
from tests.unit.actions.helpers import LISTEN, answer_events, custom, slots_set, texts

UPLOAD_ID = "0123456789abcdef0123456789abcdef"  # the image_id in photo_only.json


@pytest.fixture
def uploaded_hoodie_photo(assistant):
    """The Chaz Kangeroo Hoodie's catalog photo, stored as the shop channel stores an upload."""
    product = assistant.products["MH01"]
    upload = assistant.settings.upload_dir / f"{UPLOAD_ID}.img"
    upload.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(assistant.image_root / product.image, upload)
    yield product
    upload.unlink(missing_ok=True)


def test_bare_photo_is_a_search_scene(tracker_from, run_action, uploaded_hoodie_photo):
    _, events = run_action(ActionTrackScene(), tracker_from("photo_only"))
    assert slots_set(events)["scene"] == "search"


def test_bare_photo_searches_by_the_picture(tracker_from, run_action, uploaded_hoodie_photo):
    messages, events = run_action(ActionSearchProducts(), tracker_from("photo_only"))
    assert texts(messages)[0].startswith(f"This looks like the {uploaded_hoodie_photo.title}")
    [payload] = custom(messages, "products")
    assert payload["scene"] == "search" and payload["products"][0]["id"] == uploaded_hoodie_photo.id
    assert slots_set(events)["shown_products"][0] == uploaded_hoodie_photo.id


def test_photo_that_is_gone_gets_an_apology_not_a_search(tracker_from, run_action):
    messages, events = run_action(ActionSearchProducts(), tracker_from("photo_only"))  # nothing uploaded
    assert texts(messages) == ["Sorry, I couldn't use that photo: that photo is no longer available; "
                               "please attach it again."]
    assert custom(messages, "products") == [] and answer_events(events) == [LISTEN]


def test_add_to_cart_click_is_confirmed_and_recorded(tracker_from, run_action, assistant):
    tracker = tracker_from("widget_add_to_cart")
    messages, events = run_action(ActionWidgetEvent(), tracker)
    assert texts(messages) == ["Added the Chaz Kangeroo Hoodie to your cart."] and events == [LISTEN]
    assert assistant.store.cart(tracker.sender_id) == {"MH01": 1}


def test_unknown_widget_event_is_ignored(tracker_from, run_action, assistant):
    tracker = tracker_from("widget_unknown_event")
    messages, events = run_action(ActionWidgetEvent(), tracker)
    assert messages == [] and events == [LISTEN]
    assert assistant.store.events(tracker.sender_id) == []


def test_photo_that_is_gone_does_not_stop_scene_tracking(tracker_from, run_action):
    messages, events = run_action(ActionTrackScene(), tracker_from("photo_only"))  # nothing uploaded
    assert slots_set(events)["scene"] in {"search", "recommend", "service", "chitchat"}
    assert texts(messages) == []  # the answering action apologises, not the tracker


def more_like_this(tracker_from, run_action, after_action):
    tracker = tracker_from("widget_more_like_this")
    _, events = run_action(ActionTrackScene(), tracker)
    messages, _ = run_action(ActionRecommendProducts(), after_action(tracker, "action_track_scene", events))
    return tracker, messages


def test_more_like_this_click_is_recorded_and_recommends_around_the_product(tracker_from, run_action,
                                                                            after_action, assistant):
    tracker, messages = more_like_this(tracker_from, run_action, after_action)
    assert assistant.store.events(tracker.sender_id) == [("more_like_this", "MH01")]
    [payload] = custom(messages, "products")
    assert payload["scene"] == "recommend" and payload["products"]
    assert "MH01" not in [p["id"] for p in payload["products"]]


@pytest.mark.xfail(strict=True, reason="actions._recommend passes the shortcut's empty text, so recommend() cannot "
                                       "tell 'More like this' from 'what goes with it' and answers with complements")
def test_more_like_this_click_recommends_similar_products(tracker_from, run_action, after_action, assistant):
    _, messages = more_like_this(tracker_from, run_action, after_action)
    assert texts(messages)[0].startswith("Similar to the Chaz Kangeroo Hoodie:")
    [payload] = custom(messages, "products")
    leaf = assistant.products["MH01"].category_leaf
    assert all(assistant.products[p["id"]].category_leaf == leaf for p in payload["products"])


def test_a_photo_routed_to_service_is_a_product_to_find(tracker_from, run_action, uploaded_hoodie_photo):
    from actions.actions import ActionServiceAnswer

    said = "If it's really lost I'd rather just buy it again straight away. This is the hoodie that was in it."
    tracker = tracker_from("photo_only", latest_message={"text": said, "intent": {"name": "return_request"}})
    messages, _ = run_action(ActionServiceAnswer(), tracker)
    [payload] = custom(messages, "products")
    assert payload["products"][0]["id"] == uploaded_hoodie_photo.id


def test_a_photo_of_a_broken_purchase_stays_a_service_question(tracker_from, run_action, uploaded_hoodie_photo):
    from actions.actions import ActionServiceAnswer

    said = "this hoodie came yesterday and the zip is already broken"
    tracker = tracker_from("photo_only", latest_message={"text": said, "intent": {"name": "return_request"}})
    messages, _ = run_action(ActionServiceAnswer(), tracker)
    assert not custom(messages, "products") and "30 days" in " ".join(texts(messages))
