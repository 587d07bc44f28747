// The events the sandbox hands a function, checked against the zod schemas of
// @aws-lambda-powertools/parser — written from real AWS events, and strict about each field's
// presence and format (ARNs, ISO dates, URLs, base64 gzip). A handler that parses its event
// with Powertools must accept the sandbox's as it accepts AWS's.
import { request } from "node:http";
import { join } from "node:path";
import { CloudWatchLogsClient, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  APIGatewayProxyEventSchema, APIGatewayProxyEventV2Schema, APIGatewayRequestAuthorizerEventV2Schema, APIGatewayTokenAuthorizerEventSchema,
  CloudWatchLogsSchema, DynamoDBStreamSchema, EventBridgeSchema, LambdaFunctionUrlSchema, PostAuthenticationTriggerSchema, PostConfirmationTriggerSchema,
  PreAuthenticationTriggerSchema, PreSignupTriggerSchema, PreTokenGenerationTriggerSchemaV2AndV3, S3Schema, SnsSchema,
} from "@aws-lambda-powertools/parser/schemas";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
let sandbox: RunningSandbox;
let logs: CloudWatchLogsClient;
let config: { endpoint: string; region: string; credentials: typeof credentials };

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "events"), port: 0, edgePort: 0, inMemory: true });
  config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
  logs = new CloudWatchLogsClient(config);
});

afterAll(async () => {
  logs?.destroy();
  await sandbox?.stop();
});

/** The first event the recorder logged that `match` picks, waiting for asynchronous sources. */
async function recorded(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return vi.waitFor(async () => {
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/events-recorder", filterPattern: '"EVENT"' }));
    const all = (events ?? []).map((e) => JSON.parse((e.message ?? "").slice((e.message ?? "").indexOf("EVENT ") + 6)) as Record<string, unknown>);
    const found = all.find(match);
    if (!found) throw new Error("not recorded yet");
    return found;
  }, { timeout: 10_000, interval: 50 });
}

const recordOf = (event: Record<string, unknown>) => (Array.isArray(event.Records) ? (event.Records[0] as Record<string, unknown>) : {});

describe("events the sandbox delivers, parsed by @aws-lambda-powertools/parser schemas", () => {
  it("SNS → Lambda", async () => {
    const sns = new SNSClient(config);
    await sns.send(new PublishCommand({
      TopicArn: "arn:aws:sns:us-east-1:000000000000:events-topic", Message: "hello", Subject: "greeting",
      MessageAttributes: { kind: { DataType: "String", StringValue: "test" } },
    }));
    sns.destroy();
    const event = await recorded((e) => recordOf(e).EventSource === "aws:sns");
    const parsed = SnsSchema.parse(event);
    expect(parsed.Records[0].Sns).toMatchObject({ Message: "hello", Subject: "greeting", MessageAttributes: { kind: { Type: "String", Value: "test" } } });
  });

  it("S3 notification → Lambda", async () => {
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: "events-uploads", Key: "photos/cat 1.jpg", Body: "meow" }));
    s3.destroy();
    const event = await recorded((e) => recordOf(e).eventSource === "aws:s3");
    const parsed = S3Schema.parse(event);
    expect(parsed.Records[0].s3.object).toMatchObject({ key: "photos/cat+1.jpg", size: 4 });
    expect(parsed.Records[0].eventName).toBe("ObjectCreated:Put");
  });

  it("DynamoDB stream → Lambda", async () => {
    const ddb = new DynamoDBClient(config);
    await ddb.send(new PutItemCommand({ TableName: "events-orders", Item: { id: { S: "o-1" }, total: { N: "12.5" } } }));
    ddb.destroy();
    const event = await recorded((e) => recordOf(e).eventSource === "aws:dynamodb");
    const parsed = DynamoDBStreamSchema.parse(event);
    expect(parsed.Records[0].eventName).toBe("INSERT");
    expect(parsed.Records[0].dynamodb.NewImage).toEqual({ id: "o-1", total: 12.5 });
  });

  it("HTTP API (payload 2.0) → Lambda", async () => {
    const res = await fetch(`${sandbox.apiUrl}/http/42?q=1`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    const event = await recorded((e) => e.version === "2.0");
    const parsed = APIGatewayProxyEventV2Schema.parse(event);
    expect(parsed).toMatchObject({ routeKey: "POST /http/{id}", rawPath: "/http/42", pathParameters: { id: "42" }, queryStringParameters: { q: "1" } });
  });

  it("REST API (payload 1.0) → Lambda", async () => {
    const res = await fetch(`${sandbox.apiUrl}/rest/7`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    const event = await recorded((e) => e.resource === "/rest/{id}");
    const parsed = APIGatewayProxyEventSchema.parse(event);
    expect(parsed).toMatchObject({ httpMethod: "POST", pathParameters: { id: "7" } });
  });

  it("CloudWatch Logs subscription filter → Lambda", async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/events/app", logStreamName: "s" }));
    await logs.send(new PutLogEventsCommand({ logGroupName: "/events/app", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "app line" }] }));
    const event = await recorded((e) => typeof (e.awslogs as Record<string, unknown> | undefined)?.data === "string");
    const parsed = CloudWatchLogsSchema.parse(event);
    expect(parsed.awslogs.data).toMatchObject({ messageType: "DATA_MESSAGE", logGroup: "/events/app", logStream: "s", subscriptionFilters: [expect.any(String)] });
    expect(parsed.awslogs.data.logEvents.map((e) => e.message)).toEqual(["app line"]);
  });
});

