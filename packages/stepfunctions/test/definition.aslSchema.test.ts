/**
 * The schema check compiled once (aslSchema.ts) answers what asl-validator itself answers, which
 * compiles its schemas on every call.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { aslSchemaErrors } from "../src/engine/definition/aslSchema.js";
import type { JsonObject } from "../src/engine/asl/json.js";

type Validator = (definition: unknown, options: { checkPaths: boolean; checkArn: boolean }) => { errors: { "Error code": string }[] };
const aslValidator = createRequire(import.meta.url)("asl-validator") as Validator;

const DEFINITIONS: JsonObject[] = [
  { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
  { StartAt: "P", States: { P: { Type: "Pass", End: "yes" } } },
  { StartAt: "W", States: { W: { Type: "Wait", Seconds: "ten", End: true } } },
  { QueryLanguage: "JSONata", StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.x = ", Next: "S" }] }, S: { Type: "Succeed" } } },
  { StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "I", States: { I: { Type: "Task", End: true } } }, End: true } } },
];

describe("asl-validator's schema check, compiled once", () => {
  it("reports the errors asl-validator reports", () => {
    for (const definition of DEFINITIONS) {
      const expected = aslValidator(structuredClone(definition), { checkPaths: false, checkArn: false }).errors.filter((e) => e["Error code"] === "SCHEMA_VALIDATION_FAILED");
      expect(aslSchemaErrors(structuredClone(definition)), JSON.stringify(definition)).toEqual(expected);
    }
  });

  it("reports some error for each invalid definition above", () => {
    expect(DEFINITIONS.map((d) => aslSchemaErrors(structuredClone(d)).length > 0)).toEqual([false, true, true, true, true]);
  });
});
