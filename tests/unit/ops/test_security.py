"""Access and privacy rules that need no server: log masking, secrets only from the environment,
the action server token in Rasa's endpoints file, and the timing spans behind /metrics."""

from __future__ import annotations

import logging

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from recsys.ops import log_privacy, telemetry
from recsys.ops.rasa_endpoints import endpoints
from recsys.settings import SettingsError, load_settings
from recsys.storage.orm import make_engine


@pytest.mark.parametrize("raw, hidden, kept", [
    ("my email is jane.doe@example.com thanks", "jane.doe@example.com", "j***@example.com"),
    ("card 4111 1111 1111 1111 exp 12/29", "4111 1111 1111 1111", "[card ****1111]"),
    ("call me on +44 20 7946 0958", "7946 0958", "[phone ***58]"),
    ("order 1001 for $79.99 on 2026-11-23", None, "order 1001 for $79.99 on 2026-11-23"),
    ("ref 4111 1111 1111 1112 fails Luhn", "4111 1111 1111 1112", "[phone"),  # not a card, still masked
    ("order 12345678 please", None, "order 12345678 please"),
])
def test_mask_hides_personal_data_and_keeps_the_rest(raw, hidden, kept):
    masked = log_privacy.mask(raw)
    if hidden:
        assert hidden not in masked
    assert kept in masked


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_mask_never_fails_and_leaves_no_email(value):
    masked = log_privacy.mask(value + " a.b@shop.example.org")
    assert "a.b@shop.example.org" not in masked


def test_masking_filter_covers_arguments_and_tracebacks(tmp_path):
    logger = logging.getLogger("test.masking")
    logger.propagate = False
    handler = logging.FileHandler(tmp_path / "out.log")
    logger.addHandler(handler)
    log_privacy.install(logger)
    try:
        logger.warning("order lookup for %s", "bob@example.com")
        try:
            raise ValueError("duplicate key (email)=(carol@example.com)")
        except ValueError:
            logger.exception("insert failed")
    finally:
        handler.close()
        logger.removeHandler(handler)
    written = (tmp_path / "out.log").read_text()
    assert "bob@example.com" not in written and "b***@example.com" in written
    assert "carol@example.com" not in written and "ValueError" in written


def test_secrets_are_refused_in_the_config_file(tmp_path):
    config = tmp_path / "recsys.toml"
    config.write_text('action_token = "s3cret"\n')
    with pytest.raises(SettingsError, match="action_token is a secret"):
        load_settings({"RECSYS_CONFIG": str(config)})
    config.write_text('database_url = "postgresql+psycopg://shop:pw@db/shop"\n')
    with pytest.raises(SettingsError, match="carries a password"):
        load_settings({"RECSYS_CONFIG": str(config)})
    config.write_text('database_url = "postgresql+psycopg://shop@db/shop"\n')  # no password: fine
    assert load_settings({"RECSYS_CONFIG": str(config)}).database_url.endswith("@db/shop")
    from_env = load_settings({"RECSYS_CONFIG": str(config), "RECSYS_ACTION_TOKEN": "s3cret",
                              "RECSYS_DATABASE_URL": "postgresql+psycopg://shop:pw@db/shop"})
    assert from_env.action_token == "s3cret" and ":pw@" in from_env.database_url


def test_action_server_refuses_to_listen_publicly_without_a_token(monkeypatch, capsys):
    import recsys.settings as settings_module
    from actions.server import main

    monkeypatch.setenv("RECSYS_ACTION_HOST", "0.0.0.0")
    monkeypatch.delenv("RECSYS_ACTION_TOKEN", raising=False)
    settings_module.get_settings.cache_clear()
    try:
        assert main([]) == 2
    finally:
        settings_module.get_settings.cache_clear()
    assert "without RECSYS_ACTION_TOKEN" in capsys.readouterr().err


def test_rasa_endpoints_carry_the_token_placeholder_not_the_token():
    config = endpoints(load_settings({"RECSYS_ACTION_TOKEN": "s3cret-token"}))
    dumped = yaml.safe_dump(config)
    assert "s3cret-token" not in dumped
    assert config["action_endpoint"]["headers"] == {"Authorization": "Bearer ${RECSYS_ACTION_TOKEN}"}
    assert "headers" not in endpoints(load_settings({}))["action_endpoint"]


def test_rasa_endpoints_turn_on_the_selective_domain_unless_told_not_to():
    assert endpoints(load_settings({}))["action_endpoint"]["enable_selective_domain"] is True
    off = endpoints(load_settings({"RECSYS_RASA_SELECTIVE_DOMAIN": "false"}))["action_endpoint"]
    assert "enable_selective_domain" not in off


def test_spans_collect_per_request_and_render_as_prometheus(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    with telemetry.collect() as spans:
        with telemetry.span("scene"):
            pass
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    assert set(spans) == {"scene", "db"} and spans["db"] >= 0.0
    with engine.connect() as conn:  # outside a request: nothing is collected, nothing fails
        conn.execute(text("SELECT 1"))
    metrics = telemetry.Metrics()
    metrics.observe("recsys_action_seconds", "total", 0.12)
    metrics.inc("recsys_action_requests_total", "action_x:200")
    out = metrics.render()
    assert 'recsys_action_seconds_bucket{part="total",le="0.2"} 1' in out
    assert 'recsys_action_seconds_bucket{part="total",le="0.1"} 0' in out
    assert 'recsys_action_requests_total{part="action_x:200"} 1' in out
