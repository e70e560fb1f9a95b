#!/usr/bin/env bash
# Runs the assistant end to end: set-up (cached), Rasa model (cached by input hash), index and
# demo orders (only when stale), then the action server, an image server and the Rasa server.
#   scripts/run.sh         REST channel on :5005 (POST /webhooks/rest/webhook)
#   scripts/run.sh shell   same servers, and a terminal chat over the REST channel (bot/tools/chat.py);
#                          Rasa's own `rasa shell` works too, but its channel tells the NLU step nothing
#                          about who is talking, so the turn model reads each message without context.
# Ports: RASA_PORT (5005), ACTION_PORT (5055), IMAGE_PORT (8000). Logs: var/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-serve}"
RASA_PORT="${RASA_PORT:-5005}"; ACTION_PORT="${ACTION_PORT:-5055}"; IMAGE_PORT="${IMAGE_PORT:-8000}"

scripts/setup.sh
# botfront's rasa-webchat for the storefront's /clients/rasa-webchat.html (from npm; optional here)
scripts/clients.sh || echo "[run] rasa-webchat not fetched (no npm?): /clients/rasa-webchat.html will not load" >&2
model=$(scripts/train_rasa.sh)
luma_orders=../shared/data/luma/fixtures/orders.csv
.venv/bin/recsys prepare $( [ -f "$luma_orders" ] && echo --luma-orders "$luma_orders" )
# The action server only answers callers holding this token (sent by Rasa as a bearer header).
# Set RECSYS_ACTION_TOKEN yourself in production; otherwise each run makes a fresh random one.
export RECSYS_ACTION_TOKEN="${RECSYS_ACTION_TOKEN:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}"
endpoints=$(.venv/bin/recsys rasa-endpoints --out var/endpoints.yml)  # tracker + lock store from settings
# The shop channel must store photos where the action server reads them, with the same size limit:
# Rasa gets a copy of credentials.yml with upload_dir and max_upload_bytes from the recsys settings
# (recsys.toml, RECSYS_VAR_DIR, RECSYS_MAX_UPLOAD_BYTES); every other channel key is as written there.
credentials=var/credentials.yml
.venv/bin/python - "$credentials" <<'PY'
import sys, yaml
from recsys.settings import load_settings
settings = load_settings()
channels = yaml.safe_load(open("credentials.yml", encoding="utf-8")) or {}
for name, keys in channels.items():
    channels[name] = {**(keys or {}), "upload_dir": str(settings.upload_dir.resolve()),
                      "max_upload_bytes": settings.max_upload_bytes}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("# Written by scripts/run.sh from credentials.yml; edit that file instead.\n")
    out.write(yaml.safe_dump(channels, sort_keys=False))
PY

mkdir -p var/logs
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "[run] action server on ${RECSYS_ACTION_HOST:-127.0.0.1}:$ACTION_PORT (log: var/logs/actions.log)"
.venv/bin/python -m actions.server --port "$ACTION_PORT" --log-file var/logs/actions.log 2>/dev/null &
pids+=($!)
echo "[run] demo storefront with the chat widget on http://localhost:$IMAGE_PORT/ (photos under /images/;"
echo "      botfront's rasa-webchat on Rasa's socket.io channel: http://localhost:$IMAGE_PORT/clients/rasa-webchat.html)"
.venv/bin/recsys storefront --host 127.0.0.1 --port "$IMAGE_PORT" --chat-server "http://localhost:$RASA_PORT" \
  >>var/logs/storefront.log 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "[run] action server died; see var/logs/actions.log" >&2; exit 1; fi
  sleep 1
done

# No telemetry or crash reports leave the machine (Rasa would send them to its Sentry otherwise).
export ACTION_SERVER_URL="http://127.0.0.1:$ACTION_PORT/webhook" SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
if [ "$mode" = "shell" ]; then
  .venv-rasa/bin/rasa run -m "$model" --endpoints "$endpoints" --credentials "$credentials" \
    --port "$RASA_PORT" --log-file var/logs/rasa.log >/dev/null 2>&1 &
  pids+=($!)
  echo "[run] Rasa server starting on :$RASA_PORT (log: var/logs/rasa.log)"
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "[run] Rasa server died; see var/logs/rasa.log" >&2; exit 1; fi
    sleep 1
  done
  .venv/bin/python bot/tools/chat.py --url "http://localhost:$RASA_PORT"
else
  echo "[run] Rasa REST channel on http://localhost:$RASA_PORT/webhooks/rest/webhook (shop channel: /webhooks/shop/)"
  echo "[run] open http://localhost:$IMAGE_PORT/ and click Chat"
  .venv-rasa/bin/rasa run -m "$model" --endpoints "$endpoints" --credentials "$credentials" \
    --port "$RASA_PORT" --cors "http://localhost:$IMAGE_PORT" "http://127.0.0.1:$IMAGE_PORT" --log-file var/logs/rasa.log
fi
