// DESIGN.md rule 4, proven on the edge port: every operation of every emulated service's
// model gets hostile and random input (seeded, so every run sends the same requests), and
// each answer must be a prompt, AWS-shaped client error or a success, never a 5xx or a hang.
// Afterwards the sandbox must still serve the app's API and DynamoDB.
import { appendFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Logger, ServiceModel } from "../packages/core/src/index.js";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamodbModel } from "../packages/dynamodb/src/generated/dynamodb.js";
import { dynamodbStreamsModel } from "../packages/dynamodb/src/generated/dynamodbstreams.js";
import { lambdaModel } from "../packages/lambda/src/generated/lambda.js";
import { logsModel } from "../packages/logs/src/generated/logs.js";
import { s3Model } from "../packages/s3/src/generated/s3.js";
import { S3_ACTIONS } from "../packages/s3/src/wire.js";
import { snsModel } from "../packages/sns/src/generated/sns.js";
import { sfnModel } from "../packages/stepfunctions/src/generated/sfn.js";
import { xrayModel } from "../packages/xray/src/generated/xray.js";
import { cognitoIdpModel } from "../packages/cognito/src/generated/cognitoidp.js";
import { cognitoIdentityModel } from "../packages/cognito/src/generated/cognitoidentity.js";
import { sqsModel } from "../packages/sqs/src/generated/sqs.js";
import { eventbridgeModel } from "../packages/eventbridge/src/generated/eventbridge.js";
import { ssmModel } from "../packages/ssm/src/generated/ssm.js";
import { secretsManagerModel } from "../packages/secretsmanager/src/generated/secretsmanager.js";
import { stsModel } from "../packages/sts/src/generated/sts.js";
import { cloudFormationModel } from "../packages/cloudformation/src/generated/cloudformation.js";
import { apiGatewayModel } from "../packages/apigateway-control/src/generated/apigateway.js";
import { apiGatewayV2Model } from "../packages/apigateway-control/src/generated/apigatewayv2.js";
import { schedulerModel } from "../packages/scheduler/src/api/model.js";
import {
  Rng, ShapeFuzzer, closeAgent, fixedVariants, memberVariants, pool, queryForm, seedOf, send, sigv4,
  type Received, type Sent,
} from "./helpers/fuzz.js";
import { restXmlRequest, s3Edge, s3EdgeCases, s3Request, xmlVariants, type S3Edge } from "./helpers/s3Requests.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Random inputs per operation, on top of the fixed hostile ones. */
const RANDOM_VARIANTS = 20;
/** An answer slower than this is a failure (a hang, or work proportional to garbage). */
const ANSWER_WITHIN_MS = 2_000;
/** A 20 MB body takes its time to arrive and to parse; still no hang. */
const HUGE_ANSWER_WITHIN_MS = 5_000;
const IN_FLIGHT = 4;

type Protocol = "awsJson" | "restJson" | "awsQuery" | "restXml";

interface Case {
  what: string;
  req: Sent;
  protocol: Protocol;
}

let sandbox: RunningSandbox;
const crashes: string[] = [];
const logger: Logger = { info() {}, warn() {}, debug() {}, error: (m) => crashes.push(m) };
const counts = new Map<string, number>();

/** Resources that exist, by the member names that name them: careful random inputs use them to reach the engines. */
const known = new Map<ServiceModel, Record<string, unknown[]>>();
const S3_BUCKET = "robustness-bucket";
/** Operations that may name an existing resource: none that deletes or reconfigures the app under test. */
const HARMLESS = /^(Get|List|Describe|Query|Scan|BatchGet|TransactGet|Invoke|Filter|Test|Validate|Publish|Start|Send|ExecuteStatement|PutItem|UpdateItem|PutLogEvents|PutTraceSegments|BatchGetTraces|TagResource|Subscribe)/;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(root, "examples/web-app"), port: 0, edgePort: 0, inMemory: true, logger });
  const call = async (req: Sent) => {
    const res = await send(sandbox.endpoint, req, 30_000);
    if (res.status >= 300) throw new Error(`setting up: HTTP ${res.status} ${res.body}`);
    return res.body === "" ? {} : (JSON.parse(res.body) as Record<string, unknown>);
  };
  // Step Functions loads on its first call, and each function builds on its first invocation: neither counts against an answer's time.
  const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
  const roleArn = "arn:aws:iam::000000000000:role/robustness";
  const machine = await call(awsJsonRequest(sfnModel, "CreateStateMachine", JSON.stringify({ name: "robustness", definition, roleArn })));
  const execution = await call(awsJsonRequest(sfnModel, "StartExecution", JSON.stringify({ stateMachineArn: machine.stateMachineArn, name: "first" })));
  const functionNames = sandbox.app.functions.map((f) => f.functionName);
  for (const name of functionNames) await call(restJsonRequest(lambdaModel, "Invoke", { FunctionName: name }, "{}"));
  await call(awsJsonRequest(logsModel, "CreateLogGroup", JSON.stringify({ logGroupName: "/robustness" })));
  await call(awsJsonRequest(logsModel, "CreateLogStream", JSON.stringify({ logGroupName: "/robustness", logStreamName: "s" })));
  await send(sandbox.endpoint, queryRequest([["Action", "CreateTopic"], ["Name", "robustness"]]), 30_000);
  const topicArn = "arn:aws:sns:us-east-1:000000000000:robustness";
  const traceId = "1-5759e988-bd862e3fe1be46a994272793";
  const segment = JSON.stringify({ id: "70de5b6f19ff9a0a", name: "robustness", trace_id: traceId, start_time: 1_700_000_000, end_time: 1_700_000_001 });
  await call(restJsonRequest(xrayModel, "PutTraceSegments", { TraceSegmentDocuments: [segment] }));
  const tableName = String(sandbox.app.tables[0].createTableInput.TableName);
  known.set(dynamodbModel, { TableName: [tableName], IndexName: ["byStatus"] });
  known.set(sfnModel, { stateMachineArn: [machine.stateMachineArn], executionArn: [execution.executionArn], name: ["robustness"], definition: [definition], roleArn: [roleArn] });
  known.set(logsModel, { logGroupName: ["/robustness"], logGroupIdentifier: ["/robustness"], logStreamName: ["s"] });
  known.set(snsModel, { TopicArn: [topicArn], Name: ["robustness"], Protocol: ["lambda", "http", "email"] });
  known.set(lambdaModel, { FunctionName: functionNames, Qualifier: ["$LATEST"] });
  known.set(xrayModel, { TraceIds: [[traceId]], TraceSegmentDocuments: [[segment]] });
  // The services the web-app template has none of: one resource each, named "robustness".
  const queue = await call(awsJsonRequest(sqsModel, "CreateQueue", JSON.stringify({ QueueName: "robustness" })));
  known.set(sqsModel, { QueueUrl: [queue.QueueUrl], QueueName: ["robustness"] });
  await call(awsJsonRequest(eventbridgeModel, "CreateEventBus", JSON.stringify({ Name: "robustness" })));
  known.set(eventbridgeModel, { EventBusName: ["robustness"], Name: ["robustness"] });
  await call(awsJsonRequest(ssmModel, "PutParameter", JSON.stringify({ Name: "robustness", Value: "v", Type: "String" })));
  known.set(ssmModel, { Name: ["robustness"], Names: [["robustness"]], Path: ["/"] });
  await call(awsJsonRequest(secretsManagerModel, "CreateSecret", JSON.stringify({ Name: "robustness", SecretString: "s", ClientRequestToken: "robustness-token-0000000000000000" })));
  known.set(secretsManagerModel, { SecretId: ["robustness"], SecretIdList: [["robustness"]] });
  known.set(cloudFormationModel, { StackName: [sandbox.app.stackName] });
  // S3: a bucket with an object and an open multipart upload for the careful inputs to name.
  const s3Put = (path: string, body = "", headers: Record<string, string> = {}) => send(sandbox.endpoint, { method: "PUT", path, headers: { authorization: sigv4("s3"), ...headers }, body }, 30_000);
  await s3Put(`/${S3_BUCKET}`);
  await s3Put(`/${S3_BUCKET}/k`, "0123456789");
  await s3Put(`/${S3_BUCKET}/ten-bytes`, "0123456789");
  await s3Put(`/${S3_BUCKET}/dir/k.csv`, "a,b\n1,2\n");
  const upload = await send(sandbox.endpoint, { method: "POST", path: `/${S3_BUCKET}/mp?uploads`, headers: { authorization: sigv4("s3") }, body: "" }, 30_000);
  const uploadId = /<UploadId>([^<]+)/.exec(upload.body)?.[1] ?? "none";
  known.set(s3Model, { Bucket: [S3_BUCKET], Key: ["k", "dir/k.csv", "mp"], UploadId: [uploadId], CopySource: [`${S3_BUCKET}/k`, `/${S3_BUCKET}/dir/k.csv`] });
});

