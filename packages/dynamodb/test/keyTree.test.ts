import { describe, expect, it } from "vitest";
import { KeyTree } from "../src/engine/keyTree.js";

/** A deterministic generator (the test must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

/** Keys shaped like encoded ones: a first char anywhere in 0..0xFFFF, then a few chars. */
function randomKey(random: () => number): string {
  const first = random() < 0.2 ? Math.floor(random() * 40) : Math.floor(random() * 0x10000);
  let rest = "";
  const length = Math.floor(random() * 4);
  for (let i = 0; i < length; i++) rest += String.fromCharCode(Math.floor(random() * 0x10000));
  return String.fromCharCode(first) + rest;
}

const keysOf = (iterator: Iterable<[string, number]>) => [...iterator].map(([key]) => key);

describe("KeyTree", () => {
  it("keeps every key in string order across inserts, overwrites and deletes", () => {
    const random = lcg(7);
    const tree = new KeyTree<number>();
    const model = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const key = randomKey(random);
      if (random() < 0.3 && model.size > 0) {
        const victim = [...model.keys()][Math.floor(random() * model.size)];
        expect(tree.delete(victim)).toBe(true);
        model.delete(victim);
        expect(tree.delete(victim)).toBe(false);
      } else {
        tree.set(key, i);
        model.set(key, i);
      }
    }
    const sorted = [...model.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(tree.size).toBe(model.size);
    expect(keysOf(tree.entries())).toEqual(sorted);
    expect(keysOf(tree.entriesReversed())).toEqual([...sorted].reverse());
    expect(tree.valuesArray()).toEqual(sorted.map((key) => model.get(key)));
    for (const key of sorted.slice(0, 50)) expect(tree.get(key)).toBe(model.get(key));

    // Ranges from any start, present or not, forwards and backwards.
    for (let i = 0; i < 300; i++) {
      const start = random() < 0.5 ? sorted[Math.floor(random() * sorted.length)] : randomKey(random);
      expect(keysOf(tree.entries(start))).toEqual(sorted.filter((key) => key >= start));
      expect(keysOf(tree.entriesReversed(start))).toEqual(sorted.filter((key) => key <= start).reverse());
      expect(keysOf(tree.entriesReversed(start, undefined, true))).toEqual(sorted.filter((key) => key < start).reverse());
    }
  });

  it("yields one reused array when asked, and nothing when empty", () => {
    const tree = new KeyTree<number>();
    expect(keysOf(tree.entries())).toEqual([]);
    expect(keysOf(tree.entriesReversed("x"))).toEqual([]);
    tree.set("\u0001a", 1);
    tree.set("\uffffz", 2);
    tree.set("\u0001a", 3);
    expect(tree.size).toBe(2);
    const reused: [string, number] = ["", 0];
    const seen: Array<[string, number]> = [];
    for (const pair of tree.entries(undefined, reused)) {
      expect(pair).toBe(reused);
      seen.push([pair[0], pair[1]]);
    }
    expect(seen).toEqual([
      ["\u0001a", 3],
      ["\uffffz", 2],
    ]);
    expect(keysOf(tree.entries(""))).toEqual(["\u0001a", "\uffffz"]);
    expect(keysOf(tree.entriesReversed(""))).toEqual([]);
  });
});
