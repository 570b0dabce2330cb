#!/usr/bin/env python3
"""Run `mtlint batch` under PySpark and check it against `mtlint check`.

Generates articles from sentences written for this test (some with the glitches mtlint looks
for) in plain text, Markdown and HTML; pipes them as JSON Lines records through
`mtlint batch` with `RDD.pipe` on a local Spark; and checks that every id comes back exactly
once, with the findings that `mtlint check --format json` gives for the same texts written as
files (the `path` fields aside, which name the record or the file).

    python3 scripts/spark_batch.py --mtlint target/release/mtlint --records 10000
"""

import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SENTENCES = [
    "The council approved the new timetable on Tuesday evening.",
    "Ferry crossings will run every 40 minutes from the spring.",
    "Traders at the fish market said the the rent had doubled.",
    "The harbour master could of closed the quay earlier, residents said.",
    "Work on the second bridge finished four weeks ahead of schedule. Ferries In a city "
    "that lives on the water, the news was welcome.",
    "Officials said the last crossings would be Announced next week.",
    "the report was published without a summary.",
    "Engineers described the piers as [travaux achevés sans retard, selon la direction] "
    "in a note.",
    "Mayor Ingrid Solvang opened the market. Later, Ingrid Solwang thanked the traders.",
    "The café by the station reopened after the flood.",
    "The cafÃ© by the station reopened after the flood.",
    "A spokesman said the plan was \u201con track.\u201d",
    "A spokesman said the plan was \u201don track.\u201c",
    "The budget rose by 4 % , the treasurer said .",
    "Volunteers planted 300 trees along the\u200b river path.",
    "TKTK add the quote from the ferry operator.",
    "Lifelong coffee scholar. Friendly travel evangelist. Award-winning web fanatic.",
    "Read also: how the old tram depot became a library",
    "The library extends its opening hours from Monday.",
    "Rain delayed the regatta, but the crowds stayed until the last race.",
    "The night bus will stop at the hospital from next month.",
    "Fishermen said the catch had been the best in ten years.",
]

EXTENSIONS = {"txt": "txt", "md": "md", "html": "html"}


def generate(count, seed):
    """Records as (id, text, format); ids are numbers or strings."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        paragraphs = [
            " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 4))
        ]
        fmt = rng.choice(["txt", "md", "html"])
        suppress = rng.random() < 0.1
        if fmt == "md":
            text = f"# Story {i}\n\n"
            if suppress:
                text += "<!-- mtlint-disable-next-line core/doubled-word -->\n"
            text += "\n\n".join(paragraphs)
            text += "\n\nSee `the the` in [the notes](https://example.org/the-the).\n"
        elif fmt == "html":
            body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
            text = f"<html><body>\n<h1>Story {i}</h1>\n{body}\n</body></html>\n"
        else:
            text = "mtlint-disable-next-line core\n" if suppress else ""
            text += "\n\n".join(paragraphs) + "\n"
        record_id = i if i % 3 == 0 else f"story-{i}"
        records.append((record_id, text, fmt))
    return records


def without_paths(diagnostic):
    diagnostic = dict(diagnostic)
    diagnostic.pop("path", None)
    diagnostic["related"] = [
        {k: v for k, v in r.items() if k != "path"} for r in diagnostic.get("related") or []
    ]
    return diagnostic


def expected_findings(mtlint, records, workdir):
    """`mtlint check --format json` over the texts written as files, one list per record."""
    folder = Path(workdir) / "records"
    folder.mkdir()
    for i, (_, text, fmt) in enumerate(records):
        (folder / f"{i}.{EXTENSIONS[fmt]}").write_text(text, encoding="utf-8")
    start = time.monotonic()
    run = subprocess.run(
        [mtlint, "check", "--format", "json", "--isolated", str(folder)],
        capture_output=True,
        check=False,
    )
    elapsed = time.monotonic() - start
    if run.returncode not in (0, 1):
        sys.exit(f"spark-batch: mtlint check failed ({run.returncode}): {run.stderr.decode()}")
    expected = [[] for _ in records]
    for diagnostic in json.loads(run.stdout):
        index = int(Path(diagnostic["path"]).stem)
        expected[index].append(without_paths(diagnostic))
    return expected, elapsed


def run_spark(mtlint, records, master, partitions, threads):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("mtlint-batch")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        lines = [
            json.dumps({"id": record_id, "text": text, "format": fmt})
            for record_id, text, fmt in records
        ]
        # RDD.pipe starts the command with an empty environment: give it an absolute path.
        # checkCode fails the task on exit status 2 (a malformed record); --exit-zero keeps
        # findings from doing so.
        command = f"{shlex.quote(mtlint)} batch --isolated --exit-zero --threads {threads}"
        start = time.monotonic()
        output = (
            spark.sparkContext.parallelize(lines, partitions)
            .pipe(command, checkCode=True)
            .collect()
        )
        elapsed = time.monotonic() - start
    finally:
        spark.stop()
    return output, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mtlint", default="target/release/mtlint")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="mtlint batch --threads")
    args = parser.parse_args()
    mtlint = str(Path(args.mtlint).resolve())

    records = generate(args.records, args.seed)
    with tempfile.TemporaryDirectory() as workdir:
        expected, check_time = expected_findings(mtlint, records, workdir)
    output, spark_time = run_spark(mtlint, records, args.master, args.partitions, args.threads)

    problems = []
    by_id = {}
    for line in output:
        result = json.loads(line)
        key = json.dumps(result["id"])
        if "error" in result:
            problems.append(f"record {key}: {result['error']}")
        if key in by_id:
            problems.append(f"record {key} came back twice")
        by_id[key] = result
    findings = Counter()
    for i, (record_id, _, fmt) in enumerate(records):
        key = json.dumps(record_id)
        result = by_id.get(key)
        if result is None:
            problems.append(f"record {key} did not come back")
            continue
        path = record_id if isinstance(record_id, str) else json.dumps(record_id)
        diagnostics = result.get("diagnostics", [])
        if any(d["path"] != path for d in diagnostics):
            problems.append(f"record {key}: a diagnostic's path is not the id")
        got = [without_paths(d) for d in diagnostics]
        if got != expected[i]:
            problems.append(
                f"record {key} ({fmt}): batch found {len(got)}, check {len(expected[i])}"
            )
        findings.update(d["rule"] for d in got)
    if len(output) != len(records):
        problems.append(f"{len(records)} records in, {len(output)} lines out")

    for problem in problems[:20]:
        print(f"spark-batch: {problem}", file=sys.stderr)
    if problems:
        sys.exit(f"spark-batch: {len(problems)} problems")
    if sum(findings.values()) == 0:
        sys.exit("spark-batch: no findings at all; the generated records should have some")
    print(
        f"spark-batch: {len(records)} records, {sum(findings.values())} findings of "
        f"{len(findings)} rules, equal to `mtlint check` on the same texts as files"
    )
    print(
        f"spark-batch: RDD.pipe on {args.master}, {args.partitions} partitions, "
        f"mtlint batch --threads {args.threads}: {spark_time:.1f} s wall time "
        f"(mtlint check on the files: {check_time:.1f} s)"
    )


if __name__ == "__main__":
    main()
