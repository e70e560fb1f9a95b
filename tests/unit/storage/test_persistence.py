"""The context store on SQLite and PostgreSQL: migrations, cross-scene records, and concurrent
writers (checked row by row afterwards)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from recsys.storage.context_store import ContextStore, ensure_shopper
from recsys.storage.migrations import current_revision, migrate
from recsys.storage.orders import SAMPLE_CUSTOMER, OrderBook
from recsys.storage.orm import Base, ChatSession, Preference, ProductEvent, Turn, make_engine, make_session_factory


def test_migrations_build_the_models_schema(db_url):
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)  # a second start-up changes nothing
    assert current_revision(engine) == "0003"
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
    engine.dispose()


def test_a_database_from_before_migrations_is_stamped_and_upgraded(db_url):
    engine = make_engine(db_url)
    migrate(engine, "0001")
    with engine.begin() as conn:  # what the first releases left behind: tables, no version table
        conn.execute(text("INSERT INTO shoppers (id, created_at) VALUES ('old', CURRENT_TIMESTAMP)"))
        conn.execute(text("DROP TABLE alembic_version"))
    factory = make_session_factory(db_url)
    assert current_revision(engine) == "0003"
    store = ContextStore(factory)
    store.record_turn("old", "m1", "hi", None, "chitchat", "chitchat", {})
    assert [t.text for t in store.turns("old")] == ["hi"]
    engine.dispose()


def test_cross_scene_records(db_url):
    from recsys.catalog import load_catalog
    from recsys.settings import SHIPPED_CATALOG

    factory = make_session_factory(db_url)
    store, book = ContextStore(factory), OrderBook(factory)
    book.seed(load_catalog(SHIPPED_CATALOG).products, None, seed=42)
    t1 = store.record_turn("s", "m1", "men's hoodies under 60", "search_product", "search", "search", {})
    store.record_shown(t1.id, [("MH01", 0.9, "a"), ("MH02", 0.8, "b")], kind="search")
    store.set_preferences("s", {"gender": "Men", "max_price": "60"}, t1.id, "search")
    t2 = store.record_turn("s", "m2", "can I return it?", "return_request", "service", "service", {})
    store.record_shown(t2.id, [("MH01", 1.0, "focus")], kind="focus")
    store.record_event("s", "MH02", "add_to_cart", t2.id)
    store.record_event("s", "MH02", "add_to_cart", t2.id)
    lists = store.recent_lists("s")
    assert [(sl.kind, sl.scene, sl.product_ids) for sl in lists] == [
        ("focus", "service", ["MH01"]), ("search", "search", ["MH01", "MH02"])]
    assert store.cart("s") == {"MH02": 2}
    # the size and colour chosen for a line: set once, kept when only the other is said later
    assert store.cart_variants("s") == {"MH02": (None, None)}
    assert store.set_cart_variant("s", "MH02", size="XS", color="Blue")
    assert store.set_cart_variant("s", "MH02", size="S")
    assert store.cart_variants("s") == {"MH02": ("S", "Blue")}
    assert not store.set_cart_variant("s", "MH01", size="M")  # not in the cart
    details = {p.key: p for p in store.preference_details("s")}
    assert details["gender"].said == "men's hoodies under 60" and details["gender"].scene == "search"
    assert store.clear_preferences("s", ["size"]) == []  # nothing to forget
    assert store.clear_preferences("s", ["max_price"]) == ["max_price"]
    assert store.preferences("s") == {"gender": "Men"}
    # returns: only for an order this shopper verified, once per item
    assert store.request_return("s", "1001", "WS03", t2.id) is None
    store.record_verified_order("s", "1001", t2.id)
    first = store.request_return("s", "1001", "WS03", t2.id)
    assert first is not None and first[1] is True
    assert store.request_return("s", "1001", "WS03", t2.id) == (first[0], False)
    assert store.request_return("s", "1001", "NOPE", t2.id) is None
    assert store.request_return("intruder", "1001", "WS03", None) is None
    assert store.verified_orders("s") == ["1001"] and store.verified_orders("intruder") == []
    assert ("returned", "WS03") in store.events("s")
    assert book.lookup("1001", SAMPLE_CUSTOMER) is not None
    factory.kw["bind"].dispose()


def test_two_turns_of_one_shopper_at_once(db_url):
    """Both turns are kept, in one chat session, and a retried message is stored once."""
    factory = make_session_factory(db_url)
    store = ContextStore(factory)
    rounds = 15
    for r in range(rounds):
        barrier = threading.Barrier(3)
        shopper = f"twin-{r}"

        def send(message_id: str, text_: str, barrier=barrier, shopper=shopper) -> bool:
            barrier.wait()
            return store.record_turn(shopper, message_id, text_, None, "search", "search", {"search": 1.0}).created

        with ThreadPoolExecutor(3) as pool:
            created = list(pool.map(send, ["a", "b", "a"], ["first", "second", "first"]))
        assert sorted(created) == [False, True, True]
    with factory() as db:
        for r in range(rounds):
            turns = db.scalars(select(Turn).where(Turn.shopper_id == f"twin-{r}")).all()
            assert sorted((t.message_id, t.text) for t in turns) == [("a", "first"), ("b", "second")]
            assert db.scalar(select(func.count()).select_from(ChatSession)
                             .where(ChatSession.shopper_id == f"twin-{r}")) == 1
    factory.kw["bind"].dispose()


def test_fifty_shoppers_at_once(db_url):
    factory = make_session_factory(db_url)
    store = ContextStore(factory)
    shoppers, turns_each = 50, 4
    barrier = threading.Barrier(shoppers)

    def converse(i: int) -> None:
        sender = f"shopper-{i:02d}"
        barrier.wait()
        for t in range(turns_each):
            rec = store.record_turn(sender, f"m{t}", f"{sender} says {t}", None, "search", "search", {"search": 1.0})
            store.record_shown(rec.id, [(f"P{i}-{t}-{r}", 0.5, "") for r in range(3)])
            store.set_preferences(sender, {"size": f"S{i}-{t}", "color": f"C{i}"}, rec.id, "search")
            store.record_event(sender, f"P{i}-{t}-0", "view", rec.id)

    with ThreadPoolExecutor(shoppers) as pool:
        list(pool.map(converse, range(shoppers)))
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(Turn)) == shoppers * turns_each
        for i in range(shoppers):
            sender = f"shopper-{i:02d}"
            turns = db.scalars(select(Turn).where(Turn.shopper_id == sender).order_by(Turn.id)).all()
            assert [t.text for t in turns] == [f"{sender} says {t}" for t in range(turns_each)]
            rows = db.execute(select(Preference.key, Preference.value).where(Preference.shopper_id == sender))
            prefs = {k: v for k, v in rows}
            assert prefs == {"size": f"S{i}-{turns_each - 1}", "color": f"C{i}"}
            events = db.scalars(select(ProductEvent.product_id).where(ProductEvent.shopper_id == sender)
                                .order_by(ProductEvent.id)).all()
            assert events == [f"P{i}-{t}-0" for t in range(turns_each)]
    assert store.last_shown("shopper-07") == [f"P7-{turns_each - 1}-{r}" for r in range(3)]
    factory.kw["bind"].dispose()


def test_cart_counts_concurrent_adds(db_url):
    factory = make_session_factory(db_url)
    store = ContextStore(factory)
    barrier = threading.Barrier(10)

    def add(_):
        barrier.wait()
        store.record_event("cart-shopper", "MH01", "add_to_cart")

    with ThreadPoolExecutor(10) as pool:
        list(pool.map(add, range(10)))
    assert store.cart("cart-shopper") == {"MH01": 10}
    factory.kw["bind"].dispose()


def _wait_for_shopper_lock(url: str, shopper_id: str) -> float:
    """Seconds another host waits for the shopper's row lock (OperationalError after 3 s)."""
    other = make_engine(url)
    try:
        with other.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '3s'"))
            started = time.monotonic()
            conn.execute(text("SELECT id FROM shoppers WHERE id = :id FOR UPDATE"), {"id": shopper_id})
            return time.monotonic() - started
    finally:
        other.dispose()


