/** The checks every *Batch action makes before any entry runs, and the per-entry failure shape. */
import { AwsError } from "@sam-sandbox/core";
import { BatchEntryIdsNotDistinct, EmptyBatchRequest, InvalidBatchEntryId, TooManyEntriesInBatchRequest } from "../errors.js";
import * as L from "../limits.js";

const ENTRY_ID = /^[a-zA-Z0-9_-]+$/;

export interface BatchResultErrorEntry {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** `entryName`: "SendMessageBatchRequestEntry", … (EmptyBatchRequest's text names it). */
export function checkBatch(entries: ReadonlyArray<{ Id: string }>, entryName: string): void {
  if (entries.length === 0) throw new EmptyBatchRequest(entryName);
  if (entries.length > L.MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const { Id } of entries) {
    if (!ENTRY_ID.test(Id) || Id.length > L.MAX_BATCH_ENTRY_ID_LENGTH) throw new InvalidBatchEntryId();
    if (seen.has(Id)) throw new BatchEntryIdsNotDistinct(Id);
    seen.add(Id);
  }
}

/** Runs each entry; an AwsError becomes its Failed entry, anything else propagates. */
export async function runEntries<E extends { Id: string }, R>(
  entries: readonly E[],
  run: (entry: E) => Promise<R>,
): Promise<{ Successful: R[]; Failed: BatchResultErrorEntry[] }> {
  const Successful: R[] = [];
  const Failed: BatchResultErrorEntry[] = [];
  for (const entry of entries) {
    try {
      Successful.push(await run(entry));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: error.fault === "Sender", Code: error.code, Message: error.message });
    }
  }
  return { Successful, Failed };
}