function fuzzerFor(model: ServiceModel, name: string, operation: string): ShapeFuzzer {
  // S3's known bucket may take anything but losing its objects and itself.
  const harmless = model === s3Model ? !/^Delete(Bucket$|Object)/.test(operation) : HARMLESS.test(operation);
  return new ShapeFuzzer(model, new Rng(seedOf(name)), harmless ? known.get(model) : {});
}

afterAll(async () => {
  closeAgent();
  await sandbox?.stop();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`robustness: ${total} requests — ${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}`);
});

function awsJsonRequest(model: ServiceModel, operation: string, body: string | Buffer, prefix = model.service.targetPrefix ?? ""): Sent {
  const version = model.service.protocol === "awsJson1_1" ? "1.1" : "1.0";
  return {
    method: "POST",
    path: "/",
    headers: {
      "content-type": `application/x-amz-json-${version}`,
      "x-amz-target": `${prefix}.${operation}`,
      authorization: sigv4(model.service.signingName ?? model.service.endpointPrefix ?? ""),
    },
    body,
  };
}

/** A restJson request: URI labels, query strings and headers from the input's bound members, the rest as the JSON body. */
function restJsonRequest(model: ServiceModel, operation: string, input: Record<string, unknown> | undefined, rawBody?: string | Buffer): Sent {
  const op = model.operations[operation];
  const http = op.http ?? { method: "POST", uri: "/" };
  const members = (op.input && model.shapes[op.input]?.members) || {};
  const [path, fixedQuery] = http.uri.split("?");
  const query = new URLSearchParams(fixedQuery ?? "");
  const headers: Record<string, string> = { "content-type": "application/json", authorization: sigv4(model.service.signingName ?? "") };
  const body: Record<string, unknown> = { ...input };
  let payload: string | Buffer | undefined;
  for (const [name, member] of Object.entries(members)) {
    const value = input?.[name];
    if (member.label || member.query !== undefined || member.header !== undefined || member.payload) delete body[name];
    if (member.payload && value !== undefined) payload = typeof value === "string" ? value : JSON.stringify(value);
    if (value === undefined || member.label) continue;
    if (member.query !== undefined) for (const v of Array.isArray(value) ? value : [value]) query.append(member.query, text(v));
    if (member.header !== undefined) headers[member.header.toLowerCase()] = text(value).replace(/[^\x20-\x7e]/g, "?").slice(0, 4096);
  }
  const uri = path.replace(/\{(\w+)\+?\}/g, (_m, label: string) => {
    const value = input?.[label];
    return encodeURIComponent(value === undefined || value === "" ? "fuzz" : text(value));
  });
  const qs = query.toString();
  return {
    method: http.method,
    path: qs === "" ? uri : `${uri}?${qs}`,
    headers,
    body: rawBody ?? payload ?? JSON.stringify(body),
  };
}

function queryRequest(params: Array<[string, string]> | string, service = "sns"): Sent {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: sigv4(service) },
    body: typeof params === "string" ? params : new URLSearchParams(params).toString(),
  };
}

