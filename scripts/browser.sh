#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the widget's browser tests (Playwright drives the
# system browser; downloading a browser build is not possible here). Needs root or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "[browser] ERROR: chromium is missing and this user cannot install it; run: apt-get install chromium" >&2
    exit 1
  fi
fi
echo "[browser] installing Debian's chromium for the browser tests" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
