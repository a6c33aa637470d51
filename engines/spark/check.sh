#!/usr/bin/env bash
# The Spark job must write the CSVs tickertone writes. On a generated store (3,000
# synthetic articles, 40 companies, 60 days, plus the hand-written edge cases of
# edges.ndjson, an interrupted compaction and an interrupted migration from the flat
# layout), for UTC and for New York trading days,
# run `tickertone report --format csv` and engines/spark/aggregate.py in local mode, and
# fail unless compare.py finds the same rows, text and numbers (to 1e-9).
#
# Needs python3 with pyspark and a Java runtime (.ci/run installs them), and the debug
# binary (built here when missing). TICKERTONE_BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${TICKERTONE_BIN:-${CARGO_TARGET_DIR:-target}/debug/tickertone}
[ -x "$BIN" ] || cargo build --locked --quiet
FROM=2026-10-01
TO=2026-11-20

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data
mkdir -p "$DATA"

# The data folder's own symbol table: the built-in one, a company whose name needs CSV
# quoting (a comma, quotes; the edge cases give it the same score every day: σ = 0), and
# one whose name begins like a spreadsheet formula (both write it with a `'` in front).
{
    cat data/symbols.csv
    echo '"Flat ""Co"", Inc.",FLT;FLT-B,Flat Co'
    echo '"=SUM(1+1) Formula Co",FRML,Formula Co'
} >"$DATA/symbols.csv"
python3 benches/gen_corpus.py --articles 3000 --companies 40 --days 60 --end-date "$TO" \
    --seed 7 --out "$WORK/corpus.ndjson" 2>/dev/null
MENTIONS=$DATA/store/mentions
"$BIN" --data "$DATA" -q ingest "$WORK/corpus.ndjson"
CORPUS=$(cd "$MENTIONS" && ls month=*/part-*.parquet)
"$BIN" --data "$DATA" -q ingest engines/spark/edges.ndjson
EDGES=$(cd "$MENTIONS" && ls month=*/part-*.parquet | grep -vxF "$CORPUS")
LATEST=$(echo "$CORPUS" | tail -1)  # the corpus's file of its last month
FIRST_EDGES=$(echo "$EDGES" | head -1)

# What readers must skip: a hidden file; the source of a compaction that crashed after
# its commit point (the journal in the month folder names it, its merged target exists);
# and the target of a migration from the flat layout that crashed before its commit
# point (readers read its flat source, a copy of the corpus's last month, instead).
cp "$MENTIONS/$LATEST" "$(dirname "$MENTIONS/$LATEST")/.part-hidden.parquet"
EDGES_DIR=$(dirname "$MENTIONS/$FIRST_EDGES")
cp "$MENTIONS/$FIRST_EDGES" "$EDGES_DIR/part-merged.parquet"
printf '{"target":"part-merged.parquet","sources":["%s"]}' "$(basename "$FIRST_EDGES")" \
    >"$EDGES_DIR/.compaction.json"
cp "$MENTIONS/$LATEST" "$MENTIONS/part-unmoved.parquet"
printf '{"committed":false,"sources":["part-unmoved.parquet"],"targets":["%s"]}' "$LATEST" \
    >"$MENTIONS/.migration.json"

# spark-submit from PATH, else the one inside the pyspark package.
SUBMIT=$(command -v spark-submit ||
    echo "$(python3 -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')/bin/spark-submit")
SPARK=("$SUBMIT" --master 'local[2]' --conf spark.ui.enabled=false
    --conf spark.sql.shuffle.partitions=4)
export PYSPARK_PYTHON=${PYSPARK_PYTHON:-python3}
export SPARK_LOCAL_IP=127.0.0.1 # local mode: listen on loopback only

report() { # name, then the dating options: tickertone's CSVs
    local name=$1
    shift
    "$BIN" --data "$DATA" --reports "$WORK/tickertone-$name" "$@" -q \
        report --from "$FROM" --to "$TO" --format csv
}

spark() { # name, then the dating options: the job's CSVs, compared with tickertone's
    local name=$1
    shift
    local start=$SECONDS
    "${SPARK[@]}" engines/spark/aggregate.py --data "$DATA" --from "$FROM" --to "$TO" \
        --out "$WORK/spark-$name" "$@" >"$WORK/spark-$name.log" 2>&1 ||
        { tail -40 "$WORK/spark-$name.log"; return 1; }
    echo "spark ($name): $((SECONDS - start)) s"
    python3 engines/spark/compare.py "$WORK/tickertone-$name/$TO" "$WORK/spark-$name"
}

NEW_YORK=(--tz America/New_York --session-close 16:00)
report utc
report new-york "${NEW_YORK[@]}"
# A month outside the window holds a file that is not Parquet: neither reads it.
mkdir -p "$MENTIONS/month=2025-01"
echo "not Parquet" >"$MENTIONS/month=2025-01/part-0.parquet"
report utc-pruned
cmp "$WORK/tickertone-utc/$TO/daily.csv" "$WORK/tickertone-utc-pruned/$TO/daily.csv"
spark utc
spark new-york "${NEW_YORK[@]}"
# Every mention counted, as before `about` existed: the same rows again.
report all-mentions --all-mentions
spark all-mentions --all-mentions
