"""Start the real stack for end-to-end tests: action server, Rasa server (shop + REST channels)
and the demo storefront, on free loopback ports, against a catalog that also carries a hostile
product (markup in its name) so every client test sees it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
TOKEN = "integration-test-token"
ACTION_TOKEN = "integration-action-token"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"> Saboteur Tote'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen | None, log: Path, timeout: float = 240,
             ok: frozenset[int] = frozenset({200})) -> None:
    """Until ``url`` answers with a status in ``ok``; fails early when ``proc`` (if given) exits."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url} process exited {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code in ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} not up after {timeout}s:\n{log.read_text()[-4000:] if log.exists() else ''}")


def make_catalog(work: Path) -> Path:
    """The shipped catalog plus one product whose name is markup (for XSS tests)."""
    from recsys.settings import SHIPPED_CATALOG

    folder = work / "catalog"
    folder.mkdir()
    shutil.copytree(SHIPPED_CATALOG.parent / "images", folder / "images")
    rows = SHIPPED_CATALOG.read_text(encoding="utf-8")
    hostile = {"id": "XSS-1", "title": HOSTILE_TITLE, "description": "<script>window.__xss=2</script> a tote bag",
               "category": "Gear > Bags", "price": 19.0, "gender": "Unisex", "colors": ["Black"],
               "image": "images/mb04-black-0.jpg"}
    path = folder / "catalog.jsonl"
    path.write_text(rows + json.dumps(hostile) + "\n", encoding="utf-8")
    return path


def write_credentials(work: Path, channel_settings: dict | None = None) -> Path:
    """Write ``work/credentials.yml``: the shipped one, with ``channel_settings`` for both channels.

    ``channel_settings`` holds credentials.yml keys (e.g. ``{"messages_per_minute": 30}``); photos go
    to ``work/var/uploads``, where the action server (RECSYS_VAR_DIR=work/var) reads them.
    """
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    for name in channels:
        channels[name] = {**(channels[name] or {}), "upload_dir": str(work / "var" / "uploads"),
                          **(channel_settings or {})}
    path = work / "credentials.yml"
    path.write_text(yaml.safe_dump(channels, sort_keys=False), encoding="utf-8")
    return path


class Stack:
    """Handles on the running servers, for tests that kill and restart one of them."""

    def __init__(self, work: Path, env: dict, logs: dict[str, Path]) -> None:
        self.work, self.env, self.logs = work, env, logs
        self.procs: dict[str, subprocess.Popen] = {}
        self.action_port = free_port()
        self._handles: list = []

    def _spawn(self, name: str, cmd: list[str], env: dict) -> subprocess.Popen:
        handle = self.logs[name].open("a")
        self._handles.append(handle)
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def start_actions(self) -> None:
        proc = self._spawn("actions", [sys.executable, "-m", "actions.server", "--port", str(self.action_port)],
                           self.env)
        wait_for(f"http://127.0.0.1:{self.action_port}/health", proc, self.logs["actions"])

    def kill_actions(self) -> None:
        """kill -9: no shutdown hooks, no flushing; what survives is what was committed."""
        proc = self.procs["actions"]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for handle in self._handles:
            handle.close()


@contextmanager
def running_stack(work: Path, env_extra: dict[str, str] | None = None, rasa_servers: int = 1,
                  storefront: bool = True, channel_settings: dict | None = None):
    """Start the real servers for one test module.

    ``env_extra`` configures them (e.g. RECSYS_DATABASE_URL, RECSYS_REDIS_URL); ``channel_settings``
    the Rasa channels (credentials.yml keys, e.g. messages_per_minute, for both channels);
    ``rasa_servers`` > 1 starts several Rasa servers on one tracker store (and lock store).
    """
    if not RASA_BIN.exists():
        raise RuntimeError("Rasa venv missing: run `make test` (scripts/setup.sh builds .venv-rasa)")
    rasa_ports, store_port = [free_port() for _ in range(rasa_servers)], free_port()
    store = f"http://127.0.0.1:{store_port}"
    env = dict(os.environ, RECSYS_VAR_DIR=str(work / "var"), SQLALCHEMY_SILENCE_UBER_WARNING="1",
               RASA_TELEMETRY_ENABLED="false", RECSYS_ACTION_TOKEN=ACTION_TOKEN,
               RECSYS_CATALOG_PATH=str(make_catalog(work)), RECSYS_IMAGE_BASE_URL=store + "/", **(env_extra or {}))
    subprocess.run([sys.executable, "-m", "recsys.cli", "prepare"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    endpoints = subprocess.run([sys.executable, "-m", "recsys.cli", "rasa-endpoints", "--out",
                                str(work / "endpoints.yml")], cwd=ROOT, env=env, check=True, capture_output=True,
                               text=True).stdout.strip()
    same_limit = {"max_upload_bytes": int(env["RECSYS_MAX_UPLOAD_BYTES"])} if env.get("RECSYS_MAX_UPLOAD_BYTES") else {}
    credentials = write_credentials(work, {**same_limit, **(channel_settings or {})})  # the action server's limit
    model = subprocess.run(["scripts/train_rasa.sh"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    names = ["actions", "storefront", *[f"rasa{i}" for i in range(rasa_servers)]]
    stack = Stack(work, env, {name: work / f"{name}.log" for name in names})
    try:
        stack.start_actions()
        rasa_env = dict(env, ACTION_SERVER_URL=f"http://127.0.0.1:{stack.action_port}/webhook")
        for i, port in enumerate(rasa_ports):
            stack._spawn(f"rasa{i}", [str(RASA_BIN), "run", "-m", model, "--endpoints", endpoints, "--credentials",
                                      str(credentials), "--port", str(port), "--enable-api", "--auth-token", TOKEN,
                                      "--cors", store], rasa_env)
        if storefront:
            stack._spawn("storefront", [sys.executable, "-m", "recsys.cli", "storefront", "--port", str(store_port),
                                        "--chat-server", f"http://127.0.0.1:{rasa_ports[0]}"], env)
        for i, port in enumerate(rasa_ports):
            wait_for(f"http://127.0.0.1:{port}/status?token={TOKEN}", stack.procs[f"rasa{i}"], stack.logs[f"rasa{i}"])
        if storefront:
            wait_for(f"{store}/healthz", stack.procs["storefront"], stack.logs["storefront"])
        yield {"rasa": f"http://127.0.0.1:{rasa_ports[0]}", "rasa_all": [f"http://127.0.0.1:{p}" for p in rasa_ports],
               "storefront": store, "env": env, "action_log": stack.logs["actions"], "rasa_log": stack.logs["rasa0"],
               "work": work, "stack": stack, "credentials": credentials}
    finally:
        stack.stop()
