#!/usr/bin/env bash
# Scores mtlint on the annotated corpora in ../shared: precision and recall on machine-translated
# articles, false positives per 10,000 words on well-edited ones. Exits 1 when the bar is missed.
#
#   scripts/eval.sh            # build the release binary, score, enforce the bar
#   MTLINT=path scripts/eval.sh  # score a given binary
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${MTLINT_SHARED:-../shared}"
if [[ ! -f "$shared/eval/score.py" || ! -d "$shared/corpus/dev" ]]; then
  echo "eval: $shared/eval/score.py or $shared/corpus not found; skipping the corpus evaluation"
  exit 0
fi

if [[ -z "${MTLINT:-}" ]]; then
  cargo build --release --quiet
  MTLINT=target/release/mtlint
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Exit status 1 only means findings; 2 is an error worth stopping for.
run() { "$MTLINT" check --format json "$@" || [[ $? -eq 1 ]]; }

run "$shared"/corpus/dev/*.txt >"$out/dev.json"
run "$shared"/corpus/clean/*.txt "$shared"/corpus/clean-news/*.txt >"$out/clean.json"

python3 "$shared/eval/score.py" "$shared/corpus/dev" "$out/dev.json" \
  --clean "$shared/corpus/clean,$shared/corpus/clean-news" "$out/clean.json" \
  --min-precision 0.90 --max-clean-per-10k 1 | tee "$out/score.txt"
status=${PIPESTATUS[0]}

# The bar also asks for recall of 0.70 in each of the categories the machine-translation
# packs target.
python3 - "$out/score.txt" <<'PY' || status=1
import re, sys
needed = ["stray-fragment", "capitalization", "boilerplate", "untranslated",
          "name-inconsistency", "misspelled-name"]
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(\S+)\s+(\d+)/(\d+)\s+(\d+)/(\d+)", line)
    if m:
        rows[m.group(1)] = int(m.group(2)) / max(int(m.group(3)), 1)
low = [f"{c} {rows.get(c, 0):.2f}" for c in needed if rows.get(c, 0) < 0.70]
if low:
    print("eval: recall below 0.70 in " + ", ".join(low))
    sys.exit(1)
PY
exit "$status"
