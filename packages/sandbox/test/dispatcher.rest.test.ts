import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { AwsError, MemoryStore, RealClock, serveHandler, silentLogger, type AwsService, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import { createStepFunctions, type StepFunctions } from "@sam-sandbox/stepfunctions";
import { ServiceDispatcher } from "../src/dispatcher.js";

interface Stored {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  modified: Date;
}

/** A restXml stand-in for S3 (path-style), enough to check what the dispatcher sends and reads. */
function fakeS3(): { service: AwsService; requests: EdgeRequest[]; objects: Map<string, Stored> } {
  const objects = new Map<string, Stored>();
  const requests: EdgeRequest[] = [];
  const etag = (body: Buffer) => `"${createHash("md5").update(body).digest("hex")}"`;
  const error = (status: number, code: string, message: string): EdgeResponse => ({
    status,
    headers: { "content-type": "application/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r</RequestId></Error>`,
  });
  const handle = async (req: EdgeRequest): Promise<EdgeResponse> => {
    requests.push(req);
    const [, bucket, ...rest] = req.path.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    const query = new URLSearchParams(req.rawQuery);
    const id = `${bucket}/${key}`;
    if (req.method === "PUT" && req.headers["x-amz-copy-source"]) {
      const source = objects.get(decodeURIComponent(req.headers["x-amz-copy-source"]).replace(/^\//, ""));
      if (!source) return error(404, "NoSuchKey", "The specified key does not exist.");
      objects.set(id, { ...source, modified: new Date(Date.UTC(2026, 0, 2)) });
      return { status: 200, headers: {}, body: `<CopyObjectResult><ETag>${etag(source.body)}</ETag><LastModified>2026-01-02T00:00:00.000Z</LastModified></CopyObjectResult>` };
    }
    if (req.method === "PUT") {
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (k.startsWith("x-amz-meta-")) metadata[k.slice(11)] = v;
      objects.set(id, { body: req.body, contentType: req.headers["content-type"] ?? "binary/octet-stream", metadata, modified: new Date(Date.UTC(2026, 0, 1)) });
      return { status: 200, headers: { etag: etag(req.body), "x-amz-server-side-encryption": "AES256" }, body: "" };
    }
    if (req.method === "GET" && query.get("list-type") === "2") {
      const prefix = query.get("prefix") ?? "";
      const keys = [...objects.keys()].filter((k) => k.startsWith(`${bucket}/${prefix}`)).sort();
      const contents = keys
        .map((k) => `<Contents><Key>${k.slice(bucket.length + 1)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag><Size>${objects.get(k)?.body.length ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
        .join("");
      return {
        status: 200,
        headers: { "content-type": "application/xml" },
        body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      };
    }
    const stored = objects.get(id);
    if (req.method === "DELETE") {
      objects.delete(id);
      return { status: 204, headers: {}, body: "" };
    }
    if (!stored) return req.method === "HEAD" ? { status: 404, headers: {}, body: "" } : error(404, "NoSuchKey", "The specified key does not exist.");
    const headers: Record<string, string> = {
      "accept-ranges": "bytes",
      "content-length": String(stored.body.length),
      "content-type": stored.contentType,
      etag: etag(stored.body),
      "last-modified": stored.modified.toUTCString(),
      "x-amz-server-side-encryption": "AES256",
    };
    for (const [k, v] of Object.entries(stored.metadata)) headers[`x-amz-meta-${k}`] = v;
    return { status: 200, headers, body: req.method === "HEAD" ? "" : stored.body };
  };
  return { service: { name: "s3", route: { signingNames: ["s3"] }, handle }, requests, objects };
}

describe("ServiceDispatcher over restXml (S3's model)", () => {
  const s3 = fakeS3();
  const dispatcher = new ServiceDispatcher(new Map([["s3", s3.service]]), "eu-west-1");

  it("PutObject sends the labels, headers and a JSON Body as its JSON text", async () => {
    const out = await dispatcher.call("s3", "putObject", { Bucket: "b", Key: "dir/a b.json", Body: { n: 1 }, ContentType: "application/json", Metadata: { owner: "me" } }, { sdkNames: true });
    expect(out).toEqual({ ETag: '"' + createHash("md5").update('{"n":1}').digest("hex") + '"', ServerSideEncryption: "AES256" });
    const req = s3.requests.at(-1);
    expect(req).toMatchObject({ method: "PUT", path: "/b/dir/a%20b.json", rawQuery: "x-id=PutObject" });
    expect(req?.headers).toMatchObject({ "content-type": "application/json", "x-amz-meta-owner": "me" });
    expect(req?.headers.authorization).toContain("/eu-west-1/s3/aws4_request");
    await dispatcher.call("s3", "putObject", { Bucket: "b", Key: "text", Body: "text data" }, { sdkNames: true });
    // AWS-recorded: Step Functions' aws-sdk:s3:putObject stores a string Body with its quotes.
    expect(s3.objects.get("b/text")?.body.toString()).toBe('"text data"');
    await dispatcher.call("s3", "putObject", { Bucket: "b", Key: "raw", Body: "raw text" });
    expect(s3.objects.get("b/raw")?.body.toString()).toBe("raw text");
    s3.objects.delete("b/raw");
  });

  it("GetObject returns headers as members (sorted), Metadata, and Body last as text", async () => {
    const out = await dispatcher.call("s3", "GetObject", { Bucket: "b", Key: "dir/a b.json" });
    expect(Object.keys(out)).toEqual(["AcceptRanges", "ContentLength", "ContentType", "ETag", "LastModified", "Metadata", "ServerSideEncryption", "Body"]);
    expect(out).toMatchObject({ AcceptRanges: "bytes", ContentLength: 7, ContentType: "application/json", LastModified: "2026-01-01T00:00:00Z", Metadata: { owner: "me" }, Body: '{"n":1}' });
  });

  it("HeadObject, ListObjectsV2 (flattened Contents), CopyObject and DeleteObject", async () => {
    expect(await dispatcher.call("s3", "headObject", { Bucket: "b", Key: "text" })).toMatchObject({ ContentLength: 11, ETag: expect.any(String) });
    const copied = await dispatcher.call("s3", "copyObject", { Bucket: "b", Key: "copy", CopySource: "b/text" });
    expect(copied).toEqual({ CopyObjectResult: { ETag: expect.any(String), LastModified: "2026-01-02T00:00:00Z" } });
    const listed = await dispatcher.call("s3", "listObjectsV2", { Bucket: "b", Prefix: "" });
    expect(s3.requests.at(-1)).toMatchObject({ method: "GET", path: "/b", rawQuery: "list-type=2&prefix=" });
    expect(listed).toMatchObject({ IsTruncated: false, KeyCount: 3, MaxKeys: 1000, Name: "b" });
    expect(listed.Contents).toEqual([
      { ETag: '"e"', Key: "copy", LastModified: "2026-01-01T00:00:00Z", Size: 11, StorageClass: "STANDARD" },
      { ETag: '"e"', Key: "dir/a b.json", LastModified: "2026-01-01T00:00:00Z", Size: 7, StorageClass: "STANDARD" },
      { ETag: '"e"', Key: "text", LastModified: "2026-01-01T00:00:00Z", Size: 11, StorageClass: "STANDARD" },
    ]);
    expect(await dispatcher.call("s3", "deleteObject", { Bucket: "b", Key: "copy" })).toEqual({});
    expect(s3.objects.has("b/copy")).toBe(false);
  });

  it("reads an XML error body as an AwsError with S3's code", async () => {
    const error = await dispatcher.call("s3", "getObject", { Bucket: "b", Key: "missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: "NoSuchKey", message: "The specified key does not exist.", statusCode: 404 });
    const head = await dispatcher.call("s3", "headObject", { Bucket: "b", Key: "missing" }).catch((e: unknown) => e);
    expect(head).toMatchObject({ code: "NoSuchKey", message: "", statusCode: 404 });
  });

  it("sends a timestamp that is no date as written, for the service to refuse (no RangeError)", async () => {
    await dispatcher.call("s3", "putObjectRetention", { Bucket: "b", Key: "retention", Retention: { Mode: "GOVERNANCE", RetainUntilDate: "not a date" } });
    expect(s3.requests.at(-1)?.body.toString()).toContain("<RetainUntilDate>not a date</RetainUntilDate>");
    s3.objects.delete("b/retention");
  });

  it("refuses an empty or missing URI label before sending anything, as SDK v2 does (DeleteObject with Key \"\" is no DeleteBucket)", async () => {
    const sent = s3.requests.length;
    await expect(dispatcher.call("s3", "deleteObject", { Bucket: "b", Key: "" })).rejects.toThrow("Key cannot be empty.");
    await expect(dispatcher.call("s3", "getObject", { Bucket: "b" })).rejects.toThrow("Key cannot be empty.");
    await expect(dispatcher.call("s3", "listObjectsV2", { Bucket: "" })).rejects.toThrow("Bucket cannot be empty.");
    expect(s3.requests.length).toBe(sent);
  });

  it("names an unknown action or an unregistered service", async () => {
    await expect(dispatcher.call("s3", "noSuchAction", {})).rejects.toMatchObject({ code: "UnknownOperationException" });
    await expect(dispatcher.call("lambda", "listFunctions", {})).rejects.toMatchObject({ code: "UnknownOperationException" });
  });
});

describe("Step Functions reaching S3 through the dispatcher (aws-sdk:s3, ItemReader, ResultWriter)", () => {
  const s3 = fakeS3();
  const services = new Map<string, AwsService>([["s3", s3.service]]);
  const dispatcher = new ServiceDispatcher(services);
  let sfn: StepFunctions;
  let server: Awaited<ReturnType<typeof serveHandler>>;
  let client: SFNClient;
  let counter = 0;

  beforeAll(async () => {
    sfn = await createStepFunctions({ store: new MemoryStore(), clock: new RealClock(), logger: silentLogger, region: "us-east-1", accountId: "123456789012", dispatcher });
    services.set("stepfunctions", sfn.service);
    server = await serveHandler(sfn.service.handle, { port: 0, host: "127.0.0.1" });
    client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, disableHostPrefix: true });
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await sfn?.close();
  });

  async function execute(definition: Record<string, unknown>, input: unknown = {}) {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: `s3-${++counter}`, definition: JSON.stringify(definition), roleArn: "arn:aws:iam::123456789012:role/r", type: "EXPRESS" }),
    );
    return client.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  }

  it("aws-sdk:s3:putObject then getObject return AWS's members", async () => {
    const result = await execute({
      StartAt: "Put",
      States: {
        Put: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:putObject", Parameters: { Bucket: "b", Key: "doc.json", Body: { hello: "world" } }, ResultPath: "$.put", Next: "Get" },
        Get: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:getObject", Parameters: { Bucket: "b", Key: "doc.json" }, End: true },
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    const output = JSON.parse(result.output ?? "null") as Record<string, unknown>;
    expect(output).toMatchObject({ AcceptRanges: "bytes", ContentLength: 17, Body: '{"hello":"world"}', ServerSideEncryption: "AES256" });
  });

  it("a missing key fails as S3.NoSuchKeyException", async () => {
    const result = await execute({ StartAt: "Get", States: { Get: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:getObject", Parameters: { Bucket: "b", Key: "nope" }, End: true } } });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("S3.NoSuchKeyException");
    expect(result.cause).toMatch(/^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: [0-9a-f-]+, Extended Request ID: [A-Za-z0-9+/=]+\)$/);
  });

  it("a Distributed Map reads its items from S3 and writes its results there", async () => {
    s3.objects.set("in/orders.csv", { body: Buffer.from("id,total\n1,10\n2,20\n"), contentType: "text/csv", metadata: {}, modified: new Date() });
    const result = await execute({
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { Bucket: "in", Key: "orders.csv" } },
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "results" } },
          End: true,
        },
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    const output = JSON.parse(result.output ?? "null") as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(":") + 1);
    expect(output.ResultWriterDetails).toEqual({ Bucket: "out", Key: `results/${runId}/manifest.json` });
    const succeeded = JSON.parse(s3.objects.get(`out/results/${runId}/SUCCEEDED_0.json`)?.body.toString() ?? "null") as { Input: string; Output: string }[];
    expect(succeeded.map((r) => JSON.parse(r.Output) as unknown)).toEqual([{ id: "1", total: "10" }, { id: "2", total: "20" }]);
    const manifest = JSON.parse(s3.objects.get(`out/results/${runId}/manifest.json`)?.body.toString() ?? "null") as Record<string, unknown>;
    expect(manifest).toMatchObject({ DestinationBucket: "out", MapRunArn: output.MapRunArn });
  });
});
