/**
 * REST API (v1) behaviours that localstack's suites recorded on real AWS
 * (tests/aws/services/apigateway/*.snapshot.json, tests marked @markers.aws.validated), for
 * the cases where the sandbox answered differently. Each case names its evidence.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, mocked, restApi, startGateway } from "./helpers.js";

/** A MOCK integration whose 200 response writes `message` (localstack's _create_mock_integration_with_200_response_template). */
const mockRoute = (method: string, path: string, message: string): RouteConfig => mocked(path, JSON.stringify({ statusCode: 200, message }), method);

describe("REST API routing: the resource and the method resolve as one pair", () => {
  let h: Harness;
  beforeAll(async () => {
    // localstack test_apigateway_common.py::TestProxyRouting::test_proxy_routing_with_hardcoded_resource_sibling (aws.validated).
    h = await startGateway([
      restApi([mockRoute("POST", "/test", "POST request"), mockRoute("ANY", "/test/any", "ANY request"), mockRoute("OPTIONS", "/{proxy+}", "OPTIONS request")], { stageName: "dev" }),
    ]);
  });
  afterAll(() => h.close());

  it("a resource without the request's method gives way to {proxy+}, which has it", async () => {
    const res = await fetch(`${h.url}/dev/test`, { method: "OPTIONS" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 200, message: "OPTIONS request" });
  });

  it("the resource's own method and ANY still win over {proxy+}", async () => {
    expect(await (await fetch(`${h.url}/dev/test`, { method: "POST" })).json()).toMatchObject({ message: "POST request" });
    expect(await (await fetch(`${h.url}/dev/test/any`, { method: "OPTIONS" })).json()).toMatchObject({ message: "ANY request" });
    expect(await (await fetch(`${h.url}/dev/test/any`)).json()).toMatchObject({ message: "ANY request" });
  });

  it("no resource with the method anywhere is still 403 Missing Authentication Token", async () => {
    // localstack TestApigatewayRouting::test_routing_not_found ("wrong-method").
    const res = await fetch(`${h.url}/dev/test`);
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await res.text()).toBe('{"message":"Missing Authentication Token"}');
  });
});

describe("MOCK integrations", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          mockRoute("GET", "/mock", "hello"),
          {
            // AWS's "Mock integrations for REST APIs" example: the request template picks the status.
            method: "GET",
            path: "/scope",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: {
              service: "mock",
              requestTemplates: { "application/json": '{\n#if( $input.params(\'scope\') == "internal" )\n"statusCode": 200\n#else\n"statusCode": 500\n#end\n}' },
              responses: [
                { statusCode: "200", responseTemplates: { "application/json": '{"statusCode": 200, "message": "Go ahead without me."}' } },
                { statusCode: "500", selectionPattern: "5\\d{2}", responseTemplates: { "application/json": '{"statusCode": 500, "message": "The invoked method is not supported on the API resource."}' } },
              ],
            },
          },
          {
            // No request template: the default integration response answers.
            method: "GET",
            path: "/plain",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: { service: "mock", responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"ok": true}' } }] },
          },
          {
            method: "GET",
            path: "/broken",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: { service: "mock", requestTemplates: { "application/json": '{"statusCode": "200"}' }, responses: [{ statusCode: "200" }] },
          },
        ],
        { stageName: "dev" },
      ),
    ]);
  });
  afterAll(() => h.close());

  it("answers the integration response the request template's statusCode selects, without a backend call", async () => {
    let res = await fetch(`${h.url}/dev/scope?scope=internal`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 200, message: "Go ahead without me." });
    res = await fetch(`${h.url}/dev/scope?scope=public`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: "The invoked method is not supported on the API resource." });
    expect(h.lambda.calls).toHaveLength(0);
    expect(h.dispatcher.calls).toHaveLength(0);
  });

  it("answers the default integration response when there is no request template", async () => {
    const res = await fetch(`${h.url}/dev/plain`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers application/json without X-Amzn-Trace-Id", async () => {
    // localstack TestApiGatewayCommon::test_invocation_trace_id snapshot, "normal-req-headers-MOCK".
    const res = await fetch(`${h.url}/dev/mock`, { headers: { "X-Amzn-Trace-Id": "Root=1-67f5b2a1-0123456789abcdef01234567" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-amzn-trace-id")).toBeNull();
  });

  it("a statusCode that is not an integer is API Gateway's 500", async () => {
    // "Execution failed due to configuration error: Unable to parse statusCode" (localstack's MOCK integration).
    const res = await fetch(`${h.url}/dev/broken`);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
    expect(await res.text()).toBe('{"message": "Internal server error"}');
  });
});

describe("request validation: missing parameters", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        {
          method: "POST",
          path: "/nested/{test}",
          functionName: "proxy",
          payloadFormatVersion: "1.0",
          validation: {
            validateBody: true,
            validateParameters: true,
            requiredParameters: ["method.request.querystring.qs1", "method.request.path.issuer", "method.request.header.x-header-param"],
          },
        },
      ]),
    ]);
    h.lambda.script("proxy", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("names them in the order of their sorted keys: header, path, querystring", async () => {
    // localstack test_api_gateway_request_validator snapshot, "missing-all-required-request-params-post".
    const res = await fetch(`${h.url}/Prod/nested/value`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"test": "test"}' });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(await res.json()).toEqual({ message: "Missing required request parameters: [x-header-param, issuer, qs1]" });
  });
});

