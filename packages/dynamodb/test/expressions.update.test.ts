import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../src/engine/types.js";
import { applyUpdate, ExpressionContext, parseUpdate, projectPaths } from "../src/engine/expressions/index.js";

const N = (n: number | string): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });
const L = (...values: AttributeValue[]): AttributeValue => ({ L: values });

type Values = Record<string, AttributeValue>;

function run(expression: string, item: Item | undefined, values: Values = {}, names?: Record<string, string>) {
  const ctx = new ExpressionContext(names, values);
  return applyUpdate(parseUpdate(expression, ctx), item, ctx, { pk: S("k") });
}

function updated(expression: string, item: Item | undefined, values: Values = {}, names?: Record<string, string>): Item {
  return run(expression, item, values, names).item;
}

function failure(expression: string, item: Item | undefined, values: Values = {}): string {
  try {
    run(expression, item, values);
  } catch (error) {
    expect((error as { code?: string }).code).toBe("ValidationException");
    return (error as Error).message;
  }
  throw new Error("expected a ValidationException");
}

const INVALID_PATH = "The document path provided in the update expression is invalid for update";
const MISSING = "The provided expression refers to an attribute that does not exist in the item";
const DATA_TYPE = "An operand in the update expression has an incorrect data type";

describe("applyUpdate: SET", () => {
  it("sets top-level and nested attributes, keeping the rest", () => {
    const item = { pk: S("k"), a: S("hi"), m: { M: { x: N(3), c: { M: { y: N(3) } } } } };
    expect(updated("SET b = :v, m.c.d = :w, #n = :v", item, { ":v": S("hello"), ":w": S("dog") }, { "#n": "a.b" })).toEqual({
      pk: S("k"),
      a: S("hi"),
      b: S("hello"),
      "a.b": S("hello"),
      m: { M: { x: N(3), c: { M: { y: N(3), d: S("dog") } } } },
    });
  });

  it("starts a new item from the key", () => {
    expect(updated("SET a = :v", undefined, { ":v": N(1) })).toEqual({ pk: S("k"), a: N(1) });
  });

  it("reads every right-hand side from the item as it was", () => {
    const item = { pk: S("k"), a: N(1) };
    expect(updated("SET a = :ten, b = a", item, { ":ten": N(10) })).toEqual({ pk: S("k"), a: N(10), b: N(1) });
    expect(failure("SET x = :v, y = x", item, { ":v": N(4) })).toBe(MISSING);
    expect(updated("REMOVE a SET b = a", item)).toEqual({ pk: S("k"), b: N(1) });
    expect(failure("SET z = z", item)).toBe(MISSING);
    expect(failure("SET c = z", undefined)).toBe(MISSING);
    expect(updated("SET b = pk", undefined)).toEqual({ pk: S("k"), b: S("k") });
  });

  it("adds and subtracts exactly", () => {
    const item = { pk: S("k"), f: N("0.1"), n: N(2) };
    expect(updated("SET f = f + :f, n = :seven - n, m = n + n", item, { ":f": N("0.2"), ":seven": N(7) })).toEqual({
      pk: S("k"),
      f: N("0.3"),
      n: N(5),
      m: N(4),
    });
    expect(failure("SET n = s + :one", { pk: S("k"), s: S("x") }, { ":one": N(1) })).toBe(DATA_TYPE);
    expect(failure("SET n = absent + :one", item, { ":one": N(1) })).toBe(MISSING);
    expect(failure("SET b = :a + :b", item, { ":a": N("9e125"), ":b": N("9e125") })).toBe(
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
  });

  it("supports if_not_exists, also inside + and list_append", () => {
    const item = { pk: S("k"), a: N(2), l: L(N(1)) };
    expect(updated("SET a = if_not_exists(a, :v), b = if_not_exists(c, :v)", item, { ":v": N(9) })).toMatchObject({ a: N(2), b: N(9) });
    expect(updated("SET b = if_not_exists(b, :zero) + :one", item, { ":zero": N(0), ":one": N(1) })).toMatchObject({ b: N(1) });
    expect(updated("SET x = list_append(if_not_exists(x, :empty), :tail)", item, { ":empty": L(), ":tail": L(N(9)) })).toMatchObject({ x: L(N(9)) });
  });

  it("supports list_append of lists only", () => {
    const item = { pk: S("k"), l: L(S("hi"), N(2)), s: S("x") };
    expect(updated("SET l = list_append(l, :v)", item, { ":v": L(N(4)) })).toMatchObject({ l: L(S("hi"), N(2), N(4)) });
    expect(updated("SET l = list_append(:v, l)", item, { ":v": L(S("dog")) })).toMatchObject({ l: L(S("dog"), S("hi"), N(2)) });
    expect(failure("SET l = list_append(s, :v)", item, { ":v": L() })).toBe(DATA_TYPE);
    expect(failure("SET l = list_append(:v, absent)", item, { ":v": L() })).toBe(MISSING);
  });

  it("replaces list elements and appends past the end, in index order", () => {
    const item = { pk: S("k"), a: L(S("one"), S("two"), S("three")) };
    expect(updated("SET a[1] = :v", item, { ":v": S("hello") })).toMatchObject({ a: L(S("one"), S("hello"), S("three")) });
    expect(updated("SET a[7] = :v", item, { ":v": S("hello") })).toMatchObject({ a: L(S("one"), S("two"), S("three"), S("hello")) });
    expect(
      updated("SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", item, { ":a1": S("a1"), ":a2": S("a2"), ":a3": S("a3"), ":a4": S("a4") }),
    ).toMatchObject({ a: L(S("one"), S("two"), S("three"), S("a3"), S("a2"), S("a4"), S("a1")) });
  });

  it("refuses paths through missing or mistyped containers", () => {
    const item = { pk: S("k"), a: S("hello"), b: L(S("hi")) };
    for (const expression of ["SET a.c = :v", "SET b.c = :v", "SET c.c = :v", "SET a[0] = :v", "SET c[0] = :v", "SET b[0].x = :v"]) {
      expect(failure(expression, item, { ":v": N(7) })).toBe(INVALID_PATH);
    }
    expect(failure("SET c.c = :v", undefined, { ":v": N(7) })).toBe(INVALID_PATH);
  });

  it("never changes the item it was given", () => {
    const item = { pk: S("k"), m: { M: { x: L(N(1), N(2)) } }, s: { SS: ["a"] } };
    const before = structuredClone(item);
    updated("SET m.x[0] = :v REMOVE m.x[1] ADD s :s", item, { ":v": N(9), ":s": { SS: ["b"] } });
    expect(item).toEqual(before);
  });
});

describe("applyUpdate: REMOVE", () => {
  it("removes attributes, map members and list elements", () => {
    const item = { pk: S("k"), a: S("x"), m: { M: { b: N(3), c: L(S("hi"), { M: { x: { M: { y: L(N(3), N(5), N(7)) } }, q: N(2) } }) } } };
    expect(updated("REMOVE a, m.c[1].x.y[1], m.c[1].q", item)).toEqual({
      pk: S("k"),
      m: { M: { b: N(3), c: L(S("hi"), { M: { x: { M: { y: L(N(3), N(7)) } } } }) } },
    });
  });

  it("uses the old indexes when removing and setting in one list", () => {
    const item = { pk: S("k"), a: L(N(2), N(3), N(4), N(5), N(6), N(7)) };
    expect(updated("REMOVE a[1] SET a[3] = :v", item, { ":v": N(17) })).toMatchObject({ a: L(N(2), N(4), N(17), N(6), N(7)) });
    expect(updated("SET a[3] = :v REMOVE a[1]", item, { ":v": N(17) })).toMatchObject({ a: L(N(2), N(4), N(17), N(6), N(7)) });
    expect(updated("REMOVE a[0], a[2], a[5]", item)).toMatchObject({ a: L(N(3), N(5), N(6)) });
  });

  it("leaves empty maps and lists behind", () => {
    expect(updated("REMOVE a.b", { pk: S("k"), a: { M: { b: N(1) } } })).toMatchObject({ a: { M: {} } });
    expect(updated("REMOVE a[0]", { pk: S("k"), a: L(N(1)) })).toMatchObject({ a: L() });
  });

  it("ignores missing leaves, but not missing parents of an existing item", () => {
    const item = { pk: S("k"), a: { M: { x: N(3) } }, b: L(S("hi")) };
    expect(updated("REMOVE a.y, b[7], c", item)).toEqual(item);
    expect(failure("REMOVE c.d", item)).toBe(INVALID_PATH);
    expect(failure("REMOVE b.c", item)).toBe(INVALID_PATH);
    expect(failure("REMOVE a[0]", item)).toBe(INVALID_PATH);
    // Without an item DynamoDB ignores any REMOVE.
    expect(updated("REMOVE x.y, z", undefined)).toEqual({ pk: S("k") });
    expect(updated("REMOVE x[0]", undefined)).toEqual({ pk: S("k") });
  });
});

describe("applyUpdate: ADD and DELETE", () => {
  it("adds to numbers and creates them", () => {
    const item = { pk: S("k"), a: N(3), s: S("hi") };
    expect(updated("ADD a :v, b :v", item, { ":v": N(4) })).toMatchObject({ a: N(7), b: N(4) });
    expect(failure("ADD s :v", item, { ":v": N(1) })).toBe(DATA_TYPE);
    expect(updated("ADD b :v", undefined, { ":v": N(8) })).toEqual({ pk: S("k"), b: N(8) });
  });

  it("adds set members once and creates sets", () => {
    const item = { pk: S("k"), a: { SS: ["beaver", "lynx"] }, n: { NS: ["1", "2"] }, l: L(N(1)) };
    expect(updated("ADD a :v", item, { ":v": { SS: ["lynx", "badger"] } })).toMatchObject({ a: { SS: ["badger", "beaver", "lynx"] } });
    expect(updated("ADD n :v", item, { ":v": { NS: ["2.0", "3"] } })).toMatchObject({ n: { NS: ["1", "2", "3"] } });
    expect(updated("ADD b :v", item, { ":v": { SS: ["dog"] } })).toMatchObject({ b: { SS: ["dog"] } });
    expect(failure("ADD a :v", item, { ":v": { NS: ["1"] } })).toBe(DATA_TYPE);
    expect(failure("ADD l :v", item, { ":v": { NS: ["1"] } })).toBe(DATA_TYPE);
    expect(failure("ADD a :v", item, { ":v": N(1) })).toBe(DATA_TYPE);
  });

  it("deletes set members, removing an emptied set", () => {
    const item = { pk: S("k"), a: { SS: ["dog", "cat", "mouse"] }, b: S("hi"), n: { NS: ["1", "2"] } };
    expect(updated("DELETE a :v", item, { ":v": { SS: ["cat", "mouse", "pig"] } })).toMatchObject({ a: { SS: ["dog"] } });
    expect(updated("DELETE a :v, n :w", item, { ":v": { SS: ["dog", "cat", "mouse"] }, ":w": { NS: ["1.0"] } })).toEqual({
      pk: S("k"),
      b: S("hi"),
      n: { NS: ["2"] },
    });
    expect(updated("DELETE z :v", item, { ":v": { SS: ["dog"] } })).toEqual(item);
    expect(failure("DELETE b :v", item, { ":v": { SS: ["hi"] } })).toBe(DATA_TYPE);
    expect(failure("DELETE n :v", item, { ":v": { SS: ["1"] } })).toBe(DATA_TYPE);
  });

  it("works on nested sets and numbers", () => {
    const item = { pk: S("k"), m: { M: { n: N(1), s: { SS: ["a"] } } } };
    expect(updated("ADD m.n :one, m.s :b", item, { ":one": N(1), ":b": { SS: ["b"] } })).toMatchObject({
      m: { M: { n: N(2), s: { SS: ["a", "b"] } } },
    });
    expect(updated("DELETE m.s :a", item, { ":a": { SS: ["a"] } })).toMatchObject({ m: { M: { n: N(1) } } });
  });
});

describe("applyUpdate: updated paths", () => {
  it("lists the paths written, for ReturnValues UPDATED_OLD / UPDATED_NEW", () => {
    const item = { pk: S("k"), a: N(1), m: { M: { x: N(1), y: N(2) } }, gone: S("x") };
    const result = run("SET a = a + :one, m.x = :one, fresh = :one REMOVE gone", item, { ":one": N(1) });
    expect(result.updatedPaths).toEqual([["a"], ["m", "x"], ["fresh"], ["gone"]]);
    expect(result.updatedAttributes).toEqual(["a", "m", "fresh", "gone"]);
    expect(projectPaths(item, result.updatedPaths)).toEqual({ a: N(1), m: { M: { x: N(1) } }, gone: S("x") });
    expect(projectPaths(result.item, result.updatedPaths)).toEqual({ a: N(2), m: { M: { x: N(1) } }, fresh: N(1) });
  });
});
