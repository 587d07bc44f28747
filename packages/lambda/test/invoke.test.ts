import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
// The usual SAM TypeScript layout: ESM syntax in a package without "type": "module".
// Written at run time: the repository's strict tsconfig would reject it as a fixture.
const cjsTsApp = mkdtempSync(join(tmpdir(), "sandbox-cjs-ts-"));

beforeAll(async () => {
  writeFileSync(join(cjsTsApp, "package.json"), '{ "name": "cjs-ts-app", "private": true }\n');
  writeFileSync(
    join(cjsTsApp, "app.ts"),
    'export const lambdaHandler = async (event: { n: number }): Promise<object> => ({ doubled: event.n * 2, format: typeof module === "object" ? "cjs" : "esm" });\n',
  );
  lambda = await startLambda([
    fn("cjsTs", cjsTsApp, "app.lambdaHandler"),
    fn("hello", "ts-app", "src/handlers/hello.handler", { description: "TypeScript handler" }),
    fn("sdk", "ts-app", "src/handlers/sdk.handler", { memorySizeMb: 256 }),
    fn("echo", "esm-app", "index.echo"),
    fn("nested", "esm-app", "index.nested.handler"),
    fn("nothing", "esm-app", "index.nothing"),
    fn("env", "esm-app", "index.env", { environment: { GREETING: "hi", TZ: "Asia/Tokyo" } }),
    fn("other", "esm-app", "index.env", { environment: { OTHER_ONLY: "secret" } }),
    fn("slow", "esm-app", "index.slow"),
    fn("callback", "cjs-app", "index.handler"),
    fn("succeed", "cjs-app", "index.succeed"),
    fn("waits", "cjs-app", "index.waitsForTimer"),
    fn("noWait", "cjs-app", "index.doesNotWait"),
    fn("silent", "cjs-app", "index.neverAnswers"),
    fn("meta", "meta-app", "app.lambdaHandler", {
      build: {
        method: "esbuild",
        properties: { EntryPoints: ["src/app.ts"], Format: "esm", OutExtension: [".js=.mjs"], Minify: false, Target: "es2022" },
      },
    }),
  ]);
});

afterAll(async () => {
  await lambda?.close();
  rmSync(cjsTsApp, { recursive: true, force: true });
});

const invoke = (FunctionName: string, event: unknown = {}) =>
  lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event) }));

describe("Invoke (RequestResponse)", () => {
  it("bundles a TypeScript handler with its imports and runs it", async () => {
    const out = await invoke("hello", { name: "sandbox" });
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toMatchObject({ message: "hello sandbox", count: 1 });
  });

  it("reuses a warm environment: module state survives between invocations", async () => {
    const first = payloadOf(await invoke("hello")) as { count: number; environmentId: string };
    const second = payloadOf(await invoke("hello")) as { count: number; environmentId: string };
    expect(second.environmentId).toBe(first.environmentId);
    expect(second.count).toBe(first.count + 1);
  });

  it("gives concurrent invocations their own environments", async () => {
    const [a, b] = await Promise.all([invoke("slow", { ms: 150 }), invoke("slow", { ms: 150 })]);
    const ids = [payloadOf(a), payloadOf(b)].map((p) => (p as { environmentId: string }).environmentId);
    expect(ids[0]).not.toBe(ids[1]);
    // Both are warm now: the next call reuses one of them.
    const third = payloadOf(await invoke("slow", { ms: 1 })) as { environmentId: string };
    expect(ids).toContain(third.environmentId);
  });

  it("runs an ES module handler (top-level await) and passes the context object", async () => {
    const out = await lambda.client.send(
      new InvokeCommand({
        FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`,
        Payload: json({ a: 1 }),
        ClientContext: Buffer.from(JSON.stringify({ custom: { from: "test" } })).toString("base64"),
      }),
    );
    const body = payloadOf(out) as { event: unknown; context: Record<string, unknown> };
    expect(body.event).toEqual({ a: 1 });
    expect(body.context).toMatchObject({
      functionName: "echo",
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`,
      memoryLimitInMB: "128",
      logGroupName: "/aws/lambda/echo",
      clientContext: { custom: { from: "test" } },
    });
    expect(body.context.awsRequestId).toBe(out.$metadata.requestId);
    expect(String(body.context.logStreamName)).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.context.remaining).toBeGreaterThan(29_000);
  });

  it("finds a nested handler and answers null for undefined", async () => {
    expect(payloadOf(await invoke("nested"))).toBe("nested ok");
    expect(payloadOf(await invoke("nothing"))).toBeNull();
  });

  it("accepts an empty payload as {}", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "echo" }));
    expect(payloadOf(out)).toMatchObject({ event: {} });
  });

  it("bundles TypeScript in a CommonJS package as CommonJS", async () => {
    expect(payloadOf(await invoke("cjsTs", { n: 2 }))).toEqual({ doubled: 4, format: "cjs" });
  });

  it("honours esbuild Metadata (EntryPoints, Format esm, OutExtension)", async () => {
    expect(payloadOf(await invoke("meta", { n: 21 }))).toEqual({ doubled: 42, format: "esm" });
  });

  it("lets a handler's SDK v3 client reach the sandbox through AWS_ENDPOINT_URL", async () => {
    const names = payloadOf(await invoke("sdk")) as string[];
    expect(names).toContain("hello");
    expect(names).toContain("sdk");
  });
});

