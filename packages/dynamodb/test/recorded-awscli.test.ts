/**
 * The AWS CLI's own DynamoDB examples (aws/aws-cli awscli/examples/dynamodb/*.rst: commands and
 * the output DynamoDB answered them with, printed by the CLI) replayed against the sandbox. The
 * CLI prints what DynamoDB sent: a double member as DynamoDB writes it ("CapacityUnits": 1.0),
 * so those cases run `aws` itself and read its text; the rest go through the SDK v3 client.
 */
import {
  BatchWriteItemCommand,
  CreateBackupCommand,
  CreateTableCommand,
  DescribeContributorInsightsCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateContributorInsightsCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCliText, hasAws } from "../../../test/helpers/awscli.js";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

/** `aws dynamodb <args>` against the sandbox: the text the CLI prints. */
const awsText = (...args: string[]) => awsCliText(h.url, "dynamodb", ...args);

/** create-table.rst Example 4: MusicCollection with the local secondary index AlbumTitleIndex. */
function musicCollection(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "Artist", AttributeType: "S" },
      { AttributeName: "SongTitle", AttributeType: "S" },
      { AttributeName: "AlbumTitle", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "Artist", KeyType: "HASH" },
      { AttributeName: "SongTitle", KeyType: "RANGE" },
    ],
    ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
    LocalSecondaryIndexes: [
      {
        IndexName: "AlbumTitleIndex",
        KeySchema: [
          { AttributeName: "Artist", KeyType: "HASH" },
          { AttributeName: "AlbumTitle", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["Genre", "Year"] },
      },
    ],
  };
}

