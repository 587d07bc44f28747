import { AwsError, SandboxError, silentLogger, VirtualClock, EventBus } from "@sam-sandbox/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiGateway, escapeJavaScript } from "../src/index.js";
import { FakeLambda, type Harness, httpApi, restApi, START, startGateway } from "./helpers.js";

const MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
const EXECUTION = `arn:aws:states:us-east-1:123456789012:execution:orders:7c1f`;
const STARTED = { executionArn: EXECUTION, startDate: 1.7644896e9 };

class StateMachineDoesNotExist extends AwsError {
  constructor(arn: string) {
    super("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`, 400);
  }
}

const post = (url: string, body: string, contentType = "application/json") =>
  fetch(url, { method: "POST", headers: { "content-type": contentType }, body });

describe("REST API routes to a state machine (SAM `Api` events on AWS::Serverless::StateMachine)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        { method: "POST", path: "/orders", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StartExecution", stateMachineArn: MACHINE } },
        { method: "POST", path: "/quick", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StartExecution", stateMachineArn: MACHINE, unescapeMappingTemplate: true } },
        { method: "POST", path: "/slow", functionName: "", payloadFormatVersion: "1.0", timeoutMs: 1000, stepFunctions: { action: "StartExecution", stateMachineArn: MACHINE } },
      ]),
    ]);
  });
  beforeEach(() => {
    h.dispatcher.calls.length = 0;
    h.dispatcher.answer = () => STARTED;
  });
  afterAll(() => h.close());

  it("starts an execution with the request body as input and answers 200 with StartExecution's output", async () => {
    const res = await post(`${h.url}/Prod/orders`, '{ "item": "book", "qty": 2 }');
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual(STARTED);
    expect(h.dispatcher.calls).toEqual([{
      service: "states",
      action: "StartExecution",
      input: { input: '{"item":"book","qty":2}', stateMachineArn: MACHINE, traceHeader: expect.stringMatching(/^Root=1-/) },
    }]);
  });

  it("passes the client's X-Amzn-Trace-Id on as the execution's trace header", async () => {
    const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
    await fetch(`${h.url}/orders`, { method: "POST", headers: { "content-type": "application/json", "x-amzn-trace-id": trace }, body: "{}" });
    expect(h.dispatcher.calls[0].input.traceHeader).toBe(trace);
  });

  it("gives an empty body as the input {} and keeps non-ASCII text and slashes intact", async () => {
    await post(`${h.url}/orders`, "");
    await post(`${h.url}/orders`, JSON.stringify({ name: "José 注文", url: "a/b", note: "line\nbreak" }));
    expect(h.dispatcher.calls.map((c) => c.input.input)).toEqual(["{}", '{"name":"José 注文","url":"a/b","note":"line\\nbreak"}']);
  });

  it("applies the template to application/json with parameters, and to requests without Content-Type", async () => {
    await post(`${h.url}/orders`, '{"a":1}', "Application/JSON; charset=utf-8");
    await fetch(`${h.url}/orders`, { method: "POST", body: new Uint8Array(Buffer.from('{"b":2}')) });
    expect(h.dispatcher.calls.map((c) => c.input.input)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("answers SerializationException for a single quote in the body, as escapeJavaScript's \\' is not JSON", async () => {
    const res = await post(`${h.url}/orders`, `{"name":"O'Brien"}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe('{"__type":"com.amazon.coral.service#SerializationException"}');
    expect(h.dispatcher.calls).toEqual([]);
  });

  it("keeps single quotes with UnescapeMappingTemplate", async () => {
    const res = await post(`${h.url}/quick`, `{"name":"O'Brien"}`);
    expect(res.status).toBe(200);
    expect(h.dispatcher.calls[0].input.input).toBe(`{"name":"O'Brien"}`);
  });

  it("refuses a body that is not JSON before calling Step Functions", async () => {
    const res = await post(`${h.url}/orders`, "hello");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect((await res.json()).message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
    expect(h.dispatcher.calls).toEqual([]);
  });

  it("passes a body of another Content-Type through unmapped, as the StartExecution request itself", async () => {
    h.dispatcher.answer = ({ input }) => {
      if (typeof input.stateMachineArn !== "string") throw new AwsError("ValidationException", "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null", 400);
      return STARTED;
    };
    const res = await post(`${h.url}/orders`, '{"orderId":"1"}', "text/plain");
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(
      '{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: Value null at \'stateMachineArn\' failed to satisfy constraint: Member must not be null"}',
    );
    expect(h.dispatcher.calls[0].input).toMatchObject({ orderId: "1" });
    const form = await post(`${h.url}/orders`, "a=1&b=2", "application/x-www-form-urlencoded");
    expect(form.status).toBe(400);
    expect(await form.text()).toBe('{"__type":"com.amazon.coral.service#SerializationException"}');
  });

  it("passes Step Functions' 400 errors through with their body", async () => {
    h.dispatcher.answer = () => {
      throw new StateMachineDoesNotExist(MACHINE);
    };
    const res = await post(`${h.url}/orders`, "{}");
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(`{"__type":"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist","message":"State Machine Does Not Exist: '${MACHINE}'"}`);
  });

  it("answers 500 for a status SAM's integration responses do not map, or a failed call", async () => {
    h.dispatcher.answer = () => {
      throw new AwsError("InternalFailure", "An internal error occurred.", 500);
    };
    let res = await post(`${h.url}/orders`, "{}");
    expect(res.status).toBe(500);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
    expect(await res.text()).toBe('{"message": "Internal server error"}');
    h.dispatcher.answer = () => {
      throw new Error("socket hang up");
    };
    res = await post(`${h.url}/orders`, "{}");
    expect(res.status).toBe(500);
  });

  it("answers 504 when Step Functions does not answer within the integration timeout", async () => {
    let release = () => {};
    h.dispatcher.answer = () => new Promise((resolve) => (release = () => resolve(STARTED)));
    const called = h.dispatcher.nextCall();
    const pending = post(`${h.url}/slow`, "{}");
    await called;
    await h.clock.advance(1000);
    const res = await pending;
    release();
    expect(res.status).toBe(504);
    expect(await res.text()).toBe('{"message": "Endpoint request timed out"}');
  });

  it("lists the route with its state machine", () => {
    expect(h.gateway.routes()[0]).toEqual({
      api: "ServerlessRestApi",
      kind: "rest",
      method: "POST",
      path: "/orders",
      functionName: "",
      stepFunctions: { action: "StartExecution", stateMachineArn: MACHINE },
    });
  });
});

describe("HTTP API routes with IntegrationSubtype StepFunctions-*", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          {
            method: "POST",
            path: "/orders/{id}",
            functionName: "",
            payloadFormatVersion: "1.0",
            stepFunctions: { action: "StartExecution", requestParameters: { StateMachineArn: MACHINE, Input: "$request.body", Name: "order-$request.path.id", Region: "us-east-1" } },
          },
          {
            method: "POST",
            path: "/mapped",
            functionName: "",
            payloadFormatVersion: "1.0",
            stepFunctions: {
              action: "StartSyncExecution",
              requestParameters: {
                StateMachineArn: MACHINE,
                Input: '{"customer":"$request.body.customer.name","tier":"$request.header.X-Tier","ref":"$request.querystring.ref","env":"$stageVariables.env"}',
                Name: "$context.requestId",
                TraceHeader: "$request.header.x-missing",
              },
            },
          },
          { method: "DELETE", path: "/runs", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StopExecution", requestParameters: { ExecutionArn: "$request.querystring.arn", Cause: "cancelled" } } },
        ],
        { cors: { allowOrigins: ["http://localhost:5173"], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false }, stageVariables: { env: "dev" } },
      ),
    ]);
  });
  beforeEach(() => {
    h.dispatcher.calls.length = 0;
    h.dispatcher.answer = () => STARTED;
  });
  afterAll(() => h.close());

  it("calls StartExecution with the mapped parameters and passes Step Functions' answer through", async () => {
    const res = await fetch(`${h.url}/orders/42`, { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:5173" }, body: '{ "qty": 1 }' });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("apigw-requestid")).toBeTruthy();
    expect(await res.json()).toEqual(STARTED);
    expect(h.dispatcher.calls).toEqual([{
      service: "states",
      action: "StartExecution",
      // $request.body is the body as sent; Region only picks where the call goes.
      input: { stateMachineArn: MACHINE, input: '{ "qty": 1 }', name: "order-42", traceHeader: expect.stringMatching(/^Root=1-/) },
    }]);
  });

  it("evaluates body paths, headers, query parameters, stage variables and $context; leaves out what is missing", async () => {
    h.dispatcher.answer = () => ({ ...STARTED, status: "SUCCEEDED", output: '{"ok":true}' });
    const res = await fetch(`${h.url}/mapped?ref=r1`, { method: "POST", headers: { "x-tier": "gold" }, body: '{"customer":{"name":"Ann"}}' });
    expect(await res.json()).toMatchObject({ status: "SUCCEEDED", output: '{"ok":true}' });
    const [call] = h.dispatcher.calls;
    expect(call.action).toBe("StartSyncExecution");
    expect(call.input).toEqual({
      stateMachineArn: MACHINE,
      input: '{"customer":"Ann","tier":"gold","ref":"r1","env":"dev"}',
      name: res.headers.get("apigw-requestid"),
      traceHeader: expect.stringMatching(/^Root=1-/),
    });
  });

  it("calls StopExecution without a trace header", async () => {
    await fetch(`${h.url}/runs?arn=${encodeURIComponent(EXECUTION)}`, { method: "DELETE" });
    expect(h.dispatcher.calls[0]).toEqual({ service: "states", action: "StopExecution", input: { executionArn: EXECUTION, cause: "cancelled" } });
  });

  it("passes Step Functions' errors through with their status and body", async () => {
    h.dispatcher.answer = () => {
      throw new AwsError("ExecutionAlreadyExists", `Execution Already Exists: '${EXECUTION}'`, 400);
    };
    const res = await fetch(`${h.url}/orders/1`, { method: "POST", body: "{}" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(await res.text()).toBe(`{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"Execution Already Exists: '${EXECUTION}'"}`);
  });

  it('answers 500 {"message":"Internal Server Error"} when the call itself fails', async () => {
    h.dispatcher.answer = () => {
      throw new Error("boom");
    };
    const res = await fetch(`${h.url}/orders/1`, { method: "POST", body: "{}" });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
  });
});

describe("Step Functions routes without a dispatcher, and their configuration", () => {
  it("warns at start-up and answers 500", async () => {
    const h = await startGateway([httpApi([{ method: "POST", path: "/go", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StartExecution", requestParameters: { StateMachineArn: MACHINE } } }])], { withDispatcher: false });
    try {
      expect(h.warnings).toEqual(["Routes with a Step Functions integration have no dispatcher to reach Step Functions; they answer 500"]);
      const res = await fetch(`${h.url}/go`, { method: "POST" });
      expect(res.status).toBe(500);
    } finally {
      await h.close();
    }
  });

  it("refuses a REST route without a state machine and an HTTP route without request parameters", () => {
    const options = { invoker: new FakeLambda(), region: "us-east-1", accountId: "123456789012", clock: new VirtualClock(START), logger: silentLogger, events: new EventBus() };
    expect(() => createApiGateway({ ...options, apis: [restApi([{ method: "POST", path: "/x", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StartExecution" } }])] }))
      .toThrow(SandboxError);
    expect(() => createApiGateway({ ...options, apis: [httpApi([{ method: "POST", path: "/x", functionName: "", payloadFormatVersion: "1.0", stepFunctions: { action: "StartExecution" } }])] }))
      .toThrow("API ServerlessHttpApi, route POST /x: an HTTP API Step Functions route needs requestParameters.");
  });
});

describe("$util.escapeJavaScript", () => {
  it("escapes as Apache Commons Lang does: quotes, backslash, slash, control characters, non-ASCII in upper-case hex", () => {
    expect(escapeJavaScript(`"a'b\\c/d"\n\t\u0001é注😀`)).toBe(`\\"a\\'b\\\\c\\/d\\"\\n\\t\\u0001\\u00E9\\u6CE8\\uD83D\\uDE00`);
  });
});
