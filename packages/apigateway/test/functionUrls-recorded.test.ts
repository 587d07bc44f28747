/**
 * Lambda function URLs answering as recorded on AWS (localstack
 * tests/aws/services/lambda_/test_lambda.py and its snapshot: TestLambdaURL,
 * TestLambdaPermissions, TestRequestIdHandling). The front is served over real HTTP with a
 * scripted Lambda behind it; requests carry the URL's Host as a browser would send it.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus, serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createFunctionUrlFront } from "../src/index.js";
import type { FunctionUrlTarget } from "../src/functionUrls/config.js";
import { FakeLambda, RawPayload, START } from "./helpers.js";

const OPEN = "a".repeat(32);
const CLOSED = "b".repeat(32);
const FORBIDDEN = "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let lambda: FakeLambda;
let server: { url: string; close(): Promise<void> };
let answer: (event: Record<string, unknown>) => unknown;

const targets = new Map<string, FunctionUrlTarget>([
  [OPEN, { urlId: OPEN, functionName: "open", authType: "NONE", publicInvokeAllowed: true, invokeMode: "BUFFERED" }],
  [CLOSED, { urlId: CLOSED, functionName: "closed", authType: "NONE", publicInvokeAllowed: false, invokeMode: "BUFFERED" }],
]);

/** A real HTTP request to the front with the function URL's Host (Node does not resolve *.localhost). */
function send(urlId: string, path = "/", method = "POST"): Promise<Answer> {
  const edge = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: edge.hostname, port: edge.port, path, method, headers: { host: `${urlId}.lambda-url.us-east-1.localhost:${edge.port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(method === "POST" ? "{'key':'value'}" : undefined);
  });
}

beforeAll(async () => {
  lambda = new FakeLambda();
  lambda.script("open", (event) => answer(event));
  lambda.script("closed", () => "never");
  const front = createFunctionUrlFront({
    lookup: (urlId) => targets.get(urlId),
    invoker: lambda,
    accountId: "123456789012",
    clock: new VirtualClock(START),
    logger: silentLogger,
    events: new EventBus(),
  });
  server = await serveHandler((req) => front.handle(req));
});

afterAll(() => server.close());

describe("a result without statusCode (payload format 2.0 inference)", () => {
  // test_lambda_url_invocation[*], recorded on AWS: a Python function returns json.dumps-spaced JSON.
  const cases: Array<[string, string, string]> = [
    ["dict", '{"hello": "world"}', '{"hello":"world"}'],
    ["list-mixed", '["hello", 3, true]', '["hello",3,true]'],
    ["string", '"hello"', "hello"],
    ["integer", "3", "3"],
    ["float", "3.1", "3.1"],
    ["boolean", "true", "true"],
  ];
  for (const [name, returned, sent] of cases) {
    it(`${name}: answers 200 application/json with the value re-serialized compactly`, async () => {
      answer = () => new RawPayload(Buffer.from(returned));
      const got = await send(OPEN, "/custom_path/extend?test_param=test_value");
      expect(got.status).toBe(200);
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.body).toBe(sent);
      expect(got.headers["content-length"]).toBe(String(Buffer.byteLength(sent)));
    });
  }

  it("keeps the whitespace inside strings and the numbers' own spelling", async () => {
    answer = () => new RawPayload(Buffer.from('{ "a b" : "c \\" d\\n" ,\n\t"n": 1.50, "big": 12345678901234567890 }'));
    const got = await send(OPEN);
    expect(got.body).toBe('{"a b":"c \\" d\\n","n":1.50,"big":12345678901234567890}');
  });

  it("sends a statusCode response's body as the function wrote it", async () => {
    // test_lambda_url_invocation[http-response-json]: Content-Length 18, the spaced body kept.
    answer = () => ({ statusCode: 200, body: '{"hello": "world"}' });
    const got = await send(OPEN);
    expect(got.body).toBe('{"hello": "world"}');
    expect(got.headers["content-length"]).toBe("18");
    expect(got.headers["content-type"]).toBe("application/json");
  });
});

describe("an id no function URL has", () => {
  it('answers 403 {"Message":null}, application/json, x-amzn-ErrorType AccessDeniedException', async () => {
    // test_lambda_url_non_existing_url, recorded on AWS.
    const got = await send("0123456789abcdefghijklmnopqrstuv", "/", "GET");
    expect(got.status).toBe(403);
    expect(got.body).toBe('{"Message":null}');
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
  });
});

describe("AuthType NONE without a policy statement for lambda:InvokeFunctionUrl", () => {
  it("answers 403 Forbidden without invoking the function", async () => {
    // test_lambda_permission_url_invocation, recorded on AWS (no add_permission).
    const before = lambda.calls.length;
    const got = await send(CLOSED);
    expect(got.status).toBe(403);
    expect(JSON.parse(got.body)).toEqual({ Message: FORBIDDEN });
    expect(got.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(lambda.calls.length).toBe(before);
  });
});

describe("x-amzn-RequestId", () => {
  it("is the invocation's request id, as the function's context and event see it", async () => {
    // test_request_id_invoke_url, recorded on AWS: the header equals the id of the END log line.
    answer = (event) => (event.requestContext as Record<string, unknown>).requestId;
    const got = await send(OPEN);
    const call = lambda.calls[lambda.calls.length - 1];
    expect(got.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(call?.requestId).toBe(got.headers["x-amzn-requestid"]);
    expect(got.body).toBe(got.headers["x-amzn-requestid"]);
  });
});
