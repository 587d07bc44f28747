import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "./helpers.js";
import { readAll, startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

const START = Date.UTC(2026, 0, 1);
const nowSeconds = (h: StreamsHarness) => Math.floor(h.clock.now() / 1000);

let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams({ clock: new VirtualClock(START) });
});
afterAll(async () => {
  await h.close();
});

async function ttlTable(options: { stream?: boolean } = {}): Promise<{ name: string; arn: string }> {
  const name = tableName("ttl");
  const { TableDescription } = await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      ...(options.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } } : {}),
    }),
  );
  await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } }));
  return { name, arn: TableDescription?.LatestStreamArn ?? "" };
}

async function ids(name: string): Promise<string[]> {
  const { Items } = await h.doc.send(new ScanCommand({ TableName: name }));
  return (Items ?? []).map((i) => String(i.id)).sort();
}

describe("Time to Live", () => {
  it("deletes expired items on the sweep every 30 seconds of clock time, and keeps the rest", async () => {
    const { name } = await ttlTable();
    const now = nowSeconds(h);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "past", expiresAt: now - 10 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "soon", expiresAt: now + 45 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "later", expiresAt: now + 3600 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "none" } }));

    // Expired but not yet deleted: still read, as on AWS.
    expect((await h.doc.send(new GetCommand({ TableName: name, Key: { id: "past" } }))).Item?.id).toBe("past");
    await h.clock.advance(30_000);
    expect(await ids(name)).toEqual(["later", "none", "soon"]);
    await h.clock.advance(30_000);
    expect(await ids(name)).toEqual(["later", "none"]);
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.ItemCount).toBe(2);
  });

  it("ignores TTL values that are not Numbers or are more than five years old", async () => {
    const { name } = await ttlTable();
    const now = nowSeconds(h);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "string", expiresAt: String(now - 10) } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "set", expiresAt: new Set([now - 10]) } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "ancient", expiresAt: now - 6 * 365 * 24 * 3600 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "expired", expiresAt: now - 1 } }));
    expect(await h.db.sweepExpiredItems()).toBe(1);
    expect(await ids(name)).toEqual(["ancient", "set", "string"]);
  });

  it("follows items as they are updated: a later expiry keeps them", async () => {
    const { name } = await ttlTable();
    const now = nowSeconds(h);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", expiresAt: now - 1 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", expiresAt: now + 1000 } }));
    expect(await h.db.sweepExpiredItems()).toBe(0);
    expect(await ids(name)).toEqual(["a"]);
  });

  it("answers DynamoDB's errors for a TTL that is already on", async () => {
    const { name } = await ttlTable();
    await expect(
      h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } })),
    ).rejects.toMatchObject({ name: "ValidationException", message: "TimeToLive is already enabled" });
    await expect(
      h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "other" } })),
    ).rejects.toMatchObject({ message: "TimeToLive is active on a different AttributeName: current AttributeName is expiresAt" });
  });

  it("stops deleting once TTL is disabled", async () => {
    const { name } = await ttlTable();
    // A TTL change waits out an hour after the previous one (API_UpdateTimeToLive).
    await h.clock.advance(60 * 60 * 1000);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", expiresAt: nowSeconds(h) - 1 } }));
    await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" } }));
    expect(await h.db.sweepExpiredItems()).toBe(0);
    expect(await ids(name)).toEqual(["a"]);
  });

  it("writes each deletion to the stream as a REMOVE by the DynamoDB service", async () => {
    const { name, arn } = await ttlTable({ stream: true });
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", expiresAt: nowSeconds(h) - 1 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "b" } }));
    await h.db.sweepExpiredItems();
    const records = await readAll(h.streams, arn);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "INSERT", "REMOVE"]);
    expect(records[2].userIdentity).toEqual({ Type: "Service", PrincipalId: "dynamodb.amazonaws.com" });
    expect(records[2].dynamodb?.OldImage?.id?.S).toBe("a");
    expect(records[0].userIdentity).toBeUndefined();
  });
});

describe("Time to Live durability", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("journals deletions, and indexes expiries again after a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-ttl-"));
    dirs.push(dir);
    const clock = new VirtualClock(START);
    const first = new FileStore({ dir, clock, idleCompactMs: 3_600_000 });
    const a = await startWithStreams({ store: first, clock, ttlSweeper: false });
    await a.client.send(
      new CreateTableCommand({
        TableName: "sessions",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    await a.client.send(new UpdateTimeToLiveCommand({ TableName: "sessions", TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }));
    const now = Math.floor(START / 1000);
    await a.doc.send(new PutCommand({ TableName: "sessions", Item: { id: "gone", ttl: now - 1 } }));
    await a.doc.send(new PutCommand({ TableName: "sessions", Item: { id: "next", ttl: now + 60 } }));
    expect(await a.db.sweepExpiredItems()).toBe(1);
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock });
    const b = await startWithStreams({ store: second, clock, ttlSweeper: false });
    try {
      expect((await b.doc.send(new ScanCommand({ TableName: "sessions" }))).Items?.map((i) => i.id)).toEqual(["next"]);
      await clock.advance(61_000);
      expect(await b.db.sweepExpiredItems()).toBe(1);
      expect((await b.doc.send(new ScanCommand({ TableName: "sessions" }))).Items).toEqual([]);
    } finally {
      await b.close();
      await second.close();
    }
  });
});
