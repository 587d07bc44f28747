/**
 * REST API data-plane cases localstack's suites recorded on real AWS
 * (tests/aws/services/apigateway/*.snapshot.json, tests marked @markers.aws.validated), replayed
 * over HTTP against the gateway. Each describe names its snapshot and test.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, restApi, startGateway } from "./helpers.js";

/** A Lambda error as a Python function's unhandled exception reaches API Gateway. */
class PythonException extends Error {
  override name = "Exception";
}

describe("non-proxy Lambda integrations", () => {
  let h: Harness;
  beforeAll(async () => {
    const lambdaRoute = (method: string, path: string, functionName: string, extra: Partial<NonNullable<RouteConfig["awsIntegration"]>> = {}): RouteConfig => ({
      method,
      path,
      functionName,
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "lambda", responses: [{ statusCode: "200" }], ...extra },
    });
    h = await startGateway([
      restApi(
        [
          // test_lambda_selection_patterns: a {statusCode} resource, its request template passes the path
          // parameter on; 405 selected by '.*400.*', 502 by '.*5\d\d.*', 200 the default.
          lambdaRoute("GET", "/{statusCode}", "select", {
            requestTemplates: { "application/json": '{"statusCode": "$input.params(\'statusCode\')"}' },
            responses: [
              { statusCode: "200" },
              { statusCode: "405", selectionPattern: ".*400.*" },
              { statusCode: "502", selectionPattern: ".*5\\d\\d.*" },
            ],
          }),
          // test_lambda_aws_integration: no templates, the JSON body passes through both ways.
          lambdaRoute("POST", "/test", "echo"),
          // test_lambda_aws_integration_with_request_template.
          lambdaRoute("GET", "/template", "echo", {
            requestTemplates: { "application/json": JSON.stringify({ param1: "$input.params('param1')" }) },
            responses: [{ statusCode: "200", selectionPattern: "" }],
          }),
        ],
        { stageName: "dev" },
      ),
    ]);
    // tests/aws/files/lambda_select_pattern.py
    h.lambda.script("select", (event) => {
      const status = String(event.statusCode);
      if (status === "400") throw new PythonException("Error: Raising 400 from within the Lambda function");
      if (status === "500") throw new PythonException("Error: Raising 500 from within the Lambda function");
      return "Pass";
    });
    h.lambda.script("echo", (event) => event);
  });
  afterAll(() => h.close());

  it("selects the integration response by the Lambda error's message and passes the error object on (test_lambda_selection_patterns)", async () => {
    // test_apigateway_lambda.snapshot.json, lambda-selection-pattern-200 / -400 / -500.
    const ok = await fetch(`${h.url}/dev/200`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toBe("Pass");

    const bad = await fetch(`${h.url}/dev/400`);
    expect(bad.status).toBe(405);
    expect(await bad.json()).toMatchObject({ errorMessage: "Error: Raising 400 from within the Lambda function", errorType: "Exception" });

    const failed = await fetch(`${h.url}/dev/500`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ errorMessage: "Error: Raising 500 from within the Lambda function", errorType: "Exception" });
  });

  it("passes the JSON body to the function and its result back without templates (test_lambda_aws_integration)", async () => {
    // Sent as python-requests sends data=json.dumps(...): without a Content-Type (application/json is then assumed).
    const res = await fetch(`${h.url}/dev/test`, { method: "POST", body: new TextEncoder().encode(JSON.stringify({ message: "hello world" })) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ message: "hello world" });
  });

  it("renders the request template with $input.params (test_lambda_aws_integration_with_request_template)", async () => {
    // lambda-aws-integration-1, then -2 with a Signature parameter beside it (localstack#5041).
    for (const query of ["param1=foobar", "param1=foobar&Signature=1"]) {
      const res = await fetch(`${h.url}/dev/template?${query}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ param1: "foobar" });
    }
  });
});

describe("EventBridge integration: events:action/PutEvents", () => {
  // test_apigateway_eventbridge.py::test_apigateway_to_eventbridge (aws.validated): the request template sets
  // X-Amz-Target and Content-Type through $context.requestOverride and builds the Entries from the items.
  const requestTemplate = `
              #set($context.requestOverride.header.X-Amz-Target = "AWSEvents.PutEvents")
              #set($context.requestOverride.header.Content-Type = "application/x-amz-json-1.1")
              #set($inputRoot = $input.path('$'))
              {
                "Entries": [
                  #foreach($elem in $inputRoot.items)
                  {
                    "Detail": "$util.escapeJavaScript($elem.Detail).replaceAll("\\\\'","'")",
                    "DetailType": "$elem.DetailType",
                    "Source":"$elem.Source"
                  }#if($foreach.hasNext),#end
                  #end
                ]
              }
            `;
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          {
            method: "POST",
            path: "/event",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: {
              service: "events",
              action: "PutEvents",
              passthroughBehavior: "WHEN_NO_TEMPLATES",
              requestTemplates: { "application/json": requestTemplate },
              responses: [{ statusCode: "200", responseTemplates: { "application/json": "#set($inputRoot = $input.json('$'))\n$inputRoot" } }],
            },
          },
        ],
        { stageName: "dev" },
      ),
    ]);
  });
  afterAll(() => h.close());

  it("puts the mapped entries and answers PutEvents' result (eventbridge-put-events-response)", async () => {
    h.dispatcher.answer = () => ({ Entries: [{ EventId: "11111111-2222-3333-4444-555555555555" }], FailedEntryCount: 0 });
    const res = await fetch(`${h.url}/dev/event`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ items: [{ Detail: '{"data":"Order is created"}', DetailType: "Test", Source: "order" }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Entries: [{ EventId: "11111111-2222-3333-4444-555555555555" }], FailedEntryCount: 0 });
    expect(h.dispatcher.calls).toEqual([
      { service: "events", action: "PutEvents", input: { Entries: [{ Detail: '{"data":"Order is created"}', DetailType: "Test", Source: "order" }] } },
    ]);
  });
});

describe("header remapping of a non-proxy Lambda integration (TestApiGatewayHeaderRemapping)", () => {
  // test_apigateway_integrations.py::TestApiGatewayHeaderRemapping::test_apigateway_header_remapping_aws[AWS]
  // (aws.validated): every header mapped onto the method response as 'response_param_<Name>'.
  const HEADERS = [
    "Accept", "Accept-Charset", "Accept-Encoding", "Age", "Authorization", "Connection", "Content-Encoding", "Content-Length", "Content-MD5",
    "Content-Type", "Date", "Expect", "Host", "Max-Forwards", "Pragma", "Proxy-Authenticate", "Range", "Referer", "Server", "TE",
    "Transfer-Encoding", "Trailer", "Upgrade", "User-Agent", "Via", "Warn", "WWW-Authenticate",
  ];
  let h: Harness;
  beforeAll(async () => {
    const route = (path: string, extra: Partial<NonNullable<RouteConfig["awsIntegration"]>>): RouteConfig => ({
      method: "GET",
      path,
      functionName: "echo",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "lambda", responses: [{ statusCode: "200" }], ...extra },
    });
    h = await startGateway([
      restApi(
        [
          route("/full", { responses: [{ statusCode: "200", responseParameters: Object.fromEntries(HEADERS.map((name) => [`method.response.header.${name}`, `'response_param_${name}'`])) }] }),
          // test_apigateway_header_remapping_http[HTTP_PROXY] "content-length": refused before the endpoint is called.
          {
            method: "GET",
            path: "/http-proxy-content-length",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: { service: "http_proxy", uri: "http://127.0.0.1:9/echo", requestParameters: { "integration.request.header.Content-Length": "method.request.header.Content-Length" } },
          },
          ...["Content-Length", "Transfer-Encoding", "Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"].map((name) =>
            route(`/${name.toLowerCase()}`, { requestParameters: { [`integration.request.header.${name}`]: `method.request.header.${name}` } }),
          ),
        ],
        { stageName: "test" },
      ),
    ]);
    h.lambda.script("echo", () => ({ ok: true }));
  });
  afterAll(() => h.close());

  it("writes the headers API Gateway owns as x-amzn-Remapped-<Name> and the others as mapped (full-integration)", async () => {
    const res = await fetch(`${h.url}/test/full`);
    expect(res.status).toBe(200);
    const kept = ["Accept", "Accept-Charset", "Accept-Encoding", "Age", "Content-Encoding", "Content-Type", "Pragma", "Range", "Referer", "TE", "Warn"];
    for (const name of kept) expect(res.headers.get(name), name).toBe(`response_param_${name}`);
    const remapped = ["Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host", "Max-Forwards", "Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate"];
    for (const name of remapped) {
      expect(res.headers.get(`x-amzn-Remapped-${name}`), name).toBe(`response_param_${name}`);
      expect(res.headers.get(name), name).not.toBe(`response_param_${name}`);
    }
    expect(res.headers.get("transfer-encoding")).not.toBe("response_param_Transfer-Encoding");
    expect(await res.json()).toEqual({ ok: true });
  });

  it("an HTTP_PROXY integration mapping integration.request.header.Content-Length is API Gateway's 500 too", async () => {
    const res = await fetch(`${h.url}/test/http-proxy-content-length`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message": "Internal server error"}');
  });

  for (const name of ["Content-Length", "Transfer-Encoding", "Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"]) {
    it(`a request parameter mapped onto integration.request.header.${name} is API Gateway's 500 (${name.toLowerCase()})`, async () => {
      const res = await fetch(`${h.url}/test/${name.toLowerCase()}`, { headers: { Authorization: "Unauthorized", "Proxy-Authenticate": "Basic", TE: "deflate" } });
      expect(res.status).toBe(500);
      expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
      expect(await res.text()).toBe('{"message": "Internal server error"}');
    });
  }
});

