import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SandboxError } from "@sam-sandbox/core";
import { expect } from "vitest";
import { loadTemplate } from "../src/index.js";
import type { AppModel } from "../src/index.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Temporary app directories, removed by `cleanup()` (call it in afterAll). */
export class TempApps {
  private readonly dirs: string[] = [];

  /** A fresh directory named `name` holding `files` (path → content). */
  make(files: Record<string, string>, name = "app"): string {
    const root = mkdtempSync(join(tmpdir(), "sandbox-template-"));
    this.dirs.push(root);
    const dir = join(root, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** A copy of a fixture directory (loading may write .sandbox/inline into it). */
  copy(fixture: string): string {
    const root = mkdtempSync(join(tmpdir(), "sandbox-template-"));
    this.dirs.push(root);
    const dir = join(root, fixture);
    cpSync(join(FIXTURES, fixture), dir, { recursive: true });
    return dir;
  }

  /** Loads `template` (YAML unless the name ends in .json) from a fresh directory. */
  async load(template: string, options: { name?: string; parameterOverrides?: Record<string, string>; ssmParameterValues?: Record<string, string>; files?: Record<string, string> } = {}): Promise<AppModel> {
    const name = options.name ?? "template.yaml";
    const dir = this.make({ [name]: template, ...options.files });
    return loadTemplate({ file: join(dir, name), parameterOverrides: options.parameterOverrides, ssmParameterValues: options.ssmParameterValues });
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Awaits `promise`, expecting a SandboxError; returns it for further checks. */
export async function sandboxError(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SandboxError);
  return error as SandboxError;
}