describe("SAM CloudWatchLogs function event", () => {
  it("subscribes the function to the log group with the event's filter pattern", async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/events/sam", logStreamName: "s" }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({
      logGroupName: "/events/sam", logStreamName: "s",
      logEvents: [{ timestamp: now, message: "INFO all good" }, { timestamp: now + 1, message: "ERROR disk full" }],
    }));
    const event = await recorded((e) => {
      const data = (e.awslogs as Record<string, unknown> | undefined)?.data;
      return typeof data === "string" && CloudWatchLogsSchema.parse(e).awslogs.data.logGroup === "/events/sam";
    });
    const { data } = CloudWatchLogsSchema.parse(event).awslogs;
    // CloudFormation names the filter "<stack>-<Function><EventId>-<suffix>".
    expect(data.subscriptionFilters).toEqual([expect.stringMatching(/^events-RecorderErrors-[A-Z0-9]+$/)]);
    expect(data.logEvents.map((e) => e.message)).toEqual(["ERROR disk full"]);
  });
});

describe("authorizer and function URL events, parsed by @aws-lambda-powertools/parser schemas", () => {
  it("HTTP API Lambda authorizer (payload 2.0, simple responses)", async () => {
    const denied = await fetch(`${sandbox.apiUrl}/authed-http`, { headers: { authorization: "deny" } });
    expect(denied.status).toBe(403);
    const allowed = await fetch(`${sandbox.apiUrl}/authed-http`, { headers: { authorization: "allow" } });
    expect(allowed.status).toBe(200);
    const event = await recorded((e) => e.type === "REQUEST" && e.version === "2.0");
    const parsed = APIGatewayRequestAuthorizerEventV2Schema.parse(event);
    expect(parsed).toMatchObject({ routeKey: "GET /authed-http", identitySource: [expect.any(String)] });
  });

  it("REST API TOKEN authorizer", async () => {
    const allowed = await fetch(`${sandbox.apiUrl}/dev/authed-rest`, { headers: { authorization: "allow" } });
    expect(allowed.status).toBe(200);
    const event = await recorded((e) => e.type === "TOKEN");
    const parsed = APIGatewayTokenAuthorizerEventSchema.parse(event);
    expect(parsed.authorizationToken).toBe("allow");
    expect(parsed.methodArn).toMatch(/^arn:aws:execute-api:us-east-1:000000000000:[a-z0-9]+\/dev\/GET\/authed-rest$/);
  });

  it("Lambda function URL", async () => {
    const url = new URL(sandbox.functionUrls[0]?.url ?? "http://missing.invalid/");
    const edge = new URL(sandbox.endpoint);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: edge.hostname, port: edge.port, path: "/from-url?x=1", method: "POST", headers: { host: url.host, "content-type": "text/plain" } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end("body");
    });
    expect(status).toBe(200);
    const event = await recorded((e) => e.rawPath === "/from-url");
    const parsed = LambdaFunctionUrlSchema.parse(event);
    expect(parsed).toMatchObject({ routeKey: "$default", rawQueryString: "x=1", body: "body" });
  });
});

