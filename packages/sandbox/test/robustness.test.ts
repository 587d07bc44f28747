/**
 * Bad input never gets a 500 or takes the sandbox down: every operation of every JSON and
 * Query service on the edge, driven by its generated Smithy model, receives malformed
 * bodies and then, on top of a request whose required members name real resources of the
 * fixture (so the checks past "not found" run too), member by member a value of the wrong
 * JSON kind (a number for a string, a string for a list, a null in a list or map, …). Each
 * answer must be an AWS-shaped 4xx error (or a success), never a 5xx, an internal error or
 * a dropped connection.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceModel, ShapeModel } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { apiGatewayModel } from "../../apigateway-control/src/generated/apigateway.js";
import { apiGatewayV2Model } from "../../apigateway-control/src/generated/apigatewayv2.js";
import { cloudFormationModel } from "../../cloudformation/src/generated/cloudformation.js";
import { cognitoIdentityModel } from "../../cognito/src/generated/cognitoidentity.js";
import { cognitoIdpModel } from "../../cognito/src/generated/cognitoidp.js";
import { dynamodbModel } from "../../dynamodb/src/generated/dynamodb.js";
import { dynamodbStreamsModel } from "../../dynamodb/src/generated/dynamodbstreams.js";
import { eventbridgeModel } from "../../eventbridge/src/generated/eventbridge.js";
import { lambdaModel } from "../../lambda/src/generated/lambda.js";
import { logsModel } from "../../logs/src/generated/logs.js";
import { s3Model } from "../../s3/src/generated/s3.js";
import { secretsManagerModel } from "../../secretsmanager/src/generated/secretsmanager.js";
import { sfnModel } from "../../stepfunctions/src/generated/sfn.js";
import { snsModel } from "../../sns/src/generated/sns.js";
import { sqsModel } from "../../sqs/src/generated/sqs.js";
import { ssmModel } from "../../ssm/src/generated/ssm.js";
import { stsModel } from "../../sts/src/generated/sts.js";
import { xrayModel } from "../../xray/src/generated/xray.js";

const MODELS: ServiceModel[] = [
  apiGatewayModel,
  apiGatewayV2Model,
  cloudFormationModel,
  cognitoIdentityModel,
  cognitoIdpModel,
  dynamodbModel,
  dynamodbStreamsModel,
  eventbridgeModel,
  lambdaModel,
  logsModel,
  secretsManagerModel,
  sfnModel,
  snsModel,
  sqsModel,
  ssmModel,
  stsModel,
  xrayModel,
];

/** Requests in flight at once. */
const CONCURRENCY = 16;
const MALFORMED_BODIES = ["", "{", "[]", "null", '"x"'];

interface Probe {
  service: string;
  operation: string;
  url: string;
  init: RequestInit;
}

/** Values of the wrong JSON kind for a member of `shape`. */
function wrongValues(shape: ShapeModel | undefined): unknown[] {
  switch (shape?.type) {
    case "string":
    case "enum":
      return [123, { a: "b" }];
    case "integer":
    case "long":
    case "double":
    case "float":
    case "short":
    case "byte":
    case "intEnum":
      return ["abc", 2 ** 53, -1, 0.5];
    case "boolean":
      return ["yes"];
    case "list":
      return ["x", [null], [{}]];
    case "map":
      return ["x", { k: null }];
    case "structure":
    case "union":
      return ["x", [1], { bogus: 1 }];
    case "timestamp":
      return ["not-a-date", -1e20];
    case "blob":
      return [5, "!!!"];
    default:
      return [];
  }
}

function authorization(model: ServiceModel): string {
  const scope = `20261126/us-east-1/${model.service.signingName ?? model.service.endpointPrefix ?? "x"}/aws4_request`;
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
}

/** Values for members whose name contains the key (case-insensitive): the fixture's resources. */
const RESOURCE_NAMES: Array<[string, string]> = [
  ["tablename", "robust-table"],
  ["functionname", "robust-fn"],
  ["statemachinearn", "arn:aws:states:us-east-1:000000000000:stateMachine:robust-sm"],
  ["loggroupname", "/aws/lambda/robust-fn"],
  ["loggroupidentifier", "/aws/lambda/robust-fn"],
  ["topicarn", "arn:aws:sns:us-east-1:000000000000:robust-topic"],
  ["queueurl", "QUEUE_URL"],
  ["secretid", "robust-secret"],
  ["eventbusname", "robust-bus"],
  ["name", "robust-param"],
];

