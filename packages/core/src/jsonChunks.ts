/**
 * JSON.stringify's exact text, as a list of pieces of about `chunkChars` characters
 * instead of one string. A snapshot of a large state (100k items) is then never one
 * 100 MB string plus a 100 MB Buffer copy of it: each piece is converted and written on
 * its own, which keeps compaction's memory peak near the size of the text itself.
 *
 * Serialization is still synchronous (the state may change once control returns); only
 * plain arrays and plain objects are split, everything else goes through JSON.stringify.
 */
const DEFAULT_CHUNK_CHARS = 1 << 20;
/** Deeper values are small (one record, one item): JSON.stringify writes each whole, faster. */
const MAX_SPLIT_DEPTH = 5;

export function jsonChunks(value: unknown, chunkChars = DEFAULT_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    parts.push(text);
    length += text.length;
    if (length >= chunkChars) {
      chunks.push(parts.join(""));
      parts = [];
      length = 0;
    }
  };
  write(value, emit, 0);
  if (parts.length > 0) chunks.push(parts.join(""));
  return chunks;
}

/** Objects and arrays whose JSON is JSON.stringify's own walk (no toJSON, plain prototype). */
function splittable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, emit: (text: string) => void, depth: number): void {
  if (depth >= MAX_SPLIT_DEPTH || !splittable(value)) {
    emit(JSON.stringify(value) ?? "null");
    return;
  }
  if (Array.isArray(value)) {
    emit("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(",");
      const element: unknown = value[i];
      // JSON.stringify writes null for array elements it cannot represent.
      if (element === undefined || typeof element === "function" || typeof element === "symbol") emit("null");
      else write(element, emit, depth + 1);
    }
    emit("]");
    return;
  }
  emit("{");
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    // ...and leaves such members out of objects.
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    emit(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    write(member, emit, depth + 1);
  }
  emit("}");
}
