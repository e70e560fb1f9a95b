"""End to end: the real action server and the real Rasa server (trained model, cached by
scripts/train_rasa.sh), a multi-turn conversation over the REST channel that crosses scenes,
then the stored context read back from the database."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.stack import TOKEN

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def servers(chat_stack):
    return chat_stack


def say(servers, sender: str, text: str, metadata: dict | None = None) -> tuple[str, list[dict]]:
    body = {"sender": sender, "message": text, "metadata": metadata or {}}
    resp = requests.post(f"{servers['rasa']}/webhooks/rest/webhook", json=body, timeout=60)
    resp.raise_for_status()
    messages = resp.json()
    texts = "\n".join(m.get("text", "") for m in messages if m.get("text"))
    products = [p for m in messages if isinstance(m.get("custom"), dict) for p in m["custom"].get("products", [])]
    return texts, products


def slots(servers, sender: str) -> dict:
    resp = requests.get(f"{servers['rasa']}/conversations/{sender}/tracker?token={TOKEN}", timeout=30)
    resp.raise_for_status()
    return resp.json()["slots"]


def test_conversation_crosses_scenes_and_keeps_context(servers):
    from recsys.catalog import load_catalog
    from recsys.settings import load_settings
    from recsys.storage.context_store import ContextStore
    from recsys.storage.orm import make_session_factory

    sender = "shopper-e2e"
    settings = load_settings(servers["env"])
    products = {p.id: p for p in load_catalog(settings.catalog_path).products}

    text, _ = say(servers, sender, "hi")
    assert "help" in text.lower()
    assert slots(servers, sender)["scene"] == "chitchat"

    text, shown = say(servers, sender, "show me men's hoodies under $60")
    assert len(shown) == 5, text
    assert all(p["price"] <= 60 and products[p["id"]].gender in ("Men", "Unisex") for p in shown)
    assert all({"id", "title", "price", "image", "reason"} <= set(p) for p in shown)
    assert slots(servers, sender)["scene"] == "search"

    text, _ = say(servers, sender, "can I return the second one?")
    assert shown[1]["title"] in text and "30 days" in text
    state = slots(servers, sender)
    assert state["scene"] == "service" and state["previous_scene"] == "search"

    text, jackets = say(servers, sender, "ok, now show me some jackets")
    assert jackets, text
    assert all(p["price"] <= 60 and "Jackets" in p["category"] for p in jackets)
    assert "under $60" in text and "kept your earlier" in text

    text, recs = say(servers, sender, "what would go well with the first one?")
    assert recs and jackets[0]["id"] not in [p["id"] for p in recs]
    assert slots(servers, sender)["scene"] == "recommend"

    text, _ = say(servers, sender, "where is my order?")
    assert "order number" in text.lower()
    text, _ = say(servers, sender, "1001")
    assert "email" in text.lower()
    text, _ = say(servers, sender, "roni_cost@example.com")
    assert "Order 1001" in text and "shipped" in text

    store = ContextStore(make_session_factory(settings.resolved_database_url))
    turns = store.turns(sender)
    assert [t.text for t in turns][:5] == ["hi", "show me men's hoodies under $60", "can I return the second one?",
                                          "ok, now show me some jackets", "what would go well with the first one?"]
    assert [t.scene for t in turns][:5] == ["chitchat", "search", "service", "search", "recommend"]
    assert len(turns) == 8 and all(t.probs for t in turns)
    assert store.preferences(sender) == {"gender": "Men", "max_price": "60"}
    # the verified order's items are now the newest list ("can I return it?" means them), the
    # recommendations the one before
    lists = store.recent_lists(sender)
    assert (lists[0].kind, lists[0].product_ids) == ("order", ["WS03"])
    assert (lists[1].kind, lists[1].product_ids) == ("recommend", [p["id"] for p in recs])


def test_other_sender_cannot_read_the_order(servers):
    say(servers, "intruder", "where is my order 1001")
    text, _ = say(servers, "intruder", "attacker@example.com")
    assert "couldn't find" in text and "WS03" not in text and "shipped" not in text


def test_empty_and_gibberish_messages_get_a_reply(servers):
    for message in ["", "asdkjh qwpoe zzz", "🙂🙂🙂"]:
        resp = requests.post(f"{servers['rasa']}/webhooks/rest/webhook",
                             json={"sender": "edge", "message": message}, timeout=60)
        assert resp.status_code == 200
        if message:
            assert any(m.get("text") for m in resp.json()), message
    assert "Traceback" not in servers["action_log"].read_text()


def _catalog_photo_bytes(settings, product_id: str, fmt: str = "JPEG") -> bytes:
    import io

    from PIL import Image

    from recsys.catalog import load_catalog

    product = next(p for p in load_catalog(settings.catalog_path).products if p.id == product_id)
    with Image.open(settings.catalog_path.parent / product.image) as im:
        shot = im.convert("RGB").crop((15, 15, im.width - 15, im.height - 15)).transpose(Image.FLIP_LEFT_RIGHT)
    buffer = io.BytesIO()
    shot.save(buffer, format=fmt)
    return buffer.getvalue()


def test_photo_search_over_rest_metadata(servers):
    import base64

    from recsys.settings import load_settings

    settings = load_settings(servers["env"])
    inline = "data:image/jpeg;base64," + base64.b64encode(_catalog_photo_bytes(settings, "WJ01")).decode()
    text, shown = say(servers, "photo-rest", "do you have this?", {"image": inline})
    assert shown and shown[0]["id"] == "WJ01", text
    assert shown[0]["why"]["image_similarity"] > 0.8 and "looks like" in shown[0]["reason"]
    text, _ = say(servers, "photo-rest", "find this", {"image": "data:image/jpeg;base64,bm90IGEgcGhvdG8="})
    assert "couldn't use that photo" in text
    # a photo with no words is a photo search over plain REST too, not a greeting
    text, shown = say(servers, "photo-rest-bare", "", {"image": inline})
    assert shown and shown[0]["id"] == "WJ01", text
    assert slots(servers, "photo-rest-bare")["scene"] == "search"


def test_photo_upload_then_bare_photo_message_on_the_shop_channel(servers):
    from recsys.settings import load_settings

    settings = load_settings(servers["env"])
    shop = f"{servers['rasa']}/webhooks/shop"
    resp = requests.post(f"{shop}/upload", files={"image": ("p.png", _catalog_photo_bytes(settings, "24-MB01", "PNG"),
                                                            "image/png")}, timeout=30)
    assert resp.status_code == 200, resp.text
    image_id = resp.json()["image_id"]
    assert (settings.upload_dir / f"{image_id}.img").is_file()
    resp = requests.post(f"{shop}/webhook", json={"sender": "photo-shop", "message": "",
                                                  "metadata": {"image_id": image_id}}, timeout=60)
    resp.raise_for_status()
    products = [p for m in resp.json() if isinstance(m.get("custom"), dict) for p in m["custom"].get("products", [])]
    assert products and products[0]["id"] == "24-MB01", resp.json()
    assert slots(servers, "photo-shop")["scene"] == "search"

    bad = requests.post(f"{shop}/upload", files={"image": ("x.jpg", b"<script>alert(1)</script>", "image/jpeg")},
                        timeout=30)
    assert bad.status_code == 415 and "not a photo" in bad.json()["error"]
    empty = requests.post(f"{shop}/upload", data=b"", headers={"Content-Type": "text/plain"}, timeout=30)
    assert empty.status_code == 400
    huge = requests.post(f"{shop}/upload", data=b"\xff\xd8" + b"\0" * (6 * 1024 * 1024),
                         headers={"Content-Type": "image/jpeg"}, timeout=30)
    assert huge.status_code == 413
    text, _ = say(servers, "photo-shop", "this one", {"image_id": "../../etc/passwd"})
    assert "couldn't use that photo" in text
    assert "Traceback" not in servers["action_log"].read_text()


def tracker(servers, sender: str) -> dict:
    resp = requests.get(f"{servers['rasa']}/conversations/{sender}/tracker?token={TOKEN}", timeout=30)
    resp.raise_for_status()
    return resp.json()


def test_the_turn_model_is_the_one_understanding_rules_use(servers):
    """Rasa's NLU step asks the action server's turn model; its act is the intent the rules follow."""
    sender = "shopper-understanding"
    text, _ = say(servers, sender, "do you sell laminators?")  # a product of a department the demo shop lacks
    latest = tracker(servers, sender)["latest_message"]
    assert latest["intent"]["name"] == "search_product"
    assert latest["turn_understanding"]["act"] == "search_product"
    assert {"entity": "category", "value": "laminators"}.items() <= latest["entities"][0].items()
    assert "laminators" in text and "outside what I can help with" not in text
    # the action reads the turn back instead of deciding again: one decision, recorded once
    assert slots(servers, sender)["scene"] == latest["turn_understanding"]["scene"] == "search"


def test_another_language_gets_the_english_only_reply(servers):
    from recsys.assistant.replies import ENGLISH_ONLY

    text, products = say(servers, "shopper-hablante", "hola, ¿dónde está mi pedido? lo quiero para el lunes")
    assert text == ENGLISH_ONLY and products == []


def test_understand_endpoint_needs_the_token_and_a_well_formed_body(servers):
    from tests.stack import ACTION_TOKEN

    url = f"http://127.0.0.1:{servers['stack'].action_port}/understand"
    body = {"sender_id": "s-endpoint", "message_id": "m-1", "text": "where is my order 10423", "metadata": {}}
    assert requests.post(url, json=body, timeout=30).status_code == 401
    auth = {"Authorization": f"Bearer {ACTION_TOKEN}"}
    answer = requests.post(url, json=body, headers=auth, timeout=30).json()
    assert answer["act"] == "order_status" and answer["scene"] == "service"
    assert {"slot": "order_number", "value": "10423"}.items() <= answer["slots"][0].items()
    again = requests.post(url, json=body, headers=auth, timeout=30).json()
    assert again == answer  # the same message id: the recorded decision
    for bad in ({}, {**body, "sender_id": "no spaces allowed"}, {**body, "text": 5}, {**body, "message_id": ""},
                [1, 2]):
        assert requests.post(url, json=bad, headers=auth, timeout=30).status_code == 400
    # a channel that cannot say who is talking: read as a first turn, nothing recorded
    anonymous = {**body, "sender_id": None, "message_id": "m-anon", "text": "thanks, bye!"}
    resp = requests.post(url, json=anonymous, headers=auth, timeout=30)
    assert resp.status_code == 200 and resp.json()["scene"] == "chitchat"


def _action_metrics(servers) -> dict[str, float]:
    from tests.stack import ACTION_TOKEN

    text = requests.get(f"http://127.0.0.1:{servers['stack'].action_port}/metrics", timeout=30,
                        headers={"Authorization": f"Bearer {ACTION_TOKEN}"}).text
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


def test_rasa_sends_its_domain_only_to_the_order_forms_validation(servers):
    sender = f"s-domain-{uuid.uuid4().hex[:6]}"
    say(servers, sender, "show me mens hoodies")
    text, _ = say(servers, sender, "where is my order?")
    assert "order number" in text.lower()
    say(servers, sender, "1001")
    metrics = _action_metrics(servers)
    sent = {key: value for key, value in metrics.items() if key.startswith("recsys_action_calls_with_domain_total")}
    assert sent and set(sent) == {'recsys_action_calls_with_domain_total{part="validate_order_form"}'}, sent
    assert metrics.get('recsys_action_requests_total{part="action_search_products:200"}', 0) >= 1


def test_action_server_takes_calls_without_a_domain_and_asks_again_for_a_stale_digest(servers):
    from tests.stack import ACTION_TOKEN

    url = f"http://127.0.0.1:{servers['stack'].action_port}/webhook"
    auth = {"Authorization": f"Bearer {ACTION_TOKEN}"}
    call = {"next_action": "action_show_preferences", "sender_id": "s-no-domain",
            "tracker": {"sender_id": "s-no-domain", "events": [], "slots": {}, "latest_message": {"text": ""}}}
    resp = requests.post(url, json=call, headers=auth, timeout=30)
    assert resp.status_code == 200 and resp.json()["responses"], resp.text  # Rasa 3.6's selective domain
    stale = requests.post(url, json={**call, "domain_digest": "not-a-digest-seen"}, headers=auth, timeout=30)
    assert stale.status_code == 449  # a newer Rasa then sends the whole domain again


def test_helpdesk_sender_ids_are_normalised_not_refused(servers):
    # A helpdesk bridge (e.g. Chatwoot's agent bot) sends its numeric conversation id.
    number = 400000 + uuid.uuid4().int % 100000
    text, shown = say(servers, number, "men's hoodies")
    assert shown, text
    text, _ = say(servers, number, "does the first one come in black?")
    assert shown[0]["title"] in text  # the same conversation: the pointer found the list
    assert slots(servers, str(number)).get("scene") == "search"
    # an id with other characters (an email, a "+") is kept apart from its look-alikes
    text, shown = say(servers, "ann+help@example.com", "show me watches")
    assert shown, text
