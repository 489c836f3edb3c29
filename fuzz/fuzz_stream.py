"""Fuzz target: the stream readers (binary frames and NDJSON) on any bytes.

Run through ``python fuzz/run.py stream``; libFuzzer flags work here too.
"""

import sys

import atheris

with atheris.instrument_imports():
    from stream_oracle import check_stream_input

    import imagegen_wire  # noqa: F401 - instrumented for coverage before the oracle imports it

if __name__ == "__main__":
    atheris.Setup(sys.argv, check_stream_input)
    atheris.Fuzz()
