/**
 * `createSandbox({ template: false })` (`sandbox up --no-template`): the AWS APIs alone, as
 * DynamoDB Local or LocalStack serve them, for resources the SDK creates: a table, a queue, a
 * function from a zip that reaches the table through the edge; no stack for CloudFormation;
 * state kept in the data directory across a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AdmZip from "adm-zip";
import { CloudFormationClient, DescribeStacksCommand, ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const config = (sandbox: RunningSandbox) => ({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
const dataDir = mkdtempSync(join(tmpdir(), "sandbox-no-template-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Writes the event's item into the table the SDK reaches through AWS_ENDPOINT_URL, as a deployed function would.
const HANDLER = `import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
const client = new DynamoDBClient({});
export const handler = async (event) => {
  await client.send(new PutItemCommand({ TableName: "notes", Item: { id: { S: event.id } } }));
  return { stored: event.id };
};
`;

function zipOf(files: Record<string, string>): Uint8Array {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

describe("a sandbox without a template", () => {
  it("serves DynamoDB, SQS, Lambda and STS for what the SDK creates, with no stack", async () => {
    const sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      expect(sandbox.app.functions).toEqual([]);
      const dynamodb = new DynamoDBClient(config(sandbox));
      await dynamodb.send(
        new CreateTableCommand({ TableName: "notes", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }),
      );
      const sqs = new SQSClient(config(sandbox));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "jobs" }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "hello" }));
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe("hello");

      const lambda = new LambdaClient(config(sandbox));
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: "store", Runtime: "nodejs22.x", Handler: "index.handler", Role: "arn:aws:iam::000000000000:role/r", Code: { ZipFile: zipOf({ "index.mjs": HANDLER }) } }),
      );
      const invoked = await lambda.send(new InvokeCommand({ FunctionName: "store", Payload: new TextEncoder().encode('{"id":"n1"}') }));
      expect(invoked.FunctionError).toBeUndefined();
      expect(JSON.parse(new TextDecoder().decode(invoked.Payload))).toEqual({ stored: "n1" });
      expect((await dynamodb.send(new GetItemCommand({ TableName: "notes", Key: { id: { S: "n1" } } }))).Item).toEqual({ id: { S: "n1" } });

      expect((await new STSClient(config(sandbox)).send(new GetCallerIdentityCommand({}))).Account).toBe("000000000000");
      const cfn = new CloudFormationClient(config(sandbox));
      expect((await cfn.send(new ListStacksCommand({}))).StackSummaries).toEqual([]);
      await expect(cfn.send(new DescribeStacksCommand({ StackName: "anything" }))).rejects.toMatchObject({ name: "ValidationError", message: "Stack with id anything does not exist" });
    } finally {
      await sandbox.stop();
    }
  });

  it("keeps what was created in its data directory across a restart", async () => {
    const sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      expect((await new DynamoDBClient(config(sandbox)).send(new ListTablesCommand({}))).TableNames).toEqual(["notes"]);
      const item = await new DynamoDBClient(config(sandbox)).send(new GetItemCommand({ TableName: "notes", Key: { id: { S: "n1" } } }));
      expect(item.Item).toEqual({ id: { S: "n1" } });
    } finally {
      await sandbox.stop();
    }
  });
});
