"""Shared by the erasure tests (SQLite and PostgreSQL): a conversation that leaves traces everywhere,
the `recsys erase-shopper` command run for real, and a scan of every table for what is left."""

from __future__ import annotations

import json
import subprocess
import sys

import requests
from sqlalchemy import MetaData, Text, cast, func, or_, select

from recsys.settings import Settings
from recsys.storage.orm import make_engine
from tests.stack import ROOT, TOKEN


def leave_traces(rasa: str, settings: Settings, sender: str, photo: bytes) -> str:
    """Chat as ``sender`` over the shop channel (photo, list, cart, preference, order look-up); the upload id."""
    shop = f"{rasa}/webhooks/shop"
    resp = requests.post(f"{shop}/upload", files={"image": ("p.jpg", photo, "image/jpeg")}, timeout=30)
    resp.raise_for_status()
    image_id = resp.json()["image_id"]
    for message, metadata in [("do you have this?", {"image_id": image_id}), ("i wear size M", {}),
                              ("men's hoodies", {}), ("add the first one to my cart", {}),
                              ("where is my order 1001", {}), ("roni_cost@example.com", {})]:
        requests.post(f"{shop}/webhook", json={"sender": sender, "message": message, "metadata": metadata},
                      timeout=120).raise_for_status()
    assert (settings.upload_dir / f"{image_id}.img").is_file()
    return image_id


def leftovers(settings: Settings, needle: str) -> dict[str, int]:
    """Rows mentioning ``needle`` in any text or JSON column of any table of both stores, per table."""
    found: dict[str, int] = {}
    for url in dict.fromkeys([settings.resolved_database_url, settings.resolved_rasa_tracker_url]):
        engine = make_engine(url)
        try:
            meta = MetaData()
            meta.reflect(engine)
            with engine.connect() as conn:
                for table in meta.sorted_tables:
                    columns = [c for c in table.columns if _texty(c)]
                    if columns:
                        hits = conn.scalar(select(func.count()).select_from(table).where(
                            or_(*(cast(c, Text).like(f"%{needle}%") for c in columns)))) or 0
                        if hits:
                            found[table.name] = found.get(table.name, 0) + int(hits)
        finally:
            engine.dispose()
    return found


def _texty(column) -> bool:
    try:
        return column.type.python_type in (str, dict, list)
    except NotImplementedError:
        return False


def erase(env: dict, sender: str, *args: str) -> dict:
    """Run ``recsys erase-shopper`` as an operator would; its JSON report."""
    out = subprocess.run([sys.executable, "-m", "recsys.cli", "erase-shopper", sender, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_erasure(rasa: str, env: dict, settings: Settings, sender: str, bystander: str, photo: bytes) -> None:
    """Traces for two shoppers; erasing one leaves nothing of it and everything of the other."""
    image_id = leave_traces(rasa, settings, sender, photo)
    other_image = leave_traces(rasa, settings, bystander, photo)
    assert leftovers(settings, sender), "the conversation left no trace to erase"

    counted = erase(env, sender, "--dry-run")
    assert counted["dry_run"] and counted["found"] and counted["tracker_events"] > 0 and counted["uploads"] == 1
    assert leftovers(settings, sender)  # a dry run deletes nothing

    report = erase(env, sender)
    rows = report["context_rows"]
    assert rows["turns"] >= 6 and rows["shown_products"] > 0 and rows["cart_items"] == 1
    assert rows["preferences"] >= 1 and rows["verified_orders"] == 1 and rows["shoppers"] == 1
    assert report["tracker_events"] == counted["tracker_events"] and report["uploads"] == 1
    assert leftovers(settings, sender) == {}
    assert not (settings.upload_dir / f"{image_id}.img").exists()
    tracker = requests.get(f"{rasa}/conversations/{sender}/tracker?token={TOKEN}", timeout=30).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []

    # the other shopper is untouched, and erasing twice is harmless
    assert leftovers(settings, bystander) and (settings.upload_dir / f"{other_image}.img").is_file()
    assert erase(env, sender)["found"] is False
