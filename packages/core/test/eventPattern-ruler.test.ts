/**
 * The event-pattern matcher checked against the test suite of Amazon's event-ruler (aws/event-ruler,
 * src/test/…), the library EventBridge runs: each case names the test it comes from. Features
 * EventBridge does not expose (the Machine API, "$and", "exactly") are left out.
 */
import { describe, expect, it } from "vitest";
import { EventPatternError, parseEventPattern } from "../src/eventPattern.js";

const matches = (pattern: unknown, event: unknown): boolean => parseEventPattern(typeof pattern === "string" ? pattern : JSON.stringify(pattern)).matches(event);

/** The text EventBridge puts after "Event pattern is not valid. Reason: ". */
const refusal = (pattern: string): string => {
  try {
    parseEventPattern(pattern);
  } catch (error) {
    if (error instanceof EventPatternError) return error.message;
    throw error;
  }
  throw new Error(`compiled: ${pattern}`);
};
const at = (pattern: string, column: number, line = 1) => `\n at [Source: (String)"${pattern}"; line: ${line}, column: ${column}]`;

// RulerTest JSON_FROM_README, JSON_FROM_RFC and JSON_WITH_COMPLEX_ARRAYS.
const README = {
  version: "0", id: "ddddd4-aaaa-7777-4444-345dd43cc333", "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2",
  account: "012345679012", time: "2017-10-02T16:24:49Z", region: "us-east-1", resources: ["arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000"],
  detail: { "c.count": 5, "d.count": 3, "x.limit": 301.8, "source-ip": "10.0.0.33", "instance-id": "i-000000aaaaaa00000", state: "running" },
};
const RFC = { Image: { Width: 800, Height: 600, Title: "View from 15th Floor", Thumbnail: { Url: "http://www.example.com/image/481989943", Height: 125, Width: 100 }, Animated: false, IDs: [116, 943, 234, 38793] } };
const COMPLEX_ARRAYS = {
  employees: [
    [{ firstName: "John", lastName: "Doe", ids: [1234, 1000, 9999] }, { firstName: "Anna", lastName: "Smith" }],
    [{ firstName: "Peter", lastName: "Jones", ids: [] }],
  ],
};

