"""The project installs as a package and runs from any directory: nothing resolves against the checkout.

The sources are copied (so the build writes nothing into the checkout) and installed with pip into a
private ``--target`` folder without dependencies and without build isolation, so no network is needed:
the test's own interpreter already has the dependencies. The CLI and the storefront then run from a
fresh working directory with only that folder on PYTHONPATH, and must find their data in it and keep
their state in ``./var`` of that directory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "recsys", "actions", "bot")
CHAT_SERVER = "http://chat.example.test:5005"


def _source_files() -> list[Path]:
    """The project's files that git sees (tracked, or new and not ignored); every file without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *SOURCES],
                             cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
        files = [Path(name) for name in out.decode().split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        files = [p.relative_to(ROOT) for name in SOURCES
                 for p in ([ROOT / name] if (ROOT / name).is_file() else (ROOT / name).rglob("*"))]
    return sorted(f for f in files if (ROOT / f).is_file() and "__pycache__" not in f.parts)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _env(site: Path) -> dict[str, str]:
    """The test interpreter's environment with the install folder as the only extra import path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RECSYS_") and k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env.update(PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``pip install --no-deps --target`` of a copy of the sources; yields the install folder and its files."""
    work = tmp_path_factory.mktemp("install")
    src = work / "src"
    files = _source_files()
    for rel in files:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    site = work / "prefix" / "site"
    checkout_before = _checkout_entries()
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                             "--no-index", "--no-compile", "--no-cache-dir", "--target", str(site), str(src)],
                            cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _checkout_entries() == checkout_before, "building wrote into the checkout"
    yield {"site": site, "files": files, "snapshot": _snapshot(site), "checkout": checkout_before}


def _checkout_entries() -> list[str]:
    """Top-level names in the checkout, without dot-folders (tool caches: .pytest_cache, .rasa, ...)."""
    return sorted(p.name for p in ROOT.iterdir() if not p.name.startswith("."))


def _assert_nothing_written(installed, *also_clean: Path) -> None:
    site = installed["site"]
    assert _snapshot(site) == installed["snapshot"], "something wrote into the installed package"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "something wrote next to the installed package"
    assert _checkout_entries() == installed["checkout"], "something wrote into the checkout"
    for folder in also_clean:
        assert not folder.exists(), f"{folder} was created"


def test_the_distribution_holds_everything_the_runtime_reads(installed):
    site = installed["site"]
    got = {p.relative_to(site).as_posix() for p in site.rglob("*")
           if p.is_file() and "__pycache__" not in p.parts and p.parts[len(site.parts)] in {"recsys", "actions", "bot"}}
    wanted = {f.as_posix() for f in installed["files"]
              if f.parts[0] in {"recsys", "actions"} and f.suffix != ".md"}
    wanted |= {f.as_posix() for f in installed["files"]
               if f.parts[0] == "bot" and (f.name == "__init__.py" and len(f.parts) == 2
                                           or f.parts[1] in {"widget", "storefront"})}
    assert not wanted - got, f"missing from the installed package: {sorted(wanted - got)}"
    for needed in ("recsys/data/catalog/luma.jsonl", "recsys/data/scene_model/scene_model.pt",
                   "recsys/data/image_model/image_proj.pt", "recsys/data/policies.json",
                   "recsys/storage/migrations/alembic.ini", "recsys/storage/migrations/script.py.mako",
                   "recsys/storage/migrations/versions/0001_initial.py", "bot/widget/shop-chat.js",
                   "bot/storefront/index.html"):
        assert needed in got, needed
    assert any(name.startswith("recsys/data/catalog/images/") for name in got)
    # The Rasa side (it imports Rasa) stays out; the console script is there.
    assert not (site / "bot" / "channels").exists() and not (site / "bot" / "tools").exists()
    assert (site / "bin" / "recsys").is_file()


def test_cli_runs_from_another_directory_and_keeps_state_there(installed, tmp_path):
    site, env = installed["site"], _env(installed["site"])
    run_dir = tmp_path / "shop"
    run_dir.mkdir()

    probe = ("import json, sys, recsys, bot, recsys.settings as s, recsys.demo.storefront as f; "
             "print(json.dumps({'recsys': recsys.__file__, 'bot': bot.__file__, 'widget': str(f.asset_dir('widget')), "
             "'var': str(s.get_settings().var_dir), 'path': sys.path, 'rasa': [m for m in sys.modules "
             "if m.split('.')[0] in ('rasa', 'rasa_sdk') or m.startswith('bot.')]}))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=run_dir, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert Path(seen["recsys"]).is_relative_to(site) and Path(seen["bot"]).is_relative_to(site), seen
    assert Path(seen["widget"]) == site / "bot" / "widget"
    assert Path(seen["var"]) == run_dir / "var"
    assert seen["rasa"] == [], "the storefront pulled in the Rasa side"
    assert not [p for p in seen["path"] if p and Path(p).resolve() == ROOT], "the checkout is on sys.path"

    result = subprocess.run([sys.executable, "-m", "recsys.cli", "--help"], cwd=run_dir, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "search" in result.stdout and "storefront" in result.stdout

    result = subprocess.run([str(site / "bin" / "recsys"), "search", "hoodie", "--json"], cwd=run_dir, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    hits = json.loads(result.stdout)
    assert hits and all("hoodie" in hit["title"].lower() for hit in hits[:3]), hits[:3]
    # The shipped catalog was ingested into ./var of the working directory, and only there.
    assert (run_dir / "var" / "recsys.db").is_file()
    assert any((run_dir / "var" / "index").iterdir())
    assert sorted(p.name for p in run_dir.iterdir()) == ["var"]
    _assert_nothing_written(installed, site.parent.parent / "var")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_storefront_serves_the_page_and_widget_from_the_installed_package(installed, tmp_path):
    site, env = installed["site"], _env(installed["site"])
    run_dir = tmp_path / "front"
    run_dir.mkdir()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "storefront.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([str(site / "bin" / "recsys"), "storefront", "--port", str(port),
                                 "--chat-server", CHAT_SERVER], cwd=run_dir, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, f"storefront exited:\n{log_path.read_text()}"
            try:
                status, _, body = _get(f"{base}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"storefront did not answer:\n{log_path.read_text()}"
            time.sleep(0.5)
        assert json.loads(body) == {"status": "ok"}

        status, kind, page = _get(f"{base}/")
        assert status == 200 and kind.startswith("text/html")
        assert b'src="/widget/shop-chat.js"' in page and CHAT_SERVER.encode() in page
        for path, expected_kind, shipped in (("/widget/shop-chat.js", "javascript", "bot/widget/shop-chat.js"),
                                             ("/widget/shop-chat.css", "text/css", "bot/widget/shop-chat.css"),
                                             ("/storefront.js", "javascript", "bot/storefront/storefront.js")):
            status, kind, body = _get(base + path)
            assert status == 200 and expected_kind in kind, (path, status, kind)
            assert body == (site / shipped).read_bytes()
        status, _, body = _get(f"{base}/catalog.json")
        products = json.loads(body)["products"]
        assert status == 200 and len(products) > 100
        image = urlsplit(products[0]["image"]).path.rsplit("/", 1)[-1]
        status, kind, body = _get(f"{base}/images/{image}")
        assert status == 200 and kind == "image/jpeg" and body
        assert _get(f"{base}/widget/../../recsys/settings.py")[0] == 404
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    # Serving static files writes no state: not into ./, the package or the checkout.
    assert list(run_dir.iterdir()) == []
    _assert_nothing_written(installed, site.parent.parent / "var")
