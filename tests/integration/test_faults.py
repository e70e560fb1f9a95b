"""Start-up faults: the action server with missing or corrupt index and model files. It either
repairs what is derived data (the index, from the catalog) or stops with a clear message and a
non-zero exit code, before it listens; it never starts half-working."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
EXIT_DATA = 3


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    var = tmp_path_factory.mktemp("faults") / "var"
    env = {"RECSYS_VAR_DIR": str(var), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "recsys.cli", "prepare"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    return var


def _copy(prepared: Path, tmp_path: Path) -> Path:
    var = tmp_path / "var"
    shutil.copytree(prepared, var)
    return var


def _start(var: Path, extra: dict[str, str] | None = None, timeout: float = 240) -> tuple[int | None, str, int]:
    """Start the action server; returns (exit code or None if it came up, its output, port)."""
    port = free_port()
    env = {"RECSYS_VAR_DIR": str(var), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", **(extra or {})}
    proc = subprocess.Popen([sys.executable, "-m", "actions.server", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            if proc.poll() is not None:
                return proc.returncode, proc.stdout.read(), port
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                    return None, "", port
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise TimeoutError("action server neither started nor exited")
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def test_corrupt_scene_model_stops_start_up(prepared, tmp_path):
    var = _copy(prepared, tmp_path)
    broken = tmp_path / "scene_model.pt"
    broken.write_bytes(b"\x00not a torch file" * 10)
    code, out, _ = _start(var, {"RECSYS_SCENE_MODEL_PATH": str(broken)})
    assert code == EXIT_DATA, out[-2000:]
    assert "cannot start the action server" in out and "scene" in out.lower()
    assert "Traceback" not in out


def test_missing_text_model_stops_start_up(prepared, tmp_path):
    var = _copy(prepared, tmp_path)
    code, out, _ = _start(var, {"RECSYS_TEXT_MODEL": str(tmp_path / "no-such-model")})
    assert code == EXIT_DATA, out[-2000:]
    assert "no model files" in out and "Traceback" not in out


def test_corrupt_image_projection_stops_start_up(prepared, tmp_path):
    # (A *missing* projection is allowed by design: photos then match photos only, with a warning.)
    from recsys.settings import SHIPPED_IMAGE_PROJECTION

    var = _copy(prepared, tmp_path)
    broken = tmp_path / "image_proj.pt"
    broken.write_bytes(b"PK\x03\x04 truncated")
    shutil.copy(SHIPPED_IMAGE_PROJECTION.with_suffix(".json"), broken.with_suffix(".json"))
    code, out, _ = _start(var, {"RECSYS_IMAGE_PROJECTION_PATH": str(broken)})
    assert code == EXIT_DATA, out[-2000:]
    assert "image projection" in out and "unreadable" in out and "Traceback" not in out


def test_corrupt_index_without_catalog_stops_start_up(prepared, tmp_path):
    var = _copy(prepared, tmp_path)
    (var / "index" / "text.products.faiss").write_bytes(b"garbage")
    code, out, _ = _start(var, {"RECSYS_CATALOG_PATH": str(tmp_path / "gone.jsonl")})
    assert code == EXIT_DATA, out[-2000:]
    assert "corrupt" in out and "Traceback" not in out


def test_corrupt_index_is_rebuilt_from_the_catalog(prepared, tmp_path):
    var = _copy(prepared, tmp_path)
    (var / "index" / "text.products.faiss").write_bytes(b"garbage")
    code, out, _ = _start(var)
    assert code is None, out[-2000:]  # it came up
    from recsys.search.index import ProductIndex

    assert len(ProductIndex.load(var / "index")) > 100  # and the index on disk is whole again
