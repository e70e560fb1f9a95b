"""Hot reload end to end: a catalog change (a price, a new product, a removed one) and a new scene
model reach a running action server without a restart. The test edits the catalog, runs
`recsys ingest` as an operator would, and measures how long until a shopper sees the change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
import requests

from tests.stack import ACTION_TOKEN, ROOT, TOKEN, running_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from recsys.settings import SHIPPED_SCENE_MODEL

    work = tmp_path_factory.mktemp("reload")
    scene = work / "scene"
    scene.mkdir()
    for suffix in (".pt", ".json"):
        shutil.copy(SHIPPED_SCENE_MODEL.with_suffix(suffix), scene / f"scene_model{suffix}")
    env = {"RECSYS_RELOAD_INTERVAL_S": "1", "RECSYS_SCENE_MODEL_PATH": str(scene / "scene_model.pt")}
    with running_stack(work, env, storefront=False) as running:
        running["scene_model"] = scene / "scene_model.pt"
        yield running


def version(stack) -> dict:
    resp = requests.get(f"http://127.0.0.1:{stack['stack'].action_port}/version",
                        headers={"Authorization": f"Bearer {ACTION_TOKEN}"}, timeout=30)
    resp.raise_for_status()
    return resp.json()


def say(stack, sender: str, text: str) -> tuple[str, list[dict]]:
    resp = requests.post(f"{stack['rasa']}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                         timeout=120)
    resp.raise_for_status()
    messages = resp.json()
    products = [p for m in messages if isinstance(m.get("custom"), dict) for p in m["custom"].get("products", [])]
    return "\n".join(m.get("text", "") for m in messages if m.get("text")), products


def wait_until(check, timeout: float = 120) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError("not reloaded in time")


def test_a_catalog_change_reaches_shoppers_without_a_restart(stack):
    catalog = stack["env"]["RECSYS_CATALOG_PATH"]
    rows = [json.loads(line) for line in open(catalog, encoding="utf-8") if line.strip()]
    hero = next(r for r in rows if r["title"] == "Hero Hoodie")
    assert "$54.00" in say(stack, "reload-1", "how much is the hero hoodie?")[0]
    before = version(stack)

    hero["price"] = 49.0  # a price change
    rows = [r for r in rows if r["id"] != "MH01"]  # the Chaz Kangeroo Hoodie leaves the shop
    rows.append({**hero, "id": "MH99", "title": "Zephyr Trail Hoodie", "price": 58.0})  # a new product
    with open(catalog, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "recsys.cli", "ingest", catalog], cwd=ROOT, env=stack["env"], check=True,
                   capture_output=True)
    ingested = time.monotonic() - started
    waited = wait_until(lambda: version(stack)["catalog_version"] != before["catalog_version"])
    after = version(stack)
    assert after["products"] == before["products"] and after["reloads"] == before["reloads"] + 1
    print(f"\nhot reload: ingest {ingested:.1f} s, then served after {waited:.1f} s "
          f"(check every 1 s): {ingested + waited:.1f} s from saving the catalog to a shopper seeing it")

    assert "$49.00" in say(stack, "reload-2", "how much is the hero hoodie?")[0]
    _, found = say(stack, "reload-2", "show me the zephyr trail hoodie")
    assert found and found[0]["id"] == "MH99"
    _, hoodies = say(stack, "reload-3", "show me men's hoodies")
    assert hoodies and "MH01" not in [p["id"] for p in hoodies]
    # a shopper mid-conversation keeps their context across the reload
    text, _ = say(stack, "reload-3", "does the first one come in black?")
    assert hoodies[0]["title"] in text


def test_a_new_scene_model_reaches_the_running_server(stack):
    meta_path = stack["scene_model"].with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["version"] = "hot-reload-test"
    tmp = meta_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta))
    tmp.replace(meta_path)  # replaced atomically, as SceneModelFile.save does
    wait_until(lambda: version(stack)["scene_model"] == "hot-reload-test")
    text, products = say(stack, "reload-4", "show me watches")
    assert products, text


def test_rasa_swaps_its_model_without_a_restart(stack):
    # Rasa's own model swap (HTTP API): the same trained model, loaded again while serving
    model = subprocess.run(["scripts/train_rasa.sh"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    started = time.monotonic()
    resp = requests.put(f"{stack['rasa']}/model?token={TOKEN}",
                        json={"model_file": str((ROOT / model).resolve())}, timeout=300)
    assert resp.status_code == 204, resp.text
    print(f"\nRasa PUT /model: {time.monotonic() - started:.1f} s")
    _, products = say(stack, "reload-5", "show me men's hoodies")
    assert products
