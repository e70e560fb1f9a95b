"""Photo augmentation: how a shopper's photo of a product differs from the shop's own photo.

Used to train the photo projection and, with other settings, to perturb photos in the search
evaluation.
"""

from __future__ import annotations

import random

from PIL import Image, ImageEnhance, ImageOps


def crop_flip_resize(image: Image.Image, rng: random.Random, scales: tuple[float, float],
                     sides: list[int]) -> Image.Image:
    """A random crop (a ``scales`` share of each side), a coin-flip mirror, and a resize.

    The resize makes the longer side one of ``sides``: how a shopper's photo of a product differs
    from the shop's.
    """
    w, h = image.size
    scale = rng.uniform(*scales)
    cw, ch = max(8, int(w * scale)), max(8, int(h * scale))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    out = image.crop((x, y, x + cw, y + ch))
    if rng.random() < 0.5:
        out = ImageOps.mirror(out)
    side = rng.choice(sides)
    return out.resize((max(8, side * out.width // max(out.size)), max(8, side * out.height // max(out.size))))


def augment(image: Image.Image, rng: random.Random) -> Image.Image:
    """Training views for the projection: crops, flips, scale, sometimes light."""
    out = crop_flip_resize(image, rng, (0.6, 1.0), [96, 160, 224, 320])
    if rng.random() < 0.5:
        out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.75, 1.25))
    return out
