"""Clicks in the shop widget (view, more like this, add to cart), recorded as conversation context."""

from __future__ import annotations

import logging

from recsys.assistant.shop import Shop
from recsys.catalog import Product

log = logging.getLogger(__name__)

WIDGET_EVENTS = {"view", "more_like_this", "add_to_cart"}


class WidgetEvents:
    """Records widget clicks on products."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def record(self, sender: str, message_id: str | None, kind: str, product_id: str) -> Product | None:
        """Record a click in the widget as context; None (nothing recorded) for unknown events."""
        product = self.shop.products.get(str(product_id))
        if kind not in WIDGET_EVENTS or product is None:
            return None
        store = self.shop.store
        turn_id = store.turn_id(sender, message_id) if message_id else None
        store.record_event(sender, product.id, kind, turn_id)
        log.info("widget event sender=%s kind=%s product=%s", sender, kind, product.id)
        return product
