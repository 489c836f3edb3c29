"""Fuzz target: ``ImageGenerationCall.from_json``, both modes, str and bytes input.

Run through ``python fuzz/run.py json`` (seeds, dictionary, counts); any
libFuzzer flag works here too: ``python fuzz/fuzz_json.py -runs=1000 CORPUS``.
"""

import sys

import atheris

with atheris.instrument_imports():
    from oracle import check_json_input

    import imagegen_wire  # noqa: F401 - instrumented for coverage before the oracle imports it

if __name__ == "__main__":
    atheris.Setup(sys.argv, check_json_input)
    atheris.Fuzz()
