import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppModel } from "@sam-sandbox/template";
import { afterAll, describe, expect, it } from "vitest";
import { applyEnvVars, readEnvVars } from "../src/envVars.js";

const dir = mkdtempSync(join(tmpdir(), "env-vars-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function app(): AppModel {
  const fn = (logicalId: string, functionName: string, environment: Record<string, string>) => ({ logicalId, functionName, environment });
  return {
    functions: [fn("Api", "stack-Api-ABC123", { STAGE: "prod", TABLE: "t" }), fn("Worker", "worker", { STAGE: "prod" })],
  } as unknown as AppModel;
}

describe("applyEnvVars (sam local --env-vars)", () => {
  it("applies Parameters to every function, a function's own section over it, by logical id or function name", () => {
    const model = app();
    const unused = applyEnvVars(model, { Parameters: { STAGE: "dev" }, Api: { TABLE: "local", STAGE: "api" }, worker: { STAGE: "w" } });
    expect(model.functions[0].environment).toEqual({ STAGE: "api", TABLE: "local" });
    expect(model.functions[1].environment).toEqual({ STAGE: "w" });
    expect(unused).toEqual([]);
  });

  it("adds no variable the template does not declare, writes numbers and booleans as text, and names the sections no function matched", () => {
    const model = app();
    const unused = applyEnvVars(model, { Parameters: { NEW: "x", TABLE: 7 }, Wroker: { STAGE: true } });
    expect(model.functions[0].environment).toEqual({ STAGE: "prod", TABLE: "7" });
    expect(model.functions[1].environment).toEqual({ STAGE: "prod" });
    expect(unused).toEqual(["Wroker"]);
  });
});

describe("readEnvVars", () => {
  it("reads a file, and names the file and line of a JSON mistake", () => {
    const good = join(dir, "good.json");
    writeFileSync(good, '{"Parameters": {"STAGE": "dev"}}');
    expect(readEnvVars(good)).toEqual({ envVars: { Parameters: { STAGE: "dev" } }, file: good });
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "Parameters": {\n    "STAGE": dev\n  }\n}');
    expect(() => readEnvVars(bad)).toThrow(expect.objectContaining({ file: bad, line: 3 }));
  });

  it("refuses what SAM CLI's format cannot hold: not an object, a section that is not an object, a nested value", () => {
    expect(() => readEnvVars({ Parameters: "x" } as never)).toThrow('"Parameters" in the environment variables file must be an object of variables.');
    expect(() => readEnvVars({ Api: { LIST: ["a"] } } as never)).toThrow("The variable Api.LIST must be a string, number or boolean.");
    const file = join(dir, "array.json");
    writeFileSync(file, "[]");
    expect(() => readEnvVars(file)).toThrow(expect.objectContaining({ file, message: "The environment variables file must hold a JSON object." }));
    expect(() => readEnvVars(join(dir, "missing.json"))).toThrow(/Could not read the environment variables file/);
  });
});
