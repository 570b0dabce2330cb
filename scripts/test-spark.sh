#!/usr/bin/env bash
# End-to-end test of `mtlint batch` on Apache Spark: installs PySpark from PyPI (and a Java
# runtime) when missing, builds the release binary, and runs scripts/spark_batch.py, which
# pipes 10,000 generated records through `mtlint batch` with RDD.pipe on a local Spark and
# checks each record's findings against `mtlint check` on the same texts as files.
#
#   scripts/test-spark.sh                       # build target/release/mtlint and run
#   MTLINT=path scripts/test-spark.sh --records 2000   # a given binary; options go to the script
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  apt-get update -q && apt-get install -y -q default-jre-headless
fi
# PySpark 3.5 runs on Java 8, 11 and 17.
if ! python3 -c "import pyspark" 2>/dev/null; then
  python3 -m pip install --quiet pyspark==3.5.5
fi

if [[ -z "${MTLINT:-}" ]]; then
  cargo build --release --quiet
  MTLINT=target/release/mtlint
fi

python3 scripts/spark_batch.py --mtlint "$MTLINT" "$@"
