import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_cli(var_dir, *args, extra_env=None):
    env = dict(os.environ, RECSYS_VAR_DIR=str(var_dir), **(extra_env or {}))
    return subprocess.run([sys.executable, "-m", "recsys.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env)


def test_ingest_search_json(tmp_path):
    catalog = tmp_path / "shop.csv"
    catalog.write_text(
        "id,title,description,category,price,color,size\n"
        "T1,Trail Runner Jacket,Waterproof running jacket,Men > Jackets,79,Red|Blue,M|L\n"
        "T2,Cozy Yoga Hoodie,Soft hoodie for yoga,Women > Hoodies,45,Gray,S|M\n"
        "T3,Summit Backpack,20 litre hiking backpack,Gear > Bags,60,Black,\n"
    )
    result = run_cli(tmp_path, "ingest", str(catalog))
    assert result.returncode == 0, result.stderr
    assert "indexed 3 products" in result.stdout
    result = run_cli(tmp_path, "search", "red jacket", "-k", "2", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "T1" and {"id", "score", "title", "price", "reason"} <= set(hits[0])
    assert len(hits) == 1  # "red" is a filter: only one red product exists
    text = run_cli(tmp_path, "search", "backpack for hiking")
    assert "Summit Backpack" in text.stdout


def test_ingest_bad_catalog_names_rows_and_fails(tmp_path):
    catalog = tmp_path / "bad.jsonl"
    catalog.write_text('{"id": "A", "title": "ok"}\n{"id": "B"}\n')
    result = run_cli(tmp_path, "ingest", str(catalog))
    assert result.returncode == 3
    assert "bad.jsonl:2: missing 'title'" in result.stderr


def test_search_without_index_builds_it_from_the_configured_catalog(tmp_path):
    result = run_cli(tmp_path / "empty", "search", "hoodie", "--json")
    assert result.returncode == 0, result.stderr
    assert "rebuilding from" in result.stderr and json.loads(result.stdout)


def test_search_without_index_or_catalog_is_a_clear_error(tmp_path):
    env_catalog = str(tmp_path / "missing.jsonl")
    result = run_cli(tmp_path / "empty", "search", "hoodie", extra_env={"RECSYS_CATALOG_PATH": env_catalog})
    assert result.returncode == 3 and "catalog file not found" in result.stderr


def test_search_by_photo_and_bad_photo(tmp_path):
    from PIL import Image

    from recsys.settings import SHIPPED_CATALOG

    photo = SHIPPED_CATALOG.parent / "images" / "mh01-gray_main.jpg"
    shot = tmp_path / "shot.png"
    with Image.open(photo) as im:
        im.crop((20, 20, im.width - 20, im.height - 20)).save(shot)
    result = run_cli(tmp_path, "search", "--image", str(shot), "-k", "3", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "MH01" and hits[0]["why"]["image_similarity"] > 0.8
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    result = run_cli(tmp_path, "search", "--image", str(bad))
    assert result.returncode == 3 and "not a photo" in result.stderr


def test_empty_query_is_rejected(tmp_path):
    result = run_cli(tmp_path, "search", "  ")
    assert result.returncode == 2 and "empty query" in result.stderr


def test_bench_store_times_a_turns_store_calls_and_rejects_no_turns(tmp_path):
    done = run_cli(tmp_path, "bench-store", "--shoppers", "2", "--turns", "3")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["turns"] == 6 and got["cpu_ms_per_turn"] > 0 and got["wall_ms_per_turn"] > 0
    bad = run_cli(tmp_path, "bench-store", "--turns", "0")
    assert bad.returncode != 0 and "--turns" in bad.stderr
