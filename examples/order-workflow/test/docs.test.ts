// Runs the commands of README.md against a real sandbox (README.ja.md must hold the same
// commands and documented answers), so the docs never drift from what the example does. The
// sandbox runs at real speed, as `npx sandbox up` does: the Retry back-off really takes its
// seconds and a bank transfer really waits until `sandbox time advance`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlAnswer, has, onSandbox, runShell, type SandboxUrls, shCommands, startsAndServes } from "../../../test/helpers/readme.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(exampleDir, "..", "..");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:order-workflow-place-order";
/** Covers the README's slowest command: a mocked order failing after 1 + 2 + 4 s of back-off. */
const SETTLE_TIMEOUT_MS = 30_000;
/** How long one command may run (runShell kills it then). */
const COMMAND_MS = 30_000;

const readme = (file: string) => shCommands(readFileSync(join(exampleDir, file), "utf8"));
const hasCurl = has("curl");
const hasAws = has("aws");

// Each sandbox here keeps its state in a directory of its own, so that test files running at
// the same time never share one.
const dataDir = mkdtempSync(join(tmpdir(), "order-workflow-docs-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** An execution the README started: the next command reads its result once it has one. */
type Pending = { executionArn: string; after: "start" | "time advance" };

describe.skipIf(!hasCurl || !hasAws)("README commands", () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;

  beforeAll(async () => {
    sandbox = await createSandbox({
      template: exampleDir,
      port: 0,
      edgePort: 0,
      dataDir: join(dataDir, "readme"),
      // Started with the mock file from the beginning: it changes only `#TestCase` executions.
      mockConfig: join(exampleDir, "mocks.json"),
    });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: sandbox.region, credentials });
  });

  afterAll(async () => {
    sfn?.destroy();
    await sandbox?.stop();
  });

  /**
   * Waits, as a reader would, until the execution has finished, or (right after it started) is
   * parked in WaitForPayment with a wait longer than 0 s.
   */
  async function settle(pending: Pending): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: pending.executionArn }));
      if (status !== "RUNNING") return;
      if (pending.after === "start") {
        const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: pending.executionArn, reverseOrder: true, maxResults: 1 }));
        if (events[0]?.type === "WaitStateEntered") {
          const input = JSON.parse(events[0].stateEnteredEventDetails?.input ?? "{}") as { payment?: { waitSeconds?: number } };
          if ((input.payment?.waitSeconds ?? 0) > 0) return;
        }
      }
      expect(Date.now(), `${pending.executionArn} still RUNNING`).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("are the same commands, with the same documented answers, in English and Japanese", () => {
    expect(readme("README.ja.md")).toEqual(readme("README.md"));
  });

  // Each command is a process (awscli alone starts in ~1 s, several under load) with its own
  // bounds (a settle of at most SETTLE_TIMEOUT_MS, then COMMAND_MS): the test's is their sum,
  // not a fixed total that races the machine's load.
  it("README.md: every curl, aws, node and `sandbox time` command succeeds with the documented answer", { timeout: readme("README.md").length * (SETTLE_TIMEOUT_MS + COMMAND_MS) }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    let pending: Pending | undefined;
    let ran = 0;
    for (const command of readme("README.md")) {
      let text = onSandbox(command.text, sandbox);
      const word = text.split(/\s/)[0];
      if (word === "export") {
        // The README's exports are what make the aws, node and sandbox commands work: apply them.
        for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
        continue;
      }
      // The reader pastes the ARN of the execution just started; the test keeps it from the answer.
      if (text.startsWith("ARN=")) continue;
      // Covered by the "starts" tests below, by the install itself, or needs an AWS account.
      if (word === "cd" || word === "sam" || (word === "npx" && !text.startsWith("npx sandbox time"))) continue;
      expect(["curl", "aws", "node", "npx"], `unexpected command: ${text}`).toContain(word);
      // --no: never fetch the unrelated npm package named "sandbox".
      if (word === "npx") text = text.replace(/^npx /, "npx --no ");

      if (pending) await settle(pending);
      pending = undefined;
      const result = await runShell(text, exampleDir, env, COMMAND_MS);
      expect(result.code, `${text}\n${result.stderr}`).toBe(0);
      ran++;

      let answer = result.stdout;
      if (word === "curl") {
        const { status, body } = curlAnswer(result.stdout);
        expect(command.status, `no "# HTTP/1.1 …" line under: ${command.text}`).toBeDefined();
        expect(status, text).toBe(command.status);
        if (command.body !== undefined) expect(JSON.parse(body), text).toEqual(JSON.parse(command.body));
        if (command.fields !== undefined) expect(JSON.parse(body), text).toMatchObject(command.fields);
        answer = body;
      }
      if (word === "npx") {
        expect(result.stdout).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z \(3d ahead of this machine\)\n$/);
        if (env.ARN) pending = { executionArn: env.ARN, after: "time advance" };
      }
      if (answer.trimStart().startsWith("{")) {
        const started = JSON.parse(answer) as { executionArn?: string };
        if (started.executionArn) {
          env.ARN = started.executionArn;
          pending = { executionArn: started.executionArn, after: "start" };
        }
      }
    }
    expect(ran).toBeGreaterThan(20);
    // The last command read an order the mocked HappyPath case stored.
    expect(env.ARN).toMatch(new RegExp(`^${STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")}:`));
  });
});

