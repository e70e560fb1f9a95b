"""Rasa's socket.io channel, as third-party web widgets (botfront's rasa-webchat, Rasa's own) expect it.

It is Rasa's ``SocketIOInput`` with its events, ``session_persistence``, ``metadata_key`` and
optional JWT, configured in ``credentials.yml`` under ``bot.channels.socketio.ShopSocketIOInput``
with Rasa's own keys. It mends one Rasa 3.6 bug (a persistent session never joined its room, so
it got no replies, with the python-socketio Rasa installs) and adds what the REST channels add:
- the sender id goes into the message metadata (``recsys_sender``) so the turn model reads the
  message with its conversation (Rasa's NLU step does not see the sender otherwise);
- a photo sent with no words (``metadata_key`` carrying ``image`` or ``image_id``) is a photo
  search, as on the other channels;
- a widget event (``{"event": {"type": "add_to_cart", "product_id": ...}}`` in the metadata) is
  handed on unchanged, as the shop widget sends it.

The channel keeps Rasa's name (``socketio``), so replies are shaped for clients that know only
Rasa's standard messages: text, quick replies and a ``template``/``generic`` carousel (see
``actions/client_shapes.py``), never our own ``products`` payload.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.nlu.understanding import SENDER_KEY

log = logging.getLogger(__name__)


class ShopSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel, telling the turn model who is talking and reading bare photos as searches."""

    @classmethod
    def name(cls) -> str:
        """Rasa's own channel name: clients and replies treat it as the standard socket.io channel."""
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's socket.io routes, with each message prepared as the REST channels prepare theirs."""

        async def prepared(message: UserMessage) -> Any:
            metadata = dict(message.metadata) if isinstance(message.metadata, dict) else {}
            metadata.pop(SENDER_KEY, None)  # only the channel says who is talking
            metadata[SENDER_KEY] = message.sender_id
            message.metadata = metadata
            text = message.text if isinstance(message.text, str) else ""
            if not text.strip() and (metadata.get("image_id") or metadata.get("image")):
                message.text = "/search_product"  # a photo with no words: a photo search
            return await on_new_message(message)

        routes = super().blueprint(prepared)
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            # Rasa 3.6's handler, fixed: with python-socketio >= 5.10 ``enter_room`` is a coroutine
            # that Rasa never awaits, so a persistent session joins no room and gets no replies.
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"])
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid)

        return routes
