/**
 * Code that imports the AWS SDK without installing it (Lambda's Node.js runtimes provide it):
 * written outside the repository, so no node_modules above it holds the SDK; the sandbox lends
 * its own, as the runtime's /var/runtime/node_modules.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

const root = mkdtempSync(join(tmpdir(), "sandbox-runtime-sdk-"));
let lambda: TestLambda;

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

const SDK_IMPORT = 'import { LambdaClient } from "@aws-sdk/client-lambda";\n';

beforeAll(async () => {
  write(join(root, "single/index.mjs"), `${SDK_IMPORT}export const handler = async () => typeof LambdaClient;\n`);
  // Not a bundle: the SDK import is in a module the handler's module imports.
  write(join(root, "nested/index.mjs"), 'import { clientType } from "./lib/client.mjs";\nexport const handler = async () => clientType();\n');
  write(join(root, "nested/lib/client.mjs"), `${SDK_IMPORT}export const clientType = () => typeof LambdaClient;\n`);
  write(join(root, "cjs/index.js"), 'const { LambdaClient } = require("@aws-sdk/client-lambda");\nexports.handler = async () => typeof LambdaClient;\n');
  write(join(root, "missing/index.mjs"), 'import { Client } from "@aws-sdk/client-not-in-any-sdk";\nexport const handler = async () => typeof Client;\n');
  lambda = await startLambda([
    fn("single", join(root, "single"), "index.handler"),
    fn("nested", join(root, "nested"), "index.handler"),
    fn("cjs", join(root, "cjs"), "index.handler"),
    fn("missing", join(root, "missing"), "index.handler"),
  ]);
});

afterAll(async () => {
  await lambda?.close();
  rmSync(root, { recursive: true, force: true });
});

const invoke = (FunctionName: string) => lambda.client.send(new InvokeCommand({ FunctionName, Payload: json({}) }));

describe("the AWS SDK the Node.js runtime provides", () => {
  it("is what an ES module's @aws-sdk import finds", async () => {
    const out = await invoke("single");
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toBe("function");
  });

  it("is what an ES module imported by the handler's module finds", async () => {
    const out = await invoke("nested");
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toBe("function");
  });

  it("lacking a client, fails the import naming the function's module", async () => {
    const out = await invoke("missing");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toMatchObject({
      errorMessage: `Cannot find package '@aws-sdk/client-not-in-any-sdk' imported from ${join(root, "missing", "index.mjs")}`,
    });
  });

  it("is what CommonJS require finds (NODE_PATH)", async () => {
    const out = await invoke("cjs");
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toBe("function");
  });
});
