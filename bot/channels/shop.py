"""The chat channels of the storefront: Rasa's REST channel behind input guards, and the shop channel.

``rest`` (``GuardedRestInput``) replaces Rasa's own REST channel under the same name and URL,
``POST /webhooks/rest/webhook``, with the checks of ``bot.channels.guards`` in front of it. A
message that carries a photo (``metadata.image`` as a base64 data URL, or ``metadata.image_id``
from an upload) and no words is sent as the ``/search_product`` intent, so a bare photo is a
search on every channel.

``shop`` (``ShopInput``) is what the storefront widget talks to (under ``/webhooks/shop/``):

* ``POST /webhook`` - as the REST channel: ``{"sender", "message", "metadata"}``.
* ``GET /history?sender=ID`` - the conversation so far as the widget renders it (user texts,
  bot texts and custom payloads), so a page reload shows the same chat. Sender ids are random
  128-bit ids made by the widget; whoever holds one can read that conversation, like a session
  cookie.
* ``POST /upload`` - one photo (multipart field ``image``, or the raw body with an image
  content type). It is checked with ``recsys.images`` (413 too large, 415 not a photo or an
  unsupported type, 400 otherwise), stored under an opaque random id in the upload folder, and
  the id is returned: ``{"image_id": "..."}``. Old uploads are swept away.

Both channels take their settings (limits, upload folder, retention) from their entry in
``credentials.yml``: see ``bot.channels.settings.ChannelSettings`` and the comments there. This
module runs inside the Rasa server's environment (Python 3.10), so it imports only the
dependency-free parts of ``recsys`` (photo checks with Pillow, log masking).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import rasa_speedups
from bot.channels.guards import install_guards, install_log_masking, normalise_sender
from bot.channels.history import history_messages
from bot.channels.settings import ChannelSettings
from bot.channels.uploads import UploadSweeper, photo_problem, store_upload
from bot.nlu.understanding import SENDER_KEY

log = logging.getLogger(__name__)
rasa_speedups.install()


class GuardedRestInput(RestInput):
    """Rasa's REST channel (same name, same URL /webhooks/rest/webhook) behind the input guards."""

    def __init__(self, settings: ChannelSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or ChannelSettings()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        """The channel configured by its ``credentials.yml`` entry (see ``ChannelSettings``)."""
        return cls(ChannelSettings.from_credentials(credentials, channel=f"{cls.__module__}.{cls.__qualname__}"))

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """The message's ``metadata`` object, plus the sender id for the NLU step (``recsys_sender``).

        Rasa's NLU components see the message but not who sent it; the turn model needs the
        conversation so far, which the context store keeps by sender.
        """
        body = request.json if isinstance(request.json, dict) else {}
        metadata = body.get("metadata")
        metadata = dict(metadata) if isinstance(metadata, dict) else {}
        metadata.pop(SENDER_KEY, None)  # only the channel says who is talking
        if isinstance(body.get("sender"), str):
            metadata[SENDER_KEY] = body["sender"]
        return metadata or None

    def _extract_message(self, req: Request) -> str | None:
        """The message text; a photo with no words is sent as the ``/search_product`` intent (a photo search)."""
        text = (req.json or {}).get("message")
        metadata = self.get_metadata(req) or {}
        if (not isinstance(text, str) or not text.strip()) and (metadata.get("image_id") or metadata.get("image")):
            return "/search_product"
        return text

    def blueprint(self, on_new_message: Any) -> Blueprint:
        """Rasa's REST routes with the guards installed in front of them."""
        bp = super().blueprint(on_new_message)
        install_guards(bp, self.settings)
        install_log_masking(bp)
        return bp


class ShopInput(GuardedRestInput):
    """The storefront widget's channel: the guarded REST webhook plus photo upload and history."""

    @classmethod
    def name(cls) -> str:
        """The channel name, and the URL prefix /webhooks/shop/."""
        return "shop"

    def blueprint(self, on_new_message: Any) -> Blueprint:
        """The guarded REST routes plus ``/history`` and ``/upload``."""
        bp = super().blueprint(on_new_message)
        settings = self.settings
        sweeper = UploadSweeper(settings.upload_dir, settings.upload_ttl_s)

        @bp.route("/history", methods=["GET"])
        async def history(request: Request) -> response.HTTPResponse:
            try:
                sender = normalise_sender(request.args.get("sender") or None)
            except ValueError:
                sender = None
            if sender is None:
                return response.json({"error": "invalid sender id"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or agent.tracker_store is None:
                return response.json({"error": "the assistant is starting; try again shortly"}, status=503)
            # Every Rasa session: long chats roll over into new sessions (bot/rasa_speedups.py).
            tracker = await agent.tracker_store.retrieve_full_tracker(sender)
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
            problem = photo_problem(data, settings.max_upload_bytes)
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            try:
                image_id = store_upload(settings.upload_dir, data)
            except OSError as exc:
                log.error("photo upload could not be stored: %s", exc)
                return response.json({"error": "the photo could not be stored right now; please try again"},
                                     status=507)
            log.info("stored photo upload %s (%d bytes)", image_id, len(data))
            sweeper.maybe_sweep()
            return response.json({"image_id": image_id})

        return bp
