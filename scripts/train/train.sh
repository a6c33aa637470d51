#!/usr/bin/env bash
# Trains the learned scorer's weights into crates/tickertone-text/data/scorer-model.bin from
# the committed training set (scripts/train/data/train.tsv), then prints the dev figures.
#
#   scripts/train/train.sh                 # from the committed training set
#   scripts/train/train.sh --prepare RAW   # first rebuild the set from the sources in RAW
#                                          # (files named in sources.tsv, checked by SHA-256)
#
# Deterministic: the same training set gives the same model file, bit for bit (single
# thread, fixed shuffle seed, the crate's own feature code). Building or running tickertone
# never needs this script.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--prepare" ]]; then
    python3 scripts/train/prepare.py "${2:?RAW_DIR}"
fi
fixtures=crates/tickertone-text/tests/fixtures
cargo run --release -q -p tickertone-text --example train_scorer -- \
    scripts/train/data/train.tsv crates/tickertone-text/data/scorer-model.bin \
    "$fixtures/scorer-dev.tsv" "$fixtures/scorer-dev-real.tsv"
sha256sum crates/tickertone-text/data/scorer-model.bin