describe("non-proxy Lambda integration: response templates call Java methods", () => {
  let h: Harness;
  beforeAll(async () => {
    // localstack test_lambda_aws_integration_response_with_mapping_templates (aws.validated), tests/aws/files/response-template.vm.
    const responseTemplate = [
      "#set($inputRoot = $input.path('$'))",
      '$input.json("$")',
      '#if($inputRoot.toString().contains("customerror"))',
      "    #set($context.responseOverride.status = 400)",
      "#else",
      "    #set($context.responseOverride.status = 202)",
      "#end",
      "",
    ].join("\n");
    h = await startGateway([
      restApi([
        {
          method: "POST",
          path: "/test",
          functionName: "mapping",
          payloadFormatVersion: "1.0",
          awsIntegration: {
            service: "lambda",
            requestTemplates: { "application/json": '{"body": $input.json(\'$\')}' },
            responses: [{ statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": responseTemplate } }],
          },
        },
      ]),
    ]);
    // lambda_mapping_responses.py
    h.lambda.script("mapping", (event) => {
      const body = event.body as { httpStatus: string };
      return Number(body.httpStatus) >= 400 ? { statusCode: 200, body: "customerror" } : { statusCode: 200, body: "noerror" };
    });
  });
  afterAll(() => h.close());

  it("a map's toString() is Java's, so contains() finds the text: response-template-202 and -400", async () => {
    const send = (httpStatus: string) => fetch(`${h.url}/Prod/test`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ httpStatus }) });
    let res = await send("200");
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ body: "noerror", statusCode: 200 });
    res = await send("400");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ body: "customerror", statusCode: 200 });
  });
});

