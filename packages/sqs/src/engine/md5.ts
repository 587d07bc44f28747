/**
 * The MD5 digests SQS returns (MD5OfMessageBody, MD5OfMessageAttributes,
 * MD5OfMessageSystemAttributes); AWS SDKs recompute and compare them. The attributes'
 * digest is AWS's documented encoding ("Calculating the MD5 message digest for message
 * attributes"): for each attribute, sorted by name, the name, the data type, a transport
 * byte (1 string, 2 binary, 3 string list, 4 binary list) and the value(s), each
 * variable-length field preceded by its 4-byte big-endian length.
 */
import { createHash } from "node:crypto";
import type { MessageAttribute } from "./state.js";

export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

function field(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/** undefined when there are no attributes (SQS then leaves the member out). */
export function md5OfAttributes(attributes: Record<string, MessageAttribute> | undefined): string | undefined {
  const names = Object.keys(attributes ?? {}).sort();
  if (!attributes || names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const a = attributes[name];
    // A missing DataType (a malformed system attribute) hashes as empty rather than failing the send.
    parts.push(...field(Buffer.from(name, "utf8")), ...field(Buffer.from(a.DataType ?? "", "utf8")));
    if (a.StringValue !== undefined) {
      parts.push(Buffer.from([1]), ...field(Buffer.from(a.StringValue, "utf8")));
    } else if (a.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]), ...field(Buffer.from(a.BinaryValue, "base64")));
    } else if (a.StringListValues !== undefined) {
      parts.push(Buffer.from([3]));
      for (const v of a.StringListValues) parts.push(...field(Buffer.from(v, "utf8")));
    } else if (a.BinaryListValues !== undefined) {
      parts.push(Buffer.from([4]));
      for (const v of a.BinaryListValues) parts.push(...field(Buffer.from(v, "base64")));
    }
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}
