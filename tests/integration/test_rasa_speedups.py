"""``bot/rasa_speedups.py`` in the real Rasa venv: trackers read back exactly as Rasa reads them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.stack import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def test_patched_tracker_reads_match_rasas_own():
    if not RASA_PYTHON.exists():
        pytest.skip("no Rasa venv (run `make setup`)")
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
               RECSYS_RASA_SPEEDUPS="1")
    done = subprocess.run([str(RASA_PYTHON), "bot/tools/check_rasa_speedups.py", "domain.yml"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("same"), (done.stdout[-2000:], done.stderr[-3000:],
                                                                          sys.executable)
