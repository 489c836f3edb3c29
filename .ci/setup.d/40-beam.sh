# Apache Beam, for tests/test_beam_pipeline.py: a venv of its own at
# examples/beam/.venv (apache-beam pins protobuf<7; the test venv runs the newest
# protobuf), with the pinned release and this checkout, editable. The stamp
# file is what tests/peers.py's beam_python() checks before reusing the venv.
# Sourced by .ci/run from the repo root.
python3 -m venv --clear examples/beam/.venv
examples/beam/.venv/bin/python -m pip install --quiet -r examples/beam/requirements.txt -e .
cp examples/beam/requirements.txt examples/beam/.venv/requirements.installed
