import { ValidationException } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { ParseCache } from "../src/engine/expressions/cache.js";
import type { AttributeValue } from "../src/engine/types.js";
import {
  ExpressionContext,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  validateExpressionAttributes,
} from "../src/engine/expressions/index.js";

type Values = Record<string, AttributeValue>;

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe("ValidationException");
    return (error as Error).message;
  }
  throw new Error("expected a ValidationException");
}

const N = (n: number | string): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });

function condition(expression: string, values: Values = {}, names?: Record<string, string>, kind: "ConditionExpression" | "FilterExpression" = "ConditionExpression"): string {
  return message(() => parseCondition(expression, new ExpressionContext(names, values), kind));
}

function update(expression: string, values: Values = {}, names?: Record<string, string>): string {
  return message(() => parseUpdate(expression, new ExpressionContext(names, values)));
}

function projection(expression: string, names?: Record<string, string>): string {
  return message(() => parseProjection(expression, new ExpressionContext(names)));
}

describe("syntax errors", () => {
  it("names the offending token and its neighbours as DynamoDB does", () => {
    expect(condition("a = = :v", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"');
    expect(condition("foo")).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"');
    expect(update("SET _123 = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123"');
    expect(update("SET #a = :a, #b = :b,", { ":a": N(1), ":b": N(2) }, { "#a": "a", "#b": "b" })).toBe(
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
    );
    expect(update("SET a = list_append(x, 0)")).toBe('Invalid UpdateExpression: Syntax error; token: "0", near: ", 0)"');
    expect(projection("l[a]")).toBe('Invalid ProjectionExpression: Syntax error; token: "a", near: "[a]"');
    expect(projection("!!")).toBe('Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"');
    expect(message(() => parseKeyCondition("[object Object]", new ExpressionContext()))).toBe(
      'Invalid KeyConditionExpression: Syntax error; token: "[", near: "[object"',
    );
    expect(condition("attribute_type()")).toBe('Invalid ConditionExpression: Syntax error; token: ")", near: "()"');
    expect(update("SET")).toBe('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"');
    expect(update("SET a = ")).toBe('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= "');
  });

  it("reports the token where every reading of the expression fails", () => {
    expect(condition("pk = :pk AND begins_with sk, :sk", { ":pk": S("a"), ":sk": S("b") })).toBe(
      'Invalid ConditionExpression: Syntax error; token: "sk", near: "begins_with sk,"',
    );
    expect(condition("(a = :v", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"');
    expect(condition("a IN ()")).toBe('Invalid ConditionExpression: Syntax error; token: ")", near: "()"');
    expect(condition("(a = :v) = :w", { ":v": N(1), ":w": N(2) })).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: ") = :w"');
    expect(update("SET a = (b + :v) + c", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "+", near: ") + c"');
    expect(condition("a")).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"');
    expect(condition(":v", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"');
    expect(condition("a = :v )", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: ")", near: ":v )"');
    expect(condition("a.0 = :v", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: "0", near: ".0 ="');
    expect(update("SET a[:i] = :v", { ":v": N(1), ":i": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: ":i", near: "[:i]"');
    expect(update("SET a[#i] = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "#i", near: "[#i]"');
    expect(update("SET a[01] = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "1", near: "01]"');
    expect(update("HELLO b = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "HELLO", near: "HELLO b"');
    expect(update("SET :a = :b", { ":a": N(1), ":b": N(2) })).toBe('Invalid UpdateExpression: Syntax error; token: ":a", near: "SET :a ="');
    expect(update("SET b = :a + :b + :c")).toBe('Invalid UpdateExpression: Syntax error; token: "+", near: ":b + :c"');
    expect(update("SET c = if_not_exists(c, :a+:b)")).toBe('Invalid UpdateExpression: Syntax error; token: "+", near: ":a+:b"');
    expect(update("SET a = :v, REMOVE b", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "REMOVE", near: ", REMOVE b"');
  });

  it("treats keywords case-insensitively and as non-names", () => {
    expect(update("SET in = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "in", near: "SET in ="');
    expect(condition("a = :v and", { ":v": N(1) })).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "and"');
    expect(() => parseUpdate("sEt b = :v rEmOvE c", new ExpressionContext(undefined, { ":v": N(1) }))).not.toThrow();
  });

  it("lexes # and : without a name, quotes and other characters as tokens of their own", () => {
    expect(update("SET # = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "#", near: "SET # ="');
    expect(update("SET a = :", {})).toBe('Invalid UpdateExpression: Syntax error; token: ":", near: "= :"');
    expect(update('SET "hithere" = :v', { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: ""hithere"", near: "SET "hithere" ="');
    expect(update("SET hi-there = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: Syntax error; token: "-", near: "hi-there"');
  });

  it("refuses redundant parentheses", () => {
    const values = { ":v": N(1), ":w": N(2) };
    expect(condition("((a = :v))", values)).toBe("Invalid ConditionExpression: The expression has redundant parentheses;");
    expect(condition("((a)) = :v", values)).toBe("Invalid ConditionExpression: The expression has redundant parentheses;");
    expect(update("SET a = ((b + :v))", values)).toBe("Invalid UpdateExpression: The expression has redundant parentheses;");
    expect(update("SET a = ((b))", values)).toBe("Invalid UpdateExpression: The expression has redundant parentheses;");
    // One pair is fine, around a condition, an operand or an arithmetic term.
    const ctx = new ExpressionContext(undefined, values);
    expect(() => parseCondition("(a = :v) AND ((b = :w) OR NOT (c = :v))", ctx)).not.toThrow();
    expect(() => parseCondition("(a) = :v AND (size(b)) > (:w)", new ExpressionContext(undefined, values))).not.toThrow();
    expect(() => parseUpdate("SET a = (b + :v), c = (:w), d = (e) - (:v)", new ExpressionContext(undefined, values))).not.toThrow();
  });

  it("refuses empty and oversized expressions", () => {
    expect(condition("")).toBe("Invalid ConditionExpression: The expression can not be empty;");
    expect(update("")).toBe("Invalid UpdateExpression: The expression can not be empty;");
    expect(projection("")).toBe("Invalid ProjectionExpression: The expression can not be empty;");
    const long = `a${"z".repeat(4096)}`;
    expect(projection(long)).toBe("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
    expect(update(`SET ${long} = :v`)).toBe("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
    const filter = `${long} = :v`;
    expect(condition(filter, {}, undefined, "FilterExpression")).toBe(
      `Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: ${filter.length}`,
    );
    expect(() => parseProjection(`a${"z".repeat(4095)}`, new ExpressionContext())).not.toThrow();
  });

  it("limits IN to 100 operands and an expression to 300 operators", () => {
    const values: Values = {};
    for (let i = 0; i < 100; i++) values[`:v${i}`] = N(i);
    const keys = Object.keys(values);
    expect(condition(`a IN (${keys.join(", ")})`, values)).toBe(
      "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
    const { ":v0": _unused, ...ninetyNine } = values;
    expect(() => parseCondition(`a IN (${keys.slice(1).join(", ")})`, new ExpressionContext(undefined, ninetyNine))).not.toThrow();
    const many = Array.from({ length: 151 }, () => "a = :v0").join(" OR ");
    expect(condition(many, { ":v0": N(1) })).toBe("Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
  });
});

describe("condition validation", () => {
  it("refuses reserved words, in any case, but not behind #names", () => {
    expect(condition("name = :v", { ":v": N(1) })).toBe("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    expect(condition("a.Status = :v", { ":v": N(1) })).toBe("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
    expect(() => parseCondition("#n = :v", new ExpressionContext({ "#n": "name" }, { ":v": N(1) }))).not.toThrow();
  });

  it("refuses undefined placeholders, the first one written", () => {
    expect(condition("#a = :v", { ":v": N(1) })).toBe(
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a",
    );
    expect(condition("a = :v")).toBe("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    expect(condition(":w = #a", {}, {})).toBe("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w");
  });

  it("knows its functions, case-sensitively", () => {
    expect(condition("dog(a) = :v", { ":v": N(1) })).toBe("Invalid ConditionExpression: Invalid function name; function: dog");
    expect(condition("ATTRIBUTE_EXISTS(a)")).toBe("Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS");
  });

  it("refuses functions used where they do not belong", () => {
    const misused = (fn: string): string => `Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: ${fn}`;
    expect(condition("size(a)")).toBe(misused("size"));
    expect(condition("NOT size(a)")).toBe(misused("size"));
    expect(condition("attribute_exists(b) AND size(a)")).toBe(misused("size"));
    expect(condition("attribute_exists(a) < :v", { ":v": N(1) })).toBe(misused("attribute_exists"));
    expect(condition("begins_with(a, :v) = :t", { ":v": S("x"), ":t": { BOOL: true } })).toBe(misused("begins_with"));
    expect(condition("if_not_exists(a, a) = :v", { ":v": N(1) })).toBe(misused("if_not_exists"));
    expect(condition("list_append(a, a) = :v", { ":v": N(1) })).toBe(misused("list_append"));
    expect(condition("contains(attribute_type(a, :v), :v)", { ":v": S("S") })).toBe(misused("attribute_type"));
  });

  it("checks operand counts, distinct operands and operand types", () => {
    expect(condition("size(a, a) = :v", { ":v": N(5) })).toBe(
      "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2",
    );
    expect(condition("a = a")).toBe(
      "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
    );
    expect(condition("contains(#x.b[1], x.b[1])", {}, { "#x": "x" })).toBe(
      "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [x, b, [1]]",
    );
    expect(condition("attribute_exists(:v)", { ":v": N(3) })).toBe(
      "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists",
    );
    expect(condition("begins_with(a, :v)", { ":v": N(2) })).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    );
    expect(condition("size(:v) > :v", { ":v": N(2) })).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N",
    );
    expect(condition("attribute_type(a, :t)", { ":t": S("DOG") })).toBe(
      "Invalid ConditionExpression: Invalid attribute type name found; type: DOG, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
    );
    expect(condition("attribute_type(a, b)")).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}",
    );
    expect(condition("attribute_type(a, :t)", { ":t": N(1) })).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N",
    );
    expect(condition("a <= :m", { ":m": { M: {} } }, undefined, "FilterExpression")).toBe(
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: M",
    );
    expect(condition(":l < a", { ":l": { L: [] } })).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: L",
    );
  });

  it("checks constant BETWEEN bounds", () => {
    expect(condition("a BETWEEN :lo AND :hi", { ":lo": N(2), ":hi": S("dog") })).toBe(
      "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {S:dog}",
    );
    expect(condition("a BETWEEN :lo AND :hi", { ":lo": N(5), ":hi": N(1) })).toBe(
      "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}",
    );
    expect(() => parseCondition("a BETWEEN b AND :hi", new ExpressionContext(undefined, { ":hi": N(1) }))).not.toThrow();
  });

  it("reports errors in DynamoDB's order", () => {
    // unknown function before reserved word before undefined placeholder
    expect(condition("name = :x AND dog(a)")).toBe("Invalid ConditionExpression: Invalid function name; function: dog");
    expect(condition("size(a) AND name = :x")).toBe(
      "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size",
    );
    expect(condition(":x = #y AND name = :z")).toBe("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    // within one condition: placeholders, then operand counts, then distinct operands, then types
    expect(condition("begins_with(a, :n) AND size(b, c) = :u", { ":n": N(1) })).toBe(
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    );
    expect(condition("size(b, c) = :u")).toBe(
      "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :u",
    );
  });
});

describe("update validation", () => {
  const misused = (fn: string): string => `Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: ${fn}`;

  it("checks sections, functions and operand types", () => {
    expect(update("SET a = :v SET b = :v", { ":v": N(1) })).toBe('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
    expect(update("SET a = :v REMOVE b SET c = :v", { ":v": N(1) })).toBe(
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
    expect(update("SET a = f(b, c)")).toBe("Invalid UpdateExpression: Invalid function name; function: f");
    expect(update("SET a = LIST_APPEND(:a, :b)")).toBe("Invalid UpdateExpression: Invalid function name; function: LIST_APPEND");
    expect(update("SET a = list_append(list_append(:a, :b), :c)", { ":a": { L: [] }, ":b": { L: [] }, ":c": { L: [] } })).toBe(misused("list_append"));
    expect(update("SET a = size(b)")).toBe(misused("size"));
    expect(update("SET a = list_append(:a)", { ":a": { L: [] } })).toBe(
      "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1",
    );
    expect(update("SET a = list_append(:a, :b)", { ":a": { L: [] }, ":b": S("hi") })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S",
    );
    expect(update("SET b = if_not_exists(:a, :b)", { ":a": N(1), ":b": N(2) })).toBe(
      "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists",
    );
    expect(update("SET b = :a + :b", { ":a": S("dog"), ":b": N(3) })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S",
    );
    expect(update("SET b = :a - :b", { ":a": N(3), ":b": { L: [] } })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L",
    );
    expect(update("ADD a :v", { ":v": S("hello") })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
    );
    expect(update("ADD a :v", { ":v": { L: [] } })).toBe("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST");
    expect(update("DELETE a :v", { ":v": N(1) })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER",
    );
    expect(update("DELETE a :v", { ":v": { BOOL: true } })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: BOOLEAN",
    );
    const ok = new ExpressionContext(undefined, { ":n": N(1), ":s": { SS: ["x"] } });
    expect(() => parseUpdate("ADD a :n, b :s DELETE c :s", ok)).not.toThrow();
  });

  it("refuses overlapping and conflicting paths, after resolving names", () => {
    const values = { ":a": N(1), ":b": N(2) };
    const overlap = (one: string, two: string): string =>
      `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`;
    expect(update("SET a = :a, a.b = :b", values)).toBe(overlap("[a]", "[a, b]"));
    expect(update("SET a.b.c = :a, a.b = :b", values)).toBe(overlap("[a, b, c]", "[a, b]"));
    expect(update("SET a[1] = :a REMOVE a[1]", values)).toBe(overlap("[a, [1]]", "[a, [1]]"));
    expect(update("REMOVE a SET a = :a", values)).toBe(overlap("[a]", "[a]"));
    expect(update("SET #a1 = :a, #a2 = :b", values, { "#a1": "x", "#a2": "x" })).toBe(overlap("[x]", "[x]"));
    expect(update("SET a.b = :a, a[1] = :b", values)).toBe(
      "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]",
    );
    expect(() => parseUpdate("SET a.b = :a, a.c.d = :b, b.x = :a REMOVE a.x, a[1]", new ExpressionContext(undefined, values))).toThrow(/conflict/);
    expect(() => parseUpdate("SET a.b = :a, a.c.d = :b, b.x = :a REMOVE a.x, b.y", new ExpressionContext(undefined, values))).not.toThrow();
  });

  it("reports errors in DynamoDB's order", () => {
    expect(update("SET name = f(:x)")).toBe("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
    expect(update("SET a = f(:x) SET b = :y")).toBe("Invalid UpdateExpression: Invalid function name; function: f");
    expect(update("SET a = :x SET #b = :y")).toBe('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
    expect(update("SET a = :x, #b = :y")).toBe(
      "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
    );
    expect(update("SET a = :x, a = :y")).toBe(
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x",
    );
    expect(update("ADD a :s SET a = :n", { ":s": S("x"), ":n": N(1) })).toBe(
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    );
    expect(update("SET b = list_append(:n, :l) ADD a :s", { ":s": S("x"), ":n": N(1), ":l": { L: [] } })).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
    );
  });
});

describe("projection validation", () => {
  it("checks reserved words, names and overlaps", () => {
    expect(projection("a, name")).toBe("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    expect(projection("a, #b")).toBe(
      "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
    );
    expect(projection("a.b, a")).toBe(
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]",
    );
    expect(projection("a[0], a.b")).toBe(
      "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]",
    );
    const result = parseProjection("a.b[2].#c, d", new ExpressionContext({ "#c": "c.d" }));
    expect(result.paths).toEqual([["a", "b", 2, "c.d"], ["d"]]);
  });
});

describe("ExpressionContext", () => {
  it("refuses placeholders no expression of the request uses, names first", () => {
    const ctx = new ExpressionContext({ "#a": "a", "#b": "b", "#c": "c" }, { ":a": N(1), ":b": N(2) });
    parseUpdate("SET #a = :a", ctx);
    parseCondition("attribute_exists(#c)", ctx);
    expect(message(() => ctx.checkUnused())).toBe("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
    const values = new ExpressionContext(undefined, { ":a": N(1), ":b": N(2), ":c": N(3) });
    parseCondition("a = :a", values);
    expect(message(() => values.checkUnused())).toBe("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b, :c}");
  });

  it("counts placeholders used where evaluation would short-circuit", () => {
    const ctx = new ExpressionContext({ "#a": "a", "#b": "b" }, { ":a": N(1), ":b": N(2) });
    parseCondition("#a = :a OR #b = :b", ctx);
    expect(() => ctx.checkUnused()).not.toThrow();
  });

  it("marks uses even when the syntax tree comes from the cache", () => {
    for (let i = 0; i < 2; i++) {
      const ctx = new ExpressionContext({ "#a": "a" }, { ":a": N(1) });
      parseUpdate("SET #a = :a", ctx);
      expect(() => ctx.checkUnused()).not.toThrow();
    }
    for (let i = 0; i < 2; i++) expect(update("SET a = = :a")).toContain("Syntax error");
  });

  it("validates the maps themselves", () => {
    expect(message(() => validateExpressionAttributes({}, undefined))).toBe("ExpressionAttributeNames must not be empty");
    expect(message(() => validateExpressionAttributes({ a: "b" }, undefined))).toBe('ExpressionAttributeNames contains invalid key: Syntax error; key: "a"');
    expect(message(() => validateExpressionAttributes({ "#DE": "" }, undefined))).toBe(
      "ExpressionAttributeNames contains invalid value: Empty attribute name for key #DE",
    );
    expect(message(() => validateExpressionAttributes(undefined, {}))).toBe("ExpressionAttributeValues must not be empty");
    expect(message(() => validateExpressionAttributes(undefined, { "#v": N(1) }))).toBe(
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "#v"',
    );
    const problem = () => new ValidationException("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    expect(message(() => validateExpressionAttributes(undefined, { ":v": N(1) }, problem))).toBe(
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v",
    );
    expect(() => validateExpressionAttributes({ "#a_1": "x" }, { ":A9": N(1) })).not.toThrow();
  });
});

describe("ParseCache", () => {
  it("parses each expression text once and forgets the least recently used", () => {
    const cache = new ParseCache(2);
    let parses = 0;
    const parse = (text: string) => () => {
      parses++;
      return { text };
    };
    const first = cache.get("a", parse("a"));
    expect(cache.get("a", parse("a"))).toBe(first);
    cache.get("b", parse("b"));
    cache.get("a", parse("a")); // "a" is now the most recent
    cache.get("c", parse("c")); // evicts "b"
    expect(parses).toBe(3);
    cache.get("b", parse("b"));
    expect(parses).toBe(4);
    expect(cache.size).toBe(2);
  });

  it("remembers syntax errors too", () => {
    const cache = new ParseCache();
    let parses = 0;
    const failing = (): never => {
      parses++;
      throw new ValidationException("Invalid UpdateExpression: Syntax error; token: \"x\", near: \"x\"");
    };
    expect(() => cache.get("x", failing)).toThrow(ValidationException);
    expect(() => cache.get("x", failing)).toThrow('Invalid UpdateExpression: Syntax error; token: "x", near: "x"');
    expect(parses).toBe(1);
  });

  it("gives a request the same tree as every other request with that text", () => {
    const ctx = new ExpressionContext(undefined, { ":v": N(1) });
    expect(parseCondition("a = :v", ctx)).toBe(parseCondition("a = :v", ctx));
  });
});
