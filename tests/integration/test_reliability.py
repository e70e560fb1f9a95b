"""Production layout under stress, end to end: two Rasa servers sharing PostgreSQL (tracker store)
and Redis (lock store) with one action server on the same PostgreSQL database. The action server
is killed with SIGKILL mid-conversation, 50 shoppers talk at once, one shopper sends two messages
at once, and the database goes away and comes back. Stored rows are checked afterwards."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, make_url, text

from tests.conftest import _postgres_admin_url
from tests.stack import TOKEN, running_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    admin_url = _postgres_admin_url()
    redis = os.environ.get("RECSYS_TEST_REDIS_URL")
    if not redis:
        pytest.skip("no Redis for tests: run `make test` (scripts/services.sh starts one)")
    name = f"recsys_e2e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    redis_db = redis.rsplit("/", 1)[0] + "/3"
    try:
        with running_stack(tmp_path_factory.mktemp("prod"), {"RECSYS_DATABASE_URL": url, "RECSYS_REDIS_URL": redis_db},
                           rasa_servers=2, storefront=False) as stack:
            from recsys.storage.context_store import ContextStore
            from recsys.storage.orm import make_session_factory

            stack["store"] = ContextStore(make_session_factory(url))
            stack["url"] = url
            yield stack
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def say(base: str, sender: str, message: str, timeout: float = 120) -> tuple[str, list[dict]]:
    resp = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                         timeout=timeout)
    resp.raise_for_status()
    messages = resp.json()
    texts = "\n".join(m.get("text", "") for m in messages if m.get("text"))
    products = [p for m in messages if isinstance(m.get("custom"), dict) for p in m["custom"].get("products", [])]
    return texts, products


def test_tracker_and_context_live_in_postgres(prod):
    endpoints = (prod["work"] / "endpoints.yml").read_text()
    assert "dialect: postgresql" in endpoints and "type: redis" in endpoints
    with create_engine(prod["url"]).connect() as conn:
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert {"events", "turns", "shown_products", "alembic_version"} <= tables  # Rasa's and ours, one database


def test_two_rasa_servers_one_conversation(prod):
    s0, s1 = prod["rasa_all"]
    sender = "two-servers"
    _, hoodies = say(s0, sender, "show me men's hoodies under $60")
    assert len(hoodies) >= 3
    text_, _ = say(s1, sender, "can I return the second one?")
    assert hoodies[1]["title"] in text_
    text_, _ = say(s0, sender, "what do you know about me?")
    assert "budget up to $60" in text_


def test_action_server_killed_mid_conversation(prod):
    s0, s1 = prod["rasa_all"]
    sender = "kill-9"
    _, hoodies = say(s0, sender, "show me men's hoodies under $60")
    assert len(hoodies) >= 3
    prod["stack"].kill_actions()
    prod["stack"].start_actions()
    text_, _ = say(s1, sender, "can I return the third one?")
    assert hoodies[2]["title"] in text_  # the list shown before the crash
    _, tees = say(s0, sender, "do you have tees?")
    assert tees and all(p["price"] <= 60 for p in tees)  # the budget said before the crash
    turns = prod["store"].turns(sender)
    assert [t.scene for t in turns] == ["search", "service", "search"]
    assert turns[1].explanation.get("previous_scene") == "search"  # the scene model saw the context
    tracker = requests.get(f"{s0}/conversations/{sender}/tracker?token={TOKEN}", timeout=30).json()
    assert tracker["slots"]["scene"] == "search" and tracker["slots"]["previous_scene"] == "service"


def test_one_shopper_two_messages_at_once(prod):
    s0, s1 = prod["rasa_all"]
    sender = "double-send"
    say(s0, sender, "hi")
    with ThreadPoolExecutor(2) as pool:
        asks = [(s0, sender, "show me water bottles"), (s1, sender, "show me backpacks")]
        a, b = pool.map(lambda args: say(*args), asks)
    assert a[1] and b[1]
    turns = prod["store"].turns(sender)
    assert sorted(t.text for t in turns) == ["hi", "show me backpacks", "show me water bottles"]
    assert len({t.session_id for t in turns}) == 1


def test_fifty_shoppers_at_once(prod):
    servers = prod["rasa_all"]
    budgets = {f"crowd-{i:02d}": 40 + i for i in range(50)}

    def converse(item):
        i, (sender, budget) = item
        base = servers[i % 2]
        say(base, sender, "hi")
        _, jackets = say(servers[(i + 1) % 2], sender, f"women's jackets under ${budget}")
        _, tees = say(base, sender, "do you have tees?")
        return sender, jackets, tees

    started = time.time()
    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(converse, enumerate(budgets.items())))
    elapsed = time.time() - started
    store = prod["store"]
    for sender, _jackets, tees in results:
        turns = store.turns(sender)
        assert [t.text for t in turns] == ["hi", f"women's jackets under ${budgets[sender]}", "do you have tees?"]
        assert store.preferences(sender) == {"gender": "Women", "max_price": f"{budgets[sender]:g}"}
        if tees:
            assert store.last_shown(sender) == [p["id"] for p in tees]
            assert all(p["price"] <= budgets[sender] for p in tees)
    print(f"50 shoppers x 3 turns over 2 Rasa servers: {elapsed:.1f} s")


def _pg_ctl(action: str) -> None:
    pg_bin, data = os.environ.get("RECSYS_TEST_PG_BIN"), os.environ.get("RECSYS_TEST_PG_DATA")
    marker = "postmaster.pid" if action == "stop" else "PG_VERSION"
    if not pg_bin or not data or not os.path.exists(os.path.join(data, marker)):
        pytest.skip("the test PostgreSQL is not one this checkout started (scripts/services.sh)")
    cmd = [f"{pg_bin}/pg_ctl", "-D", data, "-w", "-t", "60"]
    cmd += ["-m", "fast", "stop"] if action == "stop" else ["-l", f"{data}/server.log", "start"]
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True)


def test_database_down_then_back(prod):
    """Last in this module: it stops the shared test PostgreSQL for a while."""
    s0, _ = prod["rasa_all"]
    sender = "db-outage"
    _, before = say(s0, sender, "show me men's hoodies under $60")
    assert before
    _pg_ctl("stop")
    try:
        text_, products = say(s0, sender, "show me backpacks")
        assert "can't reach our shop records" in text_ and not products
    finally:
        _pg_ctl("start")
    answered = None
    for _ in range(3):  # the first message after the restart may still meet a dropped connection
        text_, products = say(s0, sender, "can I return the second one?")
        if before[1]["title"] in text_:
            answered = text_
            break
        time.sleep(2)
    assert answered, "context from before the outage did not come back"
    log = prod["action_log"].read_text()
    assert "database unavailable" in log


def test_erase_shopper_leaves_nothing_behind_in_postgres(prod):
    from recsys.settings import load_settings
    from tests.integration.erasure_checks import check_erasure
    from tests.integration.test_helpdesk import catalog_photo

    settings = load_settings(prod["env"])
    assert settings.resolved_database_url.startswith("postgresql")
    check_erasure(prod["rasa"], prod["env"], settings, f"erase-me-{uuid.uuid4().hex[:8]}",
                  f"keep-me-{uuid.uuid4().hex[:8]}", catalog_photo(prod["env"]))
