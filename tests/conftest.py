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
    from recsys.db import make_session_factory
    from recsys.ingest import ingest
    from recsys.orders import OrderBook

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