describe("request validation: a model whose member is oneOf null or another model", () => {
  // test_apigateway_common.py::TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_one_ofmodels (aws.validated):
  // TestModel { status: oneOf [null, $ref StatusModel] } required; StatusModel { Status: string, Order: integer } both required.
  const statusModel = { type: "object", properties: { Status: { type: "string" }, Order: { type: "integer" } }, required: ["Status", "Order"] };
  const testModel = { type: "object", properties: { status: { oneOf: [{ type: "null" }, statusModel] } }, required: ["status"] };
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          {
            method: "POST",
            path: "/path",
            functionName: "",
            payloadFormatVersion: "1.0",
            validation: { validateBody: true, validateParameters: false, models: { "application/json": testModel } },
            awsIntegration: {
              service: "mock",
              requestTemplates: { "application/json": '{"statusCode": 200}' },
              responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"data": "ok"}' } }],
            },
          },
        ],
        { stageName: "dev" },
      ),
    ]);
  });
  afterAll(() => h.close());

  const post = (body: unknown) => fetch(`${h.url}/dev/path`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  it("accepts null and a valid StatusModel (successful, successful-with-data)", async () => {
    for (const body of [{ status: null }, { status: { Status: "Pending", Order: 1 } }]) {
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: "ok" });
    }
  });

  it('refuses a missing status and an invalid StatusModel with 400 "Invalid request body" (failed-validation-no-data, -bad-data)', async () => {
    for (const body of [{}, { status: { Status: "Pending" } }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
      expect(await res.json()).toEqual({ message: "Invalid request body" });
    }
  });
});

