#!/usr/bin/env bash
# The tickertone benchmark (issue 6): times `tickertone ingest` + `report` at 10k, 100k and
# 1M articles, the pandas + matplotlib reference script side by side at 10k and 100k, and
# the incremental daily `run` on the 1M store, then prints a markdown table and the target
# checks on stdout (progress goes to stderr). See benches/README.md.
#
#   benches/run.sh            # everything (about 10-15 min on 2 cores, plus the build)
#   benches/run.sh --quick    # 10k and 100k only
#
# Environment:
#   BENCH_DIR=/tmp/tickertone-bench   corpora (reused when present), data and report folders, logs
#   N=1                               runs per measurement; the best (lowest) time is kept
#   SKIP_BUILD=1                      use the existing target/release/tickertone
#   TICKERTONE_BIN=PATH               time this binary instead (implies SKIP_BUILD; for before/after)
#   SKIP_PANDAS=1                     leave out the pandas reference (before/after runs of tickertone)
#   BENCH_PANDAS_1M=1                 also run the pandas reference at 1M (slow: ~20+ min)
#   PANDAS_JOBS=1                     chart processes for the reference (1 = a plain script)
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }

QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/tickertone-bench}
N=${N:-1}
PANDAS_JOBS=${PANDAS_JOBS:-1}
BIN=${TICKERTONE_BIN:-$REPO/target/release/tickertone}
[ -z "${TICKERTONE_BIN:-}" ] || SKIP_BUILD=1
SKIP_PANDAS=${SKIP_PANDAS:-0}
LOGS=$BENCH_DIR/logs
mkdir -p "$BENCH_DIR" "$LOGS"

say() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# ------------------------------------------------------------------ prerequisites
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    say "cargo build --release (over ten minutes from clean on 2 cores)"
    cargo build --release >&2 || die "cargo build --release failed"
fi
[ -x "$BIN" ] || die "$BIN does not exist: build it (cargo build --release)"
if [ "$SKIP_PANDAS" != 1 ] && ! python3 -c 'import pandas, matplotlib' 2>/dev/null; then
    say "installing pandas and matplotlib for the reference script (pip, quiet)"
    python3 -m pip install -q pandas matplotlib >&2 || die "pip install pandas matplotlib failed"
fi
if [ "$SKIP_PANDAS" = 1 ]; then
    PY_VERSIONS="pandas reference not run (SKIP_PANDAS=1)"
else
    PY_VERSIONS=$(python3 -c 'import sys, pandas, matplotlib, numpy; print("Python %s, pandas %s, matplotlib %s, numpy %s" % (sys.version.split()[0], pandas.__version__, matplotlib.__version__, numpy.__version__))')
fi

# ------------------------------------------------------------------ corpora
# corpus NAME ARTICLES COMPANIES: $BENCH_DIR/corpus-NAME.ndjson, 365 days to 2026-11-20, seed 1
corpus() {
    local file=$BENCH_DIR/corpus-$1.ndjson
    if [ ! -s "$file" ]; then
        say "generating $file ($2 articles, $3 companies, 365 days)"
        python3 benches/gen_corpus.py --articles "$2" --companies "$3" --days 365 \
            --end-date 2026-11-20 --seed 1 --out "$file" 2>>"$LOGS/gen_corpus.log"
    fi
    echo "$file"
}

