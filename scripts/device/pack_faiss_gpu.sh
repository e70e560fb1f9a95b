#!/usr/bin/env bash
# Packs faiss-gpu (the release requirements/app.txt pins for faiss-cpu) for the lent GPU machine,
# which reaches no package registry and takes at most 64 MiB per call: sm_90 (H100/H200) code
# only, plus its CUDA 12 runtime, into .gpu/faiss_gpu_sm90.tar.xz (~22 MB). Run here, in the repo
# root; .gpu/ must be ignored (echo /.gpu/ >> .git/info/exclude). On the device:
#   source scripts/device/setup_on_device.sh && python3 -m recsys.cli bench-gpu
set -euo pipefail
version=$(sed -n 's/^faiss-cpu==//p' requirements/app.txt)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
get() { python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 -d "$work/w" "$1"; }
get "faiss-gpu==$version"; get "nvidia-cuda-runtime-cu12>=12.6,<13"
mkdir -p "$work/stage" .gpu
for w in "$work"/w/*.whl; do (cd "$work/stage" && python3 -m zipfile -e "$w" .); done
rm -rf "$work"/stage/*.dist-info
python3 scripts/device/fatbin_keep.py "$work/stage/faiss/libfaiss.so" elf_90
mv "$work/stage/faiss/libfaiss.so.pruned" "$work/stage/faiss/libfaiss.so"
tar cf - -C "$work/stage" . | xz -T2 -6 > .gpu/faiss_gpu_sm90.tar.xz
ls -la .gpu/faiss_gpu_sm90.tar.xz
