"""Train the photo->text projection (contrastive, against product texts) from the catalog's own photos."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from recsys.catalog import load_catalog
from recsys.encoders.image import FEATURE_DIM, ImageEncoder, Projection
from recsys.encoders.text import get_text_encoder
from recsys.images import ImageError, check_image_file
from recsys.settings import Settings
from recsys.training.augment import augment

log = logging.getLogger(__name__)


def train_from_catalog(settings: Settings, catalog_path: Path, out: Path, seed: int = 13) -> dict:
    """Train on every readable product photo of a catalog; returns the held-out metrics."""
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


def train_projection(encoder: ImageEncoder, images: list[Image.Image], text_vectors: np.ndarray,
                     groups: list[str], text_model: str, out_path: Path, seed: int = 13,
                     views: int = 6, epochs: int = 300, holdout: float = 0.2) -> dict:
    """Fit the linear projection with a symmetric InfoNCE loss; report held-out product recall.

    ``groups`` names the product each image shows; held-out products are never trained on, so
    the reported photo->text recall is for products the projection has not seen.
    """
    rng = random.Random(seed)
    torch.manual_seed(seed)
    unique = sorted(set(groups))
    rng.shuffle(unique)
    held = set(unique[: int(len(unique) * holdout)])
    feats, targets, owner = [], [], []
    for image, vector, group in zip(images, text_vectors, groups, strict=True):
        variants = [image] + [augment(image, rng) for _ in range(views - 1)]
        feats.append(encoder.features(variants))
        targets.extend([vector] * len(variants))
        owner.extend([group] * len(variants))
    x = torch.from_numpy(np.concatenate(feats))
    y = torch.from_numpy(np.stack(targets).astype(np.float32))
    train_mask = torch.tensor([g not in held for g in owner])
    projection = Projection(FEATURE_DIM, y.shape[1])
    optimiser = torch.optim.AdamW(projection.parameters(), lr=2e-3, weight_decay=1e-2)
    xt, yt = x[train_mask], y[train_mask]
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for start in range(0, len(xt), 256):
            idx = perm[start:start + 256]
            logits = projection(xt[idx]) @ yt[idx].T / 0.05
            labels = torch.arange(len(idx))
            # rows sharing a product are not negatives of each other: mask exact duplicates
            same = (yt[idx] @ yt[idx].T) > 0.999
            logits = logits.masked_fill(same & ~torch.eye(len(idx), dtype=torch.bool), -1e4)
            loss = (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.T, labels)) / 2
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    projection.eval()

    def recall(mask: torch.Tensor) -> float:
        names = [g for g, m in zip(owner, mask.tolist(), strict=True) if m]
        if not names:
            return float("nan")
        catalog = sorted(set(names))
        text = torch.from_numpy(np.stack([text_vectors[groups.index(g)] for g in catalog]).astype(np.float32))
        with torch.inference_mode():
            sims = projection(x[mask]) @ text.T
        top = sims.topk(min(5, len(catalog)), dim=1).indices
        return float(np.mean([catalog.index(n) in row for n, row in zip(names, top.tolist(), strict=True)]))

    metrics = {"train_images": int(train_mask.sum()), "heldout_images": int((~train_mask).sum()),
               "heldout_products": len(held), "photo_to_text_recall@5_heldout": round(recall(~train_mask), 3),
               "photo_to_text_recall@5_train": round(recall(train_mask), 3), "seed": seed}
    projection.save(out_path, text_model, metrics)
    return metrics
