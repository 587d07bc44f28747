import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxError } from "@sam-sandbox/core";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

/** Each function answers with its own name, so a response tells which route served it. */
function scriptAll(h: Harness, names: string[]): void {
  for (const name of names) h.lambda.script(name, () => ({ statusCode: 200, body: name }));
}

describe("HTTP API routing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        // The example of "Routing API requests" in the API Gateway developer guide, plus an exact route.
        { method: "GET", path: "/pets/dog/{id}", functionName: "dogById", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/pets/{proxy+}", functionName: "petsProxy", payloadFormatVersion: "2.0" },
        { method: "ANY", path: "/{proxy+}", functionName: "anyProxy", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/pets/dog/1", functionName: "dogOne", payloadFormatVersion: "2.0" },
        { method: "ANY", path: "/things", functionName: "anyThings", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/things", functionName: "getThings", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/café", functionName: "cafe", payloadFormatVersion: "2.0" },
        { method: "GET", path: "$default", functionName: "fallback", payloadFormatVersion: "2.0" },
      ]),
    ]);
    scriptAll(h, ["dogById", "petsProxy", "anyProxy", "dogOne", "anyThings", "getThings", "cafe", "fallback"]);
  });
  afterAll(() => h.close());

  const cases: Array<[string, string, string, string]> = [
    ["GET", "/pets/dog/1", "dogOne", "an exact path beats a path parameter"],
    ["GET", "/pets/dog/2", "dogById", "a full match beats a greedy path variable"],
    ["GET", "/pets/dog/2/", "dogById", "a trailing slash is ignored"],
    ["GET", "/pets/cat/1", "petsProxy", "the longest greedy match wins"],
    ["POST", "/test/5", "anyProxy", "ANY takes methods no route names, and beats $default"],
    ["GET", "/things", "getThings", "a route's own method beats ANY"],
    ["DELETE", "/things", "anyThings", "ANY takes the other methods"],
    ["GET", "/caf%C3%A9", "cafe", "the request path is URL-decoded before matching"],
    ["GET", "/", "fallback", "$default catches what nothing else matches"],
  ];
  for (const [method, path, expected, why] of cases) {
    it(`${method} ${path} → ${expected}: ${why}`, async () => {
      const res = await fetch(`${h.url}${path}`, { method });
      expect(await res.text()).toBe(expected);
    });
  }

  it("names the matched route in routeKey and decodes path parameters", async () => {
    await fetch(`${h.url}/pets/a%20cat/toys`);
    expect(h.lambda.lastEvent()).toMatchObject({
      routeKey: "GET /pets/{proxy+}",
      rawPath: "/pets/a%20cat/toys",
      pathParameters: { proxy: "a cat/toys" },
    });
    await fetch(`${h.url}/`);
    const event = h.lambda.lastEvent();
    expect(event.routeKey).toBe("$default");
    expect(event.pathParameters).toBeUndefined();
  });
});

