/**
 * HTTP APIs (API Gateway v2) against AWS's developer guide, page by page: each describe names
 * the page whose documented behaviour it checks, through real HTTP against a running gateway.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, rawRequest, START, startGateway } from "./helpers.js";

const ORIGIN = "https://app.example.com";

function preflight(url: string): Promise<Response> {
  return fetch(url, { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" } });
}

describe('"Create AWS Lambda proxy integrations for HTTP APIs": payload format 2.0', () => {
  let h: Harness;
  let result: unknown;
  beforeAll(async () => {
    h = await startGateway([httpApi([{ method: "ANY", path: "$default", functionName: "fn", payloadFormatVersion: "2.0" }], { stageVariables: { stageVariable1: "value1" } })]);
    h.lambda.script("fn", () => result);
  });
  afterAll(() => h.close());

  it("builds the documented example event: cookies of every Cookie header, repeated headers and query parameters comma-joined", async () => {
    result = { statusCode: 200, body: "ok" };
    await rawRequest(h.url, {
      method: "POST",
      path: "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
      headers: ["Host", "localhost", "Header1", "value1", "Header2", "value1", "Header2", "value2", "Cookie", "cookie1", "Cookie", "cookie2", "User-Agent", "agent", "Content-Type", "text/plain"],
      body: Buffer.from("Hello from Lambda"),
    });
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual([
      "version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters", "requestContext", "body", "isBase64Encoded", "stageVariables",
    ]);
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/my/path",
      rawQueryString: "parameter1=value1&parameter1=value2&parameter2=value",
      cookies: ["cookie1", "cookie2"],
      headers: { header1: "value1", header2: "value1,value2" },
      queryStringParameters: { parameter1: "value1,value2", parameter2: "value" },
      requestContext: {
        accountId: "123456789012",
        apiId: "abcde12345",
        domainName: "abcde12345.execute-api.us-east-1.amazonaws.com",
        domainPrefix: "abcde12345",
        http: { method: "POST", path: "/my/path", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "agent" },
        routeKey: "$default",
        stage: "$default",
        time: "25/Nov/2026:12:00:00 +0000",
        timeEpoch: START,
      },
      body: "Hello from Lambda",
      isBase64Encoded: false,
      stageVariables: { stageVariable1: "value1" },
    });
  });

  it("infers the response of a function that returns valid JSON without statusCode: 200, application/json, the output as body", async () => {
    for (const [output, body] of [["Hello from Lambda!", "Hello from Lambda!"], [{ message: "Hello from Lambda!" }, '{"message":"Hello from Lambda!"}']] as const) {
      result = output;
      const res = await fetch(`${h.url}/anything`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.text()).toBe(body);
    }
  });

  it("turns each cookie of the customized response into a set-cookie header", async () => {
    result = { cookies: ["cookie1", "cookie2"], isBase64Encoded: false, statusCode: 201, headers: { headerName: "headerValue" }, body: "Hello from Lambda!" };
    const res = await fetch(`${h.url}/anything`);
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(["cookie1", "cookie2"]);
    expect(res.headers.get("headername")).toBe("headerValue");
    expect(await res.text()).toBe("Hello from Lambda!");
  });
});

describe('"Configure CORS for HTTP APIs": preflights and routes that take OPTIONS', () => {
  const cors = { allowOrigins: [ORIGIN], allowMethods: ["GET"], allowHeaders: ["authorization"], exposeHeaders: [], allowCredentials: false };
  const authorizers = [{ name: "Auth", type: "REQUEST" as const, functionName: "auth", identitySources: ["$request.header.Authorization"], ttlSeconds: 0, payloadFormatVersion: "2.0" as const, simpleResponses: true }];
  let h: Harness;
  let withDefault: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/open", functionName: "app", payloadFormatVersion: "2.0" },
          { method: "ANY", path: "/user", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Auth" } },
          { method: "GET", path: "/items", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Auth" } },
        ],
        { cors, authorizers },
      ),
    ]);
    withDefault = await startGateway([
      httpApi(
        [
          { method: "ANY", path: "$default", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Auth" } },
          { method: "OPTIONS", path: "/web/{proxy+}", functionName: "options", payloadFormatVersion: "2.0" },
        ],
        { cors, authorizers },
      ),
    ]);
    for (const g of [h, withDefault]) {
      g.lambda.script("app", () => ({ statusCode: 200, body: "app" }));
      g.lambda.script("options", () => ({ statusCode: 204 }));
      g.lambda.script("auth", () => ({ isAuthorized: true }));
    }
  });
  afterAll(async () => {
    await h.close();
    await withDefault.close();
  });

  it("answers a preflight for a route of its own method without an OPTIONS route, and without the route's authorizer", async () => {
    for (const path of ["/open", "/items"]) {
      const res = await preflight(`${h.url}${path}`);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-headers")).toBe("authorization");
    }
    expect(h.lambda.calls).toHaveLength(0);
  });

  it("sends a preflight to an ANY route with an authorizer, whose missing token answers 401 (sst#5493, reported from AWS)", async () => {
    const res = await preflight(`${h.url}/user`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
    expect(h.lambda.calls).toHaveLength(0);
  });

  it("sends OPTIONS to the $default route and its authorizer; an OPTIONS /{proxy+} route without one has priority", async () => {
    const refused = await preflight(`${withDefault.url}/elsewhere`);
    expect(refused.status).toBe(401);
    const own = await preflight(`${withDefault.url}/web/page`);
    expect(own.status).toBe(204);
    expect(withDefault.lambda.calls.map((c) => c.functionName)).toEqual(["options"]);
  });
});

/** A local OpenID provider: discovery at /.well-known/openid-configuration naming its jwks_uri (not the conventional jwks.json). */
async function startProvider(): Promise<{ url: string; rsa: KeyLike; ec: KeyLike; close: () => Promise<void> }> {
  const rsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: "rsa", alg: "RS256", use: "sig" },
    { ...(await exportJWK(ec.publicKey)), kid: "ec", alg: "ES256", use: "sig" },
  ];
  let url = "";
  const server: Server = createServer((req, res) => {
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/.well-known/openid-configuration") json({ issuer: url, jwks_uri: `${url}/oauth2/v1/keys` });
    else if (req.url === "/oauth2/v1/keys") json({ keys });
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, rsa: rsa.privateKey, ec: ec.privateKey, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('"Control access to HTTP APIs with JWT authorizers"', () => {
  let h: Harness;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  const now = Math.floor(START / 1000);
  const token = (alg: "RS256" | "ES256", claims: Record<string, unknown> = {}) =>
    new SignJWT({ scope: "read", ...claims })
      .setProtectedHeader({ alg, kid: alg === "RS256" ? "rsa" : "ec" })
      .setIssuer(provider.url)
      .setAudience(typeof claims.aud === "string" ? claims.aud : "my-client")
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(alg === "RS256" ? provider.rsa : provider.ec);

  beforeAll(async () => {
    provider = await startProvider();
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/me", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Jwt" } },
          { method: "GET", path: "/admin", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Jwt", scopes: ["admin", "root"] } },
          { method: "GET", path: "/v1", functionName: "app", payloadFormatVersion: "1.0", authorization: { authorizer: "Jwt" } },
          {
            method: "GET",
            path: "/mapped",
            functionName: "app",
            payloadFormatVersion: "2.0",
            authorization: { authorizer: "Jwt" },
            // "Transform API requests": a context variable as a header value, here the JWT's subject.
            parameterMapping: { request: { "overwrite:header.x-user-id": "$context.authorizer.claims.sub", "append:header.x-who": "user ${context.authorizer.claims.sub}" } },
          },
        ],
        { authorizers: [{ name: "Jwt", type: "JWT", issuer: provider.url, audience: ["my-client"], identitySources: ["$request.header.Authorization"] }] },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(async () => {
    await h.close();
    await provider.close();
  });

  it("checks the signature with the keys of the issuer's jwks_uri, and passes the claims in requestContext.authorizer", async () => {
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: `Bearer ${await token("RS256")}` } });
    expect(res.status).toBe(200);
    const context = h.lambda.lastEvent().requestContext as Record<string, unknown>;
    expect(context.authorizer).toEqual({ jwt: { claims: expect.objectContaining({ iss: provider.url, aud: "my-client", scope: "read" }), scopes: null } });
    // The documented event has authorizer right after apiId (and authentication).
    expect(Object.keys(context).slice(0, 4)).toEqual(["accountId", "apiId", "authorizer", "domainName"]);
  });

  it("gives a payload format 1.0 route the claims and scopes directly under requestContext.authorizer, where the 1.0 example has it", async () => {
    expect((await fetch(`${h.url}/v1`, { headers: { Authorization: await token("RS256") } })).status).toBe(200);
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual([
      "version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
      "requestContext", "pathParameters", "stageVariables", "body", "isBase64Encoded",
    ]);
    const context = event.requestContext as Record<string, unknown>;
    expect(Object.keys(context).slice(0, 4)).toEqual(["accountId", "apiId", "authorizer", "domainName"]);
    expect(context.authorizer).toEqual({ claims: expect.objectContaining({ aud: "my-client" }), scopes: null });
  });

  it("lets parameter mapping read the claims as $context.authorizer.claims.<name>", async () => {
    expect((await fetch(`${h.url}/mapped`, { headers: { Authorization: await token("RS256", { sub: "user-7" }) } })).status).toBe(200);
    expect(h.lambda.lastEvent().headers).toMatchObject({ "x-user-id": "user-7", "x-who": "user user-7" });
  });

  it("refuses a token without a kid header, even signed by the issuer's key", async () => {
    const bare = await new SignJWT({ scope: "read" }).setProtectedHeader({ alg: "RS256" }).setIssuer(provider.url).setAudience("my-client").setExpirationTime(now + 3600).sign(provider.rsa);
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: bare } });
    expect(res.status).toBe(401);
  });

  it("refuses a token of another algorithm than RSA: only RSA-based algorithms are supported", async () => {
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: await token("ES256") } });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
  });

  it("requires at least one of the route's scopes: 403 without, the granted scopes passed with", async () => {
    const refused = await fetch(`${h.url}/admin`, { headers: { Authorization: await token("RS256") } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('{"message":"Forbidden"}');
    const res = await fetch(`${h.url}/admin`, { headers: { Authorization: await token("RS256", { scope: "read root" }) } });
    expect(res.status).toBe(200);
    expect((h.lambda.lastEvent().requestContext as { authorizer: { jwt: { scopes: string[] } } }).authorizer.jwt.scopes).toEqual(["read", "root"]);
  });

  it("answers 401 with the documented www-authenticate challenge for a token of another audience", async () => {
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: await token("RS256", { aud: "other" }) } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"');
  });
});