/** A plausible value for a required member, so the request gets past "missing parameter". */
function plausible(name: string, shape: ShapeModel | undefined, queueUrl: string): unknown {
  const lower = name.toLowerCase();
  const known = RESOURCE_NAMES.find(([key]) => lower.includes(key));
  if (known && (shape?.type === "string" || shape?.type === undefined)) return known[1] === "QUEUE_URL" ? queueUrl : known[1];
  switch (shape?.type) {
    case "string":
      return "x";
    case "enum":
    case "intEnum":
      return shape.values?.[0];
    case "integer":
    case "long":
      return 1;
    case "boolean":
      return true;
    case "list":
      return [];
    case "map":
    case "structure":
      return {};
    default:
      return undefined;
  }
}

function probes(model: ServiceModel, endpoint: string): Probe[] {
  const service = model.service.id;
  const headers = { authorization: authorization(model), "x-amz-date": "20261126T000000Z" };
  const queueUrl = `${endpoint}/000000000000/robust-queue`;
  const out: Probe[] = [];
  for (const [operation, op] of Object.entries(model.operations)) {
    const members = Object.entries((op.input && model.shapes[op.input]?.members) ?? {});
    const base: Record<string, unknown> = {};
    for (const [name, member] of members) {
      if (!member.required) continue;
      const value = plausible(name, model.shapes[member.target], queueUrl);
      if (value !== undefined) base[name] = value;
    }
    const inputs: Array<Record<string, unknown>> = [base];
    for (const [name, member] of members) {
      for (const value of wrongValues(model.shapes[member.target])) inputs.push({ ...base, [name]: value });
    }
    const bodies = [...MALFORMED_BODIES, ...inputs.map((input) => JSON.stringify(input))];
    const { protocol } = model.service;
    if (protocol === "awsJson1_0" || protocol === "awsJson1_1") {
      const contentType = `application/x-amz-json-${protocol === "awsJson1_0" ? "1.0" : "1.1"}`;
      for (const body of bodies) {
        out.push({ service, operation, url: endpoint, init: { method: "POST", headers: { ...headers, "content-type": contentType, "x-amz-target": `${model.service.targetPrefix}.${operation}` }, body } });
      }
    } else if (protocol === "restJson1" && op.http) {
      const path = op.http.uri
        .split("?")[0]
        .replace(/\{([^}+]+)\+?\}/g, (_, label: string) => encodeURIComponent(String(plausible(label, { type: "string" }, queueUrl))));
      const hasBody = op.http.method !== "GET" && op.http.method !== "HEAD";
      for (const body of hasBody ? bodies : ["{}"]) {
        out.push({ service, operation, url: endpoint + path, init: { method: op.http.method, headers: { ...headers, "content-type": "application/json" }, body: hasBody ? body : undefined } });
      }
    } else if (protocol === "awsQuery") {
      const forms = [new URLSearchParams({ Action: operation })];
      for (const input of inputs) {
        const form = new URLSearchParams({ Action: operation });
        for (const [name, value] of Object.entries(input)) form.set(name, typeof value === "object" ? JSON.stringify(value) : String(value));
        forms.push(form);
      }
      for (const [name] of members) forms.push(new URLSearchParams({ Action: operation, [`${name}.member.1`]: "", [`${name}.entry.1.key`]: "k" }));
      for (const form of forms) {
        out.push({ service, operation, url: `${endpoint}/`, init: { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: form.toString() } });
      }
    }
  }
  return out;
}

/** Header and query values of the wrong kind for a REST-XML member bound to a header or the query string. */
function wrongTexts(shape: ShapeModel | undefined): string[] {
  switch (shape?.type) {
    case "string":
      return ["%00%FF", "x".repeat(3_000)];
    case "enum":
      return ["NOPE"];
    case "integer":
    case "long":
      return ["abc", "-1", "99999999999999999999"];
    case "boolean":
      return ["maybe"];
    case "timestamp":
      return ["not-a-date"];
    default:
      return [];
  }
}

