"""``POST /understand``: the turn model's reading of a user message, for Rasa's NLU step.

Rasa's pipeline component ``bot.nlu.understanding.TurnUnderstanding`` posts
``{"sender_id", "message_id", "text", "metadata"}`` here before any rule runs; the answer is the
one understanding of the turn that rules, forms and handlers then use:
``{"act", "act_confidence", "scene", "scene_probs", "ref", "slots": [{"slot", "value", "start", "end"}]}``.
The decision is recorded under the message id, so the turn's first action reads it back instead
of deciding again; with no ``sender_id`` (a channel that does not say who is talking) the turn
is read without context and not recorded. The same bearer token as ``/webhook`` guards it.
"""

from __future__ import annotations

import re
from typing import Any

from recsys.assistant import get_assistant

SENDER = re.compile(r"^[A-Za-z0-9_.:\-]{1,128}$")
MAX_TEXT = 2000


class BadRequest(ValueError):
    """The request body is not what the NLU component sends."""


def parse(body: Any) -> tuple[str | None, str, str, dict | None]:
    """(sender, message id, text, metadata) of a request body; BadRequest when malformed."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    sender, message_id, text = body.get("sender_id"), body.get("message_id"), body.get("text")
    metadata = body.get("metadata")
    if sender is not None and (not isinstance(sender, str) or not SENDER.match(sender)):
        raise BadRequest("sender_id must be null or 1-128 characters of letters, digits and _.:-")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= 128:
        raise BadRequest("message_id must be a non-empty string")
    if not isinstance(text, str) or len(text) > MAX_TEXT or "\x00" in text:
        raise BadRequest(f"text must be a string of at most {MAX_TEXT} characters")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("metadata must be an object")
    return sender, message_id, text, metadata


def understand(body: Any) -> dict:
    """The turn model's answer for one message (see the module docstring)."""
    sender, message_id, text, metadata = parse(body)
    d = get_assistant().understand(sender, message_id, text, metadata)
    return {"act": d.act, "act_confidence": d.act_confidence, "scene": d.scene, "scene_probs": d.probs,
            "ref": d.ref, "slots": [{"slot": s.name, "value": s.value, "start": s.start, "end": s.end}
                                    for s in d.slots]}
