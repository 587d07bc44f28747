/**
 * AWS event stream framing (application/vnd.amazon.eventstream), as Lambda's
 * InvokeWithResponseStream and CloudWatch Logs' StartLiveTail answer: each message is a prelude (total length, headers
 * length, CRC32 of those 8 bytes), string headers (:event-type, :content-type,
 * :message-type), the payload and a CRC32 of everything before it.
 */
import { crc32 } from "node:zlib";

// Event stream header value type 7: a UTF-8 string with a 2-byte length.
const STRING_HEADER = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, "utf8");
    const v = Buffer.from(value, "utf8");
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(STRING_HEADER, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

export function encodeMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const h = encodeHeaders(headers);
  const total = 12 + h.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(h.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  h.copy(out, 12);
  Buffer.from(payload).copy(out, 12 + h.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** An event of the stream: `:event-type` names the union member (PayloadChunk, InvokeComplete, sessionUpdate). */
export function eventMessage(eventType: string, contentType: string, payload: Uint8Array): Buffer {
  return encodeMessage({ ":event-type": eventType, ":content-type": contentType, ":message-type": "event" }, payload);
}

/** An error inside the stream (a modeled exception of the stream's union): `:exception-type` names it. */
export function exceptionMessage(exceptionType: string, payload: Uint8Array): Buffer {
  return encodeMessage({ ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" }, payload);
}
