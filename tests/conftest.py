"""Shared fixtures: a real index and a real SQLite context store in a temporary var dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def settings(var_dir):
    from recsys.settings import load_settings

    env = dict(os.environ, RECSYS_VAR_DIR=str(var_dir))
    return load_settings(env)


@pytest.fixture(scope="session")
def assistant(settings):
    from recsys.assistant import Assistant
    from recsys.catalog import load_catalog
    from recsys.search.ingest import ingest
    from recsys.storage.orders import OrderBook
    from recsys.storage.orm import make_session_factory

    ingest(settings, settings.catalog_path)
    OrderBook(make_session_factory(settings.resolved_database_url)).seed(
        load_catalog(settings.catalog_path).products, None, settings.demo_seed
    )
    return Assistant(settings)


@pytest.fixture(scope="session")
def chat_stack(tmp_path_factory):
    """The real servers (actions, Rasa, storefront), started once for all end-to-end tests."""
    from tests.stack import running_stack

    with running_stack(tmp_path_factory.mktemp("e2e")) as stack:
        yield stack


def _postgres_admin_url() -> str | None:
    url = os.environ.get("RECSYS_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("RECSYS_TEST_REQUIRE_SERVICES"):
            raise RuntimeError("RECSYS_TEST_POSTGRES_URL is not set although services are required "
                               "(scripts/services.sh prints it)")
        pytest.skip("no PostgreSQL for tests: run `make test` (scripts/services.sh starts one)")
    return url


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database on the test server; dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, make_url, text

    admin_url = _postgres_admin_url()
    name = f"recsys_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        from sqlalchemy.orm import close_all_sessions

        close_all_sessions()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The same test against the embedded default (SQLite) and the production database (PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'recsys.db'}"
    else:
        yield request.getfixturevalue("postgres_url")
