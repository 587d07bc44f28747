// DESIGN.md rule 4, proven on the edge port: every operation of every emulated service's
// model gets hostile and random input (seeded, so every run sends the same requests), and
// each answer must be a prompt, AWS-shaped client error or a success, never a 5xx or a hang.
// Afterwards the sandbox must still serve the app's API and DynamoDB.
import { appendFileSync } from "node:fs";
import { connect } from "node:net";
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
import { snsModel } from "../packages/sns/src/generated/sns.js";
import { sfnModel } from "../packages/stepfunctions/src/generated/sfn.js";
import { xrayModel } from "../packages/xray/src/generated/xray.js";
import {
  Rng, ShapeFuzzer, closeAgent, fixedVariants, pool, queryForm, seedOf, send, sigv4,
  type Received, type Sent,
} from "./helpers/fuzz.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Random inputs per operation, on top of the fixed hostile ones. */
const RANDOM_VARIANTS = 20;
/** An answer slower than this is a failure (a hang, or work proportional to garbage). */
const ANSWER_WITHIN_MS = 2_000;
/** A 20 MB body takes its time to arrive and to parse; still no hang. */
const HUGE_ANSWER_WITHIN_MS = 5_000;
const IN_FLIGHT = 4;

type Protocol = "awsJson" | "restJson" | "awsQuery";

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
});

function fuzzerFor(model: ServiceModel, name: string, operation: string): ShapeFuzzer {
  return new ShapeFuzzer(model, new Rng(seedOf(name)), HARMLESS.test(operation) ? known.get(model) : {});
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

function queryRequest(params: Array<[string, string]> | string): Sent {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: sigv4("sns") },
    body: typeof params === "string" ? params : new URLSearchParams(params).toString(),
  };
}

function text(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Why an answer breaks the rule, or undefined when it is a prompt success or a well-formed client error. */
function problem(c: Case, res: Received, withinMs: number): string | undefined {
  if (res.status >= 500) return `HTTP ${res.status} ${res.body.slice(0, 200)}`;
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
  // AWS's framework answers these two bare: a body it cannot parse, an unknown target.
  if (message === undefined && /(SerializationException|UnknownOperationException)$/.test(fields.__type)) return undefined;
  if (typeof message !== "string") return `no message: ${res.body.slice(0, 200)}`;
  return undefined;
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
  }
  return cases;
}

function snsQueryCases(): Case[] {
  const cases: Case[] = [];
  const big = "x".repeat(1024 * 1024);
  for (const operation of Object.keys(snsModel.operations)) {
    const name = `SNS.${operation}`;
    const action: Array<[string, string]> = [["Action", operation], ["Version", "2010-03-31"]];
    const members = Object.entries(snsModel.shapes[snsModel.operations[operation].input ?? ""]?.members ?? {});
    const variants: Array<[string, Sent]> = [
      ["only Action", queryRequest(action)],
      ["bad percent-encoding", queryRequest(`Action=${operation}&Version=2010-03-31&Name=%zz%&%%=%`)],
      ["JSON body as form", queryRequest(`{"Action":"${operation}"}`)],
      ["wrong-typed members", queryRequest([...action, ...members.flatMap(([m]): Array<[string, string]> => [[m, "not-a-list"], [`${m}.member.1`, "1"], [`${m}.entry.1.value`, "no key"]])])],
      ["list index gap and huge index", queryRequest([...action, ...members.map(([m]): [string, string] => [`${m}.member.4294967296`, "x"])])],
      ["200-level key", queryRequest([...action, [Array.from({ length: 200 }, (_, i) => (i === 0 ? (members[0]?.[0] ?? "A") : "member.1")).join("."), "deep"]])],
      ["1 MB value", queryRequest([...action, ...members.slice(0, 1).map(([m]): [string, string] => [m, big])])],
      ["invalid UTF-8", { ...queryRequest(""), body: Buffer.concat([Buffer.from(`Action=${operation}&Name=`), Buffer.from([0xff, 0xfe])]) }],
    ];
    for (const [what, req] of variants) cases.push({ what: `${name} ${what}`, req, protocol: "awsQuery" });
    const fuzzer = fuzzerFor(snsModel, name, operation);
    for (let i = 0; i < RANDOM_VARIANTS; i++) {
      const params: Array<[string, string]> = [...action];
      queryForm(snsModel, snsModel.operations[operation].input ?? "", fuzzer.input(operation, i % 2 === 1), "", params);
      cases.push({ what: `${name} random #${i} ${new URLSearchParams(params).toString().slice(0, 300)}`, req: queryRequest(params), protocol: "awsQuery" });
    }
  }
  return cases;
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

  it("SNS (awsQuery)", { timeout: 60_000 }, async () => {
    expect(await run("SNS query", snsQueryCases())).toEqual([]);
  });

  it("SNS (its JSON form)", { timeout: 60_000 }, async () => {
    expect(await run("SNS JSON", awsJsonCases(snsModel, "AmazonSNS"))).toEqual([]);
  });

  it("Lambda (restJson)", { timeout: 60_000 }, async () => {
    expect(await run("Lambda", restJsonCases(lambdaModel))).toEqual([]);
  });

  it("X-Ray (restJson)", { timeout: 60_000 }, async () => {
    expect(await run("X-Ray", restJsonCases(xrayModel))).toEqual([]);
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
      { what: "SigV2-style header", req: { method: "POST", path: "/", headers: { authorization: "AWS AKID:sig" }, body: "Action=ListTopics" }, protocol: "awsJson" },
      ...["GET", "PUT", "DELETE", "PATCH", "HEAD"].map((method): Case => ({
        what: `${method} with a DynamoDB target`,
        req: { ...awsJsonRequest(dynamodbModel, "ListTables", method === "GET" || method === "HEAD" ? "" : "{}"), method },
        protocol: "awsJson",
      })),
    ];
    const failures = await run("malformed", cases);
    expect(failures.filter((f) => !(f.startsWith("HEAD") && f.includes("error body")))).toEqual([]);
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
