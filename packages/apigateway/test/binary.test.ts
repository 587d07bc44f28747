/**
 * Binary payloads end to end, over real HTTP with binary bodies compared byte for byte: REST API
 * binaryMediaTypes with Lambda proxy integrations ("Working with binary media types for REST APIs",
 * "Return binary media from a Lambda proxy integration" and localstack's AWS-validated
 * test_aws_proxy_binary_response), non-proxy contentHandling and Content-Type mapping ("Content type
 * conversions in API Gateway"), and HTTP API payload format 2.0 (body base64-encoded unless text).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

/** A 1x1 PNG: bytes that are not UTF-8 text. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=", "base64");
const INTERNAL_REST = '{"message": "Internal server error"}';

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** A function that answers the Lambda proxy result its caller describes in the request body (REST: isBase64Encoded PNG). */
function proxyRoute(method: string, path: string, functionName: string): RouteConfig {
  return { method, path, functionName, payloadFormatVersion: "1.0" };
}

describe("REST API Lambda proxy: binaryMediaTypes on the way in", () => {
  let h: Harness;
  let plain: Harness;
  beforeAll(async () => {
    h = await startGateway([restApi([proxyRoute("POST", "/upload", "echo")], { binaryMediaTypes: ["image/png", "application/*"] })]);
    plain = await startGateway([restApi([proxyRoute("POST", "/upload", "echo")])]);
    for (const g of [h, plain]) g.lambda.script("echo", (event) => ({ statusCode: 200, body: JSON.stringify({ body: event.body, isBase64Encoded: event.isBase64Encoded }) }));
  });
  afterAll(async () => {
    await h.close();
    await plain.close();
  });

  it("hands the function a body whose Content-Type is listed base64-encoded, isBase64Encoded true", async () => {
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "image/png" }, body: PNG });
    expect(h.lambda.lastEvent()).toMatchObject({ body: PNG.toString("base64"), isBase64Encoded: true });
    expect(Buffer.from(String(h.lambda.lastEvent().body), "base64")).toEqual(PNG);
  });

  it("matches a type/* pattern and ignores Content-Type parameters", async () => {
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/octet-stream; charset=binary" }, body: PNG });
    expect(h.lambda.lastEvent()).toMatchObject({ body: PNG.toString("base64"), isBase64Encoded: true });
    // application/json is covered by application/* too: JSON arrives base64-encoded, as on AWS.
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(h.lambda.lastEvent()).toMatchObject({ body: Buffer.from('{"a":1}').toString("base64"), isBase64Encoded: true });
  });

  it("hands a body whose Content-Type is not listed over as UTF-8 text", async () => {
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "text/csv" }, body: "a,b\né,ü" });
    expect(h.lambda.lastEvent()).toMatchObject({ body: "a,b\né,ü", isBase64Encoded: false });
  });

  it("without binaryMediaTypes, handles every body as UTF-8 text, as AWS documents (bytes that are not UTF-8 are mangled)", async () => {
    await fetch(`${plain.url}/upload`, { method: "POST", headers: { "content-type": "image/png" }, body: PNG });
    const event = plain.lambda.lastEvent();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe(PNG.toString("utf8"));
    expect(String(event.body)).toContain("\uFFFD");
    expect(plain.warnings.some((w) => w.includes("POST /upload") && w.includes("BinaryMediaTypes"))).toBe(true);
  });
});

