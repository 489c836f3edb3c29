// The protobuf-es side of tests/test_interop_es.py: reads bytes that
// imagegen-wire wrote, and writes bytes for imagegen-wire to read.
//
//   node roundtrip.mjs GENERATED_PB_JS < request.json > response.json
//
// GENERATED_PB_JS is image_generation_call_pb.js as @bufbuild/protoc-gen-es
// generated it from proto/ (the test generates it; it is never committed).
// The request is {"decode": [{name, hex}], "encode": [{name, fields}]}; the
// response is {"decoded": [{name, fields, hex}], "encoded": [{name, hex}]}:
// every message decoded is described field by field (unknown fields included)
// and written back, and every description to encode is built with create().
//
// A description ("fields") names each field of the message as protobuf-es
// holds it: {id, result: null | {case, value}, statusText, status,
// extraMembers: [{name, jsonValue, unknown}], unknown}. Bytes travel as hex.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";

const [generatedPath] = process.argv.slice(2);
if (!generatedPath) {
  process.stderr.write("usage: node roundtrip.mjs GENERATED_PB_JS < request.json\n");
  process.exit(2);
}
const { ImageGenerationCallSchema, ExtraMemberSchema } = await import(
  pathToFileURL(generatedPath).href
);

const toHex = (bytes) => Buffer.from(bytes).toString("hex");
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, "hex"));

// Unknown fields exactly as protobuf-es keeps them: number, wire type, raw bytes.
function describeUnknown(message) {
  return (message.$unknown ?? []).map((field) => ({
    no: field.no,
    wireType: field.wireType,
    hex: toHex(field.data),
  }));
}

function describe(message) {
  const result = message.result;
  let described = null;
  if (result.case === "resultImage") {
    described = { case: result.case, value: toHex(result.value) };
  } else if (result.case !== undefined) {
    described = { case: result.case, value: result.value };
  }
  return {
    id: message.id,
    result: described,
    statusText: message.statusText ?? null,
    status: message.status ?? null,
    extraMembers: message.extraMembers.map((member) => ({
      name: member.name,
      jsonValue: member.jsonValue,
      unknown: describeUnknown(member),
    })),
    unknown: describeUnknown(message),
  };
}

function build(fields) {
  let result = { case: undefined };
  if (fields.result !== null) {
    const { case: which, value } = fields.result;
    result = { case: which, value: which === "resultImage" ? fromHex(value) : value };
  }
  const init = {
    id: fields.id,
    result,
    extraMembers: fields.extraMembers.map((member) =>
      create(ExtraMemberSchema, { name: member.name, jsonValue: member.jsonValue }),
    ),
  };
  // Explicit presence: leave a field out of the init to leave it unset.
  if (fields.statusText !== null) init.statusText = fields.statusText;
  if (fields.status !== null) init.status = fields.status;
  return create(ImageGenerationCallSchema, init);
}

const request = JSON.parse(readFileSync(0, "utf8"));
const response = {
  decoded: (request.decode ?? []).map(({ name, hex }) => {
    const message = fromBinary(ImageGenerationCallSchema, fromHex(hex));
    return { name, fields: describe(message), hex: toHex(toBinary(ImageGenerationCallSchema, message)) };
  }),
  encoded: (request.encode ?? []).map(({ name, fields }) => ({
    name,
    hex: toHex(toBinary(ImageGenerationCallSchema, build(fields))),
  })),
};
process.stdout.write(JSON.stringify(response));
