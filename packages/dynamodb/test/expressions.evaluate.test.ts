import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../src/engine/types.js";
import { evaluateCondition, ExpressionContext, parseCondition } from "../src/engine/expressions/index.js";

const N = (n: number | string): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });
const B = (bytes: number[]): AttributeValue => ({ B: Buffer.from(bytes).toString("base64") });

const ITEM: Item = {
  pk: S("p"),
  n: N(10),
  f: N("0.5"),
  s: S("banana"),
  b: B([1, 2, 3]),
  hi: B([128]),
  lo: B([127]),
  flag: { BOOL: true },
  nothing: { NULL: true },
  tags: { SS: ["red", "green"] },
  nums: { NS: ["1", "5"] },
  bins: { BS: [Buffer.from([9]).toString("base64")] },
  lst: { L: [S("a"), N(3), { SS: ["x", "y"] }, { L: [N(1)] }] },
  doc: { M: { nested: { M: { deep: S("x") } }, arr: { L: [{ M: { v: N(1) } }, { M: { v: N(2) } }] } } },
  "dotted.name": S("yes"),
  emoji: S("\u{1F600}"),
  unicode: S("é𝄞"),
};

function holds(expression: string, values: Record<string, AttributeValue> = {}, names?: Record<string, string>): boolean {
  const ctx = new ExpressionContext(names, values);
  return evaluateCondition(parseCondition(expression, ctx), ITEM, ctx);
}

/** Evaluated where there is no item (a conditional write of a new item). */
function holdsWithoutItem(expression: string): boolean {
  const ctx = new ExpressionContext();
  return evaluateCondition(parseCondition(expression, ctx), undefined, ctx);
}

describe("evaluateCondition: comparisons", () => {
  it("compares numbers numerically", () => {
    expect(holds("n > :v", { ":v": N(9) })).toBe(true);
    expect(holds("n < :v", { ":v": N(100) })).toBe(true);
    expect(holds("n = :v", { ":v": N("10.0") })).toBe(true);
    expect(holds("f < :v", { ":v": N("0.50001") })).toBe(true);
    expect(holds("n >= :v AND n <= :v", { ":v": N(10) })).toBe(true);
    expect(holds("n <> :v", { ":v": N("1e1") })).toBe(false);
  });

  it("compares strings by UTF-8 bytes and binaries as unsigned bytes", () => {
    expect(holds("s > :v", { ":v": S("apple") })).toBe(true);
    expect(holds("s < :v", { ":v": S("banana_") })).toBe(true);
    expect(holds("emoji > :v", { ":v": S("\uFFFD") })).toBe(true);
    expect(holds("hi > lo")).toBe(true);
    expect(holds("lo BETWEEN :a AND :b", { ":a": B([126]), ":b": B([128]) })).toBe(true);
    expect(holds("b = :v", { ":v": B([1, 2, 3]) })).toBe(true);
  });

  it("never equals or orders values of different types", () => {
    expect(holds("s > :v", { ":v": N(1) })).toBe(false);
    expect(holds("s <> :v", { ":v": N(1) })).toBe(true);
    expect(holds("n = :v", { ":v": S("10") })).toBe(false);
    expect(holds("lst < :v", { ":v": N(1) })).toBe(false);
  });

  it("treats a missing attribute as unequal to anything and unordered", () => {
    expect(holds("absent <> :v", { ":v": N(1) })).toBe(true);
    expect(holds("absent = :v", { ":v": N(1) })).toBe(false);
    expect(holds("absent < :v", { ":v": N(1) })).toBe(false);
    expect(holds(":v >= absent", { ":v": N(1) })).toBe(false);
    expect(holds("q = z")).toBe(false);
    expect(holds("q <> z")).toBe(true);
    expect(holds("q between z and x")).toBe(false);
  });

  it("compares sets regardless of order, lists and maps deeply", () => {
    expect(holds("tags = :v", { ":v": { SS: ["green", "red"] } })).toBe(true);
    expect(holds("nums = :v", { ":v": { NS: ["5.0", "1"] } })).toBe(true);
    expect(holds("tags = :v", { ":v": { SS: ["green"] } })).toBe(false);
    expect(holds("lst[3] = :v", { ":v": { L: [N(1)] } })).toBe(true);
    expect(holds("doc.nested = :v", { ":v": { M: { deep: S("x") } } })).toBe(true);
    expect(holds("flag = :t AND nothing = :null", { ":t": { BOOL: true }, ":null": { NULL: true } })).toBe(true);
  });

  it("supports BETWEEN and IN", () => {
    expect(holds("n BETWEEN :lo AND :hi", { ":lo": N(10), ":hi": N(20) })).toBe(true);
    expect(holds("n BETWEEN :lo AND :hi", { ":lo": N(11), ":hi": N(20) })).toBe(false);
    expect(holds("n BETWEEN :lo AND :hi", { ":lo": S("a"), ":hi": S("z") })).toBe(false);
    expect(holds("s IN (:a, :b)", { ":a": S("apple"), ":b": S("banana") })).toBe(true);
    expect(holds("s IN (:a)", { ":a": S("apple") })).toBe(false);
    expect(holds("n IN (:a, :b)", { ":a": S("dog"), ":b": N(10) })).toBe(true);
    expect(holds("tags IN (:a)", { ":a": { SS: ["green", "red"] } })).toBe(true);
    expect(holds("absent IN (:a)", { ":a": N(1) })).toBe(false);
  });
});

