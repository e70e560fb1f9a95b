"""Untrusted photos: what is refused, and that refusals say why."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import Image

from recsys.images import ImageError, check_image_bytes, decode_data_url, photo_from_metadata, upload_path


def jpeg(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the shape of a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_good_photo_decodes_to_rgb():
    checked = check_image_bytes(jpeg())
    assert checked.format == "JPEG" and checked.image.mode == "RGB" and checked.image.size == (64, 48)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"%PDF-1.4 not a photo at all", "not a photo"),
    (jpeg()[:200], "damaged"),
    (png_header_only(100_000, 100_000), "not a photo"),
    (png_header_only(9_000, 9_000), "too many pixels"),
    (jpeg((4, 4)), "too small"),
])
def test_bad_photos_are_refused_with_a_reason(data, reason):
    with pytest.raises(ImageError, match=reason):
        check_image_bytes(data)


def test_size_limit_is_checked_before_decoding():
    with pytest.raises(ImageError, match="too large"):
        check_image_bytes(b"\xff" * 2048, max_bytes=1024)


def test_unsupported_type_is_named():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buffer, format="BMP")
    with pytest.raises(ImageError, match="unsupported photo type BMP"):
        check_image_bytes(buffer.getvalue())


def test_data_url_and_bad_base64():
    raw = jpeg()
    url = "data:image/jpeg;base64," + base64.b64encode(raw).decode()
    assert decode_data_url(url) == raw
    with pytest.raises(ImageError, match="base64"):
        decode_data_url("data:image/jpeg;base64,@@@not-base64@@@")
    with pytest.raises(ImageError, match="base64 encoded"):
        decode_data_url("data:image/jpeg,rawbytes")


@pytest.mark.parametrize("ref", ["../../etc/passwd", "/etc/passwd", "a" * 31, "A" * 32, "0" * 32 + "/x", 12])
def test_upload_ids_cannot_leave_the_upload_folder(tmp_path, ref):
    with pytest.raises(ImageError):
        upload_path(tmp_path, ref)


def test_photo_from_metadata(tmp_path):
    assert photo_from_metadata({}, tmp_path) is None
    assert photo_from_metadata(None, tmp_path) is None
    image_id = "ab" * 16
    (tmp_path / f"{image_id}.img").write_bytes(jpeg())
    assert photo_from_metadata({"image_id": image_id}, tmp_path).format == "JPEG"
    with pytest.raises(ImageError, match="no longer available"):
        photo_from_metadata({"image_id": "cd" * 16}, tmp_path)
    inline = "data:image/jpeg;base64," + base64.b64encode(jpeg()).decode()
    assert photo_from_metadata({"image": inline}, tmp_path).width == 64
    with pytest.raises(ImageError):
        photo_from_metadata({"image": {"nested": 1}}, tmp_path)
