"""Untrusted image input: size, type and pixel-count checks before anything decodes it fully.

Shoppers' photos arrive from the widget upload, inline in REST metadata, or from the CLI. A
photo is only ever handed to the encoder as a checked RGB image, so a truncated file, a
non-image or a decompression bomb ends as an ``ImageError`` with a reason a person can act on.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 40 MP: larger than any phone photo, far below a bomb
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


class ImageError(ValueError):
    """The image cannot be used; the message says why in shopper-friendly words."""


@dataclass(frozen=True)
class CheckedImage:
    image: Image.Image  # RGB, fully decoded
    format: str
    width: int
    height: int
    nbytes: int


def check_image_bytes(data: bytes, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedImage:
    """Decode ``data`` as a photo, refusing anything too large, not an image, or a bomb."""
    if not data:
        raise ImageError("the photo is empty")
    if len(data) > max_bytes:
        raise ImageError(f"the photo is too large ({len(data) // 1024} KB; the limit is {max_bytes // 1024} KB)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format or ""
                width, height = probe.size
                if fmt not in ALLOWED_FORMATS:
                    raise ImageError(f"unsupported photo type {fmt or 'unknown'} (use JPEG, PNG, WebP or GIF)")
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageError(f"the photo has too many pixels ({width}x{height})")
                if width < 8 or height < 8:
                    raise ImageError(f"the photo is too small ({width}x{height})")
                image = probe.convert("RGB")  # forces a full decode: truncated files fail here
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("that file is not a photo I can read") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError("the photo is damaged or incomplete") from exc
    return CheckedImage(image, fmt, width, height, len(data))


def check_image_file(path: Path | str, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedImage:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageError(f"cannot read photo {path}: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise ImageError(f"the photo is too large ({size // 1024} KB; the limit is {max_bytes // 1024} KB)")
    return check_image_bytes(path.read_bytes(), max_bytes)


def decode_data_url(value: str, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """Accept ``data:image/...;base64,...`` or bare base64 from REST metadata."""
    if value.startswith("data:"):
        header, _, value = value.partition(",")
        if ";base64" not in header:
            raise ImageError("inline photos must be base64 encoded")
    if len(value) > (max_bytes * 4) // 3 + 8:
        raise ImageError(f"the photo is too large (the limit is {max_bytes // 1024} KB)")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImageError("the inline photo is not valid base64") from exc


def upload_path(upload_dir: Path, upload_id: str) -> Path:
    """Map an upload id to its file; ids are opaque hex so no name can leave the folder."""
    if not isinstance(upload_id, str) or not UPLOAD_ID.match(upload_id):
        raise ImageError("unknown photo reference")
    return upload_dir / f"{upload_id}.img"


def photo_from_metadata(metadata: dict | None, upload_dir: Path, max_bytes: int = MAX_IMAGE_BYTES
                        ) -> CheckedImage | None:
    """The photo a chat message carries, if any: ``image_id`` (an upload) or ``image`` (data URL).

    Raises ImageError when a photo is referenced but unusable; returns None when there is none.
    """
    if not isinstance(metadata, dict):
        return None
    if metadata.get("image_id"):
        path = upload_path(upload_dir, metadata["image_id"])
        if not path.is_file():
            raise ImageError("that photo is no longer available; please attach it again")
        return check_image_file(path, max_bytes)
    if metadata.get("image"):
        value = metadata["image"]
        if not isinstance(value, str):
            raise ImageError("the inline photo must be a base64 data URL")
        return check_image_bytes(decode_data_url(value, max_bytes), max_bytes)
    return None


def has_photo(metadata: dict | None) -> bool:
    return isinstance(metadata, dict) and bool(metadata.get("image_id") or metadata.get("image"))
