"""An Apache Beam pipeline: length-delimited binary streams of items in, NDJSON out.

Each input file is a stream as ``imagegen-wire encode`` or ``write_delimited``
writes it. Every file is read by a worker, item by item; the items travel
between steps as ``imagegen.v1.ImageGenerationCall`` messages (Beam's
ProtoCoder, the wire form itself); each is written as one line of JSON.

Locally, on Beam's FnApiRunner (no download, no cluster)::

    python stream_to_ndjson.py --input 'items-*.bin' --output out/items

On Dataflow, Flink or Spark, the same script with that runner's options; the
workers need the package (``--requirements_file``, ``--extra_packages`` or a
container image). docs/interop.md, "Apache Beam", has the commands.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Sequence

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from imagegen.v1.image_generation_call_pb2 import ImageGenerationCall as Message
from imagegen_wire import ImageGenerationCall, read_delimited


def read_items(file: fileio.ReadableFile) -> Iterator[Message]:
    """Every item of one stream, as the message (a bad record fails the bundle, naming its frame)."""
    with file.open() as stream:
        for item in read_delimited(stream):
            yield item.to_proto()


def to_json_line(message: Message) -> str:
    return ImageGenerationCall.from_proto(message).to_json()


def build(pipeline: beam.Pipeline, input_pattern: str, output_prefix: str) -> None:
    _ = (
        pipeline
        # A pattern that matches no file is an error, not an empty output.
        | "Find streams" >> fileio.MatchFiles(input_pattern, fileio.EmptyMatchTreatment.DISALLOW)
        | "Open" >> fileio.ReadMatches()
        | "Read items" >> beam.FlatMap(read_items).with_output_types(Message)
        # Spread the items over the workers: here they cross a process boundary,
        # encoded by the coder Beam registers for protobuf messages (ProtoCoder).
        | "Spread" >> beam.Reshuffle()
        | "To JSON" >> beam.Map(to_json_line)
        | "Write NDJSON" >> beam.io.WriteToText(output_prefix, file_name_suffix=".ndjson")
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Length-delimited item streams to NDJSON.")
    parser.add_argument("--input", required=True, help="file pattern of the binary streams")
    parser.add_argument("--output", required=True, help="prefix of the NDJSON files written")
    args, beam_args = parser.parse_known_args(argv)
    # Beam matches a relative local pattern against nothing: anchor it here.
    if "://" not in args.input:
        args.input = os.path.abspath(args.input)
    options = PipelineOptions(beam_args)
    # Without --runner, Beam's local FnApiRunner: the newer default local
    # runner (Prism) downloads a binary at run time.
    runner = None if options.view_as(StandardOptions).runner else FnApiRunner()
    with beam.Pipeline(runner=runner, options=options) as pipeline:
        build(pipeline, args.input, args.output)


if __name__ == "__main__":
    main()
