/**
 * More control-plane behaviour recorded on real DynamoDB by the ack-api-quirks lab (findings
 * DDB-TABLE-…, DDB-IMPORT-…, DDB-EXPORT-…, verified 2026-10), replayed through SDK v3 against the
 * sandbox; each case names its finding. Times DynamoDB takes are driven by the virtual clock.
 */
import {
  CreateTableCommand,
  DeleteResourcePolicyCommand,
  DescribeTableCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(async () => h.close());

const ACCOUNT = "000000000000";

function onDemand(name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    ...extra,
  };
}

async function created(input: CreateTableCommandInput): Promise<{ name: string; arn: string }> {
  const out = await h.client.send(new CreateTableCommand(input));
  return { name: input.TableName ?? "", arn: out.TableDescription?.TableArn ?? "" };
}

const seconds = (n: number) => h.clock.advance(n * 1000);
const policy = (action: string | string[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: "*" }] });
const put = (ResourceArn: string, Policy: string, ExpectedRevisionId?: string) => h.client.send(new PutResourcePolicyCommand({ ResourceArn, Policy, ExpectedRevisionId }));
const remove = (ResourceArn: string, ExpectedRevisionId?: string) => h.client.send(new DeleteResourcePolicyCommand({ ResourceArn, ExpectedRevisionId }));
const retryAt = (revision: string | undefined) => new Date(Number(revision) + 15_000).toISOString();

describe("resource-based policy 15 s window", () => {
  it("throttles a different Put and a Delete until the change's RevisionId + 15000 ms, naming that time (DDB-TABLE-206)", async () => {
    const { name, arn } = await created(onDemand(tableName("rpw")));
    const first = await put(arn, policy("dynamodb:GetItem"));
    const throttled = `ThrottlingException: Resource-based policy for table ${name} modified within the previous 15000 milliseconds. Please try again after ${retryAt(first.RevisionId)}.`;
    seconds(2.4);
    expect(await failure(() => put(arn, policy("dynamodb:PutItem")))).toBe(throttled);
    expect(await failure(() => remove(arn))).toBe(throttled);
    // The same document inside the window is a no-op with the same RevisionId.
    expect((await put(arn, policy("dynamodb:GetItem"))).RevisionId).toBe(first.RevisionId);
    h.clock.advance(15_000 - 2_400 - 1);
    expect(await failure(() => put(arn, policy("dynamodb:PutItem")))).toBe(throttled);
    h.clock.advance(1);
    const second = await put(arn, policy("dynamodb:PutItem"));
    expect(second.RevisionId).toBe(String(h.clock.now()));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).RevisionId).toBe(second.RevisionId);
  });

  it("checks ExpectedRevisionId before the window: a stale one is PolicyNotFoundException, the current one waits 15 s (DDB-TABLE-347/209)", async () => {
    const { name, arn } = await created(onDemand(tableName("rpw")));
    const first = await put(arn, policy("dynamodb:GetItem"));
    seconds(20);
    const second = await put(arn, policy("dynamodb:PutItem"), first.RevisionId);
    seconds(1);
    expect(await failure(() => put(arn, policy("dynamodb:Query"), first.RevisionId))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id ${first.RevisionId}, but the policy associated to target table ${name} has revision id ${second.RevisionId}.`,
    );
    expect(await failure(() => remove(arn, second.RevisionId))).toMatch(/^ThrottlingException: Resource-based policy for table .* Please try again after /);
    seconds(14);
    // Delete answers the removed policy's RevisionId (DDB-TABLE-209).
    expect((await remove(arn, second.RevisionId)).RevisionId).toBe(second.RevisionId);
    expect(await failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).toMatch(/^PolicyNotFoundException/);
  });

  it("starts the window on a Delete too: a Put right after it is throttled (DDB-TABLE-206)", async () => {
    const { name, arn } = await created(onDemand(tableName("rpw")));
    await put(arn, policy("dynamodb:GetItem"));
    seconds(15);
    await remove(arn);
    const deletedAt = h.clock.now();
    seconds(0.07);
    expect(await failure(() => put(arn, policy("dynamodb:GetItem")))).toBe(
      `ThrottlingException: Resource-based policy for table ${name} modified within the previous 15000 milliseconds. Please try again after ${new Date(deletedAt + 15_000).toISOString()}.`,
    );
    // Deleting where no policy is stays an idempotent success (DDB-TABLE-205).
    expect((await remove(arn)).RevisionId).toBeUndefined();
  });

  it("keeps a window per slot: the stream's policy has its own, the table's is not blocked by it (DDB-TABLE-213)", async () => {
    const { name, arn } = await created(onDemand(tableName("rpw"), { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }));
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    const streamArn = Table?.LatestStreamArn ?? "";
    const first = await put(streamArn, policy(["dynamodb:GetRecords", "dynamodb:DescribeStream"]));
    seconds(1.6);
    await put(arn, policy("dynamodb:GetItem"));
    expect(await failure(() => put(streamArn, policy("dynamodb:GetRecords")))).toBe(
      `ThrottlingException: Resource-based policy for stream ${Table?.LatestStreamLabel} modified within the previous 15000 milliseconds. Please try again after ${retryAt(first.RevisionId)}.`,
    );
    seconds(13.4);
    expect((await remove(streamArn)).RevisionId).toBe(first.RevisionId);
  });
});
