/**
 * Behaviours localstack's EventBridge suite (tests/aws/services/events/test_events.py,
 * test_events_inputs.py, test_events_targets.py and their .snapshot.json) recorded or
 * validated against AWS, found different in the sandbox when the suite was run against it.
 */
import {
  CreateApiDestinationCommand, CreateConnectionCommand, CreateEventBusCommand, DeleteApiDestinationCommand, DescribeEndpointCommand, DeleteConnectionCommand,
  DescribeApiDestinationCommand, DescribeConnectionCommand, ListApiDestinationsCommand, ListConnectionsCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand,
  UpdateApiDestinationCommand, UpdateConnectionCommand,
} from "@aws-sdk/client-eventbridge";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, silentLogger } from "@sam-sandbox/core";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startEventBridge, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());
beforeEach(() => {
  h.dispatcher.calls.length = 0;
});

const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string });
const SOURCE = "core.update-account-command";
const DETAIL = { command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } };

/** A rule on a bus of its own with one target; returns the EventId of one event put on it. */
async function deliver(name: string, target: Record<string, unknown>): Promise<string> {
  await h.client.send(new CreateEventBusCommand({ Name: name }));
  await h.client.send(new PutRuleCommand({ Name: name, EventBusName: name, EventPattern: JSON.stringify({ source: [SOURCE] }) }));
  await h.client.send(new PutTargetsCommand({ Rule: name, EventBusName: name, Targets: [{ Id: "t", ...target } as never] }));
  const out = await h.client.send(new PutEventsCommand({ Entries: [{ EventBusName: name, Source: SOURCE, DetailType: SOURCE, Detail: JSON.stringify(DETAIL) }] }));
  return out.Entries?.[0]?.EventId ?? "";
}

describe("PutRule ScheduleExpression", () => {
  // localstack test_events.py test_put_rule_invalid_rate_schedule_expression["rate( 10 minutes )"], @aws_validated
  it("refuses blanks inside rate's parentheses", async () => {
    const error = await reject(h.client.send(new PutRuleCommand({ Name: "blank-rate", ScheduleExpression: "rate( 10 minutes )" })));
    expect(error).toMatchObject({ name: "ValidationException", message: "Parameter ScheduleExpression is not valid." });
  });
});

describe("InputTransformer", () => {
  // localstack test_events_inputs.snapshot.json test_put_events_with_input_transformer_input_template_json ("custom-variables-not-match-all"), recorded on AWS
  it("puts \"\" for an unquoted variable whose path finds nothing in a JSON template", async () => {
    const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:transformed`;
    await deliver("transformer-missing", {
      Arn: queue,
      InputTransformer: {
        InputPathsMap: { "detail-type": "$.detail-type", timestamp: "$.time", command: "$.detail.notinmessage" },
        InputTemplate: '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}',
      },
    });
    await until(() => h.dispatcher.calls.length === 1);
    const body = JSON.parse(String(h.dispatcher.calls[0]?.input.MessageBody)) as Record<string, unknown>;
    expect(body).toEqual({ detailType: SOURCE, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown, command: "" });
  });
});

describe("Step Functions targets", () => {
  // localstack test_events_targets.py test_put_events_with_target_statefunction_machine, @aws_validated: the executions are found by the EventId they start with
  it("names the execution after the event's id", async () => {
    const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:by-event`;
    const eventId = await deliver("sfn-name", { Arn: machine, RoleArn: `arn:aws:iam::${ACCOUNT}:role/events` });
    await until(() => h.dispatcher.calls.length === 1);
    const call = h.dispatcher.calls[0];
    expect(call).toMatchObject({ service: "states", action: "StartExecution", input: { stateMachineArn: machine } });
    expect(String(call?.input.name)).toMatch(new RegExp(`^${eventId}_[0-9a-f-]{36}$`));
    expect(JSON.parse(String(call?.input.input))).toMatchObject({ id: eventId, detail: DETAIL });
  });
});