describe("a Lambda proxy integration whose IntegrationHttpMethod is not POST", () => {
  // test_apigateway_lambda.py::test_lambda_aws_proxy_integration_non_post_method (aws.validated):
  // integrationHttpMethod GET on an AWS_PROXY {proxy+} ANY method; the invocation fails: 500.
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([{ method: "ANY", path: "/{proxy+}", functionName: "fn", payloadFormatVersion: "1.0", integrationHttpMethod: "GET" }], { stageName: "test" }),
    ]);
    h.lambda.script("fn", () => ({ statusCode: 200, body: "reached" }));
  });
  afterAll(() => h.close());

  it('answers 500 {"message": "Internal server error"} without invoking the function (invocation-payload-with-get-proxy-method)', async () => {
    const res = await fetch(`${h.url}/test/test-path`, { headers: { "User-Agent": "python-requests/testing" } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: "Internal server error" });
    expect(h.lambda.calls).toHaveLength(0);
  });
});

describe("SQS integration: the JSON answer through a response template, or SQS's XML on Accept: application/xml", () => {
  // test_apigateway_sqs.py::test_sqs_request_and_response_xml_templates_integration (aws.validated).
  const integration = (extra: Partial<NonNullable<RouteConfig["awsIntegration"]>>): RouteConfig => ({
    method: "POST",
    path: extra.responses?.[0]?.responseTemplates ? "/sqs" : "/sqs-xml",
    functionName: "",
    payloadFormatVersion: "1.0",
    awsIntegration: {
      service: "sqs",
      path: "123456789012/queue-1",
      passthroughBehavior: "NEVER",
      requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" },
      ...extra,
      requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'", ...extra.requestParameters },
    },
  });
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          integration({
            responses: [
              {
                statusCode: "200",
                responseTemplates: {
                  "application/json": `
            #set($responseBody = $input.path('$.SendMessageResponse'))
            #set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))
            #set($messageId = $responseBody.SendMessageResult.MessageId)
            {
            "requestId": "$requestId",
            "messageId": "$messageId"
            }
            `,
                },
              },
            ],
          }),
          // The same integration after the recorded update: Accept 'application/xml' added, the response template removed.
          integration({ requestParameters: { "integration.request.header.Accept": "'application/xml'" }, responses: [{ statusCode: "200" }] }),
        ],
        { stageName: "test" },
      ),
    ]);
    h.dispatcher.answer = () => ({ MessageId: "6c5a4b2e-1f3d-4e5a-9b8c-7d6e5f4a3b2c", MD5OfMessageBody: "9c6d2f8b1e3a4c5d6e7f8091a2b3c4d5" });
  });
  afterAll(() => h.close());

  const send = (path: string) => fetch(`${h.url}/test/${path}`, { method: "POST", body: new TextEncoder().encode("<xml>Hello World</xml>") });

  it("sends the form's MessageBody and maps the JSON answer (sqs-json-response)", async () => {
    const res = await send("sqs");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { requestId: string; messageId: string };
    expect(body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), messageId: "6c5a4b2e-1f3d-4e5a-9b8c-7d6e5f4a3b2c" });
    expect(h.dispatcher.calls.at(-1)).toMatchObject({ service: "sqs", action: "SendMessage", input: { MessageBody: "<xml>Hello World</xml>", QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/queue-1" } });
  });

  it("answers SQS's XML when the integration request accepts application/xml", async () => {
    const res = await send("sqs-xml");
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toMatch(/<MessageId>6c5a4b2e-1f3d-4e5a-9b8c-7d6e5f4a3b2c<\/MessageId>/);
    expect(xml).toMatch(/<MD5OfMessageBody>9c6d2f8b1e3a4c5d6e7f8091a2b3c4d5<\/MD5OfMessageBody>/);
    expect(xml).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
    expect(xml).toMatch(/^<\?xml version="1\.0"\?><SendMessageResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/"><SendMessageResult>.*<\/SendMessageResult><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/SendMessageResponse>$/);
  });
});