# The daily batch: 5 000 articles on 2026-11-21, the day after the 1M span, about the same
# 3 000 companies. gen_corpus.py draws the made-up tickers beyond the 514 real companies
# from its seed, so another seed would bring ~1 000 companies the store has never seen;
# the batch is drawn with the 1M corpus's seed (same universe) and its ids ("b-1-<n>") and
# URLs are renamed ("day-1-<n>") so that none collides with the 1M corpus.
day_corpus() {
    local file=$BENCH_DIR/inbox-5k-2026-11-21.ndjson
    if [ ! -s "$file" ]; then
        say "generating $file (5000 articles, 3000 companies, 2026-11-21)"
        python3 benches/gen_corpus.py --articles 5000 --companies 3000 --days 1 \
            --end-date 2026-11-21 --seed 1 --out - 2>>"$LOGS/gen_corpus.log" \
            | sed -e 's/"id":"b-1-/"id":"day-1-/' -e 's/-b1-\([0-9]*\)"/-day1-\1"/' \
            > "$file.tmp"
        if grep -q '"id":"b-1-' "$file.tmp"; then die "day corpus ids were not renamed"; fi
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

# ------------------------------------------------------------------ timing
# timed LOG CMD...: runs CMD under /usr/bin/time; sets T_SECS (wall), T_KB (peak RSS) and
# T_CPU (user + system seconds); dies on failure.
timed() {
    local log=$1; shift
    local tf=$BENCH_DIR/.time
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$log" 2>&1; then
        tail -n 5 "$log" >&2
        die "failed (exit status above): $* (log: $log)"
    fi
    local u s
    read -r T_SECS T_KB u s < <(tail -n 1 "$tf")
    T_CPU=$(calc "$u + $s")
}
fmin() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
imax() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }
calc() { awk "BEGIN { printf \"%s\", $1 }"; }
mb() { calc "sprintf(\"%.0f\", $1 / 1024)"; }
charts_in() { find "$1" -path '*/charts/*.png' | wc -l; }

declare -A R   # results: R[name.key]

# tickertone NAME CORPUS: best-of-N fresh ingest, then report
tickertone_case() {
    local name=$1 file=$2 dir=$BENCH_DIR/tt-$1 i ing="" rep="" kb="" cpu_i="" cpu_r=""
    for ((i = 1; i <= N; i++)); do
        rm -rf "$dir"; mkdir -p "$dir"
        say "tickertone $name: ingest (run $i/$N)"
        timed "$LOGS/tt-$name-ingest.log" "$BIN" --data "$dir/data" --reports "$dir/reports" ingest "$file"
        ing=$(fmin "$ing" "$T_SECS"); kb=$(imax "$kb" "$T_KB"); cpu_i=$(fmin "$cpu_i" "$T_CPU")
        say "  ${T_SECS} s wall, ${T_CPU} s CPU, $(mb "$T_KB") MB; report"
        timed "$LOGS/tt-$name-report.log" "$BIN" --data "$dir/data" --reports "$dir/reports" report
        rep=$(fmin "$rep" "$T_SECS"); kb=$(imax "$kb" "$T_KB"); cpu_r=$(fmin "$cpu_r" "$T_CPU")
        say "  ${T_SECS} s wall, ${T_CPU} s CPU, $(mb "$T_KB") MB"
    done
    R[$name.ingest]=$ing; R[$name.report]=$rep; R[$name.kb]=$kb
    R[$name.total]=$(calc "sprintf(\"%.2f\", $ing + $rep)"); R[$name.cpu]=$(calc "$cpu_i + $cpu_r")
    R[$name.charts]=$(charts_in "$dir/reports")
}

# pandas NAME CORPUS: best-of-N reference script
pandas_case() {
    local name=$1 file=$2 out=$BENCH_DIR/py-$1 i t="" kb="" cpu=""
    for ((i = 1; i <= N; i++)); do
        rm -rf "$out"
        say "pandas reference $name (run $i/$N; takes minutes)"
        timed "$LOGS/py-$name.log" python3 benches/reference_pandas.py "$file" "$out" \
            --symbols data/symbols.csv --jobs "$PANDAS_JOBS"
        [ "$(fmin "$t" "$T_SECS")" = "$t" ] || R[$name.pydetail]=$(tail -n 1 "$LOGS/py-$name.log" | sed -n 's/.*; \(read .*\)$/\1/p')
        t=$(fmin "$t" "$T_SECS"); kb=$(imax "$kb" "$T_KB"); cpu=$(fmin "$cpu" "$T_CPU")
        say "  ${T_SECS} s wall, ${T_CPU} s CPU, $(mb "$T_KB") MB: $(tail -n 1 "$LOGS/py-$name.log")"
    done
    R[$name.py]=$t; R[$name.pykb]=$kb; R[$name.pycpu]=$cpu; R[$name.pycharts]=$(charts_in "$out")
    R[$name.speedup]=$(calc "sprintf(\"%.1f\", $t / ${R[$name.total]})")
}

