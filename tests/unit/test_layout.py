"""The package layout keeps its promises: run-time code never imports training, evaluation or benchmarks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ["actions", "recsys/assistant", "recsys/encoders", "recsys/search", "recsys/recommend", "recsys/scene",
           "recsys/storage", "recsys/ops", "recsys/demo", "recsys/settings.py", "recsys/catalog.py",
           "recsys/images.py", "bot/channels"]
OFF_LIMITS = ("recsys.training", "recsys.evaluation", "recsys.bench")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
    return out


def test_runtime_modules_do_not_import_training_evaluation_or_bench():
    offenders = []
    for entry in RUNTIME:
        base = ROOT / entry
        for path in [base] if base.is_file() else sorted(base.rglob("*.py")):
            offenders += [f"{path.relative_to(ROOT)}:{line} imports {name}" for line, name in _imports(path)
                          if name.startswith(OFF_LIMITS)]
    assert not offenders, "\n".join(offenders)


def test_loading_the_action_server_pulls_in_no_training_or_evaluation_code():
    probe = ("import sys, actions.actions, actions.server, recsys.assistant, recsys.demo.storefront, recsys.cli; "
             f"bad = sorted(m for m in sys.modules if m.startswith({OFF_LIMITS!r})); "
             "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_recsys_top_level_holds_only_packages_and_the_shared_modules():
    modules = sorted(p.name for p in (ROOT / "recsys").glob("*.py"))
    assert modules == ["__init__.py", "catalog.py", "images.py", "settings.py"]