describe("CloudWatch Logs targets", () => {
  // localstack test_events_targets.snapshot.json test_put_events_with_target_cloudwatch_logs, recorded on AWS: the event is a log event of the group
  it("writes the event into the log group, in a stream named by the event's id", async () => {
    const group = "/aws/events/audit";
    const eventId = await deliver("to-logs", { Arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:*` });
    await until(() => h.dispatcher.calls.length === 2);
    const [create, put] = h.dispatcher.calls;
    expect(create).toEqual({ service: "logs", action: "CreateLogStream", input: { logGroupName: group, logStreamName: eventId } });
    expect(put).toMatchObject({ service: "logs", action: "PutLogEvents", input: { logGroupName: group, logStreamName: eventId } });
    const [logEvent] = put?.input.logEvents as { timestamp: number; message: string }[];
    expect(logEvent?.timestamp).toBe(h.clock.now());
    expect(JSON.parse(logEvent?.message ?? "")).toMatchObject({ version: "0", id: eventId, "detail-type": SOURCE, source: SOURCE, account: ACCOUNT, region: REGION, resources: [], detail: DETAIL });
  });
});

describe("actions the sandbox does not emulate", () => {
  // localstack test_events.snapshot.json test_create_connection_validations, recorded on AWS
  it("answer a malformed request with AWS's ValidationException before anything else", async () => {
    const name = "This should fail with two errors 123467890123412341234123412341234";
    const error = await reject(
      h.client.send(new CreateConnectionCommand({ Name: name, AuthorizationType: "INVALID" as never, AuthParameters: { BasicAuthParameters: { Username: "user", Password: "pass" } } })),
    );
    expect(error).toMatchObject({
      name: "ValidationException",
      message:
        `3 validation errors detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; ` +
        `Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; ` +
        "Value 'INVALID' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
    });
  });

  // localstack test_api_destinations_and_connection.snapshot.json test_create_api_destination_invalid_parameters, recorded on AWS
  it("print the connection ARN pattern with its anchors and the HTTP methods in AWS's order", async () => {
    const error = await reject(
      h.client.send(new CreateApiDestinationCommand({ Name: "d", ConnectionArn: "invalid-connection-arn", InvocationEndpoint: "https://example.com/api", HttpMethod: "INVALID_METHOD" as never })),
    );
    expect(error).toMatchObject({
      name: "ValidationException",
      message:
        "2 validation errors detected: Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$; " +
        "Value 'INVALID_METHOD' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]",
    });
  });

  it("say so once the request is well formed", async () => {
    const error = await reject(h.client.send(new DescribeEndpointCommand({ Name: "ok" })));
    expect(error).toMatchObject({ name: "UnknownOperationException", message: "The sandbox does not emulate the EventBridge action DescribeEndpoint." });
  });
});

// localstack test_api_destinations_and_connection.snapshot.json, recorded on AWS
describe("connections", () => {
  const basic = { BasicAuthParameters: { Username: "user", Password: "pass" }, InvocationHttpParameters: {} };
  const secretCall = (action: string) => h.dispatcher.calls.filter((c) => c.service === "secretsmanager" && c.action === action);

  it("creates a connection whose credentials go to a secret, and describes it without them", async () => {
    const created = await h.client.send(new CreateConnectionCommand({ Name: "conn-basic", AuthorizationType: "BASIC", AuthParameters: basic }));
    expect(created.ConnectionArn).toMatch(new RegExp(`^arn:aws:events:${REGION}:${ACCOUNT}:connection/conn-basic/[0-9a-f-]{36}$`));
    expect(created).toMatchObject({ ConnectionState: "AUTHORIZED", CreationTime: new Date(h.clock.now()), LastModifiedTime: new Date(h.clock.now()) });
    const [create] = secretCall("CreateSecret");
    expect(String(create?.input.Name)).toMatch(/^events!connection\/conn-basic\/[0-9a-f-]{36}$/);
    expect(JSON.parse(String(create?.input.SecretString))).toEqual({ username: "user", password: "pass", invocation_http_parameters: {} });
    const described = await h.client.send(new DescribeConnectionCommand({ Name: "conn-basic" }));
    expect(described).toMatchObject({
      AuthParameters: { BasicAuthParameters: { Username: "user" }, InvocationHttpParameters: {} },
      AuthorizationType: "BASIC", ConnectionArn: created.ConnectionArn, ConnectionState: "AUTHORIZED", Name: "conn-basic",
      SecretArn: expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection\/conn-basic\/[0-9a-f-]{36}-\w{6}$/) as unknown,
    });
    const listed = await h.client.send(new ListConnectionsCommand({ NamePrefix: "conn-basic" }));
    expect(listed.Connections?.map((c) => Object.keys(c).sort())).toEqual([["AuthorizationType", "ConnectionArn", "ConnectionState", "CreationTime", "LastAuthorizedTime", "LastModifiedTime", "Name"]]);
  });

  it("keeps an OAuth connection AUTHORIZING and its API destinations INACTIVE", async () => {
    const oauth = { OAuthParameters: { AuthorizationEndpoint: "https://example.com/oauth", ClientParameters: { ClientID: "client_id", ClientSecret: "client_secret" }, HttpMethod: "POST" as const } };
    const created = await h.client.send(new CreateConnectionCommand({ Name: "conn-oauth", AuthorizationType: "OAUTH_CLIENT_CREDENTIALS", AuthParameters: oauth }));
    expect(created.ConnectionState).toBe("AUTHORIZING");
    expect((await h.client.send(new DescribeConnectionCommand({ Name: "conn-oauth" }))).AuthParameters).toEqual({
      OAuthParameters: { AuthorizationEndpoint: "https://example.com/oauth", ClientParameters: { ClientID: "client_id" }, HttpMethod: "POST" },
    });
    const destination = await h.client.send(new CreateApiDestinationCommand({ Name: "dest-oauth", ConnectionArn: created.ConnectionArn, InvocationEndpoint: "https://example.com/api", HttpMethod: "POST" }));
    expect(destination.ApiDestinationState).toBe("INACTIVE");
  });

  it("updates the secret with the new credentials", async () => {
    await h.client.send(new CreateConnectionCommand({ Name: "conn-update", AuthorizationType: "BASIC", AuthParameters: basic }));
    const updated = await h.client.send(new UpdateConnectionCommand({ Name: "conn-update", AuthorizationType: "BASIC", AuthParameters: { BasicAuthParameters: { Username: "new_user", Password: "new_pass" }, InvocationHttpParameters: {} } }));
    expect(Object.keys(updated).filter((k) => k !== "$metadata").sort()).toEqual(["ConnectionArn", "ConnectionState", "CreationTime", "LastAuthorizedTime", "LastModifiedTime"]);
    expect(JSON.parse(String(secretCall("PutSecretValue").at(-1)?.input.SecretString))).toEqual({ username: "new_user", password: "new_pass", invocation_http_parameters: {} });
    expect((await h.client.send(new DescribeConnectionCommand({ Name: "conn-update" }))).AuthParameters).toEqual({ BasicAuthParameters: { Username: "new_user" }, InvocationHttpParameters: {} });
  });

  it("answers DELETING on delete, then that the connection does not exist", async () => {
    await h.client.send(new CreateConnectionCommand({ Name: "conn-gone", AuthorizationType: "API_KEY", AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "ApiKey", ApiKeyValue: "secret" } } }));
    expect((await h.client.send(new DeleteConnectionCommand({ Name: "conn-gone" }))).ConnectionState).toBe("DELETING");
    expect(secretCall("DeleteSecret")).toHaveLength(1);
    const error = await reject(h.client.send(new DescribeConnectionCommand({ Name: "conn-gone" })));
    expect(error).toMatchObject({ name: "ResourceNotFoundException", message: "Failed to describe the connection(s). Connection 'conn-gone' does not exist." });
  });
});

// localstack test_api_destinations_and_connection.snapshot.json test_api_destinations, recorded on AWS
describe("API destinations", () => {
  it("creates, lists, updates and deletes an API destination", async () => {
    const connection = await h.client.send(new CreateConnectionCommand({ Name: "conn-dest", AuthorizationType: "API_KEY", AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "ApiKey", ApiKeyValue: "secret" } } }));
    const created = await h.client.send(new CreateApiDestinationCommand({
      Name: "api-dest", ConnectionArn: connection.ConnectionArn, InvocationEndpoint: "https://example.com/api", HttpMethod: "POST", Description: "Test API destination",
    }));
    expect(created.ApiDestinationArn).toMatch(new RegExp(`^arn:aws:events:${REGION}:${ACCOUNT}:api-destination/api-dest/[0-9a-f-]{36}$`));
    expect(created.ApiDestinationState).toBe("ACTIVE");
    const view = {
      ApiDestinationArn: created.ApiDestinationArn, ApiDestinationState: "ACTIVE", ConnectionArn: connection.ConnectionArn, HttpMethod: "POST",
      InvocationEndpoint: "https://example.com/api", InvocationRateLimitPerSecond: 300, Name: "api-dest",
    };
    expect(await h.client.send(new DescribeApiDestinationCommand({ Name: "api-dest" }))).toMatchObject({ ...view, Description: "Test API destination" });
    const listed = await h.client.send(new ListApiDestinationsCommand({ NamePrefix: "api-dest" }));
    expect(listed.ApiDestinations).toEqual([{ ...view, CreationTime: expect.any(Date) as unknown, LastModifiedTime: expect.any(Date) as unknown }]);
    await h.client.send(new UpdateApiDestinationCommand({ Name: "api-dest", InvocationEndpoint: "https://example.com/api/v2", HttpMethod: "PUT", Description: "Updated API destination" }));
    expect(await h.client.send(new DescribeApiDestinationCommand({ Name: "api-dest" }))).toMatchObject({ HttpMethod: "PUT", InvocationEndpoint: "https://example.com/api/v2", Description: "Updated API destination" });
    await h.client.send(new DeleteApiDestinationCommand({ Name: "api-dest" }));
    const error = await reject(h.client.send(new DescribeApiDestinationCommand({ Name: "api-dest" })));
    expect(error).toMatchObject({ name: "ResourceNotFoundException", message: "Failed to describe the api-destination(s). An api-destination 'api-dest' does not exist." });
  });
});

// "API destinations" in the EventBridge User Guide: the target's input as body, the connection's credentials and parameters, retries on 401/407/409/429/5xx only
describe("API destinations as rule targets", () => {
  const requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(status).end("{}");
    });
  });
  let endpoint = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
    status = 200;
  });

  async function destination(name: string): Promise<string> {
    h.dispatcher.answers.set("secretsmanager:GetSecretValue", { SecretString: JSON.stringify({ api_key_name: "x-api-key", api_key_value: "s3cr3t" }) });
    const connection = await h.client.send(new CreateConnectionCommand({
      Name: `${name}-conn`, AuthorizationType: "API_KEY",
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: "x-api-key", ApiKeyValue: "s3cr3t" }, InvocationHttpParameters: { HeaderParameters: [{ Key: "X-Team", Value: "orders" }], QueryStringParameters: [{ Key: "v", Value: "1" }] } },
    }));
    const created = await h.client.send(new CreateApiDestinationCommand({ Name: name, ConnectionArn: connection.ConnectionArn, InvocationEndpoint: `${endpoint}/orders/*`, HttpMethod: "POST" }));
    return created.ApiDestinationArn ?? "";
  }

  it("sends the event with the connection's API key and the target's path, header and query parameters", async () => {
    const arn = await destination("webhook");
    const eventId = await deliver("to-webhook", { Arn: arn, RoleArn: `arn:aws:iam::${ACCOUNT}:role/events`, HttpParameters: { PathParameterValues: ["42"], HeaderParameters: { "X-Source": "rule" }, QueryStringParameters: { debug: "true" } } });
    await until(() => requests.length === 1, "the webhook's request");
    const [request] = requests;
    expect(request).toMatchObject({ method: "POST", url: "/orders/42?v=1&debug=true" });
    expect(request?.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8", "user-agent": "Amazon/EventBridge/ApiDestinations", "x-api-key": "s3cr3t", "x-team": "orders", "x-source": "rule",
    });
    expect(JSON.parse(request?.body ?? "")).toMatchObject({ id: eventId, source: SOURCE, detail: DETAIL });
  });

  it("does not retry a 4xx answer but sends the event to the dead-letter queue", async () => {
    status = 400;
    const arn = await destination("refusing");
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:webhook-dlq`;
    await deliver("to-refusing", { Arn: arn, RoleArn: `arn:aws:iam::${ACCOUNT}:role/events`, DeadLetterConfig: { Arn: dlq } });
    await until(() => h.dispatcher.calls.some((c) => c.service === "sqs" && c.action === "SendMessage"), "the dead letter");
    expect(requests).toHaveLength(1);
    const letter = h.dispatcher.calls.find((c) => c.action === "SendMessage");
    expect(letter?.input.MessageAttributes).toMatchObject({ ERROR_MESSAGE: { DataType: "String", StringValue: expect.stringContaining("answered 400") as unknown } });
  });

  it("retries a 5xx answer after a second", async () => {
    status = 503;
    const arn = await destination("flaky");
    await deliver("to-flaky", { Arn: arn, RoleArn: `arn:aws:iam::${ACCOUNT}:role/events` });
    await until(() => requests.length === 1, "the first attempt");
    status = 200;
    await until(() => h.clock.pendingTimers() === 1, "the retry's timer");
    await h.clock.advance(999);
    expect(requests).toHaveLength(1);
    await h.clock.advance(1);
    await until(() => requests.length === 2, "the retry");
  });
});

describe("connections and API destinations across a restart", () => {
  it("are kept by the Store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eb-connections-"));
    try {
      const firstStore = new FileStore({ dir, logger: silentLogger });
      const first = await startEventBridge(firstStore);
      const connection = await first.client.send(new CreateConnectionCommand({ Name: "kept", AuthorizationType: "BASIC", AuthParameters: { BasicAuthParameters: { Username: "u", Password: "p" } } }));
      await first.client.send(new CreateApiDestinationCommand({ Name: "kept-dest", ConnectionArn: connection.ConnectionArn, InvocationEndpoint: "https://example.com/api", HttpMethod: "POST" }));
      await first.close();
      await firstStore.close();
      const secondStore = new FileStore({ dir, logger: silentLogger });
      const second = await startEventBridge(secondStore);
      try {
        expect((await second.client.send(new DescribeConnectionCommand({ Name: "kept" }))).ConnectionArn).toBe(connection.ConnectionArn);
        expect((await second.client.send(new DescribeApiDestinationCommand({ Name: "kept-dest" }))).ApiDestinationState).toBe("ACTIVE");
      } finally {
        await second.close();
        await secondStore.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
