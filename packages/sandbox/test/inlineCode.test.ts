import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

describe("InlineCode", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "inline-code"), port: 0, edgePort: 0, inMemory: true });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  });

  afterAll(async () => {
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("runs exports.handler as Lambda's index.js does, though the package.json above it says type: module", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: "inline-echo", Payload: JSON.stringify({ hello: "world" }) }));
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(out.Payload))).toEqual({ hello: "world" });
  });
});
