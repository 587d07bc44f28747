// Runs the commands of README.md against a real sandbox (README.ja.md must hold the same
// commands and documented answers), so the docs never drift from what the example does. Under a
// command, "# {…}" is the JSON it prints (exact, or with "…" its fully written top-level
// fields), and other "# " lines are lines it prints, in order, "…" standing for any text.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectLines, has, onSandbox, runShell, type SandboxUrls, shCommands, startsAndServes } from "../../../test/helpers/readme.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(exampleDir, "..", "..");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const UPLOADS = "image-pipeline-uploads-000000000000";
const STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:image-pipeline-process-image";
const IMAGE_KEY = /\.(png|jpe?g)$/;
const SETTLE_TIMEOUT_MS = 30_000;
/** How long one command may run (runShell kills it then). */
const COMMAND_MS = 30_000;

const readme = (file: string) => shCommands(readFileSync(join(exampleDir, file), "utf8"));
const hasAws = has("aws");

const dataDir = mkdtempSync(join(tmpdir(), "image-pipeline-docs-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!hasAws)("README commands", () => {
  let sandbox: Sandbox;
  let s3: S3Client;
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
    const client = { endpoint: sandbox.endpoint, region: sandbox.region, credentials };
    s3 = new S3Client({ ...client, forcePathStyle: true });
    sfn = new SFNClient(client);
  });

  afterAll(async () => {
    for (const client of [s3, sfn]) client?.destroy();
    await sandbox?.stop();
  });

  /**
   * Waits, as a reader would, until every image uploaded so far has an execution (the mocked
   * ones come on top) and none is still running.
   */
  async function settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: UPLOADS }));
      const images = Contents.filter((o) => IMAGE_KEY.test(o.Key ?? "")).length;
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }));
      if (executions.length >= images && executions.every((e) => e.status !== "RUNNING")) return;
      expect(Date.now(), `${images} image(s) uploaded, executions: ${JSON.stringify(executions.map((e) => [e.name, e.status]))}`).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("are the same commands, with the same documented answers, in English and Japanese", () => {
    expect(readme("README.ja.md")).toEqual(readme("README.md"));
  });

  // Each command is a process (awscli alone starts in ~1 s, several under load) with its own
  // bounds (a settle of at most SETTLE_TIMEOUT_MS, then COMMAND_MS): the test's is their sum,
  // not a fixed total that races the machine's load.
  it("README.md: every aws and node command succeeds and prints what is documented", { timeout: readme("README.md").length * (SETTLE_TIMEOUT_MS + COMMAND_MS) }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    let ran = 0;
    for (const command of readme("README.md")) {
      const text = onSandbox(command.text, sandbox);
      const word = text.split(/\s/)[0];
      if (word === "export") {
        // The README's exports are what make the aws and node commands work: apply them.
        for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
        continue;
      }
      // Covered by the "starts" tests below, by the install itself, by running in this directory, or needs an AWS account.
      if (word === "cd" || word === "sam" || word === "npx") continue;
      await settle();
      // `ARN=$(…)`: what the reader's shell keeps for the next commands.
      const assignment = /^(\w+)=\$\(([\s\S]*)\)$/.exec(text);
      const run = assignment ? assignment[2] : text;
      expect(["aws", "node"], `unexpected command: ${text}`).toContain(run.split(/\s/)[0]);
      const result = await runShell(run, exampleDir, env, COMMAND_MS);
      expect(result.code, `${text}\n${result.stderr}`).toBe(0);
      ran++;
      if (assignment) {
        env[assignment[1]] = result.stdout.trim();
        expect(env[assignment[1]], text).toMatch(/^arn:aws:states:/);
      }
      if (command.body !== undefined) expect(JSON.parse(result.stdout), text).toEqual(JSON.parse(command.body));
      if (command.fields !== undefined) expect(JSON.parse(result.stdout), text).toMatchObject(command.fields);
      if (command.output !== undefined) expectLines(result.stdout, command.output, text);
    }
    expect(ran).toBeGreaterThan(15);
    await settle();
  });
});

/** The example's buckets are on the edge. */
async function servesBuckets({ endpoint }: SandboxUrls): Promise<void> {
  const res = await fetch(`${endpoint}/_sandbox/health`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { stackName?: string }).stackName).toBe("image-pipeline");
}

describe("README start commands", () => {
  const commands = readme("README.md")
    .map((c) => c.text)
    .filter((text) => text.startsWith("npx sandbox up"));

  it("are the three documented ones", () => {
    expect(commands).toEqual([
      "npx sandbox up examples/image-pipeline",
      "npx sandbox up",
      "npx sandbox up examples/image-pipeline --mock-config examples/image-pipeline/mocks.json",
    ]);
    expect(existsSync(join(repoRoot, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
  });

  it("`npx sandbox up examples/image-pipeline` starts the example from the repository root", async () => {
    await startsAndServes("npx --no sandbox up examples/image-pipeline", repoRoot, join(dataDir, "root"), servesBuckets);
  });

  it("`npx sandbox up` starts it from the example's directory", async () => {
    await startsAndServes("npx --no sandbox up", exampleDir, join(dataDir, "example"), servesBuckets);
  });

  it("`--mock-config examples/image-pipeline/mocks.json` (a path from the root) knows the test case ResizeThrottled", async () => {
    const command = "npx --no sandbox up examples/image-pipeline --mock-config examples/image-pipeline/mocks.json";
    await startsAndServes(command, repoRoot, join(dataDir, "mocked"), async (urls) => {
      await servesBuckets(urls);
      const res = await fetch(urls.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AWSStepFunctions.StartExecution" },
        body: JSON.stringify({ stateMachineArn: `${STATE_MACHINE_ARN}#ResizeThrottled`, input: "{}" }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { executionArn?: string }).executionArn).toMatch(/:execution:image-pipeline-process-image:/);
    });
  });
});