/** The example's API answers; `GET /orders/{id}` of an unknown order is a 404 from GetOrderFunction. */
async function servesOrders({ apiUrl }: SandboxUrls): Promise<void> {
  const res = await fetch(`${apiUrl}/orders/no-such-order`);
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ message: "Order not found" });
}

/** Step Functions' awsJson 1.0 API on the edge, with fetch. */
async function states(endpoint: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AWSStepFunctions.${action}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("README start commands", () => {
  const commands = readme("README.md")
    .map((c) => c.text)
    .filter((text) => text.startsWith("npx sandbox up"));

  it("are the four documented ones", () => {
    expect(commands).toEqual([
      "npx sandbox up examples/order-workflow",
      "npx sandbox up",
      "npx sandbox up examples/order-workflow --time-scale 0",
      "npx sandbox up examples/order-workflow --mock-config examples/order-workflow/mocks.json",
    ]);
    expect(existsSync(join(repoRoot, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
  });

  it("`npx sandbox up examples/order-workflow` starts the example from the repository root", async () => {
    await startsAndServes("npx --no sandbox up examples/order-workflow", repoRoot, join(dataDir, "root"), servesOrders);
  });

  it("`npx sandbox up` starts it from the example's directory", async () => {
    await startsAndServes("npx --no sandbox up", exampleDir, join(dataDir, "example"), servesOrders);
  });

  it("`--time-scale 0` completes a bank-transfer order without its three-day wait", async () => {
    await startsAndServes("npx --no sandbox up examples/order-workflow --time-scale 0", repoRoot, join(dataDir, "scaled"), async (urls) => {
      const res = await fetch(`${urls.apiUrl}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ customer: { email: "taro@example.com" }, items: [{ sku: "BOOK-001", quantity: 1 }], payment: { method: "bank-transfer" } }),
      });
      const { executionArn } = (await res.json()) as { executionArn: string };
      const deadline = Date.now() + 20_000;
      let status: unknown = "RUNNING";
      while (status === "RUNNING" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await states(urls.endpoint, "DescribeExecution", { executionArn })).status;
      }
      expect(status).toBe("SUCCEEDED");
    });
  });

  it("`--mock-config examples/order-workflow/mocks.json` (a path from the root) runs the mocked test cases", async () => {
    const command = "npx --no sandbox up examples/order-workflow --mock-config examples/order-workflow/mocks.json";
    await startsAndServes(command, repoRoot, join(dataDir, "mocked"), async (urls) => {
      await servesOrders(urls);
      const { executionArn } = await states(urls.endpoint, "StartExecution", { stateMachineArn: `${STATE_MACHINE_ARN}#HappyPath`, input: "{}" });
      expect(executionArn).toMatch(/:execution:order-workflow-place-order:/);
    });
  });
});
