"""The photo store behind ``POST /webhooks/shop/upload``: check, store atomically, sweep old ones.

A photo is checked with ``recsys.images`` (the rules the action server applies when it decodes
the photo; here it is only verified, not decoded) and stored as ``<32 hex>.img`` under an opaque
random id, so no name from the shopper reaches the file system. Photos older than the retention
time are deleted, at most every ten minutes, by the upload route.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from pathlib import Path

from recsys import images

log = logging.getLogger(__name__)

# HTTP status for each kind of refused photo; any other kind is a 400.
PHOTO_STATUS = {images.TOO_LARGE: 413, images.UNSUPPORTED: 415, images.UNREADABLE: 415}


def photo_problem(data: bytes, max_bytes: int) -> tuple[int, str] | None:
    """None when ``data`` is an acceptable photo, else (HTTP status, the reason to give the shopper)."""
    try:
        images.verify_image_bytes(data, max_bytes)
    except images.ImageError as exc:
        return PHOTO_STATUS.get(exc.kind, 400), str(exc)
    return None


def store_upload(upload_dir: Path, data: bytes) -> str:
    """Write ``data`` as a new upload and return its id; a failed write leaves no partial file.

    Raises:
        OSError: The photo could not be stored (a full disk, no permission, ...).
    """
    image_id = secrets.token_hex(16)
    tmp = upload_dir / f"{image_id}.part"
    try:
        upload_dir.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(upload_dir / f"{image_id}.img")
    except OSError:
        tmp.unlink(missing_ok=True)  # a half-written photo would only fill the disk further
        raise
    return image_id


def sweep_uploads(upload_dir: Path, ttl_s: float, now: float | None = None) -> int:
    """Delete uploads older than ``ttl_s`` (and stale partial writes), so photos don't pile up."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(upload_dir))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name.endswith((".img", ".part")) and entry.is_file(follow_symlinks=False):
            try:
                if now - entry.stat().st_mtime > ttl_s:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                pass
    return removed


class UploadSweeper:
    """Runs ``sweep_uploads`` at most once per ``every_s`` seconds, when asked after an upload."""

    def __init__(self, upload_dir: Path, ttl_s: float, every_s: float = 600.0) -> None:
        self.upload_dir, self.ttl_s, self.every_s = upload_dir, ttl_s, every_s
        self._last = 0.0
        self._lock = threading.Lock()

    def maybe_sweep(self, now: float | None = None) -> int:
        """Sweep when the last sweep is ``every_s`` ago; the number of uploads removed."""
        now = time.time() if now is None else now
        with self._lock:
            if now - self._last <= self.every_s:
                return 0
            self._last = now
        removed = sweep_uploads(self.upload_dir, self.ttl_s, now)
        if removed:
            log.info("removed %d photo upload(s) older than %.0f h", removed, self.ttl_s / 3600)
        return removed