const MALFORMED_XML = ["", "<", "<x/>", "<?xml version='1.0'?><Foo><Bar>1</Bar></Foo>", "not xml", "<a>".repeat(2_000)];

/** S3 (REST-XML) operations on the fixture's bucket and key "k": malformed bodies, then wrong header and query values. */
function s3Probes(endpoint: string): Probe[] {
  const headers = { authorization: authorization(s3Model), "x-amz-date": "20261126T000000Z", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
  const out: Probe[] = [];
  for (const [operation, op] of Object.entries(s3Model.operations)) {
    if (!op.http) continue;
    const [template, fixedQuery = ""] = op.http.uri.split("?");
    const path = template.replace("{Bucket}", "robust-bucket").replace(/\{Key\+?\}/, "k").replace(/\{[^}]+\}/g, "x");
    const method = op.http.method;
    const hasBody = method !== "GET" && method !== "HEAD";
    const url = (query: string) => `${endpoint}${path}?${[fixedQuery, query].filter(Boolean).join("&")}`;
    for (const body of hasBody ? MALFORMED_XML : [""]) {
      out.push({ service: "S3", operation, url: url(""), init: { method, headers, body: hasBody ? body : undefined } });
    }
    const members = Object.entries((op.input && s3Model.shapes[op.input]?.members) ?? {});
    for (const [, member] of members) {
      // Content-Length is the HTTP framing itself: a client cannot send a wrong one.
      if (member.header?.toLowerCase() === "content-length") continue;
      for (const value of wrongTexts(s3Model.shapes[member.target])) {
        if (member.header) out.push({ service: "S3", operation, url: url(""), init: { method, headers: { ...headers, [member.header]: value } } });
        if (member.query) out.push({ service: "S3", operation, url: url(`${encodeURIComponent(member.query)}=${encodeURIComponent(value)}`), init: { method, headers } });
      }
    }
  }
  return out;
}

interface Failure {
  service: string;
  operation: string;
  body: string;
  status: number;
  answer: string;
}

async function send(probe: Probe): Promise<Failure | undefined> {
  const body = typeof probe.init.body === "string" ? probe.init.body : "";
  try {
    const response = await fetch(probe.url, { ...probe.init, signal: AbortSignal.timeout(60_000) });
    const answer = await response.text();
    // 501 NotImplemented is S3's own answer for an action the sandbox does not emulate.
    const notEmulated = response.status === 501 && answer.includes("<Code>NotImplemented</Code>");
    if ((response.status >= 500 && !notEmulated) || /InternalError|InternalFailure|InternalServerError|Internal server error/.test(answer)) {
      return { service: probe.service, operation: probe.operation, body, status: response.status, answer: answer.slice(0, 300) };
    }
  } catch (error) {
    return { service: probe.service, operation: probe.operation, body, status: -1, answer: `${String(error)} ${String((error as Error).cause)}` };
  }
  return undefined;
}

describe("wrong-type and malformed input to every operation of the JSON and Query services", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    const template = join(import.meta.dirname, "fixtures", "robustness");
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, inMemory: true, watch: false });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("runs the fixture's InlineCode (exports.handler) as Lambda does, though this package's package.json says type: module", async () => {
    const response = await fetch(`${sandbox.endpoint}/2015-03-31/functions/robust-fn/invocations`, {
      method: "POST",
      headers: { authorization: authorization(lambdaModel) },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(response.headers.get("x-amz-function-error")).toBeNull();
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("answers each with an AWS-shaped client error or a success, never a 5xx, and keeps serving", { timeout: 240_000 }, async () => {
    const all = [...MODELS.flatMap((model) => probes(model, sandbox.endpoint)), ...s3Probes(sandbox.endpoint)];
    expect(all.length).toBeGreaterThan(5_000);
    const failures: Failure[] = [];
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const failure = await send(all[next++]);
        if (failure) failures.push(failure);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures).toEqual([]);
    const alive = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables", authorization: authorization(dynamodbModel) },
      body: "{}",
    });
    expect(alive.status).toBe(200);
  });
});