def test_a_host_that_dies_mid_turn_does_not_keep_the_shoppers_lock(postgres_url):
    # A host that stops talking inside a turn's transaction (killed, or its link cut) leaves the
    # transaction open; the server ends it after the idle-transaction timeout, so the shopper's
    # next message on another host waits that long, not until TCP gives up hours later.
    store = ContextStore(make_session_factory(postgres_url, idle_transaction_timeout_s=1))
    store.record_turn("s", "m1", "hi", None, "chitchat", "chitchat", {})
    silent = make_session_factory(postgres_url, idle_transaction_timeout_s=1)()
    ensure_shopper(silent, "s", lock=True)  # ... and then nothing more from this host
    assert _wait_for_shopper_lock(postgres_url, "s") < 2.5
    with pytest.raises(DBAPIError, match="idle-in-transaction timeout"):  # the server ended its session
        silent.execute(text("SELECT 1"))
    silent.close()

    # Without the timeout the lock stays: the other host gives up after its 3 s lock_timeout.
    stuck = make_session_factory(postgres_url, idle_transaction_timeout_s=0)()
    ensure_shopper(stuck, "s", lock=True)
    with pytest.raises(OperationalError, match="lock timeout"):
        _wait_for_shopper_lock(postgres_url, "s")
    stuck.rollback()
    stuck.close()
