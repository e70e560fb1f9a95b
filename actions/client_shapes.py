"""Reply shapes per chat client: our own payloads, Rasa's standard messages, or text alone.

- **rich** (``shop``: our storefront widget; ``rest``: API clients that read ``custom``): the text,
  plus our ``products`` / cart / order payloads (``custom`` in Rasa's REST replies).
- **standard** (``socketio`` and any channel we do not know, e.g. botfront's rasa-webchat, Rasa's
  chat widget, helpdesk bridges): only message kinds every Rasa client renders: text with the
  products as a numbered list, and the products again as a ``template``/``generic`` carousel
  attachment with buttons whose payloads are plain sentences the assistant understands. Our own
  payloads are never sent there: Rasa's socket.io output passes a custom payload as keyword
  arguments to ``emit`` and fails, and other clients show it as raw JSON or drop it.
- **text** (``cmdline``: ``rasa shell``): text only (a carousel would print as JSON).
"""

from __future__ import annotations

from typing import Any

RICH_CHANNELS = {"shop", "rest"}
TEXT_CHANNELS = {"cmdline"}


def client_kind(channel: str | None) -> str:
    """``rich``, ``standard`` or ``text``: what the input channel's clients render (see the module docstring)."""
    if channel in RICH_CHANNELS or channel is None:  # None: a message put in through Rasa's HTTP API
        return "rich"
    if channel in TEXT_CHANNELS:
        return "text"
    return "standard"


def carousel(products: list[dict[str, Any]]) -> dict[str, Any]:
    """Products as Rasa's generic template attachment (a carousel in rasa-webchat and Rasa's widget).

    Buttons send sentences that name the product and its id ("add the Hero Hoodie (MH07) to my
    cart"): understood like words, and right even when clicked on an older carousel.
    """
    elements = []
    for p in products:
        which = f"the {p.get('title')} ({p.get('id')})"
        price = f"${p['price']:.2f}" if isinstance(p.get("price"), (int, float)) else ""
        subtitle = " - ".join(x for x in (price, str(p.get("reason") or "")) if x)
        element = {"title": str(p.get("title") or ""), "subtitle": subtitle,
                   "buttons": [{"title": "Add to cart", "type": "postback", "payload": f"add {which} to my cart"},
                               {"title": "More like this", "type": "postback",
                                "payload": f"show me more like {which}"}]}
        if p.get("image"):
            element["image_url"] = p["image"]
        elements.append(element)
    return {"type": "template", "payload": {"template_type": "generic", "elements": elements}}
