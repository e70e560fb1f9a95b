#!/usr/bin/env bash
# Fetches the third-party chat clients the tests (and the demo storefront's /clients/ pages) use,
# from the npm registry, pinned by version and integrity: botfront's rasa-webchat (its UMD bundle,
# which carries its own dependencies). Cached in var/clients; nothing is loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${RECSYS_VAR_DIR:-var}/clients"
WEBCHAT_VERSION="1.0.1"
WEBCHAT_INTEGRITY="sha512-Ld1zVJvTAaTrs6A5p8t70agNNrKYRyXlvqXZRgBoDvKKUXbA0jhJKECi5bdPGlaR6jsmqWtVylHS+YqIqo0x8w=="
if [ -s "$OUT/rasa-webchat-$WEBCHAT_VERSION.js" ]; then exit 0; fi
command -v npm >/dev/null || { echo "[clients] ERROR: npm is needed to fetch rasa-webchat (apt-get install npm)" >&2; exit 1; }
mkdir -p "$OUT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "[clients] fetching rasa-webchat@$WEBCHAT_VERSION from the npm registry" >&2
tarball="$(cd "$tmp" && npm pack "rasa-webchat@$WEBCHAT_VERSION" --silent 2>/dev/null | tail -1)"
got="sha512-$(openssl dgst -sha512 -binary "$tmp/$tarball" | base64 -w0)"
if [ "$got" != "$WEBCHAT_INTEGRITY" ]; then
  echo "[clients] ERROR: rasa-webchat@$WEBCHAT_VERSION does not match its pinned integrity" >&2; exit 1
fi
tar -xzf "$tmp/$tarball" -C "$tmp" package/lib/index.js
mv "$tmp/package/lib/index.js" "$OUT/rasa-webchat-$WEBCHAT_VERSION.js"