describe('"Control access to HTTP APIs with AWS Lambda authorizers"', () => {
  let h: Harness;
  let answer: unknown;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/a", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "PerRoute" } },
          { method: "GET", path: "/b", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "PerRoute" } },
          { method: "GET", path: "/policy", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Policy" } },
        ],
        {
          authorizers: [
            // "To cache responses per route, add $context.routeKey to your authorizer's identity sources."
            { name: "PerRoute", type: "REQUEST", functionName: "auth", identitySources: ["$request.header.Authorization", "$context.routeKey"], ttlSeconds: 300, payloadFormatVersion: "2.0", simpleResponses: true },
            { name: "Policy", type: "REQUEST", functionName: "auth", identitySources: ["$request.querystring.token"], ttlSeconds: 0, payloadFormatVersion: "2.0" },
          ],
        },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("auth", () => answer);
  });
  afterAll(() => h.close());

  const authCalls = () => h.lambda.calls.filter((c) => c.functionName === "auth").length;

  it("sends the 2.0 event with identitySource as a list, and passes a simple response's context (lists and maps included) as authorizer.lambda", async () => {
    answer = { isAuthorized: true, context: { stringKey: "value", numberKey: 1, booleanKey: true, arrayKey: ["value1", "value2"], mapKey: { value1: "value2" } } };
    const res = await fetch(`${h.url}/a`, { headers: { Authorization: "secretToken" } });
    expect(res.status).toBe(200);
    const authEvent = JSON.parse(h.lambda.calls.find((c) => c.functionName === "auth")?.payload.toString() ?? "{}") as Record<string, unknown>;
    expect(Object.keys(authEvent).slice(0, 6)).toEqual(["version", "type", "routeArn", "identitySource", "routeKey", "rawPath"]);
    expect(authEvent).toMatchObject({ version: "2.0", type: "REQUEST", identitySource: ["secretToken", "GET /a"], routeKey: "GET /a", rawPath: "/a" });
    expect((h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer).toEqual({
      lambda: { stringKey: "value", numberKey: 1, booleanKey: true, arrayKey: ["value1", "value2"], mapKey: { value1: "value2" } },
    });
  });

  it("caches by the identity sources: with $context.routeKey among them, per route", async () => {
    const before = authCalls();
    expect((await fetch(`${h.url}/a`, { headers: { Authorization: "secretToken" } })).status).toBe(200);
    expect(authCalls()).toBe(before);
    expect((await fetch(`${h.url}/b`, { headers: { Authorization: "secretToken" } })).status).toBe(200);
    expect(authCalls()).toBe(before + 1);
  });

  it("answers 401 without calling the authorizer when an identity source is missing", async () => {
    const before = authCalls();
    const res = await fetch(`${h.url}/policy`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
    expect(authCalls()).toBe(before);
  });

  it("takes an IAM policy of a 2.0 authorizer without simple responses: Allow passes its context, Deny answers 403", async () => {
    const policy = (effect: string) => ({
      principalId: "abcdef",
      policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: "arn:aws:execute-api:us-east-1:123456789012:abcde12345/$default/GET/policy" }] },
      context: { stringKey: "value" },
    });
    answer = policy("Allow");
    expect((await fetch(`${h.url}/policy?token=t`)).status).toBe(200);
    expect((h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer).toEqual({ lambda: { stringKey: "value" } });
    answer = policy("Deny");
    const denied = await fetch(`${h.url}/policy?token=t`);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe('{"message":"Forbidden"}');
  });

  it('answers 500 {"message":"Internal Server Error"} when the authorizer returns a response in an invalid format', async () => {
    answer = { allowed: "yes" };
    const res = await fetch(`${h.url}/policy?token=t`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
  });
});

