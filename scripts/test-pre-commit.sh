#!/usr/bin/env bash
# End-to-end test of the pre-commit hook: installs pre-commit from PyPI, makes a throwaway git
# repository that uses this repository (at its HEAD commit) as a hook source, and checks that
# a commit of an article with glitches is refused and a clean one accepted.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v pre-commit >/dev/null 2>&1; then
  python3 -m pip install --quiet pre-commit
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Keep the hook's Rust build out of the user's cache, and reuse it between runs in CI.
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
rev="$(git -C "$root" rev-parse HEAD)"

cd "$work"
git init --quiet repo
cd repo
git config user.email "desk@example.org"
git config user.name "News Desk"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: mtlint
YAML
git add .pre-commit-config.yaml
git commit --quiet -m "Add the pre-commit configuration" --no-verify
pre-commit install >/dev/null

cat > ferry.md <<'TEXT'
# Ferry timetable changes

The ferry will run every 40 minutes from Monday, the the operator said.
Officials said the new timetable could of started in spring.
TEXT
git add ferry.md
echo "== commit with glitches"
if git commit -m "Ferry story" 2>&1 | tee "$work/refused.log"; then
  echo "test-pre-commit: the commit with glitches was accepted" >&2
  exit 1
fi
grep -q "core/doubled-word" "$work/refused.log"
grep -q "core/wrong-form" "$work/refused.log"

cat > ferry.md <<'TEXT'
# Ferry timetable changes

The ferry will run every 40 minutes from Monday, the operator said.
Officials said the new timetable could have started in spring.
TEXT
git add ferry.md
echo "== clean commit"
git commit -m "Ferry story" 2>&1 | tee "$work/accepted.log"
[[ "$(git log -1 --format=%s)" == "Ferry story" ]]
echo "test-pre-commit: refused the article with glitches, accepted the clean one"