describe("create-table.rst", () => {
  it("Example 4: answers the local secondary index with its size, count and ARN, attributes sorted by name", async () => {
    const name = tableName("MusicCollection");
    const { TableDescription: t } = await h.client.send(new CreateTableCommand(musicCollection(name)));
    expect(t?.AttributeDefinitions?.map((a) => a.AttributeName)).toEqual(["AlbumTitle", "Artist", "SongTitle"]);
    expect(t).toMatchObject({
      TableStatus: "CREATING",
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      TableSizeBytes: 0,
      ItemCount: 0,
    });
    expect(t?.LocalSecondaryIndexes).toEqual([
      {
        IndexName: "AlbumTitleIndex",
        KeySchema: [
          { AttributeName: "Artist", KeyType: "HASH" },
          { AttributeName: "AlbumTitle", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["Genre", "Year"] },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${t?.TableArn}/index/AlbumTitleIndex`,
      },
    ]);
  });
});

describe.skipIf(!hasAws)("doubles as DynamoDB writes them", () => {
  it("put-item.rst Example 1: CapacityUnits and SizeEstimateRangeGB keep their .0", async () => {
    const name = tableName("MusicCollection");
    await h.client.send(new CreateTableCommand(musicCollection(name)));
    const item = { Artist: { S: "No One You Know" }, SongTitle: { S: "Call Me Today" }, AlbumTitle: { S: "Greatest Hits" } };
    const text = await awsText(
      "put-item",
      "--table-name",
      name,
      "--item",
      JSON.stringify(item),
      "--return-consumed-capacity",
      "TOTAL",
      "--return-item-collection-metrics",
      "SIZE",
    );
    expect(text).toMatch(/"CapacityUnits": \d+\.0\n/);
    expect(text).toContain('"SizeEstimateRangeGB": [\n            0.0,\n            1.0\n        ]');
  });

  it("batch-write-item.rst: INDEXES capacity 6.0 = table 3.0 + AlbumTitleIndex 3.0 for three puts, one metric per item collection", async () => {
    const name = tableName("MusicCollection");
    await h.client.send(new CreateTableCommand(musicCollection(name)));
    const put = (Artist: string, SongTitle: string, AlbumTitle: string) => ({
      PutRequest: { Item: { Artist: { S: Artist }, SongTitle: { S: SongTitle }, AlbumTitle: { S: AlbumTitle } } },
    });
    const requestItems = {
      [name]: [
        put("No One You Know", "Call Me Today", "Somewhat Famous"),
        put("Acme Band", "Happy Day", "Songs About Life"),
        put("No One You Know", "Scared of My Shadow", "Blue Sky Blues"),
      ],
    };
    const text = await awsText(
      "batch-write-item",
      "--request-items",
      JSON.stringify(requestItems),
      "--return-consumed-capacity",
      "INDEXES",
      "--return-item-collection-metrics",
      "SIZE",
    );
    // One metric per item collection written: two artists.
    const answer = JSON.parse(text) as { UnprocessedItems: object; ItemCollectionMetrics: Record<string, { ItemCollectionKey: unknown }[]> };
    expect(answer.UnprocessedItems).toEqual({});
    expect(answer.ItemCollectionMetrics[name]?.map((m) => m.ItemCollectionKey)).toEqual([{ Artist: { S: "No One You Know" } }, { Artist: { S: "Acme Band" } }]);
    expect(text).toContain('"CapacityUnits": 6.0,\n            "Table": {\n                "CapacityUnits": 3.0\n            }');
    expect(text).toContain('"AlbumTitleIndex": {\n                    "CapacityUnits": 3.0\n                }');
    expect(text).toContain('"SizeEstimateRangeGB": [\n                    0.0,\n                    1.0\n                ]');
  });
});

describe.skipIf(!hasAws)("transact-write-items.rst", () => {
  it("Example 1: an update moving an AlbumTitleIndex entry and a delete cost 10.0, the local index's share doubled too", async () => {
    const name = tableName("MusicCollection");
    await h.client.send(new CreateTableCommand(musicCollection(name)));
    const song = (Artist: string, SongTitle: string, AlbumTitle: string) => ({ PutRequest: { Item: { Artist: { S: Artist }, SongTitle: { S: SongTitle }, AlbumTitle: { S: AlbumTitle } } } });
    await h.client.send(
      new BatchWriteItemCommand({ RequestItems: { [name]: [song("No One You Know", "Call Me Today", "Somewhat Famous"), song("Acme Band", "Happy Day", "Songs About Life")] } }),
    );
    const transactItems = [
      {
        Update: {
          Key: { Artist: { S: "Acme Band" }, SongTitle: { S: "Happy Day" } },
          UpdateExpression: "SET AlbumTitle = :newval",
          ExpressionAttributeValues: { ":newval": { S: "Updated Album Title" } },
          TableName: name,
          ConditionExpression: "attribute_not_exists(Rating)",
        },
      },
      { Delete: { Key: { Artist: { S: "No One You Know" }, SongTitle: { S: "Call Me Today" } }, TableName: name, ConditionExpression: "attribute_not_exists(Rating)" } },
    ];
    const text = await awsText(
      "transact-write-items",
      "--transact-items",
      JSON.stringify(transactItems),
      "--return-consumed-capacity",
      "TOTAL",
      "--return-item-collection-metrics",
      "SIZE",
    );
    expect(text).toContain(`"TableName": "${name}",\n            "CapacityUnits": 10.0,\n            "WriteCapacityUnits": 10.0\n`);
    const answer = JSON.parse(text) as { ItemCollectionMetrics: Record<string, { ItemCollectionKey: { Artist: { S: string } } }[]> };
    expect(answer.ItemCollectionMetrics[name]?.map((m) => m.ItemCollectionKey.Artist.S).sort()).toEqual(["Acme Band", "No One You Know"]);
  });
});

describe("update-table.rst", () => {
  it("Example 1: a switch back to PROVISIONED answers the time the table last went on-demand", async () => {
    const name = tableName("MusicCollection");
    const { ProvisionedThroughput: _, ...onDemand } = musicCollection(name);
    await h.client.send(new CreateTableCommand({ ...onDemand, BillingMode: "PAY_PER_REQUEST" }));
    const { TableDescription: t } = await h.client.send(
      new UpdateTableCommand({ TableName: name, BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 15, WriteCapacityUnits: 10 } }),
    );
    expect(t?.TableStatus).toBe("UPDATING");
    expect(t?.ProvisionedThroughput).toMatchObject({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 15, WriteCapacityUnits: 10 });
    expect(t?.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect(t?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
  });
});

describe("restore-table-from-backup.rst and restore-table-to-point-in-time.rst", () => {
  /** create-table.rst Example 1's table (provisioned, no billing mode given). */
  async function provisionedTable(): Promise<string> {
    const name = tableName("MusicCollection");
    const { LocalSecondaryIndexes: _, AttributeDefinitions, ...plain } = musicCollection(name);
    await h.client.send(
      new CreateTableCommand({ ...plain, AttributeDefinitions: AttributeDefinitions?.slice(0, 2), ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
    );
    return name;
  }

  it("a table restored from a backup describes its PROVISIONED billing mode and its restore", async () => {
    const name = await provisionedTable();
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "MusicCollectionBackup" }));
    const { TableDescription: t } = await h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: `${name}2`, BackupArn: BackupDetails?.BackupArn }));
    expect(t).toMatchObject({
      TableName: `${name}2`,
      TableStatus: "CREATING",
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      TableSizeBytes: 0,
      ItemCount: 0,
      BillingModeSummary: { BillingMode: "PROVISIONED" },
      RestoreSummary: { SourceBackupArn: BackupDetails?.BackupArn, SourceTableArn: BackupDetails?.BackupArn?.split("/backup/")[0], RestoreInProgress: true },
    });
  });

  it("a table restored to a point in time describes its PROVISIONED billing mode too", async () => {
    const name = await provisionedTable();
    await h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    const { TableDescription: t } = await h.client.send(
      new RestoreTableToPointInTimeCommand({ SourceTableName: name, TargetTableName: `${name}Restore`, UseLatestRestorableTime: true }),
    );
    expect(t).toMatchObject({ TableStatus: "CREATING", BillingModeSummary: { BillingMode: "PROVISIONED" }, RestoreSummary: { RestoreInProgress: true } });
    expect(t?.RestoreSummary?.SourceTableArn).toBe(t?.TableArn?.replace(/Restore$/, ""));
  });
});

describe("update-contributor-insights.rst and describe-contributor-insights.rst", () => {
  it("answers ENABLING, then lists the rules PKC, SKC, PKT, SKT", async () => {
    const name = tableName("MusicCollection");
    await h.client.send(new CreateTableCommand(musicCollection(name)));
    const enabledAt = h.clock.now();
    const { $metadata: _, ...updated } = await h.client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: "ENABLE" }));
    expect(updated).toEqual({ TableName: name, ContributorInsightsStatus: "ENABLING" });
    h.clock.advance(1000);
    const described = await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }));
    expect(described.ContributorInsightsRuleList).toEqual(["PKC", "SKC", "PKT", "SKT"].map((kind) => `DynamoDBContributorInsights-${kind}-${name}-${enabledAt}`));
    expect(described).toMatchObject({ TableName: name, ContributorInsightsStatus: "ENABLED", ContributorInsightsMode: "ACCESSED_AND_THROTTLED_KEYS" });
    expect(described.LastUpdateDateTime?.getTime()).toBe(enabledAt);
  });
});
