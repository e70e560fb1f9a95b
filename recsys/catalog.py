"""Catalog rows: the one product shape every other module works with.

Catalogs arrive as JSONL or CSV from shops' exports. Rows are validated one by one so a bad
export fails with the file and row named, rather than crashing later or silently shrinking
the catalog.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LIST_FIELDS = ("colors", "sizes", "related", "upsell", "crosssell")
KNOWN_FIELDS = {
    "id", "title", "description", "category", "brand", "price", "gender", "image",
    "in_stock", "rating", "attributes", *LIST_FIELDS,
}
# Singular column names shops commonly use, mapped to ours.
ALIASES = {"color": "colors", "colour": "colors", "size": "sizes", "name": "title", "sku": "id"}


class CatalogError(ValueError):
    """The catalog file cannot be used; the message names the file and the offending rows."""


@dataclass(frozen=True)
class Product:
    """One catalog product: what search, filters and recommendations read, plus the merchant's links."""

    id: str
    title: str
    description: str = ""
    category: str = ""
    brand: str = ""
    price: float | None = None
    gender: str = ""
    colors: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    image: str = ""
    in_stock: bool = True
    rating: float | None = None
    related: tuple[str, ...] = ()
    upsell: tuple[str, ...] = ()
    crosssell: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def category_leaf(self) -> str:
        """The last part of the category path ("Men > Tops > Hoodies & Sweatshirts" -> "Hoodies & Sweatshirts")."""
        return self.category.split(">")[-1].strip()

    def embedding_text(self) -> str:
        """The text the dense encoder sees: what a shopper would say about the product."""
        parts = [self.title, self.category.replace(">", " "), self.gender]
        if self.colors:
            parts.append("colors: " + ", ".join(self.colors))
        extra = [v for k, v in sorted(self.attributes.items()) if k in {"material", "activity", "style", "pattern"}]
        parts.extend(extra)
        parts.append(self.description[:300])
        return ". ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        """The product as a JSON-ready dict, list fields as lists."""
        data = asdict(self)
        for name in LIST_FIELDS:
            data[name] = list(data[name])
        return data


def _split_list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, (list, tuple)):
        items = value
    else:
        sep = "|" if "|" in str(value) else ","
        items = str(value).split(sep)
    return tuple(str(v).strip() for v in items if str(v).strip())


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"", "1", "true", "yes", "y"}:
        return True
    if text in {"0", "false", "no", "n"}:
        return False
    raise ValueError(f"in_stock must be true/false, got {value!r}")


def product_from_row(row: dict[str, Any]) -> Product:
    """Validate one raw row; raises ValueError with a shopper-engineer readable reason."""
    data: dict[str, Any] = {}
    attributes: dict[str, str] = {}
    for key, value in row.items():
        if key is None:
            raise ValueError("row has more columns than the header")
        name = ALIASES.get(key.strip().lower(), key.strip().lower())
        if name == "attributes" and isinstance(value, dict):
            attributes.update({str(k): str(v) for k, v in value.items()})
        elif name in KNOWN_FIELDS:
            data[name] = value
        elif value not in (None, ""):
            attributes[name] = str(value)
    pid = str(data.get("id") or "").strip()
    title = str(data.get("title") or "").strip()
    if not pid:
        raise ValueError("missing 'id'")
    if not title:
        raise ValueError("missing 'title'")
    price = data.get("price")
    if price in (None, ""):
        price_value = None
    else:
        try:
            price_value = float(str(price).replace("$", "").strip())
        except ValueError:
            raise ValueError(f"price {price!r} is not a number") from None
        if math.isnan(price_value) or math.isinf(price_value) or price_value < 0:
            raise ValueError(f"price {price!r} must be a non-negative number")
    rating = data.get("rating")
    try:
        rating_value = None if rating in (None, "") else float(rating)
    except (TypeError, ValueError):
        raise ValueError(f"rating {rating!r} is not a number") from None
    return Product(
        id=pid,
        title=title,
        description=str(data.get("description") or "").strip(),
        category=str(data.get("category") or "").strip(),
        brand=str(data.get("brand") or "").strip(),
        price=price_value,
        gender=str(data.get("gender") or "").strip(),
        colors=_split_list(data.get("colors")),
        sizes=_split_list(data.get("sizes")),
        image=str(data.get("image") or "").strip(),
        in_stock=_parse_bool(data.get("in_stock", True)),
        rating=rating_value,
        related=_split_list(data.get("related")),
        upsell=_split_list(data.get("upsell")),
        crosssell=_split_list(data.get("crosssell")),
        attributes=attributes,
    )


def _raw_rows(path: Path) -> Iterable[tuple[int, dict[str, Any] | Exception]]:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield lineno, ValueError(f"invalid JSON ({exc.msg})")
                    continue
                yield lineno, obj if isinstance(obj, dict) else ValueError("row is not a JSON object")
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise CatalogError(f"{path}: empty CSV (no header)")
            for row in reader:
                yield reader.line_num, row
    else:
        raise CatalogError(f"{path}: unsupported catalog format {suffix!r} (use .jsonl or .csv)")


@dataclass
class LoadReport:
    """The products read from a catalog file and the rows skipped, one message each."""

    products: list[Product]
    skipped: list[str]


def load_catalog(path: Path | str, skip_bad_rows: bool = False) -> LoadReport:
    """Read and validate a catalog.

    Bad rows raise CatalogError unless skip_bad_rows, in which case each one is reported in
    ``skipped`` (never dropped silently).
    """
    path = Path(path)
    if not path.exists():
        raise CatalogError(f"catalog file not found: {path}")
    products: list[Product] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        for lineno, row in _raw_rows(path):
            if isinstance(row, Exception):
                problems.append(f"{path}:{lineno}: {row}")
                continue
            try:
                product = product_from_row(row)
            except ValueError as exc:
                problems.append(f"{path}:{lineno}: {exc}")
                continue
            if product.id in seen:
                problems.append(f"{path}:{lineno}: duplicate id {product.id!r} (first on row {seen[product.id]})")
                continue
            seen[product.id] = lineno
            products.append(product)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if problems and not skip_bad_rows:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise CatalogError(f"{len(problems)} bad row(s) in catalog:\n  {shown}{more}")
    if not products:
        raise CatalogError(f"{path}: catalog has no valid products")
    return LoadReport(products=products, skipped=problems)


def catalog_version(products: Iterable[Product]) -> str:
    """Content hash of a catalog, so an index built for other data is detected."""
    digest = hashlib.sha256()
    for product in products:
        digest.update(json.dumps(product.to_dict(), sort_keys=True).encode())
    return digest.hexdigest()[:16]
