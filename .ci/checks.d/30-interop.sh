# Schema safety: `buf lint`, then `buf breaking` of proto/ against every version
# of proto/ in the history (the previous commit's included), so that a
# submission of several commits, or a merge, cannot hide a break behind a later
# commit. Rules and the reason for each choice: buf.yaml.
# Sourced by .ci/run; the subshell keeps its `exit` and options to itself.
(
  set -euo pipefail
  buf=.ci/node/node_modules/.bin/buf
  if [ ! -x "$buf" ]; then
    echo "buf: not installed at $buf; run: npm ci --prefix .ci/node" >&2
    exit 1
  fi
  "$buf" lint
  echo "buf lint: clean"

  if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    # A shallow clone hides earlier schemas: deepen it, or fail. Never pass blind.
    # (`git fetch` with no remote exits 0 having fetched nothing: ask again.)
    git fetch --quiet --unshallow || true
    if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
      echo "buf breaking: this clone is shallow and could not be deepened, so the" >&2
      echo "earlier schemas cannot be compared; clone with full history" >&2
      exit 1
    fi
  fi

  compared=0
  seen=" "
  for commit in $(git rev-parse -q --verify HEAD~1 || true) $(git rev-list HEAD -- proto/); do
    tree=$(git rev-parse -q --verify "$commit:proto" || true)
    # A commit that removed proto/ has no schema to compare; one already seen adds nothing.
    if [ -z "$tree" ] || [ "${seen#* "$tree" }" != "$seen" ]; then
      continue
    fi
    seen="$seen$tree "
    "$buf" breaking proto --against ".git#ref=$commit,subdir=proto"
    compared=$((compared + 1))
  done
  if [ "$compared" -eq 0 ]; then
    echo "buf breaking: no commit holds proto/ yet: nothing to compare"
  else
    echo "buf breaking: proto/ is compatible with all $compared version(s) of it in the history"
  fi
)