describe("REST API Lambda proxy: isBase64Encoded answers and the first Accept type", () => {
  const encoded = PNG.toString("base64");
  let h: Harness;
  let plain: Harness;
  let result: Record<string, unknown>;
  beforeAll(async () => {
    h = await startGateway([restApi([proxyRoute("GET", "/image", "image")], { binaryMediaTypes: ["image/png", "*/test", "application/*", "image/jpg"] })]);
    plain = await startGateway([restApi([proxyRoute("GET", "/image", "image")])]);
    for (const g of [h, plain]) g.lambda.script("image", () => result);
  });
  afterAll(async () => {
    await h.close();
    await plain.close();
  });
  const get = (g: Harness, accept?: string) => fetch(`${g.url}/image`, { headers: accept === undefined ? {} : { accept } });

  it("decodes the body to bytes when the first Accept type is a binary media type", async () => {
    result = { statusCode: 200, headers: { "Content-Type": "image/png" }, body: encoded, isBase64Encoded: true };
    const res = await get(h, "image/png");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await bytesOf(res)).toEqual(PNG);
    expect(await bytesOf(await get(h, "image/png,image/*,*/*;q=0.8"))).toEqual(PNG);
  });

  it("sends the base64 text when the first Accept type is not one, whatever the Content-Type", async () => {
    result = { statusCode: 200, headers: { "Content-Type": "image/png" }, body: encoded, isBase64Encoded: true };
    // Only the first Accept type counts; a wildcard Accept matches no concrete type; "*/test" matches nothing.
    for (const accept of ["image/gif", "image/*", "*/*", "image/webp,image/png,*/*;q=0.8", "*/test", "random/test", "application", undefined]) {
      const res = await get(h, accept);
      expect(await res.text(), String(accept)).toBe(encoded);
    }
    expect(h.warnings.some((w) => w.includes("GET /image") && w.includes("base64 text"))).toBe(true);
  });

  it("looks at the Accept type only: a Content-Type outside the list, or none, still decodes", async () => {
    result = { statusCode: 200, headers: { "Content-Type": "text/plain" }, body: encoded, isBase64Encoded: true };
    expect(await bytesOf(await get(h, "image/jpg"))).toEqual(PNG);
    result = { statusCode: 200, body: encoded, isBase64Encoded: true };
    const res = await get(h, "application/whatever");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await bytesOf(res)).toEqual(PNG);
    expect(await bytesOf(await get(h, "application/*"))).toEqual(PNG);
  });

  it("sends the body as it is when isBase64Encoded is false", async () => {
    result = { statusCode: 200, headers: { "Content-Type": "image/png" }, body: encoded, isBase64Encoded: false };
    expect(await (await get(h, "image/png")).text()).toBe(encoded);
  });

  it("without binaryMediaTypes, never decodes: the base64 text goes out", async () => {
    result = { statusCode: 200, headers: { "Content-Type": "image/png" }, body: encoded, isBase64Encoded: true };
    expect(await (await get(plain, "image/png")).text()).toBe(encoded);
  });

  it('answers 500 {"message": "Internal server error"} for a body that is not base64 when it must be decoded', async () => {
    result = { statusCode: 200, headers: { "Content-Type": "image/png" }, body: "èé+à)(", isBase64Encoded: true };
    const res = await get(h, "image/png");
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
    // Not decoded (text Accept): the text goes out unchanged.
    expect(await (await get(h, "text/plain")).text()).toBe("èé+à)(");
  });

  it("decodes unpadded base64 and refuses a truncated group", async () => {
    result = { statusCode: 200, body: encoded.replace(/=+$/, ""), isBase64Encoded: true };
    expect(await bytesOf(await get(h, "image/png"))).toEqual(PNG);
    result = { statusCode: 200, body: "QUJDR", isBase64Encoded: true };
    expect((await get(h, "image/png")).status).toBe(500);
  });
});

describe("HTTP API (payload format 2.0): binary bodies", () => {
  let h: Harness;
  let result: Record<string, unknown>;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        { method: "POST", path: "/upload", functionName: "echo", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/image", functionName: "image", payloadFormatVersion: "2.0" },
      ]),
    ]);
    h.lambda.script("echo", () => ({ statusCode: 204 }));
    h.lambda.script("image", () => result);
  });
  afterAll(() => h.close());

  it("base64-encodes a body that is not text, isBase64Encoded true", async () => {
    for (const type of ["image/png", "application/octet-stream", "application/pdf"]) {
      await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": type }, body: PNG });
      expect(h.lambda.lastEvent(), type).toMatchObject({ body: PNG.toString("base64"), isBase64Encoded: true });
    }
  });

  it("passes text bodies as text", async () => {
    for (const [type, body] of [["text/plain; charset=utf-8", "héllo"], ["application/json", '{"a":"é"}'], ["application/xml", "<a/>"]]) {
      await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": type }, body });
      expect(h.lambda.lastEvent(), type).toMatchObject({ body, isBase64Encoded: false });
    }
  });

  it("decodes an isBase64Encoded answer to bytes, whatever the Accept", async () => {
    result = { statusCode: 200, headers: { "content-type": "image/png" }, body: PNG.toString("base64"), isBase64Encoded: true };
    for (const accept of ["image/png", "text/html", "*/*"]) {
      const res = await fetch(`${h.url}/image`, { headers: { accept } });
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(await bytesOf(res), accept).toEqual(PNG);
    }
  });

  it("round-trips an upload: the bytes a function decodes and sends back are the bytes sent", async () => {
    h.lambda.script("echo", (event) => ({ statusCode: 200, headers: { "content-type": "application/octet-stream" }, body: event.body, isBase64Encoded: event.isBase64Encoded }));
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const res = await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: bytes });
    expect(await bytesOf(res)).toEqual(bytes);
  });
});

