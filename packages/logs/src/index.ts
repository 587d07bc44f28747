import type { AwsService, Clock, Logger, Store } from "@sam-sandbox/core";
import { LogsEngine } from "./engine/engine.js";
import { logsCodec, type LogsRecord, type LogsState } from "./engine/state.js";
import { createLogsWire } from "./wire.js";

export { LogsEngine } from "./engine/engine.js";
export { compileFilterPattern } from "./engine/filterPattern.js";

export interface CloudWatchLogs {
  service: AwsService;
  engine: LogsEngine;
}

/** CloudWatch Logs on the edge (awsJson 1.1, Logs_20140328.*). */
export async function createLogs(options: { store: Store; clock: Clock; logger: Logger; region: string; accountId: string }): Promise<CloudWatchLogs> {
  const durable = await options.store.open<LogsState, LogsRecord>("logs", logsCodec);
  const engine = new LogsEngine(durable, options.clock, options.region, options.accountId, options.logger);
  const handle = createLogsWire(engine, options.logger);
  return {
    engine,
    service: { name: "logs", route: { targetPrefixes: ["Logs_20140328"], signingNames: ["logs"] }, handle },
  };
}
