"""The shop and REST channels' settings, read from their entry in ``credentials.yml``.

Rasa hands each channel its own mapping from ``credentials.yml`` (``from_credentials``); both
channels here take the same keys. A missing key (or an empty entry) means the default; a value
that is not what the key needs, or a key this module does not know, stops the Rasa server at
start-up with a message naming the key. Values may come from the environment with Rasa's
``${VAR}`` expansion; those arrive as text, so numbers are accepted as text too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rasa.shared.exceptions import RasaException

from recsys.images import MAX_IMAGE_BYTES


class ChannelSettingsError(RasaException, ValueError):
    """A channel entry in ``credentials.yml`` has an unknown key or an unusable value."""


@dataclass(frozen=True)
class ChannelSettings:
    """Input limits, rate limits and the photo store of one channel.

    Attributes:
        max_message_chars: Longest text message accepted (longer: HTTP 413).
        messages_per_minute: Webhook calls per sender and minute (more: HTTP 429).
        uploads_per_minute: Photo uploads per sender (or client address) and minute.
        history_per_minute: History reads per sender and minute.
        upload_dir: Folder for uploaded photos; the action server must read the same folder.
        max_upload_bytes: Largest photo accepted; keep it equal to the action server's.
        upload_ttl_hours: Uploads older than this are deleted.
    """

    max_message_chars: int = 2000
    messages_per_minute: int = 30
    uploads_per_minute: int = 6
    history_per_minute: int = 30
    upload_dir: Path = Path("var/uploads")
    max_upload_bytes: int = MAX_IMAGE_BYTES
    upload_ttl_hours: float = 24.0

    @property
    def upload_ttl_s(self) -> float:
        """The upload retention in seconds."""
        return self.upload_ttl_hours * 3600.0

    @property
    def max_webhook_bytes(self) -> int:
        """Largest webhook body accepted: an inline base64 photo plus the message."""
        return self.max_upload_bytes * 4 // 3 + 64 * 1024

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None, channel: str = "channel",
                         cwd: Path | None = None) -> ChannelSettings:
        """Settings from a channel's ``credentials.yml`` entry; defaults for the keys it leaves out.

        Args:
            credentials: The channel's mapping as Rasa read it (None when the entry is empty).
            channel: The entry's name, for error messages.
            cwd: Base for a relative ``upload_dir`` (default: the working directory, i.e. the
                directory the Rasa server was started in).

        Raises:
            ChannelSettingsError: An unknown key or an unusable value (the message names it).
        """
        if credentials is None:
            credentials = {}
        if not isinstance(credentials, Mapping):
            raise ChannelSettingsError(f"credentials.yml: the entry {channel} must be a mapping of settings "
                                       f"(or empty), not {type(credentials).__name__}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(str(k) for k in credentials if k not in known)
        if unknown:
            raise ChannelSettingsError(f"credentials.yml: unknown key(s) {', '.join(unknown)} under {channel}; "
                                       f"known keys: {', '.join(known)}")
        defaults = cls()
        values: dict[str, Any] = {}
        for name in known:
            raw = credentials.get(name)
            if raw is None:  # left out, or written as an empty value
                raw = getattr(defaults, name)
                if name != "upload_dir":
                    values[name] = raw
                    continue
                raw = str(raw)  # the default folder is relative too
            where = f"credentials.yml: {channel}.{name}"
            if isinstance(raw, str) and "${" in raw:
                raise ChannelSettingsError(f"{where} is {raw!r}: an environment variable in it was not set "
                                           "(Rasa leaves ${VAR} as it is when it is not the start of the value)")
            if name == "upload_dir":
                values[name] = _path(raw, where, cwd)
            elif name == "upload_ttl_hours":
                values[name] = _positive_number(raw, where)
            else:
                values[name] = _whole_number(raw, where, minimum=1024 if name == "max_upload_bytes" else 1)
        return cls(**values)


def _whole_number(raw: Any, where: str, minimum: int) -> int:
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"[0-9]+", raw.strip()):
        value = int(raw.strip())
    if value is None or value < minimum:
        raise ChannelSettingsError(f"{where} must be a whole number of at least {minimum}, not {raw!r}")
    return value


def _positive_number(raw: Any, where: str) -> float:
    value: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            value = None
    if value is None or not math.isfinite(value) or value <= 0:
        raise ChannelSettingsError(f"{where} must be a number greater than 0, not {raw!r}")
    return value


def _path(raw: Any, where: str, cwd: Path | None) -> Path:
    if not isinstance(raw, str) or not raw.strip():
        raise ChannelSettingsError(f"{where} must be a folder path, not {raw!r}")
    path = Path(raw.strip()).expanduser()
    return path if path.is_absolute() else (cwd or Path.cwd()) / path