function text(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * The one 5xx that is AWS's own answer: EventBridge's UpdateArchive of an unknown archive is a 500
 * InternalException on AWS (LocalStack's test_archive_and_replay snapshot, recorded on AWS), and
 * the sandbox answers as AWS does.
 */
function awsOwn5xx(c: Case, res: Received): boolean {
  return res.status === 500 && c.what.startsWith("AWSEvents.UpdateArchive ") && res.body.includes('"__type":"InternalException"');
}

/** Why an answer breaks the rule, or undefined when it is a prompt success or a well-formed client error. */
function problem(c: Case, res: Received, withinMs: number): string | undefined {
  if (c.protocol === "restXml") return s3Problem(c, res, withinMs);
  if (res.status >= 500 && !awsOwn5xx(c, res)) return `HTTP ${res.status} ${res.body.slice(0, 200)}`;
  if (res.ms > withinMs) return `answered in ${Math.round(res.ms)} ms`;
  if (res.status < 400) return undefined;
  if (c.protocol === "awsQuery") {
    return /^<ErrorResponse[^>]*><Error><Type>(Sender|Receiver)<\/Type><Code>[^<]+<\/Code><Message>[^<]*<\/Message><\/Error>/.test(res.body)
      ? undefined
      : `not an awsQuery error: ${res.body.slice(0, 200)}`;
  }
  const errorType = res.headers["x-amzn-errortype"];
  let body: unknown;
  try {
    body = res.body === "" ? {} : JSON.parse(res.body);
  } catch {
    return `error body is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (typeof body !== "object" || body === null) return `error body is not an object: ${res.body.slice(0, 200)}`;
  const fields = body as Record<string, unknown>;
  const message = fields.message ?? fields.Message;
  if (c.protocol === "restJson") {
    if (typeof errorType !== "string" || errorType === "") return `no x-amzn-ErrorType: ${res.body.slice(0, 200)}`;
    return undefined;
  }
  if (typeof fields.__type !== "string") return `no __type: ${res.body.slice(0, 200)}`;
  // AWS's framework answers these two bare: a body it cannot parse, an unknown target; and
  // Parameter Store an unknown parameter or paging token ("…GetParameter operation: ").
  if (message === undefined && /(SerializationException|UnknownOperationException|ParameterNotFound|InvalidNextToken)$/.test(fields.__type)) return undefined;
  if (typeof message !== "string") return `no message: ${res.body.slice(0, 200)}`;
  return undefined;
}

/** S3's shape: <Error><Code/><Message/>…</Error> (bodiless for HEAD); 501 only as NotImplemented, for an action not emulated. */
function s3Problem(c: Case, res: Received, withinMs: number): string | undefined {
  if (res.ms > withinMs) return `answered in ${Math.round(res.ms)} ms`;
  const code = /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>([^<]+)<\/Code><Message>[^<]*<\/Message>/.exec(res.body)?.[1];
  if (res.status >= 500 && !(res.status === 501 && code === "NotImplemented")) return `HTTP ${res.status} ${res.body.slice(0, 200)}`;
  if (res.status < 400) return undefined;
  if (typeof res.headers["x-amz-request-id"] !== "string") return `no x-amz-request-id: HTTP ${res.status} ${res.body.slice(0, 200)}`;
  if (c.req.method === "HEAD") return res.body === "" ? undefined : `a HEAD error with a body: ${res.body.slice(0, 200)}`;
  return code === undefined ? `not an S3 error: HTTP ${res.status} ${res.body.slice(0, 200)}` : undefined;
}

async function run(label: string, cases: Case[], inFlight = IN_FLIGHT, withinMs = ANSWER_WITHIN_MS): Promise<string[]> {
  const failures: string[] = [];
  const answers = new Map<string, number>();
  counts.set(label, (counts.get(label) ?? 0) + cases.length);
  await pool(cases, inFlight, async (c) => {
    const before = crashes.length;
    try {
      const res = await send(sandbox.endpoint, c.req, withinMs * 3);
      const why = problem(c, res, withinMs);
      if (why) failures.push(`${c.what}: ${why}`);
      const answer = `${res.status} ${String(res.headers["x-amzn-errortype"] ?? /<Code>([^<]+)/.exec(res.body)?.[1] ?? "")}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    } catch (error) {
      failures.push(`${c.what}: ${String(error)}`);
    }
    if (crashes.length > before) failures.push(`${c.what}: logged ${crashes.slice(before).join(" | ").slice(0, 300)}`);
  });
  // FUZZ_REPORT=<file> keeps every failure for a closer look (the assertion shows them too),
  // and how the service answered: how far the inputs got.
  const report = process.env.FUZZ_REPORT;
  if (report) {
    const tally = [...answers].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v}× ${k}`);
    appendFileSync(report, `${[...failures, `# ${label}: ${tally.join(", ")}`].join("\n")}\n`);
  }
  return failures;
}

/** Fixed hostile bodies plus seeded random inputs for each operation of an awsJson service. */
function awsJsonCases(model: ServiceModel, prefix?: string): Case[] {
  const cases: Case[] = [];
  for (const operation of Object.keys(model.operations)) {
    const name = `${model.service.id}.${operation}`;
    for (const [what, body] of fixedVariants(model, operation)) {
      cases.push({ what: `${name} ${what}`, req: awsJsonRequest(model, operation, body, prefix), protocol: "awsJson" });
    }
    const fuzzer = fuzzerFor(model, name, operation);
    for (let i = 0; i < RANDOM_VARIANTS; i++) {
      const input = fuzzer.input(operation, i % 2 === 1);
      cases.push({ what: `${name} random #${i} ${JSON.stringify(input).slice(0, 300)}`, req: awsJsonRequest(model, operation, JSON.stringify(input), prefix), protocol: "awsJson" });
    }
    for (const [what, input] of memberVariants(model, operation, fuzzer.input(operation, true))) {
      cases.push({ what: `${name} ${what} on ${JSON.stringify(input).slice(0, 200)}`, req: awsJsonRequest(model, operation, JSON.stringify(input), prefix), protocol: "awsJson" });
    }
  }
  return cases;
}

function restJsonCases(model: ServiceModel): Case[] {
  const cases: Case[] = [];
  for (const operation of Object.keys(model.operations)) {
    const name = `${model.service.id}.${operation}`;
    for (const [what, body] of fixedVariants(model, operation)) {
      cases.push({ what: `${name} ${what}`, req: restJsonRequest(model, operation, undefined, body), protocol: "restJson" });
    }
    const fuzzer = fuzzerFor(model, name, operation);
    for (let i = 0; i < RANDOM_VARIANTS; i++) {
      const input = fuzzer.input(operation, i % 2 === 1);
      cases.push({ what: `${name} random #${i} ${JSON.stringify(input).slice(0, 300)}`, req: restJsonRequest(model, operation, input), protocol: "restJson" });
    }
    for (const [what, input] of memberVariants(model, operation, fuzzer.input(operation, true))) {
      cases.push({ what: `${name} ${what} on ${JSON.stringify(input).slice(0, 200)}`, req: restJsonRequest(model, operation, input), protocol: "restJson" });
    }
  }
  return cases;
}