# incremental: `run` on the 1M store with a day's inbox of 5 000 articles
incremental_case() {
    local base=$BENCH_DIR/tt-1m dir=$BENCH_DIR/tt-inc file i t="" kb=""
    file=$(day_corpus)
    for ((i = 1; i <= N; i++)); do
        rm -rf "$dir"; cp -a "$base" "$dir"
        mkdir -p "$dir/data/inbox"; cp "$file" "$dir/data/inbox/"
        say "tickertone run on the 1M store + 5 000-article inbox (run $i/$N)"
        timed "$LOGS/tt-inc-run.log" "$BIN" --data "$dir/data" --reports "$dir/reports" run
        t=$(fmin "$t" "$T_SECS"); kb=$(imax "$kb" "$T_KB")
        say "  ${T_SECS} s wall, ${T_CPU} s CPU, $(mb "$T_KB") MB"
    done
    R[inc.run]=$t; R[inc.kb]=$kb
    R[inc.charts]=$(find "$dir/reports/2026-11-21/charts" -name '*.png' | wc -l)
    R[inc.summary]=$(grep -E '^(Read|Report)' "$LOGS/tt-inc-run.log" | tr '\n' ' ')
}

# ------------------------------------------------------------------ runs
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
C10K=$(corpus 10k 10000 200)
C100K=$(corpus 100k 100000 200)
[ "$QUICK" = 1 ] || C1M=$(corpus 1m 1000000 3000)

tickertone_case 10k "$C10K"
tickertone_case 100k "$C100K"
if [ "$QUICK" != 1 ]; then
    tickertone_case 1m "$C1M"
    incremental_case
fi
if [ "$SKIP_PANDAS" != 1 ]; then
    pandas_case 10k "$C10K"
    pandas_case 100k "$C100K"
    if [ "$QUICK" != 1 ] && [ "${BENCH_PANDAS_1M:-0}" = 1 ]; then pandas_case 1m "$C1M"; fi
fi
ELAPSED=$(( $(date +%s) - START ))
LOAD_AFTER=$(cut -d" " -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ table
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi
[ -z "${TICKERTONE_BIN:-}" ] || COMMIT="binary $BIN ($("$BIN" --version 2>/dev/null || echo unknown version))"
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

echo "### tickertone benchmark"
echo
echo "$(nproc) cores ($CPU), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); tickertone $COMMIT (release binary of $(date -r "$BIN" '+%Y-%m-%d %H:%M')); $PY_VERSIONS."
echo "Best of N=$N; times are wall seconds, memory the peak RSS (/usr/bin/time); load average before: $LOAD_BEFORE, after: $LOAD_AFTER (2 = both cores busy); benchmark took ${ELAPSED} s."
echo "Corpora: benches/gen_corpus.py, 365 days to 2026-11-20, seed 1. Reports: the default window (90 days to the last date); pandas = benches/reference_pandas.py, --jobs $PANDAS_JOBS."
echo
echo "| measurement | articles | companies | charts | ingest s | report s | total s | peak RSS MB | pandas s | pandas peak RSS MB | speed-up |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { # name label articles companies
    local n=$1 py="–" pykb="–" sp="–" charts=${R[$1.charts]}
    if [ -n "${R[$n.py]:-}" ]; then
        py=${R[$n.py]}; pykb=$(mb "${R[$n.pykb]}"); sp="**${R[$n.speedup]}×**"
        [ "${R[$n.pycharts]}" = "$charts" ] || charts="$charts (pandas ${R[$n.pycharts]})"
    fi
    echo "| $2 | $3 | $4 | $charts | ${R[$n.ingest]} | ${R[$n.report]} | ${R[$n.total]} | $(mb "${R[$n.kb]}") | $py | $pykb | $sp |"
}
row 10k "ingest + report, 10k" "10 000" 200
row 100k "ingest + report, 100k" "100 000" 200
if [ "$QUICK" != 1 ]; then
    row 1m "ingest + report, 1M" "1 000 000" 3000
    echo "| incremental \`run\`: 5 000-article inbox on the 1M store | 5 000 new | 3000 | ${R[inc.charts]} | – | – | ${R[inc.run]} | $(mb "${R[inc.kb]}") | – | – | – |"
