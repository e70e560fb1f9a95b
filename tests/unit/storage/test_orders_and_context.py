from recsys.scene.slots import parse_email, parse_order_number
from recsys.storage.context_store import ContextStore
from recsys.storage.orders import SAMPLE_CUSTOMER, OrderBook
from recsys.storage.orm import make_session_factory


def test_parsers():
    assert parse_email("I used Roni_Cost@Example.com, thanks") == "roni_cost@example.com"
    assert parse_order_number("where is my order #1042?") == "1042"
    assert parse_order_number("it's 1007") == "1007"
    assert parse_order_number("It's order 1003.") == "1003"  # a full stop ends the sentence
    assert parse_order_number("a sofa for 1499.99") is None
    assert parse_order_number("under $1000") is None
    assert parse_order_number("alex1234@example.com") is None
    assert parse_order_number("no number here") is None


def test_orders_need_number_and_matching_email(tmp_path):
    from recsys.catalog import load_catalog
    from recsys.settings import SHIPPED_CATALOG

    factory = make_session_factory(f"sqlite:///{tmp_path / 'o.db'}")
    book = OrderBook(factory)
    n = book.seed(load_catalog(SHIPPED_CATALOG).products, None, seed=42)
    assert n == 42 and book.seed([], None, seed=1) == 42  # idempotent
    first = book.lookup("1001", SAMPLE_CUSTOMER)
    assert first is not None and first.items[0][0] == "WS03" and first.status == "shipped"
    assert book.lookup("1001", "someone.else@example.com") is None
    assert book.lookup("999999", SAMPLE_CUSTOMER) is None


def test_turns_are_recorded_once_and_context_survives(tmp_path):
    factory = make_session_factory(f"sqlite:///{tmp_path / 'c.db'}")
    store = ContextStore(factory)
    first = store.record_turn("s1", "m1", "hoodies", "search_product", "search", "search", {"search": 0.9})
    again = store.record_turn("s1", "m1", "hoodies", "search_product", "service", "service", {"service": 0.9})
    assert first.created and not again.created and again.scene == "search"
    store.record_shown(first.id, [("MH01", 0.5, "x"), ("MH02", 0.4, "y")])
    store.record_turn("s1", "m2", "can I return it?", "return_request", "service", "service", {})
    assert store.last_shown("s1") == ["MH01", "MH02"]  # across the scene shift
    store.set_preferences("s1", {"max_price": "60", "gender": "Men"}, first.id, "search")
    store.set_preferences("s1", {"max_price": "80"}, None, "recommend")
    # a fresh store on the same database (a restarted action server) sees everything
    restarted = ContextStore(make_session_factory(f"sqlite:///{tmp_path / 'c.db'}"))
    assert restarted.preferences("s1") == {"max_price": "80", "gender": "Men"}
    assert [t.scene for t in restarted.turns("s1")] == ["search", "service"]
    assert restarted.last_scene("s1") == "service"
    restarted.clear_preferences("s1", ["gender"])
    assert restarted.preferences("s1") == {"max_price": "80"}


def test_a_decision_is_handed_from_the_nlu_read_to_the_action_read_and_the_database_agrees(tmp_path, monkeypatch):
    import recsys.storage.context_store as cs

    url = f"sqlite:///{tmp_path / 'h.db'}"
    store = ContextStore(make_session_factory(url))
    expl = {"understanding": {"act": "search", "slots": []}, "words": [["hoodies", 0.4]]}
    made = store.record_turn("s1", "m1", "hoodies", None, "search", "recommend", {"search": 0.8}, expl)
    handed = store.recorded_turn("s1", "m1")
    handed.explanation["intent"] = "x"  # a caller's change stays its own
    other_host = ContextStore(make_session_factory(url)).recorded_turn("s1", "m1")
    for got in (store.recorded_turn("s1", "m1"), other_host):
        assert (got.id, got.scene, got.raw_scene, got.probs, got.created) == (made.id, "search", "recommend",
                                                                             {"search": 0.8}, False)
        assert got.explanation == expl
    # a hand-off lives seconds: later reads come from the database
    later = cs.time.monotonic() + 61
    monkeypatch.setattr(cs.time, "monotonic", lambda: later)
    assert store._handoff.get("s1", "m1") is None
    assert store.recorded_turn("s1", "m1").explanation == expl
    # the context the next turn sees: the previous turn, its act, the session's turn count, the list on screen
    store.record_shown(made.id, [("MH01", 0.5, "x"), ("MH02", 0.4, "y"), ("MH03", 0.3, "z")])
    store.record_shown(made.id, [("MH01", 0.5, "x"), ("MH02", 0.4, "y")])  # replaces, does not add
    # an answer about one product in the same turn leaves a list of several kept (keep_lists), not a single one
    assert not store.record_shown(made.id, [("MH02", 1.0, "f")], kind="focus", keep_lists=("search",))
    assert store.last_shown("s1") == ["MH01", "MH02"]
    ctx = store.scene_context("s1", before_message_id="m2")
    assert (ctx.previous_scene, ctx.previous_text, ctx.turn_index, ctx.products_on_screen, ctx.previous_act) == (
        "search", "hoodies", 1, 2, "search")
    assert store.scene_context("nobody").previous_scene is None