describe("REST API non-proxy integrations: binary answers and ResponseParameters", () => {
  let h: Harness;
  let backend: Server;
  const received = new Map<string, Buffer>();
  beforeAll(async () => {
    backend = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.set(req.url ?? "", Buffer.concat(chunks));
        if (req.url === "/meta") {
          res.writeHead(200, { "content-type": "application/json", "x-app-id": "app-7", "set-cookie": ["a=1", "b=2"] });
          res.end(JSON.stringify({ redirect: { url: "https://example.com/next" }, count: 3 }));
        } else if (req.url === "/text") {
          res.writeHead(200, { "content-type": "text/plain" }).end("not base64!");
        } else {
          res.writeHead(200, { "content-type": "image/png", "x-size": String(PNG.length) }).end(PNG);
        }
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const http = (method: string, path: string, response: Record<string, unknown>, extra: Partial<NonNullable<RouteConfig["awsIntegration"]>> = {}): RouteConfig => ({
      method,
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "http", uri: `${base}${path.replace(/^\/(mapped|unmapped)/, "")}`, httpMethod: method, responses: [{ statusCode: "200", ...response }], ...extra },
    });
    const contentType = { "method.response.header.Content-Type": "integration.response.header.Content-Type", "method.response.header.X-Size": "integration.response.header.x-size" };
    h = await startGateway([
      restApi(
        [
          http("GET", "/mapped/image", { responseParameters: contentType }),
          http("GET", "/unmapped/image", {}),
          http("GET", "/meta", {
            responseParameters: {
              "method.response.header.Location": "integration.response.body.redirect.url",
              "method.response.header.X-Count": "integration.response.body.count",
              "method.response.header.X-App": "integration.response.header.X-App-Id",
              "method.response.header.X-Cookies": "integration.response.multivalueheader.Set-Cookie",
              "method.response.header.X-Stage": "context.stage",
              "method.response.header.X-Missing": "integration.response.header.x-none",
            },
          }),
          http("POST", "/store", { responseParameters: contentType }),
          http("POST", "/decode", {}, { contentHandling: "CONVERT_TO_BINARY" }),
          http("GET", "/text", { contentHandling: "CONVERT_TO_BINARY" }),
          {
            method: "GET",
            path: "/logo",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: {
              service: "mock",
              requestTemplates: { "application/json": '{"statusCode":200}' },
              responses: [{ statusCode: "200", contentHandling: "CONVERT_TO_BINARY", responseParameters: { "method.response.header.Content-Type": "'image/png'" }, responseTemplates: { "application/json": PNG.toString("base64") } }],
            },
          },
        ],
        { binaryMediaTypes: ["image/png"] },
      ),
    ]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("answers an image with its bytes and, through integration.response.header.Content-Type, its type", async () => {
    const res = await fetch(`${h.url}/mapped/image`, { headers: { accept: "image/png" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-size")).toBe(String(PNG.length));
    expect(await bytesOf(res)).toEqual(PNG);
  });

  it("without the mapping, the bytes go out as application/json, as on AWS", async () => {
    const res = await fetch(`${h.url}/unmapped/image`, { headers: { accept: "image/png" } });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await bytesOf(res)).toEqual(PNG);
  });

  it("answers a text Accept with the image base64-encoded, its Content-Type still mapped", async () => {
    const res = await fetch(`${h.url}/mapped/image`, { headers: { accept: "application/json" } });
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await res.text()).toBe(PNG.toString("base64"));
  });

  it("maps headers from the answer's body (JSONPath), its headers (last or all values) and $context", async () => {
    const res = await fetch(`${h.url}/meta`, { redirect: "manual" });
    expect(res.headers.get("location")).toBe("https://example.com/next");
    expect(res.headers.get("x-count")).toBe("3");
    expect(res.headers.get("x-app")).toBe("app-7");
    expect(res.headers.get("x-cookies")).toBe("a=1,b=2");
    expect(res.headers.get("x-stage")).toBe("Prod");
    expect(res.headers.has("x-missing")).toBe(false);
    expect(res.headers.get("content-type")).toBe("application/json");
  });

  it("passes a binary upload through unchanged (no contentHandling) and answers its bytes", async () => {
    const res = await fetch(`${h.url}/store`, { method: "POST", headers: { "content-type": "image/png", accept: "image/png" }, body: PNG });
    expect(received.get("/store")).toEqual(PNG);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await bytesOf(res)).toEqual(PNG);
  });

  it("CONVERT_TO_BINARY decodes a base64 upload, and answers 500 for one that is not base64", async () => {
    await fetch(`${h.url}/decode`, { method: "POST", headers: { "content-type": "text/plain" }, body: PNG.toString("base64") });
    expect(received.get("/decode")).toEqual(PNG);
    received.delete("/decode");
    const res = await fetch(`${h.url}/decode`, { method: "POST", headers: { "content-type": "text/plain" }, body: "not base64!" });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
    expect(received.has("/decode")).toBe(false);
  });

  it("CONVERT_TO_BINARY on the integration response answers 500 when the answer is not base64", async () => {
    const res = await fetch(`${h.url}/text`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
  });

  it("a MOCK integration answers an image: CONVERT_TO_BINARY with a literal Content-Type, sent once", async () => {
    const res = await rawGet(`${h.url}/logo`);
    expect(res.contentTypes).toEqual(["image/png"]);
    expect(res.body).toEqual(PNG);
  });
});

/** A GET returning every Content-Type line sent (fetch would join repeats). */
async function rawGet(url: string): Promise<{ contentTypes: string[]; body: Buffer }> {
  const res = await fetch(url);
  const lines = res.headers.get("content-type")?.split(", ") ?? [];
  return { contentTypes: lines, body: await bytesOf(res) };
}
