// The seed's own SDK (@openrouter/sdk) reads and writes image_generation_call items.
//
// stdin: {"documents": ["<JSON text>", ...]}; stdout: {"results": [...]}, one per
// document, in order. For each document, with JSON.parse then each zod schema:
//   response: OutputItemImageGenerationCall$inboundSchema (the item as a response
//             returns it), then OutputImageGenerationCallItem$outboundSchema (the
//             item as a request sends it back): what an app that echoes items does;
//   item:     OutputImageGenerationCallItem$inboundSchema then its outbound schema.
// Each is {"ok": true, "json": "<text the SDK writes>"} or {"ok": false, "error": "..."}.
// Run by tests/test_interop_openrouter_sdk.py; the SDK is pinned in package-lock.json.
import { readFileSync } from "node:fs";
import {
  OutputImageGenerationCallItem$inboundSchema as itemIn,
  OutputImageGenerationCallItem$outboundSchema as itemOut,
  OutputItemImageGenerationCall$inboundSchema as responseIn,
} from "@openrouter/sdk/models";

function through(text, inbound, outbound) {
  try {
    const value = inbound.parse(JSON.parse(text));
    return { ok: true, json: JSON.stringify(outbound.parse(value)) };
  } catch (err) {
    return { ok: false, error: `${err.name}: ${err.message}`.slice(0, 500) };
  }
}

const { documents } = JSON.parse(readFileSync(0, "utf8"));
const results = documents.map((text) => ({
  response: through(text, responseIn, itemOut),
  item: through(text, itemIn, itemOut),
}));
process.stdout.write(JSON.stringify({ results }));