describe("response template selection", () => {
  // AWS's PetStore sample (test_apigateway_extended.snapshot.json, get-export-with-extensions): its root GET is a MOCK
  // whose only response template is text/html, with method.response.header.Content-Type 'text/html'; it answers the page.
  let h: Harness;
  beforeAll(async () => {
    const mock = (path: string, responseTemplates: Record<string, string>, responseParameters?: Record<string, string>): RouteConfig => ({
      method: "GET",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: {
        service: "mock",
        passthroughBehavior: "WHEN_NO_MATCH",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        responses: [{ statusCode: "200", responseTemplates, ...(responseParameters ? { responseParameters } : {}) }],
      },
    });
    h = await startGateway([
      restApi(
        [
          mock("/", { "text/html": "<html><body><h1>Welcome to your Pet Store API</h1><a href=\"/$context.stage/pets/\">pets</a></body></html>" }, { "method.response.header.Content-Type": "'text/html'" }),
          mock("/both", { "application/xml": "<stage>$context.stage</stage>", "application/json": '{"stage": "$context.stage"}' }),
        ],
        { stageName: "local" },
      ),
    ]);
  });
  afterAll(() => h.close());

  it("applies the only template, text/html, whatever the client accepts", async () => {
    for (const accept of [undefined, "*/*", "application/json"]) {
      const res = await fetch(`${h.url}/local/`, accept ? { headers: { Accept: accept } } : {});
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html");
      expect(await res.text()).toBe('<html><body><h1>Welcome to your Pet Store API</h1><a href="/local/pets/">pets</a></body></html>');
    }
  });

  it("picks the template of the Accept type, application/json otherwise", async () => {
    expect(await (await fetch(`${h.url}/local/both`, { headers: { Accept: "application/xml" } })).text()).toBe("<stage>local</stage>");
    expect(await (await fetch(`${h.url}/local/both`, { headers: { Accept: "text/plain" } })).json()).toEqual({ stage: "local" });
    expect(await (await fetch(`${h.url}/local/both`)).json()).toEqual({ stage: "local" });
  });
});

