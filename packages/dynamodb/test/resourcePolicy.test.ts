import {
  CreateTableCommand, DeleteResourcePolicyCommand, DescribeContributorInsightsCommand, DescribeTableCommand, GetResourcePolicyCommand, PutResourcePolicyCommand,
  UpdateContributorInsightsCommand, UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

const ACCOUNT = "000000000000";

async function table(extra: Record<string, unknown> = {}): Promise<{ name: string; arn: string }> {
  const name = tableName("rp");
  const out = await h.client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      ...extra,
    }),
  );
  return { name, arn: out.TableDescription?.TableArn ?? "" };
}

const policy = (action: string | string[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: "*", ...extra }] });

describe("PutResourcePolicy / GetResourcePolicy", () => {
  it("stores a policy, answers it with its revision, and keeps the revision for an equal re-put", async () => {
    const { arn } = await table();
    const put = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy(["dynamodb:GetItem"]) }));
    expect(put.RevisionId).toBe(String(h.clock.now()));
    const got = await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
    expect(got.RevisionId).toBe(put.RevisionId);
    // DynamoDB's canonical form: a one-element Action list reads back as a string.
    expect(JSON.parse(got.Policy ?? "")).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "dynamodb:GetItem", Resource: "*" }] });
    const again = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy(["dynamodb:GetItem"]) }));
    expect(again.RevisionId).toBe(put.RevisionId);
    // A change within 15 s of the last is throttled (ack-api-quirks DDB-TABLE-206, 2026-10).
    h.clock.advance(15_000);
    const changed = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:PutItem") }));
    expect(Number(changed.RevisionId)).toBeGreaterThan(Number(put.RevisionId));
  });

  it("answers PolicyNotFoundException for a table without a policy", async () => {
    const { arn } = await table();
    expect(await failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: ${arn}`,
    );
  });

  it("checks ExpectedRevisionId, NO_POLICY included", async () => {
    const { name, arn } = await table();
    const first = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:GetItem"), ExpectedRevisionId: "NO_POLICY" }));
    h.clock.advance(15_000); // the policy's 15 s window (DDB-TABLE-206/347)
    const second = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:PutItem"), ExpectedRevisionId: first.RevisionId }));
    expect(await failure(() => h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:Query"), ExpectedRevisionId: first.RevisionId })))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id ${first.RevisionId}, but the policy associated to target table ${name} has revision id ${second.RevisionId}.`,
    );
    expect(await failure(() => h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:Query"), ExpectedRevisionId: "NO_POLICY" })))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: Requested policy update expecting none to be present for table ${name}, but a policy exists with revision id ${second.RevisionId}.`,
    );
  });

  it("refuses documents as DynamoDB does", async () => {
    const { arn } = await table();
    const put = (document: string) => failure(() => h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: document })));
    const invalid = "ValidationException: One or more parameter values were invalid: ";
    expect(await put("{not json")).toBe(`${invalid}Invalid policy document: This policy contains invalid Json`);
    expect(await put(JSON.stringify({ Version: "2012-10-17", Statement: [] }))).toBe(`${invalid}Invalid policy document: Could not parse the policy: Statement is empty!`);
    expect(await put(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "dynamodb:GetItem" }] }))).toBe(
      `${invalid}Invalid policy document: Missing required field Resource`,
    );
    expect(await put(policy("dynamodb:GetItem", { Principal: "*" }))).toBe(
      "ValidationException: Resource-based policy grants unbounded access in one or more elements. Please revise the policy to ensure least-privilege form of access",
    );
    expect(await put(policy(["dynamodb:GetRecords", "dynamodb:DescribeStream"]))).toBe(
      `${invalid}Invalid policy document: The following action names are invalid: "dynamodb:GetRecords", "dynamodb:DescribeStream"`,
    );
    expect(await put(policy("dynamodb:GetItem") + " ".repeat(20_480))).toBe(`${invalid}Maximum policy size of 20480 bytes exceeded`);
  });

  it("refuses ARNs that are no table or stream of this account and Region", async () => {
    const { name, arn } = await table();
    const get = (resourceArn: string) => failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: resourceArn })));
    expect(await get(name)).toBe(`ValidationException: One or more parameter values were invalid: ARNs must start with 'arn:': ${name}`);
    expect(await get(`${arn}/index/byOwner`)).toBe(
      `ValidationException: One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}/index/byOwner`,
    );
    expect(await get(arn.replace(ACCOUNT, "111122223333"))).toBe("ValidationException: This action is only supported by accounts that match the resource owner\u2019s account.");
    const west = arn.replace("us-east-1", "us-west-2");
    expect(await get(west)).toBe(`ValidationException: One or more parameter values were invalid: Invalid resource Arn: ${west}`);
    expect(await get(`${arn}-missing`)).toBe(`ResourceNotFoundException: Requested resource not found: Table: ${name}-missing not found`);
    expect(await get(`${arn}/stream/2000-01-01T00:00:00.000`)).toBe(`ResourceNotFoundException: Requested resource not found: Stream: 2000-01-01T00:00:00.000 not found for Table: ${name}`);
  });

  it("keeps a stream's policy apart from its table's", async () => {
    const { arn, name } = await table({ StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } });
    const described = await h.client.send(new DescribeTableCommand({ TableName: name }));
    const streamArn = described.Table?.LatestStreamArn ?? "";
    await h.client.send(new PutResourcePolicyCommand({ ResourceArn: streamArn, Policy: policy(["dynamodb:GetRecords", "dynamodb:DescribeStream"]) }));
    expect(JSON.parse((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: streamArn }))).Policy ?? "").Statement[0].Action).toEqual(["dynamodb:GetRecords", "dynamodb:DescribeStream"]);
    expect(await failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).toMatch(/^PolicyNotFoundException/);
    // The stream's policy survives an unrelated table change.
    await h.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: streamArn }))).RevisionId).toBeDefined();
  });

  it("takes CreateTable's ResourcePolicy", async () => {
    const { arn } = await table({ ResourcePolicy: policy("dynamodb:GetItem") });
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).RevisionId).toBe(String(h.clock.now()));
  });
});

