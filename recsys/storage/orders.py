"""Order look-ups for the service scene, seeded from the Luma sample customer plus demo orders.

An order is only described to a shopper who gives both its number and the email it was placed
with: an order number alone is guessable.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, sessionmaker

from recsys.catalog import Product
from recsys.storage.orm import Order, OrderItem

STATUSES = ["processing", "shipped", "delivered", "shipped", "delivered", "canceled", "pending_payment"]
CARRIERS = ["UPS", "USPS", "FedEx"]
SAMPLE_CUSTOMER = "roni_cost@example.com"
DEMO_FIRST_NAMES = ["alex", "sam", "jordan", "maria", "li", "omar", "ana", "kim", "noah", "eva"]


@dataclass(frozen=True)
class OrderView:
    """What a shopper is told about one order, read out of the database."""

    number: str
    status: str
    placed_at: datetime
    carrier: str | None
    tracking_number: str | None
    estimated_delivery: datetime | None
    total: float
    currency: str
    items: list[tuple[str, str, int, str | None, str | None, float]]  # (product id, title, qty, size, color, price)


class OrderBook:
    """The shop's orders: look-up by number and email, and the demo orders' seeding."""

    def __init__(self, session_factory: sessionmaker) -> None:
        self._sessions = session_factory

    def count(self) -> int:
        """How many orders the database holds."""
        with self._sessions() as db:
            return int(db.scalar(select(func.count()).select_from(Order)) or 0)

    def lookup(self, number: str, email: str) -> OrderView | None:
        """The order if number and email belong together, else None (never says which was wrong)."""
        with self._sessions() as db:
            order = db.scalar(
                select(Order).options(selectinload(Order.items))
                .where(Order.number == number, func.lower(Order.email) == email.lower())
            )
            if order is None:
                return None
            return OrderView(
                number=order.number, status=order.status, placed_at=order.placed_at, carrier=order.carrier,
                tracking_number=order.tracking_number, estimated_delivery=order.estimated_delivery,
                total=order.total, currency=order.currency,
                items=[(i.product_id, i.title, i.qty, i.size, i.color, i.price) for i in order.items],
            )

    def seed(self, products: list[Product], luma_orders_csv: Path | None, seed: int,
             now: datetime | None = None) -> int:
        """Create the demo orders once (idempotent). Returns how many orders exist afterwards."""
        if self.count() > 0:
            return self.count()
        rng = random.Random(seed)
        now = now or datetime(2026, 11, 1, 12, 0)
        by_id = {p.id: p for p in products}
        orders: list[Order] = []
        number = 1000
        sample_lines: list[dict] = []
        if luma_orders_csv and luma_orders_csv.exists():
            with luma_orders_csv.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    item = json.loads(row["product"])
                    opts = item.get("configurable_options", {})
                    sample_lines.append({"email": row["customer_email"], "sku": item["sku"],
                                         "qty": int(item.get("qty", 1)), "size": opts.get("size"),
                                         "color": opts.get("color"), "refunded": row["refund"] == "yes",
                                         "payment": row["payment"], "shipping": row["shipping_method"]})
        if not sample_lines:  # the fixture's two orders, so a deployment without shared data still has them
            sample_lines = [
                {"email": SAMPLE_CUSTOMER, "sku": "WS03", "qty": 1, "size": "XS", "color": "Red", "refunded": False,
                 "payment": "checkmo", "shipping": "flatrate_flatrate"},
                {"email": SAMPLE_CUSTOMER, "sku": "WS08", "qty": 1, "size": "XS", "color": "Blue", "refunded": True,
                 "payment": "checkmo", "shipping": "flatrate_flatrate"},
            ]
        plans = [(line["email"], [line], line["payment"], line["shipping"]) for line in sample_lines]
        ids = sorted(by_id)
        for i in range(40):
            email = f"{DEMO_FIRST_NAMES[i % len(DEMO_FIRST_NAMES)]}{i}@example.com"
            lines = []
            for sku in rng.sample(ids, rng.randint(1, 3)):
                p = by_id[sku]
                lines.append({"sku": sku, "qty": rng.randint(1, 2), "size": rng.choice(p.sizes) if p.sizes else None,
                              "color": rng.choice(p.colors) if p.colors else None, "refunded": False})
            plans.append((email, lines, rng.choice(["checkmo", "card", "paypal"]), "flatrate_flatrate"))
        for idx, (email, lines, payment, shipping) in enumerate(plans):
            number += 1  # sequential, like Magento increment ids
            placed = now - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 23))
            if idx == 0:
                status = "shipped"
            else:
                status = "closed" if any(line["refunded"] for line in lines) else rng.choice(STATUSES)
            shipped = status in {"shipped", "delivered", "closed"}
            order = Order(
                number=str(number), email=email.lower(), status=status, placed_at=placed, shipping_method=shipping,
                carrier=rng.choice(CARRIERS) if shipped else None,
                tracking_number=f"1Z{rng.randrange(10**9, 10**10)}" if shipped else None,
                estimated_delivery=placed + timedelta(days=5) if status in {"processing", "shipped"} else None,
                payment_method=payment, total=0.0,
            )
            for line in lines:
                p = by_id.get(line["sku"])
                price = p.price if p and p.price is not None else 0.0
                order.items.append(OrderItem(product_id=line["sku"], title=p.title if p else line["sku"],
                                             qty=line["qty"], size=line.get("size"), color=line.get("color"),
                                             price=price, refunded=line.get("refunded", False)))
                order.total += price * line["qty"]
            orders.append(order)
        with self._sessions() as db, db.begin():
            db.add_all(orders)
        return len(orders)
