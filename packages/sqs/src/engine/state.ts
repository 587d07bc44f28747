/**
 * SQS state: queues and their messages, persisted through the Store port as journal
 * records (one per change, receives included: a received message's visibility and count
 * survive a restart) and JSON snapshots.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { DEDUP_WINDOW_MS } from "../limits.js";

/** A message attribute as SendMessage takes it (BinaryValue as base64 text). */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

export interface Queue {
  name: string;
  arn: string;
  fifo: boolean;
  /** Attributes the user set (VisibilityTimeout, RedrivePolicy, …), as text. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Epoch ms. */
  created: number;
  lastModified: number;
  /** Last FIFO sequence number handed out. */
  sequence: number;
  /** Last PurgeQueue (epoch ms), 0 for none. */
  purgedAt: number;
}

export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, MessageAttribute>;
  md5OfMessageAttributes?: string;
  /** AWSTraceHeader, DeadLetterQueueSourceArn, SenderId. */
  system: Record<string, string>;
  /** Epoch ms the message was sent (retention counts from it, even in a dead-letter queue). */
  sentAt: number;
  /** Epoch ms from which it can be received (delay, visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt: number;
  /** The receipt handle of its latest receive ("" before one). */
  receipt: string;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
}

export interface QueueState {
  queue: Queue;
  /** In send order (FIFO order). */
  messages: Map<string, StoredMessage>;
  /** FIFO deduplication window: dedup id → when it ends (epoch ms) and the message it answers with. */
  dedup: Map<string, { until: number; messageId: string; sequenceNumber?: string }>;
}

export interface SqsState {
  queues: Map<string, QueueState>;
}

export interface ReceiveUpdate {
  id: string;
  receipt: string;
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt: number;
}

export type SqsRecord =
  | { t: "createQueue"; queue: Queue }
  | { t: "deleteQueue"; name: string }
  | { t: "setAttributes"; name: string; attributes: Record<string, string>; at: number }
  | { t: "tag"; name: string; tags: Record<string, string> }
  | { t: "untag"; name: string; keys: string[] }
  | { t: "send"; name: string; message: StoredMessage; sequence?: number }
  | { t: "receive"; name: string; updates: ReceiveUpdate[] }
  | { t: "delete"; name: string; ids: string[] }
  | { t: "visibility"; name: string; id: string; visibleAt: number }
  | { t: "purge"; name: string; at: number }
  /** A message moved to the dead-letter queue `to` (its id kept). */
  | { t: "move"; from: string; to: string; message: StoredMessage };

export function applyRecord(state: SqsState, record: SqsRecord): void {
  switch (record.t) {
    case "createQueue":
      state.queues.set(record.queue.name, { queue: record.queue, messages: new Map(), dedup: new Map() });
      return;
    case "deleteQueue":
      state.queues.delete(record.name);
      return;
    case "setAttributes": {
      const q = state.queues.get(record.name);
      if (!q) return;
      for (const [k, v] of Object.entries(record.attributes)) {
        if (v === "") delete q.queue.attributes[k];
        else q.queue.attributes[k] = v;
      }
      q.queue.lastModified = record.at;
      return;
    }
    case "tag": {
      const q = state.queues.get(record.name);
      if (q) Object.assign(q.queue.tags, record.tags);
      return;
    }
    case "untag": {
      const q = state.queues.get(record.name);
      if (q) for (const key of record.keys) delete q.queue.tags[key];
      return;
    }
    case "send": {
      const q = state.queues.get(record.name);
      if (!q) return;
      q.messages.set(record.message.id, record.message);
      if (record.sequence !== undefined) q.queue.sequence = record.sequence;
      if (record.message.dedupId !== undefined) {
        // Re-inserted at the end: the window stays in time order, so pruning reads it from the front.
        q.dedup.delete(record.message.dedupId);
        q.dedup.set(record.message.dedupId, {
          until: record.message.sentAt + DEDUP_WINDOW_MS,
          messageId: record.message.id,
          ...(record.message.sequenceNumber ? { sequenceNumber: record.message.sequenceNumber } : {}),
        });
      }
      return;
    }
    case "receive": {
      const q = state.queues.get(record.name);
      if (!q) return;
      for (const u of record.updates) {
        const m = q.messages.get(u.id);
        if (!m) continue;
        m.receipt = u.receipt;
        m.visibleAt = u.visibleAt;
        m.receiveCount = u.receiveCount;
        m.firstReceiveAt = u.firstReceiveAt;
      }
      return;
    }
    case "delete": {
      const q = state.queues.get(record.name);
      if (q) for (const id of record.ids) q.messages.delete(id);
      return;
    }
    case "visibility": {
      const m = state.queues.get(record.name)?.messages.get(record.id);
      if (m) m.visibleAt = record.visibleAt;
      return;
    }
    case "purge": {
      const q = state.queues.get(record.name);
      if (!q) return;
      q.messages.clear();
      // A purge also forgets FIFO deduplication ids (localstack test_purge_queue_clears_fifo_deduplication_cache, recorded on AWS).
      q.dedup.clear();
      q.queue.purgedAt = record.at;
      return;
    }
    case "move": {
      state.queues.get(record.from)?.messages.delete(record.message.id);
      state.queues.get(record.to)?.messages.set(record.message.id, record.message);
      return;
    }
  }
}

interface Snapshot {
  queues: Array<{ queue: Queue; messages: StoredMessage[]; dedup: Array<[string, { until: number; messageId: string; sequenceNumber?: string }]> }>;
}

export const sqsCodec: StateCodec<SqsState, SqsRecord> = {
  empty: () => ({ queues: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    const state: SqsState = { queues: new Map() };
    for (const q of snapshot.queues ?? []) {
      state.queues.set(q.queue.name, {
        queue: q.queue,
        messages: new Map(q.messages.map((m) => [m.id, m])),
        dedup: new Map(q.dedup),
      });
    }
    return state;
  },
  toSnapshot(state): Snapshot {
    return {
      queues: [...state.queues.values()].map((q) => ({ queue: q.queue, messages: [...q.messages.values()], dedup: [...q.dedup.entries()] })),
    };
  },
  apply: applyRecord,
};
