#!/usr/bin/env bash
# The test command: set-up (cached), Chromium and third-party chat clients for browser tests,
# PostgreSQL + Redis on loopback for the persistence tests, Rasa model (cached), lint, then the
# whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/browser.sh
scripts/clients.sh  # third-party chat clients from npm (rasa-webchat) for tests/browser
# (assigned first, so a services start that fails stops the run here instead of erroring each test later)
services_env="$(scripts/services.sh)"
eval "$services_env"
export RECSYS_TEST_REQUIRE_SERVICES=1
scripts/train_rasa.sh >/dev/null
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