describe("customized gateway responses", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      // aws/serverless-application-model integration/combination/test_api_with_gateway_responses.py (run on AWS):
      // DEFAULT_4XX with an Access-Control-Allow-Origin header; an unsigned request to an AWS_IAM method.
      restApi(
        [
          { method: "GET", path: "/iam", functionName: "fn", payloadFormatVersion: "1.0", authorization: { iam: true } },
          { method: "GET", path: "/open", functionName: "fn", payloadFormatVersion: "1.0" },
          { method: "GET", path: "/crash", functionName: "crash", payloadFormatVersion: "1.0" },
        ],
        { gatewayResponses: { DEFAULT_4XX: { responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } } } },
      ),
      // The AWS docs' "Set up a gateway response" example: MISSING_AUTHENTICATION_TOKEN answered as a 404.
      restApi([{ method: "GET", path: "/pets/{petId}", functionName: "fn", payloadFormatVersion: "1.0" }], {
        logicalId: "DocsApi",
        apiId: "docs123456",
        stageName: "docs",
        gatewayResponses: {
          MISSING_AUTHENTICATION_TOKEN: {
            statusCode: "404",
            responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'", "gatewayresponse.header.x-request-query": "method.request.querystring.q" },
            responseTemplates: { "application/json": '{"message":$context.error.messageString, "type": "$context.error.responseType"}' },
          },
        },
      }),
    ]);
    h.lambda.script("fn", () => ({ statusCode: 200, body: "Success" }));
    h.lambda.script("crash", () => {
      throw new Error("boom");
    });
  });
  afterAll(() => h.close());

  it("DEFAULT_4XX adds its headers to a 4XX response and keeps AWS's body", async () => {
    const res = await fetch(`${h.url}/Prod/iam`);
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await res.text()).toBe('{"message":"Missing Authentication Token"}');
  });

  it("leaves successes and 5XX responses alone when only DEFAULT_4XX is customized", async () => {
    let res = await fetch(`${h.url}/Prod/open`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    res = await fetch(`${h.url}/Prod/crash`);
    expect(res.status).toBe(502);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a response type's own customization changes the status, maps request parameters and renders its template", async () => {
    const res = await fetch(`${h.url}/docs/nothing?q=abc`);
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("a.b.c");
    expect(res.headers.get("x-request-query")).toBe("abc");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await res.json()).toEqual({ message: "Missing Authentication Token", type: "MISSING_AUTHENTICATION_TOKEN" });
  });
});

describe("SQS integration: message attributes in the query form", () => {
  let h: Harness;
  beforeAll(async () => {
    // localstack test_apigateway_sqs.py::test_sqs_aws_integration_with_message_attribute[MessageAttribute|MessageAttributes] (aws.validated).
    const route = (path: string, prefix: string): RouteConfig => ({
      method: "POST",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: {
        service: "sqs",
        path: "123456789012/queue",
        passthroughBehavior: "NEVER",
        requestTemplates: {
          "application/json": `Action=SendMessage&MessageBody=$input.body&${prefix}.1.Name=user-agent&${prefix}.1.Value.DataType=String&${prefix}.1.Value.StringValue=$input.params('HeaderFoo')`,
        },
        responses: [{ statusCode: "200" }],
      },
    });
    h = await startGateway([restApi([route("/singular", "MessageAttribute"), route("/plural", "MessageAttributes")])]);
    h.dispatcher.answer = () => ({ MessageId: "m-1", MD5OfMessageBody: "x" });
  });
  afterAll(() => h.close());

  for (const path of ["/singular", "/plural"]) {
    it(`sends MessageAttributes from ${path === "/singular" ? "MessageAttribute" : "MessageAttributes"}.N.Name / .Value.*`, async () => {
      const res = await fetch(`${h.url}/Prod${path}`, { method: "POST", headers: { "content-type": "application/json", HeaderFoo: "BAR-Header" }, body: '{"foo": "bar"}' });
      expect(res.status).toBe(200);
      const call = h.dispatcher.calls[h.dispatcher.calls.length - 1];
      expect(call).toEqual({
        service: "sqs",
        action: "SendMessage",
        input: {
          QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/queue",
          MessageBody: '{"foo": "bar"}',
          MessageAttributes: { "user-agent": { DataType: "String", StringValue: "BAR-Header" } },
        },
      });
    });
  }
});

