# The README's test command on every CPython the package claims that this machine
# has: requires-python says >=3.10, and pyenv holds 3.10.13, 3.11, 3.12.1 and 3.13.0.
# A missing one fails the check, never skips it. The main run (.ci/run) is one of
# them: its version is not run twice. Each gets a fresh venv and an editable
# install of the test extra, then `pytest` from the repo root, doctests included.
#
# Every editable build writes the generated bindings into src/imagegen/v1/
# (build.py). The build's grpcio-tools is pinned by [build-system] requires and
# build.py refuses any other gencode, so every Python writes the same files; the
# check compares them before and after each install, and the runs go one at a time.
#
# atheris (the fuzz tests) ships wheels for 3.10 only up to 2.3.0: --only-binary
# takes that one there instead of building a newer one, which needs clang.
#
# CPython 3.14 is not on this machine (pyenv has no source for it here, apt's
# newest is older): .ci/checks.d/40-build-wheels.sh shows its build requirements
# install from wheels, and below its runtime dependencies do too.
# Sourced by .ci/run; the subshell keeps its `exit` and options to itself.
(
  set -euo pipefail
  versions="${PYENV_ROOT:-$HOME/.pyenv}/versions"
  main=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  digest() { cat src/imagegen/v1/* 2>/dev/null | sha256sum; }
  for wanted in 3.10.13 3.11 3.12.1 3.13.0; do
    # An exact version, or the newest patch release of a minor one.
    found=$(find "$versions" -mindepth 1 -maxdepth 1 \( -name "$wanted" -o -name "$wanted.*" \) \
      -printf '%f\n' | sort -V | tail -n 1)
    python_bin="$versions/$found/bin/python"
    if [ -z "$found" ] || [ ! -x "$python_bin" ]; then
      echo "every python: CPython $wanted is not under $versions; install it (pyenv install $wanted)" >&2
      exit 1
    fi
    minor=$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if [ "$minor" = "$main" ]; then
      echo "CPython $found: the main run's Python, its suite already passed"
      continue
    fi
    start=$SECONDS
    venv="$(mktemp -d)/venv-$found"
    "$python_bin" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    before=$(digest)
    "$venv/bin/python" -m pip install --quiet --only-binary atheris -e ".[test]"
    if [ "$(digest)" != "$before" ]; then
      echo "every python: CPython $found's build wrote other bindings into src/imagegen/v1/" >&2
      exit 1
    fi
    (
      export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
      pytest -q -p no:cacheprovider
    )
    rm -rf "$(dirname "$venv")"
    echo "CPython $found: the test suite passed ($((SECONDS - start)) s)"
  done
  # The runtime dependencies as the installed package declares them (no extras).
  mapfile -t runtime < <(python -c '
from importlib.metadata import requires
print(*(r for r in requires("imagegen-wire") if "extra ==" not in r), sep="\n")')
  out=$(mktemp -d)
  python -m pip download --quiet --only-binary=:all: --python-version 3.14 \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --implementation cp \
    -d "$out" "${runtime[@]}"
  echo "runtime dependencies for CPython 3.14: $(cd "$out" && ls | tr '\n' ' ')"
  rm -rf "$out"
)