describe("evaluateCondition: logic", () => {
  const v = { ":yes": N(10), ":no": N(11) };

  it("applies NOT before AND before OR, and parentheses first", () => {
    expect(holds("n = :yes OR n = :yes AND n = :no", v)).toBe(true);
    expect(holds("(n = :yes OR n = :yes) AND n = :no", v)).toBe(false);
    expect(holds("NOT n = :no AND n = :yes", v)).toBe(true);
    expect(holds("NOT n = :yes AND n = :no", v)).toBe(false);
    expect(holds("NOT (n = :yes)", v)).toBe(false);
    expect(holds("NOT NOT NOT NOT n = :yes", v)).toBe(true);
    expect(holds("n between :yes and :no Or s in (:no)", v)).toBe(true);
    expect(holds("n BETWEEN :yes AND :no AND n = :yes", v)).toBe(true);
  });
});

describe("evaluateCondition: functions", () => {
  it("checks existence, also of nested paths and without an item", () => {
    expect(holds("attribute_exists(n) AND attribute_not_exists(absent)")).toBe(true);
    expect(holds("attribute_exists(nothing)")).toBe(true);
    expect(holds("attribute_exists(doc.nested.deep) AND attribute_not_exists(lst[9])")).toBe(true);
    expect(holds("attribute_exists(doc.arr[1].v)")).toBe(true);
    expect(holds("attribute_exists(n.x)")).toBe(false);
    expect(holds("attribute_exists(#d)", {}, { "#d": "dotted.name" })).toBe(true);
    expect(holdsWithoutItem("attribute_not_exists(pk)")).toBe(true);
    expect(holdsWithoutItem("attribute_exists(pk)")).toBe(false);
  });

  it("checks attribute_type for every type", () => {
    const types: [string, string][] = [
      ["s", "S"], ["n", "N"], ["b", "B"], ["flag", "BOOL"], ["nothing", "NULL"],
      ["tags", "SS"], ["nums", "NS"], ["bins", "BS"], ["lst", "L"], ["doc", "M"],
    ];
    for (const [name, type] of types) {
      expect(holds(`attribute_type(${name}, :t)`, { ":t": S(type) })).toBe(true);
      expect(holds(`attribute_type(${name}, :t)`, { ":t": S(type === "S" ? "N" : "S") })).toBe(false);
    }
    expect(holds("attribute_type(:v, :t)", { ":v": N(0), ":t": S("N") })).toBe(true);
  });

  it("supports begins_with on strings and binaries", () => {
    expect(holds("begins_with(s, :p)", { ":p": S("ban") })).toBe(true);
    expect(holds("begins_with(s, :p)", { ":p": S("nan") })).toBe(false);
    expect(holds("begins_with(b, :p)", { ":p": B([1, 2]) })).toBe(true);
    expect(holds("begins_with(b, :p)", { ":p": B([2]) })).toBe(false);
    expect(holds("begins_with(:str, s)", { ":str": S("bananas") })).toBe(true);
    expect(holds("begins_with(absent, :p)", { ":p": S("x") })).toBe(false);
    expect(holds("begins_with(s, n)")).toBe(false);
  });

  it("supports contains on strings, binaries, sets and lists", () => {
    expect(holds("contains(s, :v)", { ":v": S("nan") })).toBe(true);
    expect(holds("contains(b, :v)", { ":v": B([2, 3]) })).toBe(true);
    expect(holds("contains(tags, :v)", { ":v": S("red") })).toBe(true);
    expect(holds("contains(tags, :v)", { ":v": S("blue") })).toBe(false);
    expect(holds("contains(nums, :v)", { ":v": N("5.0") })).toBe(true);
    expect(holds("contains(bins, :v)", { ":v": B([9]) })).toBe(true);
    expect(holds("contains(lst, :v)", { ":v": N(3) })).toBe(true);
    expect(holds("contains(lst, :v)", { ":v": { SS: ["y", "x"] } })).toBe(true);
    expect(holds("contains(lst, :v)", { ":v": { L: [N(1)] } })).toBe(true);
    expect(holds("contains(b, :v)", { ":v": { NS: ["1"] } })).toBe(false);
    expect(holds("contains(n, :v)", { ":v": N(1) })).toBe(false);
  });

  it("measures size() as DynamoDB does", () => {
    expect(holds("size(s) = :v", { ":v": N(6) })).toBe(true);
    expect(holds("size(unicode) = :v", { ":v": N(3) })).toBe(true); // UTF-16 code units
    expect(holds("size(b) = :v", { ":v": N(3) })).toBe(true);
    expect(holds("size(tags) = :v AND size(nums) = :v AND size(doc) = :v", { ":v": N(2) })).toBe(true);
    expect(holds("size(lst) = :v", { ":v": N(4) })).toBe(true);
    expect(holds("size(n) = :v", { ":v": N(1) })).toBe(false);
    expect(holds("size(flag) = :v", { ":v": N(1) })).toBe(false);
    expect(holds("size(absent) < :v", { ":v": N(1) })).toBe(false);
    expect(holds("size(s) = :v", { ":v": S("6") })).toBe(false);
    expect(holds("size(s) = n", {})).toBe(false);
    expect(holds("size(s) < n AND size(s) BETWEEN :a AND :b", { ":a": N(1), ":b": N(6) })).toBe(true);
  });
});
