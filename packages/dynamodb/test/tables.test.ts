import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTimeToLiveCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

const simple = (name: string): CreateTableCommandInput => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
});

describe("CreateTable", () => {
  it("returns the table description DynamoDB returns", async () => {
    const name = tableName();
    const { TableDescription: t } = await h.client.send(new CreateTableCommand(simple(name)));
    expect(t).toMatchObject({
      TableName: name,
      TableStatus: "CREATING",
      TableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`,
      ItemCount: 0,
      TableSizeBytes: 0,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
      DeletionProtectionEnabled: false,
    });
    expect(t?.BillingModeSummary).toEqual({ BillingMode: "PAY_PER_REQUEST" });
    expect(t?.TableId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t?.CreationDateTime).toEqual(new Date(Date.UTC(2026, 0, 1)));
  });

  it("describes streams, table class and indexes", async () => {
    const name = tableName();
    const { TableDescription: t } = await h.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
          { AttributeName: "g", AttributeType: "S" },
          { AttributeName: "l", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
        GlobalSecondaryIndexes: [
          {
            IndexName: "byG",
            KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
            Projection: { ProjectionType: "KEYS_ONLY" },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "byL",
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "l", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["x"] },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        TableClass: "STANDARD_INFREQUENT_ACCESS",
      }),
    );
    expect(t?.ProvisionedThroughput).toEqual({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 6 });
    expect(t?.BillingModeSummary).toBeUndefined();
    expect(t?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: "byG",
      IndexStatus: "CREATING",
      IndexArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/index/byG`,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      ItemCount: 0,
      IndexSizeBytes: 0,
    });
    expect(t?.LocalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byL", ItemCount: 0 });
    expect(t?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(t?.LatestStreamLabel).toBe("2026-01-01T00:00:00.000");
    expect(t?.LatestStreamArn).toBe(`${t?.TableArn}/stream/2026-01-01T00:00:00.000`);
    expect(t?.TableClassSummary).toEqual({ TableClass: "STANDARD_INFREQUENT_ACCESS" });
  });

  it("refuses an existing table with ResourceInUseException", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    await expect(h.client.send(new CreateTableCommand(simple(name)))).rejects.toMatchObject({
      name: "ResourceInUseException",
      message: `Table already exists: ${name}`,
    });
  });

  it("checks the key schema against the attribute definitions", async () => {
    await expect(
      h.client.send(
        new CreateTableCommand({
          ...simple(tableName()),
          AttributeDefinitions: [
            { AttributeName: "id", AttributeType: "S" },
            { AttributeName: "extra", AttributeType: "S" },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    });
    await expect(
      h.client.send(new CreateTableCommand({ ...simple(tableName()), BillingMode: undefined })),
    ).rejects.toMatchObject({
      message:
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    });
  });

  it("validates the request against AWS's model", async () => {
    await expect(h.client.send(new CreateTableCommand({ ...simple("ab") }))).rejects.toMatchObject({
      name: "ValidationException",
    });
  });
});

describe("DescribeTable", () => {
  it("names the missing table", async () => {
    await expect(h.client.send(new DescribeTableCommand({ TableName: "nope-table" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Requested resource not found: Table: nope-table not found",
    });
  });

  it("counts items and bytes", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "a" }, n: { N: "12" } } }));
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.ItemCount).toBe(1);
    // "id" 2 + "a" 1 + "n" 1 + the number 12 (two digits: 2 bytes)
    expect(Table?.TableSizeBytes).toBe(6);
  });
});

describe("ListTables", () => {
  it("pages with Limit and ExclusiveStartTableName", async () => {
    const prefix = `list-${Math.random().toString(36).slice(2, 6)}`;
    const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const name of names) await h.client.send(new CreateTableCommand(simple(name)));
    const all = (await h.client.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(all).toEqual([...all].sort());
    const start = all.indexOf(names[0]);
    const page = await h.client.send(new ListTablesCommand({ ExclusiveStartTableName: all[start - 1], Limit: 2 }));
    expect(page.TableNames).toEqual(names.slice(0, 2));
    expect(page.LastEvaluatedTableName).toBe(names[1]);
    const last = await h.client.send(new ListTablesCommand({ ExclusiveStartTableName: all[all.length - 2], Limit: 2 }));
    expect(last.LastEvaluatedTableName).toBeUndefined();
  });
});

