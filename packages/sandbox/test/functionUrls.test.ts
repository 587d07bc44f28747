import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetFunctionUrlConfigCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "function-urls");
const REGION = "us-east-1";

let sandbox: RunningSandbox;
let lambda: LambdaClient;
let webHost: string;
let privateHost: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A real HTTP request to the edge port, with the function URL's Host (Node does not resolve *.localhost). */
function send(host: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  const edge = new URL(sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: edge.hostname, port: edge.port, path, method: options.method ?? "GET", headers: { host, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  webHost = new URL((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-web" }))).FunctionUrl ?? "").host;
  privateHost = new URL((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-private" }))).FunctionUrl ?? "").host;
});

afterAll(async () => {
  lambda?.destroy();
  await sandbox?.stop();
});

describe("the template's function URLs", () => {
  it("come from SAM FunctionUrlConfig and AWS::Lambda::Url, with the ids Fn::GetAtt gives", async () => {
    const web = sandbox.app.outputs.WebUrl?.value ?? "";
    expect(web).toMatch(new RegExp(`^https://[a-z0-9]{32}\\.lambda-url\\.${REGION}\\.on\\.aws/$`));
    expect(webHost).toBe(`${new URL(web).hostname.replace(".on.aws", ".localhost")}:${new URL(sandbox.endpoint).port}`);
    expect(sandbox.app.outputs.WebUrlFunction?.value).toBe(`arn:aws:lambda:${REGION}:000000000000:function:urls-web`);
    expect(sandbox.functionUrls.map((u) => [u.functionName, u.authType]).sort()).toEqual([
      ["urls-private", "AWS_IAM"],
      ["urls-stream", "NONE"],
      ["urls-throttled", "NONE"],
      ["urls-web", "NONE"],
    ]);
    const config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-web" }));
    expect(config.Cors).toEqual({ AllowOrigins: ["https://app.example.com"], AllowMethods: ["GET", "POST"], AllowHeaders: ["x-custom"], ExposeHeaders: ["x-from"], MaxAge: 600 });
  });
});

describe("serving a function URL", () => {
  it("invokes the function with the function URL event", async () => {
    const answer = await send(webHost, "/items/42?a=1&a=2&b=x", { method: "POST", headers: { "content-type": "application/json", cookie: "s=1; t=2" }, body: '{"n":1}' });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-from"]).toBe("fn");
    const event = JSON.parse(answer.body.toString("utf8")) as Record<string, unknown> & { requestContext: Record<string, unknown> };
    const urlId = webHost.split(".")[0];
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/items/42",
      rawQueryString: "a=1&a=2&b=x",
      cookies: ["s=1", "t=2"],
      queryStringParameters: { a: "1,2", b: "x" },
      body: '{"n":1}',
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      accountId: "anonymous",
      apiId: urlId,
      domainName: webHost.replace(/:\d+$/, ""),
      domainPrefix: urlId,
      http: { method: "POST", path: "/items/42", protocol: "HTTP/1.1" },
      routeKey: "$default",
      stage: "$default",
    });
    expect(event).not.toHaveProperty("pathParameters");
    expect(event).not.toHaveProperty("stageVariables");
    expect(event.headers).toMatchObject({ "content-type": "application/json", "x-forwarded-proto": "http" });
  });

  it("also answers to the AWS host name <id>.lambda-url.<region>.on.aws", async () => {
    const answer = await send(new URL(sandbox.app.outputs.WebUrl?.value ?? "").host, "/plain");
    expect(answer.status).toBe(200);
  });

  it("answers a plain object as 200 application/json", async () => {
    const answer = await send(webHost, "/plain");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({ hello: "world" });
  });

  it("base64-encodes a binary request body and decodes a binary answer", async () => {
    const sent = Buffer.from([1, 2, 3, 250]);
    const echoed = await send(webHost, "/echo", { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: sent });
    const event = JSON.parse(echoed.body.toString("utf8")) as { body: string; isBase64Encoded: boolean };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, "base64")).toEqual(sent);
    const answer = await send(webHost, "/binary");
    expect(answer.headers["content-type"]).toBe("image/png");
    expect(answer.body).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("writes the function's cookies as Set-Cookie lines", async () => {
    const answer = await send(webHost, "/cookies");
    expect(answer.status).toBe(201);
    expect(answer.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; HttpOnly"]);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.body.toString("utf8")).toBe("made");
  });

  it("answers 502 Internal Server Error when the handler throws", async () => {
    const answer = await send(webHost, "/fail");
    expect(answer.status).toBe(502);
    expect(answer.body.toString("utf8")).toBe("Internal Server Error");
  });
});

describe("InvokeMode RESPONSE_STREAM", () => {
  it("answers the status, headers and cookies of the stream's HTTP prelude, then what was written", async () => {
    const config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-stream" }));
    expect(config.InvokeMode).toBe("RESPONSE_STREAM");
    const answer = await send(new URL(config.FunctionUrl ?? "").host, "/");
    expect(answer.status).toBe(202);
    expect(answer.headers["content-type"]).toBe("text/plain");
    expect(answer.headers["set-cookie"]).toEqual(["s=1"]);
    expect(answer.body.toString("utf8")).toBe("part one, part two");
  });

  it("answers the content type set with setContentType when there is no prelude, application/octet-stream by default", async () => {
    const host = new URL((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-stream" }))).FunctionUrl ?? "").host;
    const sse = await send(host, "/sse");
    expect(sse.status).toBe(200);
    expect(sse.headers["content-type"]).toBe("text/event-stream");
    expect(sse.body.toString("utf8")).toBe("data: one\n\n");
    const raw = await send(host, "/raw");
    expect(raw.headers["content-type"]).toBe("application/octet-stream");
    expect(raw.body.toString("utf8")).toBe("raw bytes");
  });

  it("sends each write as it happens, chunked, while the handler still runs", async () => {
    // The handler waits for this server's answer, which the test gives only after the first piece arrived.
    let waiting: ServerResponse | undefined;
    let arrived: () => void = () => {};
    const asked = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const signal = createServer((_req, res) => {
      waiting = res;
      arrived();
    });
    await new Promise<void>((resolve) => signal.listen(0, "127.0.0.1", resolve));
    const signalUrl = `http://127.0.0.1:${(signal.address() as AddressInfo).port}/`;
    const config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-stream" }));
    const edge = new URL(sandbox.endpoint);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: edge.hostname, port: edge.port, path: `/waits?signal=${encodeURIComponent(signalUrl)}`, headers: { host: new URL(config.FunctionUrl ?? "").host } }, resolve);
      req.on("error", reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/event-stream");
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    const first = await new Promise<string>((resolve) => res.once("data", (c: Buffer) => resolve(c.toString("utf8"))));
    expect(first).toBe("data: first\n\n");
    // The handler is blocked on the go-ahead only this test gives: it has not finished.
    await asked;
    let rest = "";
    res.on("data", (c: Buffer) => (rest += c.toString("utf8")));
    const ended = new Promise((resolve) => res.on("end", resolve));
    waiting?.end("second");
    await ended;
    expect(rest).toBe("data: second\n\n");
    await new Promise<void>((resolve) => signal.close(() => resolve()));
  });
});

describe("throttling", () => {
  it("answers 429 when the function has no concurrency left", async () => {
    const url = (await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "urls-throttled" }))).FunctionUrl ?? "";
    const answer = await send(new URL(url).host, "/plain");
    expect(answer.status).toBe(429);
    expect(answer.headers["x-amzn-errortype"]).toBe("TooManyRequestsException");
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({ Message: "Rate Exceeded." });
  });
});

describe("CORS", () => {
  it("answers a preflight from the URL's Cors without invoking the function", async () => {
    const answer = await send(webHost, "/items", {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "x-custom" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "x-custom",
      "access-control-max-age": "600",
    });
    expect(answer.body.length).toBe(0);
  });

  it("adds the CORS headers to an allowed origin's response, and none for another origin", async () => {
    const allowed = await send(webHost, "/plain", { headers: { origin: "https://app.example.com" } });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(allowed.headers["access-control-expose-headers"]).toBe("x-from");
    const other = await send(webHost, "/plain", { headers: { origin: "https://evil.example.com" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("AuthType AWS_IAM", () => {
  it("refuses an unsigned request with 403 AccessDeniedException", async () => {
    const answer = await send(privateHost, "/plain");
    expect(answer.status).toBe(403);
    expect(answer.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({
      Message: "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
    });
  });

  it("serves a SigV4-signed request, with the caller in requestContext.authorizer.iam", async () => {
    const authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
    const answer = await send(privateHost, "/whoami", { headers: { authorization, "x-amz-date": "20261125T120000Z" } });
    expect(answer.status).toBe(200);
    const event = JSON.parse(answer.body.toString("utf8")) as { requestContext: { accountId: string; authorizer: { iam: { accessKey: string } } } };
    expect(event.requestContext.accountId).toBe("000000000000");
    expect(event.requestContext.authorizer.iam.accessKey).toBe("AKIDEXAMPLE");
  });

  it("answers 403 for an id no function URL has", async () => {
    const answer = await send(`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.lambda-url.${REGION}.localhost`, "/");
    expect(answer.status).toBe(403);
  });
});
