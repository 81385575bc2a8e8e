#!/bin/sh
# Regenerates the embedded OCR error model data/channel/default.bin from the development
# sets (OCR / ground-truth pairs). Only the learnt character-confusion weights are written;
# no text of the sets is kept. Usage: tools/train_channel.sh [EVAL_DATA_DIR]
set -eu
cd "$(dirname "$0")/.."
data="${1:-../shared/eval/data}"
cargo build --release --quiet
target/release/scanno train "$data/overproof-ca.jsonl" "$data/icdar2017-en.jsonl" -o data/channel/default.bin