describe("HTTP and HTTP_PROXY integrations call the endpoint with IntegrationHttpMethod, whatever the client's method", () => {
  // test_apigateway_http.py::test_http_integration_method[HTTP|HTTP_PROXY] (aws.validated): an ANY method whose
  // integration's httpMethod is POST; POST, PUT and GET requests all reach the endpoint as POST.
  let h: Harness;
  let backend: Server;
  beforeAll(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.stringify({ method: req.method, data: Buffer.concat(chunks).toString(), headers: req.headers });
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const uri = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
    const route = (path: string, service: string): RouteConfig => ({
      method: "ANY",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service, uri, httpMethod: "POST", ...(service === "http" ? { responses: [{ statusCode: "200" }] } : {}) },
    });
    h = await startGateway([restApi([route("/http", "http"), route("/http-proxy", "http_proxy")], { stageName: "test" })]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  for (const path of ["http", "http-proxy"]) {
    it(`${path === "http" ? "HTTP" : "HTTP_PROXY"}: POST, PUT and GET reach the endpoint as POST`, async () => {
      for (const method of ["POST", "PUT"]) {
        const res = await fetch(`${h.url}/test/${path}`, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: "hello world" }) });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ method: "POST", data: '{"message":"hello world"}' });
      }
      const res = await fetch(`${h.url}/test/${path}`);
      expect(await res.json()).toMatchObject({ method: "POST" });
    });
  }
});

