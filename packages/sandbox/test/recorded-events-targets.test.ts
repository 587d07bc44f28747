/**
 * EventBridge rule targets across services, as localstack's AWS-recorded suite checks them
 * (tests/aws/services/events/test_events_targets.py and .snapshot.json): a state machine's
 * executions are named after the event, a log group receives the event as a log event; and a
 * connection's credentials kept in Secrets Manager (test_api_destinations_and_connection.py).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateApiDestinationCommand, CreateConnectionCommand, CreateEventBusCommand, DescribeConnectionCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const SOURCE = "core.update-account-command";
const DETAIL = { command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } };

describe("EventBridge targets in other services", () => {
  let sandbox: RunningSandbox;
  let events: EventBridgeClient;
  let sfn: SFNClient;
  let logs: CloudWatchLogsClient;
  let secrets: SecretsManagerClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "events-targets"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    events = new EventBridgeClient(config);
    sfn = new SFNClient(config);
    logs = new CloudWatchLogsClient(config);
    secrets = new SecretsManagerClient(config);
  });

  afterAll(async () => {
    events?.destroy();
    sfn?.destroy();
    logs?.destroy();
    secrets?.destroy();
    await sandbox?.stop();
  });

  /** A rule on a bus of its own sending to `arn`; the EventId of the one event put on it. */
  async function putThrough(bus: string, arn: string): Promise<string> {
    await events.send(new CreateEventBusCommand({ Name: bus }));
    await events.send(new PutRuleCommand({ Name: bus, EventBusName: bus, EventPattern: JSON.stringify({ source: [SOURCE] }) }));
    await events.send(new PutTargetsCommand({ Rule: bus, EventBusName: bus, Targets: [{ Id: "t", Arn: arn, RoleArn: "arn:aws:iam::000000000000:role/events" }] }));
    const out = await events.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: SOURCE, DetailType: SOURCE, Detail: JSON.stringify(DETAIL) }] }));
    return out.Entries?.[0]?.EventId ?? "";
  }

  // test_put_events_with_target_statefunction_machine, @aws_validated: executions are found by the EventId their name starts with
  it("starts the state machine with an execution named after the event", async () => {
    const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:events-flow";
    const eventId = await putThrough("to-sfn", stateMachineArn);
    const listed = await eventually(() => sfn.send(new ListExecutionsCommand({ stateMachineArn })), (out) => (out.executions ?? []).length > 0);
    expect(listed.executions?.map((e) => e.name)).toEqual([expect.stringMatching(new RegExp(`^${eventId}_`))]);
  });

  // test_put_events_with_target_cloudwatch_logs, recorded on AWS: the event is a log event of the target group
  it("writes the event into a log group target", async () => {
    const eventId = await putThrough("to-logs", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/audit");
    const found = await eventually(() => logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/events/audit" })), (out) => (out.events ?? []).length > 0);
    expect(found.events?.map((e) => e.logStreamName)).toEqual([eventId]);
    expect(JSON.parse(found.events?.[0]?.message ?? "")).toEqual({
      version: "0", id: eventId, "detail-type": SOURCE, source: SOURCE, account: "000000000000",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown, region: "us-east-1", resources: [], detail: DETAIL,
    });
  });

  // test_connection_secrets[basic], recorded on AWS: the secret DescribeConnection names holds the credentials
  it("keeps a connection's credentials in a Secrets Manager secret", async () => {
    await events.send(new CreateConnectionCommand({ Name: "orders-api", AuthorizationType: "BASIC", AuthParameters: { BasicAuthParameters: { Username: "user", Password: "pass" } } }));
    const described = await events.send(new DescribeConnectionCommand({ Name: "orders-api" }));
    expect(described.AuthParameters).toEqual({ BasicAuthParameters: { Username: "user" } });
    // The service-managed name AWS gives it (localstack test_events connection snapshots, recorded on AWS).
    expect(described.SecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection\/orders-api\/[0-9a-f-]{36}-\w{6}$/);
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: described.SecretArn }));
    expect(JSON.parse(secret.SecretString ?? "")).toEqual({ username: "user", password: "pass" });
    expect(secret.VersionStages).toEqual(["AWSCURRENT"]);
  });

  // EventBridge User Guide, "API destinations": the event goes to the endpoint with the connection's credentials
  it("calls an API destination target with the connection's Basic credentials", async () => {
    const received: { authorization?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ authorization: req.headers.authorization, body });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const connection = await events.send(new CreateConnectionCommand({ Name: "hook-conn", AuthorizationType: "BASIC", AuthParameters: { BasicAuthParameters: { Username: "user", Password: "pass" } } }));
      const destination = await events.send(new CreateApiDestinationCommand({ Name: "hook", ConnectionArn: connection.ConnectionArn, InvocationEndpoint: `http://127.0.0.1:${port}/hook`, HttpMethod: "POST" }));
      const eventId = await putThrough("to-hook", destination.ApiDestinationArn ?? "");
      const requests = await eventually(async () => received, (r) => r.length > 0);
      expect(requests[0]?.authorization).toBe(`Basic ${Buffer.from("user:pass").toString("base64")}`);
      expect(JSON.parse(requests[0]?.body ?? "")).toMatchObject({ id: eventId, detail: DETAIL });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
