#!/usr/bin/env bash
# Times the release binary on corpora generated from the project's example texts:
# one large plain-text file (linted block by block, with one and two threads), many
# article-sized files, and a single article with start-up.
#
#   scripts/bench.sh [--quick] [--big-mb N] [--files N] [--runs N] [--single-runs N]
#
#   --quick           a small corpus (6 MB file, above the 4 MiB block-wise threshold; 500
#                     files; 10 single runs): well under a minute
#   --big-mb N        size of the large file in MB (default 100; 0 leaves it out)
#   --files N         number of ~5 KB article files (default 20000; 0 leaves them out)
#   --runs N          timed runs of each large case; the median is shown (default 1)
#   --single-runs N   runs of the single article (default 100)
#
# The same settings can be given as BENCH_BIG_MB, BENCH_FILES, BENCH_RUNS and
# BENCH_SINGLE_RUNS. Every run is `mtlint check --format json > /dev/null`; `--threads` is
# passed only when the binary has that option. Peak RSS comes from /usr/bin/time -v (Debian
# package `time`) when it is there; the single article is timed with hyperfine when it is
# installed, otherwise by a Python loop. The machine's load shows in the figures: compare
# figures taken in one run of the script.
set -euo pipefail
cd "$(dirname "$0")/.."

big_mb=${BENCH_BIG_MB:-100}
files=${BENCH_FILES:-20000}
runs=${BENCH_RUNS:-1}
single_runs=${BENCH_SINGLE_RUNS:-100}

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
while (($#)); do
  case $1 in
    --quick) big_mb=6 files=500 single_runs=10 ;;
    --big-mb) big_mb=$2; shift ;;
    --files) files=$2; shift ;;
    --runs) runs=$2; shift ;;
    --single-runs) single_runs=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

echo "== building the release binary" >&2
cargo build --release --quiet
bin=$PWD/target/release/mtlint

work=$(mktemp -d "${TMPDIR:-/tmp}/mtlint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== generating the corpus ($big_mb MB file, $files files) in $work" >&2
declare -A corpus
while IFS='=' read -r key value; do
  corpus[$key]=$value
done < <(python3 scripts/bench.py corpus "$work" --big-bytes $((big_mb * 1000000)) --files "$files")
python3 scripts/bench.py article > "$work/article.txt"

if "$bin" check --help | grep -q -- '--threads'; then
  has_threads=1
else
  has_threads=0
  echo "note: this build has no --threads option; each case runs with the binary's default" >&2
fi
time_bin=""
if [[ -x /usr/bin/time ]]; then
  time_bin=/usr/bin/time
else
  echo "note: /usr/bin/time not found (apt-get install time): no peak RSS" >&2
fi

# One line a timed run: corpus label, threads, seconds, bytes, articles, peak RSS in KiB.
results=$work/results.tsv
: > "$results"

# run_case LABEL THREADS BYTES ARTICLES PATH: times `check --format json` on PATH.
run_case() {
  local label=$1 threads=$2 bytes=$3 articles=$4 path=$5
  local args=(check --format json)
  if [[ $threads != - ]]; then
    args+=(--threads "$threads")
  fi
  echo "== $label, threads $threads" >&2
  local i start end rc rss
  for ((i = 0; i < runs; i++)); do
    rc=0
    start=$(date +%s%N)
    if [[ -n $time_bin ]]; then
      "$time_bin" -v -o "$work/time.log" "$bin" "${args[@]}" "$path" > /dev/null 2> "$work/stderr" || rc=$?
    else
      "$bin" "${args[@]}" "$path" > /dev/null 2> "$work/stderr" || rc=$?
    fi
    end=$(date +%s%N)
    if ((rc > 1)); then
      echo "bench.sh: mtlint exited with status $rc on $label" >&2
      cat "$work/stderr" >&2
      exit 1
    fi
    rss=-
    if [[ -n $time_bin ]]; then
      rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.log")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$threads" \
      "$(((end - start) / 1000))e-6" "$bytes" "$articles" "$rss" >> "$results"
  done
}

megabytes() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1e6 }'; }

# One case with one and two threads, or once with the binary's default.
run_cases() {
  if ((has_threads)); then
    run_case "$1" 1 "$2" "$3" "$4"
    run_case "$1" 2 "$2" "$3" "$4"
  else
    run_case "$1" - "$2" "$3" "$4"
  fi
}

if ((big_mb > 0)); then
  run_cases "one file, $(megabytes "${corpus[big_bytes]}") MB (${corpus[big_articles]} articles)" \
    "${corpus[big_bytes]}" "${corpus[big_articles]}" "$work/big.txt"
fi
if ((files > 0)); then
  run_cases "$files files, $(megabytes "${corpus[files_bytes]}") MB" \
    "${corpus[files_bytes]}" "$files" "$work/files"
fi

echo "== one article, $single_runs runs" >&2
article_bytes=$(wc -c < "$work/article.txt")
single_json=$work/single.json
if command -v hyperfine > /dev/null; then
  # --ignore-failure: finding something is exit status 1. Its warning about that is dropped.
  if ! hyperfine --shell=none --ignore-failure --style none --warmup 3 --runs "$single_runs" \
    --export-json "$single_json" "$bin check --format json $work/article.txt" \
    > /dev/null 2> "$work/hyperfine.log"; then
    cat "$work/hyperfine.log" >&2
    exit 1
  fi
  single_tool=hyperfine
else
  python3 - "$bin" "$work/article.txt" "$single_runs" "$single_json" << 'EOF'
import json, subprocess, sys, time
binary, path, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
times = []
for i in range(runs + 3):
    start = time.perf_counter()
    subprocess.run([binary, "check", "--format", "json", path], stdout=subprocess.DEVNULL)
    if i >= 3:
        times.append(time.perf_counter() - start)
json.dump({"results": [{"times": times}]}, open(out, "w"))
EOF
  single_tool="a Python loop"
fi

python3 - "$results" "$single_json" "$article_bytes" "$single_runs" "$single_tool" << 'EOF'
import json, statistics, sys
results, single, article_bytes, single_runs, tool = sys.argv[1:6]
rows = {}
for line in open(results, encoding="utf-8"):
    label, threads, seconds, size, articles, rss = line.rstrip("\n").split("\t")
    row = rows.setdefault((label, threads), {"times": [], "rss": [], "bytes": int(size), "articles": int(articles)})
    row["times"].append(float(seconds))
    if rss != "-":
        row["rss"].append(int(rss))
width = max([len("corpus")] + [len(label) for label, _ in rows])
print()
print(f"{'corpus':<{width}}  threads  seconds    MB/s  articles/s  peak RSS MB")
for (label, threads), row in rows.items():
    seconds = statistics.median(row["times"])
    rss = f"{max(row['rss']) * 1024 / 1e6:11.1f}" if row["rss"] else f"{'-':>11}"
    print(f"{label:<{width}}  {threads:>7}  {seconds:7.2f}  {row['bytes'] / seconds / 1e6:6.2f}"
          f"  {row['articles'] / seconds:10.1f}  {rss}")
if any(threads == "-" for _, threads in rows):
    print("(threads -: the binary has no --threads option and ran with its default)")
times = json.load(open(single))["results"][0]["times"]
print(f"\none {int(article_bytes) / 1000:.1f} KB article, start-up included: median "
      f"{statistics.median(times) * 1e3:.1f} ms over {single_runs} runs ({tool})")
EOF
