"""Shop chat channel: Rasa's REST channel plus a checked photo upload, for the storefront widget.

Routes (under /webhooks/shop/):
* ``POST /webhook`` - as the REST channel: ``{"sender", "message", "metadata"}``. A message that
  carries a photo (``metadata.image_id`` from an upload, or ``metadata.image`` as a base64 data
  URL) and no words is sent as the ``/search_product`` intent, so a bare photo is a search.
  Uploads older than ``RECSYS_UPLOAD_TTL_HOURS`` (default 24) are swept away.
* ``GET /history?sender=ID`` - the conversation so far as the widget renders it (user texts,
  bot texts and custom payloads), so a page reload shows the same chat. Sender ids are random
  128-bit ids made by the widget; whoever holds one can read that conversation, like a session
  cookie.
* ``POST /upload`` - one photo (multipart field ``image``, or the raw body with an image
  content type). It is size/type/pixel checked here, stored under an opaque random id in the
  upload folder, and the id is returned: ``{"image_id": "..."}``.

This module runs inside the Rasa server's environment (Python 3.10), so it does not import
``recsys``; the action server re-checks every photo before it decodes it for the model.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
import time
import warnings
from pathlib import Path
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import rasa_speedups

log = logging.getLogger(__name__)
rasa_speedups.install()

PROJECT_DIR = Path(__file__).resolve().parents[2]
ALLOWED_TYPES = {"JPEG", "PNG", "WEBP", "GIF"}
SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
HISTORY_LIMIT = 200
MAX_PIXELS = 40_000_000


def _upload_dir() -> Path:
    var_dir = Path(os.environ.get("RECSYS_VAR_DIR") or PROJECT_DIR / "var")
    if not var_dir.is_absolute():
        var_dir = PROJECT_DIR / var_dir
    return var_dir / "uploads"


def _max_bytes() -> int:
    try:
        return int(os.environ.get("RECSYS_MAX_UPLOAD_BYTES") or 5 * 1024 * 1024)
    except ValueError:
        return 5 * 1024 * 1024


def _upload_ttl_s() -> float:
    try:
        return float(os.environ.get("RECSYS_UPLOAD_TTL_HOURS") or 24) * 3600
    except ValueError:
        return 24 * 3600.0


def sweep_uploads(upload_dir: Path, ttl_s: float, now: float | None = None) -> int:
    """Delete uploads older than ``ttl_s`` (and stale partial writes), so photos don't pile up."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(upload_dir))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name.endswith((".img", ".part")) and entry.is_file(follow_symlinks=False):
            try:
                if now - entry.stat().st_mtime > ttl_s:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                pass
    return removed


def check_photo(data: bytes, limit: int) -> str | None:
    """None when ``data`` is an acceptable photo, else the reason to give the shopper."""
    if not data:
        return "the photo is empty"
    if len(data) > limit:
        return f"the photo is too large (the limit is {limit // 1024} KB)"
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow ships with the Rasa environment
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ALLOWED_TYPES:
                    return "unsupported photo type (use JPEG, PNG, WebP or GIF)"
                if image.size[0] * image.size[1] > MAX_PIXELS:
                    return "the photo has too many pixels"
                image.verify()
    except Exception:  # noqa: BLE001 - anything Pillow cannot read is refused the same way
        return "that file is not a photo I can read"
    return None


def history_messages(tracker: Any) -> list[dict[str, Any]]:
    """User and bot messages of a tracker, oldest first, in the shape the REST channel returns."""
    if tracker is None:
        return []
    out: list[dict[str, Any]] = []
    for event in tracker.events:
        kind = getattr(event, "type_name", "")
        if kind == "user":
            metadata = event.metadata or {}
            text = event.text or ""
            if text.startswith("/"):
                if text.startswith("/widget_event"):
                    continue  # clicks are context, not chat lines
                label = metadata.get("label")  # what the widget showed for a button press
                text = label[:200] if isinstance(label, str) else ""
            out.append({"role": "user", "text": text,
                        "photo": bool(metadata.get("image_id") or metadata.get("image"))})
        elif kind == "bot":
            item: dict[str, Any] = {"role": "bot"}
            if event.text:
                item["text"] = event.text
            data = event.data or {}
            if data.get("custom") is not None:
                item["custom"] = data["custom"]
            if data.get("buttons"):
                item["buttons"] = data["buttons"]
            if len(item) > 1:
                out.append(item)
    return out[-HISTORY_LIMIT:]


class ShopInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "shop"

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = (request.json or {}).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def _extract_message(self, req: Request) -> str | None:
        text = (req.json or {}).get("message")
        metadata = self.get_metadata(req) or {}
        if (not isinstance(text, str) or not text.strip()) and (metadata.get("image_id") or metadata.get("image")):
            return "/search_product"
        return text

    def blueprint(self, on_new_message: Any) -> Blueprint:
        bp = super().blueprint(on_new_message)
        upload_dir = _upload_dir()
        limit = _max_bytes()
        ttl_s = _upload_ttl_s()
        last_sweep = [0.0]

        @bp.route("/history", methods=["GET"])
        async def history(request: Request) -> response.HTTPResponse:
            sender = request.args.get("sender", "")
            if not SENDER.match(sender):
                return response.json({"error": "invalid sender id"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or agent.tracker_store is None:
                return response.json({"error": "the assistant is starting; try again shortly"}, status=503)
            tracker = await agent.tracker_store.retrieve(sender)
            return response.json({"sender": sender, "messages": history_messages(tracker)})

        @bp.route("/upload", methods=["POST"])
        async def upload(request: Request) -> response.HTTPResponse:
            if request.files and request.files.get("image"):
                data = request.files.get("image").body
            elif (request.content_type or "").startswith("image/"):
                data = request.body or b""
            else:
                return response.json({"error": "send one photo as multipart field 'image' or an image/* body"},
                                     status=400)
            problem = check_photo(data, limit)
            if problem:
                status = 413 if "too large" in problem else 415 if "type" in problem or "not a photo" in problem \
                    else 400
                return response.json({"error": problem}, status=status)
            image_id = secrets.token_hex(16)
            try:
                upload_dir.mkdir(parents=True, exist_ok=True)
                tmp = upload_dir / f"{image_id}.part"
                tmp.write_bytes(data)
                tmp.replace(upload_dir / f"{image_id}.img")
            except OSError as exc:
                log.error("photo upload could not be stored: %s", exc)
                return response.json({"error": "the photo could not be stored right now; please try again"},
                                     status=507)
            log.info("stored photo upload %s (%d bytes)", image_id, len(data))
            if time.time() - last_sweep[0] > 600:  # at most every 10 minutes
                last_sweep[0] = time.time()
                removed = sweep_uploads(upload_dir, ttl_s)
                if removed:
                    log.info("removed %d photo upload(s) older than %.0f h", removed, ttl_s / 3600)
            return response.json({"image_id": image_id})

        return bp
