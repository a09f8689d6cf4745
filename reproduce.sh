#!/usr/bin/env bash
# The main job: build if needed, run a suite (default suites/quick.yaml: every installed method on the bundled
# real datasets, CPU, offline), write the leaderboards and say where they are.
#   ./reproduce.sh                 the quick suite
#   ./reproduce.sh SUITE.yaml      another suite (fails early if its datasets or a GPU are missing)
# Runs already recorded as successful are skipped; add XMC_FORCE=1 to redo them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
SUITE="${1:-suites/quick.yaml}"
[ -f "$SUITE" ] || { echo "reproduce.sh: no suite file '$SUITE'" >&2; exit 2; }
./xmc datasets verify debian-tags debian-tags-mini LF-debian-deps
status=0
./xmc run --suite "$SUITE" --out results ${XMC_FORCE:+--force} || status=$?
./xmc report --results results
if [ "$status" -ne 0 ]; then
  echo "reproduce.sh: some runs failed (recorded in their run.json; see the leaderboard)" >&2
fi
echo "leaderboards: $ROOT/results/leaderboard.md, leaderboard.csv, leaderboard.html"
exit "$status"
