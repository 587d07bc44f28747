import type { AwsService, Clock, LambdaInvoker, Logger, Store } from "@sam-sandbox/core";
import { LogsEngine } from "./engine/engine.js";
import type { ExportTarget } from "./engine/exportTasks.js";
import { logsCodec, type LogsRecord, type LogsState } from "./engine/state.js";
import type { StreamTarget } from "./engine/subscriptions.js";
import { createLogsWire } from "./wire.js";

export { LogsEngine } from "./engine/engine.js";
export { compileFilterPattern } from "./engine/filterPattern.js";
export type { ExportTarget } from "./engine/exportTasks.js";
export type { StreamTarget } from "./engine/subscriptions.js";

export interface CloudWatchLogs {
  service: AwsService;
  engine: LogsEngine;
  /** Stops pending subscription deliveries, live tails and Insights queries running on their worker thread. */
  close(): void;
}

/** CloudWatch Logs on the edge (awsJson 1.1, Logs_20140328.*). */
export async function createLogs(options: {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Subscription filters with a Lambda destination invoke it through this port. */
  invoker?: LambdaInvoker;
  /** Real-time timers (subscription batching), unscaled by --time-scale; defaults to clock. */
  deadlines?: Clock;
  /** CreateExportTask writes here (S3); without it export tasks are refused. */
  exportTarget?: ExportTarget;
  /** Subscription filters with a Kinesis stream destination put their records through this port. */
  streams?: StreamTarget;
}): Promise<CloudWatchLogs> {
  const durable = await options.store.open<LogsState, LogsRecord>("logs", logsCodec);
  const engine = new LogsEngine(durable, options.clock, options.region, options.accountId, options.logger, options.invoker, options.deadlines, options.exportTarget, options.streams);
  const handle = createLogsWire(engine, options.logger);
  return {
    engine,
    close: () => {
      engine.subscriptions.close();
      engine.liveTail.close();
      engine.queries.close();
    },
    service: { name: "logs", route: { targetPrefixes: ["Logs_20140328"], signingNames: ["logs"] }, handle },
  };
}
