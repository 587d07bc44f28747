import {
  CreateBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { BatchGetTracesCommand, XRayClient } from "@aws-sdk/client-xray";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixtures = join(import.meta.dirname, "fixtures");
const credentials = { accessKeyId: "x", secretAccessKey: "x" };

let sandbox: RunningSandbox;
let s3: S3Client;
const records: Record<string, unknown>[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(fixtures, "s3"), port: 0, edgePort: 0, inMemory: true });
  sandbox.events.on("functionLog", ({ line }) => {
    const at = line.indexOf("S3EVENT ");
    if (at >= 0) records.push(JSON.parse(line.slice(at + "S3EVENT ".length)) as Record<string, unknown>);
    const body = line.indexOf("S3BODY ");
    if (body >= 0) bodies.push(line.slice(body + "S3BODY ".length).trim());
  });
  s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
});

afterAll(async () => {
  s3?.destroy();
  await sandbox?.stop();
});

async function eventuallyAsync<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function eventually<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("S3 on the edge", () => {
  it("creates the template's buckets at start-up, one with its BucketName and one named as CloudFormation names it", async () => {
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name) ?? [];
    expect(names).toContain("sandbox-uploads");
    const generated = sandbox.app.outputs.GeneratedBucket.value;
    expect(generated).toMatch(/^[a-z0-9-]+-generated-[a-z0-9]{12}$/);
    expect(names).toContain(generated);
    expect(sandbox.app.outputs.GeneratedDomain.value).toBe(`${generated}.s3.us-east-1.amazonaws.com`);
  });

  it("invokes the function for an S3 event matching the filter, with S3's event record", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "sandbox-uploads", Key: "notes/skip.txt", Body: "not matched" }));
    await s3.send(new PutObjectCommand({ Bucket: "sandbox-uploads", Key: "images/my cat.jpg", Body: "meow" }));
    const record = await eventually(() => records.find((r) => r.eventName === "ObjectCreated:Put"));
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: "sandbox-uploads", arn: "arn:aws:s3:::sandbox-uploads" },
        object: { key: "images/my+cat.jpg", size: 4, eTag: "4a4be40c96ac6314e91d93f38043a634" },
      },
    });
    expect((record.s3 as { object: { sequencer: string } }).object.sequencer).toMatch(/^[0-9A-F]+$/);
    // The function read the object back with the SDK, through AWS_ENDPOINT_URL.
    expect(await eventually(() => bodies[0])).toBe("meow");
    await s3.send(new DeleteObjectCommand({ Bucket: "sandbox-uploads", Key: "notes/skip.txt" }));
    const removed = await eventually(() => records.find((r) => r.eventName === "ObjectRemoved:Delete"));
    expect((removed.s3 as { object: { key: string } }).object.key).toBe("notes/skip.txt");
    expect(records.filter((r) => r.eventName === "ObjectCreated:Put")).toHaveLength(1);
  });

  it("serves a presigned GET (no Authorization header, X-Amz-* in the query) to fetch", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "presigned-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "presigned-bucket", Key: "report.csv", Body: "a,b\n1,2\n", ContentType: "text/csv" }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "presigned-bucket", Key: "report.csv" }), { expiresIn: 300 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(await res.text()).toBe("a,b\n1,2\n");
    const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: "presigned-bucket", Key: "upload.txt" }), { expiresIn: 300 });
    expect((await fetch(put, { method: "PUT", body: "uploaded" })).status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: "presigned-bucket", Key: "upload.txt" }));
    expect(await got.Body?.transformToString()).toBe("uploaded");
  });

  it("routes virtual-hosted requests (Host: <bucket>.s3.localhost), signed or not, to S3", async () => {
    const port = new URL(sandbox.endpoint).port;
    const auth = "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";
    const get = (headers: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const req = request(`${sandbox.endpoint}/report.csv`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(Buffer.concat(chunks).toString()));
        });
        req.on("error", reject);
        req.end();
      });
    expect(await get({ host: `presigned-bucket.s3.localhost:${port}`, authorization: auth })).toBe("a,b\n1,2\n");
    // A browser showing an object by its URL sends no signature.
    expect(await get({ host: `presigned-bucket.localhost:${port}` })).toBe("a,b\n1,2\n");
  });

  it("records a traced request (X-Amzn-Trace-Id, as a traced function's SDK sends it) as an X-Ray segment of its bucket", async () => {
    const traceId = "1-6740a000-0123456789abcdef01234567";
    const header = `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`;
    const traced = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
    traced.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = header;
      return next(args);
    }, { step: "build", name: "traceHeader" });
    await traced.send(new PutObjectCommand({ Bucket: "sandbox-uploads", Key: "traced/a.txt", Body: "traced" }));
    await expect(traced.send(new GetObjectCommand({ Bucket: "sandbox-uploads", Key: "traced/missing.txt" }))).rejects.toMatchObject({ name: "NoSuchKey" });
    traced.destroy();
    const xray = new XRayClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    xray.destroy();
    const segments = (Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as { aws?: { operation?: string; request_id?: string } });
    const put = segments.find((s) => s.aws?.operation === "PutObject");
    expect(put).toMatchObject({ name: "sandbox-uploads", origin: "AWS::S3::Bucket", parent_id: "53995c3f42cd8ad8", aws: { bucket_name: "sandbox-uploads", key: "traced/a.txt", region: "us-east-1" } });
    expect(put?.aws?.request_id).toMatch(/^[0-9A-F]{16}$/);
    const get = segments.find((s) => s.aws?.operation === "GetObject");
    expect(get).toMatchObject({ error: true, http: { response: { status: 404 } }, cause: { exceptions: [{ type: "NoSuchKey", message: "The specified key does not exist." }] } });
  });

  it("serves an unsigned virtual-hosted GET whose key looks like another service's path", async () => {
    const port = new URL(sandbox.endpoint).port;
    for (const key of ["Traces.json", "2015-03-31/functions/x.png"]) {
      await s3.send(new PutObjectCommand({ Bucket: "presigned-bucket", Key: key, Body: `object ${key}` }));
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(`${sandbox.endpoint}/${key}`, { headers: { host: `presigned-bucket.s3.localhost:${port}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(`${res.statusCode} ${Buffer.concat(chunks).toString()}`));
        });
        req.on("error", reject);
        req.end();
      });
      expect(body).toBe(`200 object ${key}`);
    }
  });

  it("takes a browser's form upload (unsigned POST to /<bucket>) through the edge", async () => {
    const form = new FormData();
    form.append("key", "forms/${filename}");
    form.append("file", new Blob(["posted"]), "photo.txt");
    const res = await fetch(`${sandbox.endpoint}/presigned-bucket`, { method: "POST", body: form });
    expect(res.status).toBe(204);
    const got = await s3.send(new GetObjectCommand({ Bucket: "presigned-bucket", Key: "forms/photo.txt" }));
    expect(await got.Body?.transformToString()).toBe("posted");
  });

  it("is reachable through the dispatcher, as Step Functions' ItemReader and ResultWriter call it", async () => {
    await sandbox.dispatcher.call("s3", "PutObject", { Bucket: "sandbox-uploads", Key: "items/input.json", Body: [{ n: 1 }, { n: 2 }] });
    const listed = await sandbox.dispatcher.call("s3", "ListObjectsV2", { Bucket: "sandbox-uploads", Prefix: "items/" });
    expect((listed.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(["items/input.json"]);
    const got = await sandbox.dispatcher.call("s3", "GetObject", { Bucket: "sandbox-uploads", Key: "items/input.json" });
    expect(got.Body).toBe('[{"n":1},{"n":2}]');
  });

  it("feeds a distributed Map from S3 (ItemReader) and takes its results (ResultWriter)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "sandbox-uploads", Key: "batch/input.json", Body: JSON.stringify([{ n: 1 }, { n: 2 }, { n: 3 }]) }));
    const sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:s3-batch", input: "{}" }));
    const done = await eventuallyAsync(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === "RUNNING" ? undefined : d;
    });
    expect(done.status).toBe("SUCCEEDED");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "sandbox-uploads", Prefix: "batch/results/" }));
    const keys = (listed.Contents ?? []).map((c) => c.Key ?? "");
    expect(keys.some((k) => k.endsWith("/manifest.json"))).toBe(true);
    const succeeded = keys.find((k) => k.endsWith("/SUCCEEDED_0.json"));
    expect(succeeded).toBeDefined();
    const written = await s3.send(new GetObjectCommand({ Bucket: "sandbox-uploads", Key: succeeded }));
    const results = JSON.parse((await written.Body?.transformToString()) ?? "[]") as { Output: string }[];
    expect(results.map((r) => JSON.parse(r.Output) as unknown).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ n: 2 }, { n: 4 }, { n: 6 }]);
    sfn.destroy();
  });

  it("answers S3 errors in S3's XML shape", async () => {
    const error = await s3.send(new GetObjectCommand({ Bucket: "sandbox-uploads", Key: "missing" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe("NoSuchKey");
    const res = await fetch(`${sandbox.endpoint}/sandbox-uploads/missing`, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0" },
    });
    expect(res.status).toBe(404);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>/);
  });
});