describe("DeleteTable", () => {
  it("deletes and describes the table as DELETING", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const { TableDescription } = await h.client.send(new DeleteTableCommand({ TableName: name }));
    expect(TableDescription?.TableStatus).toBe("DELETING");
    await expect(h.client.send(new DescribeTableCommand({ TableName: name }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(h.client.send(new DeleteTableCommand({ TableName: name }))).rejects.toMatchObject({
      message: `Requested resource not found: Table: ${name} not found`,
    });
  });

  it("refuses a table protected against deletion", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand({ ...simple(name), DeletionProtectionEnabled: true }));
    await expect(h.client.send(new DeleteTableCommand({ TableName: name }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    });
    await h.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    await h.client.send(new DeleteTableCommand({ TableName: name }));
  });
});

describe("UpdateTable", () => {
  it("switches billing modes and throughput", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const provisioned = await h.client.send(
      new UpdateTableCommand({
        TableName: name,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      }),
    );
    expect(provisioned.TableDescription?.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect(provisioned.TableDescription?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
    await expect(
      h.client.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^The provisioned throughput for the table will not change/) });
    const lowered = await h.client.send(
      new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
    );
    // The answer still counts the decreases before this one (dynalite test/updateTable.js, recorded against DynamoDB).
    expect(lowered.TableDescription?.ProvisionedThroughput?.NumberOfDecreasesToday).toBe(0);
    const described = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(described.Table?.ProvisionedThroughput?.NumberOfDecreasesToday).toBe(1);
  });

  it("creates a global secondary index over existing items and deletes it", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "1" }, color: { S: "red" } } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "2" }, color: { N: "5" } } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "3" } } }));
    const created = await h.client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "color", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: "byColor",
              KeySchema: [{ AttributeName: "color", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          },
        ],
      }),
    );
    expect(created.TableDescription?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byColor", ItemCount: 1 });
    expect(created.TableDescription?.AttributeDefinitions).toContainEqual({ AttributeName: "color", AttributeType: "S" });
    const found = await h.client.send(
      new QueryCommand({
        TableName: name,
        IndexName: "byColor",
        KeyConditionExpression: "color = :c",
        ExpressionAttributeValues: { ":c": { S: "red" } },
      }),
    );
    expect(found.Items).toEqual([{ id: { S: "1" }, color: { S: "red" } }]);
    await expect(
      h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "4" }, color: { N: "1" } } })),
    ).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Type mismatch for Index Key color Expected: S Actual: N IndexName: byColor",
    });
    await h.client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byColor" } }] }));
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
    await expect(
      h.client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byColor" } }] })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses an empty update and two index changes at once", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    await expect(h.client.send(new UpdateTableCommand({ TableName: name }))).rejects.toMatchObject({
      message:
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required",
    });
    await expect(
      h.client.send(
        new UpdateTableCommand({
          TableName: name,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "one" } }, { Delete: { IndexName: "two" } }],
        }),
      ),
    ).rejects.toMatchObject({ name: "LimitExceededException" });
  });
});

describe("Time to live and tags", () => {
  it("records the TTL setting", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    expect((await h.client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: "DISABLED" });
    const updated = await h.client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } }),
    );
    expect(updated.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "expires" });
    expect((await h.client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expires",
    });
    await expect(
      h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } })),
    ).rejects.toMatchObject({ message: "TimeToLive is already enabled" });
  });

  it("tags a table by ARN", async () => {
    const name = tableName();
    const { TableDescription } = await h.client.send(new CreateTableCommand({ ...simple(name), Tags: [{ Key: "team", Value: "a" }] }));
    const arn = TableDescription?.TableArn ?? "";
    await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "env", Value: "dev" }, { Key: "team", Value: "b" }] }));
    await h.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["env"] }));
    expect((await h.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "team", Value: "b" }]);
    await expect(
      h.client.send(new ListTagsOfResourceCommand({ ResourceArn: "arn:aws:dynamodb:us-east-1:000000000000:table/missing" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
