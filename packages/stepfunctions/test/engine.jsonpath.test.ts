import { describe, expect, it } from "vitest";
import { applyResultPath, selectPath } from "../src/engine/asl/jsonpath.js";
import { StatesFailure } from "../src/engine/asl/failure.js";
import { run } from "./helpers.js";

const doc = { a: { b: [1, 2, 3] }, items: [{ id: "x", n: 1 }, { id: "y", n: 5 }], "with space": { k: true } };

describe("JSONPath", () => {
  it("selects definite paths", () => {
    expect(selectPath("$", doc)).toEqual({ found: true, value: doc });
    expect(selectPath("$.a.b[1]", doc)).toEqual({ found: true, value: 2 });
    expect(selectPath("$.a.b[-1]", doc)).toEqual({ found: true, value: 3 });
    expect(selectPath("$['with space'].k", doc)).toEqual({ found: true, value: true });
    expect(selectPath("$.a.c", doc).found).toBe(false);
    expect(selectPath("$.a.b[9]", doc).found).toBe(false);
  });

  it("selects lists with indefinite paths (wildcards, deep scan, slices, filters)", () => {
    expect(selectPath("$.items[*].id", doc).value).toEqual(["x", "y"]);
    expect(selectPath("$..id", doc).value).toEqual(["x", "y"]);
    expect(selectPath("$.a.b[0:2]", doc).value).toEqual([1, 2]);
    expect(selectPath("$.items[?(@.n > 2)].id", doc).value).toEqual(["y"]);
    expect(selectPath("$.nothing[*]", doc)).toEqual({ found: true, value: [] });
  });

  it("puts a result at a ResultPath, creating objects on the way", () => {
    expect(applyResultPath({ a: 1 }, "$.b.c", 2)).toEqual({ a: 1, b: { c: 2 } });
    expect(applyResultPath({ a: { x: 1 } }, "$.a.y", 2)).toEqual({ a: { x: 1, y: 2 } });
    expect(applyResultPath({ list: [1, 2] }, "$.list[1]", 9)).toEqual({ list: [1, 9] });
  });

  it("fails with States.ResultPathMatchFailure when the input cannot hold the result", () => {
    let caught: unknown;
    try {
      applyResultPath("text", "$.a", 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatesFailure);
    expect(caught).toMatchObject({ error: "States.ResultPathMatchFailure", cause: 'Unable to apply ReferencePath $.a to input "text"' });
  });

  it("fails with States.Runtime for an InputPath that selects nothing", async () => {
    const { outcome } = await run({ StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.a.b", End: true } } }, { a: {} });
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.Runtime",
      cause: "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.a.b' : No results for path: $['a']['b']",
    });
  });

  it("gives {} for InputPath null and OutputPath null, and keeps the input for ResultPath null", async () => {
    const { outcome } = await run(
      {
        StartAt: "A",
        States: {
          A: { Type: "Pass", InputPath: null, Result: "ignored", ResultPath: null, Next: "B" },
          B: { Type: "Pass", OutputPath: null, End: true },
        },
      },
      { keep: 1 },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: {} });
  });
});