/** Fixed hostile forms plus seeded random inputs for each operation of an awsQuery service (SNS, STS, CloudFormation). */
function queryCases(model: ServiceModel): Case[] {
  const cases: Case[] = [];
  const big = "x".repeat(1024 * 1024);
  const service = model.service.signingName ?? model.service.endpointPrefix ?? "";
  const version = model.service.version ?? "";
  const query = (params: Array<[string, string]> | string) => queryRequest(params, service);
  for (const operation of Object.keys(model.operations)) {
    const name = `${model.service.id}.${operation}`;
    const action: Array<[string, string]> = [["Action", operation], ["Version", version]];
    const members = Object.entries(model.shapes[model.operations[operation].input ?? ""]?.members ?? {});
    const variants: Array<[string, Sent]> = [
      ["only Action", query(action)],
      ["bad percent-encoding", query(`Action=${operation}&Version=${version}&Name=%zz%&%%=%`)],
      ["JSON body as form", query(`{"Action":"${operation}"}`)],
      ["wrong-typed members", query([...action, ...members.flatMap(([m]): Array<[string, string]> => [[m, "not-a-list"], [`${m}.member.1`, "1"], [`${m}.entry.1.value`, "no key"]])])],
      ["list index gap and huge index", query([...action, ...members.map(([m]): [string, string] => [`${m}.member.4294967296`, "x"])])],
      ["200-level key", query([...action, [Array.from({ length: 200 }, (_, i) => (i === 0 ? (members[0]?.[0] ?? "A") : "member.1")).join("."), "deep"]])],
      ["1 MB value", query([...action, ...members.slice(0, 1).map(([m]): [string, string] => [m, big])])],
      ["invalid UTF-8", { ...query(""), body: Buffer.concat([Buffer.from(`Action=${operation}&Name=`), Buffer.from([0xff, 0xfe])]) }],
    ];
    for (const [what, req] of variants) cases.push({ what: `${name} ${what}`, req, protocol: "awsQuery" });
    const fuzzer = fuzzerFor(model, name, operation);
    for (let i = 0; i < RANDOM_VARIANTS; i++) {
      const params: Array<[string, string]> = [...action];
      queryForm(model, model.operations[operation].input ?? "", fuzzer.input(operation, i % 2 === 1), "", params);
      cases.push({ what: `${name} random #${i} ${new URLSearchParams(params).toString().slice(0, 300)}`, req: query(params), protocol: "awsQuery" });
    }
  }
  return cases;
}

/**
 * S3: random inputs per operation the sandbox emulates, more than the JSON services' (S3 reads
 * headers and query as much as bodies); an action it does not emulate answers NotImplemented
 * whatever it gets, so a few suffice.
 */
const S3_RANDOM_VARIANTS = 40;
const S3_NOT_EMULATED_VARIANTS = 4;

function s3Cases(): Case[] {
  const cases: Case[] = [];
  const labels = { Bucket: S3_BUCKET, Key: "k" };
  for (const operation of Object.keys(s3Model.operations)) {
    const name = `S3.${operation}`;
    for (const [what, body] of xmlVariants(s3Model, operation)) {
      cases.push({ what: `${name} ${what}`, req: restXmlRequest(s3Model, operation, labels, body), protocol: "restXml" });
    }
    const fuzzer = fuzzerFor(s3Model, name, operation);
    const variants = S3_ACTIONS.includes(operation) ? S3_RANDOM_VARIANTS : S3_NOT_EMULATED_VARIANTS;
    for (let i = 0; i < variants; i++) {
      const input = fuzzer.input(operation, i % 2 === 1);
      cases.push({ what: `${name} random #${i} ${JSON.stringify(input).slice(0, 300)}`, req: restXmlRequest(s3Model, operation, input), protocol: "restXml" });
    }
  }
  return cases;
}

/** Problems with the S3 edge cases: the shape of every answer, and the codes some must be. */
async function runS3Edges(label: string, edges: S3Edge[], inFlight = IN_FLIGHT, withinMs = ANSWER_WITHIN_MS): Promise<string[]> {
  const failures: string[] = [];
  const codes = new Map<Case, string>();
  const cases = edges.map((e) => {
    const c: Case = { what: e.what, req: e.req, protocol: e.notS3 ? "awsJson" : "restXml" };
    if (e.code !== undefined) codes.set(c, e.code);
    return c;
  });
  counts.set(label, (counts.get(label) ?? 0) + cases.length);
  await pool(cases, inFlight, async (c) => {
    const before = crashes.length;
    try {
      const res = await send(sandbox.endpoint, c.req, withinMs * 3);
      const why = problem(c, res, withinMs);
      if (why) failures.push(`${c.what}: ${why}`);
      const expected = codes.get(c);
      const got = res.status < 300 ? "2xx" : (/<Code>([^<]+)/.exec(res.body)?.[1] ?? `HTTP ${res.status}`);
      if (expected !== undefined && got !== expected) failures.push(`${c.what}: expected ${expected}, got ${got}`);
    } catch (error) {
      failures.push(`${c.what}: ${String(error)}`);
    }
    if (crashes.length > before) failures.push(`${c.what}: logged ${crashes.slice(before).join(" | ").slice(0, 300)}`);
  });
  return failures;
}

