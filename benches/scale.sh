#!/usr/bin/env bash
# The scale benchmark (issues 14 and 29): a store of 10M articles / 5 000 companies / 3
# years, its ingest, the default 90-day report and a one-year report, each timed with its
# peak RSS, and the one-year report of a 1M / 3 000-company corpus; prints a markdown table
# with the targets. Progress goes to stderr.
#
#   benches/scale.sh
#
# The corpora are shaped like real articles (issue 29): gen_corpus_real_shape.py, the
# maintainers' shared generator (1.8 mentions, ~380-character bodies, ~670 bytes an
# article); the 10M corpus is ten 1M corpora (seeds 0-9, 1 095 days from 2025-03-01, 5 000
# companies) with `c<seed>` prefixed to each id and url path, concatenated, as the shared
# generator's README says. SHAPE=flat measures on issue 14's corpus instead (gen_corpus.py:
# 1.37 mentions, no body).
#
# Environment:
#   BENCH_DIR=/tmp/tickertone-bench   corpora (reused when present), data and report folders
#   TICKERTONE_BIN=PATH               time this binary (default: build target/release)
#   ARTICLES=10000000                 the big corpus's size (a multiple of 1M, or under 1M)
#   SHAPE=real                        real (issue 29) or flat (issue 14)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/tickertone-bench}
ARTICLES=${ARTICLES:-10000000}
SHAPE=${SHAPE:-real}
mkdir -p "$BENCH_DIR"
if [[ -z "${TICKERTONE_BIN:-}" ]]; then
    cargo build --release --locked >&2
    TICKERTONE_BIN=target/release/tickertone
fi
BIN=$(realpath "$TICKERTONE_BIN")

# real_corpus OUT ARTICLES COMPANIES DAYS: the shared generator's corpus, in 1M pieces
# (seed i prefixed c<i>) when bigger than 1M.
real_corpus() {
    local out=$1 n=$2 companies=$3 days=$4 tmp
    tmp=$(mktemp -d "$BENCH_DIR/gen.XXXXXX")
    if ((n <= 1000000)); then
        python3 benches/gen_corpus_real_shape.py "$tmp/0" --articles "$n" \
            --companies "$companies" --days "$days" --seed 0 >&2
        mv "$tmp/0/articles.ndjson" "$out.part"
    else
        : >"$out.part"
        for ((seed = 0; seed < n / 1000000; seed++)); do
            python3 benches/gen_corpus_real_shape.py "$tmp/$seed" --articles 1000000 \
                --companies "$companies" --days "$days" --seed "$seed" >&2
            sed -e "s|^{\"id\": \"|{\"id\": \"c$seed|" \
                -e "s|\"url\": \"https://news.example/|\"url\": \"https://news.example/c$seed|" \
                "$tmp/$seed/articles.ndjson" >>"$out.part"
            rm -rf "${tmp:?}/$seed"
        done
    fi
    rm -rf "$tmp"
    mv "$out.part" "$out"
}

if [[ $SHAPE == real ]]; then
    big="$BENCH_DIR/real-$((ARTICLES / 1000))k-3y.ndjson"
    one_m="$BENCH_DIR/real-1m-3000.ndjson"
    if [[ ! -s "$big" ]]; then
        echo "generating $big (about a minute per million articles) ..." >&2
        real_corpus "$big" "$ARTICLES" 5000 1095
    fi
    [[ -s "$one_m" ]] || real_corpus "$one_m" 1000000 3000 365
    # The generator dates from 2025-03-01: the one-year windows are each corpus's last 365
    # days.
    year_big=(--from 2027-03-01 --to 2028-02-28)
    year_one_m=(--from 2025-03-01 --to 2026-02-28)
else
    big="$BENCH_DIR/corpus-$((ARTICLES / 1000000))m-3y.ndjson"
    one_m="$BENCH_DIR/corpus-1m.ndjson"
    if [[ ! -s "$big" ]]; then
        echo "generating $big ..." >&2
        python3 benches/gen_corpus.py --articles "$ARTICLES" --companies 5000 --days 1095 \
            --end-date 2026-11-20 --seed 1 --out "$big" >&2
    fi
    if [[ ! -s "$one_m" ]]; then
        python3 benches/gen_corpus.py --articles 1000000 --companies 3000 --days 365 \
            --end-date 2026-11-20 --seed 1 --out "$one_m" >&2
    fi
    year_big=(--from 2025-11-21 --to 2026-11-20)
    year_one_m=(--from 2025-11-21 --to 2026-11-20)
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
    "$BIN" --data "$data" --reports "$reports" -q ingest --allow-future "$big"
measure "report, default 90 days" 6 1024 \
    "$BIN" --data "$data" --reports "$reports" -q report
measure "report, one year (${year_big[1]} to ${year_big[3]})" 15 1024 \
    "$BIN" --data "$data" --reports "$(fresh)" -q report "${year_big[@]}"

data1="$BENCH_DIR/scale-data-1m"
rm -rf "$data1"
"$BIN" --data "$data1" -q ingest --allow-future "$one_m" >&2
measure "1M articles / 3 000 companies: report, one year" – 600 \
    "$BIN" --data "$data1" --reports "$(fresh)" -q report "${year_one_m[@]}"

echo "### Scale benchmark ($((ARTICLES / 1000000))M articles / 5 000 companies / 3 years, $SHAPE-shaped corpus)"
echo
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("$BIN" --version) ($BIN); corpus $(du -hL "$big" | cut -f1) of NDJSON ($big); load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg). One run each, wall seconds and peak RSS (/usr/bin/time)."
echo
echo "| measurement | wall s | target s | | peak RSS MB | target MB | |"
echo "| --- | ---: | ---: | --- | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
