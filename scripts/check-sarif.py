#!/usr/bin/env python3
"""Validate mtlint's SARIF output against the official SARIF 2.1.0 schema.

  python3 scripts/check-sarif.py MTLINT_BINARY SCHEMA [FILES...]

Runs `MTLINT check --format sarif` on the files (default: the test fixtures), validates the log
with the `jsonschema` package, and checks that every result points at a rule of the run.
Exit status 1 when the log is invalid.
"""
import glob, json, os, subprocess, sys

import jsonschema


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    binary, schema_path, *files = argv
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not files:
        files = sorted(glob.glob(os.path.join(root, "tests/cmd/fixtures/*.txt")))
        files += sorted(glob.glob(os.path.join(root, "examples/*.txt")))
    run = subprocess.run([binary, "check", "--format", "sarif", *files], capture_output=True)
    if run.returncode not in (0, 1, 2):
        print(f"check-sarif: mtlint exited {run.returncode}: {run.stderr.decode()}")
        return 1
    log = json.loads(run.stdout)
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for error in errors[:20]:
        print(f"check-sarif: {'/'.join(map(str, error.path))}: {error.message}")
    run_ = log["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    results = run_["results"]
    orphans = [r["ruleId"] for r in results if rule_ids[r.get("ruleIndex", -1)] != r["ruleId"]]
    for rule in orphans:
        print(f"check-sarif: result of {rule} does not point at its rule")
    with_fixes = sum(1 for r in results if r.get("fixes"))
    print(f"check-sarif: {len(results)} results ({with_fixes} with fixes) from {len(files)} files, "
          f"{len(rule_ids)} rules: " + ("valid SARIF 2.1.0" if not errors and not orphans else "INVALID"))
    return 1 if errors or orphans or not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
