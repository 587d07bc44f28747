import {
  CreateTableCommand, DescribeContributorInsightsCommand, ListContributorInsightsCommand, UpdateContributorInsightsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

async function table(): Promise<string> {
  const name = tableName("ci");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "owner", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [{ IndexName: "byOwner", KeySchema: [{ AttributeName: "owner", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return name;
}

describe("Contributor Insights", () => {
  it("is DISABLED until enabled, then ENABLING and ENABLED a second later on the clock", async () => {
    const name = await table();
    expect(await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }))).toMatchObject({ TableName: name, ContributorInsightsStatus: "DISABLED" });
    const enabledAt = h.clock.now();
    const update = await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: "ENABLE" }));
    expect(update).toMatchObject({ TableName: name, ContributorInsightsStatus: "ENABLING" });
    expect((await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }))).ContributorInsightsStatus).toBe("ENABLING");
    h.clock.advance(1000);
    const described = await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }));
    expect(described.ContributorInsightsStatus).toBe("ENABLED");
    // A table with a sort key gets the sort-key rules too, listed PKC, SKC, PKT, SKT (the AWS CLI's example describe-contributor-insights.rst).
    expect(described.ContributorInsightsRuleList).toEqual(["PKC", "SKC", "PKT", "SKT"].map((kind) => `DynamoDBContributorInsights-${kind}-${name}-${enabledAt}`));
    expect(described.LastUpdateDateTime?.getTime()).toBe(enabledAt);
  });

  it("keeps a global secondary index's setting apart, with the index in its rule names", async () => {
    const name = await table();
    const at = h.clock.now();
    expect(await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, IndexName: "byOwner", ContributorInsightsAction: "ENABLE" }))).toMatchObject({
      TableName: name,
      IndexName: "byOwner",
      ContributorInsightsStatus: "ENABLING",
    });
    h.clock.advance(1000);
    const index = await h.client.send(new DescribeContributorInsightsCommand({ TableName: name, IndexName: "byOwner" }));
    expect(index.ContributorInsightsRuleList).toEqual([`DynamoDBContributorInsights-PKC-${name}-byOwner-${at}`, `DynamoDBContributorInsights-PKT-${name}-byOwner-${at}`]);
    expect((await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }))).ContributorInsightsStatus).toBe("DISABLED");
    const listed = await h.client.send(new ListContributorInsightsCommand({ TableName: name }));
    // ack-api-quirks DDB-TABLE-112 (recorded 2026-10): an enabled setting names its mode.
    expect(listed.ContributorInsightsSummaries).toEqual([
      { TableName: name, IndexName: "byOwner", ContributorInsightsStatus: "ENABLED", ContributorInsightsMode: "ACCESSED_AND_THROTTLED_KEYS" },
    ]);
    expect(index.ContributorInsightsMode).toBe("ACCESSED_AND_THROTTLED_KEYS");
  });

  it("goes DISABLING then DISABLED", async () => {
    const name = await table();
    await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: "ENABLE" }));
    h.clock.advance(1000);
    expect((await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: "DISABLE" }))).ContributorInsightsStatus).toBe("DISABLING");
    expect((await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }))).ContributorInsightsStatus).toBe("DISABLING");
    h.clock.advance(1000);
    const described = await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }));
    expect(described.ContributorInsightsStatus).toBe("DISABLED");
    expect(described.ContributorInsightsRuleList).toBeUndefined();
  });

  it("pages ListContributorInsights over every table", async () => {
    const names = [await table(), await table(), await table()];
    for (const name of names) await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: "ENABLE" }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.client.send(new ListContributorInsightsCommand({ MaxResults: 2, NextToken: token }));
      expect((page.ContributorInsightsSummaries ?? []).length).toBeLessThanOrEqual(2);
      for (const s of page.ContributorInsightsSummaries ?? []) seen.push(s.TableName ?? "");
      token = page.NextToken;
    } while (token);
    for (const name of names) expect(seen).toContain(name);
  });

  it("answers ResourceNotFoundException for a missing table or index", async () => {
    const name = await table();
    expect(await failure(() => h.client.send(new DescribeContributorInsightsCommand({ TableName: `${name}-x` })))).toBe(
      `ResourceNotFoundException: Requested resource not found: Table: ${name}-x not found`,
    );
    expect(await failure(() => h.client.send(new UpdateContributorInsightsCommand({ TableName: name, IndexName: "nope", ContributorInsightsAction: "ENABLE" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });
});