fi
echo
echo "- Cost per 1 000 articles (ingest / report, ms): 10k $(calc "sprintf(\"%.1f / %.1f\", ${R[10k.ingest]} * 100, ${R[10k.report]} * 100)"), 100k $(calc "sprintf(\"%.1f / %.1f\", ${R[100k.ingest]} * 10, ${R[100k.report]} * 10)")$(
    [ "$QUICK" = 1 ] || echo ", 1M $(calc "sprintf(\"%.1f / %.1f\", ${R[1m.ingest]}, ${R[1m.report]})")")."
cpu_line="- CPU seconds (user + system, lowest of the runs), tickertone ingest + report / pandas:"
for n in 10k 100k 1m; do
    [ -z "${R[$n.cpu]:-}" ] || cpu_line="$cpu_line $n ${R[$n.cpu]} / ${R[$n.pycpu]:-–};"
done
echo "${cpu_line%;}. On a busy machine these move less than wall times."
for n in 10k 100k 1m; do
    [ -z "${R[$n.pydetail]:-}" ] || echo "- pandas $n (its best run), inside the script: ${R[$n.pydetail]} (the rest: interpreter and imports)."
done
[ "$QUICK" = 1 ] || echo "- Incremental run: ${R[inc.summary]}"
echo
echo "Targets:"
check() { # condition-awk-expression text
    if awk "BEGIN { exit !($1) }"; then echo "- ✓ $2"; else echo "- ✗ $2"; fi
}
[ "$SKIP_PANDAS" = 1 ] || check "${R[100k.speedup]} >= 30" "100k articles / 200 companies: ingest + report at least 30× faster than pandas + matplotlib: ${R[100k.total]} s vs ${R[100k.py]} s = ${R[100k.speedup]}×"
if [ "$QUICK" = 1 ]; then
    echo "- – 1M targets and the incremental run: not run (--quick)"
else
    peak=$(imax "${R[1m.kb]}" 0)
    check "${R[1m.ingest]} <= 40" "1M articles / 3 000 companies: ingest ≤ 40 s: ${R[1m.ingest]} s"
    check "${R[1m.report]} <= 20" "1M articles / 3 000 companies: report ≤ 20 s: ${R[1m.report]} s"
    check "$peak <= 1048576" "1M articles: peak memory ≤ 1 GiB: $(mb "$peak") MB (ingest and report, peak RSS)"
    ri=$(calc "sprintf(\"%.1f\", ${R[1m.ingest]} / ${R[100k.ingest]})")
    rr=$(calc "sprintf(\"%.1f\", ${R[1m.report]} / ${R[100k.report]})")
    cr=$(calc "sprintf(\"%.1f\", ${R[1m.charts]} / ${R[100k.charts]})")
    check "$ri <= 15" "linear ingest: 10× the articles (100k → 1M) costs ${ri}× the time (bound 15×: 10× plus 50%)"
    check "$rr <= 1.5 * ($cr > 10 ? $cr : 10)" "linear report: 10× the articles and ${cr}× the charts (100k → 1M) cost ${rr}× the time (bound 1.5 × the larger of the two)"
    check "${R[inc.run]} <= 5" "incremental: \`run\` on a 5 000-article inbox with 1M articles recorded ≤ 5 s: ${R[inc.run]} s"
fi
