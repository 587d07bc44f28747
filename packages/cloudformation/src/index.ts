import { silentLogger, type AwsService, type Clock, type Logger, type Store } from "@sam-sandbox/core";
import { CloudFormationEngine, stackFingerprint } from "./engine/engine.js";
import type { StackConfig, StackHistory } from "./engine/types.js";
import { createCloudFormationWire } from "./wire.js";

export { CloudFormationEngine, stackFingerprint } from "./engine/engine.js";
export type { StackConfig, StackHistory, StackStatus } from "./engine/types.js";
export * from "./errors.js";

export interface CloudFormationOptions {
  clock: Clock;
  /** Keeps each stack's creation and last-update times across restarts. */
  store: Store;
  logger?: Logger;
  /** The stacks the sandbox runs (its template's), as plain data. */
  stacks: StackConfig[];
  /** When the stacks were deployed (the sandbox's start); default now. */
  deployedAt?: number;
}

export interface CloudFormation {
  engine: CloudFormationEngine;
  /** Routed on the edge by the SigV4 signing name "cloudformation". */
  service: AwsService;
}

interface HistoryState {
  stacks: Record<string, StackHistory>;
}

interface HistoryRecord {
  stackName: string;
  history: StackHistory;
}

/**
 * CloudFormation's read API (DescribeStacks, ListStackResources, GetTemplate, …) over the
 * stacks the sandbox runs. A stack is CREATE_COMPLETE when first run; run again from a changed
 * template or parameters it is UPDATE_COMPLETE, with its LastUpdatedTime, as after a deploy.
 */
export async function createCloudFormation(options: CloudFormationOptions): Promise<CloudFormation> {
  const engine = new CloudFormationEngine();
  const durable = await options.store.open<HistoryState, HistoryRecord>("cloudformation", {
    empty: () => ({ stacks: {} }),
    fromSnapshot: (json) => json as HistoryState,
    toSnapshot: (state) => state,
    apply: (state, record) => {
      state.stacks[record.stackName] = record.history;
    },
  });
  const now = options.deployedAt ?? options.clock.now();
  for (const config of options.stacks) {
    const fingerprint = stackFingerprint(config);
    const before = Object.hasOwn(durable.state.stacks, config.stackName) ? durable.state.stacks[config.stackName] : undefined;
    const history: StackHistory = !before
      ? { creationTime: now, fingerprint }
      : before.fingerprint === fingerprint
        ? before
        : { creationTime: before.creationTime, lastUpdatedTime: now, fingerprint };
    if (history !== before) {
      durable.state.stacks[config.stackName] = history;
      await durable.commit({ stackName: config.stackName, history });
    }
    engine.setStack(config, history);
  }
  const handle = createCloudFormationWire(engine, options.logger ?? silentLogger);
  return { engine, service: { name: "cloudformation", route: { signingNames: ["cloudformation"] }, handle } };
}
