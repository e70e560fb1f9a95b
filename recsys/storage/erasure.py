"""Erase everything stored about one shopper: context store, Rasa's tracker store and their photos.

A shopper (a Rasa sender id) leaves traces in three places:
- the context store (``recsys.storage.orm``): the shopper row, chat sessions, turns with their
  texts and scene decisions, shown lists, product events, preferences, cart, verified orders and
  return requests;
- Rasa's SQL tracker store (table ``events``, one row per event, keyed by ``sender_id``): every
  message, slot and bot reply, including the metadata of messages with a photo;
- uploaded photos (``upload_dir/<id>.img``): their ids are opaque, so the shopper's uploads are
  found through the ``image_id`` of the tracker's user events.

``erase_shopper`` deletes all of it, each database in one transaction, and reports what went.
Shop records that are not about the shopper as a chat user stay: orders belong to the shop's
order book (keyed by e-mail, not by chat) and are erased there.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine, MetaData, Table, delete, func, inspect, select

from recsys.images import ImageError, upload_path
from recsys.settings import Settings, redact_url
from recsys.storage.orm import (
    CartItem,
    ChatSession,
    Preference,
    ProductEvent,
    ReturnRequest,
    Shopper,
    ShownProduct,
    Turn,
    VerifiedOrder,
    make_engine,
    make_session_factory,
)

log = logging.getLogger(__name__)

# Rasa 3.6's SQLTrackerStore keeps every event in this table (rasa/core/tracker_store.py, SQLEvent).
TRACKER_TABLE = "events"
# Tables keyed by shopper id, children first (foreign keys point at turns and shoppers).
SHOPPER_TABLES = (ProductEvent, Preference, CartItem, VerifiedOrder, ReturnRequest)


@dataclass
class ErasureReport:
    """What was deleted for one shopper: rows per table, tracker events, photo files."""

    shopper_id: str
    context_rows: dict[str, int] = field(default_factory=dict)
    tracker_events: int = 0
    uploads: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def found(self) -> bool:
        """Whether anything about the shopper was stored."""
        return bool(sum(self.context_rows.values()) or self.tracker_events or self.uploads)

    def as_dict(self) -> dict:
        """The report as JSON-ready data (for the CLI and logs)."""
        return {"shopper_id": self.shopper_id, "dry_run": self.dry_run, "context_rows": self.context_rows,
                "tracker_events": self.tracker_events, "uploads": len(self.uploads), "found": self.found}


def erase_shopper(settings: Settings, shopper_id: str, dry_run: bool = False) -> ErasureReport:
    """Delete (or with ``dry_run`` only count) everything stored about ``shopper_id``."""
    if not shopper_id or not shopper_id.strip():
        raise ValueError("a shopper id (the Rasa sender id) is required")
    report = ErasureReport(shopper_id, dry_run=dry_run)
    tracker = make_engine(settings.resolved_rasa_tracker_url)
    try:
        report.tracker_events, photo_ids = _erase_tracker(tracker, shopper_id, dry_run)
    finally:
        tracker.dispose()
    report.context_rows = _erase_context(settings.resolved_database_url, shopper_id, dry_run)
    for upload_id in sorted(photo_ids):
        try:
            path = upload_path(settings.upload_dir, upload_id)
        except ImageError:
            continue  # not an id we ever issued: nothing of ours on disk
        if path.is_file():
            report.uploads.append(upload_id)
            if not dry_run:
                path.unlink(missing_ok=True)
    log.info("erasure%s shopper=%s context=%s tracker_events=%d uploads=%d tracker_store=%s",
             " (dry run)" if dry_run else "", shopper_id, report.context_rows, report.tracker_events,
             len(report.uploads), redact_url(settings.resolved_rasa_tracker_url))
    return report


def _tracker_table(engine: Engine) -> Table | None:
    """Rasa's events table, or None where Rasa has not created it yet (no conversation so far)."""
    if not inspect(engine).has_table(TRACKER_TABLE):
        return None
    return Table(TRACKER_TABLE, MetaData(), autoload_with=engine)


def _erase_tracker(engine: Engine, shopper_id: str, dry_run: bool) -> tuple[int, set[str]]:
    """Delete the shopper's events from Rasa's tracker store, in one transaction.

    Returns the number of events and the upload ids their messages referenced (``metadata.image_id``
    of user events), read before the events go.
    """
    table = _tracker_table(engine)
    if table is None:
        return 0, set()
    photo_ids: set[str] = set()
    with engine.begin() as conn:
        where = table.c.sender_id == shopper_id
        for (data,) in conn.execute(select(table.c.data).where(where, table.c.type_name == "user")):
            try:
                metadata = (json.loads(data) or {}).get("metadata") or {}
            except (TypeError, ValueError):
                continue
            if isinstance(metadata, dict) and isinstance(metadata.get("image_id"), str):
                photo_ids.add(metadata["image_id"])
        count = conn.scalar(select(func.count()).select_from(table).where(where)) or 0
        if count and not dry_run:
            conn.execute(delete(table).where(where))
    return int(count), photo_ids


def _erase_context(url: str, shopper_id: str, dry_run: bool) -> dict[str, int]:
    """Delete the shopper's rows from the context store, in one transaction; rows per table."""
    sessions = make_session_factory(url)
    counts: dict[str, int] = {}
    try:
        with sessions() as db, db.begin():
            turn_ids = select(Turn.id).where(Turn.shopper_id == shopper_id).scalar_subquery()
            steps = [(ShownProduct, ShownProduct.turn_id.in_(turn_ids)),
                     *((model, model.shopper_id == shopper_id) for model in SHOPPER_TABLES),
                     (Turn, Turn.shopper_id == shopper_id), (ChatSession, ChatSession.shopper_id == shopper_id),
                     (Shopper, Shopper.id == shopper_id)]
            for model, where in steps:
                counts[model.__tablename__] = db.scalar(select(func.count()).select_from(model).where(where)) or 0
                if counts[model.__tablename__] and not dry_run:
                    db.execute(delete(model).where(where))
    finally:
        sessions.kw["bind"].dispose()
    return counts
