"""The conversation so far, as the storefront widget renders it after a page reload."""

from __future__ import annotations

from typing import Any

HISTORY_LIMIT = 200


def history_messages(tracker: Any, limit: int = HISTORY_LIMIT) -> list[dict[str, Any]]:
    """User and bot messages of a tracker, oldest first (the last ``limit``), as the widget shows them.

    User texts that are intents (``/...``) show the button label the widget sent with them, and
    widget events (``/widget_event``) are left out; bot messages keep their text, custom payload
    and buttons.
    """
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
    return out[-limit:]
