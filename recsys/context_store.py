"""Cross-scene conversation memory on top of the ORM models in db.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from .db import ChatSession, Preference, ProductEvent, Shopper, ShownProduct, Turn, utcnow

log = logging.getLogger(__name__)

SESSION_GAP = timedelta(minutes=60)  # matches Rasa's default session expiry


@dataclass(frozen=True)
class TurnRecord:
    id: int
    scene: str
    probs: dict[str, float]
    created: bool  # False when this message had been recorded before (a retried webhook)


@dataclass(frozen=True)
class SceneContext:
    previous_scene: str | None
    previous_probs: dict[str, float] | None
    previous_text: str
    turn_index: int  # turns already in this chat session
    products_on_screen: int


class ContextStore:
    def __init__(self, session_factory: sessionmaker) -> None:
        self._sessions = session_factory

    def record_turn(
        self, shopper_id: str, message_id: str, text: str, intent: str | None,
        scene: str, raw_scene: str, probs: dict[str, float], explanation: dict | None = None,
    ) -> TurnRecord:
        """Store a user turn once; retries of the same message return the stored decision."""
        with self._sessions() as db:
            existing = db.scalar(select(Turn).where(Turn.shopper_id == shopper_id, Turn.message_id == message_id))
            if existing is not None:
                return TurnRecord(existing.id, existing.scene, existing.probs, False)
            shopper = db.get(Shopper, shopper_id) or Shopper(id=shopper_id)
            db.add(shopper)
            now = utcnow()
            chat = db.scalar(
                select(ChatSession).where(ChatSession.shopper_id == shopper_id).order_by(ChatSession.id.desc()).limit(1)
            )
            if chat is None or now - chat.last_seen_at > SESSION_GAP:
                chat = ChatSession(shopper=shopper, started_at=now, last_seen_at=now)
                db.add(chat)
            chat.last_seen_at = now
            turn = Turn(
                shopper_id=shopper_id, session=chat, message_id=message_id, text=text, intent=intent,
                scene=scene, raw_scene=raw_scene, probs=probs, explanation=explanation or {},
            )
            db.add(turn)
            try:
                db.commit()
            except IntegrityError:  # the same message raced in from a second worker
                db.rollback()
                existing = db.scalar(select(Turn).where(Turn.shopper_id == shopper_id, Turn.message_id == message_id))
                if existing is None:
                    raise
                return TurnRecord(existing.id, existing.scene, existing.probs, False)
            return TurnRecord(turn.id, scene, probs, True)

    def last_scene(self, shopper_id: str, before_message_id: str | None = None) -> str | None:
        with self._sessions() as db:
            query = select(Turn).where(Turn.shopper_id == shopper_id)
            if before_message_id is not None:
                query = query.where(Turn.message_id != before_message_id)
            turn = db.scalar(query.order_by(Turn.id.desc()).limit(1))
            return turn.scene if turn else None

    def scene_context(self, shopper_id: str, before_message_id: str | None = None) -> SceneContext:
        """What the scene model may know about the conversation before this message."""
        with self._sessions() as db:
            query = select(Turn).where(Turn.shopper_id == shopper_id)
            if before_message_id is not None:
                query = query.where(Turn.message_id != before_message_id)
            last = db.scalar(query.order_by(Turn.id.desc()).limit(1))
            if last is None or utcnow() - last.session.last_seen_at > SESSION_GAP:
                return SceneContext(None, None, "", 0, 0)
            index = db.scalar(select(func.count()).select_from(Turn).where(Turn.session_id == last.session_id)) or 0
        return SceneContext(last.scene, dict(last.probs or {}), last.text or "", int(index), len(self.last_shown(shopper_id)))

    def turn_id(self, shopper_id: str, message_id: str) -> int | None:
        with self._sessions() as db:
            return db.scalar(select(Turn.id).where(Turn.shopper_id == shopper_id, Turn.message_id == message_id))

    def latest_turn_id(self, shopper_id: str) -> int | None:
        with self._sessions() as db:
            return db.scalar(select(Turn.id).where(Turn.shopper_id == shopper_id).order_by(Turn.id.desc()).limit(1))

    def record_shown(self, turn_id: int, items: list[tuple[str, float | None, str]]) -> None:
        """Remember the list shown in a turn (replacing any earlier list for that turn)."""
        with self._sessions() as db, db.begin():
            db.execute(delete(ShownProduct).where(ShownProduct.turn_id == turn_id))
            for rank, (pid, score, reason) in enumerate(items):
                db.add(ShownProduct(turn_id=turn_id, rank=rank, product_id=pid, score=score, reason=reason))

    def last_shown(self, shopper_id: str) -> list[str]:
        """The most recent product list shown to this shopper, in display order, across scenes."""
        with self._sessions() as db:
            turn_id = db.scalar(
                select(ShownProduct.turn_id).join(Turn).where(Turn.shopper_id == shopper_id)
                .order_by(ShownProduct.turn_id.desc()).limit(1)
            )
            if turn_id is None:
                return []
            rows = db.scalars(select(ShownProduct.product_id).where(ShownProduct.turn_id == turn_id).order_by(ShownProduct.rank))
            return list(rows)

    def set_preferences(self, shopper_id: str, prefs: dict[str, str], turn_id: int | None, scene: str | None) -> None:
        if not prefs:
            return
        with self._sessions() as db, db.begin():
            if db.get(Shopper, shopper_id) is None:
                db.add(Shopper(id=shopper_id))
                db.flush()
            for key, value in prefs.items():
                row = db.get(Preference, (shopper_id, key))
                if row is None:
                    db.add(Preference(shopper_id=shopper_id, key=key, value=value, turn_id=turn_id, scene=scene))
                else:
                    row.value, row.turn_id, row.scene, row.updated_at = value, turn_id, scene, utcnow()

    def preferences(self, shopper_id: str) -> dict[str, str]:
        with self._sessions() as db:
            rows = db.scalars(select(Preference).where(Preference.shopper_id == shopper_id))
            return {row.key: row.value for row in rows}

    def clear_preferences(self, shopper_id: str, keys: list[str] | None = None) -> None:
        with self._sessions() as db, db.begin():
            query = delete(Preference).where(Preference.shopper_id == shopper_id)
            if keys:
                query = query.where(Preference.key.in_(keys))
            db.execute(query)

    def record_event(self, shopper_id: str, product_id: str, kind: str, turn_id: int | None = None) -> None:
        with self._sessions() as db, db.begin():
            if db.get(Shopper, shopper_id) is None:
                db.add(Shopper(id=shopper_id))
                db.flush()
            db.add(ProductEvent(shopper_id=shopper_id, product_id=product_id, kind=kind, turn_id=turn_id))

    def events(self, shopper_id: str) -> list[tuple[str, str]]:
        """(kind, product_id) in the order they happened."""
        with self._sessions() as db:
            rows = db.execute(select(ProductEvent.kind, ProductEvent.product_id)
                              .where(ProductEvent.shopper_id == shopper_id).order_by(ProductEvent.id))
            return [(kind, pid) for kind, pid in rows]

    def turns(self, shopper_id: str) -> list[Turn]:
        with self._sessions() as db:
            return list(db.scalars(select(Turn).where(Turn.shopper_id == shopper_id).order_by(Turn.id)))

    def set_verified_email(self, shopper_id: str, email: str) -> None:
        with self._sessions() as db, db.begin():
            shopper = db.get(Shopper, shopper_id)
            if shopper is None:
                db.add(Shopper(id=shopper_id, verified_email=email))
            else:
                shopper.verified_email = email