describe("CDK's CORS preflight", () => {
  let h: Harness;
  beforeAll(async () => {
    // aws-cdk-lib's addCorsPreflight synthesizes an OPTIONS MOCK method: request template '{ statusCode: 200 }'
    // (an unquoted key, which AWS reads), integration response 204 with the Access-Control-* headers.
    const preflight = {
      service: "mock",
      requestTemplates: { "application/json": "{ statusCode: 200 }" },
      responses: [
        {
          statusCode: "204",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD'",
          },
        },
      ],
    };
    h = await startGateway([
      restApi([{ method: "GET", path: "/items", functionName: "fn", payloadFormatVersion: "1.0" }], {
        stageName: "prod",
        cors: { allowOrigins: ["*"], allowMethods: ["OPTIONS", "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"], allowHeaders: [], exposeHeaders: [], allowCredentials: false, preflight },
      }),
    ]);
  });
  afterAll(() => h.close());

  it("answers as its MOCK method: 204, its headers, no body", async () => {
    const res = await fetch(`${h.url}/prod/items`, { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "GET" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD");
    expect(await res.text()).toBe("");
    expect(h.lambda.calls).toHaveLength(0);
  });
});

describe("usage plan limits of an API key", () => {
  let h: Harness;
  const KEY = "customer-key-0123456789";
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/throttled", functionName: "fn", payloadFormatVersion: "1.0", authorization: { apiKeyRequired: true } },
        ],
        { apiKeys: [{ id: "k1abcdefgh", value: KEY, enabled: true, throttle: { rateLimit: 1, burstLimit: 2 } }] },
      ),
      restApi([{ method: "GET", path: "/quota", functionName: "fn", payloadFormatVersion: "1.0", authorization: { apiKeyRequired: true } }], {
        logicalId: "QuotaApi",
        apiId: "quota12345",
        stageName: "q",
        apiKeys: [{ id: "k2abcdefgh", value: KEY, enabled: true, quota: { limit: 2, period: "DAY" } }],
      }),
    ]);
    h.lambda.script("fn", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  const get = (path: string) => fetch(`${h.url}${path}`, { headers: { "x-api-key": KEY } });

  it('refuses a burst over the throttle with 429 {"message":"Too Many Requests"}, until tokens refill', async () => {
    expect((await get("/Prod/throttled")).status).toBe(200);
    expect((await get("/Prod/throttled")).status).toBe(200);
    const refused = await get("/Prod/throttled");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-amzn-errortype")).toBe("TooManyRequestsException");
    expect(await refused.text()).toBe('{"message":"Too Many Requests"}');
    await h.clock.advance(1000);
    expect((await get("/Prod/throttled")).status).toBe(200);
  });

  it('refuses requests over the period\'s quota with 429 {"message":"Limit Exceeded"}, until the next period', async () => {
    // A captured AWS answer: 429, content-length 28, x-amzn-errortype LimitExceededException, {"message":"Limit Exceeded"}.
    expect((await get("/q/quota")).status).toBe(200);
    expect((await get("/q/quota")).status).toBe(200);
    const refused = await get("/q/quota");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-amzn-errortype")).toBe("LimitExceededException");
    expect(refused.headers.get("content-length")).toBe("28");
    expect(await refused.text()).toBe('{"message":"Limit Exceeded"}');
    await h.clock.advance(24 * 3600 * 1000);
    expect((await get("/q/quota")).status).toBe(200);
  });
});

