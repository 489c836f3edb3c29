# The lowest supported protobuf runtime: a fresh venv with exactly the floor of
# `protobuf>=` in pyproject.toml, the package installed as a wheel (imagegen/ in
# site-packages, as users get it), then the import and the whole test suite
# with warnings as errors. The main run (.ci/run) is the other end of the
# range: the newest protobuf pip finds. docs/interop.md, "Supported protobuf runtimes".
# Sourced by .ci/run; the subshell keeps its `exit` and options to itself.
(
  set -euo pipefail
  lowest=$(sed -n 's/^  "protobuf>=\([0-9.]*\),<[0-9.]*",$/\1/p' pyproject.toml)
  if [ -z "$lowest" ]; then
    echo "protobuf lowest: no '\"protobuf>=X,<Y\",' line in pyproject.toml" >&2
    exit 1
  fi
  venv="$(mktemp -d)/venv-protobuf-$lowest"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet ".[test]" "protobuf==$lowest"
  "$venv/bin/python" -W error - "$lowest" <<'PY'
import sys
from importlib.metadata import version
import imagegen_wire
from imagegen.v1 import image_generation_call_pb2

assert version("protobuf") == sys.argv[1], version("protobuf")
assert "site-packages" in image_generation_call_pb2.__file__, image_generation_call_pb2.__file__
print(f"protobuf {version('protobuf')}: imports without a warning from {imagegen_wire.include_dir()}")
PY
  # tests/ only: the package here is the installed wheel, so src/'s docstring
  # examples (collected by the main run) would be a second copy of each module.
  "$venv/bin/python" -W error -m pytest -p no:cacheprovider -q tests
  rm -rf "$(dirname "$venv")"
  echo "protobuf $lowest: the test suite passed with warnings as errors"
)
