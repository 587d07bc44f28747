/**
 * Building stream records as DynamoDB writes them: INSERT, MODIFY or REMOVE with the images
 * the stream's view type asks for. A write that changes nothing writes no record ("If you
 * perform a PutItem or UpdateItem operation that does not change any data in an item,
 * DynamoDB Streams does not write a stream record for that operation", Streams.html).
 */
import { hex } from "@sam-sandbox/core";
import { itemSize } from "../items.js";
import type { AttributeValue, Item, Key } from "../types.js";
import type { StreamRecord, StreamViewType, UserIdentity } from "./store.js";

export interface RecordInput {
  keys: Key;
  oldItem: Item | undefined;
  newItem: Item | undefined;
  viewType: StreamViewType;
  sequenceNumber: string;
  nowMs: number;
  region: string;
  identity?: UserIdentity;
}

export function streamRecord(input: RecordInput): StreamRecord {
  const { keys, oldItem, newItem, viewType } = input;
  const withNew = newItem !== undefined && (viewType === "NEW_IMAGE" || viewType === "NEW_AND_OLD_IMAGES");
  const withOld = oldItem !== undefined && (viewType === "OLD_IMAGE" || viewType === "NEW_AND_OLD_IMAGES");
  // SizeBytes is the DynamoDB size of Keys plus the images carried (AWS's Lambda sample events add up so).
  let size = itemSize(keys);
  if (withNew) size += itemSize(newItem);
  if (withOld) size += itemSize(oldItem);
  const record: StreamRecord = {
    eventID: hex(16),
    eventName: oldItem === undefined ? "INSERT" : newItem === undefined ? "REMOVE" : "MODIFY",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: input.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(input.nowMs / 1000),
      Keys: keys,
      ...(withNew ? { NewImage: newItem } : {}),
      ...(withOld ? { OldImage: oldItem } : {}),
      SequenceNumber: input.sequenceNumber,
      SizeBytes: Math.max(1, size),
      StreamViewType: viewType,
    },
  };
  if (input.identity) record.userIdentity = input.identity;
  return record;
}

/** True when two items hold the same data (set members compared as sets, as DynamoDB does). */
export function sameItem(a: Item, b: Item): boolean {
  if (a === b) return true;
  let count = 0;
  for (const name in a) {
    const other = b[name];
    if (other === undefined || !sameValue(a[name], other)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  if (a === b) return true;
  if ("S" in a) return "S" in b && a.S === b.S;
  if ("N" in a) return "N" in b && a.N === b.N;
  if ("B" in a) return "B" in b && a.B === b.B;
  if ("BOOL" in a) return "BOOL" in b && a.BOOL === b.BOOL;
  if ("NULL" in a) return "NULL" in b;
  if ("SS" in a) return "SS" in b && sameSet(a.SS, b.SS);
  if ("NS" in a) return "NS" in b && sameSet(a.NS, b.NS);
  if ("BS" in a) return "BS" in b && sameSet(a.BS, b.BS);
  if ("L" in a) return "L" in b && a.L.length === b.L.length && a.L.every((v, i) => sameValue(v, b.L[i]));
  return "M" in b && sameItem(a.M, b.M);
}

function sameSet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  return b.every((v) => members.has(v));
}
