"""Cross-scene conversation memory on top of the ORM models in recsys/storage/orm.py.

Every write is safe against a second worker handling the same shopper at the same moment: rows
that may be created twice (the shopper, a preference, a cart line, a return request) are written
with INSERT ... ON CONFLICT, and a turn's chat-session bookkeeping runs with the shopper row
locked (PostgreSQL) or under SQLite's single writer (see orm.make_engine).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from recsys.storage.orm import (
    CartItem,
    ChatSession,
    OrderItem,
    Preference,
    ProductEvent,
    ReturnRequest,
    Shopper,
    ShownProduct,
    Turn,
    VerifiedOrder,
    utcnow,
)

log = logging.getLogger(__name__)

SESSION_GAP = timedelta(minutes=60)  # matches Rasa's default session expiry


# The database cannot be reached (down, restarting, pool exhausted): worth an apology, not a
# traceback, and the engine reconnects by itself once it is back (pool_pre_ping).
STORE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


@dataclass(frozen=True)
class TurnRecord:
    """A stored user turn and the scene decision recorded for it."""

    id: int
    scene: str
    probs: dict[str, float]
    created: bool  # False when this message had been recorded before (a retried webhook)
    raw_scene: str = ""
    explanation: dict | None = None


@dataclass(frozen=True)
class SceneContext:
    """The conversation so far as the scene model sees it (all empty at a new chat session)."""

    previous_scene: str | None
    previous_probs: dict[str, float] | None
    previous_text: str
    turn_index: int  # turns already in this chat session
    products_on_screen: int
    previous_act: str = ""  # the turn model's act for the previous turn ("" when unknown)


@dataclass(frozen=True)
class ShownList:
    """One list the shopper saw, with the turn that showed it.

    A list is a search result, recommendations, the product an answer was about ("focus"), or a
    verified order's items.
    """

    turn_id: int
    kind: str
    scene: str
    product_ids: list[str]


@dataclass(frozen=True)
class StatedPreference:
    """A stored preference with when, in which scene and in which words the shopper said it."""

    key: str
    value: str
    scene: str | None
    said: str  # the shopper's words in the turn that set it ("" when set outside a turn)
    updated_at: datetime


def _insert(db: Session, table):
    """A dialect INSERT that supports ON CONFLICT (SQLite and PostgreSQL both do)."""
    return (postgresql.insert if db.bind.dialect.name == "postgresql" else sqlite.insert)(table)


def ensure_shopper(db: Session, shopper_id: str, lock: bool = False) -> None:
    """Create the shopper row if missing; ``lock`` also locks it for the transaction (PostgreSQL)."""
    db.execute(_insert(db, Shopper).values(id=shopper_id, created_at=utcnow()).on_conflict_do_nothing())
    if lock and db.bind.dialect.name == "postgresql":
        db.execute(select(Shopper.id).where(Shopper.id == shopper_id).with_for_update())


# The reads every turn makes, built once with parameters: building a statement costs SQLAlchemy
# about 0.1 ms each time (three times the query on SQLite), and the action server runs dozens a turn.
_MESSAGE_TURN = select(Turn.id, Turn.scene, Turn.probs, Turn.raw_scene, Turn.explanation).where(
    Turn.shopper_id == bindparam("shopper"), Turn.message_id == bindparam("message"))
_LATEST_CHAT = (select(ChatSession.id, ChatSession.last_seen_at).where(ChatSession.shopper_id == bindparam("shopper"))
                .order_by(ChatSession.id.desc()).limit(1))
_SEEN_NOW = update(ChatSession).where(ChatSession.id == bindparam("chat")).values(
    last_seen_at=bindparam("now", type_=ChatSession.__table__.c.last_seen_at.type))
# The turn that showed the list now on screen. A product remembered as just put in the cart
# ("added") is kept for pointers ("is there a warranty on that?"), but the list on screen is
# still the one before it.
_LAST_LIST_TURN = (select(ShownProduct.turn_id).join(Turn)
                   .where(Turn.shopper_id == bindparam("shopper"), ShownProduct.kind != "added")
                   .order_by(ShownProduct.turn_id.desc()).limit(1).scalar_subquery())
_LAST_SHOWN = select(ShownProduct.product_id).where(ShownProduct.turn_id == _LAST_LIST_TURN).order_by(ShownProduct.rank)


def _last_turn_query(before_message: bool):
    """The shopper's latest turn with its chat session's last activity (other than one message)."""
    query = (select(Turn.scene, Turn.probs, Turn.text, Turn.explanation, Turn.session_id, ChatSession.last_seen_at)
             .join(ChatSession, ChatSession.id == Turn.session_id).where(Turn.shopper_id == bindparam("shopper")))
    if before_message:
        query = query.where(Turn.message_id != bindparam("message"))
    return query.order_by(Turn.id.desc()).limit(1)


_LAST_TURN = {False: _last_turn_query(False), True: _last_turn_query(True)}
# The turn count of a chat session and the length of the list on screen, in one round trip.
_SESSION_COUNTS = select(
    select(func.count()).select_from(Turn).where(Turn.session_id == bindparam("chat")).scalar_subquery(),
    select(func.count()).select_from(ShownProduct).where(ShownProduct.turn_id == _LAST_LIST_TURN).scalar_subquery())
_LIST_TURNS = (select(Turn.id, Turn.scene).where(Turn.shopper_id == bindparam("shopper"), Turn.id.in_(
    select(ShownProduct.turn_id).join(Turn).where(Turn.shopper_id == bindparam("shopper"))
    .group_by(ShownProduct.turn_id).order_by(ShownProduct.turn_id.desc()).limit(bindparam("limit"))))
    .order_by(Turn.id.desc()))
# the kinds of a turn's shown rows (one per row: a list of several products gives several)
_TURN_LIST_KINDS = select(ShownProduct.kind).where(ShownProduct.turn_id == bindparam("turn"))
_LIST_ITEMS = (select(ShownProduct.turn_id, ShownProduct.product_id, ShownProduct.kind)
               .where(ShownProduct.turn_id.in_(bindparam("turns", expanding=True)))
               .order_by(ShownProduct.turn_id, ShownProduct.rank))


def _message_turn(db: Session, shopper_id: str, message_id: str) -> TurnRecord | None:
    """The stored decision of one message of one shopper, if any (``created`` False)."""
    row = db.execute(_MESSAGE_TURN, {"shopper": shopper_id, "message": message_id}).first()
    if row is None:
        return None
    return TurnRecord(row.id, row.scene, row.probs, False, row.raw_scene, dict(row.explanation or {}))


class _HandOff:
    """Decisions recorded in this process in the last ``ttl_s`` seconds, by (shopper, message id).

    A message is read twice in one turn (at NLU time, then by the action), and usually by the
    same process: the second read finds the decision here instead of in the database. Entries
    live seconds, not a conversation: the database stays the only memory (another host, a
    restart, an erasure all fall back to it).
    """

    def __init__(self, size: int = 2048, ttl_s: float = 60.0) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[float, TurnRecord]] = OrderedDict()
        self._size, self._ttl = size, ttl_s
        self._lock = threading.Lock()

    def put(self, shopper_id: str, message_id: str, record: TurnRecord) -> None:
        with self._lock:
            self._items[(shopper_id, message_id)] = (time.monotonic(), record)
            self._items.move_to_end((shopper_id, message_id))
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def get(self, shopper_id: str, message_id: str) -> TurnRecord | None:
        with self._lock:
            item = self._items.get((shopper_id, message_id))
            if item is None:
                return None
            if time.monotonic() - item[0] > self._ttl:
                del self._items[(shopper_id, message_id)]
                return None
            return item[1]

    def forget(self, shopper_id: str) -> None:
        with self._lock:
            for key in [k for k in self._items if k[0] == shopper_id]:
                del self._items[key]


class ContextStore:
    """What each shopper said, was shown, prefers, did and verified, kept across scenes and restarts."""

    def __init__(self, session_factory: sessionmaker) -> None:
        self._sessions = session_factory
        self._handoff = _HandOff()

    def record_turn(
        self, shopper_id: str, message_id: str, text: str, intent: str | None,
        scene: str, raw_scene: str, probs: dict[str, float], explanation: dict | None = None,
    ) -> TurnRecord:
        """Store a user turn once; retries of the same message return the stored decision."""
        with self._sessions() as db:
            existing = _message_turn(db, shopper_id, message_id)
            if existing is not None:
                return existing
            ensure_shopper(db, shopper_id, lock=True)  # one turn per shopper at a time from here
            existing = _message_turn(db, shopper_id, message_id)
            if existing is not None:  # the same message finished in another worker while we waited
                return existing
            now = utcnow()
            # Core statements, not ORM objects: this runs on every turn, and the unit of work costs
            # more than the SQL
            chat = db.execute(_LATEST_CHAT, {"shopper": shopper_id}).first()
            if chat is None or now - chat.last_seen_at > SESSION_GAP:
                chat_id = db.execute(insert(ChatSession).values(shopper_id=shopper_id, started_at=now, last_seen_at=now)
                                     .returning(ChatSession.id)).scalar_one()
            else:
                chat_id = chat.id
                db.execute(_SEEN_NOW, {"chat": chat_id, "now": now})
            try:
                turn_id = db.execute(insert(Turn).values(
                    shopper_id=shopper_id, session_id=chat_id, message_id=message_id, text=text, intent=intent,
                    scene=scene, raw_scene=raw_scene, probs=probs, explanation=explanation or {}, created_at=now,
                ).returning(Turn.id)).scalar_one()
                db.commit()
            except IntegrityError:  # the same message raced in from a second worker
                db.rollback()
                existing = _message_turn(db, shopper_id, message_id)
                if existing is None:
                    raise
                return existing
            self._handoff.put(shopper_id, message_id,
                              TurnRecord(turn_id, scene, probs, False, raw_scene, dict(explanation or {})))
            return TurnRecord(turn_id, scene, probs, True)

    def recorded_turn(self, shopper_id: str, message_id: str) -> TurnRecord | None:
        """The stored decision of a message already understood (at NLU time), or None."""
        handed = self._handoff.get(shopper_id, message_id)
        if handed is not None:
            return replace(handed, explanation=dict(handed.explanation or {}))
        with self._sessions() as db:
            return _message_turn(db, shopper_id, message_id)

    def last_scene(self, shopper_id: str, before_message_id: str | None = None) -> str | None:
        """The scene of the shopper's latest turn other than ``before_message_id``; None before any."""
        with self._sessions() as db:
            query = select(Turn).where(Turn.shopper_id == shopper_id)
            if before_message_id is not None:
                query = query.where(Turn.message_id != before_message_id)
            turn = db.scalar(query.order_by(Turn.id.desc()).limit(1))
            return turn.scene if turn else None

    def scene_context(self, shopper_id: str, before_message_id: str | None = None) -> SceneContext:
        """What the scene model may know about the conversation before this message."""
        with self._sessions() as db:
            params = {"shopper": shopper_id} if before_message_id is None \
                else {"shopper": shopper_id, "message": before_message_id}
            last = db.execute(_LAST_TURN[before_message_id is not None], params).first()
            if last is None or utcnow() - last.last_seen_at > SESSION_GAP:
                return SceneContext(None, None, "", 0, 0)
            index, on_screen = db.execute(_SESSION_COUNTS, {"chat": last.session_id, "shopper": shopper_id}).one()
            understood = (last.explanation or {}).get("understanding") or {}
        return SceneContext(last.scene, dict(last.probs or {}), last.text or "", int(index or 0), int(on_screen or 0),
                            str(understood.get("act") or ""))

    def turn_id(self, shopper_id: str, message_id: str) -> int | None:
        """The id of the turn stored for this message, or None."""
        with self._sessions() as db:
            return db.scalar(select(Turn.id).where(Turn.shopper_id == shopper_id, Turn.message_id == message_id))

    def latest_turn_id(self, shopper_id: str) -> int | None:
        """The id of the shopper's newest turn, or None."""
        with self._sessions() as db:
            return db.scalar(select(Turn.id).where(Turn.shopper_id == shopper_id).order_by(Turn.id.desc()).limit(1))

    def record_shown(self, turn_id: int, items: list[tuple[str, float | None, str]], kind: str = "search",
                     keep_lists: tuple[str, ...] = ()) -> bool:
        """Remember the list shown in a turn, replacing any earlier list for that turn; returns whether it did.

        With ``keep_lists``, a list of several products of one of those kinds already recorded for
        the turn stays and nothing is recorded ("any in white? and what's the return window": the
        white ones stay the list "the first white one" counts in, not the one product the return
        answer was about).
        """
        with self._sessions() as db, db.begin():
            if keep_lists:
                kinds = list(db.scalars(_TURN_LIST_KINDS, {"turn": turn_id}))
                if len(kinds) > 1 and kinds[0] in keep_lists:
                    return False
            db.execute(delete(ShownProduct).where(ShownProduct.turn_id == turn_id))
            if items:
                db.execute(insert(ShownProduct), [
                    {"turn_id": turn_id, "rank": rank, "product_id": pid, "score": score, "reason": reason,
                     "kind": kind} for rank, (pid, score, reason) in enumerate(items)])
        return True

    @staticmethod
    def _last_shown(db: Session, shopper_id: str) -> list[str]:
        return list(db.scalars(_LAST_SHOWN, {"shopper": shopper_id}))

    def last_shown(self, shopper_id: str) -> list[str]:
        """The most recent product list shown to this shopper, in display order, across scenes."""
        with self._sessions() as db:
            return self._last_shown(db, shopper_id)

    def last_shown_words(self, shopper_id: str) -> str:
        """The shopper's words in the turn that showed the list on screen ("" when none)."""
        with self._sessions() as db:
            return db.scalar(
                select(Turn.text).join(ShownProduct, ShownProduct.turn_id == Turn.id)
                .where(Turn.shopper_id == shopper_id, ShownProduct.kind != "added")
                .order_by(ShownProduct.turn_id.desc()).limit(1)) or ""

    def recent_lists(self, shopper_id: str, limit: int = 8) -> list[ShownList]:
        """The lists this shopper saw, newest first.

        References like "the blue one" may point past a detour to an older list.
        """
        with self._sessions() as db:
            turns = list(db.execute(_LIST_TURNS, {"shopper": shopper_id, "limit": limit}))
            if not turns:
                return []
            rows = db.execute(_LIST_ITEMS, {"turns": [t for t, _ in turns]})
            by_turn: dict[int, tuple[str, list[str]]] = {}
            for turn_id, pid, kind in rows:
                by_turn.setdefault(turn_id, (kind, []))[1].append(pid)
            return [ShownList(t, by_turn[t][0], scene, by_turn[t][1]) for t, scene in turns if t in by_turn]

    def set_preferences(self, shopper_id: str, prefs: dict[str, str], turn_id: int | None, scene: str | None) -> None:
        """Store or overwrite preferences by key, noting the turn and scene that stated them."""
        if not prefs:
            return
        with self._sessions() as db, db.begin():
            ensure_shopper(db, shopper_id)
            for key, value in prefs.items():
                values = {"value": value, "turn_id": turn_id, "scene": scene, "updated_at": utcnow()}
                stmt = _insert(db, Preference).values(shopper_id=shopper_id, key=key, **values)
                db.execute(stmt.on_conflict_do_update(index_elements=["shopper_id", "key"], set_=values))

    def preferences(self, shopper_id: str) -> dict[str, str]:
        """The shopper's stored preferences by key."""
        with self._sessions() as db:
            rows = db.scalars(select(Preference).where(Preference.shopper_id == shopper_id))
            return {row.key: row.value for row in rows}

    def preference_details(self, shopper_id: str) -> list[StatedPreference]:
        """Each stored preference with when, in which scene and in which words it was said."""
        with self._sessions() as db:
            rows = db.execute(select(Preference, Turn.text).outerjoin(Turn, Turn.id == Preference.turn_id)
                              .where(Preference.shopper_id == shopper_id).order_by(Preference.updated_at))
            return [StatedPreference(p.key, p.value, p.scene, said or "", p.updated_at) for p, said in rows]

    def clear_preferences(self, shopper_id: str, keys: list[str] | None = None) -> list[str]:
        """Forget some (or all) preferences; returns the keys that were actually forgotten."""
        with self._sessions() as db, db.begin():
            query = select(Preference.key).where(Preference.shopper_id == shopper_id)
            if keys:
                query = query.where(Preference.key.in_(keys))
            gone = list(db.scalars(query))
            if gone:
                db.execute(delete(Preference).where(Preference.shopper_id == shopper_id, Preference.key.in_(gone)))
            return sorted(gone)

    def record_event(self, shopper_id: str, product_id: str, kind: str, turn_id: int | None = None) -> None:
        """Log a product interaction; an ``add_to_cart`` also adds one to the cart line."""
        with self._sessions() as db, db.begin():
            ensure_shopper(db, shopper_id)
            db.add(ProductEvent(shopper_id=shopper_id, product_id=product_id, kind=kind, turn_id=turn_id))
            if kind == "add_to_cart":
                stmt = _insert(db, CartItem).values(shopper_id=shopper_id, product_id=product_id, qty=1,
                                                    added_at=utcnow())
                db.execute(stmt.on_conflict_do_update(index_elements=["shopper_id", "product_id"],
                                                      set_={"qty": CartItem.qty + 1}))

    def events(self, shopper_id: str) -> list[tuple[str, str]]:
        """(kind, product_id) in the order they happened."""
        with self._sessions() as db:
            rows = db.execute(select(ProductEvent.kind, ProductEvent.product_id)
                              .where(ProductEvent.shopper_id == shopper_id).order_by(ProductEvent.id))
            return [(kind, pid) for kind, pid in rows]

    def added_in_turn(self, shopper_id: str, turn_id: int) -> set[str]:
        """The products this turn already put in the cart (a message's second clause, a retried call)."""
        with self._sessions() as db:
            rows = db.execute(select(ProductEvent.product_id).where(
                ProductEvent.shopper_id == shopper_id, ProductEvent.turn_id == turn_id,
                ProductEvent.kind == "add_to_cart"))
            return {pid for (pid,) in rows}

    def remove_from_cart(self, shopper_id: str, product_id: str, turn_id: int | None = None) -> bool:
        """Take a product out of the cart (the whole line); False if it was not there."""
        with self._sessions() as db, db.begin():
            ensure_shopper(db, shopper_id)
            gone = db.execute(delete(CartItem).where(CartItem.shopper_id == shopper_id,
                                                     CartItem.product_id == product_id)).rowcount
            if gone:
                db.add(ProductEvent(shopper_id=shopper_id, product_id=product_id, kind="remove_from_cart",
                                    turn_id=turn_id))
            return bool(gone)

    def set_cart_quantity(self, shopper_id: str, product_id: str, qty: int, turn_id: int | None = None) -> bool:
        """Set how many of a cart item the shopper wants; False if it is not in the cart."""
        with self._sessions() as db, db.begin():
            changed = db.execute(update(CartItem).where(CartItem.shopper_id == shopper_id,
                                                        CartItem.product_id == product_id).values(qty=qty)).rowcount
            if changed:
                db.add(ProductEvent(shopper_id=shopper_id, product_id=product_id, kind="set_quantity", turn_id=turn_id))
            return bool(changed)

    def set_cart_variant(self, shopper_id: str, product_id: str, size: str | None = None,
                         color: str | None = None) -> bool:
        """Record the size and/or colour chosen for a cart line (None keeps what it had); False if not in the cart."""
        values = {k: v for k, v in (("size", size), ("color", color)) if v}
        if not values:
            return False
        with self._sessions() as db, db.begin():
            return bool(db.execute(update(CartItem).where(CartItem.shopper_id == shopper_id,
                                                          CartItem.product_id == product_id).values(**values)).rowcount)

    def cart_variants(self, shopper_id: str) -> dict[str, tuple[str | None, str | None]]:
        """The (size, colour) chosen per cart line, in the order added (None where none was said)."""
        with self._sessions() as db:
            rows = db.execute(select(CartItem.product_id, CartItem.size, CartItem.color)
                              .where(CartItem.shopper_id == shopper_id).order_by(CartItem.id))
            return {pid: (size, color) for pid, size, color in rows}

    def cart(self, shopper_id: str) -> dict[str, int]:
        """Quantity per product in the shopper's cart, in the order they were added."""
        with self._sessions() as db:
            rows = db.execute(select(CartItem.product_id, CartItem.qty).where(CartItem.shopper_id == shopper_id)
                              .order_by(CartItem.id))
            return {pid: qty for pid, qty in rows}

    # ---- orders the shopper proved are theirs -----------------------------------------------
    def record_verified_order(self, shopper_id: str, number: str, turn_id: int | None) -> bool:
        """Remember that this shopper proved the order is theirs; True the first time."""
        with self._sessions() as db, db.begin():
            ensure_shopper(db, shopper_id)
            stmt = _insert(db, VerifiedOrder).values(shopper_id=shopper_id, order_number=number, turn_id=turn_id,
                                                     verified_at=utcnow())
            created = db.execute(stmt.on_conflict_do_nothing().returning(VerifiedOrder.order_number)).first()
            if created is None:
                row = db.get(VerifiedOrder, (shopper_id, number))
                row.verified_at, row.turn_id = utcnow(), turn_id
            return created is not None

    def verified_orders(self, shopper_id: str) -> list[str]:
        """Order numbers this shopper verified, most recently verified first."""
        with self._sessions() as db:
            return list(db.scalars(select(VerifiedOrder.order_number).where(VerifiedOrder.shopper_id == shopper_id)
                                   .order_by(VerifiedOrder.verified_at.desc(), VerifiedOrder.order_number)))

    def request_return(self, shopper_id: str, number: str, product_id: str,
                       turn_id: int | None) -> tuple[int, bool] | None:
        """Open a return request for one item of a verified order: (request id, newly created).

        None when the shopper has not verified that order or it has no such item.
        """
        with self._sessions() as db, db.begin():
            allowed = db.scalar(select(VerifiedOrder.order_number).where(
                VerifiedOrder.shopper_id == shopper_id, VerifiedOrder.order_number == number))
            has_item = db.scalar(select(OrderItem.id).where(OrderItem.order_number == number,
                                                            OrderItem.product_id == product_id).limit(1))
            if allowed is None or has_item is None:  # an item row implies its order exists (foreign key)
                return None
            stmt = _insert(db, ReturnRequest).values(shopper_id=shopper_id, order_number=number, product_id=product_id,
                                                     turn_id=turn_id, status="requested", created_at=utcnow())
            new_id = db.execute(stmt.on_conflict_do_nothing().returning(ReturnRequest.id)).scalar()
            if new_id is not None:
                db.add(ProductEvent(shopper_id=shopper_id, product_id=product_id, kind="returned", turn_id=turn_id))
                return int(new_id), True
            existing = db.scalar(select(ReturnRequest.id).where(ReturnRequest.order_number == number,
                                                                ReturnRequest.product_id == product_id))
            return int(existing), False

    def recent_texts(self, shopper_id: str, limit: int = 30) -> list[str]:
        """The shopper's latest turn texts, newest first."""
        with self._sessions() as db:
            return list(db.scalars(select(Turn.text).where(Turn.shopper_id == shopper_id)
                                   .order_by(Turn.id.desc()).limit(limit)))

    def turns(self, shopper_id: str) -> list[Turn]:
        """All of the shopper's stored turns, oldest first."""
        with self._sessions() as db:
            return list(db.scalars(select(Turn).where(Turn.shopper_id == shopper_id).order_by(Turn.id)))

    def verified_email(self, shopper_id: str) -> str | None:
        """The email the shopper proved with an order look-up, if any."""
        with self._sessions() as db:
            shopper = db.get(Shopper, shopper_id)
            return shopper.verified_email if shopper is not None else None

    def set_verified_email(self, shopper_id: str, email: str) -> None:
        """Remember the email the shopper proved with an order look-up."""
        with self._sessions() as db, db.begin():
            ensure_shopper(db, shopper_id)
            db.get(Shopper, shopper_id).verified_email = email