describe("the edge answers hostile input to every operation with an AWS error, promptly", () => {
  it("DynamoDB (awsJson 1.0)", { timeout: 60_000 }, async () => {
    expect(await run("DynamoDB", awsJsonCases(dynamodbModel))).toEqual([]);
  });

  it("DynamoDB Streams (awsJson 1.0)", { timeout: 60_000 }, async () => {
    expect(await run("DynamoDB Streams", awsJsonCases(dynamodbStreamsModel))).toEqual([]);
  });

  it("Step Functions (awsJson 1.0)", { timeout: 60_000 }, async () => {
    expect(await run("Step Functions", awsJsonCases(sfnModel))).toEqual([]);
  });

  it("CloudWatch Logs (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("CloudWatch Logs", awsJsonCases(logsModel))).toEqual([]);
  });

  it("Cognito user pools (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("Cognito user pools", awsJsonCases(cognitoIdpModel))).toEqual([]);
  });

  it("SNS (awsQuery)", { timeout: 60_000 }, async () => {
    expect(await run("SNS query", queryCases(snsModel))).toEqual([]);
  });

  it("SNS (its JSON form)", { timeout: 60_000 }, async () => {
    expect(await run("SNS JSON", awsJsonCases(snsModel, "AmazonSNS"))).toEqual([]);
  });

  it("SQS (awsJson 1.0)", { timeout: 60_000 }, async () => {
    expect(await run("SQS", awsJsonCases(sqsModel))).toEqual([]);
  });

  it("EventBridge (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("EventBridge", awsJsonCases(eventbridgeModel))).toEqual([]);
  });

  it("Parameter Store (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("Parameter Store", awsJsonCases(ssmModel))).toEqual([]);
  });

  it("Secrets Manager (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("Secrets Manager", awsJsonCases(secretsManagerModel))).toEqual([]);
  });

  it("Cognito identity pools (awsJson 1.1)", { timeout: 60_000 }, async () => {
    expect(await run("Cognito identity pools", awsJsonCases(cognitoIdentityModel))).toEqual([]);
  });

  it("STS and CloudFormation (awsQuery)", { timeout: 60_000 }, async () => {
    expect(await run("STS", queryCases(stsModel))).toEqual([]);
    expect(await run("CloudFormation", queryCases(cloudFormationModel))).toEqual([]);
  });

  it("API Gateway's control plane, v1 and v2 (restJson)", { timeout: 60_000 }, async () => {
    expect(await run("API Gateway", restJsonCases(apiGatewayModel))).toEqual([]);
    expect(await run("API Gateway v2", restJsonCases(apiGatewayV2Model))).toEqual([]);
  });

  it("Lambda (restJson)", { timeout: 60_000 }, async () => {
    const cases = restJsonCases(lambdaModel);
    // The newest routes are the model's too: event source mappings and response streaming.
    const newest = cases.filter((c) => c.req.path.startsWith("/2015-03-31/event-source-mappings") || /^\/2021-11-15\/functions\/[^/]+\/response-streaming-invocations/.test(c.req.path));
    expect(new Set(newest.map((c) => c.what.split(" ")[0])).size).toBe(6);
    expect(await run("Lambda", cases)).toEqual([]);
  });

  it("EventBridge Scheduler (restJson)", { timeout: 60_000 }, async () => {
    expect(await run("Scheduler", restJsonCases(schedulerModel))).toEqual([]);
  });

  it("X-Ray (restJson)", { timeout: 60_000 }, async () => {
    expect(await run("X-Ray", restJsonCases(xrayModel))).toEqual([]);
  });

  it("S3 (restXml)", { timeout: 60_000 }, async () => {
    expect(await run("S3", s3Cases())).toEqual([]);
  });

  it("S3: keys, bucket names, ranges, conditions, presigned URLs, virtual hosts, aws-chunked bodies", { timeout: 60_000 }, async () => {
    expect(await runS3Edges("S3 edges", s3EdgeCases(S3_BUCKET))).toEqual([]);
    // A form upload stored headers HTTP cannot carry as they are: reading them back is still an answer.
    const readBack = ["GET", "HEAD"].map((method) => s3Edge(`${method} what a form stored`, s3Request(method, `/${S3_BUCKET}/form-headers`), "2xx"));
    expect(await runS3Edges("S3 edges", readBack)).toEqual([]);
  });
});

