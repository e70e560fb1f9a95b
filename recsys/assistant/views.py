"""What the assistant hands back to the actions and the CLI: answers and the products they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ProductView:
    """A product as a client shows it, with the reason it is listed."""

    id: str
    title: str
    price: float | None
    image_url: str
    category: str
    colors: list[str]
    sizes: list[str]
    score: float
    reason: str
    why: dict = field(default_factory=dict)  # evidence: similarity, matched terms, ranks, filters
    gender: str = ""

    def payload(self) -> dict:
        """The JSON a widget receives for this product."""
        return {"id": self.id, "title": self.title, "price": self.price, "image": self.image_url,
                "category": self.category, "gender": self.gender, "colors": self.colors, "sizes": self.sizes,
                "score": round(self.score, 4), "reason": self.reason, "why": self.why}


@dataclass
class Answer:
    """One reply: its text, the products it shows, the filters it used and dropped, and an optional card."""

    text: str
    products: list[ProductView] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    relaxed: list[str] = field(default_factory=list)
    card: dict | None = None  # a structured card for rich clients (e.g. an order's status)
    kind: str = ""  # the scene it answers in (search, recommend, service), for the products payload
    list_kind: str = "list"  # "list" (results to pick from) or "focus" (the one product the answer is about)
    # The order look-up starts: with an order number said without its email (the look-up asks the
    # email), or "" for a return of the shopper's own purchase said without one (it asks the number).
    start_order: str | None = None
    pictured: str = ""  # the catalog product a photo was recognised as ("" without one)


@dataclass(frozen=True)
class ShippingRates:
    """What delivery costs (``shipping_rates`` in policies.json, beside the delivery policy's words)."""

    standard: float
    free_over: float | None  # standard delivery is free from this order total on (None: never)
    express: float | None = None

    def standard_for(self, total: float) -> float:
        """The standard delivery fee for an order of this total."""
        return 0.0 if self.free_over is not None and total >= self.free_over else self.standard
