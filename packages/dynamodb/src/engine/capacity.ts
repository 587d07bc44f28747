/**
 * ConsumedCapacity, when a request asks for it (ReturnConsumedCapacity TOTAL or INDEXES):
 * a write unit per 1 KB written, a read unit per 4 KB read (half for eventually
 * consistent reads), as DynamoDB's developer guide ("Read/write capacity mode") counts.
 */
const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;

export function writeUnits(...sizes: number[]): number {
  let units = 1;
  for (const size of sizes) units = Math.max(units, Math.ceil(size / WRITE_UNIT_BYTES));
  return units;
}

export function readUnits(size: number, consistent: boolean | undefined): number {
  const units = Math.max(1, Math.ceil(size / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: { CapacityUnits: number };
}

export function consumed(mode: string | undefined, tableName: string, units: number): ConsumedCapacity | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  return mode === "INDEXES"
    ? { TableName: tableName, CapacityUnits: units, Table: { CapacityUnits: units } }
    : { TableName: tableName, CapacityUnits: units };
}