describe("the edge answers malformed requests with an AWS error", () => {
  const huge = (mb: number) => `{"TableName":"${"x".repeat(mb * 1024 * 1024)}"}`;

  it("unknown targets, paths and services", async () => {
    const cases: Case[] = [
      { what: "unknown DynamoDB target", req: awsJsonRequest(dynamodbModel, "DropEverything", "{}"), protocol: "awsJson" },
      { what: "unknown Step Functions target", req: awsJsonRequest(sfnModel, "DropEverything", "{}"), protocol: "awsJson" },
      { what: "unknown Logs target", req: awsJsonRequest(logsModel, "DropEverything", "{}"), protocol: "awsJson" },
      { what: "unknown Streams target", req: awsJsonRequest(dynamodbStreamsModel, "DropEverything", "{}"), protocol: "awsJson" },
      { what: "unknown target prefix", req: awsJsonRequest(dynamodbModel, "PutItem", "{}", "NoSuchService_20990101"), protocol: "awsJson" },
      { what: "target without a dot", req: { ...awsJsonRequest(dynamodbModel, "", "{}"), headers: { "x-amz-target": "PutItem" } }, protocol: "awsJson" },
      { what: "unknown SNS action", req: queryRequest([["Action", "DropEverything"]]), protocol: "awsQuery" },
      { what: "SNS without Action", req: queryRequest(""), protocol: "awsQuery" },
      { what: "unknown Lambda path", req: restJsonRequest(lambdaModel, "ListFunctions", {}, ""), protocol: "restJson" },
      { what: "unknown X-Ray path", req: { method: "POST", path: "/NoSuchXRayThing", headers: { authorization: sigv4("xray") }, body: "{}" }, protocol: "restJson" },
      { what: "unknown signing name", req: { method: "POST", path: "/", headers: { authorization: sigv4("nosuchservice") }, body: "{}" }, protocol: "awsJson" },
      { what: "unknown path, no signature", req: { method: "POST", path: "/no/such/path", headers: {}, body: "" }, protocol: "awsJson" },
    ];
    cases[8].req = { ...cases[8].req, path: "/2015-03-31/nothing-here" };
    // Names every JavaScript object has must not reach an action table's prototype.
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      for (const model of [dynamodbModel, dynamodbStreamsModel, sfnModel, logsModel]) {
        cases.push({ what: `${model.service.id}.${name}`, req: awsJsonRequest(model, name, "{}"), protocol: "awsJson" });
      }
      cases.push({ what: `AmazonSNS.${name}`, req: awsJsonRequest(snsModel, name, "{}", "AmazonSNS"), protocol: "awsJson" });
      cases.push({ what: `SNS Action=${name}`, req: queryRequest([["Action", name]]), protocol: "awsQuery" });
      cases.push({ what: `X-Ray /${name}`, req: { method: "POST", path: `/${name}`, headers: { authorization: sigv4("xray") }, body: "{}" }, protocol: "restJson" });
    }
    expect(await run("malformed", cases)).toEqual([]);
  });

  it("no headers at all, a bad SigV4 header, other methods on the awsJson endpoint", async () => {
    const cases: Case[] = [
      { what: "no headers, empty body", req: { method: "POST", path: "/", headers: {}, body: "" }, protocol: "awsJson" },
      { what: "no headers, JSON body", req: { method: "POST", path: "/", headers: {}, body: "{}" }, protocol: "awsJson" },
      { what: "bad SigV4 header", req: { ...awsJsonRequest(dynamodbModel, "ListTables", "{}"), headers: { authorization: "AWS4-HMAC-SHA256 Credential=garbage", "x-amz-target": "DynamoDB_20120810.ListTables" } }, protocol: "awsJson" },
      // Only S3 signs with SigV2 (`s3cmd --signature-v2`): S3 answers, in its XML.
      { what: "SigV2-style header", req: { method: "POST", path: "/", headers: { authorization: "AWS AKID:sig" }, body: "Action=ListTopics" }, protocol: "restXml" },
      ...["GET", "PUT", "DELETE", "PATCH", "HEAD"].map((method): Case => ({
        what: `${method} with a DynamoDB target`,
        req: { ...awsJsonRequest(dynamodbModel, "ListTables", method === "GET" || method === "HEAD" ? "" : "{}"), method },
        protocol: "awsJson",
      })),
    ];
    const failures = await run("malformed", cases);
    // A HEAD answer has no body, so its error cannot carry the error body or its __type.
    expect(failures.filter((f) => !(f.startsWith("HEAD") && (f.includes("error body") || f.includes("no __type"))))).toEqual([]);
  });

  it("bodies of 6 MB and 20 MB to each protocol", { timeout: 60_000 }, async () => {
    const cases: Case[] = [];
    const mb = 6;
    cases.push(
      { what: `${mb} MB to DynamoDB`, req: awsJsonRequest(dynamodbModel, "PutItem", huge(mb)), protocol: "awsJson" },
      { what: `${mb} MB to Step Functions`, req: awsJsonRequest(sfnModel, "StartExecution", huge(mb)), protocol: "awsJson" },
      { what: `${mb} MB to Logs`, req: awsJsonRequest(logsModel, "PutLogEvents", huge(mb)), protocol: "awsJson" },
      { what: `${mb} MB to SNS`, req: queryRequest([["Action", "Publish"], ["TopicArn", "arn:aws:sns:us-east-1:000000000000:t"], ["Message", "x".repeat(mb * 1024 * 1024)]]), protocol: "awsQuery" },
      { what: `${mb} MB to Lambda Invoke`, req: restJsonRequest(lambdaModel, "Invoke", { FunctionName: sandbox.app.functions[0].functionName }, huge(mb)), protocol: "restJson" },
      { what: `${mb} MB to Lambda CreateFunction`, req: restJsonRequest(lambdaModel, "CreateFunction", undefined, huge(mb)), protocol: "restJson" },
      { what: `${mb} MB to X-Ray`, req: restJsonRequest(xrayModel, "PutTraceSegments", undefined, huge(mb)), protocol: "restJson" },
      // 20 MB once per protocol.
      { what: "20 MB to DynamoDB", req: awsJsonRequest(dynamodbModel, "PutItem", huge(20)), protocol: "awsJson" },
      { what: "20 MB to SNS", req: queryRequest([["Action", "Publish"], ["TopicArn", "arn:aws:sns:us-east-1:000000000000:t"], ["Message", "x".repeat(20 * 1024 * 1024)]]), protocol: "awsQuery" },
      { what: "20 MB to Lambda Invoke", req: restJsonRequest(lambdaModel, "Invoke", { FunctionName: sandbox.app.functions[0].functionName }, huge(20)), protocol: "restJson" },
    );
    // One at a time: the client shares this process, and its own copying must not count against the answer.
    expect(await run("huge", cases, 1, HUGE_ANSWER_WITHIN_MS)).toEqual([]);
  });
});

