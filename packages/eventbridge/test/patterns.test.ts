import { TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const event = {
  version: "0",
  id: "e1",
  "detail-type": "Order Placed",
  source: "com.shop.orders",
  account: "000000000000",
  time: "2026-01-01T00:00:00Z",
  region: "us-east-1",
  resources: ["arn:aws:s3:::bucket/photo.png"],
  detail: { total: 42.5, state: "Shipped", ip: "10.0.1.20", ip6: "2001:db8::1", items: [{ sku: "A1" }, { sku: "B2" }], flag: null, customer: "Alice" },
};

const test = async (pattern: unknown) =>
  (await h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) }))).Result;

describe("TestEventPattern operators", () => {
  it.each([
    [{ source: ["com.shop.orders"] }, true],
    [{ source: ["other"] }, false],
    [{ detail: { state: [{ prefix: "Ship" }] } }, true],
    [{ detail: { state: [{ prefix: { "equals-ignore-case": "SHIP" } }] } }, true],
    [{ detail: { state: [{ suffix: "ped" }] } }, true],
    [{ detail: { state: [{ suffix: { "equals-ignore-case": "PED" } }] } }, true],
    [{ detail: { state: [{ "equals-ignore-case": "shipped" }] } }, true],
    [{ detail: { state: [{ "anything-but": ["Shipped", "Lost"] }] } }, false],
    [{ detail: { state: [{ "anything-but": { prefix: "Pend" } }] } }, true],
    [{ detail: { state: [{ "anything-but": { suffix: "ped" } }] } }, false],
    [{ detail: { state: [{ "anything-but": { "equals-ignore-case": ["shipped"] } }] } }, false],
    [{ detail: { state: [{ "anything-but": { wildcard: "S*d" } }] } }, false],
    [{ detail: { total: [{ numeric: [">", 40, "<=", 42.5] }] } }, true],
    [{ detail: { total: [{ numeric: ["<", 40] }] } }, false],
    [{ detail: { total: [{ "anything-but": 42.5 }] } }, false],
    [{ detail: { state: [{ numeric: [">", 0] }] } }, false],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { state: [{ exists: true }] } }, true],
    [{ detail: { state: [{ exists: false }] } }, false],
    [{ detail: { ip: [{ cidr: "10.0.0.0/16" }] } }, true],
    [{ detail: { ip: [{ cidr: "10.1.0.0/16" }] } }, false],
    [{ detail: { ip6: [{ cidr: "2001:db8::/32" }] } }, true],
    [{ resources: [{ wildcard: "arn:aws:s3:::bucket/*.png" }] }, true],
    [{ detail: { customer: [{ wildcard: "A*e" }] } }, true],
    [{ detail: { items: { sku: ["B2"] } } }, true],
    [{ detail: { flag: [null] } }, true],
    [{ $or: [{ source: ["nope"] }, { detail: { state: ["Shipped"] } }] }, true],
    [{ $or: [{ source: ["nope"] }, { detail: { state: ["Lost"] } }] }, false],
  ])("%j → %s", async (pattern, expected) => {
    expect(await test(pattern)).toBe(expected);
  });
});

describe("wildcard", () => {
  const matches = async (wildcard: string, value: string) =>
    (await h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify({ detail: { v: [{ wildcard }] } }), Event: JSON.stringify({ ...event, detail: { v: value } }) }))).Result;

  it.each([
    ["a*c", "abc", true],
    ["a*c", "abcd", false],
    ["*b*", "abc", true],
    ["ab*bc", "abc", false],
    ["a*b*a", "abba", true],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["abc", "abc", true],
  ])("%s against %j → %s", async (wildcard, value, expected) => {
    expect(await matches(wildcard, value)).toBe(expected);
  });

  it("answers at once for a long value a backtracking matcher would take minutes over", async () => {
    const long = "a".repeat(200_000);
    expect(await matches("a*a*a*a*b", long)).toBe(false);
    expect(await matches("a*a*a*a*a", long)).toBe(true);
  });
});

describe("invalid patterns", () => {
  const reason = async (pattern: string) => {
    try {
      await h.client.send(new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(event) }));
    } catch (error) {
      const e = error as { name: string; message: string };
      expect(e.name).toBe("InvalidEventPatternException");
      // Without Jackson's location (recorded-ruler.test.ts checks it).
      return e.message.replace("Event pattern is not valid. Reason: ", "").split("\n at [Source:")[0];
    }
    return expect.unreachable();
  };

  it.each([
    ['{"source": "x"}', '"source" must be an object or an array'],
    ['{"source": []}', "Empty arrays are not allowed"],
    ['{"source": [{"nope": 1}]}', "Unrecognized match type nope"],
    ['{"source": [{"prefix": 1}]}', "prefix match pattern must be a string"],
    ['{"source": [{"exists": "yes"}]}', "exists match pattern must be either true or false."],
    ['{"a": [{"numeric": [">"]}]}', "Value of > must be numeric"],
    ['{"a": [{"numeric": ["<", 1, ">", 0]}]}', "Too many elements in numeric expression"],
    ['{"a": [{"numeric": [">", 5, "<", 1]}]}', "Bottom must be less than top"],
    ['{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
    ['{"a": [{"wildcard": "a**b"}]}', "Consecutive wildcard characters at pos 2"],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', "Only one key allowed in match expression"],
    ["[1]", "Filter is not an object"],
  ])("%s → %s", async (pattern, expected) => {
    expect(await reason(pattern)).toBe(expected);
  });

  it("refuses an event missing the envelope's fields", async () => {
    const error = await h.client.send(new TestEventPatternCommand({ EventPattern: '{"source": ["x"]}', Event: '{"source": "x"}' })).catch((e: unknown) => e as { name: string; message: string });
    expect(error).toMatchObject({ name: "ValidationException", message: "Parameter Event is not valid." });
  });
});