describe("CommonJS and callback handlers", () => {
  it("answers with callback(null, result)", async () => {
    expect(payloadOf(await invoke("callback"))).toEqual({ style: "callback", count: 1, name: "callback" });
  });

  it("answers with context.succeed", async () => {
    expect(payloadOf(await invoke("succeed"))).toEqual({ style: "succeed" });
  });

  it("waits for the event loop to empty before answering, unless told not to", async () => {
    const started = Date.now();
    await invoke("waits");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const quick = Date.now();
    expect(payloadOf(await invoke("noWait"))).toBe("answered at once");
    // Its pending 60 s timer did not hold the answer (the bound leaves room for a cold start under load).
    expect(Date.now() - quick).toBeLessThan(20_000);
  });

  it("answers null when the handler neither returns a promise nor calls back", async () => {
    expect(payloadOf(await invoke("silent"))).toBeNull();
  });
});

describe("Environment variables", () => {
  it("sets the function's variables and Lambda's runtime variables", async () => {
    const vars = payloadOf(await invoke("env")) as Record<string, string | undefined>;
    expect(vars).toMatchObject({
      GREETING: "hi",
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ENDPOINT_URL: lambda.url,
      AWS_LAMBDA_FUNCTION_NAME: "env",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
      AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/env",
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
      _HANDLER: "index.env",
      TZ: "Asia/Tokyo",
      AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    });
    expect(vars.AWS_ACCESS_KEY_ID).toBeTruthy();
    expect(vars.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(vars.AWS_SESSION_TOKEN).toBeTruthy();
    expect(vars.LAMBDA_TASK_ROOT).toMatch(/fixtures\/esm-app$/);
    expect(vars._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(vars.OTHER_ONLY).toBeUndefined();
  });

  it("names a Parent in _X_AMZN_TRACE_ID when the caller's untraced header has none, as Lambda does", async () => {
    const command = new InvokeCommand({ FunctionName: "env", Payload: json({}) });
    command.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        request.headers["x-amzn-trace-id"] = "Root=1-6759e988-bd862e3fe1be46a994272793;Sampled=0";
        return next(args);
      },
      { step: "build" },
    );
    const vars = payloadOf(await lambda.client.send(command)) as Record<string, string | undefined>;
    // The X-Ray SDK (Powertools Tracer) logs "_X_AMZN_TRACE_ID is missing required information" without a Parent.
    expect(vars._X_AMZN_TRACE_ID).toMatch(/^Root=1-6759e988-bd862e3fe1be46a994272793;Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it("keeps each function's variables to itself and leaves the sandbox's process.env alone", async () => {
    const vars = payloadOf(await invoke("other")) as Record<string, string | undefined>;
    expect(vars.OTHER_ONLY).toBe("secret");
    expect(vars.GREETING).toBeUndefined();
    expect(process.env.OTHER_ONLY).toBeUndefined();
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
  });
});

describe("Invocation types", () => {
  it("Event answers 202 at once and runs the function in the background", async () => {
    const done = new Promise<string>((resolve) => {
      lambda.events.on("invocation", (e) => {
        if (e.functionName === "slow") resolve(e.status);
      });
    });
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "slow", InvocationType: "Event", Payload: json({ ms: 50 }) }));
    expect(out.StatusCode).toBe(202);
    expect(payloadOf(out)).toBeUndefined();
    expect(await done).toBe("ok");
  });

  it("DryRun answers 204 without running anything", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "hello", InvocationType: "DryRun" }));
    expect(out.StatusCode).toBe(204);
  });

  it("accepts the $LATEST qualifier", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "nested", Qualifier: "$LATEST" }));
    expect(payloadOf(out)).toBe("nested ok");
  });
});

