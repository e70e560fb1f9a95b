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

Both channels here (``shop`` and ``rest``, which replaces Rasa's own REST channel under the same
URL) check every webhook call before Rasa sees it: a JSON object, a well-formed sender id, a text
message of at most ``RECSYS_MAX_MESSAGE_CHARS`` (2000), and per-sender rate limits
(``RECSYS_MESSAGES_PER_MINUTE`` 30, ``RECSYS_UPLOADS_PER_MINUTE`` 6, history reads
``RECSYS_HISTORY_PER_MINUTE`` 30; an upload without a sender counts against its client
address). Refusals are 400, 413 and 429 with a JSON ``error`` the widget shows. Limits are
per Rasa process; per-address limits belong in the load balancer (deploy/nginx.conf), which
sees the real client addresses.

This module runs inside the Rasa server's environment (Python 3.10), so it imports only the
dependency-free parts of ``recsys`` (log masking); the action server re-checks every photo before
it decodes it for the model.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import secrets
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import rasa_speedups
from recsys.ops import log_privacy

log = logging.getLogger(__name__)
rasa_speedups.install()

PROJECT_DIR = Path(__file__).resolve().parents[2]
ALLOWED_TYPES = {"JPEG", "PNG", "WEBP", "GIF"}
SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
HISTORY_LIMIT = 200
MAX_PIXELS = 40_000_000


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name) or default)
    except ValueError:
        log.warning("%s is not a whole number; using %d", name, default)
        return default
    return value if value > 0 else default


class RateLimiter:
    """Token buckets by key (sender id, client address): ``per_minute`` calls, refilled evenly.
    Memory stays bounded: idle, full buckets are dropped when the table grows."""

    MAX_KEYS = 100_000

    def __init__(self, per_minute: int, clock: Any = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> float:
        """0 when the call may go ahead (and is counted), else seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_KEYS:
                self._prune(now)
            return 0.0

    def _prune(self, now: float) -> None:
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.capacity]
        for key in full:
            del self._buckets[key]
        while len(self._buckets) > self.MAX_KEYS:  # everyone is active: forget the oldest
            del self._buckets[next(iter(self._buckets))]


def _client(request: Request) -> str:
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "?")


def _too_many(wait: float) -> response.HTTPResponse:
    return response.json({"error": "too many messages; please wait a moment"}, status=429,
                         headers={"Retry-After": str(max(1, int(wait + 0.999)))})


def check_webhook_body(raw: bytes, max_chars: int) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    """(the parsed body, None) when a webhook body is acceptable, else (None, (HTTP status, reason))."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None, (400, "the body must be a JSON object")
    problem = _webhook_problem(body, max_chars)
    return (None, problem) if problem else (body, None)


def _webhook_problem(body: Any, max_chars: int) -> tuple[int, str] | None:
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object"
    sender = body.get("sender")
    if sender is not None and (not isinstance(sender, str) or not SENDER.match(sender)):
        return 400, "invalid sender id (1-128 letters, digits or _.:-)"
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        return 400, "message must be text"
    if isinstance(message, str):
        if len(message) > max_chars:
            return 413, f"message too long (the limit is {max_chars} characters)"
        if "\x00" in message:
            return 400, "message contains a NUL character"
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return 400, "metadata must be a JSON object"
    return None


def install_guards(bp: Blueprint) -> None:
    """Validation and rate limits in front of a channel's ``/webhook`` (and ``/upload``)."""
    max_chars = _env_int("RECSYS_MAX_MESSAGE_CHARS", 2000)
    max_body = _max_bytes() * 4 // 3 + 64 * 1024  # an inline base64 photo plus the message
    messages = RateLimiter(_env_int("RECSYS_MESSAGES_PER_MINUTE", 30))
    uploads = RateLimiter(_env_int("RECSYS_UPLOADS_PER_MINUTE", 6))
    reads = RateLimiter(_env_int("RECSYS_HISTORY_PER_MINUTE", 30))

    @bp.middleware("request")
    async def guard(request: Request):
        path = request.path.rstrip("/")
        if request.method == "GET" and path.endswith("/history"):
            wait = reads.retry_after(request.args.get("sender", "") or f"address:{_client(request)}")
            return _too_many(wait) if wait else None
        if request.method != "POST":
            return None
        if path.endswith("/webhook"):
            if len(request.body or b"") > max_body:
                return response.json({"error": "request too large"}, status=413)
            body, problem = check_webhook_body(request.body, max_chars)
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            request.parsed_json = body  # the channel's handler reads request.json: parsed once
            wait = messages.retry_after(str(body.get("sender") or "default"))
            return _too_many(wait) if wait else None
        if path.endswith("/upload"):
            sender = request.args.get("sender", "")
            if sender and not SENDER.match(sender):
                return response.json({"error": "invalid sender id"}, status=400)
            wait = uploads.retry_after(sender or f"address:{_client(request)}")
            return _too_many(wait) if wait else None
        return None

    @bp.listener("after_server_start")
    async def mask_logs(_app, _loop) -> None:
        log_privacy.install()  # Rasa has set up its handlers (console, --log-file) by now


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


class GuardedRestInput(RestInput):
    """Rasa's REST channel (same name, same URL /webhooks/rest/webhook) behind the checks above."""

    def blueprint(self, on_new_message: Any) -> Blueprint:
        bp = super().blueprint(on_new_message)
        install_guards(bp)
        return bp


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
        install_guards(bp)
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
            tmp = upload_dir / f"{image_id}.part"
            try:
                upload_dir.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(data)
                tmp.replace(upload_dir / f"{image_id}.img")
            except OSError as exc:
                tmp.unlink(missing_ok=True)  # a half-written photo would only fill the disk further
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
