# The build works on every Python the package claims: the build requirements
# (pyproject.toml [build-system] requires: grpcio-tools, hatchling) must install
# from wheels on each CPython from requires-python's floor to the newest
# release, with no compiler. Only the newest release at the time of writing is
# known here: add each new CPython to the list when it ships.
# Sourced by .ci/run; the subshell keeps its `exit` and options to itself.
(
  set -euo pipefail
  # [build-system] requires = ["a", "b"], one line; read without tomllib (Python 3.11+).
  mapfile -t requires < <(python -c '
import ast, re
line = re.search(r"^requires = (\[.*\])$", open("pyproject.toml").read(), re.M).group(1)
print(*ast.literal_eval(line), sep="\n")')
  if [ "${#requires[@]}" -lt 2 ]; then
    echo "build wheels: no one-line 'requires = [...]' in pyproject.toml" >&2
    exit 1
  fi
  out=$(mktemp -d)
  for py in 3.10 3.11 3.12 3.13 3.14; do
    python -m pip download --quiet --only-binary=:all: --python-version "$py" \
      --platform manylinux2014_x86_64 --implementation cp -d "$out/$py" "${requires[@]}"
    echo "build requirements for CPython $py: $(cd "$out/$py" && ls grpcio_tools-*.whl)"
  done
  rm -rf "$out"
)
