import { ValidationException } from "../errors.js";
import { TTL_CHANGE_COOLDOWN_MS } from "../limits.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { UpdateTimeToLiveInput } from "./shapes.js";

export function describeTimeToLive(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  const ttl = table.meta.TimeToLive;
  return {
    TimeToLiveDescription: ttl?.Enabled ? { TimeToLiveStatus: "ENABLED", AttributeName: ttl.AttributeName } : { TimeToLiveStatus: "DISABLED" },
  };
}

/** Records the TTL setting; engine/ttl/sweeper.ts deletes the expired items. */
export async function updateTimeToLive(engine: DynamoDbEngine, input: UpdateTimeToLiveInput) {
  const tableName = required(input.TableName, "tableName");
  const spec = required(input.TimeToLiveSpecification, "timeToLiveSpecification");
  // An empty AttributeName fails the model's length check in validation.ts, before the table is looked
  // up: "...at 'timeToLiveSpecification.attributeName'...length..." (Alternator's test_update_ttl_errors,
  // run against DynamoDB since 2021; dynalite recorded "TimeToLiveSpecification.AttributeName must be
  // non empty" when TTL was new, in 2017).
  const table = engine.table(tableName, { nameInMessage: true });
  const enabled = table.meta.TimeToLive?.Enabled === true;
  // Texts recorded from DynamoDB (ack-api-quirks, UpdateTimeToLive no-op re-sends).
  const current = table.meta.TimeToLive?.AttributeName;
  // Disabling names the enabled attribute too (Alternator's test_ttl_disable_errors, run against DynamoDB).
  if (enabled && current !== spec.AttributeName) {
    throw new ValidationException(`TimeToLive is active on a different AttributeName: current AttributeName is ${current}`);
  }
  if (spec.Enabled && enabled) throw new ValidationException("TimeToLive is already enabled");
  if (!spec.Enabled && !enabled) throw new ValidationException("TimeToLive is already disabled");
  // The cooldown is checked after the content checks above (ack-api-quirks DDB-TABLE-143, text recorded live in 2026).
  const now = engine.options.clock.now();
  const changedAt = table.meta.TimeToLive?.ChangedAt;
  if (changedAt !== undefined && now - changedAt < TTL_CHANGE_COOLDOWN_MS) {
    throw new ValidationException("Time to live has been modified multiple times within a fixed interval");
  }
  await engine.saveMeta({ ...table.meta, TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled, ChangedAt: now } });
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
