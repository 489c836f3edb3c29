# Peers from npm, at the exact versions their lockfiles pin (npm ci):
# - .ci/node:   @bufbuild/buf, for the schema checks in .ci/checks.d/30-interop.sh;
# - interop/es: @bufbuild/protobuf and @bufbuild/protoc-gen-es, the ECMAScript
#               peer of tests/test_interop_es.py;
# - interop/openrouter-sdk: @openrouter/sdk (the seed's own SDK) and its zod,
#               the peer of tests/test_interop_openrouter_sdk.py. Its install
#               script (a TypeScript version check) is not needed and not run.
# The Python peers (grpcio-tools, grpcio, jsonschema, openrouter, openai) are in
# the `test` extra; apache-beam has a venv of its own (40-beam.sh).
# Sourced by .ci/run from the repo root; node and npm come with the machine.
npm ci --prefix .ci/node --no-audit --no-fund --loglevel=error
npm ci --prefix interop/es --no-audit --no-fund --loglevel=error
npm ci --prefix interop/openrouter-sdk --no-audit --no-fund --loglevel=error --ignore-scripts
