import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

const ARN_PREFIX = "arn:aws:execute-api:us-east-1:123456789012";

function policy(effect: "Allow" | "Deny", resource: string | string[], extra: Record<string, unknown> = {}) {
  return {
    principalId: "user-1",
    policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }] },
    ...extra,
  };
}

describe("REST API TOKEN authorizer", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/items/{id}", functionName: "items", payloadFormatVersion: "1.0", authorization: { authorizer: "TokenAuth" } },
          { method: "GET", path: "/open", functionName: "items", payloadFormatVersion: "1.0" },
        ],
        {
          authorizers: [
            { name: "TokenAuth", type: "TOKEN", functionName: "auth", identitySources: ["method.request.header.Authorization"], validationExpression: "Bearer .+", ttlSeconds: 0 },
          ],
        },
      ),
    ]);
    h.lambda.script("items", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("auth", (event) => {
      const token = String(event.authorizationToken);
      if (token === "Bearer allow") return policy("Allow", `${ARN_PREFIX}:fghij67890/Prod/GET/items/*`, { context: { tier: "gold", count: 3, admin: true } });
      if (token === "Bearer deny") return policy("Deny", String(event.methodArn));
      if (token === "Bearer other") return policy("Allow", `${ARN_PREFIX}:fghij67890/Prod/POST/*`);
      if (token === "Bearer nested") return policy("Allow", "*", { context: { nested: { a: 1 } } });
      if (token === "Bearer crash") throw new Error("boom");
      throw new Error("Unauthorized");
    });
  });
  afterAll(() => h.close());

  const authCalls = () => h.lambda.calls.filter((c) => c.functionName === "auth").length;

  it("answers 401 without calling the authorizer when the header is missing", async () => {
    const before = authCalls();
    const res = await fetch(`${h.url}/items/1`);
    expect(res.status).toBe(401);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnauthorizedException");
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
    expect(authCalls()).toBe(before);
  });

  it("answers 401 without calling the authorizer when the token fails the validation expression", async () => {
    const before = authCalls();
    const res = await fetch(`${h.url}/items/1`, { headers: { Authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    expect(authCalls()).toBe(before);
  });

  it("sends the TOKEN event and passes principalId and stringified context to the function", async () => {
    const res = await fetch(`${h.url}/items/42`, { headers: { Authorization: "Bearer allow" } });
    expect(res.status).toBe(200);
    const authEvent = JSON.parse(h.lambda.calls.filter((c) => c.functionName === "auth").at(-1)?.payload.toString() ?? "{}") as Record<string, unknown>;
    expect(authEvent).toEqual({ type: "TOKEN", methodArn: `${ARN_PREFIX}:fghij67890/Prod/GET/items/42`, authorizationToken: "Bearer allow" });
    const ctx = h.lambda.lastEvent().requestContext as Record<string, unknown>;
    expect(ctx.authorizer).toEqual({ tier: "gold", count: "3", admin: "true", principalId: "user-1", integrationLatency: 0 });
  });

  it("answers 403 with AWS's explicit-deny message for a Deny policy", async () => {
    const res = await fetch(`${h.url}/items/1`, { headers: { Authorization: "Bearer deny" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    expect(await res.text()).toBe('{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}');
  });

  it("answers 403 when no statement allows the method (implicit deny)", async () => {
    const res = await fetch(`${h.url}/items/1`, { headers: { Authorization: "Bearer other" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"Message":"User is not authorized to access this resource"}');
  });

  it("answers 401 when the authorizer fails with the message Unauthorized", async () => {
    const res = await fetch(`${h.url}/items/1`, { headers: { Authorization: "Bearer nobody" } });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
  });

  it("answers 500 AuthorizerConfigurationException when the authorizer crashes or answers an invalid context", async () => {
    for (const token of ["Bearer crash", "Bearer nested"]) {
      const res = await fetch(`${h.url}/items/1`, { headers: { Authorization: token } });
      expect(res.status).toBe(500);
      expect(res.headers.get("x-amzn-errortype")).toBe("AuthorizerConfigurationException");
      expect(await res.text()).toBe('{"message":null}');
    }
  });

  it("leaves routes without an authorizer open", async () => {
    expect((await fetch(`${h.url}/open`)).status).toBe(200);
  });
});

describe("REST API REQUEST authorizer", () => {
  let h: Harness;
  let calls = 0;
  beforeAll(async () => {
    h = await startGateway([
      restApi([{ method: "ANY", path: "/{proxy+}", functionName: "app", payloadFormatVersion: "1.0", authorization: { authorizer: "ReqAuth" } }], {
        stageVariables: { env: "dev" },
        authorizers: [
          {
            name: "ReqAuth",
            type: "REQUEST",
            functionName: "auth",
            identitySources: ["method.request.header.X-User", "method.request.querystring.tenant"],
            ttlSeconds: 300,
          },
        ],
      }),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("auth", (event) => {
      calls++;
      const headers = event.headers as Record<string, string>;
      return policy(headers["X-User"] === "alice" ? "Allow" : "Deny", `${ARN_PREFIX}:fghij67890/Prod/GET/*`, { principalId: headers["X-User"] });
    });
  });
  afterAll(() => h.close());

  it("answers 401 without a call when one identity source is missing", async () => {
    const res = await fetch(`${h.url}/a`, { headers: { "X-User": "alice" } });
    expect(res.status).toBe(401);
    expect(calls).toBe(0);
  });

  it("sends the REQUEST event with the full request", async () => {
    const res = await fetch(`${h.url}/a/b?tenant=t1`, { headers: { "X-User": "alice" } });
    expect(res.status).toBe(200);
    const event = JSON.parse(h.lambda.calls.find((c) => c.functionName === "auth")?.payload.toString() ?? "{}") as Record<string, unknown>;
    expect(Object.keys(event)).toEqual([
      "type", "methodArn", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
      "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext",
    ]);
    expect(event).toMatchObject({
      type: "REQUEST",
      methodArn: `${ARN_PREFIX}:fghij67890/Prod/GET/a/b`,
      resource: "/{proxy+}",
      path: "/a/b",
      httpMethod: "GET",
      queryStringParameters: { tenant: "t1" },
      pathParameters: { proxy: "a/b" },
      stageVariables: { env: "dev" },
    });
    expect((h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer).toMatchObject({ principalId: "alice" });
  });

  it("caches the answer by identity for the TTL, on the gateway's clock, and evaluates it per method", async () => {
    const before = calls;
    expect((await fetch(`${h.url}/c?tenant=t1`, { headers: { "X-User": "alice" } })).status).toBe(200);
    // The cached policy allows GET only: a POST with the same identity is denied without a new call.
    expect((await fetch(`${h.url}/c?tenant=t1`, { method: "POST", headers: { "X-User": "alice" } })).status).toBe(403);
    expect(calls).toBe(before);
    await h.clock.advance(301_000);
    expect((await fetch(`${h.url}/c?tenant=t1`, { headers: { "X-User": "alice" } })).status).toBe(200);
    expect(calls).toBe(before + 1);
  });
});

describe("API keys (REST)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([{ method: "GET", path: "/keyed", functionName: "app", payloadFormatVersion: "1.0", authorization: { apiKeyRequired: true } }], {
        apiKeys: [
          { id: "k1abcdefgh", value: "good-key-value-0123456789", enabled: true },
          { id: "k2abcdefgh", value: "disabled-key-0123456789", enabled: false },
        ],
      }),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("answers 403 Forbidden without a key, with an unknown key, and with a disabled key", async () => {
    const variants: Array<Record<string, string>> = [{}, { "x-api-key": "nope" }, { "x-api-key": "disabled-key-0123456789" }];
    for (const headers of variants) {
      const res = await fetch(`${h.url}/keyed`, { headers });
      expect(res.status).toBe(403);
      expect(res.headers.get("x-amzn-errortype")).toBe("ForbiddenException");
      expect(await res.text()).toBe('{"message":"Forbidden"}');
    }
  });

  it("passes a valid key and sets identity.apiKey and apiKeyId", async () => {
    const res = await fetch(`${h.url}/keyed`, { headers: { "x-api-key": "good-key-value-0123456789" } });
    expect(res.status).toBe(200);
    const identity = (h.lambda.lastEvent().requestContext as Record<string, Record<string, unknown>>).identity;
    expect(identity.apiKey).toBe("good-key-value-0123456789");
    expect(identity.apiKeyId).toBe("k1abcdefgh");
  });
});

describe("HTTP API Lambda authorizers", () => {
  let h: Harness;
  let calls = 0;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/simple", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Simple" } },
          { method: "GET", path: "/iam", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Iam" } },
        ],
        {
          authorizers: [
            { name: "Simple", type: "REQUEST", functionName: "simple", identitySources: ["$request.header.Authorization"], ttlSeconds: 60, payloadFormatVersion: "2.0", simpleResponses: true },
            { name: "Iam", type: "REQUEST", functionName: "iam", identitySources: ["$request.header.Authorization"], ttlSeconds: 0, payloadFormatVersion: "1.0" },
          ],
        },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("simple", (event) => {
      calls++;
      const ok = (event.headers as Record<string, string>).authorization === "secret";
      return { isAuthorized: ok, context: { user: "bob", level: 2 } };
    });
    h.lambda.script("iam", (event) => policy(event.authorizationToken === "secret" ? "Allow" : "Deny", String(event.methodArn)));
  });
  afterAll(() => h.close());

  it("answers 401 {\"message\":\"Unauthorized\"} without the identity source", async () => {
    const res = await fetch(`${h.url}/simple`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
    expect(calls).toBe(0);
  });

  it("sends the 2.0 event, passes context as requestContext.authorizer.lambda, and caches by identity", async () => {
    const res = await fetch(`${h.url}/simple`, { headers: { Authorization: "secret" } });
    expect(res.status).toBe(200);
    const authEvent = JSON.parse(h.lambda.calls.find((c) => c.functionName === "simple")?.payload.toString() ?? "{}") as Record<string, unknown>;
    expect(authEvent).toMatchObject({ version: "2.0", type: "REQUEST", routeArn: "arn:aws:execute-api:us-east-1:123456789012:abcde12345/$default/GET/simple", identitySource: ["secret"], routeKey: "GET /simple" });
    expect((h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer).toEqual({ lambda: { user: "bob", level: 2 } });
    expect((await fetch(`${h.url}/simple`, { headers: { Authorization: "secret" } })).status).toBe(200);
    expect(calls).toBe(1);
  });

  it("answers 403 {\"message\":\"Forbidden\"} when isAuthorized is false", async () => {
    const res = await fetch(`${h.url}/simple`, { headers: { Authorization: "wrong" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"Forbidden"}');
  });

  it("evaluates IAM policy answers of payload 1.0 authorizers", async () => {
    expect((await fetch(`${h.url}/iam`, { headers: { Authorization: "secret" } })).status).toBe(200);
    const authEvent = JSON.parse(h.lambda.calls.filter((c) => c.functionName === "iam").at(-1)?.payload.toString() ?? "{}") as Record<string, unknown>;
    expect(authEvent).toMatchObject({ version: "1.0", type: "REQUEST", identitySource: "secret", authorizationToken: "secret" });
    expect((await fetch(`${h.url}/iam`, { headers: { Authorization: "other" } })).status).toBe(403);
  });
});

describe("API keys from a Lambda authorizer (ApiKeySourceType AUTHORIZER)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/metered", functionName: "app", payloadFormatVersion: "1.0", authorization: { authorizer: "Auth", apiKeyRequired: true } },
          {
            method: "POST",
            path: "/start",
            functionName: "",
            payloadFormatVersion: "1.0",
            stepFunctions: { action: "StartExecution", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m" },
            authorization: { authorizer: "Auth" },
          },
        ],
        {
          apiKeySource: "AUTHORIZER",
          apiKeys: [{ id: "k1abcdefgh", value: "customer-key-0123456789", enabled: true }],
          authorizers: [{ name: "Auth", type: "TOKEN", functionName: "auth", identitySources: ["method.request.header.Authorization"], ttlSeconds: 0 }],
        },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("auth", (event) =>
      policy("Allow", "*", event.authorizationToken === "paying" ? { usageIdentifierKey: "customer-key-0123456789" } : {}),
    );
  });
  afterAll(() => h.close());

  it("takes the key from usageIdentifierKey, ignoring x-api-key", async () => {
    expect((await fetch(`${h.url}/metered`, { headers: { Authorization: "paying" } })).status).toBe(200);
    expect((h.lambda.lastEvent().requestContext as Record<string, Record<string, unknown>>).identity.apiKeyId).toBe("k1abcdefgh");
    const res = await fetch(`${h.url}/metered`, { headers: { Authorization: "free", "x-api-key": "customer-key-0123456789" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"Forbidden"}');
  });

  it("authorizes Step Functions routes before starting an execution", async () => {
    const res = await fetch(`${h.url}/start`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect(h.dispatcher.calls).toHaveLength(0);
  });
});
