"""Catalog -> vectors -> index, incrementally when the index already fits the models.

Re-ingesting a catalog compares it with the copy stored beside the index: new and changed
products are encoded (through the content-hash cache, so unchanged text or photos cost
nothing) and upserted, removed products are deleted, and everything else is left alone. A
full rebuild happens only for a first ingest, a model change, or an index kind that no
longer fits the catalog size.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from recsys.catalog import Product, catalog_version, load_catalog
from recsys.encoders.cache import EmbeddingCache
from recsys.encoders.image import FEATURE_DIM, get_image_encoder
from recsys.encoders.text import text_encoder_for
from recsys.images import ImageError, check_image_bytes
from recsys.search.index import EXACT_THRESHOLD, ProductIndex, ProductIndexError
from recsys.search.index_folder import IndexFolder, model_tags
from recsys.settings import Settings

log = logging.getLogger(__name__)

CATALOG_IMAGE_BYTES = 50 * 1024 * 1024  # the shop's own photos may be larger than shoppers'


@dataclass
class IngestReport:
    """What an ingest did: how it ran, what changed, what was encoded and what was skipped."""

    products: int
    skipped: list[str] = field(default_factory=list)
    mode: str = "rebuild"  # "rebuild", "incremental" or "unchanged"
    added: int = 0
    updated: int = 0
    deleted: int = 0
    encoded_texts: int = 0
    encoded_images: int = 0
    missing_images: list[str] = field(default_factory=list)


class CatalogEncoder:
    """Text and photo vectors for products, through the embedding cache."""

    def __init__(self, settings: Settings, image_root: Path) -> None:
        self.settings = settings
        self.image_root = image_root
        self.text = text_encoder_for(settings)
        self.image = get_image_encoder(settings.image_projection_path, settings.device) \
            if settings.image_search else None
        self.cache = EmbeddingCache(settings.embedding_cache_path)

    def encode(self, products: list[Product], report: IngestReport) -> dict[str, np.ndarray]:
        """Vectors per space (``text``, and ``image`` when photo search is on), one row per product."""
        texts = [p.embedding_text() for p in products]
        before = self.cache.misses
        spaces = {"text": self.cache.encode(self.text.tag, texts,
                                            lambda idx: self.text.encode([texts[i] for i in idx]), self.text.dim)}
        report.encoded_texts += self.cache.misses - before
        if self.image is not None:
            spaces["image"] = self._encode_images(products, report)
        return spaces

    def _encode_images(self, products: list[Product], report: IngestReport) -> np.ndarray:
        out = np.zeros((len(products), FEATURE_DIM), dtype=np.float32)
        blobs: list[bytes] = []
        rows: list[int] = []
        for row, product in enumerate(products):
            if not product.image:
                continue
            path = (self.image_root / product.image).resolve()
            if not path.is_relative_to(self.image_root.resolve()) or not path.is_file():
                report.missing_images.append(f"{product.id}: {product.image}")
                continue
            blobs.append(path.read_bytes())
            rows.append(row)

        def encode_missing(indices: list[int]) -> np.ndarray:
            images = []
            for i in indices:
                try:
                    images.append(check_image_bytes(blobs[i], max_bytes=CATALOG_IMAGE_BYTES).image)
                except ImageError as exc:
                    report.missing_images.append(f"{products[rows[i]].id}: {exc}")
                    images.append(None)
            vectors = np.zeros((len(indices), FEATURE_DIM), dtype=np.float32)
            good = [j for j, im in enumerate(images) if im is not None]
            if good:
                vectors[good] = self.image.features([images[j] for j in good])
            return vectors

        before = self.cache.misses
        if blobs:
            out[rows] = self.cache.encode(self.image.tag, blobs, encode_missing, FEATURE_DIM)
        report.encoded_images += self.cache.misses - before
        return out


def _existing(settings: Settings) -> tuple[ProductIndex, dict[str, Product]] | None:
    try:
        folder = IndexFolder.from_settings(settings)
        index = folder.load_index()
        old = {p.id: p for p in folder.products()}
    except (ProductIndexError, ValueError, OSError) as exc:
        log.info("no usable index to update (%s): full build", exc)
        return None
    return index, old


def ingest(settings: Settings, catalog_path: Path, skip_bad_rows: bool = False,
           rebuild: bool = False) -> IngestReport:
    """Validate a catalog and bring the index in line with it (incrementally when possible)."""
    loaded = load_catalog(catalog_path, skip_bad_rows=skip_bad_rows)
    products = loaded.products
    report = IngestReport(len(products), loaded.skipped)
    version = catalog_version(products)
    tags = model_tags(settings)
    encoder = CatalogEncoder(settings, catalog_path.resolve().parent)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    existing = None if rebuild else _existing(settings)
    wanted_kind = settings.index_kind if settings.index_kind != "auto" else \
        ("flat" if len(products) < EXACT_THRESHOLD else "ivf")
    if existing is not None:
        index, old = existing
        kinds = {space.kind for space in index.spaces.values()}
        if index.models != tags or kinds != {wanted_kind} or set(index.spaces) != set(tags):
            existing = None
    if existing is None:
        spaces = encoder.encode(products, report)
        index = ProductIndex.build([p.id for p in products], spaces, version, tags, settings.index_kind)
        report.mode = "rebuild"
    else:
        new = {p.id: p for p in products}
        changed = [p for p in products if p.id not in old or old[p.id].to_dict() != p.to_dict()]
        removed = [pid for pid in old if pid not in new]
        report.added = sum(1 for p in changed if p.id not in old)
        report.updated = len(changed) - report.added
        report.deleted = len(removed)
        report.mode = "incremental" if changed or removed else "unchanged"
        if changed:
            spaces = encoder.encode(changed, report)
            for row, product in enumerate(changed):
                index.upsert(product.id, {name: vectors[row] for name, vectors in spaces.items()})
        for pid in removed:
            index.delete(pid)
        index.version = version
    IndexFolder.from_settings(settings).write_catalog(products, catalog_path)
    index.save(settings.index_dir)
    log.info("ingest %s: %d products (version %s, +%d ~%d -%d, encoded %d texts %d photos) into %s",
             report.mode, len(products), version, report.added, report.updated, report.deleted,
             report.encoded_texts, report.encoded_images, settings.index_dir)
    if report.missing_images:
        log.warning("%d product photo(s) missing or unreadable, e.g. %s", len(report.missing_images),
                    report.missing_images[0])
    return report


def index_is_current(settings: Settings, catalog_path: Path) -> bool:
    """True when the configured index was built from this catalog with today's models."""
    return IndexFolder.from_settings(settings).is_current_for(settings, catalog_path)
