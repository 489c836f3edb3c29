// The protobuf-es side of tests/test_interop_es_stream.py: a size-delimited
// stream through protobuf-es's own stream helpers.
//
//   node stream.mjs GENERATED_PB_JS < stream.bin > again.bin
//
// Reads the stream on stdin with sizeDelimitedDecodeStream, writes every
// message back with sizeDelimitedEncode, and reports the count on stderr
// ("messages: N"). GENERATED_PB_JS is image_generation_call_pb.js, generated
// from proto/ by the test (never committed).

import { pathToFileURL } from "node:url";
import { sizeDelimitedDecodeStream, sizeDelimitedEncode } from "@bufbuild/protobuf/wire";

const [generatedPath] = process.argv.slice(2);
if (!generatedPath) {
  process.stderr.write("usage: node stream.mjs GENERATED_PB_JS < stream.bin\n");
  process.exit(2);
}
const { ImageGenerationCallSchema } = await import(pathToFileURL(generatedPath).href);

let count = 0;
const chunks = [];
for await (const message of sizeDelimitedDecodeStream(ImageGenerationCallSchema, process.stdin)) {
  chunks.push(sizeDelimitedEncode(ImageGenerationCallSchema, message));
  count += 1;
}
process.stdout.write(Buffer.concat(chunks));
process.stderr.write(`messages: ${count}\n`);
