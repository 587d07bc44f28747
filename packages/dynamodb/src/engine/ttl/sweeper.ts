/**
 * Deletes expired items (Time to Live). AWS deletes them "within a few days"; the sandbox
 * looks every 30 seconds of clock time, so a VirtualClock or `sandbox time advance` expires
 * items promptly. Each deletion is journaled and, when the table has a stream, written as a
 * REMOVE record whose userIdentity names the DynamoDB service (TTL.html, "Streams").
 * Expired items not yet deleted are still returned by reads, as on AWS.
 */
import { PeriodicTask, type Logger } from "@sam-sandbox/core";
import { TTL_DELETES_PER_RECORD, TTL_SWEEP_INTERVAL_MS } from "../../limits.js";
import type { DynamoDbEngine } from "../engine.js";
import type { ItemWrite } from "../state.js";
import type { UserIdentity } from "../streams/store.js";

const TTL_IDENTITY: UserIdentity = { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" };

export class TtlSweeper {
  private readonly periodic: PeriodicTask<number>;

  constructor(
    private readonly engine: DynamoDbEngine,
    logger: Logger,
  ) {
    this.periodic = new PeriodicTask({
      clock: engine.options.clock,
      intervalMs: TTL_SWEEP_INTERVAL_MS,
      task: () => this.run(),
      onError: (error) => logger.error(`dynamodb: TTL sweep failed: ${String(error)}`),
    });
  }

  /** Sweeps every TTL_SWEEP_INTERVAL_MS of clock time until stop(). */
  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  /** Deletes every item expired by now; resolves with how many, once durable. */
  sweep(): Promise<number> {
    return this.periodic.run();
  }

  private async run(): Promise<number> {
    const { capture } = this.engine;
    let deleted = 0;
    for (const [name, { table, index }] of capture.ttl) {
      for (;;) {
        const now = this.engine.options.clock.now();
        // Synchronous from here to commit: the deletes and their stream records form one record.
        const keys = index.expired(now, TTL_DELETES_PER_RECORD);
        if (keys.length === 0 || this.engine.tables.get(name) !== table) break;
        const writes: ItemWrite[] = [];
        capture.identity = TTL_IDENTITY;
        try {
          for (const key of keys) {
            const entry = table.get(key);
            if (!entry) {
              index.update(key, undefined);
              continue;
            }
            const keyAttributes = table.keyAttributesOf(entry.item);
            table.write(key, entry, undefined);
            writes.push({ op: "delete", table: name, key: keyAttributes });
          }
        } finally {
          capture.identity = undefined;
        }
        if (writes.length === 0) continue;
        await this.engine.commit({ op: "writes", writes });
        deleted += writes.length;
      }
    }
    return deleted;
  }
}
