import { describe, expect, it } from "vitest";
import { jsonChunks, jsonChunkStream } from "../src/jsonChunks.js";

describe("jsonChunks", () => {
  it("joins to exactly JSON.stringify's text", () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const values: unknown[] = [
      { format: 1, seq: 7, state: { tables: [{ meta: { name: "t" }, items: [{ id: { S: "é\u2028\"x" } }, { n: { N: "1" } }] }] } },
      [1, "two", null, undefined, () => 3, [[[[[[["deep"]]]]]]], { skip: undefined, fn: () => 1, keep: false }],
      { date: new Date(0), map: new Map([["k", 1]]), nested: { toJSON: () => ({ replaced: true }) }, nullProto },
      "plain",
      42,
      null,
      [],
      {},
    ];
    for (const value of values) expect(jsonChunks(value).join("")).toBe(JSON.stringify(value));
  });

  it("cuts a large value into pieces of about the chunk size", () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, body: "x".repeat(100) }));
    const chunks = jsonChunks({ items }, 10_000);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(10_000 + 200);
    expect(chunks.join("")).toBe(JSON.stringify({ items }));
  });

  it("streams the same pieces, each made only when taken", () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, body: "x".repeat(100) }));
    const doc = { format: 1, state: { tables: [{ items }] } };
    expect([...jsonChunkStream(doc, 10_000)]).toEqual(jsonChunks(doc, 10_000));
    const stream = jsonChunkStream(doc, 10_000);
    const first = stream.next();
    expect(first.done).toBe(false);
    // Nothing past the first piece has been turned into text yet.
    items[items.length - 1] = { id: -1, body: "late" };
    const rest = [...stream].join("");
    expect(rest.endsWith('{"id":-1,"body":"late"}]}]}}')).toBe(true);
  });
});