describe("DeleteResourcePolicy", () => {
  it("deletes the policy, and succeeds with an empty answer when there is none", async () => {
    const { name, arn } = await table();
    expect((await h.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }))).RevisionId).toBeUndefined();
    const put = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:GetItem") }));
    h.clock.advance(15_000); // the policy's 15 s window (DDB-TABLE-206/347)
    expect(await failure(() => h.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn, ExpectedRevisionId: "unknown" })))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id unknown, but the policy associated to target table ${name} has revision id ${put.RevisionId}.`,
    );
    const deleted = await h.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn, ExpectedRevisionId: put.RevisionId }));
    // The answer echoes the removed policy's revision (DDB-TABLE-209).
    expect(deleted.RevisionId).toBe(put.RevisionId);
    expect(await failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).toMatch(/^PolicyNotFoundException/);
  });
});

describe("across a restart", () => {
  it("keeps the policies and the Contributor Insights setting", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-policy-"));
    try {
      const firstStore = new FileStore({ dir, clock: new VirtualClock() });
      const first = await startDynamoDb({ store: firstStore });
      await first.client.send(
        new CreateTableCommand({ TableName: "kept", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }),
      );
      const arn = first.db.engine.tableArn("kept");
      const put = await first.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policy("dynamodb:GetItem") }));
      await first.client.send(new UpdateContributorInsightsCommand({ TableName: "kept", ContributorInsightsAction: "ENABLE" }));
      await first.close();
      await firstStore.close();
      const secondStore = new FileStore({ dir, clock: new VirtualClock() });
      const second = await startDynamoDb({ store: secondStore });
      try {
        expect((await second.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).RevisionId).toBe(put.RevisionId);
        second.clock.advance(1000);
        expect((await second.client.send(new DescribeContributorInsightsCommand({ TableName: "kept" }))).ContributorInsightsStatus).toBe("ENABLED");
      } finally {
        await second.close();
        await secondStore.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
