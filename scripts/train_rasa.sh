#!/usr/bin/env bash
# Trains the Rasa model only when its inputs changed. Prints the model path on stdout.
# Cache key: hash of domain, config, training data and the Rasa version lock.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=(domain.yml config.yml requirements/rasa.txt $(find bot/data -name '*.yml' | sort))
hash=$(cat "${inputs[@]}" | sha256sum | cut -c1-16)
model="models/bot-$hash.tar.gz"
if [ -f "$model" ]; then
  echo "[train] model for these inputs exists: $model" >&2
else
  echo "[train] training Rasa model $model (about 2-4 minutes)" >&2
  mkdir -p models
  # Keep only the newest few models; each is ~30 MB.
  { ls -1t models/bot-*.tar.gz 2>/dev/null || true; } | tail -n +4 | xargs -r rm -f
  RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 .venv-rasa/bin/rasa train --data bot/data --domain domain.yml --config config.yml \
    --out "models/.tmp-$hash" --fixed-model-name "bot-$hash" >&2
  # Trained in a side folder and moved: an interrupted run never leaves a half-written cache hit.
  mv "models/.tmp-$hash/bot-$hash.tar.gz" "$model"
  rm -rf "models/.tmp-$hash"
fi
echo "$model"