describe("a response template reads the $context.requestOverride its request template set", () => {
  // test_apigateway_integrations.py::test_integration_mock_with_request_overrides_in_response_template (aws.validated):
  // recorded answers "path was path one", "path was path two", "this is the else clause". The test's templates are not
  // in the snapshot; these set an override per path in the request template and branch on it in the response template.
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          {
            method: "GET",
            path: "/{testPath}",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: {
              service: "mock",
              requestTemplates: {
                "application/json": `#set($path = $input.params('testPath'))
#if($path == "path1")#set($context.requestOverride.path.value = "path one")#elseif($path == "path2")#set($context.requestOverride.path.value = "path two")#end
{"statusCode": 200}`,
              },
              responses: [
                {
                  statusCode: "200",
                  responseTemplates: {
                    "application/json": `#if($context.requestOverride.path.value)
{"response": "path was $context.requestOverride.path.value"}
#else
{"response": "this is the else clause"}
#end`,
                  },
                },
              ],
            },
          },
        ],
        { stageName: "test" },
      ),
    ]);
  });
  afterAll(() => h.close());

  it("answers per the override (invoke-path1, invoke-path2, invoke-path-else)", async () => {
    expect(await (await fetch(`${h.url}/test/path1`)).json()).toEqual({ response: "path was path one" });
    expect(await (await fetch(`${h.url}/test/path2`)).json()).toEqual({ response: "path was path two" });
    expect(await (await fetch(`${h.url}/test/other`)).json()).toEqual({ response: "this is the else clause" });
  });
});

describe("request headers mapped onto an HTTP or HTTP_PROXY integration request", () => {
  // TestApiGatewayHeaderRemapping::test_apigateway_header_remapping_http[HTTP|HTTP_PROXY] full-integration (aws.validated):
  // every header mapped; the endpoint saw the mapped Authorization, Date, Max-Forwards, Server, Trailer, User-Agent, …,
  // and no Connection, Expect, Proxy-Authenticate, TE or Via of the mapping. The answer is a 200.
  const MAPPED: Record<string, string> = {
    Accept: "text/html", "Accept-Charset": "UTF-16", Age: "request_params_age", Authorization: "request_params_authorization",
    Connection: "keep-alive", "Content-MD5": "request_params_Content-MD5", Date: "request_params_Date", Expect: "100-continue",
    "Max-Forwards": "2", Pragma: "no-cache", "Proxy-Authenticate": "Basic", Range: "bytes=0-499", Referer: "https://example.com/page",
    Server: "https://example.com/page", TE: "deflate", Trailer: "user-agent", Upgrade: "HTTP/2.0", "User-Agent": "Override-Agent",
    Via: "request_params_via", Warn: "110 anderson/1.3.37", "WWW-Authenticate": "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
  };
  let h: Harness;
  let backend: Server;
  beforeAll(async () => {
    backend = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const body = JSON.stringify(req.headers);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const uri = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
    const requestParameters = Object.fromEntries(Object.entries(MAPPED).map(([name, value]) => [`integration.request.header.${name}`, `'${value}'`]));
    const route = (path: string, service: string): RouteConfig => ({
      method: "GET",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service, uri, httpMethod: "POST", requestParameters, ...(service === "http" ? { responses: [{ statusCode: "200" }] } : {}) },
    });
    h = await startGateway([restApi([route("/http", "http"), route("/http-proxy", "http_proxy")], { stageName: "test" })]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  for (const path of ["http", "http-proxy"]) {
    it(`${path === "http" ? "HTTP" : "HTTP_PROXY"}: sends the mapped headers but Connection, Expect, Proxy-Authenticate, TE and Via`, async () => {
      const res = await fetch(`${h.url}/test/${path}`);
      expect(res.status).toBe(200);
      const seen = (await res.json()) as Record<string, string>;
      for (const name of ["Accept", "Accept-Charset", "Age", "Authorization", "Content-MD5", "Date", "Max-Forwards", "Pragma", "Range", "Referer", "Server", "Trailer", "User-Agent", "Warn", "WWW-Authenticate"]) {
        expect(seen[name.toLowerCase()], name).toBe(MAPPED[name]);
      }
      expect(seen.expect).toBeUndefined();
      expect(seen["proxy-authenticate"]).toBeUndefined();
      expect(seen.te).toBeUndefined();
      expect(seen.via).toBeUndefined();
      expect(seen.connection).not.toBe("request_params_connection");
    });
  }
});
