# Peers from npm, at the exact versions their lockfiles pin (npm ci):
# - .ci/node:   @bufbuild/buf, for the schema checks in .ci/checks.d/30-interop.sh;
# - interop/es: @bufbuild/protobuf and @bufbuild/protoc-gen-es, the ECMAScript
#               peer of tests/test_interop_es.py.
# The Python peers (grpcio-tools, jsonschema, openrouter) are in the `test` extra.
# Sourced by .ci/run from the repo root; node and npm come with the machine.
npm ci --prefix .ci/node --no-audit --no-fund --loglevel=error
npm ci --prefix interop/es --no-audit --no-fund --loglevel=error
