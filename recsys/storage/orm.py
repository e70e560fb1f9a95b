"""SQLAlchemy 2 typed models for the context store and the shop's orders.

Everything the assistant learns in a conversation (turns and their scene, the product lists it
showed, preferences the shopper stated) is written here as it happens, so a scene shift, an
action-server restart or a second worker never loses what was said.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker


def utcnow() -> datetime:
    """The current UTC time without a timezone (every DateTime column is naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of every table (the migrations compare against its metadata)."""


class Shopper(Base):
    """A shopper, keyed by the Rasa sender id."""

    __tablename__ = "shoppers"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)  # Rasa sender id
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    verified_email: Mapped[str | None] = mapped_column(String(255))
    sessions: Mapped[list[ChatSession]] = relationship(back_populates="shopper")


class ChatSession(Base):
    """A run of turns with no gap longer than an hour (Rasa's session expiry)."""

    __tablename__ = "chat_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    shopper: Mapped[Shopper] = relationship(back_populates="sessions")
    turns: Mapped[list[Turn]] = relationship(back_populates="session", order_by="Turn.id")


class Turn(Base):
    """One shopper message, stored once per message id, with its intent and scene decision."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("shopper_id", "message_id", name="uq_turn_message"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("chat_sessions.id"), index=True)
    message_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text, default="")
    intent: Mapped[str | None] = mapped_column(String(64))
    scene: Mapped[str] = mapped_column(String(16))
    raw_scene: Mapped[str] = mapped_column(String(16))
    probs: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    session: Mapped[ChatSession] = relationship(back_populates="turns")
    shown: Mapped[list[ShownProduct]] = relationship(back_populates="turn", order_by="ShownProduct.rank")


class ShownProduct(Base):
    """One product in a list a turn showed, at its rank."""

    __tablename__ = "shown_products"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    # What the shown list was: "search" (a search result), "photo" (a photo search whose first product
    # is the pictured one), "recommend" (recommendations), "focus" (the one product an answer was
    # about), "compare" (two or three products compared), "added" (the product just put in the cart:
    # for pointers, not a list on screen) or "order" (the items of an order the shopper verified).
    # Reference resolution weighs them differently.
    kind: Mapped[str] = mapped_column(String(16), default="search", server_default="search")
    turn: Mapped[Turn] = relationship(back_populates="shown")


class ProductEvent(Base):
    """A shopper's interaction with a product.

    Kinds: clicked (view), more like this, asked about, added to cart, bought, returned. Shown
    products live in shown_products.
    """

    __tablename__ = "product_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), index=True)
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id"))
    product_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Preference(Base):
    """A lasting preference the shopper stated (colour, size, budget, ...), one row per key."""

    __tablename__ = "preferences"
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id"))
    scene: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class CartItem(Base):
    """A product in the shopper's cart, one row per product."""

    __tablename__ = "cart_items"
    __table_args__ = (UniqueConstraint("shopper_id", "product_id", name="uq_cart_product"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), index=True)
    product_id: Mapped[str] = mapped_column(String(64))
    qty: Mapped[int] = mapped_column(Integer, default=1)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    size: Mapped[str | None] = mapped_column(String(16))  # the size the shopper chose ("XS"), if said
    color: Mapped[str | None] = mapped_column(String(32))  # the colour the shopper chose ("Blue"), if said


class VerifiedOrder(Base):
    """An order this shopper proved is theirs (number + email).

    Only these are ever described to the shopper or referred to ("can I return it?").
    """

    __tablename__ = "verified_orders"
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), primary_key=True)
    order_number: Mapped[str] = mapped_column(ForeignKey("orders.number"), primary_key=True)
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id"))
    verified_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReturnRequest(Base):
    """A request to return one item of a verified order; at most one per order item."""

    __tablename__ = "return_requests"
    __table_args__ = (UniqueConstraint("order_number", "product_id", name="uq_return_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[str] = mapped_column(ForeignKey("shoppers.id"), index=True)
    order_number: Mapped[str] = mapped_column(ForeignKey("orders.number"))
    product_id: Mapped[str] = mapped_column(String(64))
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id"))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Order(Base):
    """A shop order as the service scene looks it up."""

    __tablename__ = "orders"
    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str] = mapped_column(String(255), index=True)
    status: Mapped[str] = mapped_column(String(32))
    placed_at: Mapped[datetime] = mapped_column(DateTime)
    shipping_method: Mapped[str] = mapped_column(String(64))
    carrier: Mapped[str | None] = mapped_column(String(64))
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    estimated_delivery: Mapped[datetime | None] = mapped_column(DateTime)
    payment_method: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(8), default="USD")
    total: Mapped[float] = mapped_column(Float)
    items: Mapped[list[OrderItem]] = relationship(back_populates="order", order_by="OrderItem.id")


class OrderItem(Base):
    """One line of an order: product, quantity, size, colour, price, whether refunded."""

    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_number: Mapped[str] = mapped_column(ForeignKey("orders.number"), index=True)
    product_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    qty: Mapped[int] = mapped_column(Integer, default=1)
    size: Mapped[str | None] = mapped_column(String(16))
    color: Mapped[str | None] = mapped_column(String(32))
    price: Mapped[float] = mapped_column(Float)
    refunded: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[Order] = relationship(back_populates="items")


def make_engine(url: str, idle_transaction_timeout_s: float = 10.0) -> Engine:
    """Engine with settings that matter for a chat workload.

    SQLite: WAL, a busy timeout, and every transaction opened with BEGIN IMMEDIATE. A deferred
    transaction that reads and then writes cannot wait for a concurrent writer (SQLite fails it
    at once with "database is locked"), which would lose a turn when two messages of one shopper
    arrive together; IMMEDIATE takes the write lock up front, so writers queue instead.
    PostgreSQL: pre-ping, so connections broken by a database restart are replaced, not used; and
    each connection asks the server to end it when it sits in an open transaction for
    ``idle_transaction_timeout_s`` (0: never). A turn holds its shopper's row lock for
    milliseconds, but a host that dies or drops off the network inside that transaction leaves no
    one to close it, and PostgreSQL would keep the lock (and stall that shopper on every other
    host) until TCP gives up, hours later.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            dbapi_conn.isolation_level = None  # let the begin hook below issue BEGIN
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # pragma: no cover - trivial
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_timeout=10)
        if idle_transaction_timeout_s > 0:
            timeout_ms = max(1, round(idle_transaction_timeout_s * 1000))

            @event.listens_for(engine, "connect")
            def _pg_session(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
                # SET rather than a startup option: connection poolers (PgBouncer) pass it through.
                cur = dbapi_conn.cursor()
                cur.execute(f"SET idle_in_transaction_session_timeout = {timeout_ms}")
                cur.close()
                dbapi_conn.commit()
    from recsys.ops.telemetry import instrument_engine

    instrument_engine(engine)
    return engine


def make_session_factory(url: str, idle_transaction_timeout_s: float = 10.0) -> sessionmaker:
    """Sessions on a database migrated to the newest schema (see recsys/storage/migrations)."""
    from recsys.storage.migrations import migrate

    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, idle_transaction_timeout_s)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
