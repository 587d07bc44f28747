// Step Functions Local's environment variables on `sandbox up`: SFN_MOCK_CONFIG (--mock-config)
// and WAIT_TIME_SCALE (--time-scale), so its users' scripts keep working.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-sfn-env-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const up = (env: NodeJS.ProcessEnv) => runBin(["up", "--no-template", "--in-memory", "--port", "0", "--edge-port", "0", "--log-format", "json"], { cwd: dir, env });

async function call(endpoint: string, action: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AWSStepFunctions.${action}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Record<string, any>;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("SFN_MOCK_CONFIG and WAIT_TIME_SCALE", () => {
  it("mock a Task and skip a Wait as Step Functions Local does", async () => {
    const mocks = join(dir, "MockConfigFile.json");
    writeFileSync(
      mocks,
      JSON.stringify({
        StateMachines: { Orders: { TestCases: { Paid: { Charge: "Charged" } } } },
        MockedResponses: { Charged: { "0": { Return: { Payload: { charged: true } } } } },
      }),
    );
    const r = up({ SFN_MOCK_CONFIG: mocks, WAIT_TIME_SCALE: "0" });
    const ready = await r.waitFor(/"type":"ready".*"endpoint":"([^"]+)"/);
    const endpoint = ready?.[1] ?? "";
    const { stateMachineArn } = await call(endpoint, "CreateStateMachine", {
      name: "Orders",
      roleArn: "arn:aws:iam::000000000000:role/sfn",
      definition: JSON.stringify({
        StartAt: "Later",
        States: {
          Later: { Type: "Wait", Seconds: 86_400, Next: "Charge" },
          Charge: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "charge" }, OutputPath: "$.Payload", End: true },
        },
      }),
    });
    const { executionArn } = await call(endpoint, "StartExecution", { stateMachineArn: `${stateMachineArn}#Paid` });
    let execution: Record<string, any> = {};
    for (let i = 0; i < 200; i++) {
      execution = await call(endpoint, "DescribeExecution", { executionArn });
      if (execution.status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(execution).toMatchObject({ status: "SUCCEEDED", output: '{"charged":true}' });
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("stop start-up on a missing or broken mock file, or a bad WAIT_TIME_SCALE, saying what to fix", async () => {
    const missing = await up({ SFN_MOCK_CONFIG: join(dir, "nope.json") }).result();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`The mock configuration ${join(dir, "nope.json")} does not exist.`);

    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "StateMachines": {\n    oops\n}');
    const bad = await up({ SFN_MOCK_CONFIG: broken }).result();
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${broken}:3`);

    const scale = await up({ WAIT_TIME_SCALE: "fast" }).result();
    expect(scale.code).toBe(1);
    expect(scale.stderr).toContain('WAIT_TIME_SCALE must be a number >= 0, got "fast".');
  });
});
