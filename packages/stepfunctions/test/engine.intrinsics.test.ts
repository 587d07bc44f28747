import { describe, expect, it } from "vitest";
import { evaluateIntrinsic } from "../src/engine/asl/intrinsics/evaluate.js";
import { parseIntrinsic } from "../src/engine/asl/intrinsics/parser.js";
import { StatesFailure } from "../src/engine/asl/failure.js";
import type { Json } from "../src/engine/asl/json.js";
import { run } from "./helpers.js";

function call(text: string, input: Json = {}): Json {
  return evaluateIntrinsic(text, { input, context: () => ({ Execution: { Name: "run-1" } }), variable: (name) => (name === "v" ? { found: true, value: [1, 2] } : { found: false, value: null }) }, () => 0.5);
}

function failure(text: string, input: Json = {}): StatesFailure {
  try {
    call(text, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error;
    throw error;
  }
  throw new Error(`${text} did not fail`);
}

describe("intrinsic call syntax", () => {
  it("parses nested calls, quoted strings with escapes, numbers and paths", () => {
    const parsed = parseIntrinsic("States.Format('it\\'s {} and \\{\\}', States.ArrayGetItem($.a[0], 1), -2.5, null, true, $$.Execution.Name)");
    expect(parsed.name).toBe("States.Format");
    expect(parsed.args.map((a) => a.kind)).toEqual(["literal", "call", "literal", "literal", "literal", "path"]);
    expect(parsed.args[0]).toEqual({ kind: "literal", value: "it's {} and \\{\\}" });
    expect(parsed.args[2]).toEqual({ kind: "literal", value: -2.5 });
  });
});

describe("the 18 intrinsic functions", () => {
  it("States.Format", () => {
    expect(call("States.Format('Hello, my name is {}.', $.name)", { name: "Arnav" })).toBe("Hello, my name is Arnav.");
    expect(call("States.Format('{} {} {} \\{\\}', 1, true, null)")).toBe("1 true null {}");
    expect(failure("States.Format('{} {}', 1)").cause).toBe("Invalid arguments in States.Format");
  });
  it("States.StringToJson / States.JsonToString", () => {
    expect(call("States.StringToJson($.s)", { s: '{"a":[1,2]}' })).toEqual({ a: [1, 2] });
    expect(call("States.JsonToString($.o)", { o: { a: 1, b: "x" } })).toBe('{"a":1,"b":"x"}');
    expect(failure("States.StringToJson('{bad')").error).toBe("States.Runtime");
  });
  it("States.Array", () => {
    expect(call("States.Array('Foo', 2020, $.o, $.n)", { o: { a: 1 }, n: null })).toEqual(["Foo", 2020, { a: 1 }, null]);
  });
  it("States.ArrayPartition", () => {
    expect(call("States.ArrayPartition($.a, 4)", { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(failure("States.ArrayPartition($.a, 0.49)", { a: [1] }).cause).toBe("Invalid arguments in States.ArrayPartition");
  });
  it("States.ArrayContains", () => {
    expect(call("States.ArrayContains($.a, $.v)", { a: [1, { x: [2] }], v: { x: [2] } })).toBe(true);
    expect(call("States.ArrayContains($.a, 3)", { a: [1, 2] })).toBe(false);
  });
  it("States.ArrayRange", () => {
    expect(call("States.ArrayRange(1, 9, 2)")).toEqual([1, 3, 5, 7, 9]);
    expect(call("States.ArrayRange(5, 1, -2)")).toEqual([5, 3, 1]);
    expect(call("States.ArrayRange(1.6, 1.4, 1)")).toEqual([1]);
    expect(call("States.ArrayRange(5, 1, 1)")).toEqual([]);
    expect(failure("States.ArrayRange(1, 10, 0)").cause).toBe("Invalid arguments in States.ArrayRange");
    expect(failure("States.ArrayRange(1, 1001, 1)").cause).toBe("Invalid arguments in States.ArrayRange");
    expect((call("States.ArrayRange(1, 1000, 1)") as number[]).length).toBe(1000);
  });
  it("States.ArrayGetItem / States.ArrayLength / States.ArrayUnique", () => {
    expect(call("States.ArrayGetItem($.a, 1)", { a: ["x", "y"] })).toBe("y");
    expect(call("States.ArrayLength($.a)", { a: [1, 2, 3] })).toBe(3);
    expect(call("States.ArrayUnique($.a)", { a: [1, 2, 1, { a: 1 }, { a: 1 }] })).toEqual([1, 2, { a: 1 }]);
    expect(failure("States.ArrayGetItem($.a, 5)", { a: [] }).cause).toBe("Invalid arguments in States.ArrayGetItem");
  });
  it("States.Base64Encode / States.Base64Decode", () => {
    expect(call("States.Base64Encode('Data to encode')")).toBe("RGF0YSB0byBlbmNvZGU=");
    expect(call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe("Data to encode");
    expect(failure("States.Base64Decode('***')").cause).toBe("Invalid arguments in States.Base64Decode");
  });
  it("States.Hash", () => {
    expect(call("States.Hash('input data', 'SHA-1')")).toBe("aaff4a450a104cd177d28d18d74485e8cae074b7");
    expect(call("States.Hash('a', 'MD5')")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(failure("States.Hash('a', 'SHA-3')").cause).toBe("Invalid arguments in States.Hash");
  });
  it("States.JsonMerge", () => {
    expect(call("States.JsonMerge($.a, $.b, false)", { a: { x: { y: 1 }, k: 1 }, b: { x: { z: 2 } } })).toEqual({ x: { z: 2 }, k: 1 });
    expect(failure("States.JsonMerge($.a, $.a, true)", { a: {} }).cause).toBe("Invalid arguments in States.JsonMerge");
  });
  it("States.MathRandom", () => {
    expect(call("States.MathRandom(1, 999)")).toBe(500);
    const seeded = call("States.MathRandom(1, 999, 1234)");
    expect(call("States.MathRandom(1, 999, 1234)")).toBe(seeded);
    expect(failure("States.MathRandom(1.4, 1.6)").cause).toBe("Invalid arguments in States.MathRandom");
  });
  it("States.MathAdd", () => {
    expect(call("States.MathAdd($.a, -1)", { a: 111 })).toBe(110);
    expect(failure("States.MathAdd($.a, 1)", { a: "x" }).cause).toBe("Invalid arguments in States.MathAdd");
    expect(failure("States.MathAdd(2147483647, 1)").error).toBe("States.Runtime");
  });
  it("States.StringSplit", () => {
    expect(call("States.StringSplit('1,2,3,4,5', ',')")).toEqual(["1", "2", "3", "4", "5"]);
    expect(call("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual(["This", "is", "a", "test", "string"]);
  });
  it("States.UUID", () => {
    expect(call("States.UUID()")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it("reads variables and the context object", () => {
    expect(call("States.ArrayLength($v)")).toBe(2);
    expect(call("States.Format('{}', $$.Execution.Name)")).toBe("run-1");
  });
  it("fails when a path argument selects nothing", () => {
    expect(failure("States.ArrayLength($.nope)").cause).toBe("The JsonPath argument for the field '$.nope' could not be found in the input '{}'");
  });
});

describe("intrinsics inside states", () => {
  it("evaluates nested calls in Parameters and fails the execution with States.Runtime on bad arguments", async () => {
    const ok = await run(
      { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "r.$": "States.ArrayRange(States.MathAdd($.base, 1), States.MathAdd($.base, 5), 2)" }, End: true } } },
      { base: 0 },
    );
    expect(ok.outcome).toEqual({ status: "SUCCEEDED", output: { r: [1, 3, 5] } });
    const bad = await run({ StartAt: "P", States: { P: { Type: "Pass", Parameters: { "r.$": "States.MathAdd($.a, 1)" }, End: true } } }, { a: "x" });
    expect(bad.outcome).toEqual({
      status: "FAILED",
      error: "States.Runtime",
      cause: "An error occurred while executing the state 'P' (entered at the event id #2). Invalid arguments in States.MathAdd",
    });
  });
});