/** Bytes written straight to the edge port; the first answer's status and body, or why none came. */
function rawExchange(data: string, halfClose: boolean, timeoutMs: number): Promise<{ status: number; body: string; raw: string }> {
  const { port } = new URL(sandbox.endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    let raw = "";
    const finish = () => {
      socket.destroy();
      clearTimeout(timer);
      const head = /^HTTP\/1\.1 (\d{3})/.exec(raw);
      const at = raw.indexOf("\r\n\r\n");
      resolve({ status: head ? Number(head[1]) : 0, body: at < 0 ? "" : raw.slice(at + 4), raw });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (c: Buffer) => {
      raw += c.toString("utf8");
      const at = raw.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(raw)?.[1];
      if (at >= 0 && length !== undefined && raw.length - at - 4 >= Number(length)) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(data, () => {
      if (halfClose) socket.end();
    });
  });
}

describe("S3 bodies that do not match their framing", () => {
  const head = (method: string, path: string, extra: string) =>
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${sigv4("s3")}\r\n${extra}\r\n`;

  it("a Content-Length shorter than the body: the rest is a malformed next request, refused at once", async () => {
    const res = await rawExchange(`${head("PUT", `/${S3_BUCKET}/short`, "Content-Length: 3\r\n")}abcdef`, false, ANSWER_WITHIN_MS);
    // node's parser refuses "def" (400, connection closed) before the first request's answer is written.
    expect([200, 400], res.raw.slice(0, 300)).toContain(res.status);
  });

  it("a Content-Length that is not a number, or both Content-Length and chunked framing: 400", async () => {
    for (const extra of ["Content-Length: abc\r\n", "Content-Length: -1\r\n", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked\r\n"]) {
      const res = await rawExchange(`${head("PUT", `/${S3_BUCKET}/framing`, extra)}zz\r\nabc\r\n`, true, ANSWER_WITHIN_MS);
      expect(res.status, `${extra}: ${res.raw.slice(0, 300)}`).toBe(400);
    }
  });

  it("a Content-Length longer than the body, then the client hangs up: no answer, no internal error", async () => {
    const before = crashes.length;
    const res = await rawExchange(`${head("PUT", `/${S3_BUCKET}/long`, "Content-Length: 1000\r\n")}abc`, true, ANSWER_WITHIN_MS);
    expect(res.status === 0 || res.status < 500, res.raw.slice(0, 300)).toBe(true);
    expect(crashes.slice(before)).toEqual([]);
    // Nothing was stored from the cut-off body.
    const got = await send(sandbox.endpoint, s3Request("GET", `/${S3_BUCKET}/long`), ANSWER_WITHIN_MS);
    expect(got.status).toBe(404);
  });

  it("huge bodies: a 20 MB object, 6 MB of one repeated XML element, 20 MB of 1-byte aws-chunked chunks", { timeout: 30_000 }, async () => {
    const edges = [
      s3Edge("PUT 20 MB object", s3Request("PUT", `/${S3_BUCKET}/big`, {}, Buffer.alloc(20 * 1024 * 1024, 120)), "2xx"),
      s3Edge("PUT 6 MB tagging XML", s3Request("PUT", `/${S3_BUCKET}/k?tagging`, {}, `<Tagging><TagSet>${"<Tag><Key>k</Key><Value>v</Value></Tag>".repeat(160_000)}</TagSet></Tagging>`)),
      s3Edge("POST 6 MB delete XML", s3Request("POST", `/${S3_BUCKET}?delete`, {}, `<Delete>${"<Object><Key>nothing</Key></Object>".repeat(180_000)}</Delete>`), "MalformedXML"),
      s3Edge("POST 6 MB CompleteMultipartUpload XML", s3Request("POST", `/${S3_BUCKET}/mp?uploadId=nope`, {}, `<CompleteMultipartUpload>${"<Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>".repeat(120_000)}</CompleteMultipartUpload>`)),
      s3Edge("PUT 20 MB aws-chunked in 1-byte chunks", s3Request("PUT", `/${S3_BUCKET}/chunky`, { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length": "3000000" }, `${"1\r\nx\r\n".repeat(3_000_000)}0\r\n\r\n`), "2xx"),
    ];
    expect(await runS3Edges("S3 huge", edges, 1, HUGE_ANSWER_WITHIN_MS)).toEqual([]);
  });
});

describe("Step Functions' HTTP Task, aws-sdk:s3/lambda/xray integrations and Distributed Map with hostile definitions", () => {
  const sfn = async (operation: string, input: Record<string, unknown>) => {
    const res = await send(sandbox.endpoint, awsJsonRequest(sfnModel, operation, JSON.stringify(input)), 10_000);
    return { status: res.status, body: JSON.parse(res.body === "" ? "{}" : res.body) as Record<string, unknown> };
  };
  const distributed = (map: Record<string, unknown>) => ({
    StartAt: "M",
    States: { M: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true, ...map } },
  });
  let CLOSED_PORT = 0;
  const task = (Resource: string, Parameters: unknown) => ({ StartAt: "T", States: { T: { Type: "Task", Resource, Parameters, End: true } } });
  const getObject = (ReaderConfig: unknown, Parameters: unknown = { Bucket: S3_BUCKET, Key: "hostile.csv" }) => distributed({ ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig, Parameters } });
  /** Definition → the errors its execution may fail with (SUCCEEDED when `mayPass`). */
  const definitions = (): Array<[string, unknown, RegExp, boolean?]> => [
    ["ItemReader on a missing bucket", getObject({ InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, { Bucket: "no-such-bucket-robustness", Key: "x.csv" }), /^States\.ItemReaderFailed$/],
    ["ItemReader on a missing key", getObject({ InputType: "JSON" }, { Bucket: S3_BUCKET, Key: "missing.json" }), /^States\.ItemReaderFailed$/],
    ["ItemReader with an invalid bucket name and a 2 KB key", getObject({ InputType: "JSON" }, { Bucket: "UPPER_case", Key: "k".repeat(2000) }), /^States\.ItemReaderFailed$/],
    ["ItemReader with typed garbage parameters", getObject({ InputType: "JSON" }, { Bucket: 42, Key: { nested: [1] }, Range: "bytes=zz" }), /^States\.ItemReaderFailed$/],
    ["ItemReader CSV with duplicate headers", getObject({ InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }), /^States\.ItemReaderFailed$/],
    ["ItemReader malformed CSV (unterminated quote, stray backslashes)", getObject({ InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: ["a", "b"], CSVDelimiter: "PIPE" }), /^States\./, true],
    ["ItemReader CSV with garbage headers config", getObject({ InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: "not-a-list", CSVDelimiter: "NUL" }), /^States\./, true],
    ["ItemReader JSON that is CSV", getObject({ InputType: "JSON" }), /^States\.ItemReaderFailed$/],
    ["ItemReader JSONL that is CSV", getObject({ InputType: "JSONL" }), /^States\.ItemReaderFailed$/],
    ["ItemReader MANIFEST that is CSV", getObject({ InputType: "MANIFEST" }), /^States\.ItemReaderFailed$/],
    ["ItemReader JSON ItemsPointer to nowhere", getObject({ InputType: "JSON", ItemsPointer: "/~9/../x" }, { Bucket: S3_BUCKET, Key: "hostile.json" }), /^States\.ItemReaderFailed$/],
    ["ItemReader listObjectsV2 on a missing bucket, LOAD_AND_FLATTEN", distributed({ ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", ReaderConfig: { InputType: "CSV", Transformation: "LOAD_AND_FLATTEN" }, Parameters: { Bucket: "no-such-bucket-robustness" } } }), /^States\.ItemReaderFailed$/],
    ["ItemReader listObjectsV2 with garbage paging", distributed({ ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: S3_BUCKET, MaxKeys: -1, ContinuationToken: "%zz" } } }), /^States\.ItemReaderFailed$/],
    ["ResultWriter to a missing bucket", distributed({ ItemsPath: "$.items", ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "no-such-bucket-robustness", Prefix: "out" } } }), /^States\.ResultWriterFailed$/],
    ["ResultWriter with a 2 KB prefix", distributed({ ItemsPath: "$.items", ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: S3_BUCKET, Prefix: "p".repeat(2000) } } }), /^States\.ResultWriterFailed$/],
    ["http:invoke to a closed port", task("arn:aws:states:::http:invoke", { ApiEndpoint: `http://127.0.0.1:${CLOSED_PORT}/x`, Method: "GET", Authentication: { ConnectionArn: "arn:aws:events:us-east-1:000000000000:connection/c/1" } }), /^States\./],
    ["http:invoke to a URL that is not http", task("arn:aws:states:::http:invoke", { ApiEndpoint: "file:///etc/passwd", Method: "GET", Authentication: { ConnectionArn: "arn:aws:events:us-east-1:000000000000:connection/c/1" } }), /^States\./],
    ["http:invoke to no URL at all", task("arn:aws:states:::http:invoke", { ApiEndpoint: "::::", Method: "BREW", Headers: { "X-Amz-Evil": "1" }, Authentication: { ConnectionArn: "arn:aws:events:us-east-1:000000000000:connection/c/1" } }), /^States\./],
    ["http:invoke with typed garbage", task("arn:aws:states:::http:invoke", { ApiEndpoint: 42, Method: ["GET"], Headers: "h", QueryParameters: 7, Transform: "x", RequestBody: { a: [1] } }), /^States\./],
    ["aws-sdk:s3:getObject on a missing bucket", task("arn:aws:states:::aws-sdk:s3:getObject", { Bucket: "no-such-bucket-robustness", Key: "k" }), /^(States\.|S3\.)/],
    ["aws-sdk:s3:putObject with a 2 KB key", task("arn:aws:states:::aws-sdk:s3:putObject", { Bucket: S3_BUCKET, Key: "k".repeat(2000), Body: "x" }), /^(States\.|S3\.)/],
    ["aws-sdk:s3:deleteObject with an empty Key (no DeleteBucket)", task("arn:aws:states:::aws-sdk:s3:deleteObject", { Bucket: S3_BUCKET, Key: "" }), /^States\.TaskFailed$/],
    ["aws-sdk:s3:getObject without a Key (no ListObjects)", task("arn:aws:states:::aws-sdk:s3:getObject", { Bucket: S3_BUCKET }), /^States\.TaskFailed$/],
    ["aws-sdk:s3:putObjectRetention with a date that is none", task("arn:aws:states:::aws-sdk:s3:putObjectRetention", { Bucket: S3_BUCKET, Key: "k", Retention: { Mode: "GOVERNANCE", RetainUntilDate: "not a date" } }), /^(States\.|S3\.)/],
    ["aws-sdk:s3:listObjectsV2 with typed garbage", task("arn:aws:states:::aws-sdk:s3:listObjectsV2", { Bucket: { a: 1 }, MaxKeys: "many", Prefix: ["x"] }), /^(States\.|S3\.)/],
    ["aws-sdk:lambda:invoke of a missing function", task("arn:aws:states:::aws-sdk:lambda:invoke", { FunctionName: "../../nope", Payload: "{" }), /^(States\.|Lambda\.)/],
    ["aws-sdk:lambda:createEventSourceMapping with garbage", task("arn:aws:states:::aws-sdk:lambda:createEventSourceMapping", { FunctionName: 7, EventSourceArn: "arn:garbage", BatchSize: -1 }), /^(States\.|Lambda\.)/],
    ["aws-sdk:xray:putTraceSegments with garbage", task("arn:aws:states:::aws-sdk:xray:putTraceSegments", { TraceSegmentDocuments: ["{", 42] }), /^(States\.|XRay\.)/, true],
    ["aws-sdk:xray:getTraceSummaries with garbage times", task("arn:aws:states:::aws-sdk:xray:getTraceSummaries", { StartTime: "yesterday", EndTime: { a: 1 } }), /^(States\.|XRay\.)/, true],
  ];

  it("each execution ends FAILED with a States.* (or the service's) error; nothing is logged as internal", { timeout: 60_000 }, async () => {
    // A port that was just free: nothing listens there (port 1 would be refused by fetch itself as a "bad port").
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    CLOSED_PORT = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const put = (key: string, body: string) => send(sandbox.endpoint, s3Request("PUT", `/${S3_BUCKET}/${key}`, {}, body), 10_000);
    await put("hostile.csv", 'a,a,"b\n1,\\2,"unterminated\n\\\n"x""y",|||\r\n\r\n');
    await put("hostile.json", '{"items": [1, 2]}');
    const before = crashes.length;
    const failures: string[] = [];
    const roleArn = "arn:aws:iam::000000000000:role/robustness";
    const started: Array<[string, string, RegExp, boolean]> = [];
    const CASES = definitions();
    for (const [i, [what, definition, expected, mayPass]] of CASES.entries()) {
      const created = await sfn("CreateStateMachine", { name: `hostile-${i}`, definition: JSON.stringify(definition), roleArn });
      if (created.status !== 200) {
        failures.push(`${what}: CreateStateMachine ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
        continue;
      }
      const execution = await sfn("StartExecution", { stateMachineArn: created.body.stateMachineArn, input: JSON.stringify({ items: [1, 2] }) });
      started.push([what, String(execution.body.executionArn), expected, mayPass ?? false]);
    }
    for (const [what, executionArn, expected, mayPass] of started) {
      let described: Record<string, unknown> = {};
      for (let attempt = 0; attempt < 200; attempt++) {
        described = (await sfn("DescribeExecution", { executionArn })).body;
        if (described.status !== "RUNNING") break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const error = String(described.error ?? "");
      if (described.status === "SUCCEEDED" && mayPass) continue;
      if (process.env.FUZZ_REPORT) appendFileSync(process.env.FUZZ_REPORT, `# ${what}: ${String(described.status)} ${error} ${String(described.cause ?? "").slice(0, 300)}\n`);
      if (described.status !== "FAILED" || !expected.test(error)) failures.push(`${what}: ${String(described.status)} ${error} ${String(described.cause ?? "").slice(0, 200)}`);
    }
    counts.set("Step Functions hostile definitions", CASES.length);
    expect(failures).toEqual([]);
    expect(crashes.slice(before)).toEqual([]);
  });
});

describe("a client that stalls", () => {
  it("does not hold up anyone else: a half-sent body waits alone", async () => {
    const { port } = new URL(sandbox.endpoint);
    const stalled = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => stalled.once("connect", () => resolve()));
    stalled.write("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Lim");
    try {
      const res = await send(sandbox.endpoint, awsJsonRequest(dynamodbModel, "ListTables", "{}"), ANSWER_WITHIN_MS);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      stalled.destroy();
    }
  });
});

describe("after all of it", () => {
  it("the sandbox still serves the web-app API and DynamoDB", async () => {
    const created = await fetch(`${sandbox.apiUrl}/todos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "still here" }) });
    expect(created.status).toBe(201);
    const todo = (await created.json()) as { id: string };
    const read = await fetch(`${sandbox.apiUrl}/todos/${todo.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe("still here");

    const dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    try {
      const TableName = sandbox.app.tables.map((t) => String(t.createTableInput.TableName))[0];
      await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: "robust" }, status: { S: "open" }, createdAt: { S: "now" } } }));
      const got = await dynamodb.send(new GetItemCommand({ TableName, Key: { id: { S: "robust" } } }));
      expect(got.Item?.status).toEqual({ S: "open" });
    } finally {
      dynamodb.destroy();
    }
    expect(crashes).toEqual([]);
  });
});
