#!/usr/bin/env bash
# The scale benchmark of issue 14: a synthetic store of 10M articles / 5 000 companies /
# 3 years, its ingest, the default 90-day report and a one-year report, each timed with its
# peak RSS, and the one-year report of the 1M corpus; prints a markdown table with the
# targets. Progress goes to stderr.
#
#   benches/scale.sh
#
# Environment:
#   BENCH_DIR=/tmp/tickertone-bench   corpora (reused when present), data and report folders
#   TICKERTONE_BIN=PATH               time this binary (default: build target/release)
#   ARTICLES=10000000                 the big corpus's size (1M: the 1M corpus of run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/tickertone-bench}
ARTICLES=${ARTICLES:-10000000}
mkdir -p "$BENCH_DIR"
if [[ -z "${TICKERTONE_BIN:-}" ]]; then
    cargo build --release --locked >&2
    TICKERTONE_BIN=target/release/tickertone
fi
BIN=$(realpath "$TICKERTONE_BIN")

big="$BENCH_DIR/corpus-$((ARTICLES / 1000000))m-3y.ndjson"
if [[ ! -s "$big" ]]; then
    echo "generating $big ..." >&2
    python3 benches/gen_corpus.py --articles "$ARTICLES" --companies 5000 --days 1095 \
        --end-date 2026-11-20 --seed 1 --out "$big" >&2
fi
one_m="$BENCH_DIR/corpus-1m.ndjson"
if [[ ! -s "$one_m" ]]; then
    python3 benches/gen_corpus.py --articles 1000000 --companies 3000 --days 365 \
        --end-date 2026-11-20 --seed 1 --out "$one_m" >&2
fi

# measure NAME TARGET_S TARGET_MB CMD...: one row of the table.
rows=()
measure() {
    local name=$1 target_s=$2 target_mb=$3
    shift 3
    echo "$name ..." >&2
    local log="$BENCH_DIR/scale-time.log"
    /usr/bin/time -f "%e %M" -o "$log" "$@" >&2
    read -r wall kb <"$log"
    local mb=$((kb / 1024))
    local ok_s ok_mb
    ok_s=$(awk -v w="$wall" -v t="$target_s" 'BEGIN { print (t == "–") ? "" : (w <= t) ? "✓" : "✗" }')
    ok_mb=$([[ $mb -le $target_mb ]] && echo "✓" || echo "✗")
    rows+=("| $name | $wall | ${target_s/#[0-9]/≤ &} | $ok_s | $mb | ≤ $target_mb | $ok_mb |")
}

data="$BENCH_DIR/scale-data"
rm -rf "$data" "$BENCH_DIR"/scale-reports*
# Each report in a folder never used before for its 5,000 chart files, as a daily report
# is: on ext4, creating files where thousands were just deleted (earlier runs, or the
# report before on the same date) made the kernel scan for free inodes, which doubled a
# report's system time (1.4 s -> 3.4 s) and measured the disk's past, not the report.
fresh() { mktemp -d "$BENCH_DIR/scale-reports.XXXXXX"; }
reports=$(fresh)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure "ingest $((ARTICLES / 1000000))M articles" 45 1024 \
    "$BIN" --data "$data" --reports "$reports" -q ingest "$big"
measure "report, default 90 days" 6 1024 \
    "$BIN" --data "$data" --reports "$reports" -q report
measure "report, one year (2025-11-21 to 2026-11-20)" 15 1024 \
    "$BIN" --data "$data" --reports "$(fresh)" -q report --from 2025-11-21 --to 2026-11-20

data1="$BENCH_DIR/scale-data-1m"
rm -rf "$data1"
"$BIN" --data "$data1" -q ingest "$one_m" >&2
measure "1M articles / 3 000 companies: report, one year" – 600 \
    "$BIN" --data "$data1" --reports "$(fresh)" -q report --from 2025-11-21 --to 2026-11-20

echo "### Scale benchmark ($((ARTICLES / 1000000))M articles / 5 000 companies / 3 years)"
echo
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("$BIN" --version) ($BIN); corpus $(du -hL "$big" | cut -f1) of NDJSON ($big); load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg). One run each, wall seconds and peak RSS (/usr/bin/time)."
echo
echo "| measurement | wall s | target s | | peak RSS MB | target MB | |"
echo "| --- | ---: | ---: | --- | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
