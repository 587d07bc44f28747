/**
 * WarmThroughput at CreateTable as ScyllaDB's Alternator conformance tests pin it down
 * (scylladb/scylladb test/alternator/test_warm_throughput.py, written to pass against real
 * DynamoDB with --aws), through the real SDK v3 client. The Write variants were implemented by
 * symmetry with the recorded Read ones (engine/warmThroughput.ts); these tests hold them.
 */
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, onDemandTable, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

const INVALID = "ValidationException: One or more parameter values were invalid: ";

async function describedWarm(name: string) {
  return (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.WarmThroughput;
}

describe("CreateTable WarmThroughput (test_warm_throughput.py)", () => {
  // test_create_table_warm_throughput_one_unit[WriteUnitsPerSecond]: the unit left out is the 12000 baseline.
  it("fills the read units left out with the 12000 baseline when only the write units are given", async () => {
    const name = tableName("warm");
    await h.client.send(new CreateTableCommand(onDemandTable(name, { WarmThroughput: { WriteUnitsPerSecond: 4080 } })));
    expect(await describedWarm(name)).toEqual({ ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4080, Status: "ACTIVE" });
  });

  // test_create_table_warm_throughput_below_minimum[12000-3999-WriteUnitsPerSecond]: the refusal names the unit.
  it("refuses write units below the 4000 baseline naming WriteUnitsPerSecond, the read units at the baseline being accepted", async () => {
    const name = tableName("warm");
    expect(
      await failure(() => h.client.send(new CreateTableCommand(onDemandTable(name, { WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 3999 } })))),
    ).toBe(
      `${INVALID}Requested WriteUnitsPerSecond for WarmThroughput for table is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial`,
    );
    await h.client.send(new CreateTableCommand(onDemandTable(name, { WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000 } })));
    expect(await describedWarm(name)).toEqual({ ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: "ACTIVE" });
  });
});
