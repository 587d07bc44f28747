import { describe, expect, it } from "vitest";
import { TaskError, type TaskCall } from "../src/engine/asl/ports.js";
import type { Json } from "../src/engine/asl/json.js";
import { fakeRunner, run, types } from "./helpers.js";

/** An in-memory S3 behind the aws-sdk:s3 resources the ItemReader and ResultWriter call. */
function fakeS3(objects: Record<string, string>) {
  const store = new Map(Object.entries(objects));
  const runner = fakeRunner((call: TaskCall): Json => {
    if (call.resource.kind !== "service" || call.resource.resourceType !== "s3") throw new Error("unexpected task");
    const p = call.parameters as Record<string, Json>;
    const key = `${String(p.Bucket)}/${String(p.Key ?? "")}`;
    switch (call.resource.action) {
      case "getObject": {
        const body = store.get(key);
        if (body === undefined) throw new TaskError("S3.NoSuchKeyException", "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: x)");
        return { Body: body, ContentType: "application/json" };
      }
      case "putObject":
        store.set(key, typeof p.Body === "string" ? p.Body : JSON.stringify(p.Body));
        return { ETag: '"etag"' };
      case "listObjectsV2": {
        const prefix = `${String(p.Bucket)}/${String(p.Prefix ?? "")}`;
        const contents = [...store.keys()]
          .filter((k) => k.startsWith(prefix))
          .sort()
          .map((k) => ({ Key: k.slice(String(p.Bucket).length + 1), LastModified: "2026-01-01T00:00:00Z", ETag: '"e"', Size: store.get(k)?.length ?? 0, StorageClass: "STANDARD" }));
        return { Contents: contents, IsTruncated: false, KeyCount: contents.length };
      }
      default:
        throw new Error(`unexpected action ${call.resource.action}`);
    }
  });
  return { runner, store };
}

const processor = (states: Record<string, unknown>) => ({ ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: states }) as never;

function machine(map: Record<string, unknown>) {
  return { StartAt: "M", States: { M: { Type: "Map", Label: "Items", ItemProcessor: processor({ P: { Type: "Pass", End: true } }), End: true, ...map } } } as never;
}