describe("HTTP_PROXY and HTTP integrations", () => {
  let h: Harness;
  let backend: Server;
  beforeAll(async () => {
    // An echo endpoint like localstack's test_apigateway_http.py uses: it answers what it received.
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        const status = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
        const args: Record<string, string> = {};
        for (const [k, v] of url.searchParams) args[k] = k in args ? `${args[k]},${v}` : v;
        const body = JSON.stringify(status ? { status_code: Number(status) } : { args, headers: req.headers, method: req.method, path: url.pathname, data: Buffer.concat(chunks).toString() });
        res.writeHead(status ? Number(status) : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-amzn-RequestId": "backend-id" });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const proxy = (method: string, path: string, uri: string, requestParameters?: Record<string, string>, httpMethod = "POST"): RouteConfig => ({
      method,
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "http_proxy", uri, httpMethod, ...(requestParameters ? { requestParameters } : {}) },
    });
    const http = (method: string, path: string, uri: string, requestParameters: Record<string, string>, responses: Array<{ statusCode: string; selectionPattern?: string }>): RouteConfig => ({
      method,
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "http", uri, httpMethod: method, requestParameters, responses },
    });
    h = await startGateway([
      restApi(
        [
          http("POST", "/http", `${base}/`, {}, [{ statusCode: "200" }]),
          http("GET", "/sel/{status}", `${base}/status/{status}`, { "integration.request.path.status": "method.request.path.status" }, [
            { statusCode: "200" },
            { statusCode: "400", selectionPattern: "4\\d{2}" },
          ]),
          proxy("POST", "/test", `${base}/`),
          proxy("ANY", "/status/{map+}", `${base}/status/{map}`, { "integration.request.path.map": "method.request.path.map" }, "ANY"),
          proxy("POST", "/{pathVariable}", `${base}/?testVar={pathVar}&testQs={qsVar}`, {
            "integration.request.header.headerVar": "method.request.header.foobar",
            "integration.request.path.qsVar": "method.request.querystring.testVar",
            "integration.request.path.pathVar": "method.request.path.pathVariable",
            "integration.request.querystring.queryString": "method.request.querystring.testQueryString",
            "integration.request.querystring.testQs": "method.request.querystring.testQueryString",
            "integration.request.querystring.testEmptyQs": "method.request.header.emptyheader",
          }),
        ],
        { stageName: "test" },
      ),
    ]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  it("forwards the client's headers with API Gateway's own, and remaps the endpoint's reserved response headers", async () => {
    // test_http_integration_with_lambda[HTTP_PROXY] snapshot.
    const res = await fetch(`${h.url}/test/test`, { method: "POST", headers: { "Content-Type": "application/json", accept: "application/xml", "user-Agent": "test/integration" }, body: '{"message": "hello world"}' });
    expect(res.status).toBe(200);
    const echoed = (await res.json()) as { headers: Record<string, string>; method: string; path: string; data: string };
    expect(echoed).toMatchObject({ method: "POST", path: "/", data: '{"message": "hello world"}' });
    expect(echoed.headers).toMatchObject({ accept: "application/xml", "user-agent": "test/integration", "content-type": "application/json", "x-amzn-apigateway-api-id": "fghij67890", "x-forwarded-proto": "http" });
    expect(echoed.headers["x-amzn-trace-id"]).toMatch(/^Root=/);
    expect(res.headers.get("x-amzn-remapped-x-amzn-requestid")).toBe("backend-id");
    expect(res.headers.get("x-amzn-remapped-content-length")).not.toBeNull();
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes the endpoint's status on (test_http_integration_invoke_status_code_passthrough[HTTP_PROXY])", async () => {
    expect((await fetch(`${h.url}/test/status/200`, { method: "POST" })).status).toBe(200);
    const res = await fetch(`${h.url}/test/status/400`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status_code: 400 });
  });

  it("HTTP: sends the mapped body with AWS's own Accept and User-Agent, not the client's headers or query string", async () => {
    // test_http_integration_with_lambda[HTTP] snapshot.
    const res = await fetch(`${h.url}/test/http?q=1`, { method: "POST", headers: { "Content-Type": "application/json", accept: "application/xml", "user-Agent": "test/integration" }, body: '{"message": "hello world"}' });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-amzn-remapped-x-amzn-requestid")).toBeNull();
    const echoed = (await res.json()) as { args: Record<string, string>; headers: Record<string, string>; data: string };
    expect(echoed.args).toEqual({});
    expect(echoed.data).toBe('{"message": "hello world"}');
    expect(echoed.headers).toMatchObject({ accept: "application/json", "user-agent": "AmazonAPIGateway_fghij67890", "content-type": "application/json", "x-amzn-apigateway-api-id": "fghij67890" });
  });

  it("HTTP: the endpoint's status selects the integration response (test_http_integration_status_code_selection)", async () => {
    expect((await fetch(`${h.url}/test/sel/404`)).status).toBe(400);
    expect((await fetch(`${h.url}/test/sel/201`)).status).toBe(200);
  });

  it("maps path, query string and header parameters onto the URI (test_http_proxy_integration_request_data_mappings)", async () => {
    const res = await fetch(`${h.url}/test/foobar?testQueryString=foo&testVar=bar`, { method: "POST", headers: { foobar: "mapped-value", headerVar: "request-value" }, body: "{}" });
    const echoed = (await res.json()) as { args: Record<string, string>; headers: Record<string, string> };
    expect(echoed.args).toEqual({ queryString: "foo", testQs: "bar,foo", testQueryString: "foo", testVar: "foobar,bar" });
    expect(echoed.headers).toMatchObject({ headervar: "mapped-value", foobar: "mapped-value" });
  });
});

