#!/usr/bin/env bash
# Creates/refreshes both virtual environments. Idempotent: each venv carries a stamp with the
# hash of what it was built from, and is only rebuilt when that changes.
#   .venv       Python 3.11: action server, recsys library, tests   (requirements/app.txt)
#   .venv-rasa  Python 3.10: Rasa 3.6 server (Rasa supports <= 3.10) (requirements/rasa.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

find_python() {  # $1 = major.minor; prints a path or nothing
  local want="$1" candidate
  for candidate in "${PYTHON_BIN_OVERRIDE:-}" "python$want" \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want"*/bin/python \
      /usr/local/bin/python"$want" /usr/bin/python"$want" python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
}

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

pip_install() {  # $1 python, rest: pip install args. Retried: a download cut off mid-way (Rasa's
  # TensorFlow wheel is 586 MB) is a network blip, not a reason for set-up to fail.
  local py="$1" attempt extra=()
  shift
  if "$py" -m pip install --help 2>/dev/null | grep -q -- "--resume-retries"; then
    extra=(--resume-retries 20)
  fi
  for attempt in 1 2 3; do
    if "$py" -m pip install --quiet "${extra[@]}" "$@"; then
      return 0
    fi
    log "pip install failed (attempt $attempt of 3)"
    sleep 10
  done
  log "ERROR: pip install $* failed three times"
  return 1
}

make_venv() {  # $1 dir, $2 python, $3 stamp, rest: pip install args
  local dir="$1" py="$2" stamp="$3"; shift 3
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && [ -x "$dir/bin/python" ]; then
    log "$dir is up to date"
    return 0
  fi
  log "building $dir with $py (this takes a few minutes the first time)"
  rm -rf "$dir"
  "$py" -m venv "$dir"
  pip_install "$dir/bin/python" --upgrade pip setuptools wheel
  pip_install "$dir/bin/python" "$@"
  echo "$stamp" > "$dir/.stamp"
}

PY311=$(PYTHON_BIN_OVERRIDE="${PYTHON311:-}" find_python 3.11)
if [ -z "$PY311" ]; then
  log "ERROR: Python 3.11 not found. Install it (e.g. 'pyenv install 3.11' or 'apt-get install python3.11 python3.11-venv') or set PYTHON311=/path/to/python3.11."
  exit 1
fi
PY310=$(PYTHON_BIN_OVERRIDE="${PYTHON310:-}" find_python 3.10)
if [ -z "$PY310" ]; then
  log "ERROR: Python 3.10 not found; Rasa 3.6 needs Python <= 3.10. Install it (e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv') or set PYTHON310=/path/to/python3.10."
  exit 1
fi

make_venv .venv "$PY311" "$(hash_of requirements/app.txt pyproject.toml)" -r requirements/app.txt
if ! .venv/bin/python -c "import recsys, actions" 2>/dev/null || [ ! -x .venv/bin/recsys ]; then
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
fi
# FAISS: the CPU build is pinned; on a machine with an NVIDIA GPU the same FAISS release's GPU
# build replaces it (RECSYS_FAISS_GPU=0 keeps the CPU build). recsys moves the index to the GPU
# when faiss.get_num_gpus() > 0.
if [ "${RECSYS_FAISS_GPU:-1}" != "0" ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  if ! .venv/bin/python -c "import faiss, sys; sys.exit(0 if faiss.get_num_gpus() > 0 else 1)" 2>/dev/null; then
    faiss_version=$(sed -n 's/^faiss-cpu==//p' requirements/app.txt)
    log "GPU found: installing faiss-gpu==$faiss_version in place of faiss-cpu"
    .venv/bin/python -m pip uninstall --quiet -y faiss-cpu
    .venv/bin/python -m pip install --quiet "faiss-gpu==$faiss_version" || {
      log "faiss-gpu could not be installed; keeping the CPU build"
      .venv/bin/python -m pip install --quiet "faiss-cpu==$faiss_version"
    }
  fi
fi
make_venv .venv-rasa "$PY310" "$(hash_of requirements/rasa.txt)" -r requirements/rasa.txt
log "environments ready: .venv ($(.venv/bin/python -V)), .venv-rasa ($(.venv-rasa/bin/python -V))"
