"""Rasa's endpoints.yml, written from recsys settings so that both servers take their stores from one configuration.

The SQL tracker store goes on the context store's database (or its SQLite sibling) and, when
Redis is configured, the Redis lock store that several Rasa servers need.

The action server URL stays `${ACTION_SERVER_URL}`, which Rasa reads from its environment, and so
does the action server's token (`${RECSYS_ACTION_TOKEN}`, sent as a bearer header).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from sqlalchemy.engine import make_url

from recsys.settings import Settings, SettingsError


def tracker_store_config(url: str) -> dict:
    """Rasa 3.6 `SQLTrackerStore` arguments for a SQLAlchemy URL (Rasa's own driver: psycopg2)."""
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    if dialect == "sqlite":
        if not parsed.database:
            raise SettingsError("rasa_tracker_url: an in-memory SQLite database would lose conversations")
        return {"type": "SQL", "dialect": "sqlite", "db": parsed.database}
    if dialect != "postgresql":
        raise SettingsError(f"rasa_tracker_url: {dialect} is not supported here (use PostgreSQL or SQLite)")
    config = {"type": "SQL", "dialect": "postgresql", "url": parsed.host or "localhost",
              "port": parsed.port or 5432, "db": parsed.database or "postgres"}
    if parsed.username:
        config["username"] = parsed.username
    if parsed.password:
        config["password"] = parsed.password
    return config


def lock_store_config(url: str) -> dict:
    """Rasa `RedisLockStore` arguments for a redis:// or rediss:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise SettingsError("redis_url must look like redis://[:password@]host:port/db")
    config: dict = {"type": "redis", "url": parts.hostname, "port": parts.port or 6379,
                    "db": int(parts.path.strip("/") or 0), "key_prefix": "recsys"}
    if parts.password:
        config["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        config["use_ssl"] = True
    return config


def endpoints(settings: Settings) -> dict:
    """The content of endpoints.yml: action endpoint, tracker store and, with Redis, the lock store."""
    action: dict = {"url": "${ACTION_SERVER_URL}"}
    if settings.rasa_selective_domain:
        # Only `validate_*` actions and those marked `send_domain: true` in domain.yml get the domain.
        action["enable_selective_domain"] = True
    if settings.action_token:
        # The token itself stays in the environment; Rasa expands the placeholder when it starts.
        action["headers"] = {"Authorization": "Bearer ${RECSYS_ACTION_TOKEN}"}
    config: dict = {"action_endpoint": action,
                    "tracker_store": tracker_store_config(settings.resolved_rasa_tracker_url)}
    if settings.redis_url:
        config["lock_store"] = lock_store_config(settings.redis_url)
    return config


def write_endpoints(settings: Settings, out: Path) -> Path:
    """Write the file readable only by its owner (it may hold the database password)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `recsys rasa-endpoints` from recsys settings; edit those, not this file.\n"
    tmp = out.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(header + yaml.safe_dump(endpoints(settings), sort_keys=False))
    tmp.replace(out)
    return out
