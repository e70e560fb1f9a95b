"""Hot reload: a new catalog index or scene model reaches a running action server without a restart.

``recsys ingest`` rewrites the index folder (index, vectors, metadata, catalog copy) and a new
scene model replaces its file; every action server watching those files builds a new
``Assistant`` beside the one serving, then swaps it in. Turns in flight finish on the old one;
the next turn uses the new one. Encoders are cached per process (``get_text_encoder``), so a
reload loads the index, catalog and scene model only. A folder caught halfway through an ingest
(its catalog copy and index disagree) is refused by ``IndexFolder.load_current`` and tried again
at the next check; the running assistant keeps serving meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from recsys.search.index_folder import IndexFolder
from recsys.settings import Settings

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int] | None, ...]


def file_state(path: Path) -> tuple[str, int, int] | None:
    """A file's name, modification time and size; None when it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (path.name, stat.st_mtime_ns, stat.st_size)


def watched_files(settings: Settings) -> list[Path]:
    """The files whose change means a reload: the index folder's files and the scene model."""
    folder = IndexFolder.from_settings(settings).path
    index_files = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.endswith(".tmp")) \
        if folder.is_dir() else []
    model = settings.scene_model_path
    return [*index_files, model, model.with_suffix(".json")]  # the scene model's weights and metadata


def signature(settings: Settings) -> Signature:
    """What the watched files look like now (compared between checks)."""
    return tuple(file_state(p) for p in watched_files(settings))


class Reloader:
    """Checks the watched files every ``interval`` seconds and swaps in an assistant built from new ones."""

    def __init__(self, settings: Settings, build: Callable[[], object], swap: Callable[[object], None],
                 interval: float) -> None:
        self.settings = settings
        self.build = build  # makes a new Assistant from the files as they are now
        self.swap = swap  # puts it in service
        self.interval = interval
        self.loaded = signature(settings)
        self.reloads = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """One check: build and swap in a new assistant when the files changed; True when it did."""
        now = signature(self.settings)
        if now == self.loaded:
            return False
        started = time.perf_counter()
        try:
            assistant = self.build()
        except Exception as exc:  # noqa: BLE001 - a half-written folder or a bad file: keep serving the old one
            log.warning("reload postponed: %s: %s", type(exc).__name__, exc)
            return False
        if signature(self.settings) != now:
            log.info("reload postponed: the files changed while loading")
            return False
        self.swap(assistant)
        self.loaded = now
        self.reloads += 1
        log.info("reloaded the catalog index and scene model in %.1f s", time.perf_counter() - started)
        return True

    def start(self) -> None:
        """Check in a daemon thread until ``stop``."""
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="recsys-reload", daemon=True)
        self._thread.start()
        log.info("watching %s and the scene model for changes every %.1f s",
                 IndexFolder.from_settings(self.settings).path, self.interval)

    def stop(self) -> None:
        """End the checking thread."""
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()
