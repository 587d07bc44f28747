import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SandboxError } from "@sam-sandbox/core";
import { findTemplate } from "../src/index.js";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("findTemplate", () => {
  it("prefers template.yaml, then template.yml, then template.json", () => {
    let dir = apps.make({ "template.yaml": "", "template.json": "" });
    expect(findTemplate(dir)).toBe(join(dir, "template.yaml"));
    dir = apps.make({ "template.yml": "" });
    expect(findTemplate(dir)).toBe(join(dir, "template.yml"));
    dir = apps.make({ "template.json": "" });
    expect(findTemplate(dir)).toBe(join(dir, "template.json"));
  });

  it("finds the one stack in cdk.out", () => {
    const dir = apps.make({ "cdk.out/ApiStack.template.json": "{}", "cdk.out/manifest.json": "{}" });
    expect(findTemplate(dir)).toBe(join(dir, "cdk.out", "ApiStack.template.json"));
  });

  it("takes the stack, not its nested stacks' templates (<Parent><Id>.nested.template.json)", () => {
    const dir = apps.make({ "cdk.out/ApiStack.template.json": "{}", "cdk.out/ApiStackExtraE9A1B430.nested.template.json": "{}" });
    expect(findTemplate(dir)).toBe(join(dir, "cdk.out", "ApiStack.template.json"));
  });

  it("asks which stack when cdk.out holds several", () => {
    const dir = apps.make({ "cdk.out/A.template.json": "{}", "cdk.out/B.template.json": "{}" });
    expect(() => findTemplate(dir)).toThrow(SandboxError);
    expect(() => findTemplate(dir)).toThrow("cdk.out holds several stacks (A, B)");
  });

  it("says what to do when there is no template", () => {
    const dir = apps.make({ "README.md": "" });
    let error: unknown;
    try {
      findTemplate(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).message).toBe(`No template found in ${dir}`);
    expect((error as SandboxError).hint).toContain("cdk synth");
  });
});
