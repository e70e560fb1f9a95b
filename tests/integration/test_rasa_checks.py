"""Rasa's own checks on the bot's data: ``rasa data validate --fail-on-warnings`` and the test stories.

The test stories (``bot/tests/test_stories.yml``) are run with ``rasa test core`` against the
trained model: every predicted action must match, detours of the order look-up included.
"""

from __future__ import annotations

import os
import subprocess

from tests.stack import RASA_BIN, ROOT

ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
           RECSYS_UNDERSTAND_URL="off")  # the dialogue is tested on the stories' intents, no servers needed


def _rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RASA_BIN), *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=900)


def test_rasa_data_validates_without_warnings():
    done = _rasa("data", "validate", "--data", "bot/data", "--domain", "domain.yml", "--config", "config.yml",
                 "--fail-on-warnings")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_rasa_test_stories_pass(tmp_path):
    model = subprocess.run(["scripts/train_rasa.sh"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    done = _rasa("test", "core", "--model", model, "--stories", "bot/tests/test_stories.yml", "--out",
                 str(tmp_path), "--fail-on-prediction-errors")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    failed = tmp_path / "failed_test_stories.yml"
    assert not failed.exists() or "none" in failed.read_text().lower() or not failed.read_text().strip(), \
        failed.read_text()
