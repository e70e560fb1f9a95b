"""Alembic environment: migrations run on the connection recsys hands over (recsys.storage.migrations.
migrate), or, from the alembic command line, on RECSYS_DATABASE_URL / the configured setting."""

from __future__ import annotations

from alembic import context

from recsys.storage.orm import Base, make_engine

target_metadata = Base.metadata


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:  # the alembic CLI
    from recsys.settings import get_settings

    with make_engine(get_settings().resolved_database_url).begin() as conn:
        run_on(conn)
