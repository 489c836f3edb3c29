"""Fuzz target: ``ImageGenerationCall.from_bytes`` on any bytes.

Run through ``python fuzz/run.py bytes``; libFuzzer flags work here too.
"""

import sys

import atheris

with atheris.instrument_imports():
    from oracle import check_bytes_input

    import imagegen_wire  # noqa: F401 - instrumented for coverage before the oracle imports it

if __name__ == "__main__":
    atheris.Setup(sys.argv, check_bytes_input)
    atheris.Fuzz()
