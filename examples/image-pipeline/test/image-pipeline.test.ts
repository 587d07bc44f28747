// End to end through the real interfaces: the AWS SDK uploads to the uploads bucket, S3's
// notification runs StartPipelineFunction, which starts the state machine; the test polls the
// execution (ListExecutions / DescribeExecution) and reads the results bucket.
// timeScale 0 skips Retry back-off, so a failing image settles at once.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  paginateGetExecutionHistory,
} from "@aws-sdk/client-sfn";
import { Jimp } from "jimp";
import { createSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionName, objectKey } from "../src/start-pipeline.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const UPLOADS = "image-pipeline-uploads-000000000000";
const RESULTS = "image-pipeline-results-000000000000";
const STATE_MACHINE = "image-pipeline-process-image";
const sample = (name: string) => readFileSync(join(exampleDir, "samples", name));

let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let s3: S3Client;
let sfn: SFNClient;
let stateMachineArn: string;

beforeAll(async () => {
  sandbox = await createSandbox({
    template: exampleDir,
    port: 0,
    edgePort: 0,
    inMemory: true,
    timeScale: 0,
    // Changes only executions started with "<state machine ARN>#<TestCase>".
    mockConfig: join(exampleDir, "mocks.json"),
  });
  const client = { endpoint: sandbox.endpoint, region: sandbox.region, credentials };
  s3 = new S3Client({ ...client, forcePathStyle: true });
  sfn = new SFNClient(client);
  stateMachineArn = sandbox.app.outputs.StateMachineArn.value;
});

afterAll(async () => {
  for (const client of [s3, sfn]) client?.destroy();
  await sandbox?.stop();
});

/**
 * Uploads an object, then polls ListExecutions until StartPipelineFunction has started the
 * execution for it (its name begins with the key, made safe) and DescribeExecution until it
 * has finished.
 */
async function upload(key: string, body: Uint8Array, contentType: string): Promise<DescribeExecutionCommandOutput> {
  await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key: key, Body: body, ContentType: contentType }));
  const prefix = executionName(key, "").slice(0, -1);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const mine = executions.find((e) => e.name?.startsWith(`${prefix}-`));
    if (mine?.executionArn) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: mine.executionArn }));
      if (execution.status !== "RUNNING") return execution;
    }
    expect(Date.now(), `no finished execution for ${key}`).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const page of paginateGetExecutionHistory({ client: sfn }, { executionArn })) events.push(...(page.events ?? []));
  return events;
}

const entered = (events: HistoryEvent[]) => events.flatMap((e) => (e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));

async function getResult(key: string): Promise<{ body: Uint8Array; contentType?: string }> {
  const object = await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: key }));
  return { body: (await object.Body?.transformToByteArray()) ?? new Uint8Array(), contentType: object.ContentType };
}

const getJson = async (key: string) => JSON.parse(Buffer.from((await getResult(key)).body).toString("utf8")) as Record<string, unknown>;

async function resultKeys(prefix: string): Promise<string[]> {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: RESULTS, Prefix: prefix }));
  return Contents.map((o) => o.Key ?? "");
}

describe("template", () => {
  it("creates both buckets, named after the stack and the account", async () => {
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets.map((b) => b.Name)).toEqual(expect.arrayContaining([UPLOADS, RESULTS]));
    expect(sandbox.app.outputs.UploadsBucketName.value).toBe(UPLOADS);
  });

  it("subscribes StartPipelineFunction to the uploads bucket, one suffix filter per extension", async () => {
    const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: UPLOADS }));
    const start = sandbox.app.functions.find((f) => f.logicalId === "StartPipelineFunction");
    const lambdas = config.LambdaFunctionConfigurations ?? [];
    expect(lambdas.map((c) => c.LambdaFunctionArn)).toEqual([start?.arn, start?.arn, start?.arn]);
    expect(lambdas.map((c) => c.Events)).toEqual([["s3:ObjectCreated:*"], ["s3:ObjectCreated:*"], ["s3:ObjectCreated:*"]]);
    expect(lambdas.map((c) => c.Filter?.Key?.FilterRules?.map((r) => [r.Name?.toLowerCase(), r.Value]))).toEqual([
      [["suffix", ".png"]],
      [["suffix", ".jpg"]],
      [["suffix", ".jpeg"]],
    ]);
  });

  it("creates the Standard state machine with every DefinitionSubstitution applied", async () => {
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(machine).toMatchObject({ name: STATE_MACHINE, type: "STANDARD", status: "ACTIVE" });
    expect(machine.definition).not.toMatch(/\$\{/);
    expect(machine.definition).toContain(`"Bucket": "${RESULTS}"`);
  });
});