describe('"Routing API requests to HTTP APIs"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([httpApi([{ method: "GET", path: "/pets/{petID}", functionName: "pets", payloadFormatVersion: "2.0" }])]);
    h.lambda.script("pets", (event) => ({ statusCode: 200, body: JSON.stringify(event.pathParameters) }));
  });
  afterAll(() => h.close());

  it("decodes URL-encoded request parameters before passing them to the integration", async () => {
    const res = await fetch(`${h.url}/pets/6%2F7?id=4&type=d%26g`);
    expect(await res.text()).toBe('{"petID":"6/7"}');
    expect(h.lambda.lastEvent().queryStringParameters).toEqual({ id: "4", type: "d&g" });
  });

  it('answers {"message":"Not Found"} when no route matches and there is no $default route', async () => {
    for (const [method, path] of [["GET", "/cats"], ["POST", "/pets/6"]]) {
      const res = await fetch(`${h.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.text()).toBe('{"message":"Not Found"}');
    }
  });
});

describe('"Throttle requests to your HTTP APIs": route-level throttling of the stage', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/pets", functionName: "app", payloadFormatVersion: "2.0" },
          { method: "GET", path: "/toys", functionName: "app", payloadFormatVersion: "2.0" },
          { method: "ANY", path: "$default", functionName: "app", payloadFormatVersion: "2.0" },
        ],
        // The guide's example: --route-settings '{"GET /pets":{"ThrottlingBurstLimit":…,"ThrottlingRateLimit":…}}'.
        { throttling: { defaultRoute: { burstLimit: 3, rateLimit: 1 }, routes: { "GET /pets": { burstLimit: 2, rateLimit: 2 }, $default: { burstLimit: 0 } } } },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  const statuses = async (path: string, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await fetch(`${h.url}${path}`)).status);
    return out;
  };

  it('answers 429 {"message":"Too Many Requests"} once a route\'s burst is used, each route with its own bucket', async () => {
    expect(await statuses("/pets", 3)).toEqual([200, 200, 429]);
    expect(await statuses("/toys", 4)).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${h.url}/pets`);
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe('{"message":"Too Many Requests"}');
    expect((await fetch(`${h.url}/elsewhere`)).status).toBe(429);
  });

  it("refills each bucket at the route's rate, on the gateway's clock", async () => {
    await h.clock.advance(1000);
    expect(await statuses("/pets", 3)).toEqual([200, 200, 429]);
    expect(await statuses("/toys", 2)).toEqual([200, 429]);
  });
});