describe("RulerTest", () => {
  it.each([
    [{ "detail-type": ["EC2 Instance State-change Notification"], resources: ["arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000"], detail: { state: ["initializing", "running"] } }],
    [{ time: [{ prefix: "2017-10-02" }], detail: { state: [{ "anything-but": "initializing" }] } }],
    [{ detail: { "source-ip": [{ cidr: "10.0.0.0/24" }], "c.count": [{ numeric: [">", 0, "<=", 5] }], "d.count": [{ numeric: ["<", 10] }], "x.limit": [{ numeric: ["=", 3.018e2] }] } }],
    [{ detail: { state: [{ "anything-but": { prefix: "init" } }] } }],
    [{ detail: { "source-ip": [{ cidr: "10.0.0.0/8" }] } }],
  ])("WHEN_RulesFromReadmeAreTried_THEN_TheyWork %#", (rule) => {
    expect(matches(rule, README)).toBe(true);
  });

  it.each([
    [{ Image: { Width: [800], Thumbnail: { Height: [125, 300] } } }, true],
    [{ Image: { Thumbnail: { Url: [{ prefix: "http" }] } } }, true],
    [{
      Image: {
        Width: [{ numeric: ["<", 1000] }], Height: [{ numeric: ["<=", 600] }], Title: [{ "anything-but": "View from 15th Flood" }],
        Thumbnail: { Url: [{ prefix: "http" }], Height: [{ numeric: [">", 124, "<", 126] }], Width: [{ numeric: [">=", 99.999, "<=", 100] }] }, Animated: [false],
      },
    }, true],
    [{ Image: { Width: [{ numeric: ["<", 800] }] } }, false],
    [{ Image: { Height: [{ numeric: ["<", 599] }] } }, false],
    [{ Image: { Title: [{ "anything-but": "View from 15th Floor" }] } }, false],
    [{ Image: { Thumbnail: { Url: [{ prefix: "https" }] } } }, false],
    [{ Image: { Thumbnail: { Height: [{ numeric: [">", 124, "<", 125] }] } } }, false],
    [{ Image: { Thumbnail: { Width: [{ numeric: [">=", 100.00001, "<=", 1001] }] } } }, false],
    [{ Image: { Animated: [true] } }, false],
  ])("WHEN_WeWriteRulesToMatchVariousFieldCombos_THEN_TheyWork %#", (rule, expected) => {
    expect(matches(rule, RFC)).toBe(expected);
  });

  // Arrays of arrays are flattened; fields must still come from one element.
  it.each([
    [{ employees: { firstName: ["Anna"] } }, true],
    [{ employees: { firstName: ["John"], ids: [1000] } }, true],
    [{ employees: { firstName: ["Anna"], ids: [{ exists: false }] } }, true],
    [{ employees: { firstName: ["Alice"] } }, false],
    [{ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, false],
    [{ employees: { firstName: ["Alice"], lastName: ["Bob"] } }, false],
    [{ a: ["b"] }, false],
    [{ employees: ["b"] }, false],
    [{ employees: { firstName: ["Anna"], ids: [1000] } }, false],
    [{ employees: { firstName: ["Anna"], ids: [{ exists: true }] } }, false],
  ])("WHEN_JSONContainsArrays_THEN_RulerNoCompileMatchesWork %j → %s", (rule, expected) => {
    expect(matches(rule, COMPLEX_ARRAYS)).toBe(expected);
  });

  it("WHEN_WeTryToMatchExistsRules_THEN_TheyWork", () => {
    const rules = [{ a: [{ exists: true }] }, { b: [{ exists: false }] }, { x: [{ exists: true }] }, { x: [{ exists: false }] }];
    const events = [{ a: 1 }, { b: 2 }, { x: "X" }];
    const expected = [
      [true, true, false, true],
      [false, false, false, true],
      [false, true, true, false],
    ];
    expect(events.map((event) => rules.map((rule) => matches(rule, event)))).toEqual(expected);
  });

  it("WHEN_WeTryReallySimpleRules_THEN_TheyWork", () => {
    expect(matches({ a: [1] }, { a: 1 })).toBe(true);
    expect(matches({ b: [2] }, { b: 2 })).toBe(true);
    expect(matches({ x: ["X"] }, { x: "X" })).toBe(true);
    for (const rule of [{ a: [1] }, { b: [2] }, { x: ["X"] }]) expect(matches(rule, { x: true })).toBe(false);
  });

  it("WHEN_WeTryAnythingButRules_THEN_Theywork", () => {
    const rule = {
      a: [{ "anything-but": ["dad0", "dad1", "dad2"] }], b: [{ "anything-but": [111, 222, 333] }], c: [{ "anything-but": "zdd" }],
      d: [{ "anything-but": 444 }], z: [{ numeric: [">", 0, "<", 1] }], w: [{ "anything-but": { prefix: "zax" } }],
    };
    const events = [
      { a: "child1", b: "444", c: "child1", d: 123, w: "xaz", z: 0.001 },
      { a: "dad789", b: 789, c: "zdd", d: 123, w: "xaz", z: 0.001 },
      { a: "dad789", b: 789, c: "child1", d: 123, w: "xaz", z: 1.01 },
      { a: "dad1", b: 345, c: "child1", d: 123, w: "xaz", z: 0.001 },
      { a: "abc", b: 111, c: "child1", d: 123, w: "xaz", z: 0.001 },
      { a: "dad1", b: 333, c: "child1", d: 123, w: "xaz", z: 0.001 },
      { a: "abc", b: 0, c: "child1", d: 444, w: "xaz", z: 0.999999 },
      { a: "child1", b: "444", c: "child1", d: 123, w: "zaxonie", z: 0.001 },
    ];
    expect(events.map((event) => matches(rule, event))).toEqual([true, false, false, false, false, false, false, false]);
  });

  it("WHEN_WeTryEqualsIgnoreCaseRules_THEN_TheyWork", () => {
    const rule = { a: [{ "equals-ignore-case": "aBc" }], b: [{ "equals-ignore-case": "Def" }], c: [{ "equals-ignore-case": "xyZ" }] };
    const events = [
      { a: "ABC", b: "defx", c: "xYz", d: "rst" },
      { a: "ABC", c: "xYz", d: "rst" },
      { a: "ABC", b: "xYz", c: "def", d: "rst" },
      { a: "ABC", b: "def", c: "xYz", d: "rst" },
    ];
    expect(events.map((event) => matches(rule, event))).toEqual([false, false, false, true]);
  });

  it("WHEN_WeTryWildcardRules_THEN_TheyWork", () => {
    const rule = { a: [{ wildcard: "*bc" }], b: [{ wildcard: "d*f" }], c: [{ wildcard: "xy*" }], d: [{ wildcard: "xy*" }] };
    const events = [
      { a: "abcbc", b: "deeeefx", c: "xy", d: "xyzzz" },
      { a: "abcbc", b: "deeeef", d: "xyzzz" },
      { a: "abcbc", b: "xy", c: "deeeef", d: "xyzzz" },
      { a: "abcbc", b: "deeeef", c: "xy", d: "xyzzz" },
    ];
    expect(events.map((event) => matches(rule, event))).toEqual([false, false, false, true]);
  });
});

describe("MachineTest", () => {
  it("testWildcardMatching", () => {
    expect(matches({ a: [{ wildcard: "*bc" }] }, { a: "bc" })).toBe(true);
    expect(matches({ b: [{ wildcard: "d*ff" }] }, { b: "dexeff" })).toBe(true);
    expect(matches({ d: [{ wildcard: "12*4*" }] }, { d: "12345" })).toBe(true);
    expect(matches({ d: [{ wildcard: "12*4*" }] }, { d: "1235" })).toBe(false);
    expect(matches({ b: [{ wildcard: "d*f" }] }, { b: "de" })).toBe(false);
    expect(matches({ c: [{ wildcard: "xy*" }] }, { c: "abcxyz" })).toBe(false);
  });

  it("testSuffixMatching / testEqualsIgnoreCaseMatching", () => {
    expect(["zookeeper", "checker", "er"].map((a) => matches({ a: [{ suffix: "er" }] }, { a }))).toEqual([true, true, true]);
    expect(matches({ b: [{ suffix: "txt" }] }, { b: "Texttxt" })).toBe(true);
    expect(["abc", "AbC", "aabc"].map((a) => matches({ a: [{ "equals-ignore-case": "aBc" }] }, { a }))).toEqual([true, true, false]);
  });
});

describe("JsonRuleCompilerTest", () => {
  it("testBigNumbers: an account number past ComparableNumber's range still matches exactly", () => {
    expect(matches({ account: [123456789012] }, { account: 123456789012 })).toBe(true);
  });

  it("testVariantForms: a number, a numeric range, an IP literal and a CIDR all match", () => {
    const event = { a: 133.3, b: "192.0.2.0" };
    for (const rule of [{ a: [133.3] }, { a: [{ numeric: [">", 120, "<=", 140] }] }, { b: ["192.0.2.0"] }, { b: [{ cidr: "192.0.2.0/24" }] }]) {
      expect(matches(rule, event)).toBe(true);
    }
  });

  it("testCompile: the good patterns compile", () => {
    const goods = [
      { a: [1] }, { a: [{ prefix: "child" }] }, { a: [{ suffix: "child" }] }, { a: [{ prefix: { "equals-ignore-case": "child" } }] }, { a: [{ suffix: { "equals-ignore-case": "child" } }] },
      { a: [{ "anything-but": "child" }] }, { a: [{ "anything-but": ["child0", "child1", "child2"] }] }, { a: [{ "anything-but": [111, 222, 333] }] }, { a: [{ "anything-but": 111 }] },
      { a: [{ "anything-but": { prefix: "foo" } }] }, { a: [{ "anything-but": { prefix: ["abc", "123"] } }] }, { a: [{ "anything-but": { suffix: "foo" } }] },
      { a: [{ "anything-but": { suffix: ["abc", "123"] } }] }, { a: [{ "anything-but": { "equals-ignore-case": "rule" } }] }, { a: [{ "anything-but": { "equals-ignore-case": "" } }] },
      { a: [{ "anything-but": { "equals-ignore-case": ["abc", "123"] } }] }, { a: [{ "anything-but": { "equals-ignore-case": ["abc", ""] } }] },
      { a: [{ "anything-but": { wildcard: "foo*bar" } }] }, { a: [{ "anything-but": { wildcard: "" } }] }, { a: [{ "anything-but": { wildcard: ["foo*bar", "*foobar*"] } }] },
      { a: [{ "anything-but": { wildcard: ["foo*bar", ""] } }] }, { a: [{ exists: true }] }, { a: [{ exists: false }] }, { a: [{ cidr: "10.0.0.0/8" }] },
      { a: [{ "equals-ignore-case": "abc" }] }, { a: [{ wildcard: "a*b*c" }] },
    ];
    for (const good of goods) expect(() => parseEventPattern(JSON.stringify(good))).not.toThrow();
  });

  it("testCompile: the bad patterns are refused", () => {
    const bads = [
      "[1,2,3]", '{"a":1}', '{"a":[ { "x":2 } ]}', '{ "foo": {}}', '{ "foo": []}',
      '{"a": [ { "prefix": "child", "foo": [] } ] }', '{"a": [ { "prefix": 3 } ] }', '{"a": [ { "suffix": "child", "foo": [] } ] }', '{"a": [ { "suffix": 3 } ] }',
      '{"a": [ { "foo": "child" } ] }', '{"a": [ { "cidr": "foo" } ] }', '{"a": [ { "anything-but": "child", "foo": [] } ] }', '{"a": [ { "anything-but": ["child0",111,"child2"] } ] }',
      '{"a": [ { "anything-but": { "prefix": 27 } } ] }', '{"a": [ { "anything-but": { "prefix": "" } } ] }', '{"a": [ { "anything-but": { "prefix": "foo", "a":1 } } ] }',
      '{"a": [ { "anything-but": { "prefix": "foo" }, "x": 1 } ] }', '{"a": [ { "anything-but": { "prefix": ["1", ""] } } ] }', '{"a": [ { "anything-but": { "prefix": [1, 2, 3] } } ] }',
      '{"a": [ { "anything-but": { "suffix": 27 } } ] }', '{"a": [ { "anything-but": { "suffix": "" } } ] }', '{"a": [ { "anything-but": { "suffix": ["1", ""] } } ] }',
      '{"a": [ { "anything-but": { "equals-ignore-case": [1, 2, 3] } } ] }', '{"a": [ { "anything-but": { "wildcard": 27 } } ] }',
      '{"a": [ { "anything-but": { "wildcard": "foo", "a":1 } } ] }', '{"a": [ { "anything-but": { "wildcard": "foo**bar" } } ] }', '{"a": [ { "anything-but": { "wildcard": "foo*bar\\\\" } } ] }',
      '{"a": [ { "anything-but": { "wildcard": ["1", "foo**bar"] } } ] }', '{"a": [ { "anything-but": { "wildcard": ["1", "foo*bar\\\\"] } } ] }', '{"a": [ { "anything-but": { "wildcard": [1, 2, 3] } } ] }',
      '{"a": [ { "equals-ignore-case": 5 } ] }', '{"a": [ { "equals-ignore-case": [ "abc" ] } ] }', '{"a": [ { "prefix": { "invalid-expression": [ "abc" ] } } ] }',
      '{"a": [ { "prefix": { "equals-ignore-case": 5 } } ] }', '{"a": [ { "prefix": { "equals-ignore-case": [ "abc" ] } } ] }', '{"a": [ { "prefix": { "equals-ignore-case": "abc", "test": "def" } } ] }',
      '{"a": [ { "prefix": { "equals-ignore-case": "abc" }, "test": "def" } ] }', '{"a": [ { "suffix": { "invalid-expression": [ "abc" ] } } ] }', '{"a": [ { "suffix": { "equals-ignore-case": 5 } } ] }',
      '{"a": [ { "wildcard": 5 } ] }', '{"a": [ { "wildcard": [ "abc" ] } ] }',
    ];
    for (const bad of bads) expect(() => parseEventPattern(bad), bad).toThrow(EventPatternError);
  });

  it("testNumericExpressions", () => {
    const goods = ['["=", 3.8]', '["=", 0.00000033]', '["=", -4e-8]', '["=", 55555]', '["<", 3.8]', '[">", -4e-8]', '["<=", 55555]', '[">=", 0.00000033]', '[">", 0, "<", 1]', '[">=", 0, "<", 1]', '[">", 0, "<=", 1]', '[">=", 0, "<=", 1]'];
    const bads = [
      '["=", true]', '["=", 2.0e22]', '["=", "-4e-8"]', '["="]', '["<", true]', '["<", 2.0e22]', '["<", "-4e-8"]', '["<"]', '[">=", true]', '[">=", 2.0e22]', '[">=", "-4e-8"]', '[">="]',
      '["<=", true]', '["<=", 2.0e22]', '["<=", "-4e-8"]', '["<="]', '["<>", 1, ">", 0]', '["==", 1, ">", 0]', '["<", 1, ">", 0]', '[">", 1, "<", 1]', '[">", 30, "<", 1]', '[">", 1, "<", 30, false]',
    ];
    for (const good of goods) expect(() => parseEventPattern(`{"x": [{"numeric": ${good}}]}`), good).not.toThrow();
    for (const bad of bads) expect(() => parseEventPattern(`{"x": [{"numeric": ${bad}}]}`), bad).toThrow(EventPatternError);
  });

  it("testExistsExpression", () => {
    for (const good of ["true ", " false "]) expect(() => parseEventPattern(`{"x": [{"exists": ${good}}]}`)).not.toThrow();
    for (const bad of ['"badString"', '"= abc"', 'true, "extraKey": "extraValue" ']) expect(() => parseEventPattern(`{"x": [{"exists": ${bad}}]}`)).toThrow(EventPatternError);
  });

  it("testWildcardConsecutiveWildcards: the position counts the opening quote, the location is past the value", () => {
    const pattern = '{"key": [{"wildcard": "abc**def"}]}';
    expect(refusal(pattern)).toBe(`Consecutive wildcard characters at pos 4${at(pattern, 33)}`);
  });

  it("testBasicFunctionOfOrRelationshipRules", () => {
    const event = {
      detail: { "detail-type": "EC2 Instance State-change Notification", resources: "arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000", info: { "state-status": "running", "state-count": { count: 100 } }, "c-count": 1, "d-count": 8 },
      news: { newsProviders: "p1", newCondition1: "news111", newCondition2: "news222" },
    };
    const or = [{ "c-count": [{ numeric: [">", 0, "<=", 5] }] }, { "d-count": [{ numeric: ["<", 10] }] }, { "x-limit": [{ numeric: ["=", 3.018e2] }] }];
    expect(matches({ detail: { $or: or } }, event)).toBe(true);
    const rule2 = {
      detail: { "detail-type": ["EC2 Instance State-change Notification"], resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"], info: { "state-status": ["initializing", "running"], "state-count": { count: [100] } }, $or: or },
      news: { newsProviders: ["p1", "p2"], $or: [{ newCondition1: ["news111"] }, { newCondition2: ["news222"] }] },
    };
    expect(matches(rule2, event)).toBe(true);
  });
});

describe("ComparableNumberTest", () => {
  it("tinyNumberTest: millionths compare exactly at the bounds, closed and open", () => {
    for (let d = 0; d < 9.0e-6; d += 1.0e-6) {
      expect(matches({ a: [{ numeric: [">=", 2.0e-6, "<=", 4.0e-6] }] }, { a: d }), String(d)).toBe(d >= 2.0e-6 && d <= 4.0e-6);
      expect(matches({ a: [{ numeric: [">", 2.0e-6, "<", 4.0e-6] }] }, { a: d }), String(d)).toBe(d > 2.0e-6 && d < 4.0e-6);
    }
  });

  it("epocTimestampRangeTest: epoch seconds at and around the bounds", () => {
    const lessThan = { timestamp: [{ numeric: ["<=", 1628872008] }] };
    const between = { timestamp: [{ numeric: [">=", 1628872008, "<=", 1629044808] }] };
    const greaterThan = { timestamp: [{ numeric: [">=", 1629044808] }] };
    for (const tt of [1628872000, 1628872007, 1628872008, 1628872009, 1629044807, 1629044808, 1629044809]) {
      const event = { timestamp: tt };
      expect([matches(lessThan, event), matches(between, event), matches(greaterThan, event)], String(tt)).toEqual([tt <= 1628872008, tt >= 1628872008 && tt <= 1629044808, tt >= 1629044808]);
    }
  });
});

describe("correctness-cases.json (array consistency: a nested pattern's fields come from one array element)", () => {
  const exists = [{ exists: true }];
  it.each([
    ["flat: 2-field exists, one missing", { d: { a: exists, b: exists } }, { d: { a: 1 } }, false],
    ["objarray: same element", { d: { a: exists, b: exists } }, { d: [{ a: 1, b: 2 }] }, true],
    ["objarray: split", { d: { a: exists, b: exists } }, { d: [{ a: 1 }, { b: 2 }] }, false],
    ["objarray: 3 elem, last valid", { d: { a: exists, b: exists } }, { d: [{ a: 1 }, { b: 2 }, { a: 3, b: 4 }] }, true],
    ["objarray: exact split", { d: { name: ["alice"], status: ["active"] } }, { d: [{ name: "alice" }, { status: "active" }] }, false],
    ["primarray: exact match", { tags: ["admin"] }, { tags: ["user", "admin"] }, true],
    ["nested: inner same", { u: { t: { k: ["color"], v: ["blue"] } } }, { u: [{ t: [{ k: "color", v: "blue" }] }] }, true],
    ["nested: inner split", { u: { t: { k: ["color"], v: ["blue"] } } }, { u: [{ t: [{ k: "color" }, { v: "blue" }] }] }, false],
    ["nested: outer split", { d: { name: exists, info: { x: ["1"] } } }, { d: [{ name: "alice" }, { info: { x: "1" } }] }, false],
    ["nested: outer same", { d: { name: exists, info: { x: ["1"] } } }, { d: [{ name: "alice", info: { x: "1" } }] }, true],
    ["nested2: split leaf", { a: { b: { x: exists, y: exists } } }, { a: [{ b: [{ x: 1 }, { y: 2 }] }] }, false],
    ["mixed: array+scalar fail", { users: { name: exists }, version: ["2"] }, { users: [{ name: "alice" }], version: "1" }, false],
    ["exists-false: absent", { d: { a: exists, b: [{ exists: false }] } }, { d: [{ a: 1 }] }, true],
    ["exists-false: present", { d: { a: exists, b: [{ exists: false }] } }, { d: [{ a: 1, b: 2 }] }, false],
    ["empty object", { d: { a: exists } }, {}, false],
    ["empty array", { d: { a: exists } }, { d: [] }, false],
    ["many elem one valid", { d: { a: ["target"], b: ["found"] } }, { d: [{ a: "x" }, { a: "y" }, { a: "target", b: "found" }, { a: "z" }] }, true],
    ["numeric+exists array", { i: { p: [{ numeric: [">", 0, "<", 100] }], n: exists } }, { i: [{ n: "w", p: 50 }, { n: "g", p: 200 }] }, true],
    ["anything-but array", { u: { s: [{ "anything-but": "banned" }], n: exists } }, { u: [{ n: "alice", s: "banned" }, { n: "bob", s: "active" }] }, true],
    ["primarray: numeric in array", { d: { vals: [{ numeric: [">", 0, "<", 10] }], type: exists } }, { d: { vals: [100, 5, 200], type: "ok" } }, true],
    ["primarray: anything-but in array", { d: { tags: [{ "anything-but": "banned" }], type: exists } }, { d: { tags: ["banned", "ok"], type: "x" } }, true],
    ["primarray: empty prim array", { d: { name: exists, type: exists } }, { d: { name: [], type: "x" } }, false],
    ["mixed: obj-array split + prim-array", { users: { name: exists, email: exists }, tags: ["admin"] }, { users: [{ name: "alice" }, { email: "b@x" }], tags: ["admin"] }, false],
    ["N emails, only last element has name", { detail: { email: exists, name: exists } }, { detail: [{ email: "a@x" }, { email: "b@x" }, { email: "c@x" }, { email: "d@x" }, { email: "e@x", name: "eve" }] }, true],
    ["suffix match split", { d: { name: [{ suffix: "ice" }], type: exists } }, { d: [{ name: "alice" }, { type: "user" }] }, false],
  ])("%s", (_, rule, event, expected) => {
    expect(matches(rule, event)).toBe(expected);
  });
});

describe("CIDRTest", () => {
  it("SpotMalformedCIDRs", () => {
    const bads = [
      "192.168.0.1/33", "foo", "foo/bar/baz", "192.168.0.1/foo", "192.168.0.1/-3424", "snorkle/3", "10.10.10.10.10/3", "2.1.0.-1/3",
      "2400:6500:3:3:3:3:3:3:3:3FF00::36FB:1F80/122", "2400:6500:3:3:-5:3:3:3:3:3FF00::36FB:1F80/122", "2400:6500:FF00::36FB:1F80/222",
    ];
    for (const bad of bads) expect(() => parseEventPattern(JSON.stringify({ a: [{ cidr: bad }] })), bad).toThrow(EventPatternError);
  });

  it("words the refusals as CIDR.cidr does, without a location (an IllegalArgumentException, not a parse error)", () => {
    const reason = (cidr: string) => refusal(JSON.stringify({ a: [{ cidr }] }));
    expect(reason("10.0.0.0")).toBe("Malformed CIDR, one '/' required");
    expect(reason("10.0.0.0/")).toBe("Malformed CIDR, one '/' required");
    expect(reason("10.0.0.0/x")).toBe("Malformed CIDR, mask bits must be an integer");
    expect(reason("192.168.0.1/-3424")).toBe("Malformed CIDR, mask bits must not be negative");
    expect(reason("192.168.0.1/32")).toBe("IPv4 mask bits must be < 32");
    expect(reason("2400:6500:FF00::36FB:1F80/222")).toBe("IPv6 mask bits must be < 128");
    expect(reason("snorkle/3")).toBe("Nonstandard IP address: snorkle");
    expect(reason("700.168.0.1/8")).toBe("Invalid IP address: 700.168.0.1");
  });

  it("TestCorrectRanges: the range is the whole block, whatever host bits the address has (computeBottomBytes)", () => {
    expect(matches({ a: [{ cidr: "54.240.196.171/24" }] }, { a: "54.240.196.0" })).toBe(true);
    expect(matches({ a: [{ cidr: "54.240.196.171/24" }] }, { a: "54.240.196.255" })).toBe(true);
    expect(matches({ a: [{ cidr: "54.240.196.171/24" }] }, { a: "54.240.197.0" })).toBe(false);
    expect(matches({ a: [{ cidr: "13.32.0.0/15" }] }, { a: "13.33.255.255" })).toBe(true);
    expect(matches({ a: [{ cidr: "13.32.0.0/15" }] }, { a: "13.34.0.0" })).toBe(false);
    expect(matches({ a: [{ cidr: "2400:6500:FF00::36FB:1F80/122" }] }, { a: "2400:6500:ff00::36fb:1fbf" })).toBe(true);
    expect(matches({ a: [{ cidr: "2400:6500:FF00::36FB:1F80/122" }] }, { a: "2400:6500:ff00::36fb:1fc0" })).toBe(false);
    expect(matches({ a: [{ cidr: "10.0.0.0/8" }] }, { a: "::a00:1" })).toBe(false);
  });

  it("TestCorrectRangesForSingleIpAddress: a literal address matches the address however it is written", () => {
    expect(matches({ a: ["2001:db8::ff00:42:8329"] }, { a: "2001:0DB8:0000:0000:0000:FF00:0042:8329" })).toBe(true);
    expect(matches({ a: ["::f"] }, { a: "0:0:0:0:0:0:0:F" })).toBe(true);
    expect(matches({ a: ["255.255.255.26"] }, { a: "255.255.255.27" })).toBe(false);
    expect(matches({ a: ["192.0.2.0"] }, { a: "192.0.2.0" })).toBe(true);
  });
});

describe("WildcardParser (ByteMachineTest's wildcard escapes)", () => {
  it.each([
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["a\\\\*", "a\\xyz", true],
    ["a\\\\*", "axyz", false],
    ["\\**", "*abc", true],
    ["*", "", true],
    ["", "", true],
    ["d\u00e9j\u00e0*vu", "d\u00e9j\u00e0 vu", true],
  ])("%s against %j → %s", (wildcard, value, expected) => {
    expect(matches({ a: [{ wildcard }] }, { a: value })).toBe(expected);
  });

  it("refuses an escape of anything but * and \\, at its UTF-8 byte position in the quoted value", () => {
    const pattern = '{"a": [{"wildcard": "\u00e9\\\\d"}]}';
    expect(refusal(pattern)).toBe(`Invalid escape character at pos 3${at(pattern, 27)}`);
    const trailing = '{"a": [{"wildcard": "foo*bar\\\\"}]}';
    expect(refusal(trailing)).toBe(`Invalid escape character at pos 8${at(trailing, 32)}`);
    const multibyte = '{"a": [{"wildcard": "\u00e9**"}]}';
    expect(refusal(multibyte)).toBe(`Consecutive wildcard characters at pos 3${at(multibyte, 26)}`);
  });
});

describe("JsonRuleCompiler's refusals, located where Jackson stands", () => {
  it.each([
    // processMatchExpression: each key is read in turn, so the first one's complaint comes first.
    ['{"a": [{}]}', "Match expression name not found", 10],
    ['{"a": [{"prefix": 3, "suffix": "x"}]}', "prefix match pattern must be a string", 20],
    ['{"a": [{"foo": "x", "prefix": "a"}]}', "Unrecognized match type foo", 17],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', "Only one key allowed in match expression", 35],
    ['{"a": [{"prefix": {"foo": "x"}}]}', "Unsupported prefix pattern: foo", 28],
    ['{"a": [{"suffix": {"foo": "x"}}]}', "Unsupported suffix pattern: foo", 28],
    ['{"a": [{"suffix": {}}]}', "Suffix expression name not found", 21],
    ['{"a": [{"anything-but": {}}]}', "Anything-But expression name not found", 27],
    ['{"a": [{"anything-but": {"foo": 3}}]}', "Unsupported anything-but pattern: foo", 34],
    ['{"a": [{"anything-but": "x", "b": 1}]}', "Too many elements in numeric expression", 36],
    ['{"a": [{"numeric": [">", 0], "b": 1}]}', "Too many elements in numeric expression", 36],
    ['{"a": [{"numeric": []}]}', "Invalid member in numeric match: ]", 22],
    ['{"a": [{"numeric": [5.0]}]}', "Invalid member in numeric match: 5.0", 24],
    ['{"a": [{"numeric": ["!", 5]}]}', "Unrecognized numeric range operator: !", 27],
    ['{"a": [{"numeric": [">", 1, 2]}]}', "Bad value in numeric range: 2", 30],
    ['{"a": [{"numeric": [">", 1, "<", 30, false]}]}', "Too many terms in numeric range expression", 43],
    ['{"a": [{"numeric": [">", 5, "<", 1]}]}', "Bottom must be less than top", 36],
    ['{"a": [{"numeric": ["=", 2.0e22]}]}', "Value must be between -5.0E11 and 5.0E11, inclusive", 33],
    ['{"a": [{"anything-but": [1, 6e11]}]}', "Value must be between -5.0E11 and 5.0E11, inclusive", 33],
    ['{"a": [[1]]}', "Match value must be String, number, true, false, or null", 9],
    ['{"a": [{"cidr": 1}]}', "prefix match pattern must be a string", 18],
    ['{"a": [{"exists": true, "b": 1}]}', "Only one key allowed in match expression", 31],
    ['{"a": {"$or": [{"b": [1]}, {"numeric": [1]}]}}', "numeric is Ruler reserved fieldName which cannot be used inside $or.", 41],
    ['{"a": {}}', "Empty objects are not allowed", 9],
    ["{}", "Empty objects are not allowed", 3],
    ['"a"', "Filter is not an object", 2],
  ])("%s → %s", (pattern, reason, column) => {
    expect(refusal(pattern)).toBe(reason + at(pattern, column));
  });

  it("repeats the location where event-ruler catches its own parse error and raises it again", () => {
    const list = '{"a": [{"anything-but": [1, null]}]}';
    expect(refusal(list)).toBe(`Inside anything but list, start|null|boolean is not supported.${at(list, 33)}${at(list, 33)}`);
    const prefix = '{"a": [{"anything-but": {"prefix": ["x", ""]}}]}';
    expect(refusal(prefix)).toBe(`Null prefix/suffix not allowed${at(prefix, 44)}${at(prefix, 44)}`);
    // A single value is read outside that try block: once.
    const single = '{"a": [{"anything-but": {"prefix": ""}}]}';
    expect(refusal(single)).toBe(`Null prefix/suffix not allowed${at(single, 38)}`);
  });

  it("counts lines as Jackson does", () => {
    const pattern = '{\n  "detail": {\n    "pipeline": { "slug": "some-pipeline" }\n  }\n}';
    expect(refusal(pattern)).toBe(`"slug" must be an object or an array${at(pattern, 28, 3)}`);
  });

  it("reports an anything-but number past ComparableNumber's range without a location", () => {
    expect(refusal('{"a": [{"anything-but": 6e11}]}')).toBe("Value must be between -5.0E11 and 5.0E11, inclusive");
    expect(() => parseEventPattern('{"a": [{"numeric": [">=", 1.7e9, "<", 5e11]}]}')).not.toThrow();
  });
});
