"""One-off conversion of the Magento "Luma" sample store into the project's catalog format.

The converted catalog (and downscaled main images) ships inside the package, so the assistant
runs on a machine without the shared data folder. Re-run with ``recsys import-luma`` if the
source fixtures change.
"""

from __future__ import annotations

import csv
import html
import json
import logging
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from recsys.catalog import product_from_row

log = logging.getLogger(__name__)

GEAR_FILES = [
    "products_gear_bags.csv",
    "products_gear_fitness_equipment.csv",
    "products_gear_fitness_equipment_ball.csv",
    "products_gear_fitness_equipment_strap.csv",
    "products_gear_watches.csv",
]
GEAR_IMAGE_FILES = ["images_gear_bags.csv", "images_gear_fitness_equipment.csv", "images_gear_watches.csv"]
IMAGE_MAX_SIDE = 320


def html_to_text(value: str) -> str:
    """Plain text of an HTML description: line breaks kept, tags and bullets dropped, whitespace squeezed."""
    text = re.sub(r"<\s*(br|/p|/li)\s*/?>", "\n", value, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    lines = [re.sub(r"\s+", " ", line).strip().lstrip("\u2022").strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _multi(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[\n|]", value or "") if v.strip()]


def _gender(values: list[str]) -> str:
    has_men, has_women = "Men" in values, "Women" in values
    if has_men and has_women:
        return "Unisex"
    return "Men" if has_men else "Women" if has_women else ""


def _links(fixtures: Path) -> dict[str, dict[str, list[str]]]:
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for group in ("links_apparel", "links_gear"):
        for kind in ("related", "upsell", "crosssell"):
            path = fixtures / group / f"{kind}.csv"
            if not path.exists():
                continue
            for row in _csv(path):
                for sku in _multi(row["sku"]):
                    links[sku][kind].extend(_multi(row["linked_sku"]))
    return links


def _ratings(fixtures: Path) -> dict[str, float]:
    scores: dict[str, list[float]] = defaultdict(list)
    for row in _csv(fixtures / "products_reviews.csv"):
        try:
            scores[row["sku"]].append(float(row["rating_value"]))
        except (KeyError, ValueError):
            continue
    return {sku: round(sum(v) / len(v), 2) for sku, v in scores.items()}


def _apparel(fixtures: Path) -> Iterator[dict]:
    for row in _csv(fixtures / "products_apparel.csv"):
        if row["product_type"] != "configurable":
            continue
        paths = [c.split("/")[1:] for c in row["categories"].split(",") if c.count("/") >= 2]
        shop_paths = [p for p in paths if p[0] in ("Men", "Women")]
        best = max(shop_paths, key=len) if shop_paths else (paths[0] if paths else [])
        attrs = dict(kv.split("=", 1) for kv in row["additional_attributes"].split(",") if "=" in kv)
        colors: list[str] = []
        sizes: list[str] = []
        for variant in row["configurable_variations"].split("|"):
            fields = dict(kv.split("=", 1) for kv in variant.split(",") if "=" in kv)
            if fields.get("color") and fields["color"] not in colors:
                colors.append(fields["color"])
            if fields.get("size") and fields["size"] not in sizes:
                sizes.append(fields["size"])
        collections = [p[-1] for p in paths if p and p[0] == "Collections"]
        yield {
            "id": row["sku"],
            "title": html.unescape(row["name"]).strip(),
            "description": html_to_text(row["description"]),
            "category": " > ".join(best),
            "brand": "Luma",
            "price": float(row["price"]),
            "gender": best[0] if best and best[0] in ("Men", "Women") else "",
            "colors": colors,
            "sizes": sizes,
            "source_image": row["base_image"],
            "in_stock": row["is_in_stock"] == "1",
            "attributes": {
                k: v.replace("|", ", ")
                for k, v in attrs.items()
                if k in {"material", "pattern", "climate", "style_general", "eco_collection", "sale", "new"}
            }
            | ({"collections": ", ".join(collections)} if collections else {}),
        }


def _gear(fixtures: Path) -> Iterator[dict]:
    images: dict[str, str] = {}
    for name in GEAR_IMAGE_FILES:
        for row in _csv(fixtures / name):
            images.setdefault(row["sku"], row["image"])
    for name in GEAR_FILES:
        for row in _csv(fixtures / name):
            category = " > ".join(_multi(row["category"])[:2])  # later values are collections
            activity = ", ".join(_multi(row.get("activity", "")))
            material = ", ".join(_multi(row.get("material", "")))
            attrs = {"activity": activity, "material": material}
            for key in ("features_bags", "style_bags", "strap_bags", "category_gear"):
                if row.get(key):
                    attrs[key.replace("_bags", "").replace("_gear", "")] = ", ".join(_multi(row[key]))
            yield {
                "id": row["sku"],
                "title": html.unescape(row["name"]).strip(),
                "description": html_to_text(row["description"]),
                "category": category,
                "brand": "Luma",
                "price": float(row["price"]),
                "gender": _gender(_multi(row.get("gender", ""))) or "Unisex",
                "colors": _multi(row.get("color", "")),
                "sizes": _multi(row.get("size", "")),
                "source_image": images.get(row["sku"], ""),
                "in_stock": True,
                "attributes": {k: v for k, v in attrs.items() if v},
            }


def _copy_image(src: Path, dest: Path) -> None:
    """Downscale product photos so the shipped package stays small."""
    from PIL import Image

    with Image.open(src) as img:
        img = img.convert("RGB")
        img.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
        img.save(dest, format="JPEG", quality=82, optimize=True)


def import_luma(luma_dir: Path, out_dir: Path) -> Path:
    """Convert ``luma_dir`` (shared/data/luma) into ``out_dir``/luma.jsonl + images/."""
    fixtures = luma_dir / "fixtures"
    if not fixtures.is_dir():
        raise FileNotFoundError(f"{luma_dir} has no fixtures/ folder; expected shared/data/luma")
    links = _links(fixtures)
    ratings = _ratings(fixtures)
    image_dir = out_dir / "images"
    image_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for raw in [*_apparel(fixtures), *_gear(fixtures)]:
        source = raw.pop("source_image")
        if source:
            src = luma_dir / "images" / source.lstrip("/")
            if src.exists():
                dest = image_dir / src.name
                if not dest.exists():
                    _copy_image(src, dest)
                raw["image"] = f"images/{src.name}"
            else:
                log.warning("image %s for %s is missing; product kept without image", src, raw["id"])
        raw.update({kind: sorted(set(links[raw["id"]][kind])) for kind in ("related", "upsell", "crosssell")})
        if raw["id"] in ratings:
            raw["rating"] = ratings[raw["id"]]
        product_from_row(dict(raw))  # fail early on anything the loader would reject
        rows.append(raw)
    known = {r["id"] for r in rows}
    for raw in rows:  # links to variants/unknown skus cannot be shown; keep only product ids
        for kind in ("related", "upsell", "crosssell"):
            raw[kind] = [sku for sku in raw[kind] if sku in known]
    out_path = out_dir / "luma.jsonl"
    with out_path.open("w", encoding="utf-8") as fh:
        for raw in rows:
            fh.write(json.dumps(raw, ensure_ascii=False) + "\n")
    for licence in luma_dir.glob("LICENSE*"):
        shutil.copy(licence, out_dir / licence.name)
    if (luma_dir / "images" / "LICENSE.txt").exists():
        shutil.copy(luma_dir / "images" / "LICENSE.txt", image_dir / "LICENSE.txt")
    log.info("wrote %d products to %s", len(rows), out_path)
    return out_path
