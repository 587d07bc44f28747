import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createSandbox } from "@sam-sandbox/sandbox";

const template = join(import.meta.dirname, "fixtures", "app");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const dataDir = mkdtempSync(join(tmpdir(), "sandbox-sfn-load-"));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function status(sfn: SFNClient, executionArn: string | undefined, until: string): Promise<string | undefined> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status === until || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Step Functions loads after start-up when the template has no state machine (it is not
// needed for `sandbox up` to be ready); what it kept on disk must still resume.
describe("Step Functions loaded after start-up", () => {
  it("resumes a RUNNING execution a previous run left on disk", async () => {
    const first = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
    const sfn = new SFNClient({ endpoint: first.endpoint, region: "us-east-1", credentials });
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: "wait-an-hour",
        roleArn: "arn:aws:iam::000000000000:role/sfn",
        definition: JSON.stringify({
          StartAt: "Wait",
          States: { Wait: { Type: "Wait", Seconds: 3600, Next: "Done" }, Done: { Type: "Pass", Result: { ok: true }, End: true } },
        }),
      }),
    );
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: "{}" }));
    sfn.destroy();
    await first.stop();

    const second = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
    try {
      const again = new SFNClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
      await fetch(`${second.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "2h" }) });
      expect(await status(again, started.executionArn, "SUCCEEDED")).toBe("SUCCEEDED");
      again.destroy();
    } finally {
      await second.stop();
    }
  });
});
