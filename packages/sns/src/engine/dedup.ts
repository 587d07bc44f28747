import type { Clock } from "@sam-sandbox/core";
import { FIFO_DEDUP_WINDOW_MS } from "../limits.js";

export interface DedupEntry {
  messageId: string;
  sequenceNumber: string;
  expires: number;
}

/**
 * FIFO deduplication: a message whose deduplication ID a topic accepted in the last five
 * minutes (Clock time) is acknowledged again but not delivered. Kept in memory only.
 */
export class DedupWindow {
  private readonly topics = new Map<string, Map<string, DedupEntry>>();

  constructor(private readonly clock: Clock) {}

  seen(topicArn: string, dedupId: string): DedupEntry | undefined {
    const entries = this.topics.get(topicArn);
    if (!entries) return undefined;
    const now = this.clock.now();
    for (const [id, entry] of entries) {
      if (entry.expires > now) break; // insertion order is expiry order
      entries.delete(id);
    }
    return entries.get(dedupId);
  }

  remember(topicArn: string, dedupId: string, messageId: string, sequenceNumber: string): void {
    let entries = this.topics.get(topicArn);
    if (!entries) {
      entries = new Map();
      this.topics.set(topicArn, entries);
    }
    entries.set(dedupId, { messageId, sequenceNumber, expires: this.clock.now() + FIFO_DEDUP_WINDOW_MS });
  }

  forget(topicArn: string): void {
    this.topics.delete(topicArn);
  }
}
