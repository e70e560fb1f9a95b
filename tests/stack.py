"""Start the real stack for end-to-end tests: action server, Rasa server (shop + REST channels)
and the demo storefront, on free loopback ports, against a catalog that also carries a hostile
product (markup in its name) so every client test sees it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
TOKEN = "integration-test-token"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"> Saboteur Tote'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} process exited {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} not up after {timeout}s:\n{log.read_text()[-4000:]}")


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


@contextmanager
def running_stack(work: Path):
    if not RASA_BIN.exists():
        raise RuntimeError("Rasa venv missing: run `make test` (scripts/setup.sh builds .venv-rasa)")
    action_port, rasa_port, store_port = free_port(), free_port(), free_port()
    store = f"http://127.0.0.1:{store_port}"
    env = dict(os.environ, RECSYS_VAR_DIR=str(work / "var"), SQLALCHEMY_SILENCE_UBER_WARNING="1",
               RECSYS_CATALOG_PATH=str(make_catalog(work)), RECSYS_IMAGE_BASE_URL=store + "/")
    subprocess.run([sys.executable, "-m", "recsys.cli", "prepare"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    model = subprocess.run(["scripts/train_rasa.sh"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    logs = {name: work / f"{name}.log" for name in ("actions", "rasa", "storefront")}
    procs: list[subprocess.Popen] = []
    handles = {name: path.open("w") for name, path in logs.items()}
    try:
        actions = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port",
                                    str(action_port)], cwd=ROOT, env=env, stdout=handles["actions"],
                                   stderr=subprocess.STDOUT)
        procs.append(actions)
        rasa_env = dict(env, ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook")
        rasa = subprocess.Popen([str(RASA_BIN), "run", "-m", model, "--endpoints", "endpoints.yml", "--credentials",
                                 "credentials.yml", "--port", str(rasa_port), "--enable-api", "--auth-token", TOKEN,
                                 "--cors", store], cwd=ROOT, env=rasa_env, stdout=handles["rasa"],
                                stderr=subprocess.STDOUT)
        procs.append(rasa)
        storefront = subprocess.Popen([sys.executable, "-m", "recsys.cli", "storefront", "--port", str(store_port),
                                       "--chat-server", f"http://127.0.0.1:{rasa_port}"], cwd=ROOT, env=env,
                                      stdout=handles["storefront"], stderr=subprocess.STDOUT)
        procs.append(storefront)
        wait_for(f"http://127.0.0.1:{action_port}/health", actions, logs["actions"])
        wait_for(f"http://127.0.0.1:{rasa_port}/status?token={TOKEN}", rasa, logs["rasa"])
        wait_for(f"{store}/healthz", storefront, logs["storefront"])
        yield {"rasa": f"http://127.0.0.1:{rasa_port}", "storefront": store, "env": env,
               "action_log": logs["actions"], "rasa_log": logs["rasa"], "work": work}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for handle in handles.values():
            handle.close()
