"""Reproduce the shipped photo->text projection from the catalog's own photos."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .catalog import load_catalog
from .encoders import get_text_encoder
from .image_encoder import ImageEncoder, train_projection
from .images import ImageError, check_image_file
from .settings import Settings

log = logging.getLogger(__name__)


def train_from_catalog(settings: Settings, catalog_path: Path, out: Path, seed: int = 13) -> dict:
    products = load_catalog(catalog_path).products
    root = catalog_path.resolve().parent
    images, texts, groups = [], [], []
    for product in products:
        if not product.image:
            continue
        try:
            images.append(check_image_file(root / product.image, 50 * 1024 * 1024).image)
        except ImageError as exc:
            log.warning("skipping photo of %s: %s", product.id, exc)
            continue
        texts.append(product.embedding_text())
        groups.append(product.id)
    if len(images) < 10:
        raise ImageError(f"only {len(images)} readable product photos in {catalog_path}; need at least 10")
    text_encoder = get_text_encoder(settings.text_model, settings.device)
    vectors = text_encoder.encode(texts)
    encoder = ImageEncoder(None, settings.device)
    log.info("training image projection on %d photos", len(images))
    return train_projection(encoder, images, np.asarray(vectors), groups, settings.text_model, out, seed=seed)
