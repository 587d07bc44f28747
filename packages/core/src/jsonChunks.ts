/**
 * JSON.stringify's exact text, as a list of pieces of about `chunkChars` characters
 * instead of one string. A snapshot of a large state (100k items) is then never one
 * 100 MB string plus a 100 MB Buffer copy of it: each piece is converted and written on
 * its own, which keeps compaction's memory peak near the size of the text itself.
 *
 * jsonChunks serializes synchronously (the state may change once control returns);
 * jsonChunkStream makes each piece when it is taken. Only plain arrays and plain objects
 * are split, everything else goes through JSON.stringify.
 */
const DEFAULT_CHUNK_CHARS = 1 << 20;
/** Deeper values are small (one record, one item): JSON.stringify writes each whole, faster. */
const MAX_SPLIT_DEPTH = 5;

export function jsonChunks(value: unknown, chunkChars = DEFAULT_CHUNK_CHARS): string[] {
  return [...jsonChunkStream(value, chunkChars)];
}

/**
 * The same pieces, each made only when asked for: a snapshot written this way is never
 * in memory as a whole (its text is made while earlier pieces are being written). The
 * value must not change until the last piece has been taken.
 */
export function* jsonChunkStream(value: unknown, chunkChars = DEFAULT_CHUNK_CHARS): Generator<string, void, undefined> {
  const sink = new Sink(chunkChars);
  for (const _ of write(value, sink, 0)) yield sink.take();
  if (sink.length > 0) yield sink.take();
}

class Sink {
  private parts: string[] = [];
  length = 0;

  constructor(private readonly chunkChars: number) {}

  emit(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  get full(): boolean {
    return this.length >= this.chunkChars;
  }

  take(): string {
    const chunk = this.parts.join("");
    this.parts = [];
    this.length = 0;
    return chunk;
  }
}

/** Objects and arrays whose JSON is JSON.stringify's own walk (no toJSON, plain prototype). */
function splittable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Writes `value` into the sink, pausing (yielding) whenever the sink holds a whole chunk. */
function* write(value: unknown, sink: Sink, depth: number): Generator<void, void, undefined> {
  if (depth >= MAX_SPLIT_DEPTH || !splittable(value)) {
    sink.emit(JSON.stringify(value) ?? "null");
    if (sink.full) yield;
    return;
  }
  if (Array.isArray(value)) {
    sink.emit("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink.emit(",");
      const element: unknown = value[i];
      // JSON.stringify writes null for array elements it cannot represent.
      if (element === undefined || typeof element === "function" || typeof element === "symbol") sink.emit("null");
      else if (depth + 1 >= MAX_SPLIT_DEPTH || !splittable(element)) sink.emit(JSON.stringify(element) ?? "null");
      else yield* write(element, sink, depth + 1);
      if (sink.full) yield;
    }
    sink.emit("]");
    return;
  }
  sink.emit("{");
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    // ...and leaves such members out of objects.
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    sink.emit(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    if (depth + 1 >= MAX_SPLIT_DEPTH || !splittable(member)) sink.emit(JSON.stringify(member) ?? "null");
    else yield* write(member, sink, depth + 1);
  }
  sink.emit("}");
}