describe("a PNG upload", () => {
  const key = "photos/sunset.png";
  const original = sample("sunset.png");
  let execution: DescribeExecutionCommandOutput;
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    // Filtered out by suffix: uploaded first, it would have started an execution before the PNG's.
    await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key: "photos/notes.txt", Body: "not an image" }));
    execution = await upload(key, original, "image/png");
    manifest = JSON.parse(execution.output ?? "null") as Record<string, unknown>;
  });

  it("succeeds, its output the manifest", () => {
    expect(execution.status).toBe("SUCCEEDED");
    expect(execution.name).toMatch(/^photos-sunset-png-[0-9A-F]+$/);
    expect(manifest).toEqual({
      source: { bucket: UPLOADS, key, size: original.length },
      execution: execution.executionArn,
      metadata: { width: 400, height: 300, format: "png", key: `metadata/${key}.json` },
      thumbnails: [
        { width: 64, height: 48, key: `thumbnails/64/${key}`, size: expect.any(Number) },
        { width: 128, height: 96, key: `thumbnails/128/${key}`, size: expect.any(Number) },
        { width: 256, height: 192, key: `thumbnails/256/${key}`, size: expect.any(Number) },
      ],
      optimized: { key: `optimized/${key}`, size: expect.any(Number), originalSize: original.length, savedPercent: expect.any(Number) },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it("writes thumbnails of 64, 128 and 256 pixels' width, the aspect ratio kept, as PNG", async () => {
    for (const [width, height] of [[64, 48], [128, 96], [256, 192]]) {
      const { body, contentType } = await getResult(`thumbnails/${width}/${key}`);
      const image = await Jimp.read(Buffer.from(body));
      expect([image.width, image.height, image.mime, contentType]).toEqual([width, height, "image/png", "image/png"]);
      const listed = (manifest.thumbnails as { width: number; size: number }[]).find((t) => t.width === width);
      expect(listed?.size).toBe(body.length);
    }
  });

  it("stores the metadata as JSON through the state machine's aws-sdk:s3:putObject", async () => {
    expect(await getJson(`metadata/${key}.json`)).toEqual({
      source: { bucket: UPLOADS, key },
      width: 400,
      height: 300,
      format: "png",
      mimeType: "image/png",
      size: original.length,
      orientation: "landscape",
    });
    expect((await getResult(`metadata/${key}.json`)).contentType).toBe("application/json");
  });

  it("writes an optimized copy: a full-size PNG without the alpha channel the opaque upload had, and smaller", async () => {
    const { body } = await getResult(`optimized/${key}`);
    const image = await Jimp.read(Buffer.from(body));
    expect([image.width, image.height, image.mime]).toEqual([400, 300, "image/png"]);
    // The IHDR chunk's colour type (byte 25 of a PNG): 6 = RGBA, 2 = RGB.
    expect([original[25], body[25]]).toEqual([6, 2]);
    expect(body.length).toBeLessThan(original.length);
    expect(manifest.optimized).toMatchObject({ size: body.length, savedPercent: Math.round((1 - body.length / original.length) * 1000) / 10 });
  });

  it("writes the manifest to manifests/<key>.json", async () => {
    expect(await getJson(`manifests/${key}.json`)).toEqual(manifest);
  });

  it("runs the three branches in one Parallel state, then the manifest", async () => {
    const events = await history(execution.executionArn ?? "");
    const names = entered(events);
    expect(names[0]).toBe("ProcessImage");
    expect(names.slice(1, -2).sort()).toEqual(["ExtractMetadata", "Optimize", "Resize", "SaveMetadata"]);
    expect(names.slice(-2)).toEqual(["BuildManifest", "WriteManifest"]);
    const scheduled = events.filter((e) => e.type === "TaskScheduled").map((e) => `${e.taskScheduledEventDetails?.resourceType}:${e.taskScheduledEventDetails?.resource}`);
    expect(scheduled.sort()).toEqual(["aws-sdk:s3:putObject", "aws-sdk:s3:putObject", "lambda:invoke", "lambda:invoke", "lambda:invoke"]);
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("starts nothing for a file the suffix filters leave out", async () => {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions.filter((e) => e.name?.startsWith("photos-notes"))).toEqual([]);
  });
});

describe("a JPEG upload whose key has a space", () => {
  const key = "holiday photos/sunset 2.jpg";

  it("decodes the key S3's event encodes, and keeps the thumbnails JPEG", async () => {
    const execution = await upload(key, sample("sunset.jpg"), "image/jpeg");
    expect(execution.status).toBe("SUCCEEDED");
    expect(execution.name).toMatch(/^holiday-photos-sunset-2-jpg-[0-9A-F]+$/);
    const { body, contentType } = await getResult(`thumbnails/128/${key}`);
    const image = await Jimp.read(Buffer.from(body));
    expect([image.width, image.height, image.mime, contentType]).toEqual([128, 96, "image/jpeg", "image/jpeg"]);
    expect(await getJson(`metadata/${key}.json`)).toMatchObject({ format: "jpeg", mimeType: "image/jpeg", width: 400, height: 300 });
    const optimized = (JSON.parse(execution.output ?? "{}") as { optimized: { size: number; originalSize: number; savedPercent: number } }).optimized;
    expect(optimized.size).toBeLessThan(optimized.originalSize);
    expect(optimized.savedPercent).toBeGreaterThan(0);
  });
});

describe("a file that is not an image", () => {
  const key = "broken/not-an-image.png";
  let execution: DescribeExecutionCommandOutput;

  beforeAll(async () => {
    execution = await upload(key, sample("not-an-image.png"), "image/png");
  });

  it("fails the execution with the functions' UnsupportedImageError, through the Parallel's Catch", async () => {
    expect(execution).toMatchObject({ status: "FAILED", error: "UnsupportedImageError" });
    const cause = JSON.parse(execution.cause ?? "{}") as { errorType?: string; errorMessage?: string };
    expect(cause.errorType).toBe("UnsupportedImageError");
    expect(cause.errorMessage).toMatch(new RegExp(`^s3://${UPLOADS}/${key} is not a readable PNG or JPEG image`));
    const names = entered(await history(execution.executionArn ?? ""));
    expect(names.slice(-2)).toEqual(["MarkFailed", "PipelineFailed"]);
    expect(names).not.toContain("WriteManifest");
  });

  it("writes the failure marker failed/<key>.json, and no manifest", async () => {
    const marker = await getJson(`failed/${key}.json`);
    expect(marker).toMatchObject({ bucket: UPLOADS, key, error: { Error: "UnsupportedImageError", Cause: execution.cause } });
    expect(await resultKeys("manifests/broken/")).toEqual([]);
    expect(await resultKeys("thumbnails/64/broken/")).toEqual([]);
  });
});

describe("a transient Lambda error (Step Functions Local mocks: mocks.json, <arn>#ResizeThrottled)", () => {
  it("is retried: Resize fails twice with Lambda.TooManyRequestsException, the third attempt succeeds", async () => {
    const key = "retry/sunset.png";
    await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key: key, Body: sample("sunset.png"), ContentType: "image/png" }));
    const input = JSON.stringify({ bucket: UPLOADS, key, size: sample("sunset.png").length });
    const { executionArn = "" } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#ResizeThrottled`, name: "resize-throttled", input }));
    let execution: DescribeExecutionCommandOutput;
    const deadline = Date.now() + 30_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 25));
      execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    } while (execution.status === "RUNNING" && Date.now() < deadline);
    expect(execution.status).toBe("SUCCEEDED");
    const events = await history(executionArn);
    const failures = events.filter((e) => e.type === "TaskFailed").map((e) => [e.taskFailedEventDetails?.error, e.taskFailedEventDetails?.cause]);
    expect(failures).toEqual([
      ["Lambda.TooManyRequestsException", "Rate exceeded (mocked)"],
      ["Lambda.TooManyRequestsException", "Rate exceeded (mocked)"],
    ]);
    expect(entered(events).filter((name) => name === "Resize")).toHaveLength(1);
    // The mocked third attempt made no thumbnail; ExtractMetadata and Optimize ran for real.
    expect(JSON.parse(execution.output ?? "{}")).toMatchObject({ thumbnails: [], metadata: { width: 400, height: 300 }, optimized: { key: `optimized/${key}` } });
  });
});

describe("execution names", () => {
  it("are the key made safe plus S3's sequencer, at most 80 characters", () => {
    expect(objectKey("holiday+photos/sunset+%282%29.jpg")).toBe("holiday photos/sunset (2).jpg");
    expect(executionName("holiday photos/sunset (2).jpg", "0055AED6DCD90281E5")).toBe("holiday-photos-sunset-2-jpg-0055AED6DCD90281E5");
    expect(executionName(`${"a".repeat(100)}.png`, "0055AED6DCD90281E5")).toHaveLength(80);
  });
});
