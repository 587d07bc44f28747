import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../src/engine/types.js";
import {
  conditionAttributeNames,
  ExpressionContext,
  keyConditionOf,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  project,
  type KeySchemaInfo,
} from "../src/engine/expressions/index.js";

const N = (n: number | string): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });

const TABLE: KeySchemaInfo = { hashes: [{ name: "id", type: "S" }], ranges: [{ name: "sk", type: "N" }] };
const HASH_ONLY: KeySchemaInfo = { hashes: [{ name: "id", type: "S" }], ranges: [] };

const VALUES = { ":id": S("a"), ":n": N(1), ":m": N(5), ":s": S("x") };

function keyCondition(expression: string, schema: KeySchemaInfo = TABLE, values: Record<string, AttributeValue> = VALUES, names?: Record<string, string>) {
  const ctx = new ExpressionContext(names, values);
  return keyConditionOf(parseKeyCondition(expression, ctx), ctx, schema);
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe("ValidationException");
    return (error as Error).message;
  }
  throw new Error("expected a ValidationException");
}

describe("KeyConditionExpression", () => {
  it("returns the partition and the sort-key range", () => {
    const partition = { hashName: "id", hashValue: S("a"), hashValues: [S("a")], rangePrefix: [] };
    expect(keyCondition("id = :id")).toEqual(partition);
    expect(keyCondition("id = :id AND sk >= :n")).toEqual({ ...partition, range: { name: "sk", op: ">=", values: [N(1)] } });
    expect(keyCondition("sk BETWEEN :n AND :m AND id = :id")).toEqual({
      ...partition,
      range: { name: "sk", op: "BETWEEN", values: [N(1), N(5)] },
    });
    const untyped: KeySchemaInfo = { hashes: [{ name: "id" }], ranges: [{ name: "sk" }] };
    expect(keyCondition("#i = :id AND (begins_with(#s, :s))", untyped, VALUES, { "#i": "id", "#s": "sk" })).toEqual({
      ...partition,
      range: { name: "sk", op: "BEGINS_WITH", values: [S("x")] },
    });
  });

  it("turns `:value op key` around", () => {
    expect(keyCondition(":id = id AND :n < sk").range).toEqual({ name: "sk", op: ">", values: [N(1)] });
    expect(keyCondition("id = :id AND :n >= sk").range).toEqual({ name: "sk", op: "<=", values: [N(1)] });
  });

  it("refuses operators and functions a key condition cannot use", () => {
    expect(failure(() => keyCondition("id = :id OR sk = :n"))).toBe("Invalid operator used in KeyConditionExpression: OR");
    expect(failure(() => keyCondition("NOT id = :id"))).toBe("Invalid operator used in KeyConditionExpression: NOT");
    expect(failure(() => keyCondition("id IN (:id)"))).toBe("Invalid operator used in KeyConditionExpression: IN");
    expect(failure(() => keyCondition("id <> :id"))).toBe("Invalid operator used in KeyConditionExpression: <>");
    expect(failure(() => keyCondition("id = :id AND attribute_exists(sk)"))).toBe("Invalid operator used in KeyConditionExpression: attribute_exists");
    expect(failure(() => keyCondition("id = :id AND contains(sk, :n)"))).toBe("Invalid operator used in KeyConditionExpression: contains");
    expect(failure(() => keyCondition("id = :id AND size(sk) = :n"))).toBe("KeyConditionExpressions cannot contain nested operations");
  });

  it("refuses conditions of the wrong shape", () => {
    expect(failure(() => keyCondition("id = :id AND :n BETWEEN sk AND :m"))).toBe(
      "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
    );
    expect(failure(() => keyCondition("id = :id AND begins_with(:s, sk)"))).toBe(
      "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
    );
    expect(failure(() => keyCondition("id = sk"))).toBe("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    expect(failure(() => keyCondition("id.x = :id"))).toBe("KeyConditionExpressions cannot have conditions on nested attributes");
    expect(failure(() => keyCondition(":id = :s"))).toBe("Invalid condition in KeyConditionExpression: No key attribute specified");
    expect(failure(() => keyCondition("id = :id AND id = :s"))).toBe(
      "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
    );
    expect(failure(() => keyCondition("id = :id AND sk = :n AND x = :m"))).toBe(
      "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)",
    );
  });

  it("checks the key schema", () => {
    expect(failure(() => keyCondition("sk = :n"))).toBe("Query condition missed key schema element: id");
    expect(failure(() => keyCondition("id = :id AND x = :n"))).toBe("Query condition missed key schema element: sk");
    expect(failure(() => keyCondition("id = :id AND x = :n", HASH_ONLY))).toBe(
      "The number of query conditions (2) exceeds the number of key attributes defined in the schema (1)",
    );
    expect(failure(() => keyCondition("id > :id"))).toBe("Query key condition not supported");
    expect(failure(() => keyCondition("id = :n"))).toBe(
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    );
    expect(failure(() => keyCondition("id = :id AND sk = :s"))).toBe(
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    );
  });

  it("is a condition first: its syntax and validation messages name KeyConditionExpression", () => {
    expect(failure(() => keyCondition("id = "))).toBe('Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "= "');
    expect(failure(() => keyCondition("id = :nope"))).toBe(
      "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
    );
    expect(failure(() => keyCondition("id = :id AND begins_with(sk, :n)"))).toBe(
      "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    );
  });
});

describe("ProjectionExpression", () => {
  const ITEM: Item = {
    id: S("a"),
    n: N(1),
    l: { L: [N(0), N(1), { M: { x: N(1), y: N(2) } }, N(3)] },
    m: { M: { a: S("x"), b: { M: { c: S("y"), d: S("z") } } } },
    "dotted.name": S("yes"),
  };

  function projected(expression: string, names?: Record<string, string>): Item {
    return project(ITEM, parseProjection(expression, new ExpressionContext(names)));
  }

  it("keeps the projected attributes only", () => {
    expect(projected("n, id, absent")).toEqual({ n: N(1), id: S("a") });
    expect(projected("#d", { "#d": "dotted.name" })).toEqual({ "dotted.name": S("yes") });
  });

  it("keeps only the projected members of maps", () => {
    expect(projected("m.b.c, m.a")).toEqual({ m: { M: { b: { M: { c: S("y") } }, a: S("x") } } });
    expect(projected("m.zz")).toEqual({});
  });

  it("packs projected list elements in index order", () => {
    expect(projected("l[3], l[1]")).toEqual({ l: { L: [N(1), N(3)] } });
    expect(projected("l[2].y, l[0]")).toEqual({ l: { L: [N(0), { M: { y: N(2) } }] } });
    expect(projected("l[9], n")).toEqual({ n: N(1) });
    expect(projected("n[0], m[0], l.x")).toEqual({});
  });
});

describe("conditionAttributeNames", () => {
  it("lists the top-level attributes a filter reads", () => {
    const ctx = new ExpressionContext({ "#s": "sk" }, { ":v": N(1) });
    const ast = parseCondition("a.b = :v AND (size(#s) > :v OR contains(c[0], :v))", ctx, "FilterExpression");
    expect(conditionAttributeNames(ast, ctx)).toEqual(["a", "sk", "c"]);
  });
});