describe("HTTP API without a matching route", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([httpApi([{ method: "GET", path: "/items", functionName: "items", payloadFormatVersion: "2.0" }])]);
    scriptAll(h, ["items"]);
  });
  afterAll(() => h.close());

  it('answers 404 {"message":"Not Found"}', async () => {
    for (const [method, path] of [["GET", "/nope"], ["POST", "/items"]]) {
      const res = await fetch(`${h.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('{"message":"Not Found"}');
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("apigw-requestid")).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    }
    expect(h.lambda.calls).toHaveLength(0);
  });
});

describe("REST API routing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        { method: "GET", path: "/items", functionName: "listItems", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/items/{id}", functionName: "getItem", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/items/new", functionName: "newItem", payloadFormatVersion: "1.0" },
        { method: "ANY", path: "/{proxy+}", functionName: "proxy", payloadFormatVersion: "1.0" },
      ]),
    ]);
    scriptAll(h, ["listItems", "getItem", "newItem", "proxy"]);
  });
  afterAll(() => h.close());

  const cases: Array<[string, string, string]> = [
    ["GET", "/items", "listItems"],
    ["GET", "/items/", "listItems"],
    ["GET", "/items/new", "newItem"],
    ["GET", "/items/42", "getItem"],
    ["GET", "/orders/1", "proxy"],
    ["PUT", "/orders", "proxy"],
    ["GET", "/Prod/items/42", "getItem"],
    // The resource and the method resolve as a pair: a resource without the method gives way to {proxy+}.
    ["POST", "/items", "proxy"],
    ["DELETE", "/Prod/items/1", "proxy"],
  ];
  for (const [method, path, expected] of cases) {
    it(`${method} ${path} → ${expected}`, async () => {
      const res = await fetch(`${h.url}${path}`, { method });
      expect(await res.text()).toBe(expected);
    });
  }

  it('answers an unknown path or method with 403 {"message":"Missing Authentication Token"}', async () => {
    // "/" has no resource ({proxy+} needs a segment).
    for (const [method, path] of [["GET", "/"], ["GET", "/Prod/"], ["POST", "/"]]) {
      const res = await fetch(`${h.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.text()).toBe('{"message":"Missing Authentication Token"}');
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
      expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("x-amz-apigw-id")).toMatch(/=$/);
    }
  });
});

describe("several APIs on one port", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        { method: "GET", path: "/crash", functionName: "httpCrash", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/hello/{name}", functionName: "hello", payloadFormatVersion: "2.0" },
      ]),
      restApi([
        { method: "GET", path: "/crash", functionName: "restCrash", payloadFormatVersion: "1.0" },
        { method: "POST", path: "/orders", functionName: "orders", payloadFormatVersion: "1.0" },
      ]),
    ]);
    scriptAll(h, ["httpCrash", "hello", "restCrash", "orders"]);
  });
  afterAll(() => h.close());

  it("serves every API at the root; the first API wins a route both define", async () => {
    expect(await (await fetch(`${h.url}/crash`)).text()).toBe("httpCrash");
    expect(await (await fetch(`${h.url}/orders`, { method: "POST" })).text()).toBe("orders");
    expect(await (await fetch(`${h.url}/hello/ada`)).text()).toBe("hello");
    // The REST API's own route stays reachable under its stage.
    expect(await (await fetch(`${h.url}/Prod/crash`)).text()).toBe("restCrash");
    expect(h.warnings.some((w) => w.includes("GET /crash") && w.includes("ServerlessHttpApi serves it"))).toBe(true);
  });

  it("lists the routes it serves", () => {
    expect(h.gateway.routes()).toEqual([
      { api: "ServerlessHttpApi", kind: "http", method: "GET", path: "/crash", functionName: "httpCrash" },
      { api: "ServerlessHttpApi", kind: "http", method: "GET", path: "/hello/{name}", functionName: "hello" },
      { api: "ServerlessRestApi", kind: "rest", method: "POST", path: "/orders", functionName: "orders" },
    ]);
  });

  it("answers 404 when an HTTP API is present and nothing matches", async () => {
    const res = await fetch(`${h.url}/nothing`);
    expect(res.status).toBe(404);
  });
});

describe("configuration", () => {
  it("refuses a route API Gateway would refuse, naming the API and route", async () => {
    const bad: Array<[ReturnType<typeof httpApi>, RegExp]> = [
      [httpApi([{ method: "GET", path: "/{proxy+}/x", functionName: "f", payloadFormatVersion: "2.0" }]), /ServerlessHttpApi, route GET \/\{proxy\+\}\/x: a greedy path variable/],
      [restApi([{ method: "ANY", path: "$default", functionName: "f", payloadFormatVersion: "1.0" }]), /\$default routes exist only in HTTP APIs/],
      [httpApi([{ method: "FETCH", path: "/x", functionName: "f", payloadFormatVersion: "2.0" }]), /unknown method FETCH/],
    ];
    for (const [api, message] of bad) {
      await expect(startGateway([api])).rejects.toThrow(SandboxError);
      await expect(startGateway([api])).rejects.toThrow(message);
    }
  });
});
