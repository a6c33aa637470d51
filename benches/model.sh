#!/usr/bin/env bash
# Issue 24's figures for a transformer model on this machine: `cargo bench` of the model
# alone (headlines a second, batched), then `tickertone ingest --model` of 2,000 headlines
# and of 5,000 articles with summaries, timed whole (load, read, score, store), on a
# randomly initialised model of FinBERT's shape (made by the cargo bench).
#
#   benches/model.sh              # builds `--release --features model` first (minutes)
#   SKIP_BUILD=1 benches/model.sh # uses the release binary already built
#
# Variables: BENCH_DIR (default /tmp/tickertone-model-bench), ARTICLES (5000),
# HEADLINES (2000), CARGO_TARGET_DIR (default target). Needs Python 3 (standard library).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/tickertone-model-bench}
ARTICLES=${ARTICLES:-5000}
HEADLINES=${HEADLINES:-2000}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/tickertone
mkdir -p "$BENCH_DIR"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --features model
echo "== cargo bench -p tickertone-model --bench throughput (the model alone)"
HEADLINES=1000 ARTICLES=0 cargo bench -q -p tickertone-model --bench throughput
MODEL=$TARGET/tmp/finbert-shaped
python3 benches/gen_articles.py --articles "$HEADLINES" --headlines --out "$BENCH_DIR/headlines.ndjson"
python3 benches/gen_articles.py --articles "$ARTICLES" --out "$BENCH_DIR/articles.ndjson"
for corpus in headlines articles; do
    rm -rf "$BENCH_DIR/data-$corpus"
    n=$(wc -l < "$BENCH_DIR/$corpus.ndjson")
    echo "== tickertone ingest --model: $n $corpus ($(uptime | sed 's/.*load/load/'))"
    start=$(date +%s.%N)
    "$BIN" --data "$BENCH_DIR/data-$corpus" -v ingest "$BENCH_DIR/$corpus.ndjson" --model "$MODEL" \
        2> "$BENCH_DIR/$corpus.log"
    end=$(date +%s.%N)
    grep -E "^loaded" "$BENCH_DIR/$corpus.log" || true
    python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'{n} {sys.argv[4]} in {s:.1f} s: {n/s:.1f} a second')" \
        "$start" "$end" "$n" "$corpus"
done