describe('"Transform API requests and responses for HTTP APIs": parameter mapping of a Lambda proxy route', () => {
  let h: Harness;
  let result: unknown;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          {
            method: "GET",
            path: "/pets/{id}",
            functionName: "app",
            payloadFormatVersion: "2.0",
            parameterMapping: {
              // The guide's examples: add a header with the request id; rename header1 to header2.
              request: {
                "append:header.header1": "$context.requestId",
                "append:header.header2": "$request.header.header0",
                "remove:header.header0": "''",
                "overwrite:querystring.page": "${request.path.id}",
                "remove:querystring.debug": "''",
                "append:querystring.tag": "static",
                "overwrite:path": "/v2$request.path",
              },
              // "When the integration returns a 500 status code, API Gateway changes the status code to 403, and adds header1."
              response: {
                "500": { "append:header.header1": "$context.requestId", "overwrite:statuscode": "403" },
                "404": { "append:header.error": "$stageVariables.environmentId" },
                "200": { "overwrite:header.x-user": "$response.body.user.name", "remove:header.x-internal": "''", "append:header.x-seen": "$response.header.x-from" },
              },
            },
          },
        ],
        { stageVariables: { environmentId: "dev" } },
      ),
    ]);
    h.lambda.script("app", () => result);
  });
  afterAll(() => h.close());

  it("changes headers and query string before the event is built", async () => {
    result = { statusCode: 204 };
    const res = await fetch(`${h.url}/pets/7?debug=1&tag=a&page=1`, { headers: { header0: "moved" } });
    const event = h.lambda.lastEvent();
    const headers = event.headers as Record<string, string>;
    expect(headers.header1).toBe(res.headers.get("apigw-requestid"));
    expect(headers.header2).toBe("moved");
    expect(headers.header0).toBeUndefined();
    expect(event.queryStringParameters).toEqual({ tag: "a,static", page: "7" });
    const raw = new URLSearchParams(String(event.rawQueryString));
    expect([raw.getAll("tag"), raw.getAll("page"), raw.has("debug")]).toEqual([["a", "static"], ["7"], false]);
    // overwrite:path: the path the integration sees; the route that matched stays.
    expect(event).toMatchObject({ rawPath: "/v2/pets/7", routeKey: "GET /pets/{id}", requestContext: { http: { path: "/v2/pets/7" } } });
  });

  it("changes the status code and headers of the response chosen by the status the function answered", async () => {
    result = { statusCode: 500, body: "boom" };
    const denied = await fetch(`${h.url}/pets/7`);
    expect(denied.status).toBe(403);
    expect(denied.headers.get("header1")).toBe(denied.headers.get("apigw-requestid"));
    expect(await denied.text()).toBe("boom");

    result = { statusCode: 404, body: "none" };
    expect((await fetch(`${h.url}/pets/7`)).headers.get("error")).toBe("dev");

    result = { statusCode: 200, headers: { "x-internal": "secret", "x-from": "app", "content-type": "application/json" }, body: '{"user":{"name":"ana"}}' };
    const ok = await fetch(`${h.url}/pets/7`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-user")).toBe("ana");
    expect(ok.headers.get("x-internal")).toBeNull();
    expect(ok.headers.get("x-seen")).toBe("app");
  });

  it("refuses at start-up a mapping of a reserved header", async () => {
    await expect(
      startGateway([httpApi([{ method: "GET", path: "/x", functionName: "app", payloadFormatVersion: "2.0", parameterMapping: { request: { "overwrite:header.Authorization": "x" } } }])]),
    ).rejects.toThrow("API ServerlessHttpApi, route GET /x: Authorization is a reserved header, which parameter mapping cannot change.");
  });
});
