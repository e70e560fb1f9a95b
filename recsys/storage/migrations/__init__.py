"""Schema migrations (Alembic) for the context store and orders.

`migrate()` runs on every start-up of anything that opens the database, so a new release's
schema is in place before the first turn, on SQLite and PostgreSQL alike. Several servers may
start at once: on PostgreSQL an advisory lock lets one of them migrate while the others wait; on
SQLite the BEGIN IMMEDIATE of recsys.db serialises them. A database made by the first
releases (tables created without Alembic) is recognised and stamped at the first revision before
upgrading, so no data is rebuilt.

Operators can also run it by hand: `recsys migrate` (or
`alembic -c recsys/storage/migrations/alembic.ini upgrade head` with RECSYS_DATABASE_URL set).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one line per plugin otherwise

HERE = Path(__file__).resolve().parent
FIRST_REVISION = "0001"
ADVISORY_LOCK_ID = 0x5EC0_57A3  # any constant; shared by every recsys process on one database


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration for these migrations, on ``connection`` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``, one process at a time, stamping pre-Alembic databases first."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
        tables = set(inspect(conn).get_table_names())
        cfg = alembic_config(conn)
        if "alembic_version" not in tables and "turns" in tables:
            log.info("database has tables from before migrations; stamping revision %s", FIRST_REVISION)
            command.stamp(cfg, FIRST_REVISION)
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