describe("Distributed Map ItemReader", () => {
  it("reads a JSON array from s3:getObject, MaxItems bounding it", async () => {
    const { runner } = fakeS3({ "data/items.json": JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]) });
    const { outcome, events } = await run(
      machine({
        ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSON", MaxItems: 2 }, Parameters: { Bucket: "data", "Key.$": "$.key" } },
      }),
      { key: "items.json" },
      { tasks: runner },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ id: 1 }, { id: 2 }] });
    // The Map Run counts the items an ItemReader reads; the state reports 0 (LocalStack's AWS-recorded test_map_item_reader_*).
    expect(events.find((e) => e.type === "MapStateStarted")?.mapStateStartedEventDetails).toEqual({ length: 0 });
  });

  it("takes JSONata Arguments and MaxItems in a JSONata state", async () => {
    const { runner } = fakeS3({ "data/items.json": JSON.stringify([1, 2, 3]) });
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSON", MaxItems: "{% $states.input.max %}" }, Arguments: { Bucket: "data", Key: "{% $states.input.key %}" } },
            ItemProcessor: processor({ P: { Type: "Pass", End: true } }),
            End: true,
          },
        },
      } as never,
      { key: "items.json", max: 2 },
      { tasks: runner },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [1, 2] });
  });

  it("reads CSV rows as objects keyed by the first row or by CSVHeaders", async () => {
    const { runner } = fakeS3({ "data/r.csv": 'name,rating,"quote, with comma"\nann,5,"say ""hi"""\nbob,3,x\n' });
    const first = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { Bucket: "data", Key: "r.csv" } } }), {}, { tasks: runner });
    expect(first.outcome).toEqual({
      status: "SUCCEEDED",
      output: [
        { name: "ann", rating: "5", "quote, with comma": 'say "hi"' },
        { name: "bob", rating: "3", "quote, with comma": "x" },
      ],
    });
    const given = await run(
      machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: ["a", "b", "c"], MaxItems: 1 }, Parameters: { Bucket: "data", Key: "r.csv" } } }),
      {},
      { tasks: runner },
    );
    expect(given.outcome).toEqual({ status: "SUCCEEDED", output: [{ a: "name", b: "rating", c: "quote, with comma" }] });
  });

  it("keeps a CSV column named __proto__ (and constructor) as a field, polluting nothing", async () => {
    const { runner } = fakeS3({ "data/p.csv": "__proto__,constructor,a\n{},x,1\n" });
    const { outcome } = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { Bucket: "data", Key: "p.csv" } } }), {}, { tasks: runner });
    expect(outcome.status).toBe("SUCCEEDED");
    // Columns in java.util.HashMap order, as AWS writes a row (test_map_item_reader_csv_headers_first_row_typed_headers).
    expect(JSON.stringify((outcome as unknown as { output: unknown }).output)).toBe('[{"__proto__":"{}","a":"1","constructor":"x"}]');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it("parses CSV as AWS documents: PIPE delimiter, backslash escapes, short and long rows", async () => {
    const { runner } = fakeS3({ "data/p.csv": "path|size\nC:\\\\Apps\\|x|1|extra\nshort\n" });
    const { outcome } = await run(
      machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW", CSVDelimiter: "PIPE" }, Parameters: { Bucket: "data", Key: "p.csv" } } }),
      {},
      { tasks: runner },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ path: "C:\\Apps|x", size: "1" }, { path: "short", size: "" }] });
  });

  it("reads the array ItemsPointer points to", async () => {
    const { runner } = fakeS3({ "data/nested.json": JSON.stringify({ inventory: { products: { featured: ["a", "b"] } } }) });
    const { outcome } = await run(
      machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSON", ItemsPointer: "/inventory/products/featured" }, Parameters: { Bucket: "data", Key: "nested.json" } } }),
      {},
      { tasks: runner },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: ["a", "b"] });
  });

  it("reads every listed object's items with Transformation LOAD_AND_FLATTEN", async () => {
    const { runner } = fakeS3({ "logs/h/1.jsonl": '{"n":1}\n{"n":2}\n', "logs/h/2.jsonl": '{"n":3}\n' });
    const { outcome } = await run(
      machine({ ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", ReaderConfig: { InputType: "JSONL", Transformation: "LOAD_AND_FLATTEN", MaxItems: 3 }, Parameters: { Bucket: "logs", Prefix: "h/" } } }),
      {},
      { tasks: runner },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });

  it("reads JSONL, and a MANIFEST's inventory files", async () => {
    const { runner } = fakeS3({
      "data/lines.jsonl": '{"n":1}\n{"n":2}\n',
      "inv/manifest.json": JSON.stringify({ sourceBucket: "src", destinationBucket: "arn:aws:s3:::inv", fileFormat: "CSV", fileSchema: "Bucket, Key, Size", files: [{ key: "data/1.csv" }] }),
      "inv/data/1.csv": '"src","a.jpg","10"\n"src","b.jpg","20"\n',
    });
    const lines = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSONL" }, Parameters: { Bucket: "data", Key: "lines.jsonl" } } }), {}, { tasks: runner });
    expect(lines.outcome).toEqual({ status: "SUCCEEDED", output: [{ n: 1 }, { n: 2 }] });
    const manifest = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "MANIFEST" }, Parameters: { Bucket: "inv", Key: "manifest.json" } } }), {}, { tasks: runner });
    expect(manifest.outcome).toEqual({ status: "SUCCEEDED", output: [{ Bucket: "src", Key: "a.jpg", Size: "10" }, { Bucket: "src", Key: "b.jpg", Size: "20" }] });
  });

  it("lists the objects of a prefix with s3:listObjectsV2", async () => {
    const { runner } = fakeS3({ "pics/img/1.jpg": "x", "pics/img/2.jpg": "yy", "pics/other.txt": "z" });
    const { outcome } = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: "pics", Prefix: "img/" } } }), {}, { tasks: runner });
    expect(outcome).toEqual({
      status: "SUCCEEDED",
      output: [
        { Etag: '"e"', Key: "img/1.jpg", LastModified: 1767225600, Size: 1, StorageClass: "STANDARD" },
        { Etag: '"e"', Key: "img/2.jpg", LastModified: 1767225600, Size: 2, StorageClass: "STANDARD" },
      ],
    });
  });

  it("fails as States.ItemReaderFailed when the object is missing or not an array", async () => {
    const { runner } = fakeS3({ "data/obj.json": '{"not":"a list"}' });
    const missing = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", Parameters: { Bucket: "data", Key: "nope.json" } } }), {}, { tasks: runner });
    expect(missing.outcome).toMatchObject({ status: "FAILED", error: "States.ItemReaderFailed" });
    expect((missing.outcome as { cause: string }).cause).toMatch(/^The specified key does not exist\./);
    expect(types(missing.events)).toContain("MapStateFailed");
    const notList = await run(machine({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSON" }, Parameters: { Bucket: "data", Key: "obj.json" } } }), {}, { tasks: runner });
    expect(notList.outcome).toEqual({ status: "FAILED", error: "States.ItemReaderFailed", cause: "Attempting to map over non-iterable node." });
  });
});

describe("Distributed Map ResultWriter", () => {
  it("writes SUCCEEDED_0.json, FAILED_0.json and manifest.json under Prefix/<map run id>/", async () => {
    const { runner, store } = fakeS3({});
    const definition = {
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          Label: "Items",
          ToleratedFailurePercentage: 100,
          ItemProcessor: processor({
            P: { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: false, Next: "Bad" }], Default: "Good" },
            Good: { Type: "Pass", Result: "done", End: true },
            Bad: { Type: "Fail", Error: "Nope", Cause: "bad item" },
          }),
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "runs" } },
          End: true,
        },
      },
    } as never;
    const { outcome } = await run(definition, [{ ok: true }, { ok: false }], { tasks: runner });
    expect(outcome.status).toBe("SUCCEEDED");
    const output = (outcome as unknown as { output: { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } } }).output;
    const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(":") + 1);
    expect(output.ResultWriterDetails).toEqual({ Bucket: "out", Key: `runs/${runId}/manifest.json` });

    const manifest = JSON.parse(store.get(`out/runs/${runId}/manifest.json`) ?? "null") as Record<string, unknown>;
    expect(manifest).toEqual({
      DestinationBucket: "out",
      MapRunArn: output.MapRunArn,
      ResultFiles: {
        FAILED: [{ Key: `runs/${runId}/FAILED_0.json`, Size: expect.any(Number) }],
        PENDING: [],
        SUCCEEDED: [{ Key: `runs/${runId}/SUCCEEDED_0.json`, Size: expect.any(Number) }],
      },
    });
    const succeeded = JSON.parse(store.get(`out/runs/${runId}/SUCCEEDED_0.json`) ?? "null") as Record<string, unknown>[];
    expect(succeeded).toHaveLength(1);
    expect(Object.keys(succeeded[0])).toEqual([
      "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount", "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate",
    ]);
    expect(succeeded[0]).toMatchObject({
      Input: '{"ok":true}',
      Output: '"done"',
      Status: "SUCCEEDED",
      StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Machine/Items",
    });
    expect(String(succeeded[0].ExecutionArn)).toBe(`arn:aws:states:us-east-1:123456789012:execution:Machine/Items:${String(succeeded[0].Name)}`);
    const failed = JSON.parse(store.get(`out/runs/${runId}/FAILED_0.json`) ?? "null") as Record<string, unknown>[];
    expect(failed[0]).toMatchObject({ Cause: "bad item", Error: "Nope", Input: '{"ok":false}', Status: "FAILED", RedriveStatus: "REDRIVABLE_BY_MAP_RUN" });
  });

  it("trims a Prefix's trailing slashes, and a Prefix of 200,000 slashes and a letter costs a scan, not seconds of regex backtracking", async () => {
    const { runner, store } = fakeS3({});
    const prefix = `${"/".repeat(200_000)}x///`;
    const started = performance.now();
    const { outcome } = await run(
      machine({ ItemsPath: "$.items", ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", "Prefix.$": "$.prefix" } } }),
      { items: [1], prefix },
      { tasks: runner },
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcome.status).toBe("SUCCEEDED");
    const key = [...store.keys()].find((k) => k.endsWith("manifest.json")) ?? "";
    expect(key.startsWith(`out/${"/".repeat(200_000)}x/`)).toBe(true);
    expect(key.slice(`out/${"/".repeat(200_000)}x/`.length)).toMatch(/^[^/]+\/manifest\.json$/);
  });

  it("fails the Map Run as States.ResultWriterFailed when the bucket refuses the write", async () => {
    const runner = fakeRunner((): Json => {
      throw new TaskError("S3.NoSuchBucketException", "The specified bucket does not exist (Service: S3, Status Code: 404, Request ID: x)");
    });
    const { outcome, events } = await run(
      machine({ ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "missing", Prefix: "p" } } }),
      [1],
      { tasks: runner },
    );
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.ResultWriterFailed" });
    expect(types(events)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed"]);
  });

  it("applies WriterConfig: COMPACT / FLATTEN outputs, JSONL lines; failed children keep their records", async () => {
    const definition = (writerConfig: Record<string, unknown>, resource = true) =>
      ({
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ToleratedFailureCount: 1,
            ItemProcessor: processor({
              P: { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Bad" }], Default: "Good" },
              Good: { Type: "Pass", Result: [10, 20], End: true },
              Bad: { Type: "Fail", Error: "Nope", Cause: "two" },
            }),
            ResultWriter: resource ? { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "p/" }, WriterConfig: writerConfig } : { WriterConfig: writerConfig },
            End: true,
          },
        },
      }) as never;
    const { runner, store } = fakeS3({});
    const compact = await run(definition({ Transformation: "COMPACT", OutputType: "JSONL" }), [1, 2, 3], { tasks: runner });
    const runId = (compact.outcome as unknown as { output: { MapRunArn: string } }).output.MapRunArn.split(":").at(-1) ?? "";
    expect(store.get(`out/p/${runId}/SUCCEEDED_0.json`)).toBe("[10,20]\n[10,20]");
    expect(JSON.parse(store.get(`out/p/${runId}/FAILED_0.json`) ?? "null")).toMatchObject({ Error: "Nope", Status: "FAILED" });

    const flatten = await run(definition({ Transformation: "FLATTEN" }, false), [1, 3], { tasks: runner });
    expect(flatten.outcome).toEqual({ status: "SUCCEEDED", output: [10, 20, 10, 20] });
  });
});
