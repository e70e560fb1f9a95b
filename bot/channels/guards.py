"""Input checks and per-sender rate limits in front of the chat channels' routes.

Every webhook call is checked before Rasa sees it: a JSON object, a well-formed sender id, a
text message of at most ``max_message_chars`` without NUL characters, and per-sender token-bucket
rate limits for messages, uploads and history reads (an upload without a sender counts against
its client address). Refusals are 400, 413 and 429 (with ``Retry-After``) carrying a JSON
``error`` the widget shows. Limits are per Rasa process; per-address limits belong in the load
balancer (deploy/nginx.conf), which sees the real client addresses.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.settings import ChannelSettings
from recsys.ops import log_privacy

SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


def normalise_sender(value: Any) -> str | None:
    """A sender id as the stores keep it; ValueError when it cannot be one.

    Helpdesk bridges send numeric ids (Chatwoot's conversation id) or ids with other characters
    (emails, phone numbers with "+", spaces): numbers become their digits, other text keeps its
    safe characters plus a short hash of the original, so two different ids never meet and the
    same id always maps to the same conversation. None (no sender) stays None.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("the sender id must be text or a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("a numeric sender id must be a whole number")
        value = int(value)
    text = str(value).strip()
    if not text or "\x00" in text:
        raise ValueError("the sender id is empty")
    if SENDER.match(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return (UNSAFE.sub("_", text)[:100].strip("_") or "id") + "-" + digest


class RateLimiter:
    """Token buckets by key (sender id, client address): ``per_minute`` calls, refilled evenly.

    Memory stays bounded: idle, full buckets are dropped when the table grows.
    """

    MAX_KEYS = 100_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
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


def client_address(request: Request) -> str:
    """The calling address as Sanic sees it (the load balancer's, behind one)."""
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "?")


def too_many(wait: float) -> response.HTTPResponse:
    """The 429 answer, with ``Retry-After`` in whole seconds (at least 1)."""
    return response.json({"error": "too many messages; please wait a moment"}, status=429,
                         headers={"Retry-After": str(max(1, int(wait + 0.999)))})


def check_webhook_body(raw: bytes, max_chars: int) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    """(the parsed body, None) when a webhook body is acceptable, else (None, (HTTP status, reason))."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None, (400, "the body must be a JSON object")
    problem = webhook_problem(body, max_chars)
    return (None, problem) if problem else (body, None)


def webhook_problem(body: Any, max_chars: int) -> tuple[int, str] | None:
    """None when a parsed webhook body is acceptable, else (HTTP status, reason)."""
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object"
    try:
        sender = normalise_sender(body.get("sender"))
    except ValueError as exc:
        return 400, f"invalid sender id: {exc}"
    if sender is not None:
        body["sender"] = sender  # what Rasa, the stores and the rate limits see
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


def install_guards(bp: Blueprint, settings: ChannelSettings) -> None:
    """Validation and rate limits in front of a channel's ``/webhook`` (and ``/upload``, ``/history``)."""
    messages = RateLimiter(settings.messages_per_minute)
    uploads = RateLimiter(settings.uploads_per_minute)
    reads = RateLimiter(settings.history_per_minute)

    @bp.middleware("request")
    async def guard(request: Request) -> response.HTTPResponse | None:
        path = request.path.rstrip("/")
        if request.method == "GET" and path.endswith("/history"):
            wait = reads.retry_after(request.args.get("sender", "") or f"address:{client_address(request)}")
            return too_many(wait) if wait else None
        if request.method != "POST":
            return None
        if path.endswith("/webhook"):
            if len(request.body or b"") > settings.max_webhook_bytes:
                return response.json({"error": "request too large"}, status=413)
            body, problem = check_webhook_body(request.body, settings.max_message_chars)
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            request.parsed_json = body  # the channel's handler reads request.json: parsed once
            wait = messages.retry_after(str(body.get("sender") or "default"))
            return too_many(wait) if wait else None
        if path.endswith("/upload"):
            try:
                sender = normalise_sender(request.args.get("sender") or None) or ""
            except ValueError:
                return response.json({"error": "invalid sender id"}, status=400)
            wait = uploads.retry_after(sender or f"address:{client_address(request)}")
            return too_many(wait) if wait else None
        return None


def install_log_masking(bp: Blueprint) -> None:
    """Mask personal data in the Rasa server's log handlers once the server has started."""

    @bp.listener("after_server_start")
    async def mask_logs(_app: Any, _loop: Any) -> None:
        log_privacy.install()  # Rasa has set up its handlers (console, --log-file) by now