describe("Invoke errors", () => {
  it("rejects an unknown function with ResourceNotFoundException", async () => {
    await expect(invoke("nope")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      // Invoke names the missing function's $LATEST (localstack test_lambda.snapshot.json test_invoke_exceptions, recorded on AWS in 2025).
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope:$LATEST`,
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("rejects a version that does not exist", async () => {
    await expect(lambda.client.send(new InvokeCommand({ FunctionName: "hello", Qualifier: "7" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:hello:7`,
    });
  });

  it("rejects a payload that is not JSON with InvalidRequestContentException", async () => {
    await expect(
      lambda.client.send(new InvokeCommand({ FunctionName: "hello", Payload: new TextEncoder().encode("not json") })),
    ).rejects.toMatchObject({
      name: "InvalidRequestContentException",
      message: expect.stringMatching(/^Could not parse request body into json: Could not parse payload into json: Unrecognized token 'not'/),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("rejects a payload over 6 MB", async () => {
    const payload = new TextEncoder().encode(JSON.stringify("x".repeat(6 * 1024 * 1024)));
    await expect(lambda.client.send(new InvokeCommand({ FunctionName: "hello", Payload: payload }))).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
      $metadata: { httpStatusCode: 413 },
    });
  });

  it("rejects an Event payload over 1 MB", async () => {
    const payload = new TextEncoder().encode(JSON.stringify("x".repeat(1024 * 1024)));
    await expect(
      lambda.client.send(new InvokeCommand({ FunctionName: "hello", InvocationType: "Event", Payload: payload })),
    ).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      message: `${payload.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
    });
  });

  it("rejects a ClientContext that is not base64 JSON", async () => {
    await expect(
      lambda.client.send(new InvokeCommand({ FunctionName: "echo", ClientContext: Buffer.from("nope").toString("base64") })),
    ).rejects.toMatchObject({ name: "InvalidRequestContentException", message: "Client context must be a valid Base64-encoded JSON object." });
  });
});

describe("GetFunction, GetFunctionConfiguration, ListFunctions", () => {
  it("describes a function as Lambda does", async () => {
    const out = await lambda.client.send(new GetFunctionCommand({ FunctionName: "hello" }));
    expect(out.Configuration).toMatchObject({
      FunctionName: "hello",
      FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:hello`,
      Runtime: "nodejs20.x",
      Handler: "src/handlers/hello.handler",
      Timeout: 30,
      MemorySize: 128,
      Version: "$LATEST",
      State: "Active",
      PackageType: "Zip",
      Description: "TypeScript handler",
      LoggingConfig: { LogFormat: "Text", LogGroup: "/aws/lambda/hello" },
    });
    expect(out.Code?.RepositoryType).toBe("S3");
  });

  it("returns the configuration alone", async () => {
    const out = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "env" }));
    expect(out.Environment?.Variables).toEqual({ GREETING: "hi", TZ: "Asia/Tokyo" });
  });

  it("lists every function, in pages", async () => {
    const first = await lambda.client.send(new ListFunctionsCommand({ MaxItems: 5 }));
    expect(first.Functions).toHaveLength(5);
    expect(first.NextMarker).toBeDefined();
    const rest = await lambda.client.send(new ListFunctionsCommand({ Marker: first.NextMarker }));
    const names = [...(first.Functions ?? []), ...(rest.Functions ?? [])].map((f) => f.FunctionName);
    expect(names).toHaveLength(15);
    expect(names).toContain("meta");
  });

  it("answers ResourceNotFoundException for an unknown function", async () => {
    await expect(lambda.client.send(new GetFunctionCommand({ FunctionName: "nope" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope`,
    });
  });
});

describe("LambdaInvoker port", () => {
  it("invokes without HTTP, for API Gateway and other services", async () => {
    const out = await lambda.runtime.invoker.invoke({ functionName: "hello", payload: Buffer.from('{"name":"port"}') });
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(out.payload.toString())).toMatchObject({ message: "hello port" });
  });
});
