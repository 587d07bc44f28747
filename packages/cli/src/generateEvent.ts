/**
 * `sandbox generate-event <service> <event>`: a sample event for `sandbox invoke --event`, as
 * `sam local generate-event` prints one. Not a template filled in: an application runs in
 * memory with the event source wired to a function that writes down what it receives, and the
 * source is set off (a request, a PutObject, a SendMessage…), so the event is exactly what the
 * sandbox hands a function: the shape `sandbox up` delivers.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxError, consoleLogger, isAwsError, silentLogger } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import type { Options, SampleEvent } from "./sampleEvents.js";

const CAPTURE_ENV = "SANDBOX_CAPTURE_FILE";
/** Writes each event down, one JSON line each, and answers as a proxy integration expects. */
const CAPTURE_CODE = `const { appendFileSync } = require("node:fs");
exports.handler = async (event) => {
  appendFileSync(process.env.${CAPTURE_ENV}, JSON.stringify(event) + "\\n");
  return { statusCode: 200, body: "{}" };
};
`;
const CAPTURE_FUNCTION = "SampleEventFunction";
/** How long the source may take to reach the function (a stream or queue poll, a retry). */
const CAPTURE_TIMEOUT_MS = 15_000;
const OPTIONS_HINT = "Check the options given (sandbox generate-event <service> <event> --help).";

/** The application in memory, the source set off, the event the function received. */
export async function generateEvent(sample: SampleEvent, options: Options): Promise<unknown> {
  const root = mkdtempSync(join(tmpdir(), "sandbox-event-"));
  try {
    return await captureIn(root, sample, options);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function captureIn(root: string, sample: SampleEvent, options: Options): Promise<unknown> {
  // The directory names the stack, which shows in generated names (a schedule's rule).
  const dir = join(root, "sample");
  mkdirSync(dir);
  const capture = join(dir, "events.jsonl");
  appendFileSync(capture, "");
  const { events, resources } = sample.resources(options);
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Transform: "AWS::Serverless-2016-10-31",
    Resources: {
      [CAPTURE_FUNCTION]: {
        Type: "AWS::Serverless::Function",
        Properties: { Runtime: "nodejs20.x", Handler: "index.handler", InlineCode: CAPTURE_CODE, Environment: { Variables: { [CAPTURE_ENV]: capture } }, Events: events },
      },
      ...resources,
    },
  };
  // JSON is YAML: the loader reads template.yaml either way.
  writeFileSync(join(dir, "template.yaml"), JSON.stringify(template, null, 2));
  const sandbox = await startSample(dir, options.region);
  let timer: NodeJS.Timeout | undefined;
  try {
    const received = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(() => reject(new SandboxError(`No ${sample.service} ${sample.event} event reached the function within ${CAPTURE_TIMEOUT_MS / 1000} s.`)), CAPTURE_TIMEOUT_MS);
      sandbox.events.on("invocation", (e) => {
        if (e.status !== "ok") {
          clearTimeout(timer);
          reject(new SandboxError(`The sample function failed: ${e.error ?? e.status}.`));
          return;
        }
        const captured = readFileSync(capture, "utf8")
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as { Records?: unknown[] });
        const records = captured.flatMap((event) => event.Records ?? []);
        if (sample.records !== undefined && records.length < sample.records) return;
        clearTimeout(timer);
        resolve(sample.records !== undefined ? { Records: records } : captured[0]);
      });
    });
    // It may settle while the trigger still runs (a failed function answers before its request
    // does): handled now, awaited below. A trigger that throws leaves it unawaited; the finally
    // below clears its timer.
    received.catch(() => {});
    await sample.trigger(sandbox, options).catch((error: unknown) => {
      // A service refusing what the options made (an empty --body): the user's mistake, said without a stack.
      if (!isAwsError(error)) throw error;
      throw new SandboxError(`${error.code}: ${error.message}`, { hint: OPTIONS_HINT });
    });
    return await received;
  } finally {
    clearTimeout(timer);
    await sandbox.stop();
  }
}

/** The sample app; a value the template refuses (a bucket or queue name) is said without the generated template's path. */
async function startSample(dir: string, region: string | undefined): Promise<RunningSandbox> {
  try {
    return await createSandbox({
      template: dir,
      port: 0,
      edgePort: 0,
      inMemory: true,
      watch: false,
      region,
      // Errors only: the event is the output.
      logger: { ...silentLogger, error: consoleLogger().error },
    });
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    throw new SandboxError(error.message, { hint: OPTIONS_HINT });
  }
}
