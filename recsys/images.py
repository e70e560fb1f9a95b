"""Untrusted image input: size, type and pixel-count checks before anything decodes it fully.

Shoppers' photos arrive from the widget upload, inline in REST metadata, or from the CLI. A
photo is only ever handed to the encoder as a checked RGB image, so a truncated file, a
non-image or a decompression bomb ends as an ``ImageError`` with a reason a person can act on.

The same rules serve two callers: the Rasa server's shop channel only verifies an upload
(``verify_image_bytes``: header, limits, Pillow's structural check, no pixel decode) before it
stores it, and the action server decodes it for the model (``check_image_bytes``). This module
runs in both environments (Python 3.10 for Rasa, 3.11 for the library) and needs only Pillow.
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
MIN_IMAGE_SIDE = 8
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")

# What kind of refusal an ImageError is (``ImageError.kind``), e.g. to choose an HTTP status.
EMPTY = "empty"
TOO_LARGE = "too_large"  # too many bytes
UNSUPPORTED = "unsupported"  # an image, but not one of ALLOWED_FORMATS
UNREADABLE = "unreadable"  # not an image at all (or a decompression bomb Pillow will not open)
TOO_MANY_PIXELS = "too_many_pixels"
TOO_SMALL = "too_small"
DAMAGED = "damaged"  # an image header, but the data is truncated or corrupt
INVALID = "invalid"  # anything else: a bad reference, bad base64, ...


class ImageError(ValueError):
    """The image cannot be used; the message says why in shopper-friendly words.

    Attributes:
        kind: One of the refusal kinds above (``TOO_LARGE``, ``UNSUPPORTED``, ...).
    """

    def __init__(self, message: str, kind: str = INVALID) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ImageInfo:
    """What a verified photo is, without its pixels."""

    format: str
    width: int
    height: int
    nbytes: int


@dataclass(frozen=True)
class CheckedImage:
    """A photo that passed every check, decoded to RGB."""

    image: Image.Image  # RGB, fully decoded
    format: str
    width: int
    height: int
    nbytes: int


def _check_size(nbytes: int, max_bytes: int) -> None:
    if nbytes == 0:
        raise ImageError("the photo is empty", EMPTY)
    if nbytes > max_bytes:
        raise ImageError(f"the photo is too large ({nbytes // 1024} KB; the limit is {max_bytes // 1024} KB)",
                         TOO_LARGE)


def _check_header(probe: Image.Image) -> tuple[str, int, int]:
    fmt = probe.format or ""
    width, height = probe.size
    if fmt not in ALLOWED_FORMATS:
        raise ImageError(f"unsupported photo type {fmt or 'unknown'} (use JPEG, PNG, WebP or GIF)", UNSUPPORTED)
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(f"the photo has too many pixels ({width}x{height})", TOO_MANY_PIXELS)
    if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
        raise ImageError(f"the photo is too small ({width}x{height})", TOO_SMALL)
    return fmt, width, height


def _examine(data: bytes, max_bytes: int, decode: bool) -> tuple[ImageInfo, Image.Image | None]:
    """The checks both callers share; ``decode`` converts to RGB (a full decode), else Pillow verifies."""
    _check_size(len(data), max_bytes)
    image = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt, width, height = _check_header(probe)
                if decode:
                    image = probe.convert("RGB")  # forces a full decode: truncated files fail here
                else:
                    probe.verify()  # structure and checksums where the format has them; no pixels
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("that file is not a photo I can read", UNREADABLE) from exc
    except Exception as exc:  # noqa: BLE001 - a hostile file can trip any Pillow plugin error: all are refusals
        raise ImageError("the photo is damaged or incomplete", DAMAGED) from exc
    return ImageInfo(fmt, width, height, len(data)), image


def verify_image_bytes(data: bytes, max_bytes: int = MAX_IMAGE_BYTES) -> ImageInfo:
    """Check ``data`` as a photo without decoding its pixels (cheap; for a server that only stores it).

    The size, type, pixel-count and minimum-side limits are those of ``check_image_bytes``; a file
    that is truncated inside its pixel data can still pass here and is refused when decoded.

    Raises:
        ImageError: The photo is refused; ``kind`` says why, the message says it to the shopper.
    """
    info, _ = _examine(data, max_bytes, decode=False)
    return info


def check_image_bytes(data: bytes, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedImage:
    """Decode ``data`` as a photo, refusing anything too large, not an image, or a bomb.

    Raises:
        ImageError: The photo is refused; ``kind`` says why, the message says it to the shopper.
    """
    info, image = _examine(data, max_bytes, decode=True)
    assert image is not None
    return CheckedImage(image, info.format, info.width, info.height, info.nbytes)


def check_image_file(path: Path | str, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedImage:
    """Decode the photo at ``path`` with the checks of ``check_image_bytes`` (the size before reading it)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageError(f"cannot read photo {path}: {exc.strerror or exc}") from exc
    _check_size(size, max_bytes)
    return check_image_bytes(path.read_bytes(), max_bytes)


def decode_data_url(value: str, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """Accept ``data:image/...;base64,...`` or bare base64 from REST metadata."""
    if value.startswith("data:"):
        header, _, value = value.partition(",")
        if ";base64" not in header:
            raise ImageError("inline photos must be base64 encoded")
    if len(value) > (max_bytes * 4) // 3 + 8:
        raise ImageError(f"the photo is too large (the limit is {max_bytes // 1024} KB)", TOO_LARGE)
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
    """Whether chat metadata references a photo (an upload id or an inline image)."""
    return isinstance(metadata, dict) and bool(metadata.get("image_id") or metadata.get("image"))