/** The event with request.clientMetadata removed when it is null. */
function withoutNullClientMetadata(event: Record<string, unknown>): Record<string, unknown> {
  const request = event.request as Record<string, unknown> | undefined;
  if (request?.clientMetadata !== null) return event;
  const { clientMetadata: _dropped, ...rest } = request;
  return { ...event, request: rest };
}

describe("Cognito trigger events, parsed by @aws-lambda-powertools/parser schemas", () => {
  /** One Cognito user pools call on the edge (awsJson 1.1), as the SDKs send it. */
  async function cognito(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${action}`,
        authorization: "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  it("PreSignUp, PostConfirmation, PreAuthentication, PreTokenGeneration (V2) and PostAuthentication", async () => {
    const { UserPools } = (await cognito("ListUserPools", { MaxResults: 10 })) as { UserPools: Array<{ Id: string; Name: string }> };
    const poolId = UserPools.find((p) => p.Name === "events-users")?.Id ?? "";
    const { UserPoolClients } = (await cognito("ListUserPoolClients", { UserPoolId: poolId })) as { UserPoolClients: Array<{ ClientId: string }> };
    const clientId = UserPoolClients[0]?.ClientId ?? "";
    await cognito("SignUp", { ClientId: clientId, Username: "carol", Password: "Passw0rd!x", UserAttributes: [{ Name: "email", Value: "carol@example.com" }] });
    await cognito("AdminConfirmSignUp", { UserPoolId: poolId, Username: "carol" });
    await cognito("InitiateAuth", { ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "carol", PASSWORD: "Passw0rd!x" } });
    // clientMetadata: null is set aside here and checked on its own below.
    const trigger = async (source: string) => withoutNullClientMetadata(await recorded((e) => e.triggerSource === source));
    expect(PreSignupTriggerSchema.parse(await trigger("PreSignUp_SignUp")).request.userAttributes).toMatchObject({ email: "carol@example.com" });
    expect(PostConfirmationTriggerSchema.parse(await trigger("PostConfirmation_ConfirmSignUp")).userName).toBe("carol");
    expect(PreAuthenticationTriggerSchema.parse(await trigger("PreAuthentication_Authentication")).userPoolId).toBe(poolId);
    const tokens = PreTokenGenerationTriggerSchemaV2AndV3.parse(await trigger("TokenGeneration_Authentication"));
    expect(tokens.version).toBe("2");
    expect(PostAuthenticationTriggerSchema.parse(await trigger("PostAuthentication_Authentication")).callerContext.clientId).toBe(clientId);
  });

  // AWS leaves clientMetadata out when the call gave none ("clientMetadata is not even in the
  // request. validationData is, but it's null": aws-amplify/amplify-js#4439), as Powertools' schema expects.
  it("PreSignUp without ClientMetadata leaves clientMetadata out of the request", async () => {
    const event = (await recorded((e) => e.triggerSource === "PreSignUp_SignUp")) as { request: Record<string, unknown> };
    PreSignupTriggerSchema.parse(event);
    expect(event.request).not.toHaveProperty("clientMetadata");
    expect(event.request.validationData).toBeNull();
  });
});

// Last: it moves the sandbox's clock an hour forward.
describe("Schedule event (EventBridge rule), parsed by @aws-lambda-powertools/parser schemas", () => {
  it("delivers a Scheduled Event once the clock passes the rate", async () => {
    const moved = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "61m" }) });
    expect(moved.status).toBe(200);
    const event = await recorded((e) => e["detail-type"] === "Scheduled Event");
    const parsed = EventBridgeSchema.parse(event);
    expect(parsed).toMatchObject({ source: "aws.events", detail: {} });
    expect(parsed.resources).toEqual([expect.stringMatching(/^arn:aws:events:us-east-1:000000000000:rule\//)]);
  });
});
