#!/bin/sh
# Regenerates the embedded OCR error model data/channel/default.bin (and counts.bin, the
# counts it is made from, which collection adaptation adds to) from the training set
# (OCR / ground-truth pairs in ../shared/eval/train/, the only data models are fitted on) and
# rewrites data/channel/MANIFEST. Only the learnt character-confusion weights are written; no
# text of the set is kept.
#   tools/train_channel.sh          retrain and rewrite the model and its manifest
#   tools/train_channel.sh --check  retrain into a temp file and compare with the committed bytes
set -eu
cd "$(dirname "$0")/.."
train=../shared/eval/train/hipe-train-en.jsonl
cargo build --release --quiet
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  target/release/scanno train "$train" -o "$tmp/default.bin" --counts "$tmp/counts.bin" -q
  cmp "$tmp/default.bin" data/channel/default.bin && cmp "$tmp/counts.bin" data/channel/counts.bin &&
    echo "data/channel/default.bin and counts.bin: reproduced from $train"
  exit
fi
target/release/scanno train "$train" -o data/channel/default.bin --counts data/channel/counts.bin
{
  echo "# The embedded OCR error model and the data it was trained on, written by tools/train_channel.sh."
  echo "# Trained on ../shared/eval/train/ only (HIPE-OCRepair 2026 English training splits); no text is kept."
  echo "$(sha256sum data/channel/default.bin | cut -d' ' -f1)  default.bin"
  echo "$(sha256sum data/channel/counts.bin | cut -d' ' -f1)  counts.bin"
  echo "$(sha256sum "$train" | cut -d' ' -f1)  ../../$train"
} > data/channel/MANIFEST
