"""The package's public face, asserted (as httpx does)."""

from __future__ import annotations

import imagegen_wire


def test_public_face() -> None:
    assert set(imagegen_wire.__all__) == {
        "ABSENT", "Absent", "DecodeError", "ImageGenerationCall", "Status", "ValidationError",
        "DEFAULT_MAX_FRAME_SIZE", "DEFAULT_MAX_LINE_SIZE",
        "read_delimited", "write_delimited", "read_ndjson", "write_ndjson",
        "include_dir", "items_from_response", "item_from_event",
    }  # fmt: skip
    for name in imagegen_wire.__all__:
        if name.startswith("DEFAULT_"):  # plain ints: the stream readers' limits
            assert type(getattr(imagegen_wire, name)) is int
            continue
        assert (
            getattr(imagegen_wire, name).__module__.startswith("imagegen_wire") or name == "ABSENT"
        )


def test_errors_are_value_errors() -> None:
    assert issubclass(imagegen_wire.ValidationError, ValueError)
    assert issubclass(imagegen_wire.DecodeError, ValueError)
    assert not issubclass(imagegen_wire.ValidationError, imagegen_wire.DecodeError)
    assert not issubclass(imagegen_wire.DecodeError, imagegen_wire.ValidationError)


def test_package_is_typed() -> None:
    from importlib import resources

    assert resources.files("imagegen_wire").joinpath("py.typed").is_file()
    # The bindings' stubs, in a namespace package: PEP 561 puts py.typed beside them.
    from pathlib import Path

    from imagegen.v1 import image_generation_call_pb2 as pb

    bindings = Path(pb.__file__).parent
    assert (bindings / "image_generation_call_pb2.pyi").is_file()
    assert (bindings / "py.typed").is_file()
    assert not (bindings / "__init__.py").exists()
    assert not (bindings.parent / "__init__.py").exists()
