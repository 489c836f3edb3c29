# Benchmarks, smoke only: the harness still runs end to end (every contender's
# round trip is checked before it is timed), so it cannot rot between the runs
# that produce benchmarks/results/. Speed is never asserted: the goals report
# is printed, not enforced. The results go to a temporary folder, not the repo.
# Sourced by .ci/run; the subshell keeps its `exit` and options to itself.
(
  set -euo pipefail
  python -m pip install --quiet -e ".[bench]"
  out=$(mktemp -d)
  python benchmarks/run.py --quick --out "$out"
  test -s "$out/results.json" && test -s "$out/results.png"
  # Each checks its alternatives against the library before timing them.
  python benchmarks/decisions.py --quick > /dev/null
  # The streams as users run them (N, the command line, L, memory): each way checked first.
  python benchmarks/stream.py --quick
  rm -rf "$out"
  echo "benchmarks: the harness ran end to end"
)
